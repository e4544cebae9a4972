import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { expectAccessibleInBothThemes, mockProvider, saveScreenshots, startDashboard, type Dashboard } from "./harness";

// The Resilience page against real routing state: a 429 cools an account, a 5xx burst opens a provider's
// breaker, the page shows both (and picks up a change without a reload), and its buttons reset them.
let dashboard: Dashboard;

before(async () => {
  dashboard = await startDashboard({
    config: (mockUrl) => ({ server: { requireApiKey: false }, providers: [mockProvider(mockUrl, "mock"), mockProvider(mockUrl, "flaky")] }),
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
    body: JSON.stringify({ model, messages: [{ role: "user", content: "x" }] }),
  });
  await response.text();
  return response.status;
}

async function breakerState(providerId: string): Promise<string> {
  const { json } = await dashboard.api("GET", "/api/resilience");
  return (json as { breakers: { providerId: string; state: string }[] }).breakers.find((breaker) => breaker.providerId === providerId)?.state ?? "closed";
}

const expectNoSeriousViolations = (path: string) => expectAccessibleInBothThemes(dashboard.page, path);

const breakerRow = (name: string) => dashboard.page.getByRole("table", { name: "Circuit breaker per provider" }).getByRole("row").filter({ hasText: name });

describe("resilience page", () => {
  it("with nothing failing, every breaker is closed and nothing cools down", async () => {
    const { page, baseUrl } = dashboard;
    await page.goto(`${baseUrl}/dashboard/resilience`);
    await page.getByRole("heading", { name: "Resilience", level: 1 }).waitFor();
    await page.getByText("Every provider is passing traffic.").waitFor();
    await page.getByText("Nothing is cooling down").waitFor();
    assert.equal(await page.getByRole("table", { name: "Circuit breaker per provider" }).getByText("Closed").count(), 2);
    assert.equal(await page.getByRole("table", { name: "Rate limits per account" }).getByRole("row").count(), 3, "a header and one row per account");
    await saveScreenshots(page, "resilience-empty");
    await expectNoSeriousViolations("/dashboard/resilience (calm)");
  });

  it("shows a tripped breaker and a cooled account, with reasons and countdowns, without a reload", async () => {
    const { page, mockUpstream } = dashboard;
    mockUpstream.enqueue({ kind: "status", status: 429, headers: { "retry-after": "600" } });
    assert.equal(await chat("flaky/gpt-4o"), 429);
    mockUpstream.setDefault({ kind: "status", status: 503 });
    for (let index = 0; index < 6 && (await breakerState("mock")) !== "open"; index++) await chat("mock/gpt-4o");
    mockUpstream.setDefault(undefined);
    assert.equal(await breakerState("mock"), "open");
    // The page polls every few seconds while visible: no reload here.
    await breakerRow("mock").getByText("Open").waitFor({ timeout: 15_000 });
    assert.match((await breakerRow("mock").textContent()) ?? "", /probe in \d+s/);
    const cooldowns = page.getByRole("table", { name: "Cooldowns, soonest to end first" });
    await cooldowns.getByRole("row").filter({ hasText: "flaky" }).first().waitFor();
    assert.match((await cooldowns.textContent()) ?? "", /\d+m \d{2}s/, "a live countdown");
    await saveScreenshots(page, "resilience-tripped");
    await expectNoSeriousViolations("/dashboard/resilience (tripped)");
  });

  it("Reset on a provider closes its breaker; Clear ends one cooldown", async () => {
    const { page } = dashboard;
    await page.getByRole("button", { name: /^Reset mock:/ }).click();
    await page.getByRole("status").filter({ hasText: /Done: 1 breaker reset/ }).waitFor({ timeout: 15_000 });
    await breakerRow("mock").getByText("Closed").waitFor();
    assert.equal(await breakerState("mock"), "closed");
    const flakyCooldowns = page.getByRole("button", { name: /^Clear the cooldown of flaky/ });
    for (let remaining = await flakyCooldowns.count(); remaining > 0; remaining = await flakyCooldowns.count()) {
      await flakyCooldowns.first().click();
      await page.waitForFunction((before) => document.querySelectorAll('button[aria-label^="Clear the cooldown of flaky"]').length < before, remaining, { timeout: 15_000 });
    }
    await page.getByText("Nothing is cooling down").waitFor();
    assert.equal(await chat("flaky/gpt-4o"), 200, "the cleared account is used again at once");
  });

  it("Reset everything asks first, then resets every breaker", async () => {
    const { page, mockUpstream } = dashboard;
    mockUpstream.setDefault({ kind: "status", status: 503 });
    for (let index = 0; index < 6 && (await breakerState("flaky")) !== "open"; index++) await chat("flaky/gpt-4o");
    mockUpstream.setDefault(undefined);
    await breakerRow("flaky").getByText("Open").waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: "Reset everything" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Reset all breakers and cooldowns?").waitFor();
    await dialog.getByRole("button", { name: "Reset everything" }).click();
    await page.getByText("Every provider is passing traffic.").waitFor();
    assert.equal(await breakerState("flaky"), "closed");
  });

  it("printed no console errors except the ones provoked on purpose", () => {
    assert.deepEqual(dashboard.console.unexpected([/\/dashboard\/(providers|usage|logs|sessions|settings)\?_rsc/]), []);
  });
});
