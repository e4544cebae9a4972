/**
 * What `/metrics` reports. Request counts, latencies, tokens and cost are counted from usage rows as the host
 * records them (one per API request, every outcome), so the numbers agree with the usage tables; in-flight
 * requests, breakers, cooldowns and the usage-write queue are read at scrape time.
 */
import type { UsageRow } from "../../../../open-sse/src/ports";
import type { ResilienceSnapshot } from "../../../../open-sse/src/routing/resilience-state";
import type { RowAccounting } from "../usage/usage-columns";
import { Counter, Histogram, renderCounterSample, renderGauge } from "./metrics-registry";

export interface ScrapeSources {
  version?: string;
  inFlight?: () => number;
  resilience?: () => ResilienceSnapshot | undefined;
  usageQueueDepth?: () => number;
  usageRowsDropped?: () => number;
  budgetReservations?: () => number;
  now?: () => number;
}

export interface GatewayMetrics {
  /** Counts one recorded usage row (the accounting sink's `onPriced`). */
  observe(row: UsageRow, accounting: RowAccounting): void;
  /** The exposition text (Content-Type `text/plain; version=0.0.4`). */
  render(sources: ScrapeSources): string;
}

export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const SECONDS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const BREAKER_STATES = ["closed", "open", "half-open"] as const;

export function createGatewayMetrics(): GatewayMetrics {
  const requests = new Counter({
    name: "omniroute_requests_total",
    help: "API requests by outcome (ok, error, aborted, stream_error), HTTP status, provider and model.",
    labelNames: ["status", "code", "provider", "model"],
  });
  const duration = new Histogram(
    { name: "omniroute_request_duration_seconds", help: "Time from request arrival to its last byte, by provider.", labelNames: ["provider"] },
    SECONDS_BUCKETS,
  );
  const ttfb = new Histogram(
    { name: "omniroute_time_to_first_byte_seconds", help: "Time until the first byte went to the client, by provider.", labelNames: ["provider"] },
    SECONDS_BUCKETS,
  );
  const tokens = new Counter({
    name: "omniroute_tokens_total",
    help: "Tokens as upstreams reported them (estimated input counted too, see omniroute_estimated_requests_total); cache and reasoning types are subsets of input and output.",
    labelNames: ["provider", "model", "type"],
  });
  const cost = new Counter({ name: "omniroute_cost_usd_total", help: "Cost of requests in US dollars at the configured prices.", labelNames: ["provider", "model"] });
  const estimated = new Counter({ name: "omniroute_estimated_requests_total", help: "Requests whose input tokens were counted locally because the upstream reported none.", labelNames: ["provider"] });
  const unpriced = new Counter({ name: "omniroute_unpriced_requests_total", help: "Requests with tokens but no known price for their model.", labelNames: ["provider", "model"] });

  return {
    observe(row, accounting) {
      const provider = row.provider ?? "";
      const model = row.provider === null ? "" : (row.upstreamModel ?? "");
      requests.inc({ status: row.status, code: String(row.httpStatus), provider, model });
      duration.observe({ provider }, row.latencyMs / 1000);
      if (row.ttfbMs !== null) ttfb.observe({ provider }, row.ttfbMs / 1000);
      const types: [string, number | null][] = [
        ["input", row.inputTokens],
        ["output", row.outputTokens],
        ["cache_read", row.cacheReadTokens],
        ["cache_write", row.cacheWriteTokens],
        ["reasoning", row.reasoningTokens],
      ];
      for (const [type, count] of types) if (count !== null && count > 0) tokens.inc({ provider, model, type }, count);
      if (accounting.costUsd !== null && accounting.costUsd > 0) cost.inc({ provider, model }, accounting.costUsd);
      if (accounting.tokensEstimated) estimated.inc({ provider });
      if (accounting.costUsd === null && (row.inputTokens !== null || row.outputTokens !== null)) unpriced.inc({ provider, model });
    },

    render(sources) {
      const lines: string[] = [];
      renderGauge(lines, { name: "omniroute_build_info", help: "The running omniroute version.", labelNames: ["version"] }, [
        { labels: { version: sources.version ?? "unknown" }, value: 1 },
      ]);
      requests.render(lines);
      duration.render(lines);
      ttfb.render(lines);
      tokens.render(lines);
      cost.render(lines);
      estimated.render(lines);
      unpriced.render(lines);
      renderGauge(lines, { name: "omniroute_requests_in_flight", help: "Requests being served right now, streams included.", labelNames: [] }, [
        { labels: {}, value: sources.inFlight?.() ?? 0 },
      ]);
      const resilience = sources.resilience?.();
      const breakers = resilience?.breakers ?? [];
      renderGauge(
        lines,
        { name: "omniroute_circuit_breaker_state", help: "1 for each provider's current breaker state (closed, open, half-open), else 0.", labelNames: ["provider", "state"] },
        breakers.flatMap((breaker) => BREAKER_STATES.map((state) => ({ labels: { provider: breaker.providerId, state }, value: breaker.state === state ? 1 : 0 }))),
      );
      const now = sources.now?.() ?? Date.now();
      const cooling = new Map<string, { labels: { provider: string; kind: string; reason: string }; value: number }>();
      for (const entry of resilience?.cooldowns ?? []) {
        if (entry.until <= now) continue;
        const key = `${entry.providerId}\u0000${entry.kind}\u0000${entry.reason}`;
        const sample = cooling.get(key) ?? { labels: { provider: entry.providerId, kind: String(entry.kind), reason: entry.reason }, value: 0 };
        sample.value += 1;
        cooling.set(key, sample);
      }
      renderGauge(lines, { name: "omniroute_cooldowns_active", help: "Accounts and account-models cooling down, by provider, kind and reason.", labelNames: ["provider", "kind", "reason"] }, [
        ...cooling.values(),
      ]);
      renderGauge(lines, { name: "omniroute_usage_write_queue_depth", help: "Usage rows recorded but not yet written to SQLite.", labelNames: [] }, [
        { labels: {}, value: sources.usageQueueDepth?.() ?? 0 },
      ]);
      renderCounterSample(lines, { name: "omniroute_usage_rows_dropped_total", help: "Usage rows dropped because SQLite refused writes until the queue was full.", labelNames: [] }, sources.usageRowsDropped?.() ?? 0);
      renderGauge(lines, { name: "omniroute_budget_reservations", help: "Budget reservations held by requests in flight.", labelNames: [] }, [
        { labels: {}, value: sources.budgetReservations?.() ?? 0 },
      ]);
      return `${lines.join("\n")}\n`;
    },
  };
}
