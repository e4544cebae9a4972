"use client";

import { useState, type FormEvent } from "react";
import * as z from "zod/mini";
import { safeRedirectPath } from "@/lib/safe-redirect-path";
import { Button } from "./ui/button";
import { FormField, TextInput, describedBy } from "./ui/form-field";

/** The same limits the login route enforces (src/app/api/auth/login/route.ts). */
const passwordSchema = z.string().check(z.minLength(1, "Enter the password."), z.maxLength(1024, "That is longer than any valid password."));

/** Password form: posts to /api/auth/login (which sets the HttpOnly cookie), then goes to `next`. */
export function LoginForm({ next }: { next: string | undefined }) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  const [isPending, setIsPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = passwordSchema.safeParse(password);
    if (!checked.success) {
      setError(checked.error.issues[0]?.message);
      return;
    }
    setIsPending(true);
    setError(undefined);
    try {
      const response = await fetch("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ password }),
        credentials: "same-origin",
      });
      if (response.ok) {
        window.location.assign(safeRedirectPath(next));
        return;
      }
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(body?.error?.message ?? `Login failed (HTTP ${response.status}).`);
    } catch {
      setError("Could not reach the server.");
    } finally {
      setIsPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <FormField label="Password" id="login-password" error={error}>
        <TextInput
          id="login-password"
          type="password"
          name="password"
          autoComplete="current-password"
          autoFocus
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          className="font-mono"
          {...describedBy("login-password", { error })}
        />
      </FormField>
      <Button type="submit" variant="primary" isPending={isPending}>
        {isPending ? "Logging in…" : "Log in"}
      </Button>
    </form>
  );
}
