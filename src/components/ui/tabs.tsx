"use client";

import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

export interface TabItem {
  id: string;
  label: ReactNode;
  content: ReactNode;
}

/**
 * WAI-ARIA tabs: one tab stop for the tab list, arrow keys (and Home/End) move between tabs and select them,
 * the panel follows. Inactive panels are not rendered.
 */
export function Tabs({ items, label, initialId }: { items: TabItem[]; label: string; initialId?: string }) {
  const [selectedId, setSelectedId] = useState(initialId ?? items[0]?.id);
  const baseId = useId();
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());
  const selected = items.find((item) => item.id === selectedId) ?? items[0];

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = items.findIndex((item) => item.id === selected?.id);
    const nextIndex =
      event.key === "ArrowRight" ? (index + 1) % items.length
      : event.key === "ArrowLeft" ? (index - 1 + items.length) % items.length
      : event.key === "Home" ? 0
      : event.key === "End" ? items.length - 1
      : undefined;
    if (nextIndex === undefined) return;
    event.preventDefault();
    const next = items[nextIndex]!;
    setSelectedId(next.id);
    tabRefs.current.get(next.id)?.focus();
  }

  return (
    <div className="grid min-w-0 gap-4">
      <div role="tablist" aria-label={label} onKeyDown={onKeyDown} className="flex gap-1 overflow-x-auto border-b border-border">
        {items.map((item) => {
          const isSelected = item.id === selected?.id;
          return (
            <button
              key={item.id}
              ref={(element) => {
                if (element) tabRefs.current.set(item.id, element);
                else tabRefs.current.delete(item.id);
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${item.id}`}
              aria-selected={isSelected}
              aria-controls={`${baseId}-panel-${item.id}`}
              tabIndex={isSelected ? 0 : -1}
              onClick={() => setSelectedId(item.id)}
              className={`-mb-px shrink-0 border-b-2 px-3 py-2 text-sm transition-colors ${
                isSelected ? "border-accent font-medium text-foreground" : "border-transparent text-muted hover:text-foreground"
              }`}
            >
              {item.label}
            </button>
          );
        })}
      </div>
      {selected ? (
        <div role="tabpanel" id={`${baseId}-panel-${selected.id}`} aria-labelledby={`${baseId}-tab-${selected.id}`} tabIndex={0} className="min-w-0">
          {selected.content}
        </div>
      ) : null}
    </div>
  );
}
