"use client";

import { useState } from "react";
import type { ComboTestResult } from "@/app/api/combos/[name]/test/run-combo-test";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { FormField, TextInput } from "../ui/form-field";
import { Notice } from "../ui/notice";
import { ComboTestResultView } from "./combo-test-result";

/**
 * "Test": sends one tiny real request through the combo (POST /api/combos/{name}/test) and shows the walk.
 * When /v1 needs a client key, asks for one (used for that request only).
 */
export function ComboTestButton({ name, requireApiKey }: { name: string; requireApiKey: boolean }) {
  const [isOpen, setIsOpen] = useState(false);
  const [isPending, setIsPending] = useState(false);
  const [apiKey, setApiKey] = useState("");
  const [result, setResult] = useState<ComboTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setIsPending(true);
    setError(null);
    setResult(null);
    const response = await apiRequest<ComboTestResult>("POST", `/api/combos/${encodeURIComponent(name)}/test`, apiKey.trim() ? { apiKey: apiKey.trim() } : {});
    setIsPending(false);
    if (response.ok) setResult(response.data);
    else setError(response.message);
  }

  function open() {
    setIsOpen(true);
    setResult(null);
    setError(null);
    if (!requireApiKey) void run();
  }

  return (
    <>
      <Button size="sm" onClick={open} aria-label={`Test ${name}`}>
        Test
      </Button>
      <Dialog
        isOpen={isOpen}
        onClose={() => setIsOpen(false)}
        title={`Test “${name}”`}
        description="Sends one short real request through the combo (it counts in usage and logs) and shows which target answered."
        size="lg"
        footer={
          <>
            <Button onClick={() => setIsOpen(false)}>Close</Button>
            <Button variant="primary" onClick={run} isPending={isPending}>
              {result || error ? "Run again" : "Send test request"}
            </Button>
          </>
        }
      >
        <div className="grid gap-3">
          {requireApiKey ? (
            <FormField label="Client key" id="combo-test-key" hint="This gateway requires a key on /v1. It is used for this request only and not stored.">
              <TextInput id="combo-test-key" type="password" autoComplete="off" value={apiKey} onChange={(event) => setApiKey(event.target.value)} className="font-mono" />
            </FormField>
          ) : null}
          {isPending ? (
            <p role="status" className="text-sm text-muted">
              Waiting for an answer…
            </p>
          ) : null}
          {error ? <Notice tone="danger">{error}</Notice> : null}
          {result ? <ComboTestResultView result={result} /> : null}
        </div>
      </Dialog>
    </>
  );
}
