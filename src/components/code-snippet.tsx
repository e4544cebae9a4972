import { CopyButton } from "./copy-button";

/** A titled, copyable block of code; the copy button sits in a header bar so it never covers the code. */
export function CodeSnippet({ title, language, code }: { title?: string; language: string; code: string }) {
  return (
    <figure className="min-w-0 overflow-hidden rounded-lg border border-border bg-code">
      <div className="flex items-center justify-between gap-2 border-b border-border px-3 py-1.5">
        <figcaption className="min-w-0 truncate text-xs font-medium text-muted">{title ?? language}</figcaption>
        <div className="flex shrink-0 items-center gap-2">
          {title ? <span className="font-mono text-[10px] uppercase tracking-wide text-muted">{language}</span> : null}
          <CopyButton text={code} />
        </div>
      </div>
      <pre className="overflow-x-auto p-3 font-mono text-[12.5px] leading-relaxed">
        <code>{code}</code>
      </pre>
    </figure>
  );
}
