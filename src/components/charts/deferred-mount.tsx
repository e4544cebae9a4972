"use client";

import { useEffect, useState, type ReactNode } from "react";

/**
 * Renders its children once the browser is idle after hydration. The page's first chart draws at once; the
 * secondary ones wait a frame or two instead of competing with it for the main thread.
 */
export function DeferredMount({ children }: { children: ReactNode }) {
  const [isReady, setIsReady] = useState(false);
  useEffect(() => {
    if (typeof window.requestIdleCallback === "function") {
      const handle = window.requestIdleCallback(() => setIsReady(true), { timeout: 500 });
      return () => window.cancelIdleCallback(handle);
    }
    const timer = setTimeout(() => setIsReady(true), 50);
    return () => clearTimeout(timer);
  }, []);
  return isReady ? <>{children}</> : null;
}
