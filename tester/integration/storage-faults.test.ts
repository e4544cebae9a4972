// TESTPLAN #22: degraded storage against the real server process. Proxying must go on while SQLite cannot be
// written, usage rows wait in the bounded queue (or are dropped with a report) and are written exactly once when
// the fault clears.
//   (a) another process holds the write lock (BEGIN IMMEDIATE from a connection in this test);
//   (b) the database files become read-only. The tests run as root, which ignores file modes, so `chattr +i`
//       (the immutable attribute, which binds root too) makes them read-only for real;
//   (c) the disk is full: DATA_DIR on a 4 MB tmpfs, filled to the last byte by a filler file.
// (b) and (c) need root with CAP_LINUX_IMMUTABLE / CAP_SYS_ADMIN; without them they are skipped, saying why.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type BetterSqlite3 from "better-sqlite3";
import { request } from "undici";
import { readUsageRows } from "../lib/read-usage-rows";
import { eventually, startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";

const require = createRequire(import.meta.url);
const Database = require("better-sqlite3") as typeof BetterSqlite3;

/** A request may wait on storage at most this long; the fault itself lasts far longer. */
const MAX_LATENCY_UNDER_FAULT_MS = 750;

let mock: OpenAiMock;
before(async () => {
  mock = await startOpenAiMock({ record: false });
});
after(async () => {
  await mock?.close();
});

const config = () => ({
  server: { requireApiKey: false },
  security: { allowLocalUpstreams: true },
  providers: [{ id: "openai", accounts: [{ name: "main", apiKey: "sk-storage-faults-0123456789", baseUrl: mock.url }] }],
});

async function chat(gateway: OmnirouteProcess, requestId: string): Promise<{ status: number; latencyMs: number }> {
  const started = performance.now();
  const response = await request(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-request-id": requestId },
    body: JSON.stringify({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "x" }] }),
  });
  await response.body.dump();
  return { status: response.statusCode, latencyMs: performance.now() - started };
}

/** `count` requests, `concurrency` at a time, spread over at least `spreadMs` so several usage flushes fall inside. */
async function drive(gateway: OmnirouteProcess, prefix: string, count: number, spreadMs: number) {
  const results: { id: string; status: number; latencyMs: number }[] = [];
  const pause = spreadMs / count;
  for (let index = 0; index < count; index += 2) {
    const ids = [`${prefix}-${index}`, `${prefix}-${index + 1}`].slice(0, count - index);
    const batch = await Promise.all(ids.map(async (id) => ({ id, ...(await chat(gateway, id)) })));
    results.push(...batch);
    await new Promise((resolve) => setTimeout(resolve, pause * 2));
  }
  return results;
}

function assertServedDespiteFault(results: { id: string; status: number; latencyMs: number }[], fault: string) {
  const failed = results.filter((result) => result.status !== 200);
  assert.deepEqual(failed, [], `requests failed while ${fault}`);
  const slowest = Math.max(...results.map((result) => result.latencyMs));
  assert.ok(slowest < MAX_LATENCY_UNDER_FAULT_MS, `a request took ${slowest.toFixed(0)} ms while ${fault}: storage blocked the request path`);
}

/** Waits until every id has exactly one usage row. */
async function assertWrittenExactlyOnce(dataDir: string, ids: string[], timeoutMs = 20_000) {
  const wanted = new Set(ids);
  await eventually(() => {
    const stored = readUsageRows(dataDir).filter((row) => wanted.has(row.request_id));
    return stored.length >= wanted.size ? stored : undefined;
  }, timeoutMs).catch(() => undefined);
  const stored = readUsageRows(dataDir).map((row) => row.request_id).filter((id) => wanted.has(id));
  assert.equal(stored.length, wanted.size, `${stored.length} of ${wanted.size} rows written after the fault cleared`);
  assert.equal(new Set(stored).size, stored.length, "a row was written twice");
}

function storedIds(dataDir: string, prefix: string): string[] {
  return readUsageRows(dataDir).map((row) => row.request_id).filter((id) => id.startsWith(prefix));
}

function capability(probe: () => void): string | undefined {
  try {
    probe();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.split("\n")[0] : String(error);
  }
}

describe("degraded storage: proxying goes on, usage rows wait and are written once", () => {
  it("(a) another process holds the SQLite write lock", { timeout: 60_000 }, async () => {
    const gateway = await startOmniroute({ config: config(), env: { LOG_REQUESTS: "false" } });
    const locker = new Database(join(gateway.dataDir, "omniroute.sqlite"));
    try {
      const warmup = await drive(gateway, "warm", 4, 0);
      assertServedDespiteFault(warmup, "warming up");
      await assertWrittenExactlyOnce(gateway.dataDir, warmup.map((result) => result.id), 5_000);

      locker.exec("BEGIN IMMEDIATE");
      const locked = await drive(gateway, "locked", 30, 1_500);
      assertServedDespiteFault(locked, "another process held the write lock");
      assert.deepEqual(storedIds(gateway.dataDir, "locked-"), [], "rows were written through someone else's lock");
      locker.exec("ROLLBACK");

      await assertWrittenExactlyOnce(gateway.dataDir, locked.map((result) => result.id));
      assert.equal(await gateway.stop(), 0);
      assert.match(gateway.stdout() + gateway.stderr(), /usage rows not written yet/, "the write failure was reported");
    } finally {
      if (locker.inTransaction) locker.exec("ROLLBACK");
      locker.close();
      await gateway.dispose();
    }
  });

  it("(b) the database files become read-only (chattr +i, which binds root too)", { timeout: 60_000 }, async (context) => {
    const missing = capability(() => {
      const probeDir = mkdtempSync(join(tmpdir(), "omniroute-chattr-"));
      const probe = join(probeDir, "probe");
      closeSync(openSync(probe, "w"));
      try {
        execFileSync("chattr", ["+i", probe], { stdio: "pipe" });
        execFileSync("chattr", ["-i", probe], { stdio: "pipe" });
      } finally {
        rmSync(probeDir, { recursive: true, force: true });
      }
    });
    if (missing !== undefined) return context.skip(`chattr +i is not available here: ${missing}`);

    const gateway = await startOmniroute({ config: config(), env: { LOG_REQUESTS: "false" } });
    const sqliteFile = join(gateway.dataDir, "omniroute.sqlite");
    const frozen: string[] = [];
    const thaw = () => {
      for (const file of frozen.splice(0)) execFileSync("chattr", ["-i", file], { stdio: "pipe" });
    };
    try {
      const warmup = await drive(gateway, "warm", 4, 0);
      await assertWrittenExactlyOnce(gateway.dataDir, warmup.map((result) => result.id), 5_000);

      // The main file and its WAL; the -shm index stays writable (it is shared memory, not data).
      for (const file of [sqliteFile, `${sqliteFile}-wal`]) {
        if (!existsSync(file)) continue;
        execFileSync("chattr", ["+i", file], { stdio: "pipe" });
        frozen.push(file);
      }
      const readOnly = await drive(gateway, "readonly", 30, 1_500);
      assertServedDespiteFault(readOnly, "the database was read-only");
      const health = await request(`${gateway.url}/api/health`);
      const healthText = await health.body.text();
      assert.ok(health.headers["content-type"]?.includes("json"), `/api/health answered ${health.statusCode}: ${healthText.slice(0, 200)}`);
      const report = JSON.parse(healthText) as { checks?: { name: string; ok: boolean }[] };
      assert.equal(report.checks?.find((check) => check.name === "sqlite.write")?.ok, false, "health shows the write failure");
      thaw();

      await assertWrittenExactlyOnce(gateway.dataDir, readOnly.map((result) => result.id));
      assert.equal(await gateway.stop(), 0);
      assert.match(gateway.stdout() + gateway.stderr(), /usage rows not written yet/, "the write failure was reported");
    } finally {
      thaw();
      await gateway.dispose();
    }
  });

  it("(c) the disk is full (DATA_DIR on a tiny tmpfs)", { timeout: 60_000 }, async (context) => {
    const mountPoint = mkdtempSync(join(tmpdir(), "omniroute-full-"));
    const missing = capability(() => execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", mountPoint], { stdio: "pipe" }));
    if (missing !== undefined) {
      rmdirSync(mountPoint);
      return context.skip(`cannot mount a tmpfs here: ${missing}`);
    }
    const dataDir = join(mountPoint, "data");
    const filler = join(mountPoint, "filler");
    let gateway: OmnirouteProcess | undefined;
    try {
      gateway = await startOmniroute({ config: config(), dataDir, env: { LOG_REQUESTS: "false" } });
      const warmup = await drive(gateway, "warm", 4, 0);
      await assertWrittenExactlyOnce(dataDir, warmup.map((result) => result.id), 5_000);

      // Take every free block; tmpfs answers ENOSPC at once, so SQLite answers SQLITE_FULL.
      const descriptor = openSync(filler, "w");
      try {
        const block = Buffer.alloc(64 * 1024, 1);
        for (let written = 0; written < 64 * 1024 * 1024; written += block.length) {
          try {
            writeSync(descriptor, block);
          } catch {
            break;
          }
        }
        for (let size = 4096; size >= 1; size >>= 1) {
          try {
            while (writeSync(descriptor, Buffer.alloc(size, 1)) === size);
          } catch {
            // This size no longer fits; try a smaller one.
          }
        }
      } finally {
        closeSync(descriptor);
      }

      const full = await drive(gateway, "full", 30, 1_500);
      assertServedDespiteFault(full, "the disk was full");
      rmSync(filler);

      await assertWrittenExactlyOnce(dataDir, full.map((result) => result.id));
      assert.equal(await gateway.stop(), 0);
      assert.match(gateway.stdout() + gateway.stderr(), /usage rows not written yet/, "the write failure was reported");
    } finally {
      await gateway?.dispose();
      rmSync(filler, { force: true });
      execFileSync("umount", [mountPoint], { stdio: "pipe" });
      rmdirSync(mountPoint);
    }
  });
});
