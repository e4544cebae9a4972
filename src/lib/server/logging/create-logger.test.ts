import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, it } from "node:test";
import { createLogger, parseLogLevel } from "./create-logger";

let logsDir: string;
beforeEach(() => {
  logsDir = mkdtempSync(join(tmpdir(), "logger-test-"));
});
afterEach(() => rmSync(logsDir, { recursive: true, force: true }));

function capture() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

/** Next types NODE_ENV as required: test environments are built loosely. */
const env = (values: Record<string, string>) => values as unknown as NodeJS.ProcessEnv;
const FIXED = new Date("2026-12-01T10:20:30.456Z");
const requestLine = {
  requestId: "req-1",
  method: "POST",
  path: "/v1/chat/completions",
  status: 200,
  latencyMs: 12,
  model: "openai/gpt-4o",
  provider: "openai",
  account: "work",
  usageStatus: "ok" as const,
  errorCode: null,
};

describe("createLogger", () => {
  it("writes every line as JSON with time, level, msg first, and requestId on request lines", async () => {
    const out = capture();
    const logger = createLogger({ logsDir, console: out.stream, env: env({}), now: () => FIXED });
    logger.request(requestLine);
    logger.warn("upstream attempt failed", { requestId: "req-1", provider: "openai", status: 429 });
    logger.info("started", { port: 1 });
    await logger.close();
    const lines = out.text().trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines.length, 3);
    assert.deepEqual(Object.keys(lines[0]!).slice(0, 4), ["time", "level", "msg", "requestId"]);
    assert.equal(lines[0]!.time, "2026-12-01T10:20:30.456Z");
    assert.equal(lines[0]!.level, "info");
    assert.equal(lines[0]!.msg, "request");
    assert.equal(lines[0]!.requestId, "req-1");
    assert.equal(lines[1]!.level, "warn");
    assert.equal(lines[1]!.requestId, "req-1");
    assert.equal(lines[1]!.status, 429);
    const files = readdirSync(logsDir);
    assert.deepEqual(files, ["omniroute-2026-12-01.log"]);
    const fileLines = readFileSync(join(logsDir, files[0]!), "utf8").trim().split("\n");
    assert.equal(fileLines.length, 3);
    for (const line of fileLines) JSON.parse(line);
  });

  it("masks fields named like secrets and redacts credential shapes anywhere", async () => {
    const out = capture();
    const logger = createLogger({ logsDir, console: out.stream, env: env({}), now: () => FIXED });
    logger.error("login failed", { password: "hunter2hunter2", nested: { apiKey: "abc", note: "key sk-abcdefghijklmnop1234" }, msg: "cannot replace" });
    await logger.close();
    const line = JSON.parse(out.text()) as Record<string, unknown>;
    assert.equal(line.msg, "login failed");
    assert.equal(line.password, "[masked]");
    assert.deepEqual(line.nested, { apiKey: "[masked]", note: "key [redacted]" });
    assert.ok(!out.text().includes("hunter2"));
  });

  it("LOG_LEVEL drops lower levels everywhere; unknown values keep info", async () => {
    const out = capture();
    const logger = createLogger({ logsDir, console: out.stream, env: env({ LOG_LEVEL: "warn" }), now: () => FIXED });
    assert.equal(logger.level, "warn");
    logger.request(requestLine);
    logger.info("dropped");
    logger.debug("dropped too");
    logger.warn("kept");
    await logger.close();
    const lines = out.text().trim().split("\n");
    assert.equal(lines.length, 1);
    assert.equal((JSON.parse(lines[0]!) as { msg: string }).msg, "kept");
    assert.equal(parseLogLevel("DEBUG"), "debug");
    assert.equal(parseLogLevel("warning"), "warn");
    assert.equal(parseLogLevel("loud"), undefined);
    assert.equal(createLogger({ logsDir, console: out.stream, env: env({ LOG_LEVEL: "loud" }) }).level, "info");
  });

  it("debug lines appear only at LOG_LEVEL=debug", async () => {
    const out = capture();
    const logger = createLogger({ logsDir, console: out.stream, env: env({ LOG_LEVEL: "debug" }), now: () => FIXED });
    logger.debug("details", { requestId: "r" });
    await logger.close();
    assert.equal((JSON.parse(out.text()) as { level: string }).level, "debug");
  });

  it("LOG_FORMAT=pretty prints text on the console and keeps JSON in the file", async () => {
    const out = capture();
    const logger = createLogger({ logsDir, console: out.stream, env: env({ LOG_FORMAT: "pretty" }), now: () => FIXED });
    logger.request(requestLine);
    logger.warn("slow", { token: "abcdefghijkl", provider: "x" });
    await logger.close();
    const text = out.text();
    assert.match(text, /^2026-12-01T10:20:30\.456Z INFO {2}POST \/v1\/chat\/completions 200 12ms openai\/gpt-4o account=work id=req-1$/m);
    assert.match(text, /WARN {2}slow token=\[masked\] provider=x/);
    const file = readFileSync(join(logsDir, "omniroute-2026-12-01.log"), "utf8");
    assert.equal((JSON.parse(file.split("\n")[0]!) as { msg: string }).msg, "request");
  });

  it("request lines stay off the console when asked, but reach the file", async () => {
    const out = capture();
    const logger = createLogger({ logsDir, console: out.stream, env: env({}), requestLinesOnConsole: false, now: () => FIXED });
    logger.request(requestLine);
    await logger.close();
    assert.equal(out.text(), "");
    assert.match(readFileSync(join(logsDir, "omniroute-2026-12-01.log"), "utf8"), /"requestId":"req-1"/);
  });

  it("serializes errors, cycles and bigints without throwing", async () => {
    const out = capture();
    const logger = createLogger({ logsDir, console: out.stream, env: env({}), now: () => FIXED });
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    logger.error("odd", { error: new Error("boom"), cyclic, big: 10n });
    await logger.close();
    const line = JSON.parse(out.text()) as Record<string, unknown>;
    assert.deepEqual(line.error, { name: "Error", message: "boom" });
    assert.deepEqual(line.cyclic, { name: "loop", self: "[cycle]" });
    assert.equal(line.big, "10");
  });
});
