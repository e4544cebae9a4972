import type { StoredCustomModel } from "../../config-db/config-db-schema";

/** A custom model as `/api/provider-models` shows it. */
export interface CustomModelView {
  provider: string;
  /** The id the upstream takes. */
  id: string;
  /** `<provider>/<id>`: what clients send and what `/v1/models` lists (with `custom: true`). */
  qualifiedId: string;
  name: string;
  type: StoredCustomModel["type"];
}

export function toCustomModelView(providerId: string, model: StoredCustomModel): CustomModelView {
  return { provider: providerId, id: model.id, qualifiedId: `${providerId}/${model.id}`, name: model.name, type: model.type };
}
