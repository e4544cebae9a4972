import Link from "next/link";

export interface SegmentedOption {
  label: string;
  href: string;
  isActive: boolean;
}

/**
 * A row of mutually exclusive choices that live in the URL: plain links (keyboard, middle-click and back
 * button work; no client JavaScript), the chosen one marked with aria-current. Not prefetched: each variant is a
 * full server render, and a row of them would cost the server a dozen renders per page view.
 */
export function SegmentedLinks({ label, options }: { label: string; options: SegmentedOption[] }) {
  return (
    <div className="flex items-center gap-2">
      <span className="text-xs font-medium text-muted" id={`segmented-${slug(label)}`}>
        {label}
      </span>
      <ul aria-labelledby={`segmented-${slug(label)}`} className="inline-flex rounded-md border border-border bg-card p-0.5">
        {options.map((option) => (
          <li key={option.href}>
            <Link prefetch={false}
              href={option.href}
              scroll={false}
              aria-current={option.isActive ? "true" : undefined}
              className={`block rounded px-2.5 py-1 text-xs transition-colors ${
                option.isActive ? "bg-accent-soft font-medium text-foreground" : "text-muted hover:bg-code hover:text-foreground"
              }`}
            >
              {option.label}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}
