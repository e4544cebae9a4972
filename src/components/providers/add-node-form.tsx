"use client";

import { useState, type FormEvent } from "react";
import { z } from "zod";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { firstIssueByField } from "../ui/first-issue-by-field";
import { FormField, SelectInput, TextInput, describedBy } from "../ui/form-field";
import { Notice } from "../ui/notice";

const nodeFormSchema = z.object({
  name: z.string().trim().min(1, "Give the node a name.").max(100, "At most 100 characters."),
  prefix: z
    .string()
    .trim()
    .min(1, "Choose a prefix.")
    .max(64, "At most 64 characters.")
    .regex(/^[a-z0-9][a-z0-9-_.]*$/i, "Letters, digits, -, _ and . only, starting with a letter or digit."),
  apiFormat: z.enum(["openai-chat", "openai-responses", "anthropic-messages"]),
  baseUrl: z.string().trim().regex(/^https?:\/\/\S+$/, "A URL starting with http:// or https://."),
  apiKey: z
    .string()
    .trim()
    .regex(/^[^\s\p{Cc}]*$/u, "A key has no spaces."),
});

/** A custom OpenAI- or Anthropic-compatible endpoint (LiteLLM, vLLM, a company gateway…) as a provider of its own. */
export function AddNodeForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const [values, setValues] = useState<z.infer<typeof nodeFormSchema>>({ name: "", prefix: "", apiFormat: "openai-chat", baseUrl: "", apiKey: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = nodeFormSchema.safeParse(values);
    if (!checked.success) return setErrors(firstIssueByField(checked.error.issues));
    setErrors({});
    setServerError(null);
    setIsPending(true);
    const { apiKey, ...rest } = checked.data;
    const result = await apiRequest("POST", "/api/provider-nodes", { ...rest, ...(apiKey ? { apiKey } : {}) });
    setIsPending(false);
    if (!result.ok) return setServerError(result.message);
    onDone();
  }

  const field = (name: keyof typeof values, label: string, hint?: string, options: { type?: string; placeholder?: string } = {}) => (
    <FormField label={label} id={`node-${name}`} hint={hint} error={errors[name]}>
      <TextInput
        id={`node-${name}`}
        type={options.type ?? "text"}
        autoComplete="off"
        placeholder={options.placeholder}
        value={values[name]}
        onChange={(event) => setValues({ ...values, [name]: event.target.value })}
        {...describedBy(`node-${name}`, { hasHint: hint !== undefined, error: errors[name] })}
      />
    </FormField>
  );

  return (
    <form onSubmit={submit} className="grid gap-3" noValidate>
      <div className="grid gap-3 sm:grid-cols-2">
        {field("name", "Name", undefined, { placeholder: "Company gateway" })}
        {field("prefix", "Prefix", "Tools address its models as <prefix>/<model>.", { placeholder: "corp" })}
      </div>
      <FormField label="API format" id="node-apiFormat">
        <SelectInput id="node-apiFormat" value={values.apiFormat} onChange={(event) => setValues({ ...values, apiFormat: event.target.value as typeof values.apiFormat })}>
          <option value="openai-chat">OpenAI Chat Completions (/v1/chat/completions)</option>
          <option value="openai-responses">OpenAI Responses (/v1/responses)</option>
          <option value="anthropic-messages">Anthropic Messages (/v1/messages)</option>
        </SelectInput>
      </FormField>
      {field("baseUrl", "Base URL", "Up to and including /v1, e.g. https://llm.example.com/v1.", { placeholder: "https://…/v1" })}
      {field("apiKey", "API key (optional)", "Creates the node's connection right away.", { type: "password" })}
      {serverError ? <Notice tone="danger">{serverError}</Notice> : null}
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" isPending={isPending}>
          Add node
        </Button>
      </div>
    </form>
  );
}
