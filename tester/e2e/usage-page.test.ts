import assert from "node:assert/strict";
import os from "node:os";
import { after, before, describe, it } from "node:test";
import { expectAccessibleInBothThemes, mockProvider, saveScreenshots, startDashboard, type Dashboard } from "./harness";
import { seedUsage } from "./seed-usage";

// The Usage page: its empty state on a fresh install, real requests sent through /v1 showing up in tiles, charts
// and tables, the URL-held selectors, the exports, and the 30-day chart drawn from synthetic rows within budget.
let dashboard: Dashboard;

const CHART = '[data-testid="usage-over-time-chart"] svg[role="img"]';
/** Issue #8: charts over 30 days of data render in under 500 ms (navigation start → chart svg in the DOM). */
const CHART_BUDGET_MS = 500;

before(async () => {
  dashboard = await startDashboard({
    config: (mockUrl) => ({
      server: { requireApiKey: false },
      // A declared daily window: the quota service counts the account's requests against it.
      providers: [{ ...mockProvider(mockUrl), accounts: [{ name: "main", apiKey: "sk-mock-e2e-000000", quotaWindows: [{ name: "daily requests", kind: "daily", unit: "requests", limit: 100 }] }] }],
    }),
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
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hello" }] }),
  });
  await response.text();
  return response.status;
}

const expectNoSeriousViolations = (path: string) => expectAccessibleInBothThemes(dashboard.page, path);

/**
 * Records, inside the page, when the chart's svg is first in the document and shown (the page streams in, so
 * it may arrive hidden and be revealed): performance.now() is milliseconds since the navigation started.
 */
const CHART_WATCH = `(() => {
  const record = () => {
    const svg = document.querySelector(${JSON.stringify(CHART)});
    if (window.__chartShownAt === undefined && svg && svg.getClientRects().length > 0) window.__chartShownAt = performance.now();
  };
  new MutationObserver(record).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["hidden"] });
})()`;

/** Navigation start → chart svg present, and the time to the first byte of the page, in ms. */
async function timeToChart(url: string): Promise<{ chartMs: number; firstByteMs: number }> {
  const { page } = dashboard;
  await page.goto("about:blank");
  await page.goto(url);
  await page.waitForSelector(CHART, { timeout: 15_000 });
  await page.waitForFunction(() => (window as unknown as { __chartShownAt?: number }).__chartShownAt !== undefined);
  return page.evaluate(() => ({
    chartMs: Math.round((window as unknown as { __chartShownAt: number }).__chartShownAt),
    firstByteMs: Math.round((performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).responseStart),
  }));
}

describe("usage page", () => {
  it("a fresh install explains how usage gets here instead of drawing empty charts", async () => {
    const { page, baseUrl } = dashboard;
    await page.goto(`${baseUrl}/dashboard/usage`);
    await page.getByRole("heading", { name: "Usage", level: 1 }).waitFor();
    await page.getByText("No requests in the last 7 days").waitFor();
    assert.equal(await page.locator(CHART).count(), 0);
    await page.getByRole("link", { name: "Set up a client" }).waitFor();
    const quota = page.locator("#quota");
    await quota.getByText("daily requests").waitFor();
    assert.match((await quota.textContent()) ?? "", /counted here/);
    await page.getByText(/^No requests in (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/).waitFor();
    await saveScreenshots(page, "usage-empty");
    await expectNoSeriousViolations("/dashboard/usage (empty)");
  });

  it("requests sent through /v1 appear in the tiles, the chart, top models and the cost breakdown", async () => {
    const { page, baseUrl } = dashboard;
    for (const model of ["mock/gpt-4o", "mock/gpt-4o", "mock/gpt-4o-mini"]) assert.equal(await chat(model), 200);
    // The page writes queued rows before reading; a row recorded just after the response ended may still miss the
    // first load, so reload until all three are there. Until any is, the page shows its empty state, not the tiles.
    const requestsTile = page.locator("dt", { hasText: /^Requests$/ }).locator("..").locator("dd").first();
    const emptyState = page.getByText("No requests in the last 7 days");
    let requests = "";
    for (let attempt = 0; attempt < 20 && requests !== "3"; attempt++) {
      await page.goto(`${baseUrl}/dashboard/usage`);
      await requestsTile.or(emptyState).first().waitFor();
      requests = (await requestsTile.count()) > 0 ? ((await requestsTile.textContent())?.trim() ?? "") : "";
      if (requests !== "3") await page.waitForTimeout(250);
    }
    assert.equal(requests, "3");
    await page.waitForSelector(CHART);
    await page.getByTestId("top-models-chart").locator("svg.recharts-surface").waitFor();
    assert.ok(await page.getByRole("table", { name: "Tokens and cost per token class" }).isVisible());
    // The mock's models have no price: the page says so rather than showing $0 as if it were the cost.
    await page.getByText(/requests without a known price/).waitFor();
    // The declared daily window counted the three requests, and counts down to its reset.
    const quota = page.locator("#quota");
    await quota.getByText("3 of 100 requests", { exact: false }).waitFor();
    assert.match((await quota.textContent()) ?? "", /3% used/);
    assert.match((await quota.textContent()) ?? "", /resets in (\d+h \d{2}m|\d+m \d{2}s|\d+s)/);
  });

  it("the selectors live in the URL and change what the chart groups by and plots", async () => {
    const { page, baseUrl } = dashboard;
    await page.goto(`${baseUrl}/dashboard/usage`);
    await page.getByRole("link", { name: "Model", exact: true }).click();
    await page.waitForURL(/groupBy=model/);
    await page.getByRole("heading", { name: "Cost over time by model" }).waitFor();
    // Keyboard: focus the Tokens metric and press Enter.
    await page.getByRole("link", { name: "Tokens", exact: true }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/metric=tokens/);
    await page.getByRole("heading", { name: "Tokens over time by model" }).waitFor();
    assert.equal(await page.getByRole("link", { name: "Tokens", exact: true }).getAttribute("aria-current"), "true");
    await page.getByTestId("usage-over-time-chart").getByRole("list", { name: "Legend" }).getByText("mock/gpt-4o-mini").waitFor();
  });

  it("exports the range's rows as CSV and JSON, and the month as a CSV report", async () => {
    const { page, baseUrl } = dashboard;
    await page.goto(`${baseUrl}/dashboard/usage?range=30d`);
    const csvHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    assert.equal(csvHref, "/api/usage/export?format=csv&range=30d");
    const csv = await dashboard.api("GET", csvHref!);
    assert.equal(csv.status, 200);
    assert.equal(String(csv.json).trim().split("\r\n").length, 4, "a header line and three rows");
    const json = await dashboard.api("GET", (await page.getByRole("link", { name: "Export JSON" }).getAttribute("href"))!);
    assert.equal((json.json as unknown[]).length, 3);
    const reportHref = await page.getByRole("link", { name: "Download CSV" }).getAttribute("href");
    assert.match(reportHref ?? "", /^\/api\/usage\/report\?month=\d{4}-\d{2}&format=csv$/);
    assert.equal((await dashboard.api("GET", reportHref!)).status, 200);
  });

  it(`draws 30 days of synthetic usage (100,000 rows) in under ${CHART_BUDGET_MS} ms, in both themes, without axe violations`, async (context) => {
    const { page, baseUrl } = dashboard;
    const seeded = await seedUsage({ dataDir: dashboard.dataDir, rows: 100_000, days: 30 });
    assert.equal(seeded.rows, 100_000);
    await page.addInitScript(CHART_WATCH);
    const url = `${baseUrl}/dashboard/usage?range=30d&groupBy=model`;
    await timeToChart(url); // warms the browser's cache of the page's scripts, as any second visit has
    const samples = [await timeToChart(url), await timeToChart(url), await timeToChart(url)].sort((left, right) => left.chartMs - right.chartMs);
    const median = samples[1]!;
    const loadPerCore = os.loadavg()[0]! / os.cpus().length;
    context.diagnostic(`usage chart, 30 days × 100,000 rows: ${samples.map((sample) => `${sample.chartMs} ms (first byte ${sample.firstByteMs})`).join(", ")}; load ${loadPerCore.toFixed(1)} per core`);
    // A wall-clock budget means nothing on a machine whose cores are shared many times over: measure, report, and
    // hold the page to the budget only when the machine is not overloaded.
    if (loadPerCore <= 1.5) assert.ok(median.chartMs < CHART_BUDGET_MS, `the chart took ${median.chartMs} ms`);
    else context.diagnostic(`not asserting the ${CHART_BUDGET_MS} ms budget: ${loadPerCore.toFixed(1)} runnable processes per core`);
    await page.getByText("Monthly report", { exact: false }).first().waitFor();
    await saveScreenshots(page, "usage-data");
    await expectNoSeriousViolations("/dashboard/usage (30 days of data)");
  });

  it("printed no console errors", () => {
    assert.deepEqual(dashboard.console.unexpected([/\/dashboard\/(providers|logs|resilience|sessions|settings)\?_rsc/]), []);
  });
});
