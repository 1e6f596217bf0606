import Link from "next/link";
import type { ReactNode } from "react";
import { secondaryLink } from "./fields";

/** A column heading: its text, or with classes that replace the default padding (alignment, width). */
export type Column = string | { label: string; className?: string; srOnly?: boolean };

function columnHeading(column: Column, headerCellClass: string) {
  const { label, className = headerCellClass, srOnly = false } = typeof column === "string" ? { label: column } : column;
  return (
    <th key={label} className={className}>
      {srOnly ? <span className="sr-only">{label}</span> : label}
    </th>
  );
}

/**
 * The panel's list table: a scrolling wrapper, a muted header row and divided body rows.
 * A null column is left out (a column only some viewers get).
 */
export function DataTable({ columns, children, testId, headerCellClass = "px-5 py-3" }: {
  columns: (Column | null)[];
  children: ReactNode;
  testId?: string;
  /** The heading cells' padding; compact tables pass their own. */
  headerCellClass?: string;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-sm" data-testid={testId}>
        <thead className="border-b border-slate-100 bg-slate-50/60 text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>{columns.map((column) => (column ? columnHeading(column, headerCellClass) : null))}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

/** A body cell with the table's padding; className adds colour, alignment or wrapping. */
export function Cell({ children, className = "", testId }: { children?: ReactNode; className?: string; testId?: string }) {
  return (
    <td className={`px-5 py-3.5 ${className}`} data-testid={testId}>
      {children}
    </td>
  );
}

/** The last cell of a row: its buttons, right-aligned. */
export function RowActions({ children }: { children: ReactNode }) {
  return (
    <Cell>
      <div className="flex items-start justify-end gap-2">{children}</div>
    </Cell>
  );
}

/** The Edit / Close link of a row edited in place: it opens `?edit=<id>` on the list's page, or closes it. */
export function EditToggle({ page, id, editing, testId }: { page: string; id: string; editing: string | undefined; testId: string }) {
  return (
    <Link href={editing === id ? page : `${page}${page.includes("?") ? "&" : "?"}edit=${id}`} data-testid={testId} className={secondaryLink}>
      {editing === id ? "Close" : "Edit"}
    </Link>
  );
}

/** The full-width row under the row being edited, holding its edit form. */
export function EditRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="bg-slate-50/70 px-5 py-5">
        {children}
      </td>
    </tr>
  );
}
