import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";

export const metadata: Metadata = { title: "Welcome · omniroute" };
export const dynamic = "force-dynamic";

/** First-run page: where the password came from, how to change it, and the three steps to a working setup. */
export default function WelcomePage() {
  const runtime = findHostRuntime();
  const dataDir = runtime?.dataDir ?? "the data directory";

  return (
    <>
      <PageHeader title="Welcome to omniroute" description="One local endpoint for your coding tools, routed to your subscriptions, API keys and free tiers." />

      <Card title="Your dashboard password" id="password">
        <div className="grid gap-3 text-sm">
          <p>
            When omniroute started for the first time it generated a random password and printed it <strong>once</strong> in its terminal,
            on the line <code className="rounded bg-code px-1 font-mono">password: …</code>. Only a salted scrypt hash of it is stored, in{" "}
            <code className="break-all rounded bg-code px-1 font-mono">{dataDir}/db.json</code>; the password itself is not written anywhere.
            If the environment variable <code className="rounded bg-code px-1 font-mono">INITIAL_PASSWORD</code> was set at that first start,
            that value was used instead.
          </p>
          <p>
            Change it to one you will remember under <Link className="text-accent underline underline-offset-2" href="/dashboard/settings#password">Settings → Password</Link>.
            Changing it ends every other session. Forgot it? Stop omniroute, set <code className="font-mono">&quot;passwordHash&quot;: null</code> under{" "}
            <code className="font-mono">auth</code> in <code className="font-mono">db.json</code> and start it again: a new password is printed.
          </p>
          <div>
            <Link href="/dashboard/settings#password" className={buttonClassName("primary")}>
              Change the password
            </Link>
          </div>
        </div>
      </Card>

      <Card title="Get to a first request in three steps">
        <ol className="grid gap-4 text-sm sm:grid-cols-3">
          <Step number={1} title="Connect a provider" href="/dashboard/providers" action="Open Providers">
            Sign in with a subscription (Claude, Codex, Gemini…) or paste an API key. omniroute checks the key before saving it.
          </Step>
          <Step number={2} title="Create a client key" href="/dashboard/keys" action="Open Keys">
            Your tools send this key to omniroute. It is shown once; copy it into your tool or shell.
          </Step>
          <Step number={3} title="Point your tool at omniroute" href="/dashboard" action="Open Home">
            Home has copy-ready setup for Claude Code, Codex, Gemini CLI, Cursor, Cline and the OpenAI SDK.
          </Step>
        </ol>
      </Card>
    </>
  );
}

function Step({ number, title, href, action, children }: { number: number; title: string; href: string; action: string; children: ReactNode }) {
  return (
    <li className="grid content-start gap-2 rounded-lg border border-border p-4">
      <span aria-hidden className="flex size-6 items-center justify-center rounded-full bg-accent-soft text-xs font-semibold">
        {number}
      </span>
      <h3 className="font-medium">{title}</h3>
      <p className="text-muted">{children}</p>
      <Link href={href} className={buttonClassName("secondary", "sm", "justify-self-start")}>
        {action}
      </Link>
    </li>
  );
}
