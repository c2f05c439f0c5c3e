// Frozen with the migrations: the few statements SQLite and PostgreSQL write differently. The
// migrations call these so that one list of migrations builds the same schema on both.
// Imports nothing from server/.
import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

type AnyDb = Kysely<any>;

export const onPostgres = (db: AnyDb): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

/** An integer primary key the database numbers (AUTOINCREMENT: numbers are never reused). */
export const serialKey =
  (db: AnyDb) =>
  (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    onPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();

/**
 * A trigger that refuses a change with a message: how the database itself keeps what must never be
 * deleted or changed. `event` is `delete`, `update` or `update of col, ...`; `when` a condition
 * on old/new written in SQL both understand.
 */
export async function refuse(
  db: AnyDb,
  name: string,
  o: { event: string; on: string; when?: string; message: string },
): Promise<void> {
  const message = o.message.replace(/'/g, "''");
  if (onPostgres(db)) {
    await sql`create or replace function portal_refuse() returns trigger language plpgsql as $$
      begin raise exception '%', tg_argv[0]; end $$`.execute(db);
    const when = o.when ? ` when (${o.when})` : '';
    await sql
      .raw(
        `create trigger ${name} before ${o.event} on ${o.on} for each row${when} execute function portal_refuse('${message}')`,
      )
      .execute(db);
  } else {
    const when = o.when ? ` when ${o.when}` : '';
    await sql
      .raw(`create trigger ${name} before ${o.event} on ${o.on}${when} begin select raise(abort, '${message}'); end`)
      .execute(db);
  }
}

export async function dropTrigger(db: AnyDb, name: string, table: string): Promise<void> {
  await sql.raw(onPostgres(db) ? `drop trigger ${name} on ${table}` : `drop trigger ${name}`).execute(db);
}

/** A table keyed by its primary key alone; SQLite stores it without a separate rowid. */
export const withoutRowid = (db: AnyDb): string => (onPostgres(db) ? '' : ' without rowid');
