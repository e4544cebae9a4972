import type { ConfigDb } from "../../config-db/open-config-db";

/**
 * What the combo services need. Routes pass the api-keys dependencies (`apiKeysDependenciesFrom(findRuntime())`),
 * which carry the same `configDb`.
 */
export interface CombosDependencies {
  configDb: ConfigDb;
  now?: () => Date;
}
