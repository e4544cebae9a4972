import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/login-form";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { isLoginRequired, readAuthState } from "@/lib/server/auth/auth-state";
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";
import { isSessionCurrent, SESSION_COOKIE_NAME, verifySessionToken } from "@/lib/server/auth/session-token";
import type { HostRuntime } from "@/lib/server/runtime/create-runtime";
import type { ConfigDocument } from "@/lib/server/config-db/config-db-schema";
import { safeRedirectPath } from "@/lib/safe-redirect-path";
import { isFreshInstall } from "../dashboard/welcome/is-fresh-install";

export const metadata: Metadata = { title: "Log in · omniroute" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next, expired } = await searchParams;
  const runtime = findHostRuntime();
  const document = runtime?.configDb.read();
  // Login turned off (loopback only): nothing to do here.
  if (runtime && document && !isLoginRequired(readAuthState(document), runtime.auth.loopbackBind)) redirect(safeRedirectPath(typeof next === "string" ? next : undefined));

  const explicitTarget = typeof next === "string" ? safeRedirectPath(next) : undefined;
  // A fresh install lands on the welcome page, which says where the password came from and what to do next.
  const target = explicitTarget ?? (document && isFreshInstall(document) ? "/dashboard/welcome" : "/dashboard");
  const session = await readSessionState(runtime, document);
  if (session === "valid") redirect(target);
  // The browser holds a session cookie the server no longer accepts: it expired or was ended elsewhere.
  const hasStaleSession = session === "stale" || expired === "1";

  return (
    <main className="mx-auto grid min-h-screen max-w-sm content-center gap-5 px-5 py-12">
      <header className="flex items-center justify-between gap-4">
        <p className="flex items-center gap-2 text-lg font-semibold tracking-tight">
          <span aria-hidden className="inline-block size-2.5 rounded-full bg-accent" />
          omniroute
        </p>
        <ThemeToggle />
      </header>
      <h1 className="sr-only">Log in to the omniroute dashboard</h1>
      {hasStaleSession ? <Notice tone="warn">Your session has expired or was ended. Log in again to continue.</Notice> : null}
      <Card
        title="Log in"
        description={
          <>
            On first start omniroute generates a password and prints it once in its terminal, on a line{" "}
            <code className="rounded bg-code px-1 font-mono">password: …</code>. If{" "}
            <code className="rounded bg-code px-1 font-mono">INITIAL_PASSWORD</code> was set then, that is the password.
          </>
        }
      >
        <LoginForm next={target} />
      </Card>
      <details className="text-sm text-muted">
        <summary className="cursor-pointer">Lost the password?</summary>
        <p className="mt-2">
          Stop omniroute, set <code className="font-mono">&quot;passwordHash&quot;: null</code> under <code className="font-mono">auth</code> in{" "}
          <code className="font-mono">db.json</code> in the data directory, and start it again: it prints a new password (or uses{" "}
          <code className="font-mono">INITIAL_PASSWORD</code>). Providers, keys and usage are kept.
        </p>
      </details>
    </main>
  );
}

async function readSessionState(runtime: HostRuntime | undefined, document: ConfigDocument | undefined): Promise<"none" | "valid" | "stale"> {
  const token = (await cookies()).get(SESSION_COOKIE_NAME)?.value;
  if (!token || !runtime || !document) return "none";
  const claims = await verifySessionToken(token, runtime.auth.jwtSecret);
  return claims !== undefined && isSessionCurrent(claims, readAuthState(document).passwordChangedAt) ? "valid" : "stale";
}
