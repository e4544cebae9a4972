"use client";

import { useState, type FormEvent } from "react";
import { z } from "zod";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { firstIssueByField } from "../ui/first-issue-by-field";
import { FormField, TextInput, describedBy } from "../ui/form-field";
import { SaveStatus } from "../ui/save-status";
import { useSave } from "../ui/use-save";

/** The API's rules (src/app/api/settings/password/route.ts) plus the confirmation only a form needs. */
const passwordChangeSchema = z
  .object({
    oldPassword: z.string().min(1, "Enter the current password."),
    newPassword: z.string().min(12, "At least 12 characters.").max(1024, "At most 1024 characters."),
    confirmPassword: z.string(),
  })
  .refine((values) => values.newPassword === values.confirmPassword, { message: "The two new passwords differ.", path: ["confirmPassword"] })
  .refine((values) => values.newPassword !== values.oldPassword, { message: "Choose a password different from the current one.", path: ["newPassword"] });

/** Changes the dashboard password; every other session ends, this one gets a fresh cookie. */
export function PasswordForm() {
  const [values, setValues] = useState({ oldPassword: "", newPassword: "", confirmPassword: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { state, save, isPending } = useSave();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = passwordChangeSchema.safeParse(values);
    if (!checked.success) {
      setErrors(firstIssueByField(checked.error.issues));
      return;
    }
    setErrors({});
    const result = await save(
      () => apiRequest("POST", "/api/settings/password", { oldPassword: values.oldPassword, newPassword: values.newPassword }),
      "Password changed. Other sessions were logged out.",
    );
    if (result.ok) setValues({ oldPassword: "", newPassword: "", confirmPassword: "" });
  }

  const field = (name: keyof typeof values, label: string, autoComplete: string, hint?: string) => (
    <FormField label={label} id={`password-${name}`} error={errors[name]} hint={hint}>
      <TextInput
        id={`password-${name}`}
        type="password"
        autoComplete={autoComplete}
        value={values[name]}
        onChange={(event) => setValues({ ...values, [name]: event.target.value })}
        {...describedBy(`password-${name}`, { hasHint: hint !== undefined, error: errors[name] })}
      />
    </FormField>
  );

  return (
    <form onSubmit={submit} className="grid max-w-md gap-3" noValidate>
      {field("oldPassword", "Current password", "current-password")}
      {field("newPassword", "New password", "new-password", "At least 12 characters. A passphrase of a few words is easy to remember.")}
      {field("confirmPassword", "New password again", "new-password")}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" isPending={isPending}>
          Change password
        </Button>
        <SaveStatus state={state} />
      </div>
    </form>
  );
}
