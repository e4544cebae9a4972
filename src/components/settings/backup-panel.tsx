"use client";

import { useRef, useState, type FormEvent } from "react";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { FormField, TextInput } from "../ui/form-field";
import { Notice } from "../ui/notice";
import { useSave } from "../ui/use-save";
import { SaveStatus } from "../ui/save-status";

const MIN_PASSPHRASE = 12;

/** Export the configuration with secrets under a passphrase, and restore such a file (here or on another machine). */
export function BackupPanel() {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <ExportForm />
      <RestoreForm />
    </div>
  );
}

function ExportForm() {
  const [passphrase, setPassphrase] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (passphrase.length < MIN_PASSPHRASE) return setError(`The passphrase needs at least ${MIN_PASSPHRASE} characters.`);
    setError(null);
    setIsPending(true);
    try {
      const response = await fetch("/api/settings/backup", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ passphrase }),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        setError(body?.error?.message ?? `Export failed (HTTP ${response.status}).`);
        return;
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "omniroute-backup.json";
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      link.click();
      URL.revokeObjectURL(url);
      setPassphrase("");
    } catch {
      setError("Could not reach the server.");
    } finally {
      setIsPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="grid content-start gap-3" noValidate>
      <h3 className="text-sm font-medium">Export</h3>
      <p className="text-sm text-muted">
        Providers, accounts, combos, keys and settings as one JSON file. Provider keys, OAuth tokens and proxy passwords in it are encrypted with the passphrase
        you choose; usage history is not included.
      </p>
      <FormField label="Passphrase" id="backup-export-passphrase" hint={`At least ${MIN_PASSPHRASE} characters. Without it the file cannot be restored.`}>
        <TextInput id="backup-export-passphrase" type="password" autoComplete="new-password" value={passphrase} onChange={(event) => setPassphrase(event.target.value)} aria-describedby="backup-export-passphrase-hint" />
      </FormField>
      {error ? <Notice tone="danger">{error}</Notice> : null}
      <div>
        <Button type="submit" variant="primary" isPending={isPending}>
          Download backup
        </Button>
      </div>
    </form>
  );
}

function RestoreForm() {
  const fileInput = useRef<HTMLInputElement>(null);
  const [passphrase, setPassphrase] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [restored, setRestored] = useState<string | null>(null);
  const { state, save, isPending } = useSave();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    if (file === undefined) return setError("Choose a backup file.");
    if (passphrase === "") return setError("Enter the backup's passphrase.");
    let backup: unknown;
    try {
      backup = JSON.parse(await file.text());
    } catch {
      return setError("That file is not JSON: choose a file made by Download backup.");
    }
    setError(null);
    const result = await save(() => apiRequest<{ areClientKeysRestored: boolean; counts: { providers: number; accounts: number; combos: number; clientKeys: number } }>("PUT", "/api/settings/backup", { passphrase, backup }), "Restored.");
    if (result.ok) {
      const { counts, areClientKeysRestored } = result.data;
      setPassphrase("");
      setError(null);
      setRestored(
        `Restored ${counts.providers} providers (${counts.accounts} accounts) and ${counts.combos} combos. ${
          areClientKeysRestored ? `${counts.clientKeys} client keys restored.` : "Client keys were kept as they were: the backup comes from another installation, whose keys do not work here."
        }`,
      );
    }
  }

  return (
    <form onSubmit={submit} className="grid content-start gap-3" noValidate>
      <h3 className="text-sm font-medium">Restore</h3>
      <p className="text-sm text-muted">Replaces the current configuration with the backup&apos;s. Your dashboard password and IP filter stay as they are.</p>
      <FormField label="Backup file" id="backup-file">
        <input ref={fileInput} id="backup-file" type="file" accept="application/json,.json" className="text-sm file:mr-3 file:rounded-md file:border file:border-border file:bg-card file:px-3 file:py-1.5 file:text-sm file:text-foreground" />
      </FormField>
      <FormField label="Passphrase" id="backup-restore-passphrase">
        <TextInput id="backup-restore-passphrase" type="password" autoComplete="off" value={passphrase} onChange={(event) => setPassphrase(event.target.value)} />
      </FormField>
      {error ? <Notice tone="danger">{error}</Notice> : null}
      {restored ? <Notice tone="ok">{restored}</Notice> : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="danger" isPending={isPending}>
          Restore backup
        </Button>
        {state.status === "error" ? <SaveStatus state={state} /> : null}
      </div>
    </form>
  );
}
