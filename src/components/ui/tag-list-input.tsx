"use client";

import { useId, useState, type KeyboardEvent } from "react";
import { Button } from "./button";
import { TextInput } from "./form-field";

/**
 * A list of strings picked from suggestions or typed freely: Enter or "Add" appends, each chip has a remove
 * button. Used for a key's allowed models.
 */
export function TagListInput({
  id,
  values,
  onChange,
  suggestions,
  placeholder,
  addLabel = "Add",
}: {
  id: string;
  values: string[];
  onChange: (values: string[]) => void;
  suggestions: string[];
  placeholder?: string;
  addLabel?: string;
}) {
  const [draft, setDraft] = useState("");
  const listId = useId();

  function add() {
    const value = draft.trim();
    if (value === "") return;
    if (!values.includes(value)) onChange([...values, value]);
    setDraft("");
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      event.preventDefault();
      add();
    }
  }

  return (
    <div className="grid gap-2">
      <div className="flex gap-2">
        <TextInput id={id} list={listId} value={draft} placeholder={placeholder} onChange={(event) => setDraft(event.target.value)} onKeyDown={onKeyDown} />
        <datalist id={listId}>
          {suggestions
            .filter((suggestion) => !values.includes(suggestion))
            .map((suggestion) => (
              <option key={suggestion} value={suggestion} />
            ))}
        </datalist>
        <Button onClick={add} disabled={draft.trim() === ""}>
          {addLabel}
        </Button>
      </div>
      {values.length > 0 ? (
        <ul className="flex flex-wrap gap-1.5" aria-label="Selected">
          {values.map((value) => (
            <li key={value} className="inline-flex items-center gap-1 rounded-full border border-border bg-code py-0.5 pl-2.5 pr-1 font-mono text-xs">
              {value}
              <button
                type="button"
                onClick={() => onChange(values.filter((other) => other !== value))}
                aria-label={`Remove ${value}`}
                className="rounded-full px-1 text-muted hover:bg-card hover:text-foreground"
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
