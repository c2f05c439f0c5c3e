// The full-text conditions, in each database's own words. SQLite: FTS5 tables with the trigram
// tokenizer (migrations/0002). PostgreSQL: pg_trgm GIN indexes on the same text, which serve
// ILIKE '%term%' for any term of three or more characters, Chinese included. Both are
// case-insensitive and match substrings, so a query finds the same rows on either.
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import { containsPattern, fts5Match, type TextQuery } from './query.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const SEARCHED = {
  opinions: { fts: 'opinions_fts', text: sql.ref('opinions.body') },
  // The expression the PostgreSQL index is built on (migrations/0002).
  problems: { fts: 'problems_fts', text: sql`(problems.title || ' ' || problems.description)` },
} as const;

/** Every term of the query appears in the opinion's text. */
export function opinionMatches(db: Db, t: TextQuery): Expression<SqlBool>[] {
  if (dialectOf(db) === 'postgres') {
    return [...t.indexed, ...t.contains].map((term) => sql<SqlBool>`opinions.body ilike ${containsPattern(term)}`);
  }
  const conditions: Expression<SqlBool>[] = t.contains.map(
    (term) => sql<SqlBool>`instr(lower(opinions.body), ${term}) > 0`,
  );
  if (t.indexed.length > 0) {
    conditions.unshift(
      sql<SqlBool>`opinions.id in (select rowid from opinions_fts where opinions_fts match ${fts5Match(t.indexed, 'and')})`,
    );
  }
  return conditions;
}

/**
 * Rows of `table` containing any of the windows, as (id, rank), best first by ascending rank:
 * bm25 on SQLite, minus the number of windows found on PostgreSQL. At most `limit` rows of the
 * whole table, so the cost stays flat however many rows there are.
 */
export function similarRows(
  db: Db,
  table: keyof typeof SEARCHED,
  windows: string[],
  limit: number,
): RawBuilder<{ id: number; rank: number }> {
  const { fts, text } = SEARCHED[table];
  if (dialectOf(db) === 'postgres') {
    const found = windows.map((w) => sql`(${text} ilike ${containsPattern(w)})`);
    const count = sql.join(
      found.map((f) => sql`case when ${f} then 1 else 0 end`),
      sql` + `,
    );
    return sql<{
      id: number;
      rank: number;
    }>`(select ${sql.ref(`${table}.id`)} as id, -(${count}) as rank from ${sql.table(table)} where ${sql.join(found, sql` or `)} order by rank limit ${limit})`;
  }
  return sql<{
    id: number;
    rank: number;
  }>`(select rowid as id, bm25(${sql.table(fts)}) as rank from ${sql.table(fts)} where ${sql.table(fts)} match ${fts5Match(windows, 'or')} order by rank limit ${limit})`;
}
