import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Privacy · omniroute" };

const code = "rounded bg-code px-1 font-mono";

/** What omniroute keeps on this machine and what it sends elsewhere. Public: reachable without login. */
export default function PrivacyPage() {
  return (
    <main className="mx-auto grid max-w-2xl gap-5 px-5 py-10 text-sm leading-6">
      <header className="flex items-baseline justify-between gap-4">
        <h1 className="text-lg font-semibold tracking-tight">Privacy</h1>
        <Link className="text-muted underline" href="/terms">
          Terms
        </Link>
      </header>

      <section className="grid gap-2">
        <h2 className="font-semibold">Stored on this machine</h2>
        <p>
          Everything omniroute keeps lives in its data directory (<code className={code}>DATA_DIR</code>, shown in the
          terminal at start):
        </p>
        <ul className="list-disc pl-5">
          <li>
            <code className={code}>db.json</code>: settings, providers and accounts. Provider API keys and OAuth tokens are
            encrypted (AES-256-GCM) with a key kept in <code className={code}>secrets/</code>.
          </li>
          <li>Client API keys for <code className={code}>/v1</code>: only a keyed hash (HMAC) and a short prefix, never the key.</li>
          <li>The dashboard password: only a scrypt hash.</li>
          <li>
            <code className={code}>omniroute.sqlite</code>: one usage row per request (time, model, provider, account,
            status, token counts, latency). Prompts and responses are not stored.
          </li>
          <li>
            <code className={code}>logs/</code>: one line per request with the same facts; keys, cookies and key-shaped
            strings are redacted.
          </li>
          <li>
            <code className={code}>secrets/</code> (mode 0600) and <code className={code}>backups/</code> (copies made before a
            database upgrade).
          </li>
        </ul>
        <p>Deleting the data directory removes all of it.</p>
      </section>

      <section className="grid gap-2">
        <h2 className="font-semibold">What leaves the machine</h2>
        <p>
          Only the requests you send through omniroute, forwarded to the providers you configured, with the account
          credentials you gave for them. Their handling of that data is governed by their own terms.
        </p>
        <p>
          No telemetry, analytics or update checks: omniroute does not contact any other server, and it turns off the
          dashboard framework&apos;s telemetry at start.
        </p>
      </section>
    </main>
  );
}
