import type { Metadata } from "next";
import { LoginForm } from "@/components/login-form";
import { Panel } from "@/components/panel";
import { safeRedirectPath } from "@/lib/safe-redirect-path";

export const metadata: Metadata = { title: "Log in · omniroute" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = await searchParams;
  const target = safeRedirectPath(typeof next === "string" ? next : undefined);

  return (
    <main className="mx-auto grid max-w-sm gap-5 px-5 py-16">
      <header className="flex items-baseline justify-between gap-4">
        <h1 className="text-lg font-semibold tracking-tight">omniroute</h1>
        <p className="text-sm text-muted">Dashboard login</p>
      </header>
      <Panel
        title="Log in"
        description={
          <>
            The password was printed in the terminal when omniroute first started (line{" "}
            <code className="rounded bg-code px-1 font-mono">password: …</code>), or set{" "}
            <code className="rounded bg-code px-1 font-mono">INITIAL_PASSWORD</code>.
          </>
        }
      >
        <LoginForm next={target} />
      </Panel>
    </main>
  );
}
