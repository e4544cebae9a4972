import type { ReactNode } from "react";

/**
 * A bordered section. With `title`, it gets a header (title, optional description and a right-side `actions`
 * slot); `headingLevel` keeps the page's heading order right (h2 under the page's h1 by default).
 */
export function Card({
  title,
  description,
  actions,
  headingLevel = 2,
  className = "",
  bodyClassName = "",
  id,
  children,
}: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  headingLevel?: 2 | 3;
  className?: string;
  bodyClassName?: string;
  id?: string;
  children?: ReactNode;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section id={id} className={`min-w-0 rounded-xl border border-border bg-card ${className}`} aria-labelledby={id && title ? `${id}-title` : undefined}>
      {title ? (
        <header className="flex flex-wrap items-start justify-between gap-3 px-5 pt-4">
          <div className="min-w-0">
            <Heading id={id ? `${id}-title` : undefined} className="text-sm font-semibold">
              {title}
            </Heading>
            {description ? <div className="mt-1 text-sm text-muted">{description}</div> : null}
          </div>
          {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
        </header>
      ) : null}
      <div className={`p-5 ${title ? "pt-4" : ""} ${bodyClassName}`}>{children}</div>
    </section>
  );
}
