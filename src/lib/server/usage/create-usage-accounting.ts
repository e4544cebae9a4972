/**
 * Everything usage, cost and budgets need, built once per process from the SQLite usage database and the
 * config store: the UsageSink the engine records into (priced on the host, batched into SQLite), the
 * engine's BudgetPort, the `/metrics` registry and the rollup/retention housekeeping — and what else feeds on
 * each recorded row: quota windows per account (the engine's QuotaPort too), the request log (with the
 * engine's request-capture port), request telemetry, and the audit log's retention.
 */
import { dirname, join } from "node:path";
import type { BillingSource, PriceSource } from "../../../../open-sse/src/accounting/price-book";
import type { BudgetPort } from "../../../../open-sse/src/ports";
import { DEFAULT_AUDIT_RETENTION_DAYS, type AuditLog } from "../audit/audit-log";
import { auditLogFor } from "../audit/record-audit";
import { catalogBillingSource, catalogPriceSource } from "../pricing/catalog-price-source";
import { createQuotaService, type QuotaService } from "../quota/quota-service";
import { createRequestLogService, type RequestLogService } from "../request-logs/request-log-service";
import { createTelemetry, type Telemetry } from "../telemetry/telemetry-service";
import { BudgetLedger, type BudgetStatus } from "../budgets/budget-ledger";
import { estimateRequestCost } from "../budgets/budget-estimate";
import type { ConfigDocument, StoredApiKey } from "../config-db/config-db-schema";
import { createGatewayMetrics, type GatewayMetrics, type ScrapeSources } from "../metrics/gateway-metrics";
import { createPricing, type Pricing } from "../pricing/pricing-sources";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { loadKeySpend } from "./aggregate-usage";
import { createAccountingSink, type AccountingSink } from "./create-accounting-sink";
import { runUsageMaintenance, startUsageMaintenance, type MaintenanceResult } from "./usage-maintenance";
import { createUsageStore, type UsageStoreOptions } from "./usage-store";

export interface UsageAccountingOptions {
  sqlite: SqliteDatabase;
  configDb: { read(): ConfigDocument };
  logger: {
    info(message: string, fields?: Record<string, unknown>): void;
    warn(message: string, fields?: Record<string, unknown>): void;
    error(message: string, fields?: Record<string, unknown>): void;
  };
  /**
   * Catalog prices (open-sse/src/providers), between the overrides and the shipped defaults. Absent: the built-in
   * provider catalog (catalog-price-source.ts); `null`: none (tests pricing the defaults alone).
   */
  catalog?: PriceSource | null;
  catalogBilling?: BillingSource | null;
  /** DATA_DIR/logs, where the request log writes. Absent: `logs/` beside the SQLite file (the data dir layout). */
  logsDir?: string;
  /** ENABLE_REQUEST_LOGS, OTEL_* and AUDIT_RETENTION_DAYS are read here. Absent: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Reported to an OTLP collector as service.version. */
  version?: string;
  now?: () => number;
  store?: Omit<UsageStoreOptions, "onError">;
  /** Housekeeping cadence; tests turn the timer off with `maintenance: false`. */
  maintenance?: false | { intervalMs?: number; firstRunDelayMs?: number };
}

export interface UsageAccounting {
  /** `GatewayPorts.usage` (and `OmnirouteRuntime.usageSink`). */
  usageSink: AccountingSink;
  /** `GatewayPorts.budgets`. */
  budgets: BudgetPort & { status(keyId: string): BudgetStatus[]; readonly reservationCount: number };
  pricing: Pricing;
  metrics: GatewayMetrics;
  /** The `/metrics` text; the server adds what only it knows (in-flight requests, breakers, cooldowns). */
  renderMetrics(sources?: Pick<ScrapeSources, "version" | "inFlight" | "resilience">): string;
  /** Quota windows per account: `GatewayPorts.quota`, `/api/quota`, and the router holds (`attachRouter`). */
  quota: QuotaService;
  /** The request log: `GatewayPorts.requestCapture` is `requestLogs.capture`; `/api/usage/request-logs`. */
  requestLogs: RequestLogService;
  /** Phase timings per request: `/api/telemetry`, OTLP export. */
  telemetry: Telemetry;
  /** The compliance audit log (`/api/audit`); the server records admin requests into it. */
  audit: AuditLog;
  /** Rollups and retention now (also run hourly). */
  runMaintenance(): Promise<MaintenanceResult>;
  close(): Promise<void>;
}

export function createUsageAccounting(options: UsageAccountingOptions): UsageAccounting {
  const { sqlite, configDb, logger } = options;
  const now = options.now ?? Date.now;
  const env = options.env ?? process.env;
  const pricing = createPricing({
    readDocument: () => configDb.read(),
    ...(options.catalog === null ? {} : { catalog: options.catalog ?? catalogPriceSource() }),
    ...(options.catalogBilling === null ? {} : { catalogBilling: options.catalogBilling ?? catalogBillingSource() }),
  });
  const metrics = createGatewayMetrics();

  const keysById = new WeakMap<readonly StoredApiKey[], Map<string, StoredApiKey>>();
  const keyOf = (keyId: string): StoredApiKey | undefined => {
    const keys = configDb.read().apiKeys;
    let index = keysById.get(keys);
    if (index === undefined) {
      index = new Map(keys.map((key) => [key.id, key]));
      keysById.set(keys, index);
    }
    return index.get(keyId);
  };

  const ledger = new BudgetLedger({
    budgetOf: (keyId) => {
      const key = keyOf(keyId);
      return key === undefined ? undefined : { name: key.name, budget: key.budget };
    },
    loadSpend: (keyId, sinceMs) => loadKeySpend(sqlite, keyId, sinceMs, now()),
    estimate: (request) => estimateRequestCost(pricing, request),
    now,
    onEvent: (event) =>
      logger.warn(event.kind === "refused" ? "budget limit reached" : "budget warning threshold passed", {
        keyId: event.keyId,
        period: event.period,
        spentUsd: Number(event.spentUsd.toFixed(6)),
        limitUsd: event.limitUsd,
      }),
  });

  // Budgeted keys start from what SQLite holds, read once here at start, off any request's path.
  try {
    ledger.preload(configDb.read().apiKeys.filter((key) => key.budget !== undefined).map((key) => key.id));
  } catch (error) {
    logger.warn("budget spend could not be loaded at start; it loads on first use", { error: error instanceof Error ? error.message : String(error) });
  }

  const store = createUsageStore(sqlite, {
    ...options.store,
    onError: (error) => logger.error("usage write failed", { error: error.message }),
  });
  const quotaHolder: { service?: QuotaService } = {};
  const requestLogs = createRequestLogService({
    logsDir: options.logsDir ?? join(dirname(sqlite.file), "logs"),
    db: sqlite,
    readDocument: () => configDb.read(),
    env,
    now,
    onError: (error) => logger.error("request log failed", { error: error.message }),
    flushUsage: () => usageSink.flush(),
  });
  const telemetry = createTelemetry({
    env,
    version: options.version ?? "0.0.0",
    now,
    onError: (error) => logger.warn("telemetry failed", { error: error.message }),
  });
  const usageSink = createAccountingSink({
    store,
    costOf: (row) => pricing.costOf(row),
    onPriced: (row, accounting) => {
      ledger.settle(row.budgetReservationId, row.apiKeyId, row.startedAt, accounting.costUsd);
      metrics.observe(row, accounting);
      // Each of these only counts or queues: no I/O here (this runs in the usage sink's batch, a turn after the request). The request log
      // sets `accounting.requestLog` (where its entry is), which the row stores just after.
      quotaHolder.service?.countRow(row);
      requestLogs.onRow(row, accounting);
      telemetry.onRow(row, accounting);
    },
    onError: (error) => logger.error("usage accounting failed", { error: error.message }),
  });
  const quota = createQuotaService({
    db: sqlite,
    readDocument: () => configDb.read(),
    now,
    flushUsage: () => usageSink.flush(),
    onError: (error) => logger.warn("quota tracking failed", { error: error.message }),
  });
  quotaHolder.service = quota;
  const audit = auditLogFor(sqlite, (error) => logger.error("audit log write failed", { error: error.message }));
  const auditRetentionDays = positiveInteger(env.AUDIT_RETENTION_DAYS) ?? DEFAULT_AUDIT_RETENTION_DAYS;
  // The request log's and the audit log's own retention, hourly like the usage rows' (and once shortly after start).
  const housekeeping = async () => {
    try {
      await requestLogs.maintain();
      const pruned = audit.prune(now(), auditRetentionDays);
      if (pruned > 0) logger.info("audit log retention", { pruned, retentionDays: auditRetentionDays });
    } catch (error) {
      logger.warn("log housekeeping failed", { error: error instanceof Error ? error.message : String(error) });
    }
  };
  const housekeepingTimers =
    options.maintenance === false
      ? undefined
      : [setTimeout(() => void housekeeping(), options.maintenance?.firstRunDelayMs ?? 30_000), setInterval(() => void housekeeping(), options.maintenance?.intervalMs ?? 60 * 60_000)];
  for (const timer of housekeepingTimers ?? []) timer.unref();

  const maintenance =
    options.maintenance === false
      ? undefined
      : startUsageMaintenance({
          db: sqlite,
          retentionDays: () => configDb.read().usage?.retentionDays,
          now,
          ...options.maintenance,
          onError: (error) => logger.warn("usage maintenance failed", { error: error.message }),
          onRun: (result) => {
            if (result.rolledDays > 0 || result.pruned > 0) logger.info("usage maintenance", { ...result });
          },
        });

  const budgets: UsageAccounting["budgets"] = {
    reserve(request) {
      try {
        return ledger.reserve(request);
      } catch (error) {
        // A budget check that fails must not take requests down with it: admit, and say so in the log.
        logger.error("budget check failed; request admitted", { error: error instanceof Error ? error.message : String(error) });
        return { ok: true, reservationId: null };
      }
    },
    status: (keyId) => ledger.status(keyId),
    get reservationCount() {
      return ledger.reservationCount;
    },
  };

  return {
    usageSink,
    budgets,
    pricing,
    metrics,
    quota,
    requestLogs,
    telemetry,
    audit,
    renderMetrics: (sources = {}) =>
      metrics.render({
        ...sources,
        now,
        usageQueueDepth: () => usageSink.pendingCount,
        usageRowsDropped: () => usageSink.droppedCount,
        budgetReservations: () => ledger.reservationCount,
      }),
    runMaintenance: () => runUsageMaintenance(sqlite, configDb.read().usage?.retentionDays, now()),
    async close() {
      maintenance?.stop();
      for (const timer of housekeepingTimers ?? []) clearTimeout(timer);
      quota.close();
      await usageSink.close();
      await Promise.all([requestLogs.close(), telemetry.close()]);
    },
  };
}

function positiveInteger(text: string | undefined): number | undefined {
  const value = Number(text);
  return text !== undefined && Number.isInteger(value) && value > 0 ? value : undefined;
}
