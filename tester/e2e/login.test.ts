import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startDashboard, type Dashboard } from "./harness";

// Logging in with the printed first-run password, a wrong password, and a session the server no longer accepts.
let dashboard: Dashboard;

before(async () => {
  dashboard = await startDashboard();
});

after(async () => {
  await dashboard?.stop();
});

describe("dashboard login", () => {
  it("an anonymous visit to a dashboard page goes to the login page, keeping where it was going", async () => {
    const { page, baseUrl } = dashboard;
    await page.goto(`${baseUrl}/dashboard/keys`);
    const url = new URL(page.url());
    assert.equal(url.pathname, "/login");
    assert.equal(url.searchParams.get("next"), "/dashboard/keys");
    assert.ok(await page.getByRole("heading", { name: "Log in", exact: true }).isVisible());
  });

  it("a wrong password is refused with a message, and no session cookie is set", async () => {
    const { page, baseUrl, context } = dashboard;
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("alert").filter({ hasText: "Invalid password." }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/login");
    const cookies = await context.cookies();
    assert.equal(cookies.find((cookie) => cookie.name === "auth_token"), undefined);
  });

  it("the first-run password logs in; a fresh install lands on the welcome page that explains it", async () => {
    const { page } = dashboard;
    await dashboard.login();
    assert.equal(new URL(page.url()).pathname, "/dashboard/welcome");
    assert.ok(await page.getByRole("heading", { name: "Your dashboard password" }).isVisible());
    assert.ok(await page.getByText("password: …").first().isVisible());
    const cookie = (await dashboard.context.cookies()).find((entry) => entry.name === "auth_token");
    assert.ok(cookie?.httpOnly, "the session cookie is HttpOnly");
  });

  it("an expired session sends the next page load back to login, saying why", async () => {
    const { page, baseUrl, context } = dashboard;
    // A token signed with another secret is what an expired or revoked one looks like to the server: refused.
    const stale = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiIsImlzcyI6Im9tbmlyb3V0ZSIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAwMDAxfQ.c2lnbmF0dXJl";
    await context.addCookies([{ name: "auth_token", value: stale, url: baseUrl, httpOnly: true, sameSite: "Strict" }]);
    await page.goto(`${baseUrl}/dashboard/combos`);
    const url = new URL(page.url());
    assert.equal(url.pathname, "/login");
    assert.equal(url.searchParams.get("next"), "/dashboard/combos");
    assert.ok(await page.getByText("Your session has expired").isVisible());
    await dashboard.login(page);
    // Logging in from there goes back where the user was headed.
    await page.goto(`${baseUrl}/login?next=%2Fdashboard%2Fcombos`);
    assert.equal(new URL(page.url()).pathname, "/dashboard/combos", "a valid session skips the login form");
  });

  it("logs out from the shell", async () => {
    const { page, baseUrl } = dashboard;
    await page.goto(`${baseUrl}/dashboard`);
    await page.getByRole("button", { name: "Log out" }).first().click();
    await page.waitForURL((url) => url.pathname === "/login");
    await page.goto(`${baseUrl}/dashboard`);
    assert.equal(new URL(page.url()).pathname, "/login");
  });

  it("printed no console errors beyond the refused login request", () => {
    assert.deepEqual(dashboard.console.unexpected(["401 (Unauthorized)"]), []);
  });
});
