import BetterSqlite3 from "better-sqlite3";
import pg from "pg";

/**
 * What a database's schema is, flattened to "what: definition" entries (tables' columns with
 * type, nullability and default; indexes; keys and foreign keys), so two databases compare entry
 * by entry. Prisma's own `_prisma_migrations` is left out.
 */
export type Catalog = Map<string, string>;

export function sqliteCatalog(file: string): Catalog {
  const connection = new BetterSqlite3(file, { readonly: true });
  const catalog: Catalog = new Map();
  try {
    const tables = connection
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`)
      .all() as Array<{ name: string }>;
    for (const { name: table } of tables) {
      catalog.set(`table ${table}`, "exists");
      for (const column of connection.pragma(`table_info("${table}")`) as Array<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>) {
        catalog.set(`column ${table}.${column.name}`, `${column.type}${column.notnull ? " NOT NULL" : ""} DEFAULT ${column.dflt_value ?? "none"}${column.pk ? ` PRIMARY KEY #${column.pk}` : ""}`);
      }
      for (const index of connection.pragma(`index_list("${table}")`) as Array<{ name: string; unique: number; origin: string }>) {
        const columns = (connection.pragma(`index_info("${index.name}")`) as Array<{ name: string }>).map((column) => column.name);
        catalog.set(`index ${table}.${index.name}`, `${index.unique ? "UNIQUE " : ""}(${columns.join(", ")})`);
      }
      for (const key of connection.pragma(`foreign_key_list("${table}")`) as Array<{ id: number; table: string; from: string; to: string; on_update: string; on_delete: string }>) {
        catalog.set(`foreign key ${table}.${key.from}`, `REFERENCES ${key.table}(${key.to}) ON UPDATE ${key.on_update} ON DELETE ${key.on_delete}`);
      }
    }
  } finally {
    connection.close();
  }
  return catalog;
}

export async function postgresqlCatalog(url: string): Promise<Catalog> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const catalog: Catalog = new Map();
  try {
    const columns = await client.query<{ table_name: string; column_name: string; type: string; is_nullable: string; column_default: string | null }>(`
      SELECT c.table_name, c.column_name, format_type(a.atttypid, a.atttypmod) AS type, c.is_nullable, c.column_default
      FROM information_schema.columns c
      JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND a.attname = c.column_name
      WHERE c.table_schema = current_schema() AND c.table_name <> '_prisma_migrations'`);
    for (const column of columns.rows) {
      catalog.set(`table ${column.table_name}`, "exists");
      catalog.set(`column ${column.table_name}.${column.column_name}`, `${column.type}${column.is_nullable === "NO" ? " NOT NULL" : ""} DEFAULT ${column.column_default ?? "none"}`);
    }
    const indexes = await client.query<{ tablename: string; indexname: string; indexdef: string }>(`
      SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`);
    for (const index of indexes.rows) catalog.set(`index ${index.tablename}.${index.indexname}`, index.indexdef);
    const constraints = await client.query<{ table_name: string; conname: string; definition: string }>(`
      SELECT cl.relname AS table_name, co.conname, pg_get_constraintdef(co.oid) AS definition
      FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
      WHERE n.nspname = current_schema() AND cl.relname <> '_prisma_migrations'`);
    for (const constraint of constraints.rows) catalog.set(`constraint ${constraint.table_name}.${constraint.conname}`, constraint.definition);
  } finally {
    await client.end();
  }
  return catalog;
}

/** The entries where `actual` differs from `expected`, one line each. */
export function catalogDifferences(actual: Catalog, expected: Catalog): string[] {
  const names = [...new Set([...actual.keys(), ...expected.keys()])].sort();
  return names.flatMap((name) => {
    const got = actual.get(name);
    const want = expected.get(name);
    if (got === want) return [];
    if (got === undefined) return [`${name}: missing from the migrations (schema.prisma: ${want})`];
    if (want === undefined) return [`${name}: in the migrations (${got}) but not in schema.prisma`];
    return [`${name}: the migrations make ${got}, schema.prisma says ${want}`];
  });
}
