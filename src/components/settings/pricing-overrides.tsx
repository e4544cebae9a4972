"use client";

import { useState, type FormEvent } from "react";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { DataTable } from "../ui/data-table";
import { FormField, SelectInput, TextInput } from "../ui/form-field";
import { SaveStatus } from "../ui/save-status";
import { useSave } from "../ui/use-save";

/** US dollars per million tokens, as stored under pricing.models (ModelPrice). */
export interface PriceEntry {
  inputPerMillion: number;
  outputPerMillion: number;
  cacheReadPerMillion?: number;
  cacheWritePerMillion?: number;
  reasoningPerMillion?: number;
  [other: string]: unknown;
}

export type BillingMode = "metered" | "subscription" | "free";

const PRICE_FIELDS = [
  ["inputPerMillion", "Input"],
  ["outputPerMillion", "Output"],
  ["cacheReadPerMillion", "Cache read"],
  ["cacheWritePerMillion", "Cache write"],
] as const;

type PriceDraft = Record<(typeof PRICE_FIELDS)[number][0], string>;
const emptyDraft: PriceDraft = { inputPerMillion: "", outputPerMillion: "", cacheReadPerMillion: "", cacheWritePerMillion: "" };

/**
 * Price overrides per `provider/model` (they win over the shipped prices) and billing modes per provider or
 * account (subscription and free accounts cost $0). Each save replaces the whole section through PUT /api/pricing.
 */
export function PricingOverrides({ models, billing, defaults }: { models: Record<string, PriceEntry>; billing: Record<string, BillingMode>; defaults: Record<string, PriceEntry> }) {
  const { state, save, isPending } = useSave();
  const [key, setKey] = useState("");
  const [draft, setDraft] = useState<PriceDraft>(emptyDraft);
  const [billingKey, setBillingKey] = useState("");
  const [billingMode, setBillingMode] = useState<BillingMode>("subscription");
  const [error, setError] = useState<string | null>(null);

  function pickKey(value: string) {
    setKey(value);
    const known = models[value] ?? defaults[value];
    if (known) setDraft(Object.fromEntries(PRICE_FIELDS.map(([field]) => [field, known[field] === undefined ? "" : String(known[field])])) as PriceDraft);
  }

  async function addPrice(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = key.trim();
    if (!/^[^/\s]+\/[\x21-\x7e]{1,256}$/.test(trimmed)) return setError("Model: provider/model, e.g. openai/gpt-4o.");
    const price: Record<string, number> = {};
    for (const [field, label] of PRICE_FIELDS) {
      const text = draft[field].trim();
      if (text === "") {
        if (field === "inputPerMillion" || field === "outputPerMillion") return setError(`${label}: required.`);
        continue;
      }
      const value = Number(text);
      if (!Number.isFinite(value) || value < 0 || value > 100_000) return setError(`${label}: dollars per million tokens, 0 to 100000.`);
      price[field] = value;
    }
    setError(null);
    const result = await save(() => apiRequest("PUT", "/api/pricing", { models: { ...models, [trimmed]: price } }), `Price for ${trimmed} saved.`);
    if (result.ok) {
      setKey("");
      setDraft(emptyDraft);
    }
  }

  async function removePrice(priceKey: string) {
    const rest = Object.fromEntries(Object.entries(models).filter(([other]) => other !== priceKey));
    await save(() => apiRequest("PUT", "/api/pricing", { models: rest }), `Override for ${priceKey} removed.`);
  }

  async function addBilling(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = billingKey.trim();
    if (!/^[^/\s]+(?:\/.{1,200})?$/.test(trimmed)) return setError("Billing: a provider id, or provider/account name.");
    setError(null);
    const result = await save(() => apiRequest("PUT", "/api/pricing", { billing: { ...billing, [trimmed]: billingMode } }), `${trimmed} is billed as ${billingMode}.`);
    if (result.ok) setBillingKey("");
  }

  async function removeBilling(billingEntry: string) {
    const rest = Object.fromEntries(Object.entries(billing).filter(([other]) => other !== billingEntry));
    await save(() => apiRequest("PUT", "/api/pricing", { billing: rest }), `${billingEntry} is metered again.`);
  }

  const priceRows = Object.entries(models).map(([priceKey, price]) => ({ key: priceKey, price }));
  const billingRows = Object.entries(billing).map(([billingEntry, mode]) => ({ key: billingEntry, mode }));
  const money = (value: unknown) => (typeof value === "number" ? `$${value}` : "—");

  return (
    <div className="grid gap-6">
      <div className="grid gap-3">
        <h3 className="text-sm font-medium">Model prices (USD per million tokens)</h3>
        <DataTable
          caption="Price overrides"
          dense
          rows={priceRows}
          rowKey={(row) => row.key}
          empty={<p className="text-sm text-muted">No overrides: the shipped prices apply ({Object.keys(defaults).length} models). Add one for a model they lack or price differently.</p>}
          columns={[
            { key: "model", header: "Model", cell: (row) => <code className="font-mono text-xs">{row.key}</code> },
            ...PRICE_FIELDS.map(([field, label]) => ({ key: field, header: label, align: "right" as const, cell: (row: { price: PriceEntry }) => money(row.price[field]) })),
            {
              key: "remove",
              header: <span className="sr-only">Actions</span>,
              align: "right" as const,
              cell: (row) => (
                <Button size="sm" variant="ghost" onClick={() => removePrice(row.key)} aria-label={`Remove the price override for ${row.key}`}>
                  Remove
                </Button>
              ),
            },
          ]}
        />
        <form onSubmit={addPrice} className="grid items-end gap-2 sm:grid-cols-2 lg:grid-cols-[2fr_repeat(4,1fr)_auto]" noValidate>
          <FormField label="Model" id="price-key">
            <TextInput id="price-key" list="price-key-options" value={key} onChange={(event) => pickKey(event.target.value)} placeholder="provider/model" className="font-mono" />
            <datalist id="price-key-options">
              {Object.keys(defaults).map((option) => (
                <option key={option} value={option} />
              ))}
            </datalist>
          </FormField>
          {PRICE_FIELDS.map(([field, label]) => (
            <FormField key={field} label={label} id={`price-${field}`}>
              <TextInput id={`price-${field}`} inputMode="decimal" value={draft[field]} onChange={(event) => setDraft({ ...draft, [field]: event.target.value })} />
            </FormField>
          ))}
          <Button type="submit" isPending={isPending}>
            Save price
          </Button>
        </form>
      </div>

      <div className="grid gap-3">
        <h3 className="text-sm font-medium">Billing</h3>
        <DataTable
          caption="Billing modes"
          dense
          rows={billingRows}
          rowKey={(row) => row.key}
          empty={<p className="text-sm text-muted">Every account is metered (priced per token). Mark a subscription or free account so its requests cost $0.</p>}
          columns={[
            { key: "key", header: "Provider or account", cell: (row) => <code className="font-mono text-xs">{row.key}</code> },
            { key: "mode", header: "Billed as", cell: (row) => row.mode },
            {
              key: "remove",
              header: <span className="sr-only">Actions</span>,
              align: "right",
              cell: (row) => (
                <Button size="sm" variant="ghost" onClick={() => removeBilling(row.key)} aria-label={`Remove the billing mode of ${row.key}`}>
                  Remove
                </Button>
              ),
            },
          ]}
        />
        <form onSubmit={addBilling} className="flex flex-wrap items-end gap-2" noValidate>
          <FormField label="Provider or provider/account" id="billing-key">
            <TextInput id="billing-key" value={billingKey} onChange={(event) => setBillingKey(event.target.value)} placeholder="claude-code" className="font-mono" />
          </FormField>
          <FormField label="Billed as" id="billing-mode">
            <SelectInput id="billing-mode" value={billingMode} onChange={(event) => setBillingMode(event.target.value as BillingMode)}>
              <option value="subscription">Subscription ($0 per request)</option>
              <option value="free">Free ($0 per request)</option>
              <option value="metered">Metered (per token)</option>
            </SelectInput>
          </FormField>
          <Button type="submit" isPending={isPending}>
            Save billing
          </Button>
        </form>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
      <SaveStatus state={state} />
    </div>
  );
}
