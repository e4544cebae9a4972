import type { ConfigDocument, StoredAccount, StoredProvider } from "../../config-db/config-db-schema";
import { parseConnectionId } from "./connection-id";
import { ProviderNotFoundError } from "./provider-errors";

/** The provider and account a `<provider>:<account>` id names (the account by id, else by name), or 404. */
export function findConnection(document: ConfigDocument, connectionId: string): { provider: StoredProvider; account: StoredAccount } {
  const parsed = parseConnectionId(connectionId);
  const provider = parsed === undefined ? undefined : document.providers.find((candidate) => candidate.id === parsed.providerId);
  const account =
    parsed === undefined
      ? undefined
      : (provider?.accounts.find((candidate) => candidate.id === parsed.accountId) ?? provider?.accounts.find((candidate) => candidate.name === parsed.accountId));
  if (provider === undefined || account === undefined) throw new ProviderNotFoundError(`No connection '${connectionId}'.`);
  return { provider, account };
}
