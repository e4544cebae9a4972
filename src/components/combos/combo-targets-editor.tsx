"use client";

import { useId, useState, type DragEvent } from "react";
import { Button } from "../ui/button";
import { TextInput } from "../ui/form-field";
import { moveItem } from "./reorder-list";

export interface ComboTarget {
  model: string;
  /** Round-robin weight as typed (validated on submit). */
  weight: string;
}

/**
 * The ordered member list of a combo: drag a row by its handle, or use the Up/Down buttons (keyboard); each
 * row can be removed; new members are picked from the configured models or typed. Weights show for round-robin.
 */
export function ComboTargetsEditor({
  targets,
  onChange,
  modelChoices,
  showWeights,
}: {
  targets: ComboTarget[];
  onChange: (targets: ComboTarget[]) => void;
  modelChoices: string[];
  showWeights: boolean;
}) {
  const [draft, setDraft] = useState("");
  const [dragIndex, setDragIndex] = useState<number | null>(null);
  const [overIndex, setOverIndex] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const listId = useId();

  function move(from: number, to: number) {
    if (to < 0 || to >= targets.length || from === to) return;
    onChange(moveItem(targets, from, to));
    setAnnouncement(`${targets[from]?.model} moved to position ${to + 1} of ${targets.length}.`);
  }

  function add() {
    const model = draft.trim();
    if (model === "" || targets.some((target) => target.model === model)) return;
    onChange([...targets, { model, weight: "1" }]);
    setDraft("");
  }

  function onDrop(event: DragEvent<HTMLLIElement>, index: number) {
    event.preventDefault();
    if (dragIndex !== null) move(dragIndex, index);
    setDragIndex(null);
    setOverIndex(null);
  }

  return (
    <div className="grid gap-2">
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      {targets.length === 0 ? <p className="rounded-md border border-dashed border-border px-3 py-4 text-center text-sm text-muted">No targets yet: add the first model below.</p> : null}
      <ol className="grid gap-1.5" aria-label="Targets in priority order">
        {targets.map((target, index) => (
          <li
            key={target.model}
            draggable
            data-testid="combo-target"
            onDragStart={(event) => {
              setDragIndex(index);
              event.dataTransfer.effectAllowed = "move";
              event.dataTransfer.setData("text/plain", target.model);
            }}
            onDragOver={(event) => {
              event.preventDefault();
              setOverIndex(index);
            }}
            onDragLeave={() => setOverIndex((current) => (current === index ? null : current))}
            onDrop={(event) => onDrop(event, index)}
            onDragEnd={() => {
              setDragIndex(null);
              setOverIndex(null);
            }}
            className={`flex items-center gap-2 rounded-md border bg-card px-2 py-1.5 text-sm ${overIndex === index && dragIndex !== index ? "border-accent" : "border-border"} ${dragIndex === index ? "opacity-50" : ""}`}
          >
            <span aria-hidden className="cursor-grab select-none px-1 text-muted" title="Drag to reorder">
              ⠿
            </span>
            <span className="w-5 text-right text-xs tabular-nums text-muted">{index + 1}.</span>
            <code className="min-w-0 flex-1 truncate font-mono text-[13px]" title={target.model}>
              {target.model}
            </code>
            {showWeights ? (
              <label className="flex items-center gap-1 text-xs text-muted">
                Weight
                <TextInput
                  inputMode="numeric"
                  value={target.weight}
                  onChange={(event) => onChange(targets.map((other, otherIndex) => (otherIndex === index ? { ...other, weight: event.target.value } : other)))}
                  className="w-16 py-0.5"
                  aria-label={`Weight of ${target.model}`}
                />
              </label>
            ) : null}
            <Button size="sm" variant="ghost" onClick={() => move(index, index - 1)} disabled={index === 0} aria-label={`Move ${target.model} up`}>
              ↑
            </Button>
            <Button size="sm" variant="ghost" onClick={() => move(index, index + 1)} disabled={index === targets.length - 1} aria-label={`Move ${target.model} down`}>
              ↓
            </Button>
            <Button size="sm" variant="ghost" onClick={() => onChange(targets.filter((_, otherIndex) => otherIndex !== index))} aria-label={`Remove ${target.model}`}>
              ×
            </Button>
          </li>
        ))}
      </ol>
      <div className="flex gap-2">
        <TextInput
          list={listId}
          value={draft}
          placeholder="provider/model"
          aria-label="Model to add"
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              add();
            }
          }}
        />
        <datalist id={listId}>
          {modelChoices
            .filter((choice) => !targets.some((target) => target.model === choice))
            .map((choice) => (
              <option key={choice} value={choice} />
            ))}
        </datalist>
        <Button onClick={add} disabled={draft.trim() === ""}>
          Add target
        </Button>
      </div>
    </div>
  );
}
