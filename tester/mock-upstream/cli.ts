// Standalone mock upstream: `node --import tsx tester/mock-upstream/cli.ts --port N [--host H] [--record]
// [--model-scenario <model>=<scenario json>]...`.
// First stdout line: `listening <base url>`. Requests are not recorded unless --record (keeps memory flat).
// Scenarios can be chosen per request with the header `x-mock-scenario: <json>`, or per model with
// --model-scenario (repeatable), e.g. `--model-scenario 'always-503={"kind":"status","status":503}'`.

import { startOpenAiMock } from "./openai-mock-server";
import { parseModelScenarios } from "./parse-model-scenarios";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

const port = Number(argument("--port") ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`mock-upstream: bad --port ${argument("--port")}`);
  process.exit(2);
}

const modelScenarios = parseModelScenarios(process.argv.slice(2));
if (typeof modelScenarios === "string") {
  console.error(`mock-upstream: ${modelScenarios}`);
  process.exit(2);
}

const mock = await startOpenAiMock({ port, host: argument("--host") ?? "127.0.0.1", record: process.argv.includes("--record"), modelScenarios });
process.stdout.write(`listening ${mock.url}\n`);

const stop = () => {
  void mock.close().then(() => process.exit(0));
  setTimeout(() => process.exit(0), 1_000).unref();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
