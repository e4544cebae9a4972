import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/**
 * Short-lived HTTP listeners for providers whose OAuth client only accepts a fixed localhost redirect (Codex
 * `http://localhost:1455/auth/callback`, Claude Code `http://localhost:<port>/callback`). Bound to 127.0.0.1 only,
 * answering only the callback path; opened by `authorize` and closed once no login waits on the port (success,
 * or the 10-minute expiry). When the port is taken (the real CLI is logging in), `open` says so and the dashboard
 * falls back to pasting the redirect URL.
 */
export interface LoopbackAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type LoopbackHandler = (port: number, query: URLSearchParams) => Promise<LoopbackAnswer>;

export class LoopbackListeners {
  private readonly servers = new Map<number, { server: Server; path: string }>();

  constructor(
    private readonly handle: LoopbackHandler,
    /** Called once an answer was sent: the owner closes the listener when no login waits on it any more. */
    private readonly afterAnswer: (port: number) => Promise<void> = async () => undefined,
  ) {}

  /** Listens on 127.0.0.1:port for `path`; resolves false when the port cannot be bound. */
  async open(port: number, path: string): Promise<boolean> {
    const existing = this.servers.get(port);
    if (existing !== undefined) return existing.path === path;
    const server = createServer((request, response) => void this.answer(port, path, request, response));
    // A browser keeps connections alive; they must not hold the port open after the login is done.
    server.keepAliveTimeout = 1_000;
    const listening = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen({ port, host: "127.0.0.1", exclusive: true }, () => resolve(true));
    });
    if (!listening) return false;
    server.on("error", () => undefined);
    this.servers.set(port, { server, path });
    return true;
  }

  isOpen(port: number): boolean {
    return this.servers.has(port);
  }

  async close(port: number): Promise<void> {
    const entry = this.servers.get(port);
    if (entry === undefined) return;
    this.servers.delete(port);
    await new Promise<void>((resolve) => {
      entry.server.close(() => resolve());
      entry.server.closeAllConnections();
    });
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.servers.keys()].map((port) => this.close(port)));
  }

  private async answer(port: number, path: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(request.url ?? "/", "http://localhost");
    } catch {
      respond(response, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" }, body: "Bad request." });
      return;
    }
    if (request.method !== "GET" || url.pathname !== path) {
      respond(response, { status: 404, headers: { "content-type": "text/plain; charset=utf-8" }, body: "Not found." });
      return;
    }
    // Closing the listener from inside the handler would cut this very answer: it happens once the answer is out.
    response.once("finish", () => void this.afterAnswer(port).catch(() => undefined));
    try {
      respond(response, await this.handle(port, url.searchParams));
    } catch {
      respond(response, { status: 500, headers: { "content-type": "text/plain; charset=utf-8" }, body: "Internal error." });
    }
  }
}

function respond(response: ServerResponse, answer: LoopbackAnswer): void {
  response.writeHead(answer.status, {
    ...answer.headers,
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    connection: "close",
  });
  response.end(answer.body);
}
