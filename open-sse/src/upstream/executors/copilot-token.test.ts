import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { copilotTokenRefreshAt, copilotTokenRequest, parseCopilotTokenResponse } from "./copilot-token";

describe("copilotTokenRequest", () => {
  it("asks api.github.com with the GitHub token and the editor identity", () => {
    assert.deepEqual(copilotTokenRequest("ghu_abc"), {
      url: "https://api.github.com/copilot_internal/v2/token",
      method: "GET",
      headers: {
        authorization: "token ghu_abc",
        accept: "application/json",
        "editor-version": "vscode/1.110.0",
        "editor-plugin-version": "copilot-chat/0.38.0",
        "user-agent": "GitHubCopilotChat/0.38.0",
        "x-github-api-version": "2025-04-01",
      },
    });
  });

  it("takes the configured token URL", () => {
    assert.equal(copilotTokenRequest("t", { tokenUrl: "http://127.0.0.1:21700/github/copilot_internal/v2/token" }).url, "http://127.0.0.1:21700/github/copilot_internal/v2/token");
  });
});

describe("parseCopilotTokenResponse", () => {
  it("reads the token, expiry (seconds → ms), refresh interval, plan host and sku", () => {
    const token = parseCopilotTokenResponse({
      token: "tid=abc;exp=1790000000;sku=plus_monthly:mac",
      expires_at: 1_790_000_000,
      refresh_in: 1500,
      sku: "plus_monthly_subscriber_quota",
      chat_enabled: true,
      endpoints: { api: "https://api.individual.githubcopilot.com/", proxy: "https://proxy.individual.githubcopilot.com" },
    });
    assert.deepEqual(token, {
      token: "tid=abc;exp=1790000000;sku=plus_monthly:mac",
      expiresAt: 1_790_000_000_000,
      refreshInSeconds: 1500,
      apiEndpoint: "https://api.individual.githubcopilot.com",
      sku: "plus_monthly_subscriber_quota",
    });
  });

  it("falls back to api.githubcopilot.com when no endpoint is named", () => {
    const token = parseCopilotTokenResponse({ token: "t", expires_at: 100 });
    assert.equal(token.apiEndpoint, "https://api.githubcopilot.com");
    assert.equal(token.refreshInSeconds, null);
    assert.equal(token.sku, null);
  });

  it("throws GitHub's own notice for the error envelopes", () => {
    assert.throws(
      () =>
        parseCopilotTokenResponse({
          message: "Resource not accessible",
          error_details: { notification_id: "no_copilot_access", message: "You do not have access to GitHub Copilot.", title: "No access", url: "https://github.com" },
        }),
      { message: "Copilot token exchange failed: no_copilot_access: You do not have access to GitHub Copilot." },
    );
    assert.throws(() => parseCopilotTokenResponse({ message: "Bad credentials", documentation_url: "https://docs.github.com", status: "401" }), {
      message: "Copilot token exchange failed: Bad credentials",
    });
    assert.throws(() => parseCopilotTokenResponse("nope"), { message: "Copilot token exchange failed: the answer carried no token" });
  });
});

describe("copilotTokenRefreshAt", () => {
  it("refreshes 60 s before refresh_in, but never later than a minute before expiry", () => {
    const exchangedAt = 1_000_000;
    assert.equal(copilotTokenRefreshAt({ token: "t", expiresAt: exchangedAt + 1_800_000, refreshInSeconds: 1500, apiEndpoint: "x", sku: null }, exchangedAt), exchangedAt + 1_440_000);
    assert.equal(copilotTokenRefreshAt({ token: "t", expiresAt: exchangedAt + 600_000, refreshInSeconds: 1500, apiEndpoint: "x", sku: null }, exchangedAt), exchangedAt + 540_000);
    assert.equal(copilotTokenRefreshAt({ token: "t", expiresAt: exchangedAt + 600_000, refreshInSeconds: null, apiEndpoint: "x", sku: null }, exchangedAt), exchangedAt + 540_000);
  });
});
