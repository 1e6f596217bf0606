import { z } from "zod";
import { AppError, parseInput } from "../errors";

export const defaultPageLimit = 50;
export const maxPageLimit = 100;

// Query strings come in as strings; an empty `?limit=` means "the default", not zero.
const emptyAsMissing = (value: unknown) => (value === "" ? undefined : value);

/** `?limit=&cursor=` of every paginated list (API and panel). */
export const ZPageInput = z.object({
  limit: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1).max(maxPageLimit).optional()),
  cursor: z.preprocess(emptyAsMissing, z.string().max(200).optional()),
});
/** What callers pass on: the raw query-string values, or numbers from code. */
export interface TPageInput {
  limit?: string | number;
  cursor?: string;
}

const ZCursorPosition = z.tuple([z.iso.datetime(), z.string().min(1).max(100)]);

/** The keyset filter, order and size a page's query needs; spread into any model with `id` and `createdAt`. */
export interface PageQuery {
  where: { OR?: Array<{ createdAt: { lt: Date } } | { createdAt: Date; id: { lt: string } }> };
  orderBy: Array<{ createdAt: "desc" } | { id: "desc" }>;
  take: number;
}

/** The opaque cursor after a row: its createdAt and id, so paging stays stable while rows are added. */
export function encodeCursor(row: { id: string; createdAt: Date }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  let position: z.infer<typeof ZCursorPosition> | undefined;
  try {
    position = ZCursorPosition.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    position = undefined;
  }
  if (!position) throw new AppError("invalid_cursor", 400, "cursor: not a cursor this list gave out");
  return { createdAt: new Date(position[0]), id: position[1] };
}

/**
 * One page of a list, newest first (createdAt desc, id desc), and the cursor of the next page
 * (null on the last). `read` runs the caller's own scoped query with the page's filter ANDed in,
 * so a cursor only ever moves within the rows the caller may see: a forged one reveals nothing.
 */
export async function readPage<Row extends { id: string; createdAt: Date }>({
  input,
  read,
}: {
  input: TPageInput;
  read: (query: PageQuery) => Promise<Row[]>;
}): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const { limit = defaultPageLimit, cursor } = parseInput(ZPageInput, input);
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await read({
    where: after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    // One more than the page: whether it exists says if there is a next page.
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null };
}

/** The page parameters of a request's query string (the rest is ignored). */
export function pageInputOf(request: Request): TPageInput {
  const parameters = new URL(request.url).searchParams;
  return { limit: parameters.get("limit") ?? undefined, cursor: parameters.get("cursor") ?? undefined };
}
