import Link from "next/link";
import type { ReactNode } from "react";
import { DashboardNav } from "@/components/ui/dashboard-nav";
import { LogoutButton } from "@/components/ui/logout-button";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { isLoginRequired, readAuthState } from "@/lib/server/auth/auth-state";
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";

/**
 * The shell around every dashboard page: brand, section nav, theme toggle and logout. Pages render inside
 * <main>; each brings its own PageHeader (the one h1).
 */
export default function DashboardLayout({ children }: { children: ReactNode }) {
  const runtime = findHostRuntime();
  const isLoginEnforced = runtime ? isLoginRequired(readAuthState(runtime.configDb.read()), runtime.auth.loopbackBind) : false;

  return (
    <div className="min-h-screen lg:grid lg:grid-cols-[13rem_1fr]">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-card focus:px-3 focus:py-2 focus:text-sm">
        Skip to content
      </a>
      <aside className="sticky top-0 z-20 border-b border-border bg-background/95 backdrop-blur lg:h-screen lg:border-b-0 lg:border-r">
        <div className="flex h-full flex-col gap-3 px-3 py-3 lg:py-5">
          <div className="flex items-center justify-between gap-2 px-1 lg:px-2">
            <Link href="/dashboard" className="flex items-center gap-2 font-semibold tracking-tight">
              <span aria-hidden className="inline-block size-2.5 rounded-full bg-accent" />
              omniroute
            </Link>
            <div className="flex items-center gap-1 lg:hidden">
              <ThemeToggle />
              {isLoginEnforced ? <LogoutButton /> : null}
            </div>
          </div>
          <DashboardNav />
          <div className="mt-auto hidden items-center justify-between gap-2 px-2 lg:flex">
            <ThemeToggle />
            {isLoginEnforced ? <LogoutButton /> : null}
          </div>
        </div>
      </aside>
      <main id="main" className="mx-auto grid w-full max-w-6xl content-start gap-6 px-4 py-6 sm:px-6 lg:py-8">
        {children}
      </main>
    </div>
  );
}
