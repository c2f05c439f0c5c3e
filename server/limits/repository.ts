// All SQL about the shared rate-limit counters.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database>;

/**
 * Counts one more request for `key` in one statement (so two processes never lose a count):
 * a window that has ended starts again at 1. Returns the count and when the window ends.
 */
export async function countHit(
  db: Db,
  key: string,
  nowMs: number,
  windowMs: number,
): Promise<{ count: number; window_ends: number }> {
  return db
    .insertInto('rate_limit_hits')
    .values({ key, count: 1, window_ends: nowMs + windowMs })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql`case when rate_limit_hits.window_ends <= ${nowMs} then 1 else rate_limit_hits.count + 1 end`,
        window_ends: sql`case when rate_limit_hits.window_ends <= ${nowMs} then ${nowMs + windowMs} else rate_limit_hits.window_ends end`,
      }),
    )
    .returning(['count', 'window_ends'])
    .executeTakeFirstOrThrow();
}

/** Forgets windows that ended before `beforeMs`. */
export async function forgetEnded(db: Db, beforeMs: number): Promise<void> {
  await db.deleteFrom('rate_limit_hits').where('window_ends', '<', beforeMs).execute();
}
