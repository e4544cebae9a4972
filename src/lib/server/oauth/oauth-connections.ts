import { getBuiltInProvider } from "../../../../open-sse/src/providers/built-in-providers";
import type { ConfigDocument, StoredAccount, StoredProvider } from "../config-db/config-db-schema";
import type { ConfigDb } from "../config-db/open-config-db";
import { uniqueAccountId } from "../config-file/unique-account-id";
import type { LoginIdentity, LoginProfile, OAuthFlowDefinition } from "./oauth-flow-definition";
import { decryptTokenSet, encryptTokenSet, type OAuthTokenSet } from "./oauth-token-set";

/**
 * OAuth connections as db.json keeps them: `providers[].accounts[]` entries with an `oauth` block
 * (config-db-schema.ts `storedOAuthSchema`) instead of an API key. The connection id is the account id.
 */
export type StoredOAuthAccount = StoredAccount & { oauth: NonNullable<StoredAccount["oauth"]> };

/** What the API shows of a connection: who, its state, when its token expires. Never a token. */
export interface ConnectionView {
  connectionId: string;
  providerId: string;
  name: string;
  identity: { email: string | null; accountId: string | null; plan: string | null };
  status: "active" | "auth-failed";
  statusReason: string | null;
  /** ISO time the access token expires (it is refreshed before use); null: unknown. */
  expiresAt: string | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export function isOAuthAccount(account: StoredAccount): account is StoredOAuthAccount {
  return account.oauth !== undefined;
}

export interface SaveConnectionInput {
  flow: OAuthFlowDefinition;
  tokens: OAuthTokenSet;
  profile: LoginProfile;
  storageKey: Buffer;
  now: Date;
}

export interface SavedConnection {
  accountId: string;
  /** False: an existing connection of the same identity was updated (reconnect), not a new one added. */
  created: boolean;
}

/**
 * Stores a fresh login. The same identity (email and provider account id) logging in again updates its
 * connection in place (new tokens, status back to active) instead of adding a duplicate. The provider entry is
 * created on the first connection.
 */
export async function saveConnection(configDb: ConfigDb, input: SaveConnectionInput): Promise<SavedConnection> {
  const { flow, profile, storageKey } = input;
  const tokens: OAuthTokenSet = { ...input.tokens, extras: { ...input.tokens.extras, ...profile.extras } };
  const credentialsEncrypted = encryptTokenSet(tokens, storageKey);
  const timestamp = input.now.toISOString();
  const identity = cleanIdentity(profile.identity);
  let saved: SavedConnection | undefined;
  await configDb.update((draft) => {
    const provider = providerEntryFor(draft, flow);
    const existing = provider.accounts.filter(isOAuthAccount).find((account) => sameIdentity(account.oauth.identity, identity));
    const oauth = { credentialsEncrypted, identity, status: "active" as const };
    if (existing !== undefined) {
      existing.oauth = oauth;
      existing.updatedAt = timestamp;
      saved = { accountId: existing.id, created: false };
      return;
    }
    const name = uniqueName(accountNameOf(flow, identity, profile.displayName), provider.accounts);
    const account = {
      id: uniqueAccountId(name, provider.accounts),
      name,
      oauth,
      baseUrl: null,
      priority: provider.accounts.length,
      enabled: true,
      createdAt: timestamp,
      updatedAt: timestamp,
    } satisfies StoredAccount;
    provider.accounts.push(account);
    saved = { accountId: account.id, created: true };
  });
  return saved!;
}

export function findOAuthAccount(document: ConfigDocument, providerId: string, accountId: string): StoredOAuthAccount | undefined {
  const account = document.providers.find((provider) => provider.id === providerId)?.accounts.find((candidate) => candidate.id === accountId);
  return account !== undefined && isOAuthAccount(account) ? account : undefined;
}

export function listConnections(document: ConfigDocument, providerId: string, storageKey: Buffer): ConnectionView[] {
  const provider = document.providers.find((candidate) => candidate.id === providerId);
  return (provider?.accounts ?? []).filter(isOAuthAccount).map((account) => connectionView(providerId, account, storageKey));
}

export function connectionView(providerId: string, account: StoredOAuthAccount, storageKey: Buffer): ConnectionView {
  let expiresAt: string | null = null;
  try {
    const tokens = decryptTokenSet(account.oauth.credentialsEncrypted, storageKey);
    expiresAt = tokens.expiresAt === null ? null : new Date(tokens.expiresAt).toISOString();
  } catch {
    // An unreadable token set (storage key changed) shows no expiry; the account needs a reconnect anyway.
  }
  return {
    connectionId: account.id,
    providerId,
    name: account.name,
    identity: {
      email: account.oauth.identity.email ?? null,
      accountId: account.oauth.identity.accountId ?? null,
      plan: account.oauth.identity.plan ?? null,
    },
    status: account.oauth.status,
    statusReason: account.oauth.statusReason ?? null,
    expiresAt,
    enabled: account.enabled,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  };
}

/** Removes a connection; false when the provider has no OAuth connection with this id. */
export async function removeConnection(configDb: ConfigDb, providerId: string, accountId: string): Promise<boolean> {
  if (findOAuthAccount(configDb.read(), providerId, accountId) === undefined) return false;
  let removed = false;
  await configDb.update((draft) => {
    const provider = draft.providers.find((candidate) => candidate.id === providerId);
    if (provider === undefined) return;
    const index = provider.accounts.findIndex((account) => account.id === accountId && isOAuthAccount(account));
    if (index < 0) return;
    provider.accounts.splice(index, 1);
    removed = true;
  });
  return removed;
}

/**
 * The same person's same account: the provider's account id when both sides have one (Codex workspaces share an
 * email but not an account id), else the email. A login that names neither matches nothing.
 */
export function sameIdentity(stored: LoginIdentity, fresh: LoginIdentity): boolean {
  const storedEmail = stored.email?.toLowerCase();
  const freshEmail = fresh.email?.toLowerCase();
  if (stored.accountId !== undefined && fresh.accountId !== undefined) {
    return stored.accountId === fresh.accountId && (storedEmail === undefined || freshEmail === undefined || storedEmail === freshEmail);
  }
  return storedEmail !== undefined && storedEmail === freshEmail;
}

function cleanIdentity(identity: LoginIdentity): LoginIdentity {
  return {
    ...(identity.email ? { email: identity.email } : {}),
    ...(identity.accountId ? { accountId: identity.accountId } : {}),
    ...(identity.plan ? { plan: identity.plan } : {}),
  };
}

function accountNameOf(flow: OAuthFlowDefinition, identity: LoginIdentity, displayName: string | undefined): string {
  if (identity.email !== undefined) return identity.email;
  if (displayName !== undefined && displayName.trim() !== "") return displayName.trim();
  if (identity.accountId !== undefined) return `${flow.displayName} ${identity.accountId.slice(0, 12)}`;
  return `${flow.displayName} account`;
}

/** Names are unique within a provider (the config file upserts accounts by name). */
function uniqueName(name: string, accounts: readonly StoredAccount[]): string {
  const taken = new Set(accounts.map((account) => account.name));
  if (!taken.has(name)) return name;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${name} (${suffix})`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The provider's stored entry, made on first connect from the catalog (or, before it lists the provider, the flow). */
function providerEntryFor(draft: ConfigDocument, flow: OAuthFlowDefinition): StoredProvider {
  const existing = draft.providers.find((provider) => provider.id === flow.providerId);
  if (existing !== undefined) return existing;
  const builtIn = getBuiltInProvider(flow.providerId);
  const apiFormat = builtIn !== undefined && builtIn.apiFormat !== "ollama" ? builtIn.apiFormat : flow.apiFormat;
  draft.providers.push({
    id: flow.providerId,
    type: "built-in",
    apiFormat,
    displayName: builtIn?.displayName ?? flow.displayName,
    baseUrl: null,
    models: [],
    strategy: "round-robin",
    accounts: [],
    enabled: true,
    customModels: [],
  });
  return draft.providers[draft.providers.length - 1]!;
}
