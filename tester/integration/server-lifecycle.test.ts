import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { request } from "undici";
import { startOpenAiMock } from "../mock-upstream/openai-mock-server";
import { readUsageRows } from "../lib/read-usage-rows";
import { loginCookie } from "../lib/dashboard-session";
import { repoRoot, runOmniroute, startOmniroute } from "../lib/start-omniroute";

const version = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version;

function writeConfig(config: unknown): { file: string; dispose: () => void } {
  const directory = mkdtempSync(join(tmpdir(), "omniroute-config-"));
  const file = join(directory, "config.json");
  writeFileSync(file, typeof config === "string" ? config : JSON.stringify(config));
  return { file, dispose: () => rmSync(directory, { recursive: true, force: true }) };
}

describe("the omniroute command", () => {
  it("--help and --version", async () => {
    const help = await runOmniroute(["--help"]);
    assert.equal(help.code, 0);
    for (const flag of ["--port", "--host", "--no-open", "--config", "--data-dir", "--version"]) assert.match(help.stdout, new RegExp(flag));
    const printed = await runOmniroute(["--version"]);
    assert.equal(printed.code, 0);
    assert.equal(printed.stdout.trim(), version);
  });

  it("an unknown flag exits 2 with a hint", async () => {
    const result = await runOmniroute(["--bogus"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--help/);
  });

  it("a config file with errors exits 2, naming each bad path, without echoing secrets", async () => {
    const config = writeConfig({
      providers: [
        { id: "openai", accounts: [{ apiKey: "sk-never-print-me-123456" }] },
        { id: "custom", type: "openai-compatible", baseUrl: "not a url", accounts: [{ apiKey: "x" }] },
      ],
      surprise: true,
    });
    const result = await runOmniroute(["--config", config.file]);
    config.dispose();
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /providers\[1\]\.baseUrl/);
    assert.match(result.stderr, /surprise/);
    assert.doesNotMatch(result.stderr + result.stdout, /sk-never-print-me/);
  });

  it("a loopback upstream is refused unless security.allowLocalUpstreams is true; metadata always", async () => {
    const local = writeConfig({ providers: [{ id: "openai", accounts: [{ apiKey: "k", baseUrl: "http://127.0.0.1:9/v1" }] }] });
    const refused = await runOmniroute(["--config", local.file]);
    local.dispose();
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /providers\[0\]\.accounts\[0\]\.baseUrl/);
    assert.match(refused.stderr, /allowLocalUpstreams/);
    const metadata = writeConfig({
      security: { allowLocalUpstreams: true },
      providers: [{ id: "openai", accounts: [{ apiKey: "k", baseUrl: "http://169.254.169.254/v1" }] }],
    });
    const metadataResult = await runOmniroute(["--config", metadata.file]);
    metadata.dispose();
    assert.equal(metadataResult.code, 2);
    assert.match(metadataResult.stderr, /metadata/);
  });

  it("OMNIROUTE_CONFIG is read like --config; invalid JSON names the line", async () => {
    const broken = writeConfig('{\n  "providers": [\n    { "id": "openai", }\n  ]\n}');
    const result = await runOmniroute([], { OMNIROUTE_CONFIG: broken.file });
    broken.dispose();
    assert.equal(result.code, 2);
    assert.match(result.stderr, /line 3/);
  });

  it("prints URLs and the data dir, serves /api/health and the dashboard, and binds loopback by default", async () => {
    // The dashboard needs a session (tester/integration/dashboard-auth.test.ts covers login itself).
    const server = await startOmniroute({ env: { INITIAL_PASSWORD: "lifecycle-password-123" } });
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(server.stdout(), /Dashboard:\s+http:\/\/127\.0\.0\.1:\d+\/dashboard/);
      assert.ok(server.stdout().includes(server.dataDir));
      const health = await request(`${server.url}/api/health`);
      const report = (await health.body.json()) as { status: string; checks: { name: string; ok: boolean }[] };
      assert.equal(health.statusCode, 200);
      assert.equal(report.status, "ok");
      assert.ok(report.checks.some((check) => check.name === "sqlite.write" && check.ok));
      const cookie = await loginCookie(server.url, "lifecycle-password-123");
      const dashboard = await request(`${server.url}/dashboard`, { headers: { cookie } });
      const html = await dashboard.body.text();
      assert.equal(dashboard.statusCode, 200);
      assert.ok(html.includes(`${server.url}/v1`), "the dashboard shows the endpoint URL");
      assert.match(html, /Claude Code/);
      assert.match(html, /Codex/);
      assert.match(html, /Cursor/);
      const root = await request(`${server.url}/`, { headers: { accept: "text/html" } });
      assert.equal(root.statusCode, 302);
      assert.equal(root.headers.location, "/dashboard");
      await root.body.dump();
    } finally {
      await server.dispose();
    }
  });

  it("requireApiKey: refuses without a key, accepts Bearer and x-api-key", async () => {
    const mock = await startOpenAiMock();
    const server = await startOmniroute({
      config: {
        server: { requireApiKey: true },
        security: { allowLocalUpstreams: true },
        apiKeys: [{ name: "ci", key: "omr-test-key-123" }],
        providers: [{ id: "openai", accounts: [{ apiKey: "sk-upstream", baseUrl: mock.url }] }],
      },
    });
    try {
      const call = async (headers: Record<string, string>) => {
        const response = await request(`${server.url}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ model: "openai/gpt-4o", messages: [{ role: "user", content: "x" }] }),
        });
        return { status: response.statusCode, text: await response.body.text() };
      };
      const missing = await call({});
      assert.equal(missing.status, 401);
      assert.equal(JSON.parse(missing.text).error.code, "invalid_api_key");
      assert.equal((await call({ authorization: "Bearer wrong-key" })).status, 401);
      assert.equal((await call({ authorization: "Bearer omr-test-key-123" })).status, 200);
      assert.equal((await call({ "x-api-key": "omr-test-key-123" })).status, 200);
      // Gemini clients send `?key=`: accepted on /v1beta only.
      const geminiWithKey = await request(`${server.url}/v1beta/models?key=omr-test-key-123`);
      await geminiWithKey.body.dump();
      assert.equal(geminiWithKey.statusCode, 200);
      const geminiWithoutKey = await request(`${server.url}/v1beta/models`);
      await geminiWithoutKey.body.dump();
      assert.equal(geminiWithoutKey.statusCode, 401);
      const queryKeyOnV1 = await request(`${server.url}/v1/models?key=omr-test-key-123`);
      await queryKeyOnV1.body.dump();
      assert.equal(queryKeyOnV1.statusCode, 401);
      assert.equal(mock.requests.length, 2);
      const db = readFileSync(join(server.dataDir, "db.json"), "utf8");
      assert.ok(!db.includes("omr-test-key-123"), "client keys are stored hashed");
      assert.ok(!db.includes("sk-upstream"), "provider keys are stored encrypted");
    } finally {
      await server.dispose();
      await mock.close();
    }
  });

  it("restarting with the same config changes nothing; data survives restarts", async () => {
    const mock = await startOpenAiMock();
    const config = writeConfig({
      security: { allowLocalUpstreams: true },
      providers: [{ id: "openai", accounts: [{ name: "a", apiKey: "sk-same", baseUrl: mock.url }] }],
    });
    const first = await startOmniroute({ args: ["--config", config.file] });
    const dataDir = first.dataDir;
    try {
      const response = await request(`${first.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": "restart-1" },
        body: JSON.stringify({ model: "openai/gpt-4o", messages: [{ role: "user", content: "x" }] }),
      });
      await response.body.dump();
      assert.equal(await first.stop(), 0);
      const dbBefore = readFileSync(join(dataDir, "db.json"), "utf8");
      const second = await startOmniroute({ args: ["--config", config.file], dataDir });
      await second.stop();
      assert.equal(readFileSync(join(dataDir, "db.json"), "utf8"), dbBefore);
      assert.equal(readUsageRows(dataDir).filter((row) => row.request_id === "restart-1").length, 1);
    } finally {
      await first.dispose();
      config.dispose();
      await mock.close();
    }
  });

  it("SIGTERM drains an in-flight stream, flushes its usage row and exits 0", async () => {
    const mock = await startOpenAiMock();
    mock.setDefault({ kind: "stream", chunks: 10, delayMs: 100 });
    const server = await startOmniroute({
      config: { security: { allowLocalUpstreams: true }, providers: [{ id: "openai", accounts: [{ apiKey: "k", baseUrl: mock.url }] }] },
    });
    try {
      const response = await request(`${server.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": "drain-1" },
        body: JSON.stringify({ model: "openai/gpt-4o", stream: true, messages: [{ role: "user", content: "x" }] }),
      });
      const text = response.body.text();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const exit = server.stop("SIGTERM");
      const streamed = await text;
      assert.ok(streamed.trimEnd().endsWith("data: [DONE]"), "the stream finished instead of being cut");
      assert.equal(await exit, 0);
      const rows = readUsageRows(server.dataDir).filter((row) => row.request_id === "drain-1");
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.status, "ok");
    } finally {
      await server.dispose();
      await mock.close();
    }
  });

  it("a corrupt db.json stops startup loudly and is left untouched", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "omniroute-corrupt-"));
    const first = await startOmniroute({ dataDir });
    await first.stop();
    writeFileSync(join(dataDir, "db.json"), '{"schemaVersion": 1, "providers": [');
    const result = await runOmniroute(["--data-dir", dataDir]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /corrupt/);
    assert.equal(readFileSync(join(dataDir, "db.json"), "utf8"), '{"schemaVersion": 1, "providers": [');
    await first.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
