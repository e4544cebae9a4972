import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { request } from "undici";
import { startOmniroute } from "../lib/start-omniroute";

function cpuMilliseconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

describe("a server whose terminal went away", { skip: process.platform !== "linux" && "reads /proc" }, () => {
  it("keeps serving, does not spin on EPIPE, and still exits on SIGTERM", async () => {
    const server = await startOmniroute();
    try {
      // The reader of stdout and stderr disappears, as when a parent process dies or a pipe is closed.
      server.child.stdout!.destroy();
      server.child.stderr!.destroy();
      for (let index = 0; index < 20; index++) {
        const response = await request(`${server.url}/v1/models`);
        await response.body.dump();
        assert.equal(response.statusCode, 200);
      }
      // Next and our logger both write now; give a write loop the time to show itself.
      const dashboard = await request(`${server.url}/dashboard`);
      await dashboard.body.dump();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const before = cpuMilliseconds(server.child.pid!);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const used = cpuMilliseconds(server.child.pid!) - before;
      assert.ok(used < 300, `the idle server used ${used} ms of CPU in one second`);
      const health = await request(`${server.url}/api/health`);
      await health.body.dump();
      assert.equal(health.statusCode, 200);
      assert.equal(await server.stop(), 0);
    } finally {
      await server.dispose();
    }
  });
});
