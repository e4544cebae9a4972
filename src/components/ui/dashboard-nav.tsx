"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { DASHBOARD_NAV_ITEMS, isNavItemActive } from "./dashboard-nav-items";

/**
 * The section links: a column in the sidebar on wide screens, a scrollable row under the top bar on narrow
 * ones. The current page is marked with aria-current.
 */
export function DashboardNav() {
  const pathname = usePathname() ?? "/dashboard";
  return (
    <nav aria-label="Dashboard sections">
      <ul className="flex gap-1 overflow-x-auto lg:flex-col lg:overflow-visible">
        {DASHBOARD_NAV_ITEMS.map((item) => {
          const isActive = isNavItemActive(item, pathname);
          return (
            <li key={item.href} className="shrink-0">
              <Link
                // Prefetching every section on each view cost more server CPU than the view itself.
                prefetch={false}
                href={item.href}
                aria-current={isActive ? "page" : undefined}
                className={`block rounded-md px-3 py-1.5 text-sm transition-colors ${
                  isActive ? "bg-accent-soft font-medium text-foreground" : "text-muted hover:bg-code hover:text-foreground"
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
