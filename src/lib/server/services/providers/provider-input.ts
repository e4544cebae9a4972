import { z } from "zod";
import { checkUpstreamUrl } from "../../../../../open-sse/src/security/upstream-url-guard";
import type { ConfigDocument } from "../../config-db/config-db-schema";
import { quotaReservePercentSchema, quotaWindowInputSchema } from "../../config-file/config-file-schema";
import { formatZodIssues } from "../../config-file/format-zod-issues";
import type { ProxyFields } from "../../config-file/proxy-fields";
import { URL_REFUSAL_MESSAGES } from "./url-refusal-messages";
import { ProviderInputError } from "./provider-errors";

export { proxyFieldsSchema } from "../../config-file/proxy-fields";

/** Names end up in logs and the `x-omniroute-account` header: printable, one line. */
export const connectionNameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .regex(/^[^\p{Cc}]+$/u, "must not contain control characters");

/** A provider key goes into a header: no whitespace or control characters inside. */
export const providerApiKeySchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(8_192, "must be at most 8192 characters")
  .regex(/^[^\s\p{Cc}]+$/u, "must not contain spaces or control characters");

/** Checked against the SSRF guard with the stored `allowLocalUpstreams` (`checkBaseUrl`). */
export const baseUrlSchema = z.string().trim().min(1, "must not be empty").max(2_048, "must be at most 2048 characters");

export const prioritySchema = z.number().int("must be an integer").min(-1_000_000, "must be at least -1000000").max(1_000_000, "must be at most 1000000");
export const maxConcurrentSchema = z.number().int("must be an integer").min(1, "must be at least 1").max(100_000, "must be at most 100000");
export const requestsPerMinuteSchema = z.number().int("must be an integer").min(1, "must be at least 1").max(1_000_000, "must be at most 1000000");
export const quotaWindowsSchema = z.array(quotaWindowInputSchema).max(20, "must list at most 20 windows");
export { quotaReservePercentSchema };

const timeoutMs = z.number().int("must be an integer").min(100, "must be at least 100").max(3_600_000, "must be at most 3600000");
export const providerTimeoutsSchema = z.strictObject({ firstByteMs: timeoutMs.optional(), idleMs: timeoutMs.optional() });

/** Validates `input` or throws `ProviderInputError` with zod path messages. */
export function parseProviderInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ProviderInputError(formatZodIssues(result.error.issues, input));
  return result.data;
}

/** A base URL the SSRF guard accepts under the stored `allowLocalUpstreams`, or a `path: problem` input error. */
export function checkBaseUrl(document: ConfigDocument, url: string, path = "baseUrl"): void {
  const check = checkUpstreamUrl(url, { allowLocal: document.settings.allowLocalUpstreams });
  if (!check.ok) throw new ProviderInputError([`${path}: ${URL_REFUSAL_MESSAGES[check.reason]}`]);
}

/** SOCKS5 proxies are an opt-in of the deployment (`ENABLE_SOCKS5_PROXY=true`), as the engine's dispatcher is. */
export function checkProxyAllowed(proxy: ProxyFields | null | undefined, env: Readonly<Record<string, string | undefined>>, path = "proxy"): void {
  if (proxy?.type === "socks5" && env.ENABLE_SOCKS5_PROXY !== "true") {
    throw new ProviderInputError([`${path}.type: socks5 proxies need ENABLE_SOCKS5_PROXY=true on the server`]);
  }
}
