import Link from "next/link";

/** `path` with `?cursor=` for one page of a paged list (none: the first page). */
export function pageHref(path: string, cursor: string | null | undefined): string {
  return cursor ? `${path}?cursor=${encodeURIComponent(cursor)}` : path;
}

/**
 * The footer of a paged list (lib/pagination/read-page.ts): back to the first page once paged,
 * and "Next page" carrying the cursor while there is one.
 */
export function Pager({ path, nextCursor, paged, nextTestId = "next-page", firstTestId = "first-page", nextLabel = "Next page →", firstLabel = "← First page", endLabel = "" }: {
  path: string;
  nextCursor: string | null;
  /** Whether this is a later page (a cursor was given). */
  paged: boolean;
  nextTestId?: string;
  firstTestId?: string;
  nextLabel?: string;
  firstLabel?: string;
  /** Shown instead of the link on the last page. */
  endLabel?: string;
}) {
  if (!paged && !nextCursor && !endLabel) return null;
  const link = "font-medium text-indigo-600 hover:text-indigo-500";
  return (
    <div className="flex items-center justify-between border-t border-slate-100 px-5 py-3 text-sm">
      {paged ? (
        <Link href={path} className={link} data-testid={firstTestId}>
          {firstLabel}
        </Link>
      ) : (
        <span />
      )}
      {nextCursor ? (
        <Link href={pageHref(path, nextCursor)} className={link} data-testid={nextTestId}>
          {nextLabel}
        </Link>
      ) : (
        <span className="text-slate-400">{endLabel}</span>
      )}
    </div>
  );
}
