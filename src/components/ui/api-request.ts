/**
 * The browser side of every dashboard mutation: same-origin fetch (the session cookie rides along; the server's
 * same-origin check sees the Origin header browsers add), JSON in and out, and one error shape whatever the
 * route answered: `{error: {code, message}}` from /api, a network failure, or a non-JSON body.
 */
export type ApiResult<Data> = { ok: true; status: number; data: Data } | { ok: false; status: number; code: string; message: string };

export async function apiRequest<Data = unknown>(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<ApiResult<Data>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch {
    return { ok: false, status: 0, code: "network", message: "Could not reach the omniroute server. Is it still running?" };
  }
  if (response.status === 401) {
    // The session ended (expired, or the password changed elsewhere): back to the login page, then here again.
    const next = `${window.location.pathname}${window.location.search}`;
    window.location.assign(`/login?next=${encodeURIComponent(next)}&expired=1`);
    return { ok: false, status: 401, code: "unauthenticated", message: "Your session ended. Log in again." };
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text !== "") {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (response.ok) return { ok: true, status: response.status, data: parsed as Data };
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return {
    ok: false,
    status: response.status,
    code: typeof error?.code === "string" ? error.code : `http_${response.status}`,
    message: typeof error?.message === "string" && error.message !== "" ? error.message : `The server answered HTTP ${response.status}.`,
  };
}
