import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { expectAccessibleInBothThemes, mockProvider, saveScreenshots, startDashboard, type Dashboard } from "./harness";

// The Logs page with request logging on: the empty list, requests sent through /v1 listed with their outcome,
// the filters, the live tail picking up a new request without a reload, the detail view (attempts, phase
// timings, redacted bodies) and the audit tab.
let dashboard: Dashboard;

before(async () => {
  dashboard = await startDashboard({
    config: (mockUrl) => ({ server: { requireApiKey: false }, providers: [mockProvider(mockUrl)] }),
    env: { ENABLE_REQUEST_LOGS: "true" },
  });
  await dashboard.login();
});

after(async () => {
  await dashboard?.stop();
});

async function chat(model: string): Promise<number> {
  const response = await fetch(`${dashboard.baseUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "list my files" }] }),
  });
  await response.text();
  return response.status;
}

const expectNoSeriousViolations = (path: string) => expectAccessibleInBothThemes(dashboard.page, path);

const requestLinks = () => dashboard.page.getByRole("link", { name: /^Details of the request at / });

describe("logs page", () => {
  it("with no requests yet, says how they get here", async () => {
    const { page, baseUrl } = dashboard;
    await page.goto(`${baseUrl}/dashboard/logs`);
    await page.getByRole("heading", { name: "Logs", level: 1 }).waitFor();
    await page.getByText("No requests yet").waitFor();
    await saveScreenshots(page, "logs-empty");
    await expectNoSeriousViolations("/dashboard/logs (empty)");
  });

  it("lists requests with their outcome, and the status filter narrows the list", async () => {
    const { page, baseUrl, mockUpstream } = dashboard;
    assert.equal(await chat("mock/gpt-4o"), 200);
    mockUpstream.enqueue({ kind: "status", status: 400 });
    assert.equal(await chat("mock/gpt-4o-mini"), 400);
    let count = 0;
    for (let attempt = 0; attempt < 20 && count < 2; attempt++) {
      await page.goto(`${baseUrl}/dashboard/logs`);
      count = await requestLinks().count();
      if (count < 2) await page.waitForTimeout(250);
    }
    assert.equal(count, 2);
    await page.getByLabel("Status").selectOption("error");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/status=error/);
    assert.equal(await requestLinks().count(), 1);
    assert.ok(await page.getByRole("cell", { name: /Error\s*400/ }).isVisible());
    await page.getByRole("link", { name: "Reset" }).click();
    await page.waitForURL((url) => url.search === "");
    await page.waitForFunction(() => document.querySelectorAll('a[href^="/dashboard/logs/"]').length === 2);
    assert.equal(await page.getByLabel("Status").inputValue(), "", "the selects follow the URL after a client-side navigation");
  });

  it("the live tail adds a new request to the list without a reload", async () => {
    const { page } = dashboard;
    const before = await requestLinks().count();
    await page.getByRole("button", { name: "Live tail" }).click();
    assert.equal(await page.getByRole("button", { name: "Live tail" }).getAttribute("aria-pressed"), "true");
    assert.equal(await chat("mock/gpt-4o"), 200);
    await page.waitForFunction((count) => document.querySelectorAll('a[href^="/dashboard/logs/"]').length > count, before, { timeout: 15_000 });
    await page.getByText("1 new request").waitFor({ state: "attached" });
    await page.getByRole("button", { name: "Live tail" }).click();
    await saveScreenshots(page, "logs-requests");
    await expectNoSeriousViolations("/dashboard/logs");
  });

  it("the detail view shows the request-log entry: attempts, phase timings and bodies as far as they were recorded", async () => {
    const { page } = dashboard;
    await requestLinks().first().click();
    await page.waitForURL(/\/dashboard\/logs\/.+/);
    await page.getByRole("heading", { name: "Request", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "Summary" }).waitFor();
    assert.match((await page.getByRole("heading", { level: 1 }).locator("..").textContent()) ?? "", /req_/);
    // What the page must show follows what the server recorded for this request.
    const requestId = decodeURIComponent(new URL(page.url()).pathname.split("/").at(-1)!);
    const { json } = await dashboard.api("GET", `/api/usage/request-logs/${encodeURIComponent(requestId)}`);
    const entry = json as { attemptTrail: unknown[]; phases: unknown; bodies: string; request: unknown };
    await page.getByRole("heading", { name: "Attempts" }).waitFor();
    if (entry.attemptTrail.length > 0) assert.ok(await page.getByRole("table", { name: "Attempts in order" }).getByText("Answered").isVisible());
    else await page.getByText(/did not record the trail of targets/).waitFor();
    assert.equal(await page.getByRole("table", { name: "Milliseconds per phase" }).count(), entry.phases === null ? 0 : 1);
    if (entry.bodies === "stored") assert.match((await page.getByLabel("Request body").textContent()) ?? "", /list my files/);
    else await page.getByText(/were not captured|opted out of content logging/).waitFor();
    await page.getByRole("heading", { name: "Why this cost" }).waitFor();
    await saveScreenshots(page, "logs-detail");
    await expectNoSeriousViolations("/dashboard/logs/[requestId]");
  });

  it("an unknown request id gets an explanation, not an error page", async () => {
    const { page, baseUrl } = dashboard;
    await page.goto(`${baseUrl}/dashboard/logs/not-a-request`);
    await page.getByText("No record of this request").waitFor();
  });

  it("the audit tab lists what the audit log holds (the login, when the server audits it)", async () => {
    const { page, baseUrl } = dashboard;
    await page.goto(`${baseUrl}/dashboard/logs`);
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.waitForURL(/tab=audit/);
    await page.getByRole("heading", { name: "Audit log", level: 2 }).waitFor();
    const { json } = await dashboard.api("GET", "/api/audit");
    const entries = (json as { data: { action: string }[] }).data;
    if (entries.length > 0) {
      await page.getByRole("cell", { name: entries[0]!.action }).first().waitFor();
      assert.equal(await page.getByRole("table", { name: "Audit entries, newest first" }).getByRole("row").count(), Math.min(entries.length, 50) + 1);
    } else {
      await page.getByText("No audit entries yet").waitFor();
    }
    await saveScreenshots(page, "logs-audit");
    await expectNoSeriousViolations("/dashboard/logs?tab=audit");
  });

  it("printed no console errors except the ones provoked on purpose", () => {
    assert.deepEqual(dashboard.console.unexpected([/\/dashboard\/(providers|usage|resilience|sessions|settings)\?_rsc/]), []);
  });
});
