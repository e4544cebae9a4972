// TESTPLAN #21: `kill -9` during heavy writes. Each round starts the real server on one shared data dir with a
// config file that differs from the last round's (so db.json is rewritten at boot), fires concurrent chat
// requests (usage inserts, batched into SQLite) and SIGKILLs the process at a random moment: during boot, right
// when the db.json temp file appears, or while usage batches are being written. After every kill the SQLite
// file passes `PRAGMA integrity_check`, db.json parses and validates and is either the previous or the new
// version, and the next start succeeds.
//
// The rounds spawn dist/server/cli.js (what bin/omniroute.js imports) rather than startOmniroute: that helper
// resolves only after the startup banner, and half of these kills must land before it. Going around bin/ also
// means a kill can never orphan a half-finished build. The final check uses startOmniroute as usual.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, watch, writeFileSync, type FSWatcher } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type BetterSqlite3 from "better-sqlite3";
import { Agent, request } from "undici";
import { configDocumentSchema } from "../../src/lib/server/config-db/config-db-schema";
import { readUsageRows } from "../lib/read-usage-rows";
import { repoRoot, startOmniroute } from "../lib/start-omniroute";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";

const require = createRequire(import.meta.url);
const Database = require("better-sqlite3") as typeof BetterSqlite3;

const TARGET_ROUNDS = 50;
const MIN_ROUNDS = 15;
/** Rounds stop starting after this, so the whole test stays under ~90 s on a 2-core machine. */
const ROUNDS_BUDGET_MS = 80_000;
const CONCURRENT_CLIENTS = 8;
const ACCOUNTS = 12;
const serverEntry = join(repoRoot, "dist", "server", "cli.js");

type KillMoment = "boot" | "db.json write" | "serving";

/** mulberry32: a seeded generator, so a failing round can be replayed with CRASH_SEED. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function configForRound(round: number, upstreamUrl: string) {
  return {
    // Requests authenticate with this round's key, so debounced `lastUsedAt` updates (when wired) rewrite db.json
    // while usage batches are being written too.
    server: { requireApiKey: true },
    security: { allowLocalUpstreams: true },
    // Cumulative: round n lists keys round-1…round-n, so db.json after round n holds a prefix of that list.
    apiKeys: Array.from({ length: round }, (_, index) => ({ name: `round-${index + 1}`, key: `omr-crash-round-${index + 1}-key` })),
    providers: [
      {
        id: "openai",
        // New key values every round: the document really changes and is re-encrypted and rewritten.
        accounts: Array.from({ length: ACCOUNTS }, (_, index) => ({ name: `acct-${index}`, apiKey: `sk-crash-r${round}-a${index}-0123456789`, baseUrl: upstreamUrl })),
      },
    ],
  };
}

/** Copies the database and its WAL (not -shm: SQLite rebuilds the index from the WAL, as after a crash). */
function integrityOfCopy(dataDir: string, scratch: string): { result: string; rows: number } | undefined {
  const source = join(dataDir, "omniroute.sqlite");
  if (!existsSync(source)) return undefined;
  const copy = join(scratch, `check-${Date.now()}-${Math.random().toString(16).slice(2)}.sqlite`);
  copyFileSync(source, copy);
  if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${copy}-wal`);
  const db = new Database(copy);
  try {
    const result = (db.pragma("integrity_check") as { integrity_check: string }[]).map((row) => row.integrity_check).join("; ");
    const hasUsage = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'usage'").get() !== undefined;
    const rows = hasUsage ? (db.prepare("SELECT count(*) AS n FROM usage").get() as { n: number }).n : 0;
    return { result, rows };
  } finally {
    db.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${copy}${suffix}`, { force: true });
  }
}

/** db.json must parse and validate; returns how many round keys it holds (which version it is). */
function checkConfigDb(dataDir: string): number | undefined {
  const file = join(dataDir, "db.json");
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, "utf8");
  assert.ok(text.length > 0, "db.json is empty");
  const document = configDocumentSchema.parse(JSON.parse(text));
  const names = document.apiKeys.map((apiKey) => apiKey.name);
  names.forEach((name, index) => assert.equal(name, `round-${index + 1}`, `db.json keys are not a prefix: ${names.join(",")}`));
  return names.length;
}

describe("kill -9 during heavy writes", () => {
  let mock: OpenAiMock;
  let workDir: string;

  before(async () => {
    assert.ok(existsSync(serverEntry), `${serverEntry} is missing: run the build (node scripts/test.mjs does)`);
    mock = await startOpenAiMock({ record: false });
    workDir = mkdtempSync(join(tmpdir(), "omniroute-crash-"));
  });

  after(async () => {
    await mock?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("keeps SQLite intact and db.json whole across repeated SIGKILLs, and starts again every time", { timeout: 150_000 }, async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const dataDir = join(workDir, "data");
    const scratch = mkdtempSync(join(workDir, "scratch-"));
    const sentIds = new Set<string>();
    const clientErrors: string[] = [];
    const moments: Record<KillMoment, number> = { boot: 0, "db.json write": 0, serving: 0 };
    let killsWithTempFileLeft = 0;
    let tempFilesSeen = new Set<string>();
    let roundsServing = 0;
    let okResponses = 0;
    let configVersion = 0;
    let rounds = 0;
    const started = Date.now();

    for (let round = 1; round <= TARGET_ROUNDS; round++) {
      if (round > MIN_ROUNDS && Date.now() - started > ROUNDS_BUDGET_MS) break;
      rounds = round;
      const configFile = join(workDir, `config-${round}.json`);
      writeFileSync(configFile, JSON.stringify(configForRound(round, mock.url)));
      const moment: KillMoment = (["boot", "db.json write", "serving"] as const)[round % 3]!;
      moments[moment] += 1;

      const child = spawn(process.execPath, [serverEntry, "--no-open", "--port", "0", "--data-dir", dataDir, "--config", configFile], {
        cwd: workDir,
        env: { PATH: process.env.PATH ?? "", HOME: workDir, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", LOG_REQUESTS: "false" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once("exit", (code, signal) => resolve({ code, signal })),
      );
      let killed = false;
      const kill = () => {
        if (!killed) {
          killed = true;
          child.kill("SIGKILL");
        }
      };

      let watcher: FSWatcher | undefined;
      let killTimer: NodeJS.Timeout | undefined;
      if (moment === "boot") {
        // Spawn to banner takes ~150–250 ms here; anywhere in it (secrets, db.json, SQLite migration).
        killTimer = setTimeout(kill, Math.floor(random() * 250));
      } else if (moment === "db.json write") {
        // Kill the moment the atomic writer's temp file shows up (inotify), i.e. mid-write or mid-rename.
        const dataDirReady = existsSync(dataDir);
        const onName = (name: string | Buffer | null) => {
          if (name !== null && String(name).startsWith(".db.json.")) kill();
        };
        if (dataDirReady) watcher = watch(dataDir, (_event, name) => onName(name));
        // Safety net: if the write is missed (first round creates the dir), kill anyway.
        killTimer = setTimeout(kill, 600);
      }

      const agent = new Agent({ connections: CONCURRENT_CLIENTS, pipelining: 0 });
      const banner = new Promise<string | undefined>((resolve) => {
        const onData = () => {
          const match = /API:\s+(http:\/\/[^\s]+)\/v1/.exec(stdout);
          if (match) {
            child.stdout.off("data", onData);
            resolve(match[1]);
          }
        };
        child.stdout.on("data", onData);
        void exited.then(() => resolve(undefined));
      });

      const url = await banner;
      const clients: Promise<void>[] = [];
      if (url !== undefined && !killed) {
        roundsServing += 1;
        // While serving: 20–800 ms after the first answer of this round (not after the banner: on a loaded machine a
        // fresh process's first answers can take most of that window, and the kill must land while rows are written).
        let servingKillArmed = false;
        const armServingKill = () => {
          if (moment !== "serving" || servingKillArmed) return;
          servingKillArmed = true;
          killTimer = setTimeout(kill, 20 + Math.floor(random() * 780));
        };
        if (moment === "serving") killTimer = setTimeout(armServingKill, 3_000);
        for (let client = 0; client < CONCURRENT_CLIENTS; client++) {
          clients.push(
            (async () => {
              for (let sequence = 0; !killed && sequence < 5_000; sequence++) {
                const requestId = `crash-r${round}-c${client}-${sequence}`;
                sentIds.add(requestId);
                try {
                  const response = await request(`${url}/v1/chat/completions`, {
                    dispatcher: agent,
                    method: "POST",
                    headers: { "content-type": "application/json", "x-request-id": requestId, authorization: `Bearer omr-crash-round-${round}-key` },
                    body: JSON.stringify({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: `r${round}` }] }),
                  });
                  await response.body.dump();
                  if (response.statusCode === 200) {
                    okResponses += 1;
                    armServingKill();
                  }
                  else clientErrors.push(`round ${round}: ${requestId} answered ${response.statusCode}`);
                } catch (error) {
                  // Once the kill is sent, resets and refusals are the expected end of the loop.
                  if (!killed) clientErrors.push(`round ${round}: ${requestId}: ${error instanceof Error ? error.message : String(error)}`);
                  return;
                }
              }
            })(),
          );
        }
      }

      const exit = await exited;
      clearTimeout(killTimer);
      watcher?.close();
      await Promise.all(clients);
      await agent.destroy();
      assert.deepEqual(clientErrors.slice(0, 5), [], `round ${round} (seed ${seed}): requests failed before the kill`);
      assert.ok(killed && exit.signal === "SIGKILL", `round ${round} (${moment}, seed ${seed}): the server exited by itself (${JSON.stringify(exit)}).\nstdout:\n${stdout}\nstderr:\n${stderr}`);

      const integrity = integrityOfCopy(dataDir, scratch);
      if (integrity !== undefined) assert.equal(integrity.result, "ok", `round ${round} (${moment}, seed ${seed}): integrity_check`);
      const version = checkConfigDb(dataDir);
      if (version !== undefined) {
        assert.ok(version >= configVersion && version <= round, `round ${round} (seed ${seed}): db.json holds version ${version}, expected ${configVersion}…${round}`);
        configVersion = version;
      } else {
        assert.equal(configVersion, 0, `round ${round} (seed ${seed}): db.json vanished`);
      }
      // Evidence that the kill landed mid-write: the atomic writer's temp file was left behind. The next start
      // removes such leftovers, so they never pile up: at most the one from this kill exists.
      const tempFiles = existsSync(dataDir) ? readdirSync(dataDir).filter((name) => name.startsWith(".db.json.") && name.endsWith(".tmp")) : [];
      assert.ok(tempFiles.length <= 1, `round ${round}: leftover temp files pile up: ${tempFiles.join(", ")}`);
      if (tempFiles.some((name) => !tempFilesSeen.has(name))) killsWithTempFileLeft += 1;
      tempFilesSeen = new Set(tempFiles);
    }

    // The start after the last kill: the real command, serving, and an orderly stop that flushes usage.
    const final = await startOmniroute({ dataDir, config: configForRound(rounds, mock.url), env: { LOG_REQUESTS: "false" } });
    try {
      const health = await request(`${final.url}/api/health`);
      assert.equal(health.statusCode, 200, await health.body.text());
      const response = await request(`${final.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": "crash-final", authorization: `Bearer omr-crash-round-${rounds}-key` },
        body: JSON.stringify({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "after" }] }),
      });
      assert.equal(response.statusCode, 200, await response.body.text());
      assert.equal(await final.stop(), 0);
    } finally {
      await final.dispose();
    }
    assert.equal(checkConfigDb(dataDir), rounds);
    assert.deepEqual(readdirSync(dataDir).filter((name) => name.endsWith(".tmp")), [], "the clean start removed the last crash's temp file");
    const rows = readUsageRows(dataDir);
    const stored = rows.map((row) => row.request_id);
    assert.equal(new Set(stored).size, stored.length, "a request id was stored twice");
    assert.ok(stored.includes("crash-final"), "the row written after the last crash is there");
    const unknown = stored.filter((id) => id !== "crash-final" && !sentIds.has(id));
    assert.deepEqual(unknown, [], "rows that no request produced");
    const database = new Database(join(dataDir, "omniroute.sqlite"), { readonly: true });
    try {
      assert.equal((database.pragma("integrity_check") as { integrity_check: string }[])[0]!.integrity_check, "ok");
    } finally {
      database.close();
    }

    const elapsed = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `crash-safety: ${rounds} of ${TARGET_ROUNDS} rounds in ${elapsed} s (seed ${seed}); kills during boot ${moments.boot}, ` +
        `at the db.json write ${moments["db.json write"]}, while serving ${moments.serving}; ${roundsServing} rounds reached the banner; ` +
        `${okResponses} requests answered 200, ${rows.length - 1} usage rows survived; ${killsWithTempFileLeft} kills landed mid db.json write (a temp file was left behind)`,
    );
    assert.ok(rounds >= MIN_ROUNDS, `only ${rounds} rounds ran`);
    assert.ok(okResponses > 0 && rows.length > 1, "the serving rounds wrote usage rows");
  });
});
