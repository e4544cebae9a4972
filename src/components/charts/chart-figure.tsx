import type { ReactNode } from "react";
import { DeferredMount } from "./deferred-mount";

/**
 * Holds a chart's place at its final height before the client draws it (no layout shift on hydration), and
 * gives it a caption for screen readers; the numbers themselves are in a table or tiles next to every chart.
 * `isDeferred` charts (all but a page's main one) draw once the browser is idle, after the main chart.
 */
export function ChartFigure({ caption, height, children, testId, isDeferred = false }: { caption: string; height: number; children: ReactNode; testId?: string; isDeferred?: boolean }) {
  return (
    <figure className="m-0 min-w-0" data-testid={testId}>
      <div style={{ minHeight: height }}>{isDeferred ? <DeferredMount>{children}</DeferredMount> : children}</div>
      <figcaption className="sr-only">{caption}</figcaption>
    </figure>
  );
}
