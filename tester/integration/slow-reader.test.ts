import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";
import { eventually, startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { readUsageRows } from "../lib/read-usage-rows";

// TESTPLAN 15: a client that stops reading must not make the gateway buffer the upstream's whole answer.
// Backpressure leaves the bytes in the upstream's socket and process, not in ours.
let mock: OpenAiMock;
let gateway: OmnirouteProcess;

function residentMegabytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((entry) => entry.startsWith("VmRSS:"));
  return Number(line?.replace(/\D+/g, "") ?? 0) / 1024;
}

before(async () => {
  mock = await startOpenAiMock({ record: false });
  gateway = await startOmniroute({
    config: {
      server: { requireApiKey: false },
      security: { allowLocalUpstreams: true },
      limits: { idleTimeoutMs: 30_000 },
      providers: [{ id: "openai", accounts: [{ name: "main", apiKey: "sk-slow-reader-0000", baseUrl: mock.url }] }],
    },
  });
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
});

describe("slow reader (TESTPLAN 15)", { skip: process.platform !== "linux" && "reads /proc" }, () => {
  it("keeps buffering bounded while the client does not read, and delivers everything once it does", async () => {
    const content = "x".repeat(16 * 1024);
    const frame = `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "gpt-4o", choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
    const frames = 4_000; // ≈ 66 MB in all: more than twice what the gateway may grow by
    // Warm up first (JIT, pools, first-request allocations), so the baseline is the steady state.
    const warmUp = await request(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "openai/gpt-4o", stream: true, messages: [{ role: "user", content: "x" }] }),
    });
    await warmUp.body.text();
    // Its usage row (no usage in that stream, so the host estimates the input, loading the tokenizer tables on
    // first use) is written before the baseline, so that one-time load is not counted as buffering.
    await eventually(() => (readUsageRows(gateway.dataDir).length > 0 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 200));
    mock.enqueue({ kind: "raw", status: 200, headers: { "content-type": "text/event-stream" }, chunks: [...Array.from({ length: frames }, () => frame), "data: [DONE]\n\n"] });
    const pid = gateway.child.pid!;
    const baseline = residentMegabytes(pid);

    const response = await request(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "openai/gpt-4o", stream: true, messages: [{ role: "user", content: "x" }] }),
      highWaterMark: 16 * 1024,
    });
    assert.equal(response.statusCode, 200);
    // Not reading: the body stays paused while the upstream has ~33 MB to send.
    response.body.pause();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const whileStalled = residentMegabytes(pid) - baseline;
    assert.ok(whileStalled < 30, `the gateway grew by ${whileStalled.toFixed(1)} MB while the client did not read`);

    let received = 0;
    response.body.on("data", (chunk: Buffer) => (received += chunk.length));
    response.body.resume();
    await new Promise((resolve) => response.body.once("end", resolve));
    assert.equal(received, frame.length * frames + "data: [DONE]\n\n".length);
  });
});
