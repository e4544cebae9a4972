import { CopyButton } from "./copy-button";

/** A titled, copyable block of code. */
export function CodeSnippet({ title, language, code }: { title?: string; language: string; code: string }) {
  return (
    <figure className="min-w-0">
      {title ? <figcaption className="mb-1.5 text-xs font-medium text-muted">{title}</figcaption> : null}
      <div className="relative rounded-lg border border-border bg-code">
        <div className="absolute right-2 top-2 flex items-center gap-2">
          <span className="font-mono text-[10px] uppercase tracking-wide text-muted">{language}</span>
          <CopyButton text={code} />
        </div>
        <pre className="overflow-x-auto p-3 pr-28 font-mono text-[12.5px] leading-relaxed">
          <code>{code}</code>
        </pre>
      </div>
    </figure>
  );
}
