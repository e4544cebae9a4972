import { chromium, type Browser, type BrowserContext, type Page } from "playwright";
import { printedPasswords } from "../../lib/dashboard-session";
import { startOmniroute, type OmnirouteProcess } from "../../lib/start-omniroute";
import { startOpenAiMock, type OpenAiMock } from "../../mock-upstream/openai-mock-server";
import { watchConsole, type ConsoleWatch } from "./watch-console";

/** Debian's Chromium (`.ci/run` installs it); Playwright's own browser download is not used. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface StartDashboardOptions {
  /**
   * The config file for the server (tester/lib/start-omniroute.ts). A function receives the mock upstream's
   * base URL (`http://127.0.0.1:PORT/v1`), e.g. `(mockUrl) => ({ providers: [mockProvider(mockUrl)] })`.
   * `security.allowLocalUpstreams` is turned on for you, so providers may point at the local mock.
   */
  config?: Record<string, unknown> | ((mockUrl: string) => Record<string, unknown>);
  env?: Record<string, string>;
  /** Browser viewport; default 1280×860. */
  viewport?: { width: number; height: number };
}

export interface Dashboard {
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  dataDir: string;
  /** The first-run password the server printed on stdout (`password: …`). */
  password: string;
  server: OmnirouteProcess;
  /** A scriptable OpenAI Chat Completions upstream (tester/mock-upstream/openai-mock-server.ts). */
  mockUpstream: OpenAiMock;
  browser: Browser;
  context: BrowserContext;
  /** A page in `context`, not logged in yet: call `login()`. */
  page: Page;
  /** Console errors and uncaught exceptions seen on `page` (and any page made by newPage). */
  console: ConsoleWatch;
  /** Logs `page` (default: the main page) in through the login form; resolves on /dashboard. */
  login(page?: Page, password?: string): Promise<void>;
  /** Another tab in the same (logged-in once login() ran) context, watched for console errors. */
  newPage(): Promise<Page>;
  /** `fetch` against the server with this context's session cookie (for setup that is not under test). */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  stop(): Promise<void>;
}

/** A provider entry for the config file that routes `mock/<model>` to the mock upstream. */
export function mockProvider(mockUrl: string, id = "mock") {
  return { id, type: "openai-compatible", baseUrl: mockUrl, models: ["gpt-4o", "gpt-4o-mini"], accounts: [{ name: "main", apiKey: "sk-mock-e2e-000000" }] };
}

/**
 * Starts the real server (production build, temp DATA_DIR, no INITIAL_PASSWORD so a password is generated
 * and printed), a mock upstream and Chromium. Stop it in `after()`; it cleans up everything it started.
 */
export async function startDashboard(options: StartDashboardOptions = {}): Promise<Dashboard> {
  const mockUpstream = await startOpenAiMock();
  let server: OmnirouteProcess | undefined;
  let browser: Browser | undefined;
  try {
    const given = typeof options.config === "function" ? options.config(mockUpstream.url) : (options.config ?? {});
    const security = { ...((given.security as Record<string, unknown> | undefined) ?? {}), allowLocalUpstreams: true };
    server = await startOmniroute({ config: { ...given, security }, env: options.env ?? {}, timeoutMs: 120_000 });
    const password = printedPasswords(server.stdout())[0];
    if (password === undefined) throw new Error(`the server printed no generated password:\n${server.stdout()}`);

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 860 }, baseURL: server.url });
    const consoleWatch = watchConsole();
    const page = await context.newPage();
    consoleWatch.attach(page);
    const baseUrl = server.url;
    const runningServer = server;
    const runningBrowser = browser;

    return {
      baseUrl,
      dataDir: server.dataDir,
      password,
      server,
      mockUpstream,
      browser,
      context,
      page,
      console: consoleWatch,
      async login(target = page, withPassword = password) {
        await target.goto(`${baseUrl}/login`);
        await target.getByLabel("Password").fill(withPassword);
        await target.getByRole("button", { name: "Log in" }).click();
        await target.waitForURL((url) => url.pathname.startsWith("/dashboard"));
      },
      async newPage() {
        const another = await context.newPage();
        consoleWatch.attach(another);
        return another;
      },
      async api(method, path, body) {
        const response = await context.request.fetch(`${baseUrl}${path}`, {
          method,
          headers: { origin: baseUrl, ...(body === undefined ? {} : { "content-type": "application/json" }) },
          ...(body === undefined ? {} : { data: JSON.stringify(body) }),
        });
        const text = await response.text();
        let json: unknown = null;
        try {
          json = text === "" ? null : JSON.parse(text);
        } catch {
          json = text;
        }
        return { status: response.status(), json };
      },
      async stop() {
        await runningBrowser.close().catch(() => undefined);
        await runningServer.dispose();
        await mockUpstream.close();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server?.dispose().catch(() => undefined);
    await mockUpstream.close();
    throw error;
  }
}
