"use client";

import { useState, type FormEvent } from "react";
// zod/mini: Home loads this form, and the full zod build would be its largest script.
import * as z from "zod/mini";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { TextInput } from "../ui/form-field";

/** The same name rule as the API (src/lib/server/services/api-keys/api-key-input.ts), checked before sending. */
export const keyNameSchema = z
  .string()
  .check(z.trim(), z.minLength(1, "Give the key a name."), z.maxLength(100, "At most 100 characters."), z.regex(/^[^\p{Cc}]+$/u, "No control characters."));

/** Name-only key creation (Home): POST /api/keys, then hands the one-time key to the parent. */
export function QuickKeyForm({ onCreated }: { onCreated: (created: { name: string; key: string }) => void }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = keyNameSchema.safeParse(name);
    if (!checked.success) {
      setError(checked.error.issues[0]?.message ?? "Invalid name.");
      return;
    }
    setIsPending(true);
    setError(null);
    const result = await apiRequest<{ name: string; key: string }>("POST", "/api/keys", { name: checked.data });
    setIsPending(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    onCreated({ name: result.data.name, key: result.data.key });
  }

  return (
    <form onSubmit={submit} className="grid gap-1.5" noValidate>
      <label htmlFor="quick-key-name" className="text-sm font-medium">
        New key name
      </label>
      <div className="flex flex-wrap gap-2">
        <TextInput
          id="quick-key-name"
          placeholder="e.g. claude-code-laptop"
          value={name}
          onChange={(event) => setName(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "quick-key-error" : undefined}
          className="w-auto flex-1"
        />
        <Button type="submit" variant="primary" isPending={isPending}>
          Create key
        </Button>
      </div>
      {error ? (
        <p id="quick-key-error" role="alert" className="text-xs text-danger">
          {error}
        </p>
      ) : null}
    </form>
  );
}
