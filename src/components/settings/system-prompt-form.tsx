"use client";

import { useState, type FormEvent } from "react";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { CheckboxField, FormField, SelectInput, TextArea } from "../ui/form-field";
import { SaveStatus } from "../ui/save-status";
import { useSave } from "../ui/use-save";

export interface SystemPromptValues {
  enabled: boolean;
  text: string;
  position: "prepend" | "append";
}

const MAX_BYTES = 100 * 1024;

/** A system prompt added to every generation request (kept but unused while off). */
export function SystemPromptForm({ initial }: { initial: SystemPromptValues }) {
  const [values, setValues] = useState(initial);
  const [error, setError] = useState<string | undefined>(undefined);
  const { state, save, isPending } = useSave();
  const bytes = new TextEncoder().encode(values.text).length;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (bytes > MAX_BYTES) {
      setError(`At most ${MAX_BYTES / 1024} KB; this is ${Math.ceil(bytes / 1024)} KB.`);
      return;
    }
    setError(undefined);
    await save(() => apiRequest("PUT", "/api/settings/system-prompt", values));
  }

  return (
    <form onSubmit={submit} className="grid gap-3" noValidate>
      <CheckboxField label="Add this system prompt to every request" checked={values.enabled} onChange={(event) => setValues({ ...values, enabled: event.target.checked })} />
      <FormField label="Prompt" id="system-prompt-text" error={error} hint={`${bytes.toLocaleString("en-US")} bytes`}>
        <TextArea id="system-prompt-text" rows={5} value={values.text} onChange={(event) => setValues({ ...values, text: event.target.value })} className="font-sans" aria-describedby="system-prompt-text-hint" />
      </FormField>
      <FormField label="Position" id="system-prompt-position" hint="After the client's own prompt keeps its prompt-cache prefix intact.">
        <SelectInput
          id="system-prompt-position"
          value={values.position}
          onChange={(event) => setValues({ ...values, position: event.target.value as SystemPromptValues["position"] })}
          className="max-w-xs"
          aria-describedby="system-prompt-position-hint"
        >
          <option value="append">After the client&apos;s system prompt</option>
          <option value="prepend">Before the client&apos;s system prompt</option>
        </SelectInput>
      </FormField>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" isPending={isPending}>
          Save system prompt
        </Button>
        <SaveStatus state={state} />
      </div>
    </form>
  );
}
