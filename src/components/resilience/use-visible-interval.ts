"use client";

import { useEffect, useRef } from "react";

/**
 * Calls `tick` every `intervalMs` while the tab is visible, once more as soon as it becomes visible again, and
 * never while hidden: a dashboard left open in a background tab costs the server nothing. `tick` may be async;
 * a tick never starts while the previous one is still running (a slow server is not piled onto).
 */
export function useVisibleInterval(tick: () => void | Promise<void>, intervalMs: number, isEnabled = true): void {
  const latestTick = useRef(tick);
  useEffect(() => {
    latestTick.current = tick;
  }, [tick]);

  useEffect(() => {
    if (!isEnabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let isRunning = false;
    let isStopped = false;

    const schedule = () => {
      clearTimeout(timer);
      if (!isStopped && document.visibilityState === "visible") timer = setTimeout(run, intervalMs);
    };
    const run = async () => {
      if (isRunning || isStopped) return;
      isRunning = true;
      try {
        await latestTick.current();
      } finally {
        isRunning = false;
        schedule();
      }
    };
    const onVisibilityChange = () => {
      if (document.visibilityState === "visible") void run();
      else clearTimeout(timer);
    };

    schedule();
    document.addEventListener("visibilitychange", onVisibilityChange);
    return () => {
      isStopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibilityChange);
    };
  }, [intervalMs, isEnabled]);
}
