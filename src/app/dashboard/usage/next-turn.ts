/**
 * Yields to the event loop. An async server component that awaits this first suspends, so React streams the
 * part of the page above it (tiles, main chart) before running this component's synchronous SQLite reads.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
