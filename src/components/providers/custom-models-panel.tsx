"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { ProviderView } from "@/lib/server/services/providers/provider-views";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { DataTable } from "../ui/data-table";
import { FormField, SelectInput, TextInput } from "../ui/form-field";
import { Notice } from "../ui/notice";

/** Models the catalog does not list (a new release, a fine-tune): routable as `<provider>/<id>` and listed in /v1/models. */
export function CustomModelsPanel({ provider }: { provider: ProviderView }) {
  const router = useRouter();
  const [modelId, setModelId] = useState("");
  const [modelName, setModelName] = useState("");
  const [type, setType] = useState<"chat" | "embedding" | "image">("chat");
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const id = modelId.trim();
    if (!/^[\x21-\x7e]{1,256}$/.test(id)) return setError("Model id: the id the provider takes, printable characters without spaces.");
    setError(null);
    setIsPending(true);
    const result = await apiRequest("POST", "/api/provider-models", { provider: provider.id, modelId: id, modelName: modelName.trim() || id, type });
    setIsPending(false);
    if (!result.ok) return setError(result.message);
    setModelId("");
    setModelName("");
    router.refresh();
  }

  async function remove(id: string) {
    const result = await apiRequest("DELETE", `/api/provider-models?provider=${encodeURIComponent(provider.id)}&model=${encodeURIComponent(id)}`);
    if (!result.ok) setError(result.message);
    router.refresh();
  }

  return (
    <div className="grid gap-3">
      <DataTable
        caption={`Custom models of ${provider.displayName}`}
        dense
        rows={provider.customModels}
        rowKey={(model) => model.id}
        empty={<p className="text-sm text-muted">No custom models. The catalog lists {provider.modelCount} for this provider; add any other id it accepts.</p>}
        columns={[
          { key: "id", header: "Model", cell: (model) => <code className="font-mono text-xs">{provider.id}/{model.id}</code> },
          { key: "name", header: "Name", cell: (model) => model.name },
          { key: "type", header: "Type", cell: (model) => model.type },
          {
            key: "remove",
            header: <span className="sr-only">Actions</span>,
            align: "right",
            cell: (model) => (
              <Button size="sm" variant="ghost" onClick={() => remove(model.id)} aria-label={`Remove ${model.id}`}>
                Remove
              </Button>
            ),
          },
        ]}
      />
      <form onSubmit={add} className="grid items-end gap-2 sm:grid-cols-[1fr_1fr_auto_auto]" noValidate>
        <FormField label="Model id" id={`custom-model-id-${provider.id}`}>
          <TextInput id={`custom-model-id-${provider.id}`} value={modelId} onChange={(event) => setModelId(event.target.value)} className="font-mono" placeholder="gpt-4.5-preview" />
        </FormField>
        <FormField label="Display name" id={`custom-model-name-${provider.id}`}>
          <TextInput id={`custom-model-name-${provider.id}`} value={modelName} onChange={(event) => setModelName(event.target.value)} placeholder="optional" />
        </FormField>
        <FormField label="Type" id={`custom-model-type-${provider.id}`}>
          <SelectInput id={`custom-model-type-${provider.id}`} value={type} onChange={(event) => setType(event.target.value as typeof type)}>
            <option value="chat">Chat</option>
            <option value="embedding">Embedding</option>
            <option value="image">Image</option>
          </SelectInput>
        </FormField>
        <Button type="submit" isPending={isPending}>
          Add model
        </Button>
      </form>
      {error ? <Notice tone="danger">{error}</Notice> : null}
    </div>
  );
}
