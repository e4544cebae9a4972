// What the OAuth unit tests share: a temp db.json, a storage key, the OAuth service pointed at the mock, and a
// "browser" that follows the authorize redirect the way a user's browser would (one hop, no cookies).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { openConfigDb, type ConfigDb } from "../../src/lib/server/config-db/open-config-db";
import type { LocalEnvironment, OAuthFlowDefinition } from "../../src/lib/server/oauth/oauth-flow-definition";
import { createOAuthService, type OAuthService } from "../../src/lib/server/oauth/oauth-service";
import { startMockOAuth, type MockOAuthServer } from "./mock-oauth-server";

export interface OAuthTestBed {
  mock: MockOAuthServer;
  configDb: ConfigDb;
  dbFile: string;
  storageKey: Buffer;
  service: OAuthService;
  clock: { now: number };
  logLines: string[];
  dispose(): Promise<void>;
}

export interface TestBedOptions {
  /** Loopback ports for cc and cx (each test file uses its own, inside helper C's range 21200–21299). */
  ccCallbackPort: number;
  cxCallbackPort: number;
  /** iFlow's loopback listener port (default: the flow's 11451, never opened unless an iFlow login starts). */
  ifCallbackPort?: number;
  /** Where a desktop install (Cursor) is looked for; default: a temp directory with nothing in it. */
  localEnvironment?: LocalEnvironment;
  /** Other flow definitions, made once the mock's URL is known. */
  flows?: (mockUrl: string) => Readonly<Record<string, OAuthFlowDefinition>>;
  /** Use a fake clock starting here (ms); absent: the real clock. */
  fakeClockAt?: number;
}

export async function createOAuthTestBed(options: TestBedOptions): Promise<OAuthTestBed> {
  const mock = await startMockOAuth();
  const dir = mkdtempSync(join(tmpdir(), "omniroute-oauth-"));
  const dbFile = join(dir, "db.json");
  const configDb = await openConfigDb({ file: dbFile, backupsDir: join(dir, "backups") });
  const storageKey = randomBytes(32);
  const clock = { now: options.fakeClockAt ?? 0 };
  // The subscription-II servers issue expiries on the same (fake) clock as the flows under test.
  if (options.fakeClockAt !== undefined) mock.subscription.setClock(() => clock.now);
  const logLines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => logLines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  const service = createOAuthService({
    configDb,
    storageKey,
    env: {
      OMNIROUTE_OAUTH_OVERRIDES: JSON.stringify(
        mock.overrides({
          ccCallbackPort: options.ccCallbackPort,
          cxCallbackPort: options.cxCallbackPort,
          ...(options.ifCallbackPort === undefined ? {} : { ifCallbackPort: options.ifCallbackPort }),
        }),
      ),
    },
    localEnvironment: options.localEnvironment ?? { platform: "linux", homeDir: dir, env: { XDG_CONFIG_HOME: join(dir, "no-config") } },
    logger: { info: log("info"), warn: log("warn"), error: log("error") },
    sleep: async () => undefined,
    ...(options.fakeClockAt === undefined ? {} : { now: () => clock.now }),
    ...(options.flows === undefined ? {} : { flows: options.flows(mock.url) }),
  });
  return {
    mock,
    configDb,
    dbFile,
    storageKey,
    service,
    clock,
    logLines,
    async dispose() {
      await service.close();
      await mock.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** GETs a URL like a browser's address bar, without following: the status and the Location it points to. */
export async function browse(url: string): Promise<{ status: number; location: string | undefined; body: string }> {
  const response = await request(url, { method: "GET" });
  const body = await response.body.text();
  const location = response.headers.location;
  return { status: response.statusCode, location: typeof location === "string" ? location : undefined, body };
}

/** Opens the authorize URL at the mock and returns where the provider sent the browser back (code + state). */
export async function consentAt(authorizeUrl: string): Promise<URL> {
  const answer = await browse(authorizeUrl);
  if (answer.status !== 302 || answer.location === undefined) throw new Error(`authorize answered ${answer.status}: ${answer.body}`);
  return new URL(answer.location);
}
