import type { IncomingMessage, ServerResponse } from "node:http";

type NodeHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export interface NextBridge {
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** Resolves once Next is ready (or failed to start). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Next serves the dashboard and `/api/*`. It is started after the port is already listening, so the hot
 * path answers at once (cold start) while Next warms up; requests that arrive before it is ready wait.
 */
export function startNext(options: { dir: string; dev: boolean; hostname: string; port: number; onError: (error: unknown) => void }): NextBridge {
  let handler: NodeHandler | undefined;
  let failure: unknown;
  let closeNext: (() => Promise<void>) | undefined;
  const ready = (async () => {
    try {
      const { default: createNext } = await import("next");
      const app = createNext({ dev: options.dev, dir: options.dir, hostname: options.hostname, port: options.port, quiet: !options.dev });
      await app.prepare();
      const requestHandler = app.getRequestHandler();
      handler = (request, response) => requestHandler(request, response);
      closeNext = () => app.close();
    } catch (error) {
      failure = error;
      options.onError(error);
    }
  })();

  const serve = (request: IncomingMessage, response: ServerResponse) => {
    if (handler === undefined) {
      response.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
      response.end(failure === undefined ? "The dashboard is starting." : "The dashboard failed to start; see the server log.");
      return;
    }
    handler(request, response).catch((error: unknown) => {
      options.onError(error);
      if (!response.headersSent) {
        response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        response.end("Internal error.");
      } else {
        response.destroy();
      }
    });
  };

  return {
    ready,
    handle(request, response) {
      if (handler !== undefined || failure !== undefined) return serve(request, response);
      void ready.then(() => serve(request, response));
    },
    async close() {
      await closeNext?.();
    },
  };
}
