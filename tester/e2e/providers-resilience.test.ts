import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { saveScreenshots, startDashboard, type Dashboard } from "./harness";

// Connecting providers through the Providers page (a custom OpenAI-compatible endpoint at the mock, and a
// built-in API-key provider whose key is checked before it is saved), then tripping the mock's breaker with
// real /v1 traffic and resetting it from the Resilience page.
let dashboard: Dashboard;
/** An OpenAI-style `GET /v1/models` that refuses any key containing "refused" (401) and lists one model otherwise. */
let keyChecker: Server;
let keyCheckerUrl = "";

before(async () => {
  keyChecker = createServer((request, response) => {
    const refused = (request.headers.authorization ?? "").includes("refused");
    response.writeHead(refused ? 401 : 200, { "content-type": "application/json" });
    response.end(JSON.stringify(refused ? { error: { message: "Incorrect API key provided.", type: "invalid_request_error" } } : { object: "list", data: [{ id: "gpt-4o", object: "model" }] }));
  });
  await new Promise<void>((resolve) => keyChecker.listen(0, "127.0.0.1", resolve));
  keyCheckerUrl = `http://127.0.0.1:${(keyChecker.address() as AddressInfo).port}/v1`;
  dashboard = await startDashboard({ config: { server: { requireApiKey: false } } });
  await dashboard.login();
});

after(async () => {
  await dashboard?.stop();
  await new Promise((resolve) => keyChecker?.close(resolve));
});

async function chat(model: string) {
  const response = await fetch(`${dashboard.baseUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
  return { status: response.status, text: await response.text() };
}

describe("providers page and resilience", () => {
  it("shows the catalog grouped by tier, nothing connected yet", async () => {
    const { page, baseUrl } = dashboard;
    await page.goto(`${baseUrl}/dashboard/providers`);
    await page.getByText("No provider connected yet").waitFor();
    for (const tier of ["Subscriptions", "API keys", "Low-cost APIs", "Free tiers"]) {
      assert.ok(await page.getByRole("heading", { name: tier, level: 2 }).isVisible(), tier);
    }
  });

  it("adds a custom OpenAI-compatible endpoint pointed at the mock; its connection tests OK", async () => {
    const { page, mockUpstream } = dashboard;
    await page.getByRole("button", { name: "Add custom endpoint" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("Mock gateway");
    await dialog.getByLabel("Prefix").fill("mock");
    await dialog.getByLabel("Base URL").fill(mockUpstream.url);
    await dialog.getByLabel("API key (optional)").fill("sk-mock-node-000000");
    await dialog.getByRole("button", { name: "Add node" }).click();
    const card = page.locator("#provider-mock");
    await card.waitFor();
    await card.getByRole("button", { name: "Test default" }).click();
    await card.getByText(/^Works( \(200\))? · \d+ ms$/).waitFor({ timeout: 20_000 });
    const result = await chat("mock/gpt-4o");
    assert.equal(result.status, 200, result.text);
  });

  it("adds a custom model to the endpoint", async () => {
    const { page } = dashboard;
    const card = page.locator("#provider-mock");
    await card.getByText("Custom models (0)").click();
    await card.getByLabel("Model id").fill("mock-large");
    await card.getByRole("button", { name: "Add model" }).click();
    await card.getByText("mock/mock-large").waitFor();
  });

  it("connects a built-in API-key provider: a refused key is caught before saving, a good one is saved", async () => {
    const { page } = dashboard;
    await page.getByRole("button", { name: "Connect OpenAI", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Account name").fill("work");
    await dialog.getByLabel("API key", { exact: true }).fill("sk-refused-000000");
    await dialog.getByLabel("Base URL (optional)").fill(keyCheckerUrl);
    await dialog.getByRole("button", { name: "Check key and connect" }).click();
    await dialog.getByText("The provider did not accept this key").waitFor({ timeout: 20_000 });
    await saveScreenshots(page, "provider-connect-refused", { fullPage: false });
    await dialog.getByLabel("API key", { exact: true }).fill("sk-good-0000000");
    await dialog.getByRole("button", { name: "Check key and connect" }).click();
    await page.locator("#provider-openai").waitFor({ timeout: 20_000 });
    assert.ok(await page.locator("#provider-openai").getByText("work").first().isVisible());
    const listed = await dashboard.api("GET", "/api/providers/openai");
    const connections = (listed.json as { connections: { name: string; apiKey: string }[] }).connections;
    assert.equal(connections[0]?.name, "work");
    assert.ok(!JSON.stringify(listed.json).includes("sk-good-0000000"), "the key is only ever shown masked");
  });

  it("disables and re-enables an account", async () => {
    const { page } = dashboard;
    const card = page.locator("#provider-openai");
    await card.getByRole("button", { name: "Disable work" }).click();
    await card.getByRole("button", { name: "Enable work" }).waitFor();
    await card.getByRole("button", { name: "Enable work" }).click();
    await card.getByRole("button", { name: "Disable work" }).waitFor();
  });

  it("trips the breaker with real failing traffic and resets it from the Resilience page", async () => {
    const { page, baseUrl, mockUpstream } = dashboard;
    mockUpstream.setDefault({ kind: "status", status: 503 });
    for (let attempt = 0; attempt < 12; attempt++) {
      const state = (await dashboard.api("GET", "/api/resilience")).json as { breakers: { providerId: string; state: string }[] };
      if (state.breakers.some((breaker) => breaker.providerId === "mock" && breaker.state === "open")) break;
      await chat("mock/gpt-4o");
    }
    mockUpstream.setDefault(undefined);
    const tripped = (await dashboard.api("GET", "/api/resilience")).json as { breakers: { providerId: string; state: string }[] };
    assert.ok(tripped.breakers.some((breaker) => breaker.providerId === "mock" && breaker.state === "open"), JSON.stringify(tripped));
    await page.goto(`${baseUrl}/dashboard/resilience`);
    await page.getByRole("button", { name: /^Reset .*mock.*breaker/i }).first().click();
    const deadline = Date.now() + 10_000;
    let state = "open";
    while (Date.now() < deadline && state !== "closed") {
      const current = (await dashboard.api("GET", "/api/resilience")).json as { breakers: { providerId: string; state: string }[] };
      state = current.breakers.find((breaker) => breaker.providerId === "mock")?.state ?? "closed";
      if (state !== "closed") await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(state, "closed");
    assert.equal((await chat("mock/gpt-4o")).status, 200);
  });

  it("OAuth device code: the code is shown with copy and a countdown while polling, then the account is connected", async () => {
    const { page, baseUrl } = dashboard;
    await page.goto(`${baseUrl}/dashboard/providers`);
    // The real login would go to OpenAI: the browser's calls to our OAuth routes are answered here instead, so
    // this checks the page's side of the contract (device-code → poll until connected).
    let polls = 0;
    await page.route("**/api/oauth/cx/device-code", (route) =>
      route.fulfill({
        json: { flowId: "flow-1", userCode: "WXYZ-1234", verificationUri: "https://auth.openai.com/codex/device", expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(), interval: 1 },
      }),
    );
    await page.route("**/api/oauth/cx/poll", (route) => {
      polls += 1;
      return route.fulfill({ json: polls < 2 ? { status: "pending", interval: 1 } : { status: "connected", connection: { name: "me@example.com" } } });
    });
    await page.getByRole("button", { name: "Sign in to Codex (ChatGPT Plus/Pro)" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Sign in with a device code" }).click();
    assert.equal(await dialog.getByTestId("device-user-code").textContent(), "WXYZ-1234");
    assert.ok(await dialog.getByRole("button", { name: "Copy code to clipboard" }).isVisible());
    await dialog.getByText(/The code expires in 1[45]m \d\ds/).waitFor();
    await dialog.getByText("Waiting for you to approve the sign-in…").waitFor();
    await saveScreenshots(page, "oauth-device-code", { fullPage: false });
    await dialog.getByText("Codex (ChatGPT Plus/Pro) is connected").waitFor({ timeout: 15_000 });
    assert.ok(polls >= 2);
    await dialog.getByRole("button", { name: "Close" }).click();
    await page.unrouteAll();
  });

  it("OAuth browser login: when the redirect cannot come back, the pasted address finishes it", async () => {
    const { page, context, baseUrl } = dashboard;
    await page.goto(`${baseUrl}/dashboard/providers`);
    let exchanged: unknown;
    await page.route("**/api/oauth/cc/authorize", (route) =>
      route.fulfill({ json: { authorizeUrl: "about:blank", state: "state-1", expiresAt: new Date(Date.now() + 600_000).toISOString(), redirectUri: "https://console.anthropic.com/oauth/code/callback", completion: "paste" } }),
    );
    await page.route("**/api/oauth/cc/exchange", async (route) => {
      exchanged = route.request().postDataJSON();
      await route.fulfill({ json: { connection: { name: "team@example.com" }, created: true } });
    });
    await page.getByRole("button", { name: "Sign in to Claude Code (Pro/Max)" }).click();
    const dialog = page.getByRole("dialog");
    const popup = context.waitForEvent("page");
    await dialog.getByRole("button", { name: /^Sign in with Claude Code/ }).click();
    await (await popup).close();
    await dialog.getByLabel(/Paste the address the browser ended on/).fill("https://console.anthropic.com/oauth/code/callback?code=abc&state=state-1");
    await dialog.getByRole("button", { name: "Finish sign-in" }).click();
    await dialog.getByText("Claude Code (Pro/Max) is connected").waitFor();
    assert.deepEqual(exchanged, { redirectUrl: "https://console.anthropic.com/oauth/code/callback?code=abc&state=state-1" });
    await dialog.getByRole("button", { name: "Close" }).click();
    await page.unrouteAll();
  });

  it("printed no console errors", () => {
    assert.deepEqual(dashboard.console.unexpected(), []);
  });
});
