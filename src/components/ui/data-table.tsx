import type { ReactNode } from "react";

export interface DataTableColumn<Row> {
  /** Stable key for React. */
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  align?: "left" | "right";
  /** Extra classes for the header and body cells of this column (e.g. `hidden md:table-cell`). */
  className?: string;
}

/**
 * A plain, accessible table: a caption (visually hidden unless shown), column headers with scope, and an empty
 * state in place of rows. It scrolls sideways on narrow screens instead of squeezing. Works in server and
 * client components alike (it holds no state).
 */
export function DataTable<Row>({
  caption,
  isCaptionVisible = false,
  columns,
  rows,
  rowKey,
  empty,
  dense = false,
}: {
  caption: string;
  isCaptionVisible?: boolean;
  columns: DataTableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  dense?: boolean;
}) {
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  const cellPadding = dense ? "px-3 py-1.5" : "px-3 py-2.5";
  return (
    <div className="-mx-1 overflow-x-auto px-1">
      <table className="w-full border-collapse text-left text-sm">
        <caption className={isCaptionVisible ? "mb-2 text-left text-sm font-medium" : "sr-only"}>{caption}</caption>
        <thead>
          <tr className="border-b border-border text-[11px] uppercase tracking-wide text-muted">
            {columns.map((column) => (
              <th key={column.key} scope="col" className={`${cellPadding} font-medium first:pl-0 last:pr-0 ${column.align === "right" ? "text-right" : ""} ${column.className ?? ""}`}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className="border-b border-border align-middle last:border-0">
              {columns.map((column) => (
                <td key={column.key} className={`${cellPadding} first:pl-0 last:pr-0 ${column.align === "right" ? "text-right tabular-nums" : ""} ${column.className ?? ""}`}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
