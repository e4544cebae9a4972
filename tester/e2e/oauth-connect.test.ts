import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type BetterSqlite3 from "better-sqlite3";
import type { Locator, Request } from "playwright";
import { startMockOAuth, type MockOAuthServer } from "../mock-oauth/mock-oauth-server";
import { describeViolations, findSeriousViolations, saveScreenshots, startDashboard, type Dashboard } from "./harness";

// The Providers page's sign-in dialog against the real server, whose OAuth flows point at the mock OAuth servers
// (tester/mock-oauth, on 127.0.0.1) through OMNIROUTE_OAUTH_OVERRIDES: Kiro's choice of login method reaching
// `authorize {identityProvider}` and `device-code {label}`, device logins (code, link, copy buttons, live status,
// expiry, a new code), the shutdown notices, and Cursor's token import (this machine, or pasted with a machine id).

/** Loopback listener ports the overrides name (never opened here: no Claude, Codex or iFlow login is started). */
const CC_CALLBACK_PORT = 21711;
const CX_CALLBACK_PORT = 21712;
const IF_CALLBACK_PORT = 21713;
const Database = createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;
const jwt = (payload: object) => `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.c2lnbmF0dXJl`;

let mock: MockOAuthServer;
let dashboard: Dashboard;
/** XDG_CONFIG_HOME of the server: Cursor's state database is looked for under it (empty until a test writes one). */
let cursorConfigHome: string;

before(async () => {
  mock = await startMockOAuth();
  // No wait between polls unless the server asks for one (the page still polls at most once a second).
  for (const server of ["github", "qwen", "aws"] as const) mock.subscription.setDeviceInterval(server, 0);
  cursorConfigHome = mkdtempSync(join(tmpdir(), "omniroute-e2e-cursor-"));
  dashboard = await startDashboard({
    config: { server: { requireApiKey: false } },
    env: {
      OMNIROUTE_OAUTH_OVERRIDES: JSON.stringify(mock.overrides({ ccCallbackPort: CC_CALLBACK_PORT, cxCallbackPort: CX_CALLBACK_PORT, ifCallbackPort: IF_CALLBACK_PORT })),
      XDG_CONFIG_HOME: cursorConfigHome,
    },
  });
  await dashboard.login();
});

after(async () => {
  await dashboard?.stop();
  await mock?.close();
  if (cursorConfigHome) rmSync(cursorConfigHome, { recursive: true, force: true });
});

/** Opens the Providers page afresh (capabilities are read at page load) and the sign-in dialog of one provider. */
async function openSignIn(displayName: string): Promise<Locator> {
  const { page, baseUrl } = dashboard;
  await page.goto(`${baseUrl}/dashboard/providers`);
  await page.getByRole("button", { name: `Sign in to ${displayName}`, exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("heading", { name: `Sign in to ${displayName}` }).waitFor();
  return dialog;
}

async function expectNoSeriousViolations(context: string): Promise<void> {
  const violations = await findSeriousViolations(dashboard.page);
  assert.equal(violations.length, 0, `${context}:\n${describeViolations(violations)}`);
}

/** The JSON body of the next browser request to this OAuth action. */
function nextRequestBody(provider: string, action: string): Promise<unknown> {
  return dashboard.page
    .waitForRequest((request: Request) => request.method() === "POST" && new URL(request.url()).pathname === `/api/oauth/${provider}/${action}`)
    .then((request) => request.postDataJSON() as unknown);
}

async function connectionsOf(provider: string): Promise<{ name: string; identity: { email: string | null; accountId: string | null } }[]> {
  const status = await dashboard.api("GET", `/api/oauth/${provider}/status`);
  assert.equal(status.status, 200, JSON.stringify(status.json));
  return (status.json as { connections: { name: string; identity: { email: string | null; accountId: string | null } }[] }).connections;
}

describe("OAuth sign-in dialog", () => {
  it("Kiro: offers AWS Builder ID, Google and GitHub; GitHub reaches authorize as its identity provider, and the pasted kiro:// link connects", async () => {
    const { page, context } = dashboard;
    mock.loginAs({ email: "kiro-social-e2e@example.com", accountId: "kiro-social-e2e" });
    const dialog = await openSignIn("Kiro (AWS)");
    assert.ok(await dialog.getByRole("radio", { name: /^AWS Builder ID/ }).isChecked(), "the device login is the default");
    assert.ok(await dialog.getByRole("radio", { name: /^Google/ }).isVisible());
    await dialog.getByRole("radio", { name: /^GitHub/ }).check();
    assert.equal(await dialog.getByLabel("Account name (optional)").count(), 0, "the name field belongs to the device login");
    await saveScreenshots(page, "oauth-kiro-methods", { fullPage: false });
    await expectNoSeriousViolations("Kiro's method picker");

    // The sign-in tab would end on the kiro:// app link, which no browser here can open: the mock's login page is
    // answered in the browser, and the test follows the same URL itself to get the link the user would copy.
    let consentUrl = "";
    await context.route(`${mock.url}/kiro-auth/login**`, (route) => {
      consentUrl = route.request().url();
      return route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Kiro sign-in</title>" });
    });
    const authorizeBody = nextRequestBody("kr", "authorize");
    const popup = context.waitForEvent("page");
    await dialog.getByRole("button", { name: "Continue with GitHub" }).click();
    await (await popup).close();
    assert.deepEqual(await authorizeBody, { mode: "auto", identityProvider: "Github" });
    assert.equal(new URL(consentUrl).searchParams.get("idp"), "Github", "the server built the GitHub login");
    await context.unrouteAll();

    const consent = await fetch(consentUrl, { redirect: "manual" });
    const appLink = consent.headers.get("location") ?? "";
    assert.match(appLink, /^kiro:\/\/kiro\.kiroAgent\/authenticate-success\?code=/, `status ${consent.status}`);
    await dialog.getByText(/hands the login to an app link/).waitFor();
    await dialog.getByLabel(/Paste the address the browser ended on/).fill(appLink);
    await dialog.getByRole("button", { name: "Finish sign-in" }).click();
    await dialog.getByText("Kiro (AWS) is connected", { exact: true }).waitFor({ timeout: 20_000 });
    const connections = await connectionsOf("kr");
    assert.deepEqual(
      connections.map((connection) => connection.identity.email),
      ["kiro-social-e2e@example.com"],
    );
    await dialog.getByRole("button", { name: "Close" }).click();
  });

  it("Kiro: AWS Builder ID sends the account name, shows the code and link with copy buttons, and completes against the mock", async () => {
    const { page } = dashboard;
    mock.loginAs({ email: "kiro-builder-e2e@example.com", accountId: "d-kiro-builder-e2e" });
    mock.subscription.scriptDevice("aws", ["authorization_pending", "approve"]);
    const dialog = await openSignIn("Kiro (AWS)");
    await dialog.getByRole("radio", { name: /^AWS Builder ID/ }).check();
    await dialog.getByLabel("Account name (optional)").fill("kiro-builder");
    const deviceBody = nextRequestBody("kr", "device-code");
    await dialog.getByRole("button", { name: "Continue with AWS Builder ID" }).click();
    assert.deepEqual(await deviceBody, { label: "kiro-builder" });
    assert.equal(await dialog.getByTestId("device-user-code").textContent(), "AWSM-OCKS");
    const link = dialog.getByTestId("device-verification-uri");
    assert.equal(await link.textContent(), `${mock.url}/aws/device`);
    assert.equal(await link.getAttribute("href"), `${mock.url}/aws/device?user_code=AWSM-OCKS`, "the link with the code filled in");
    assert.ok(await dialog.getByRole("button", { name: "Copy code to clipboard" }).isVisible());
    assert.ok(await dialog.getByRole("button", { name: "Copy link to clipboard" }).isVisible());
    await dialog.getByText("Kiro (AWS) is connected", { exact: true }).waitFor({ timeout: 20_000 });
    assert.ok(mock.requests.some((request) => request.path === "/aws/client/register"), "the AWS client was registered");
    const emails = (await connectionsOf("kr")).map((connection) => connection.identity.email);
    assert.ok(emails.includes("kiro-builder-e2e@example.com"), JSON.stringify(emails));
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
  });

  it("Qwen Code: shows the shutdown notice, takes an account name, shows the code with live status until connected", async () => {
    const { page } = dashboard;
    mock.subscription.scriptDevice("qwen", ["authorization_pending", "authorization_pending", "approve"]);
    const dialog = await openSignIn("Qwen Code");
    assert.match((await dialog.getByTestId("oauth-provider-notice").textContent()) ?? "", /2026-04-15/);
    await dialog.getByLabel("Account name (optional)").fill("e2e-qwen");
    const deviceBody = nextRequestBody("qw", "device-code");
    await dialog.getByRole("button", { name: "Sign in with a device code" }).click();
    assert.deepEqual(await deviceBody, { label: "e2e-qwen" });
    assert.equal(await dialog.getByTestId("device-user-code").textContent(), "QWEN-MOCK");
    assert.equal(await dialog.getByTestId("device-verification-uri").textContent(), `${mock.url}/qwen/authorize`);
    await dialog.getByText("Waiting for you to approve the sign-in…").waitFor();
    await dialog.getByText(/The code expires in \d+m \d\ds/).waitFor();
    await saveScreenshots(page, "oauth-qwen-device", { fullPage: false });
    await expectNoSeriousViolations("the device code step");
    await dialog.getByText("Qwen Code is connected", { exact: true }).waitFor({ timeout: 20_000 });
    await dialog.getByText("Account “Qwen Code e2e-qwen” was added.").waitFor();
    assert.deepEqual(
      (await connectionsOf("qw")).map((connection) => connection.name),
      ["Qwen Code e2e-qwen"],
    );
    await dialog.getByRole("button", { name: "Close" }).click();
  });

  it("GitHub Copilot: an expired code says so and a new code completes the login", async () => {
    mock.loginAs({ email: "octo-e2e@example.com", accountId: "4343", plan: "copilot_individual" });
    mock.subscription.scriptDevice("github", ["expired_token"]);
    const dialog = await openSignIn("GitHub Copilot");
    await dialog.getByRole("button", { name: "Sign in with a device code" }).click();
    assert.equal(await dialog.getByTestId("device-user-code").textContent(), "GHMO-CK42");
    await dialog.getByText("The code expired before the sign-in was approved.").waitFor({ timeout: 20_000 });
    assert.equal(await dialog.getByText("Waiting for you to approve the sign-in…").count(), 0, "polling stopped");
    await expectNoSeriousViolations("an expired device code");
    mock.subscription.scriptDevice("github", ["approve"]);
    await dialog.getByRole("button", { name: "Get a new code" }).click();
    await dialog.getByText("GitHub Copilot is connected", { exact: true }).waitFor({ timeout: 20_000 });
    assert.equal((await connectionsOf("gh")).length, 1);
    await dialog.getByRole("button", { name: "Close" }).click();
  });

  it("Codex: the device login sits beside the browser login, with its own account name field", async () => {
    const { page } = dashboard;
    const dialog = await openSignIn("Codex (ChatGPT Plus/Pro)");
    assert.ok(await dialog.getByRole("button", { name: "Sign in with Codex (ChatGPT Plus/Pro) in the browser" }).isVisible());
    assert.ok(await dialog.getByLabel("Account name (optional)").isVisible());
    assert.ok(await dialog.getByRole("button", { name: "Sign in with a device code" }).isVisible());
    assert.equal(await dialog.getByTestId("oauth-provider-notice").count(), 0, "Codex has no notice");
    await saveScreenshots(page, "oauth-codex-choose", { fullPage: false });
    await expectNoSeriousViolations("the list of logins");
    await dialog.getByRole("button", { name: "Close" }).click();
  });

  it("iFlow: shows that the service was shut down upstream", async () => {
    const dialog = await openSignIn("iFlow");
    assert.match((await dialog.getByTestId("oauth-provider-notice").textContent()) ?? "", /stopped service on 2026-04-17/);
    assert.ok(await dialog.getByRole("button", { name: "Sign in with iFlow in the browser" }).isVisible());
    await dialog.getByRole("button", { name: "Close" }).click();
  });

  it("Cursor: no install on this machine is said plainly; a pasted token with a machine id connects; then the install imports", async () => {
    const { page } = dashboard;
    const dialog = await openSignIn("Cursor");
    await dialog.getByTestId("cursor-local-missing").waitFor();
    await dialog.getByRole("button", { name: "Import from this machine" }).click();
    await dialog.getByText(/No Cursor install was found on the server's machine.*Paste the token below instead\./).waitFor();
    await saveScreenshots(page, "oauth-cursor-import", { fullPage: false });
    await expectNoSeriousViolations("Cursor's import");

    const pastedToken = jwt({ sub: "auth0|user_E2E_PASTED", exp: Math.floor(Date.now() / 1000) + 3600 });
    await dialog.getByLabel("Access token").fill(pastedToken);
    await dialog.getByLabel("Machine id (optional)").fill("e2e-machine-id");
    const importBody = nextRequestBody("cu", "import");
    await dialog.getByRole("button", { name: "Import token" }).click();
    assert.deepEqual(await importBody, { content: { accessToken: pastedToken, machineId: "e2e-machine-id" } });
    await dialog.getByText("Cursor is connected", { exact: true }).waitFor({ timeout: 20_000 });
    assert.deepEqual(
      (await connectionsOf("cu")).map((connection) => connection.identity.accountId),
      ["auth0|user_E2E_PASTED"],
    );
    await dialog.getByRole("button", { name: "Close" }).click();

    const folder = join(cursorConfigHome, "Cursor", "User", "globalStorage");
    mkdirSync(folder, { recursive: true });
    const database = new Database(join(folder, "state.vscdb"));
    database.exec("CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)");
    const insert = database.prepare("INSERT INTO ItemTable (key, value) VALUES (?, ?)");
    insert.run("cursorAuth/accessToken", jwt({ sub: "auth0|user_E2E_LOCAL", exp: Math.floor(Date.now() / 1000) + 3600 }));
    insert.run("cursorAuth/cachedEmail", "cursor-local-e2e@example.com");
    insert.run("storage.serviceMachineId", "e2e-local-machine");
    database.close();

    const again = await openSignIn("Cursor");
    assert.equal(await again.getByTestId("cursor-local-missing").count(), 0, "the install is found now");
    await again.getByRole("button", { name: "Import from this machine" }).click();
    await again.getByText("Cursor is connected", { exact: true }).waitFor({ timeout: 20_000 });
    const emails = (await connectionsOf("cu")).map((connection) => connection.identity.email);
    assert.ok(emails.includes("cursor-local-e2e@example.com"), JSON.stringify(emails));
    await again.getByRole("button", { name: "Close" }).click();
  });

  it("printed no console errors (but the 404 the Cursor test provoked on purpose)", () => {
    assert.deepEqual(dashboard.console.unexpected([/404 \(Not Found\) \[[^\]]*\/api\/oauth\/cu\/import\]/]), []);
  });
});
