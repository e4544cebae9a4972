import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { mockProvider, startDashboard, type Dashboard } from "./harness";

// The Settings page against the real APIs: each form saves and the saved value is what the page shows after a
// reload; the backup is downloaded, holds no plain secret, and restores; the password change works end to end.
let dashboard: Dashboard;

before(async () => {
  dashboard = await startDashboard({ config: (mockUrl) => ({ providers: [mockProvider(mockUrl)] }) });
  await dashboard.login();
});

after(async () => {
  await dashboard?.stop();
});

describe("settings", () => {
  it("saves the system prompt and shows it after a reload", async () => {
    const { page, baseUrl } = dashboard;
    await page.goto(`${baseUrl}/dashboard/settings`);
    const section = page.locator("#system-prompt");
    await section.getByLabel("Add this system prompt to every request").check();
    await section.getByLabel("Prompt", { exact: true }).fill("Answer in English.");
    await section.getByRole("button", { name: "Save system prompt" }).click();
    await section.getByText("Saved.").waitFor();
    await page.reload();
    assert.equal(await page.locator("#system-prompt").getByLabel("Prompt", { exact: true }).inputValue(), "Answer in English.");
    const stored = (await dashboard.api("GET", "/api/settings/system-prompt")).json as { enabled: boolean; text: string };
    assert.deepEqual({ enabled: stored.enabled, text: stored.text }, { enabled: true, text: "Answer in English." });
  });

  it("adds a per-model thinking budget, refusing an out-of-range one first", async () => {
    const { page } = dashboard;
    const section = page.locator("#thinking");
    await section.getByRole("button", { name: "Add a model rule" }).click();
    await section.getByLabel("Model", { exact: true }).fill("mock/gpt-4o");
    await section.getByLabel("Tokens").fill("999999");
    await section.getByRole("button", { name: "Save thinking settings" }).click();
    await section.getByText(/whole number of tokens from 0 to 128,000/).waitFor();
    await section.getByLabel("Tokens").fill("2048");
    await section.getByRole("button", { name: "Save thinking settings" }).click();
    await section.getByText("Saved.").waitFor();
    const stored = (await dashboard.api("GET", "/api/settings/thinking-budget")).json as { perModel: Record<string, unknown> };
    assert.deepEqual(stored.perModel["mock/gpt-4o"], { mode: "budget", budgetTokens: 2048 });
  });

  it("sets usage retention and turns the request log on", async () => {
    const { page } = dashboard;
    const section = page.locator("#logging");
    await section.getByLabel("Keep usage rows for (days)").fill("45");
    await section.getByLabel("Keep request and response content for each request").check();
    await section.getByRole("button", { name: "Save logging settings" }).click();
    await section.getByText("Saved.").waitFor();
    const stored = (await dashboard.api("GET", "/api/usage/settings")).json as { retentionDays: number; requestLogs: { enabled: boolean } };
    assert.equal(stored.retentionDays, 45);
    assert.equal(stored.requestLogs.enabled, true);
  });

  it("adds and removes a price override", async () => {
    const { page } = dashboard;
    const section = page.locator("#pricing");
    await section.getByLabel("Model", { exact: true }).fill("mock/gpt-4o");
    await section.getByLabel("Input").fill("2.5");
    await section.getByLabel("Output").fill("10");
    await section.getByRole("button", { name: "Save price" }).click();
    await section.getByText("Price for mock/gpt-4o saved.").waitFor();
    const pricing = (await dashboard.api("GET", "/api/pricing")).json as { overrides: { models: Record<string, { inputPerMillion: number }> } };
    assert.equal(pricing.overrides.models["mock/gpt-4o"]?.inputPerMillion, 2.5);
    await section.getByRole("button", { name: "Remove the price override for mock/gpt-4o" }).click();
    await section.getByText("Override for mock/gpt-4o removed.").waitFor();
  });

  it("refuses an IP filter that would lock the user out, with the server's explanation", async () => {
    const { page } = dashboard;
    const section = page.locator("#ip-filter");
    await section.getByLabel("Mode").selectOption("allow");
    await section.getByLabel("Addresses and ranges").fill("10.99.0.0/16");
    await section.getByRole("button", { name: "Save IP filter" }).click();
    await section.getByRole("alert").filter({ hasText: /These rules would refuse your own address/ }).waitFor();
  });

  it("exports a backup without plain secrets and restores it", async () => {
    const { page } = dashboard;
    const section = page.locator("#backup");
    await section.getByLabel("Passphrase").first().fill("a long enough passphrase");
    const [download] = await Promise.all([page.waitForEvent("download"), section.getByRole("button", { name: "Download backup" }).click()]);
    const file = await download.path();
    const text = readFileSync(file, "utf8");
    assert.ok(!text.includes("sk-mock-e2e-000000"), "the provider key is encrypted under the passphrase");
    assert.match(text, /"format": "omniroute-config-backup"/);
    await section.locator("#backup-file").setInputFiles(file);
    await section.locator("#backup-restore-passphrase").fill("not the passphrase");
    await section.getByRole("button", { name: "Restore backup" }).click();
    await section.getByText("Wrong passphrase for this backup.").waitFor();
    await section.locator("#backup-restore-passphrase").fill("a long enough passphrase");
    await section.getByRole("button", { name: "Restore backup" }).click();
    await section.getByText(/Restored 1 providers \(1 accounts\)/).waitFor();
  });

  it("changes the password: the form checks the confirmation, then the new password logs in", async () => {
    const { page, baseUrl } = dashboard;
    const section = page.locator("#password");
    await section.getByLabel("Current password").fill(dashboard.password);
    await section.getByLabel("New password", { exact: true }).fill("a new dashboard password");
    await section.getByLabel("New password again").fill("a different one entirely");
    await section.getByRole("button", { name: "Change password" }).click();
    await section.getByText("The two new passwords differ.").waitFor();
    await section.getByLabel("New password again").fill("a new dashboard password");
    await section.getByRole("button", { name: "Change password" }).click();
    await section.getByText("Password changed. Other sessions were logged out.").waitFor();
    // This browser got a fresh cookie; another one logs in with the new password only.
    await page.goto(`${baseUrl}/dashboard/settings`);
    assert.equal(new URL(page.url()).pathname, "/dashboard/settings");
    const other = await dashboard.browser.newPage();
    await other.goto(`${baseUrl}/login`);
    await dashboard.login(other, "a new dashboard password");
    assert.ok(new URL(other.url()).pathname.startsWith("/dashboard"));
    await other.close();
  });

  it("printed no console errors beyond the refusals it provoked", () => {
    assert.deepEqual(dashboard.console.unexpected(["409 (Conflict)", "400 (Bad Request)"]), []);
  });
});
