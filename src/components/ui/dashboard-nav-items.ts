/** The dashboard's sections, in nav order. Each page lives at `href`; Home matches only exactly. */
export interface DashboardNavItem {
  href: string;
  label: string;
}

export const DASHBOARD_NAV_ITEMS: readonly DashboardNavItem[] = [
  { href: "/dashboard", label: "Home" },
  { href: "/dashboard/providers", label: "Providers" },
  { href: "/dashboard/combos", label: "Combos" },
  { href: "/dashboard/keys", label: "Keys" },
  { href: "/dashboard/usage", label: "Usage" },
  { href: "/dashboard/logs", label: "Logs" },
  { href: "/dashboard/resilience", label: "Resilience" },
  { href: "/dashboard/sessions", label: "Sessions" },
  { href: "/dashboard/settings", label: "Settings" },
];

/** True when `pathname` is the item's page or below it (`/dashboard` itself only for Home). */
export function isNavItemActive(item: DashboardNavItem, pathname: string): boolean {
  if (item.href === "/dashboard") return pathname === "/dashboard" || pathname === "/dashboard/welcome";
  return pathname === item.href || pathname.startsWith(`${item.href}/`);
}
