/** A grey placeholder block for loading states (loading.tsx files); hidden from screen readers. */
export function Skeleton({ className = "h-4 w-full" }: { className?: string }) {
  return <div aria-hidden className={`animate-pulse rounded-md bg-code ${className}`} />;
}

/** A page-shaped loading placeholder: a header line and a few cards. Announces "Loading" once. */
export function PageSkeleton({ cards = 3 }: { cards?: number }) {
  return (
    <div className="grid gap-5" role="status" aria-live="polite">
      <span className="sr-only">Loading…</span>
      <Skeleton className="h-7 w-48" />
      <Skeleton className="h-4 w-96 max-w-full" />
      {Array.from({ length: cards }, (_, index) => (
        <Skeleton key={index} className="h-32 w-full rounded-xl" />
      ))}
    </div>
  );
}
