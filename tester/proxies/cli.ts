// Standalone HTTP proxy for the bench: `node --import tsx tester/proxies/cli.ts --port N`.
// First stdout line: `listening <proxy url>`. Exchanges are counted, not recorded (memory stays flat); the counts
// are served at GET <proxy url>/__stats (a plain request to the proxy itself, not a proxied one).

import { startHttpProxy } from "./http-proxy";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

const port = Number(argument("--port") ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`http-proxy: bad --port ${argument("--port")}`);
  process.exit(2);
}

const proxy = await startHttpProxy({ port, record: false, statsPath: "/__stats" });
process.stdout.write(`listening ${proxy.url}\n`);

const stop = () => {
  void proxy.close().then(() => process.exit(0));
  setTimeout(() => process.exit(0), 1_000).unref();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
