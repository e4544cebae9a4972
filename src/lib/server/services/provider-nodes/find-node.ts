import type { ConfigDocument, StoredProvider } from "../../config-db/config-db-schema";
import { ProviderNotFoundError } from "../providers/provider-errors";

export function findNode(document: ConfigDocument, id: string): StoredProvider {
  const node = document.providers.find((candidate) => candidate.id === id && candidate.type !== "built-in");
  if (node === undefined) throw new ProviderNotFoundError(`No custom node '${id}'.`);
  return node;
}
