// All SQL of the dashboard and the home page's key figures. Opinion counts come from the running
// tallies (migration 0009), never from scanning `opinions`, so a page costs the same at ten
// thousand opinions as at a million. Everything a staff member sees is narrowed here by their scope.
import { sql, type Kysely } from 'kysely';
import type { ProblemScope } from '../accounts/permissions.js';
import type { Database } from '../db/schema.js';
import type { Outcome } from '../evaluations/tally.js';
import type { Channel } from '../opinions/channels.js';
import type { Level } from '../problems/levels.js';
import { dialectOf } from '../db/dialect.js';
import { overdueCondition, publicTallies } from '../rectifications/repository.js';
import type { RectificationState } from '../rectifications/state.js';

type Db = Kysely<Database>;

/** The unit ids a scope narrows to; null for every unit. An empty list sees nothing. */
export function scopeUnits(scope: ProblemScope): readonly number[] | null {
  if (scope.kind === 'all') return null;
  if (scope.kind === 'none') return [];
  return scope.unitIds;
}

// The week offset and rebuilding the tallies -------------------------------------------------

export const WEEK_OFFSET_KEY = 'dashboard.week_offset';

export async function weekOffset(db: Db): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', WEEK_OFFSET_KEY).executeTakeFirst())?.value;
}

/** Writes the zone's offset and counts every opinion again with it (the triggers then use it too). */
export async function rebuildOpinionTallies(db: Db, offset: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: WEEK_OFFSET_KEY, value: offset })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: offset }))
    .execute();
  await db.deleteFrom('opinion_tallies').execute();
  // The week as the triggers reckon it (migrations/0009); on PostgreSQL its function reads the offset just written.
  const week =
    dialectOf(db) === 'postgres'
      ? sql`opinion_week(received_at)`
      : sql`coalesce(date(received_at, ${offset}, '-6 days', 'weekday 1'), substr(received_at, 1, 10))`;
  await sql`insert into opinion_tallies (campaign_id, unit_id, channel, week_start, count)
    select campaign_id, coalesce(unit_id, 0), channel, ${week}, count(*)
    from opinions group by 1, 2, 3, 4`.execute(db);
}

// Opinions -------------------------------------------------------------------------------------

function tallies(db: Db, campaignId: number, units: readonly number[] | null) {
  let q = db.selectFrom('opinion_tallies').where('opinion_tallies.campaign_id', '=', campaignId);
  if (units !== null)
    q = units.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('opinion_tallies.unit_id', 'in', [...units]);
  return q;
}

export async function opinionsByChannel(
  db: Db,
  campaignId: number,
  units: readonly number[] | null,
): Promise<Array<{ channel: Channel; n: number }>> {
  const rows = await tallies(db, campaignId, units)
    .select(['channel', (eb) => eb.fn.sum<number>('count').as('n')])
    .groupBy('channel')
    .execute();
  return rows.map((r) => ({ channel: r.channel, n: Number(r.n) }));
}

export async function opinionsByUnit(
  db: Db,
  campaignId: number,
  units: readonly number[] | null,
): Promise<Array<{ unit_id: number | null; name: string | null; n: number }>> {
  const rows = await tallies(db, campaignId, units)
    .leftJoin('units', 'units.id', 'opinion_tallies.unit_id')
    .select([
      'opinion_tallies.unit_id as unit_id',
      'units.name as name',
      (eb) => eb.fn.sum<number>('opinion_tallies.count').as('n'),
    ])
    .groupBy(['opinion_tallies.unit_id', 'units.name'])
    .execute();
  return rows.map((r) => ({ unit_id: r.unit_id === 0 ? null : r.unit_id, name: r.name ?? null, n: Number(r.n) }));
}

export async function opinionsByWeek(
  db: Db,
  campaignId: number,
  units: readonly number[] | null,
): Promise<Array<{ week: string; n: number }>> {
  const rows = await tallies(db, campaignId, units)
    .select(['week_start', (eb) => eb.fn.sum<number>('count').as('n')])
    .groupBy('week_start')
    .orderBy('week_start')
    .execute();
  return rows.map((r) => ({ week: r.week_start, n: Number(r.n) }));
}

// Problems -------------------------------------------------------------------------------------

export interface TopProblemRow {
  id: number;
  title: string;
  level: Level;
  unit_name: string;
  n: number;
}

/**
 * Open problems with their opinions, the merged ones' counted in the target at any depth (the
 * problems list's rule), most raised first; from the per-problem tally, so no opinion is read.
 */
export async function topProblems(
  db: Db,
  campaignId: number,
  units: readonly number[] | null,
  limit: number,
): Promise<{ rows: TopProblemRow[]; total: number }> {
  if (units !== null && units.length === 0) return { rows: [], total: 0 };
  const unitFilter = units === null ? sql`` : sql` and unit_id in (${sql.join([...units])})`;
  const { rows } = await sql<TopProblemRow & { total: number }>`
    with recursive family(root, id) as (
      select id, id from problems where campaign_id = ${campaignId} and state = 'open'${unitFilter}
      union all
      select family.root, p.id from problems p join family on p.merged_into_id = family.id
    ), counted as (
      select family.root as root, coalesce(sum(t.count), 0) as n
      from family left join problem_opinion_tallies t on t.problem_id = family.id
      group by family.root
    )
    select p.id, p.title, p.level, u.name as unit_name, counted.n as n, (select count(*) from counted) as total
    from counted join problems p on p.id = counted.root join units u on u.id = p.unit_id
    order by counted.n desc, p.id asc
    limit ${limit}`.execute(db);
  return {
    rows: rows.map((r) => ({ id: r.id, title: r.title, level: r.level, unit_name: r.unit_name, n: Number(r.n) })),
    total: Number(rows[0]?.total ?? 0),
  };
}

/** Open problems of the campaign (a merged one is part of its target), every level. */
export async function countOpenProblems(db: Db, campaignId: number): Promise<number> {
  const r = await db
    .selectFrom('problems')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('state', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// Rectifications -------------------------------------------------------------------------------

function rectifications(db: Db, campaignId: number, units: readonly number[] | null) {
  let q = db.selectFrom('rectifications').where('rectifications.campaign_id', '=', campaignId);
  if (units !== null)
    q = units.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('rectifications.unit_id', 'in', [...units]);
  return q;
}

export async function rectificationsByState(
  db: Db,
  campaignId: number,
  units: readonly number[] | null,
): Promise<Array<{ state: RectificationState; n: number }>> {
  const rows = await rectifications(db, campaignId, units)
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute();
  return rows.map((r) => ({ state: r.state, n: Number(r.n) }));
}

export interface OverdueRow {
  id: number;
  problem_title: string;
  unit_name: string;
  late: number;
  earliest: string;
}

export async function overdueRectifications(
  db: Db,
  campaignId: number,
  units: readonly number[] | null,
  today: string,
): Promise<OverdueRow[]> {
  const rows = await rectifications(db, campaignId, units)
    .innerJoin('problems', 'problems.id', 'rectifications.problem_id')
    .innerJoin('units', 'units.id', 'rectifications.unit_id')
    .innerJoin('measures', 'measures.rectification_id', 'rectifications.id')
    .where(overdueCondition(today))
    .where('measures.done_at', 'is', null)
    .where('measures.deadline', '<', today)
    .select([
      'rectifications.id as id',
      'problems.title as problem_title',
      'units.name as unit_name',
      (eb) => eb.fn.countAll<number>().as('late'),
      (eb) => eb.fn.min('measures.deadline').as('earliest'),
    ])
    .groupBy(['rectifications.id', 'problems.title', 'units.name'])
    .orderBy('earliest')
    .orderBy('rectifications.id')
    .execute();
  return rows.map((r) => ({ ...r, late: Number(r.late), earliest: String(r.earliest) }));
}

export interface ClosedRoundRow {
  id: number;
  rectification_id: number;
  number: number;
  problem_title: string;
  threshold: number;
  quorum_numerator: number;
  quorum_denominator: number;
  issued: number;
  voided: number;
  paper_present: number;
  counts: string | null;
  outcome: Outcome;
  closed_at: string;
}

export async function closedRounds(
  db: Db,
  campaignId: number,
  units: readonly number[] | null,
): Promise<ClosedRoundRow[]> {
  const rows = await rectifications(db, campaignId, units)
    .innerJoin('evaluation_rounds', 'evaluation_rounds.rectification_id', 'rectifications.id')
    .innerJoin('problems', 'problems.id', 'rectifications.problem_id')
    .where('evaluation_rounds.state', '=', 'closed')
    .select([
      'evaluation_rounds.id as id',
      'rectifications.id as rectification_id',
      'evaluation_rounds.number as number',
      'problems.title as problem_title',
      'evaluation_rounds.threshold as threshold',
      'evaluation_rounds.quorum_numerator as quorum_numerator',
      'evaluation_rounds.quorum_denominator as quorum_denominator',
      'evaluation_rounds.issued as issued',
      'evaluation_rounds.voided as voided',
      'evaluation_rounds.counts as counts',
      'evaluation_rounds.outcome as outcome',
      'evaluation_rounds.closed_at as closed_at',
      (eb) =>
        eb
          .selectFrom('paper_tallies')
          .select((e) => e.fn.coalesce(e.fn.sum<number>('paper_tallies.present'), sql<number>`0`).as('p'))
          .whereRef('paper_tallies.round_id', '=', 'evaluation_rounds.id')
          .as('paper_present'),
    ])
    .orderBy('evaluation_rounds.closed_at')
    .orderBy('evaluation_rounds.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    outcome: r.outcome as Outcome,
    closed_at: String(r.closed_at),
    paper_present: Number(r.paper_present ?? 0),
  }));
}

export interface DueCheckRow {
  id: number;
  rectification_id: number;
  due_on: string;
  problem_title: string;
  unit_name: string;
}

/** Looking-back checks not yet recorded whose day has come. */
export async function dueChecks(
  db: Db,
  campaignId: number,
  units: readonly number[] | null,
  today: string,
): Promise<DueCheckRow[]> {
  return rectifications(db, campaignId, units)
    .innerJoin('looking_back_checks', 'looking_back_checks.rectification_id', 'rectifications.id')
    .innerJoin('problems', 'problems.id', 'rectifications.problem_id')
    .innerJoin('units', 'units.id', 'rectifications.unit_id')
    .where('looking_back_checks.finding', 'is', null)
    .where('looking_back_checks.due_on', '<=', today)
    .select([
      'looking_back_checks.id as id',
      'rectifications.id as rectification_id',
      'looking_back_checks.due_on as due_on',
      'problems.title as problem_title',
      'units.name as unit_name',
    ])
    .orderBy('looking_back_checks.due_on')
    .orderBy('looking_back_checks.id')
    .execute();
}

// The public figures ----------------------------------------------------------------------------

/** What the public notices list: committed (never drafts), never an individual cadre's. */
function publicRectifications(db: Db, campaignId: number) {
  return db
    .selectFrom('rectifications')
    .innerJoin('problems', 'problems.id', 'rectifications.problem_id')
    .where('rectifications.campaign_id', '=', campaignId)
    .where('rectifications.state', '<>', 'draft')
    .where('problems.level', '<>', 'individual');
}

/** From the running tallies (migration 0011), by the public list's own rule: no rectification is read. */
export async function publicByState(
  db: Db,
  campaignId: number,
): Promise<Array<{ state: RectificationState; n: number }>> {
  const rows = await publicTallies(db, { campaignId }, false)
    .select(['rectification_tallies.state as state', (eb) => eb.fn.sum<number>('rectification_tallies.count').as('n')])
    .groupBy('rectification_tallies.state')
    .execute();
  return rows.map((r) => ({ state: r.state, n: Number(r.n) })).filter((r) => r.n > 0);
}

/** Public rectifications that had a failed round (done again). */
export async function publicRedone(db: Db, campaignId: number): Promise<number> {
  const r = await publicRectifications(db, campaignId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('evaluation_rounds')
          .select('evaluation_rounds.id')
          .whereRef('evaluation_rounds.rectification_id', '=', 'rectifications.id')
          .where('evaluation_rounds.outcome', '=', 'REDO'),
      ),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function publicOverdue(db: Db, campaignId: number, today: string): Promise<number> {
  const r = await publicRectifications(db, campaignId)
    .where(overdueCondition(today))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
