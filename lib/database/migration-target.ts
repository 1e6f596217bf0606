/**
 * One database as the migration runner sees it. Applied migrations are recorded in Prisma's own
 * `_prisma_migrations` table, in Prisma's format, so a SQLite database migrated earlier by
 * `prisma migrate deploy` is recognised and `prisma migrate status` keeps working on SQLite.
 */
export interface MigrationTarget {
  /** Names of the migrations applied and finished (not failed, not rolled back), oldest first. */
  applied(): Promise<string[]>;
  /**
   * Runs one migration and records it in the same transaction; does nothing if another process
   * recorded it meanwhile. Returns whether this call applied it.
   */
  apply(migration: { name: string; sql: string; checksum: string }): Promise<boolean>;
  close(): Promise<void>;
}
