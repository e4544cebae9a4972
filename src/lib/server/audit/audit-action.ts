/**
 * Names an admin request as an audit action and target, from its method and path alone, so every management
 * route — including ones added later — is audited without code in the route: `POST /api/keys` → `keys.create`,
 * `PATCH /api/keys/k1` → `keys.update` on `k1`, `PUT /api/settings/ip-filter` → `settings.ip-filter.update`,
 * `DELETE /api/providers/openai/accounts/work` → `providers.accounts.delete` on `openai:work`.
 */

export interface AuditAction {
  action: string;
  /** Path ids joined with `:` (`openai:work`); null when the path names none. */
  target: string | null;
}

/** The methods that change something; reads are not audited. */
export const AUDITED_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Path segments after which the next segment is an id (the target), not part of the action's name. */
const COLLECTIONS = new Set(["keys", "combos", "providers", "provider-nodes", "provider-models", "accounts", "models", "aliases", "alias", "nodes", "connections", "oauth"]);

/** Requests whose generic name would mislead. */
const NAMED: Record<string, string> = {
  "POST /api/auth/login": "auth.login",
  "POST /api/auth/logout": "auth.logout",
  "POST /api/settings/password": "auth.password.change",
  "PUT /api/settings/password": "auth.password.change",
  "POST /api/resilience": "resilience.reset",
};

const VERBS: Record<string, string> = { PUT: "update", PATCH: "update", DELETE: "delete" };

/** The action for `method path` (path without query), or undefined when the request is not audited. */
export function auditActionOf(method: string, path: string): AuditAction | undefined {
  const upper = method.toUpperCase();
  if (!AUDITED_METHODS.has(upper)) return undefined;
  const trimmed = path.replace(/\/+$/, "");
  if (!trimmed.toLowerCase().startsWith("/api/")) return undefined;
  const named = NAMED[`${upper} ${trimmed}`];
  if (named !== undefined) return { action: named, target: null };
  const segments = trimmed.slice("/api/".length).split("/").filter((segment) => segment !== "").map(safeDecode);
  const nameParts: string[] = [];
  const ids: string[] = [];
  let endsOnCollection = false;
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index]!;
    nameParts.push(segment);
    endsOnCollection = COLLECTIONS.has(segment);
    if (endsOnCollection && index + 1 < segments.length) {
      ids.push(segments[index + 1]!);
      index += 1;
      endsOnCollection = false;
    }
  }
  if (nameParts.length === 0) return undefined;
  // POST to a collection creates; a POST elsewhere is an operation named by its path (`providers.test`).
  const verb = upper === "POST" ? (endsOnCollection ? "create" : undefined) : VERBS[upper];
  const action = [...nameParts, ...(verb === undefined ? [] : [verb])].join(".").slice(0, 200);
  return { action, target: ids.length === 0 ? null : ids.join(":").slice(0, 300) };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
