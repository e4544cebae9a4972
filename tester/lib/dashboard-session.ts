import { request } from "undici";

/** The `password: <value>` lines the server printed on stdout (the generated dashboard password). */
export function printedPasswords(stdout: string): string[] {
  return [...stdout.matchAll(/^password: (\S+)$/gm)].map((match) => match[1]!);
}

/** Logs in to the dashboard and returns the `Cookie` header value for later requests. */
export async function loginCookie(baseUrl: string, password: string): Promise<string> {
  const response = await request(`${baseUrl}/api/auth/login`, {
    method: "POST",
    // State-changing /api calls must be same-origin (src/server/request-guards/), as a browser would send them.
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ password }),
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${text}`);
  const setCookie = ([] as string[]).concat(response.headers["set-cookie"] ?? []);
  const session = setCookie.find((cookie) => cookie.startsWith("auth_token="));
  if (session === undefined) throw new Error("login set no auth_token cookie");
  return session.split(";")[0]!;
}
