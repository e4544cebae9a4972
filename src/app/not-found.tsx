import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="font-mono text-sm text-muted">404</p>
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="text-sm text-muted">
        The gateway API lives under <code className="font-mono">/v1</code>; the dashboard is one click away.
      </p>
      <Link href="/dashboard" className="mt-2 rounded-md border border-border px-3 py-1.5 text-sm hover:border-accent">
        Open the dashboard
      </Link>
    </main>
  );
}
