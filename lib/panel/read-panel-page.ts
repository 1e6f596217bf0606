import { AppError } from "../errors";

/**
 * A panel list's page for its `?cursor=`: a stale or mistyped cursor (a 400 from readPage) shows
 * the first page instead of an error, since it only ever comes from an old link.
 */
export async function readPanelPage<Page>(cursor: string | string[] | undefined, read: (cursor: string | undefined) => Promise<Page>): Promise<Page> {
  const given = typeof cursor === "string" && cursor !== "" ? cursor : undefined;
  try {
    return await read(given);
  } catch (error) {
    if (given === undefined || !(error instanceof AppError) || error.code !== "invalid_cursor") throw error;
    return read(undefined);
  }
}
