/**
 * A connection (one provider account) is addressed as `<providerId>:<accountId>`, the form `/api/usage/[id]`
 * uses. Provider ids never contain `:` (config-file-schema.ts `providerIdPattern`), so the first one splits.
 */
export function connectionIdOf(providerId: string, accountId: string): string {
  return `${providerId}:${accountId}`;
}

export function parseConnectionId(id: string): { providerId: string; accountId: string } | undefined {
  const separator = id.indexOf(":");
  if (separator <= 0 || separator === id.length - 1) return undefined;
  return { providerId: id.slice(0, separator), accountId: id.slice(separator + 1) };
}
