import { parseArgs } from "node:util";

export interface CliOptions {
  port?: number;
  host?: string;
  open: boolean;
  configFile?: string;
  dataDir?: string;
  help: boolean;
  version: boolean;
}

export class CliUsageError extends Error {
  readonly exitCode = 2;
}

export const HELP_TEXT = `omniroute — one local endpoint for every AI coding tool, routed to your best account.

Usage: omniroute [options]

Options:
  --port N          Port to listen on (env PORT; default 20128)
  --host H          Address to bind (env HOSTNAME; default 127.0.0.1 — loopback only)
  --no-open         Do not open the dashboard in a browser
  --config FILE     Apply a declarative JSON config file at start (env OMNIROUTE_CONFIG)
  --data-dir DIR    Where state lives (env DATA_DIR; default $XDG_CONFIG_HOME/omniroute or ~/.omniroute)
  -h, --help        Show this help
  -v, --version     Print the version

Environment:
  REQUIRE_API_KEY=true|false   Require a client API key on /v1 (default: off on loopback, on otherwise)

Docs: README.md and docs/ in the package.`;

export function parseCliArgs(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        open: { type: "boolean" },
        "no-open": { type: "boolean" },
        config: { type: "string" },
        "data-dir": { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    throw new CliUsageError(`${error instanceof Error ? error.message : String(error)}\nRun 'omniroute --help' for the options.`);
  }
  const values = parsed.values;
  let port: number | undefined;
  if (values.port !== undefined) {
    port = parsePort(values.port, "--port");
  }
  return {
    ...(port !== undefined ? { port } : {}),
    ...(values.host !== undefined ? { host: values.host } : {}),
    open: values["no-open"] === true ? false : values.open !== false,
    ...(values.config !== undefined ? { configFile: values.config } : {}),
    ...(values["data-dir"] !== undefined ? { dataDir: values["data-dir"] } : {}),
    help: values.help === true,
    version: values.version === true,
  };
}

export function parsePort(value: string, source: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliUsageError(`${source} must be a port number from 0 to 65535, got '${value}'.`);
  }
  return port;
}

export function parseBooleanEnv(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new CliUsageError(`${name} must be true or false, got '${value}'.`);
}
