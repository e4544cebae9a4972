import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { expectAccessibleInBothThemes, mockProvider, saveScreenshots, startDashboard, type Dashboard } from "./harness";

// The Sessions page: empty on a fresh server; a Claude Code conversation (its own session id header) shows up
// with its tool, request count and sticky account, and links to that session's requests on the Logs page.
let dashboard: Dashboard;
const sessionId = randomUUID();

before(async () => {
  dashboard = await startDashboard({ config: (mockUrl) => ({ server: { requireApiKey: false }, providers: [mockProvider(mockUrl)] }) });
  await dashboard.login();
});

after(async () => {
  await dashboard?.stop();
});

/** A Claude Code turn, as CLI-TRAFFIC.md records it: its user agent and session header. */
async function claudeCodeTurn(): Promise<number> {
  const response = await fetch(`${dashboard.baseUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "claude-cli/2.1.197 (external, sdk-cli)", "x-claude-code-session-id": sessionId },
    body: JSON.stringify({ model: "mock/gpt-4o", messages: [{ role: "user", content: "refactor this" }] }),
  });
  await response.text();
  return response.status;
}

const expectNoSeriousViolations = (path: string) => expectAccessibleInBothThemes(dashboard.page, path);

describe("sessions page", () => {
  it("with no traffic, explains what a session is", async () => {
    const { page, baseUrl } = dashboard;
    await page.goto(`${baseUrl}/dashboard/sessions`);
    await page.getByRole("heading", { name: "Sessions", level: 1 }).waitFor();
    await page.getByText("No active sessions").waitFor();
    await saveScreenshots(page, "sessions-empty");
    await expectNoSeriousViolations("/dashboard/sessions (empty)");
  });

  it("a Claude Code conversation appears with its tool, requests and sticky account", async () => {
    const { page, baseUrl } = dashboard;
    for (let turn = 0; turn < 3; turn++) assert.equal(await claudeCodeTurn(), 200);
    await page.goto(`${baseUrl}/dashboard/sessions`);
    const table = page.getByRole("table", { name: "Active sessions, most recent first" });
    const row = table.getByRole("row").filter({ hasText: "Claude Code" });
    await row.waitFor();
    const text = (await row.textContent()) ?? "";
    assert.match(text, /Claude Code session id/);
    assert.match(text, /mock \/ main/);
    assert.equal((await row.getByRole("cell").nth(4).textContent())?.trim(), "3");
    await saveScreenshots(page, "sessions");
    await expectNoSeriousViolations("/dashboard/sessions");
  });

  it("the session links to its requests on the Logs page", async () => {
    const { page } = dashboard;
    await page.getByRole("link", { name: /^Requests of session / }).first().click();
    await page.waitForURL(/\/dashboard\/logs\?session=/);
    let count = 0;
    for (let attempt = 0; attempt < 10 && count < 3; attempt++) {
      if (attempt > 0) await page.reload();
      count = await page.getByRole("link", { name: /^Details of the request at / }).count();
    }
    assert.equal(count, 3);
    assert.ok(await page.getByRole("link", { name: "Remove the session filter" }).isVisible());
  });

  it("printed no console errors except the ones provoked on purpose", () => {
    assert.deepEqual(dashboard.console.unexpected([/\/dashboard\/(providers|usage|logs|resilience|settings)\?_rsc/]), []);
  });
});
