// All SQL about problems: the rows, their families (a problem and those merged into it), the
// opinions that raised them, and the public list.
import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { ProblemScope } from '../accounts/permissions.js';
import type { Database } from '../db/schema.js';
import type { Channel } from '../opinions/channels.js';
import type { Level } from './levels.js';
import type { ProblemRow, ProblemsTable } from './tables.js';
import { similarRows } from '../search/sql.js';

type Db = Kysely<Database>;

export async function insertProblem(db: Db, row: Insertable<ProblemsTable>): Promise<number> {
  const r = await db.insertInto('problems').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateProblem(db: Db, id: number, changes: Updateable<ProblemsTable>): Promise<void> {
  await db.updateTable('problems').set(changes).where('id', '=', id).execute();
}

export async function findProblem(db: Db, id: number): Promise<ProblemRow | undefined> {
  return db.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ProblemListRow extends ProblemRow {
  unit_name: string;
  /** Opinions linked to it and to every problem merged into it. */
  opinion_count: number;
}

export interface ProblemFilter {
  campaignId: number;
  unitId?: number;
  level?: Level;
  /** Merged problems are listed only when asked for. */
  includeMerged?: boolean;
  /** Only those on the public list (never individual-level ones). */
  publishedOnly?: boolean;
}

/**
 * Opinion counts per family: a recursive walk from each listed problem down the merges, so a
 * problem merged into another counts towards it, however deep the chain.
 */
const familyCounts = (campaignId: number) => sql<{ root: number; n: number }>`
  with recursive family(root, id) as (
    select id, id from problems where campaign_id = ${campaignId}
    union all
    select family.root, p.id from problems p join family on p.merged_into_id = family.id
  )
  select family.root as root, count(o.id) as n
  from family left join opinions o on o.problem_id = family.id and o.state = 'linked'
  group by family.root`;

function scopedProblems(db: Db, f: ProblemFilter, scope: ProblemScope) {
  let q = db
    .selectFrom('problems')
    .innerJoin('units', 'units.id', 'problems.unit_id')
    .where('problems.campaign_id', '=', f.campaignId);
  if (!f.includeMerged) q = q.where('problems.state', '=', 'open');
  if (f.unitId !== undefined) q = q.where('problems.unit_id', '=', f.unitId);
  if (f.level) q = q.where('problems.level', '=', f.level);
  if (f.publishedOnly) q = q.where('problems.published_at', 'is not', null).where('problems.level', '<>', 'individual');
  if (scope.kind === 'none') q = q.where((eb) => eb.or([]));
  if (scope.kind === 'units')
    q = scope.unitIds.length > 0 ? q.where('problems.unit_id', 'in', [...scope.unitIds]) : q.where((eb) => eb.or([]));
  return q;
}

export async function listProblems(db: Db, f: ProblemFilter, scope: ProblemScope): Promise<ProblemListRow[]> {
  const rows = await scopedProblems(db, f, scope)
    .selectAll('problems')
    .select('units.name as unit_name')
    .orderBy('problems.id', 'asc')
    .execute();
  const counts = new Map((await familyCounts(f.campaignId).execute(db)).rows.map((r) => [Number(r.root), Number(r.n)]));
  return rows
    .map((r) => ({ ...r, opinion_count: counts.get(r.id) ?? 0 }))
    .sort((a, b) => b.opinion_count - a.opinion_count || a.id - b.id);
}

/** The problem and every problem merged into it, at any depth. */
export async function familyIds(db: Db, id: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    with recursive family(id) as (
      select cast(${id} as integer)
      union all
      select p.id from problems p join family on p.merged_into_id = family.id
    )
    select id from family`.execute(db);
  return rows.map((r) => Number(r.id));
}

/** The problems merged straight into this one. */
export async function mergedInto(db: Db, id: number): Promise<ProblemRow[]> {
  return db.selectFrom('problems').selectAll().where('merged_into_id', '=', id).orderBy('id').execute();
}

export async function countLinkedByChannel(
  db: Db,
  problemIds: number[],
): Promise<Array<{ channel: Channel; n: number }>> {
  if (problemIds.length === 0) return [];
  const rows = await db
    .selectFrom('opinions')
    .select(['channel', (eb) => eb.fn.countAll<number>().as('n')])
    .where('problem_id', 'in', problemIds)
    .where('state', '=', 'linked')
    .groupBy('channel')
    .execute();
  return rows.map((r) => ({ channel: r.channel, n: Number(r.n) }));
}

export interface LinkedOpinionRow {
  id: number;
  problem_id: number | null;
  channel: Channel;
  body: string;
  received_at: string;
  unit_id: number | null;
  recorded_by: number | null;
}

export async function linkedOpinions(db: Db, problemIds: number[], limit: number): Promise<LinkedOpinionRow[]> {
  if (problemIds.length === 0) return [];
  return db
    .selectFrom('opinions')
    .select(['id', 'problem_id', 'channel', 'body', 'received_at', 'unit_id', 'recorded_by'])
    .where('problem_id', 'in', problemIds)
    .where('state', '=', 'linked')
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Open problems of a campaign for a choice list, newest first. */
export async function openProblems(
  db: Db,
  campaignId: number,
): Promise<Array<Pick<ProblemRow, 'id' | 'title' | 'level' | 'unit_id'>>> {
  return db
    .selectFrom('problems')
    .select(['id', 'title', 'level', 'unit_id'])
    .where('campaign_id', '=', campaignId)
    .where('state', '=', 'open')
    .orderBy('id', 'desc')
    .execute();
}

/** Open problems of the campaign whose title or description is like the text (see search/sql.ts). */
export async function similarProblems(
  db: Db,
  campaignId: number,
  windows: string[],
  limit: number,
): Promise<Array<Pick<ProblemRow, 'id' | 'title' | 'level'>>> {
  // Problems are few beside opinions: rank every match, then narrow to the campaign's open ones.
  return db
    .selectFrom(similarRows(db, 'problems', windows, 10_000).as('f'))
    .innerJoin('problems', 'problems.id', 'f.id')
    .select(['problems.id', 'problems.title', 'problems.level'])
    .where('problems.campaign_id', '=', campaignId)
    .where('problems.state', '=', 'open')
    .orderBy('f.rank')
    .limit(limit)
    .execute();
}
