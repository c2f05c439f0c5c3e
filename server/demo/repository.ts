// What the demo loader reads: whether the database holds real data, and the figures it reports.
import type { DB } from '../db/database.js';

/** The tables whose rows mean someone is using this database. */
export const REAL_DATA_TABLES = ['users', 'units', 'campaigns', 'opinions'] as const;
type RealDataTable = (typeof REAL_DATA_TABLES)[number];

/**
 * How many rows each of those tables has; a table not made yet (a database never migrated)
 * counts as none, and nothing is created to find out.
 */
export async function realDataCounts(db: DB): Promise<Record<RealDataTable, number>> {
  const existing = new Set((await db.introspection.getTables()).map((t) => t.name));
  const out = {} as Record<RealDataTable, number>;
  for (const table of REAL_DATA_TABLES) {
    out[table] = existing.has(table)
      ? Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        )
      : 0;
  }
  return out;
}

export async function opinionsByChannel(db: DB) {
  const rows = await db
    .selectFrom('opinions')
    .select(['channel', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('channel')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.channel, Number(r.n)]));
}

export async function opinionsByState(db: DB) {
  const rows = await db
    .selectFrom('opinions')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

export async function rectificationsByState(db: DB) {
  const rows = await db
    .selectFrom('rectifications')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** Every state a rectification has been in: on its timeline, or where it stands now. */
export async function rectificationStatesReached(db: DB): Promise<string[]> {
  const events = await db
    .selectFrom('rectification_events')
    .select('to_state')
    .distinct()
    .where('to_state', 'is not', null)
    .execute();
  // A draft is where every rectification begins: no timeline entry moves it there.
  const now = await db.selectFrom('rectifications').select('state').distinct().execute();
  return [...new Set([...events.map((r) => r.to_state!), ...now.map((r) => r.state)])].sort();
}

export async function roundsByOutcome(db: DB) {
  const rows = await db
    .selectFrom('evaluation_rounds')
    .select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('outcome')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.outcome ?? 'OPEN', Number(r.n)]));
}

export async function countRows(
  db: DB,
  table:
    | 'problems'
    | 'audit_log'
    | 'votes'
    | 'paper_tallies'
    | 'looking_back_checks'
    | 'users'
    | 'units'
    | 'measures'
    | 'people'
    | 'surveys',
) {
  return Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

export async function opinionLocales(db: DB) {
  const rows = await db
    .selectFrom('opinions')
    .select(['locale', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('locale')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.locale, Number(r.n)]));
}

export async function problemLevels(db: DB) {
  const rows = await db
    .selectFrom('problems')
    .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('level')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
}

/** The looking-back checks with what they found (null: still to be done) and when they fall due. */
export async function lookingBackChecks(db: DB) {
  return db
    .selectFrom('looking_back_checks')
    .select(['id', 'rectification_id', 'due_on', 'finding'])
    .orderBy('id')
    .execute();
}

/** A rectification's measures in order, for a progress report that ticks them off. */
export async function measureIdsOf(db: DB, rectificationId: number): Promise<number[]> {
  return (
    await db
      .selectFrom('measures')
      .select('id')
      .where('rectification_id', '=', rectificationId)
      .orderBy('position')
      .execute()
  ).map((m) => m.id);
}

/** Answer sheets of the questionnaires, online and on paper. */
export async function surveyResponses(db: DB) {
  const rows = await db
    .selectFrom('survey_responses')
    .select(['how', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('how')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.how, Number(r.n)]));
}
