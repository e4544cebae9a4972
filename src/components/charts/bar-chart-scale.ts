/**
 * The arithmetic of a bar chart, kept pure so it is tested on its own: "nice" axis ticks (1, 2, 2.5, 5 × 10ⁿ)
 * that cover the largest stack, and which bucket labels to print so they never crowd.
 */

/** Ticks from 0 to at least `max`, about `count` of them, on a round step. */
export function niceTicks(max: number, count = 4): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const rough = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let tick = 0; tick < max + step * 1e-9; tick += step) ticks.push(Number(tick.toPrecision(12)));
  if (ticks.at(-1)! < max) ticks.push(Number((ticks.at(-1)! + step).toPrecision(12)));
  return ticks;
}

/** Every how many buckets a label is printed so that at most `maxLabels` appear (always the first one). */
export function labelStride(bucketCount: number, maxLabels: number): number {
  return Math.max(1, Math.ceil(bucketCount / Math.max(1, maxLabels)));
}
