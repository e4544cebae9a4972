import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * Counts text tokens with OpenAI's o200k_base BPE (`gpt-tokenizer`) on a worker thread, never on the event loop:
 * loading the tables blocks for ~0.3–0.9 s and counting a 100k-token prompt for tens of milliseconds, which on the
 * gateway's thread would stall every stream in flight (Claude Code calls count_tokens on every turn). The worker
 * starts on the first count, is shared by the process, and never keeps it alive. If it cannot run (or dies), the
 * count falls back to this thread rather than failing.
 */

/** The tokenizer module, resolved here so the worker (an eval worker, with no file of its own in the bundle) loads the same copy. */
const ENCODING_MODULE = "gpt-tokenizer/encoding/o200k_base";

// CommonJS on purpose: an eval worker's `require` takes the absolute path handed over in workerData.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { countTokens } = require(workerData.encodingPath);
parentPort.on("message", (message) => {
  try {
    let total = 0;
    for (const piece of message.pieces) total += countTokens(piece);
    parentPort.postMessage({ id: message.id, total });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String((error && error.message) || error) });
  }
});
`;

interface Waiting {
  resolve(total: number): void;
  reject(error: Error): void;
  pieces: readonly string[];
}

let worker: Worker | undefined;
let nextId = 1;
const waiting = new Map<number, Waiting>();
/** Set after the worker failed to start or died twice: counts stay on this thread from then on. */
let workerUnusable = false;
let workerFailures = 0;
let localCounter: ((text: string) => number) | undefined;

/** The sum of the token counts of `pieces`. */
export function countTextTokens(pieces: readonly string[]): Promise<number> {
  if (pieces.length === 0) return Promise.resolve(0);
  const counter = workerUnusable ? undefined : startedWorker();
  if (counter === undefined) return Promise.resolve(countHere(pieces));
  return new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject, pieces });
    // Referenced only while a count is waiting: an idle worker never keeps the process alive.
    if (waiting.size === 1) counter.ref();
    counter.postMessage({ id, pieces });
  });
}

/** Counts on the calling thread (the fallback, and for callers that must stay synchronous). */
export function countTextTokensHere(pieces: readonly string[]): number {
  return countHere(pieces);
}

function countHere(pieces: readonly string[]): number {
  localCounter ??= (createRequire(import.meta.url)(ENCODING_MODULE) as { countTokens: (text: string) => number }).countTokens;
  let total = 0;
  for (const piece of pieces) total += localCounter(piece);
  return total;
}

function startedWorker(): Worker | undefined {
  if (worker !== undefined) return worker;
  try {
    const encodingPath = createRequire(import.meta.url).resolve(ENCODING_MODULE);
    const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { encodingPath } });
    started.unref();
    started.on("message", (message: { id: number; total?: number; error?: string }) => {
      const entry = waiting.get(message.id);
      if (entry === undefined) return;
      waiting.delete(message.id);
      if (waiting.size === 0) started.unref();
      if (typeof message.total === "number") entry.resolve(message.total);
      else entry.reject(new Error(`token count failed: ${message.error ?? "unknown error"}`));
    });
    let failed = false;
    const fail = (error: Error) => {
      // `error` is followed by `exit`: one failure, counted once.
      if (failed) return;
      failed = true;
      if (worker === started) worker = undefined;
      workerFailures += 1;
      if (workerFailures >= 2) workerUnusable = true;
      // Counts already handed to the dead worker are finished here, so no caller waits forever.
      const stranded = [...waiting.values()];
      waiting.clear();
      for (const entry of stranded) {
        try {
          entry.resolve(countHere(entry.pieces));
        } catch {
          entry.reject(error);
        }
      }
    };
    started.on("error", fail);
    started.on("exit", (code) => fail(new Error(`token counter exited with code ${code}`)));
    worker = started;
    return started;
  } catch {
    workerUnusable = true;
    return undefined;
  }
}
