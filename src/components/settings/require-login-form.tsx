"use client";

import { useState } from "react";
import { apiRequest } from "../ui/api-request";
import { CheckboxField } from "../ui/form-field";
import { SaveStatus } from "../ui/save-status";
import { useSave } from "../ui/use-save";

/** The require-login switch; it can be turned off only while omniroute listens on loopback. */
export function RequireLoginForm({ requireLogin, loopbackBind }: { requireLogin: boolean; loopbackBind: boolean }) {
  const [isChecked, setIsChecked] = useState(requireLogin);
  const { state, save, isPending } = useSave();

  async function toggle(next: boolean) {
    setIsChecked(next);
    const result = await save(() => apiRequest("PUT", "/api/settings/require-login", { requireLogin: next }), next ? "Login is required." : "Login is off on this machine.");
    if (!result.ok) setIsChecked(!next);
  }

  return (
    <div className="grid gap-2">
      <CheckboxField
        label="Require the password to open the dashboard"
        hint={
          loopbackBind
            ? "omniroute listens on loopback only, so you may turn this off: anyone using this computer could then open the dashboard."
            : "omniroute listens on a network address: login stays required whatever this says."
        }
        checked={isChecked}
        disabled={isPending || (!loopbackBind && isChecked)}
        onChange={(event) => void toggle(event.target.checked)}
      />
      <SaveStatus state={state} />
    </div>
  );
}
