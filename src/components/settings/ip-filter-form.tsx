"use client";

import { useState, type FormEvent } from "react";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { FormField, SelectInput, TextArea } from "../ui/form-field";
import { SaveStatus } from "../ui/save-status";
import { useSave } from "../ui/use-save";

export interface IpFilterValues {
  mode: "off" | "allow" | "block";
  cidrs: string[];
  trustedProxies: string[];
}

const toLines = (values: string[]) => values.join("\n");
const fromLines = (text: string) =>
  text
    .split(/[\n,]+/)
    .map((line) => line.trim())
    .filter((line) => line !== "");

/** Which client addresses may reach /v1 and the dashboard. The server refuses rules that would lock you out. */
export function IpFilterForm({ initial }: { initial: IpFilterValues }) {
  const [mode, setMode] = useState(initial.mode);
  const [cidrs, setCidrs] = useState(toLines(initial.cidrs));
  const [proxies, setProxies] = useState(toLines(initial.trustedProxies));
  const { state, save, isPending } = useSave();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await save(() => apiRequest("PUT", "/api/settings/ip-filter", { mode, cidrs: fromLines(cidrs), trustedProxies: fromLines(proxies) }));
  }

  return (
    <form onSubmit={submit} className="grid gap-3" noValidate>
      <FormField label="Mode" id="ip-filter-mode">
        <SelectInput id="ip-filter-mode" value={mode} onChange={(event) => setMode(event.target.value as IpFilterValues["mode"])} className="max-w-xs">
          <option value="off">Off: every address</option>
          <option value="allow">Allow list: only these addresses</option>
          <option value="block">Block list: every address but these</option>
        </SelectInput>
      </FormField>
      <div className="grid gap-3 md:grid-cols-2">
        <FormField label="Addresses and ranges" id="ip-filter-cidrs" hint="One per line: 192.168.1.0/24, 10.0.0.5, fd00::/8.">
          <TextArea id="ip-filter-cidrs" rows={4} value={cidrs} onChange={(event) => setCidrs(event.target.value)} disabled={mode === "off"} aria-describedby="ip-filter-cidrs-hint" />
        </FormField>
        <FormField label="Trusted proxies" id="ip-filter-proxies" hint="Reverse proxies whose X-Forwarded-For is believed. Empty: none.">
          <TextArea id="ip-filter-proxies" rows={4} value={proxies} onChange={(event) => setProxies(event.target.value)} aria-describedby="ip-filter-proxies-hint" />
        </FormField>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" isPending={isPending}>
          Save IP filter
        </Button>
        <SaveStatus state={state} />
      </div>
    </form>
  );
}
