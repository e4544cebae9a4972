// A fetch that keeps a copy of what each SDK sent to the gateway and what came back, byte for byte, so a red
// cell can show the exchange that made it red.

export interface WireExchange {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  status: number;
  responseHeaders: Record<string, string>;
  responseText: string;
}

export interface WireCapture {
  fetch: typeof fetch;
  exchanges: WireExchange[];
  /** Resolves once every response body copy has been read to its end (or failed). */
  settled(): Promise<void>;
}

function headersOf(headers: HeadersInit | Headers | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  new Headers(headers ?? {}).forEach((value, key) => (result[key] = value));
  return result;
}

export function captureWire(): WireCapture {
  const exchanges: WireExchange[] = [];
  const pending: Array<Promise<void>> = [];
  const capturingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const requestBody = init?.body === undefined || init.body === null ? "" : typeof init.body === "string" ? init.body : await request.clone().text();
    const response = await fetch(request);
    const exchange: WireExchange = {
      method: request.method,
      url: request.url,
      requestHeaders: headersOf(request.headers),
      requestBody,
      status: response.status,
      responseHeaders: headersOf(response.headers),
      responseText: "",
    };
    exchanges.push(exchange);
    pending.push(
      response
        .clone()
        .text()
        .then(
          (text) => void (exchange.responseText = text),
          (error: unknown) => void (exchange.responseText = `<body read failed: ${(error as Error).message}>`),
        ),
    );
    return response;
  };
  return {
    fetch: capturingFetch,
    exchanges,
    async settled() {
      // Bounded: a gateway that never ends a body must not hang the matrix.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, 5_000)));
      await Promise.race([Promise.all(pending), timeout]);
      clearTimeout(timer);
    },
  };
}
