import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { describeViolations, findSeriousViolations, mockProvider, saveScreenshots, startDashboard, type Dashboard } from "./harness";

// The path from a connected provider to a working tool: create a key, build a combo (reordered by drag and by
// keyboard), test it, send real requests with the key, and see them counted on Home.
let dashboard: Dashboard;
let createdKey = "";

before(async () => {
  dashboard = await startDashboard({
    config: (mockUrl) => ({ server: { requireApiKey: true }, providers: [mockProvider(mockUrl)] }),
  });
  await dashboard.login();
  // The request log keeps each request's attempt trail, which the combo test reads to say why a target failed.
  const logging = await dashboard.api("PUT", "/api/usage/settings", { requestLogs: { enabled: true, retentionDays: 7, maxBytes: 64 * 1024 * 1024 } });
  assert.equal(logging.status, 200, JSON.stringify(logging.json));
});

after(async () => {
  await dashboard?.stop();
});

async function chat(model: string, key: string) {
  const response = await fetch(`${dashboard.baseUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
  return { status: response.status, provider: response.headers.get("x-omniroute-model"), text: await response.text() };
}

describe("keys, combos and home", () => {
  it("a provider already exists, so login lands on Home, which offers its models in the snippets", async () => {
    const { page } = dashboard;
    assert.equal(new URL(page.url()).pathname, "/dashboard");
    await page.getByRole("heading", { name: "Home", level: 1 }).waitFor();
    assert.equal(await page.getByTestId("endpoint-url").textContent(), dashboard.baseUrl);
    assert.ok(await page.getByLabel("Model").inputValue(), "a model is preselected");
  });

  it("creates a key on the Keys page and shows it once", async () => {
    const { page, baseUrl } = dashboard;
    await page.goto(`${baseUrl}/dashboard/keys`);
    await page.getByText("No client keys yet").waitFor();
    await page.getByRole("button", { name: "Create key" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("e2e-laptop");
    await dialog.getByLabel("Per day").fill("5");
    await dialog.getByRole("button", { name: "Create key" }).click();
    createdKey = (await page.getByTestId("created-key").textContent())?.trim() ?? "";
    assert.match(createdKey, /^omr_/);
    await page.getByRole("cell", { name: /e2e-laptop/ }).first().waitFor();
    assert.ok(await page.getByText("$0.00 of $5.00 today").isVisible());
  });

  it("validates a key form in the browser before sending", async () => {
    const { page } = dashboard;
    await page.getByRole("button", { name: "Create key" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Create key" }).click();
    await dialog.getByText("Give the key a name.").waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
  });

  it("builds a combo, reordering its targets by drag and by keyboard", async () => {
    const { page, baseUrl } = dashboard;
    await page.goto(`${baseUrl}/dashboard/combos`);
    await page.getByRole("button", { name: "Create the first combo" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("e2e-stack");
    for (const model of ["mock/gpt-4o", "mock/gpt-4o-mini", "mock/extra"]) {
      await dialog.getByLabel("Model to add").fill(model);
      await dialog.getByRole("button", { name: "Add target" }).click();
    }
    const targets = dialog.getByTestId("combo-target");
    // Drag the second target onto the first: gpt-4o-mini goes first.
    await targets.nth(1).dragTo(targets.nth(0));
    assert.deepEqual(await targets.locator("code").allTextContents(), ["mock/gpt-4o-mini", "mock/gpt-4o", "mock/extra"]);
    // Keyboard: focus "Move mock/extra up" and press Enter.
    await dialog.getByRole("button", { name: "Move mock/extra up" }).focus();
    await page.keyboard.press("Enter");
    assert.deepEqual(await targets.locator("code").allTextContents(), ["mock/gpt-4o-mini", "mock/extra", "mock/gpt-4o"]);
    await dialog.getByRole("button", { name: "Remove mock/extra" }).click();
    await saveScreenshots(page, "combo-dialog", { fullPage: false });
    await dialog.getByRole("button", { name: "Create combo" }).click();
    await page.getByRole("list", { name: "Targets of e2e-stack" }).waitFor();
    const stored = await dashboard.api("GET", "/api/combos/e2e-stack");
    assert.deepEqual((stored.json as { models: string[] }).models, ["mock/gpt-4o-mini", "mock/gpt-4o"]);
  });

  it("tests the combo: the first target fails, the second answers, and the dialog says so", async () => {
    const { page, mockUpstream } = dashboard;
    mockUpstream.enqueue({ kind: "status", status: 500 });
    await page.getByRole("button", { name: "Test e2e-stack" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Client key").fill(createdKey);
    await dialog.getByRole("button", { name: "Send test request" }).click();
    const result = dialog.getByTestId("combo-test-result");
    await result.waitFor({ timeout: 30_000 });
    await saveScreenshots(page, "combo-test-dialog", { fullPage: false });
    const text = await result.textContent();
    assert.match(text ?? "", /Answered by mock\/gpt-4o(?!-mini)/);
    // The first target's row: failed. With the request's attempt trail recorded (request log on, and an engine
    // that fills UsageRow.attemptTrail) the reason is the failure class of the 500; without, routing state only.
    if (/From this request's attempt trail/.test(text ?? "")) assert.match(text ?? "", /mock\/gpt-4o-minifailed[^—]*server/i);
    else assert.match(text ?? "", /mock\/gpt-4o-minifailed/);
    await dialog.getByRole("button", { name: "Close" }).first().click();
  });

  it("requests sent through /v1 with the new key are counted on Home", async () => {
    const { page, baseUrl } = dashboard;
    for (let index = 0; index < 3; index++) {
      const result = await chat("e2e-stack", createdKey);
      assert.equal(result.status, 200, result.text);
    }
    const refused = await chat("e2e-stack", "omr_not_a_real_key_000000000000");
    assert.equal(refused.status, 401);
    // Usage rows are written in batches: wait until the 3 requests and the combo test (one request, two upstream
    // attempts) are all stored, then compare Home's tiles with every row of today.
    type Row = { apiKeyName: string | null; status: string; startedAt: number };
    const rowsOfToday = async () => {
      const logged = (await dashboard.api("GET", "/api/usage/logs?limit=100")).json as { data: Row[] };
      return logged.data.filter((row) => row.startedAt >= Math.floor(Date.now() / 86_400_000) * 86_400_000);
    };
    const okWithKey = (rows: Row[]) => rows.filter((row) => row.apiKeyName === "e2e-laptop" && row.status === "ok").length;
    let today = await rowsOfToday();
    for (let attempt = 0; attempt < 50 && okWithKey(today) < 4; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      today = await rowsOfToday();
    }
    assert.equal(okWithKey(today), 4);
    // The refused request's row may land in the next batch: read until two reads agree.
    for (let attempt = 0; attempt < 10; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const again = await rowsOfToday();
      if (again.length === today.length) break;
      today = again;
    }
    await page.goto(`${baseUrl}/dashboard`);
    const tileValue = async (label: string) => (await page.locator("dt", { hasText: label }).locator("..").locator("dd").first().textContent())?.trim();
    assert.equal(await tileValue("Requests today"), String(today.length));
    assert.equal(await tileValue("Errors"), String(today.filter((row) => row.status !== "ok").length));
  });

  it("every page of this flow passes axe (no serious or critical violations) in both themes, with screenshots", async () => {
    const { page, baseUrl } = dashboard;
    for (const [name, path] of [
      ["home", "/dashboard"],
      ["keys", "/dashboard/keys"],
      ["combos", "/dashboard/combos"],
      ["welcome", "/dashboard/welcome"],
    ] as const) {
      await page.goto(`${baseUrl}${path}`);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      await saveScreenshots(page, name);
      for (const theme of ["dark", "light"] as const) {
        await page.evaluate((value) => (document.documentElement.dataset.theme = value), theme);
        const violations = await findSeriousViolations(page);
        assert.equal(violations.length, 0, `${path} (${theme}):\n${describeViolations(violations)}`);
      }
    }
  });

  it("printed no console errors except the ones provoked on purpose", () => {
    assert.deepEqual(dashboard.console.unexpected([/\/dashboard\/(providers|usage|logs|resilience|sessions|settings)\?_rsc/]), []);
  });
});
