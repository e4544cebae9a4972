import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Terms · omniroute" };

/** Short, factual terms of use for a self-hosted tool. Public: reachable without login. */
export default function TermsPage() {
  return (
    <main className="mx-auto grid max-w-2xl gap-5 px-5 py-10 text-sm leading-6">
      <header className="flex items-baseline justify-between gap-4">
        <h1 className="text-lg font-semibold tracking-tight">Terms</h1>
        <Link className="text-muted underline" href="/privacy">
          Privacy
        </Link>
      </header>
      <section className="grid gap-2">
        <p>
          omniroute is software you run yourself. There is no omniroute service and no account with us: the server on
          this machine is operated by you, and we receive nothing from it.
        </p>
        <p>
          You are responsible for the provider accounts and keys you add, and for using them within each provider&apos;s
          terms and limits. omniroute forwards your requests to those providers; it does not change what they charge.
        </p>
        <p>
          Anyone who can reach this server and holds a client key (or the dashboard password) can spend your provider
          accounts. Keep it on 127.0.0.1, or require keys and login when you expose it.
        </p>
        <p>
          The software is provided as is, without warranty of any kind, under the license in its package. See the{" "}
          <Link className="underline" href="/privacy">
            privacy page
          </Link>{" "}
          for what is stored and what leaves the machine.
        </p>
      </section>
    </main>
  );
}
