import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

const controlClass =
  "w-full min-w-0 rounded-md border border-border bg-background px-3 py-1.5 text-sm text-foreground placeholder:text-muted/70 focus:border-accent focus:outline-none aria-[invalid=true]:border-danger disabled:opacity-60";

/**
 * A label around one control, with an optional hint and error. The label wraps the control, so clicking it
 * focuses the control without ids; the hint and error are tied to it with aria-describedby when `id` is given.
 */
export function FormField({
  label,
  hint,
  error,
  id,
  className = "",
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  /** The control's id: enables aria-describedby links for the hint and the error. */
  id?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`grid min-w-0 gap-1.5 text-sm ${className}`}>
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={id ? `${id}-hint` : undefined} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={id ? `${id}-error` : undefined} role="alert" className="text-xs text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** aria-describedby / aria-invalid for a control inside a FormField with the same id. */
export function describedBy(id: string, options: { hasHint?: boolean; error?: string | undefined }) {
  const ids = [options.hasHint ? `${id}-hint` : undefined, options.error ? `${id}-error` : undefined].filter(Boolean);
  return { "aria-describedby": ids.length > 0 ? ids.join(" ") : undefined, "aria-invalid": options.error ? true : undefined };
}

export function TextInput({ className = "", ...rest }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={`${controlClass} ${className}`} {...rest} />;
}

export function SelectInput({ className = "", children, ...rest }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select className={`${controlClass} ${className}`} {...rest}>
      {children}
    </select>
  );
}

export function TextArea({ className = "", ...rest }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={`${controlClass} font-mono ${className}`} {...rest} />;
}

/** A checkbox with its label to the right (for on/off settings inside forms). */
export function CheckboxField({
  label,
  hint,
  className = "",
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & { label: ReactNode; hint?: ReactNode }) {
  return (
    <label className={`flex items-start gap-2.5 text-sm ${className}`}>
      <input type="checkbox" className="mt-0.5 size-4 shrink-0 accent-[var(--accent)]" {...rest} />
      <span className="grid gap-0.5">
        <span className="font-medium">{label}</span>
        {hint ? <span className="text-xs text-muted">{hint}</span> : null}
      </span>
    </label>
  );
}
