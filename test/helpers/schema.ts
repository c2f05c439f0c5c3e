// What the database holds, read the same way on SQLite and PostgreSQL (Kysely's introspection).
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Every table the portal made (not Kysely's own migration tables), by name. */
export async function tableNames(db: AnyDb): Promise<string[]> {
  return (await db.introspection.getTables())
    .filter((t) => !t.isView)
    .map((t) => t.name)
    .sort();
}

export async function columnNames(db: AnyDb, table: string): Promise<string[]> {
  const found = (await db.introspection.getTables()).find((t) => t.name === table);
  if (!found) throw new Error(`no table ${table}`);
  return found.columns.map((c) => c.name).sort();
}
