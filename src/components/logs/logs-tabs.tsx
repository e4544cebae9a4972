import Link from "next/link";

/** Requests | Audit log: two views of the page, as links (each has its own URL). */
export function LogsTabs({ active }: { active: "requests" | "audit" }) {
  const tabs = [
    { id: "requests", label: "Requests", href: "/dashboard/logs" },
    { id: "audit", label: "Audit log", href: "/dashboard/logs?tab=audit" },
  ] as const;
  return (
    <nav aria-label="Log views" className="border-b border-border">
      <ul className="-mb-px flex gap-4">
        {tabs.map((tab) => (
          <li key={tab.id}>
            <Link prefetch={false}
              href={tab.href}
              aria-current={active === tab.id ? "page" : undefined}
              className={`inline-block border-b-2 px-1 pb-2 text-sm transition-colors ${
                active === tab.id ? "border-accent font-medium text-foreground" : "border-transparent text-muted hover:text-foreground"
              }`}
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
