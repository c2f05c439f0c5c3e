// All SQL about rectifications: the rows, their measures, progress reports, public timeline,
// the lists (staff, narrowed by scope; public, committed and never individual-level) and the
// overdue reminders already sent.
import { type ExpressionBuilder, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { ProblemScope } from '../accounts/permissions.js';
import type { Database } from '../db/schema.js';
import type { Level } from '../problems/levels.js';
import { DEADLINES_RUN_IN } from './overdue.js';
import type { RectificationState } from './state.js';
import type {
  MeasureRow,
  MeasuresTable,
  ProgressReportRow,
  ProgressReportsTable,
  RectificationEventKind,
  RectificationEventRow,
  RectificationEventsTable,
  RectificationRow,
  RectificationsTable,
  RectificationSubmissionsTable,
  RevisionMeasureRow,
  RevisionMeasuresTable,
  SubmissionRow,
} from './tables.js';
import type { Role } from '../accounts/tables.js';
import type { Locale } from '../config.js';

type Db = Kysely<Database>;

export async function insertRectification(db: Db, row: Insertable<RectificationsTable>): Promise<number> {
  const r = await db.insertInto('rectifications').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateRectification(db: Db, id: number, changes: Updateable<RectificationsTable>): Promise<void> {
  await db.updateTable('rectifications').set(changes).where('id', '=', id).execute();
}

export async function findRectification(db: Db, id: number): Promise<RectificationRow | undefined> {
  return db.selectFrom('rectifications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findByProblem(db: Db, problemId: number): Promise<RectificationRow | undefined> {
  return db.selectFrom('rectifications').selectAll().where('problem_id', '=', problemId).executeTakeFirst();
}

// Measures -------------------------------------------------------------------------------------

export async function measuresOf(db: Db, rectificationId: number): Promise<MeasureRow[]> {
  return db
    .selectFrom('measures')
    .selectAll()
    .where('rectification_id', '=', rectificationId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export async function insertMeasure(db: Db, row: Insertable<MeasuresTable>): Promise<void> {
  await db.insertInto('measures').values(row).execute();
}

export async function updateMeasure(db: Db, id: number, changes: Updateable<MeasuresTable>): Promise<void> {
  await db.updateTable('measures').set(changes).where('id', '=', id).execute();
}

/** Only while the rectification is a draft: nothing has been promised yet. */
export async function deleteDraftMeasures(db: Db, rectificationId: number, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom('measures')
    .where('rectification_id', '=', rectificationId)
    .where('id', 'in', [...ids])
    .execute();
}

export async function markMeasuresDone(
  db: Db,
  rectificationId: number,
  ids: readonly number[],
  at: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('measures')
    .set({ done_at: at, updated_at: at })
    .where('rectification_id', '=', rectificationId)
    .where('id', 'in', [...ids])
    .where('done_at', 'is', null)
    .execute();
}

// Progress and the timeline --------------------------------------------------------------------

export async function insertProgress(db: Db, row: Insertable<ProgressReportsTable>): Promise<number> {
  const r = await db.insertInto('progress_reports').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function progressOf(db: Db, rectificationId: number): Promise<ProgressReportRow[]> {
  return db
    .selectFrom('progress_reports')
    .selectAll()
    .where('rectification_id', '=', rectificationId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function insertEvent(db: Db, row: Insertable<RectificationEventsTable>): Promise<void> {
  await db.insertInto('rectification_events').values(row).execute();
}

export async function eventsOf(db: Db, rectificationId: number): Promise<RectificationEventRow[]> {
  return db
    .selectFrom('rectification_events')
    .selectAll()
    .where('rectification_id', '=', rectificationId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

// Lists ----------------------------------------------------------------------------------------

export interface RectificationFilter {
  campaignId?: number;
  unitId?: number;
  state?: RectificationState;
  level?: Level;
  /** Only the overdue ones, on this day (YYYY-MM-DD). */
  overdueOn?: string;
}

/**
 * The overdue rule as SQL (overdue.ts holds it as a function): deadlines running, and a measure
 * past its deadline and not done. A correlated EXISTS on the rectification's own measures, so
 * both databases answer it from measures_late_idx (rectification_id, done_at, deadline) in one
 * or two index steps per rectification (migration 0011), whether a list asks it of 20 rows or the
 * home page of every row of a campaign.
 */
export function overdueCondition(today: string) {
  return (eb: ExpressionBuilder<Database, 'rectifications'>) =>
    eb.and([
      eb('rectifications.state', 'in', [...DEADLINES_RUN_IN]),
      eb.exists(
        eb
          .selectFrom('measures')
          .select('measures.id')
          .whereRef('measures.rectification_id', '=', 'rectifications.id')
          .where('measures.done_at', 'is', null)
          .where('measures.deadline', '<', today),
      ),
    ]);
}

export interface RectificationListRow extends RectificationRow {
  problem_title: string;
  problem_level: Level;
  unit_name: string;
}

/** The filtered rows without their unit's name: what a count needs (every rectification has its unit, a foreign key). */
function filteredQuery(db: Db, f: RectificationFilter) {
  let q = db.selectFrom('rectifications').innerJoin('problems', 'problems.id', 'rectifications.problem_id');
  if (f.campaignId !== undefined) q = q.where('rectifications.campaign_id', '=', f.campaignId);
  if (f.unitId !== undefined) q = q.where('rectifications.unit_id', '=', f.unitId);
  if (f.state) q = q.where('rectifications.state', '=', f.state);
  if (f.level) q = q.where('problems.level', '=', f.level);
  if (f.overdueOn) q = q.where(overdueCondition(f.overdueOn));
  return q;
}

function listQuery(db: Db, f: RectificationFilter) {
  return filteredQuery(db, f).innerJoin('units', 'units.id', 'rectifications.unit_id');
}

const listColumns = [
  'problems.title as problem_title',
  'problems.level as problem_level',
  'units.name as unit_name',
] as const;

/** For staff: narrowed to the units the scope may read. */
export async function listForStaff(
  db: Db,
  f: RectificationFilter,
  scope: ProblemScope,
): Promise<RectificationListRow[]> {
  let q = listQuery(db, f);
  if (scope.kind === 'none') return [];
  if (scope.kind === 'units') {
    if (scope.unitIds.length === 0) return [];
    q = q.where('rectifications.unit_id', 'in', [...scope.unitIds]);
  }
  return q
    .selectAll('rectifications')
    .select([...listColumns])
    .orderBy('rectifications.id')
    .execute();
}

/**
 * What the public notices list: committed (not drafts), and individual-level ones only for
 * signed-in staff ("published within the system").
 */
function publicOnly<Q extends ReturnType<typeof filteredQuery>>(q: Q, includeIndividual: boolean): Q {
  let out = q.where('rectifications.state', '<>', 'draft') as Q;
  if (!includeIndividual) out = out.where('problems.level', '<>', 'individual') as Q;
  return out;
}

function publicQuery(db: Db, f: RectificationFilter, includeIndividual: boolean) {
  return publicOnly(listQuery(db, f), includeIndividual);
}

/** The public rows without the units join, for counting them. */
function publicCountQuery(db: Db, f: RectificationFilter, includeIndividual: boolean) {
  return publicOnly(filteredQuery(db, f), includeIndividual);
}

export async function listPublic(
  db: Db,
  f: RectificationFilter,
  includeIndividual: boolean,
  limit: number,
  offset: number,
): Promise<RectificationListRow[]> {
  return publicQuery(db, f, includeIndividual)
    .selectAll('rectifications')
    .select([...listColumns])
    .orderBy('rectifications.committed_at', 'desc')
    .orderBy('rectifications.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

/**
 * The same rule as publicOnly, over the running tallies (migration 0011: rectifications by
 * campaign, unit, state and level, kept by triggers), for counting without reading the rows.
 */
export function publicTallies(db: Db, f: Omit<RectificationFilter, 'overdueOn'>, includeIndividual: boolean) {
  let q = db.selectFrom('rectification_tallies').where('rectification_tallies.state', '<>', 'draft');
  if (!includeIndividual) q = q.where('rectification_tallies.level', '<>', 'individual');
  if (f.campaignId !== undefined) q = q.where('rectification_tallies.campaign_id', '=', f.campaignId);
  if (f.unitId !== undefined) q = q.where('rectification_tallies.unit_id', '=', f.unitId);
  if (f.state) q = q.where('rectification_tallies.state', '=', f.state);
  if (f.level) q = q.where('rectification_tallies.level', '=', f.level);
  return q;
}

export async function countPublic(db: Db, f: RectificationFilter, includeIndividual: boolean): Promise<number> {
  // Overdue turns on the day, which no tally can follow: those are counted from the rows.
  if (f.overdueOn) {
    const row = await publicCountQuery(db, f, includeIndividual)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
  const row = await publicTallies(db, f, includeIndividual)
    .select((eb) => eb.fn.sum<number>('rectification_tallies.count').as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Which of these rectifications are overdue today: for marking a list. */
export async function overdueAmong(db: Db, ids: readonly number[], today: string): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('rectifications')
    .select('id')
    .where('id', 'in', [...ids])
    .where(overdueCondition(today))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Every overdue rectification today, for the reminder job. */
export async function overdueOn(db: Db, today: string): Promise<RectificationRow[]> {
  return db.selectFrom('rectifications').selectAll().where(overdueCondition(today)).orderBy('id').execute();
}

// Reminders ----------------------------------------------------------------------------------

/**
 * Claims the day's reminder for a rectification: true for the first caller only, whichever
 * process or restart it is (the primary key decides), so a reminder goes out once a day.
 */
export async function claimReminder(
  db: Db,
  rectificationId: number,
  day: string,
  at: string,
  recipients: number,
): Promise<boolean> {
  const r = await db
    .insertInto('overdue_reminders')
    .values({ rectification_id: rectificationId, day, sent_at: at, recipients })
    .onConflict((oc) => oc.columns(['rectification_id', 'day']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

// For the public notices ------------------------------------------------------------------------

/** The measures of several rectifications at once (a page of notices, a unit's wall notice), in order. */
export async function measuresOfMany(db: Db, rectificationIds: readonly number[]): Promise<MeasureRow[]> {
  if (rectificationIds.length === 0) return [];
  return db
    .selectFrom('measures')
    .selectAll()
    .where('rectification_id', 'in', [...rectificationIds])
    .orderBy('rectification_id')
    .orderBy('position')
    .orderBy('id')
    .execute();
}

// Open data and the reminder job (reads only) --------------------------------------------------
//
// Open data is public: these select their columns one by one, and never responsible_person or
// measures.owner (both are people's names), nor problems.cadre_name. Drafts and individual-level
// rectifications are left out by the same rule as the public list (publicQuery).

export interface OpenRectificationRow {
  id: number;
  state: RectificationState;
  round: number;
  committed_at: string | null;
  target_date: string | null;
  problem_title: string;
  problem_description: string;
  problem_level: Level;
  unit_name: string;
}

/** The next `limit` public rectifications after `afterId`, in id order: a page of the open data. */
export async function openRectificationsAfter(db: Db, afterId: number, limit: number): Promise<OpenRectificationRow[]> {
  return publicQuery(db, {}, false)
    .select([
      'rectifications.id as id',
      'rectifications.state as state',
      'rectifications.round as round',
      'rectifications.committed_at as committed_at',
      'rectifications.target_date as target_date',
      'problems.title as problem_title',
      'problems.description as problem_description',
      'problems.level as problem_level',
      'units.name as unit_name',
    ])
    .where('rectifications.id', '>', afterId)
    .orderBy('rectifications.id')
    .limit(limit)
    .execute();
}

export interface OpenMeasureRow {
  id: number;
  rectification_id: number;
  description: string;
  deadline: string;
  done_at: string | null;
}

/** The measures of these rectifications, without their owners (people's names). */
export async function openMeasuresOf(db: Db, rectificationIds: readonly number[]): Promise<OpenMeasureRow[]> {
  if (rectificationIds.length === 0) return [];
  return db
    .selectFrom('measures')
    .select(['id', 'rectification_id', 'description', 'deadline', 'done_at'])
    .where('rectification_id', 'in', [...rectificationIds])
    .orderBy('rectification_id')
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export interface OpenEventRow {
  id: number;
  rectification_id: number;
  at: string;
  kind: RectificationEventKind;
  from_state: RectificationState | null;
  to_state: RectificationState | null;
  round: number;
  data: string | null;
  problem_title: string;
  unit_name: string;
}

/** The latest timeline entries of these kinds on public rectifications, newest first (never the note). */
export async function openEvents(
  db: Db,
  kinds: readonly RectificationEventKind[],
  limit: number,
): Promise<OpenEventRow[]> {
  return publicQuery(db, {}, false)
    .innerJoin('rectification_events', 'rectification_events.rectification_id', 'rectifications.id')
    .select([
      'rectification_events.id as id',
      'rectification_events.rectification_id as rectification_id',
      'rectification_events.at as at',
      'rectification_events.kind as kind',
      'rectification_events.from_state as from_state',
      'rectification_events.to_state as to_state',
      'rectification_events.round as round',
      'rectification_events.data as data',
      'problems.title as problem_title',
      'units.name as unit_name',
    ])
    .where('rectification_events.kind', 'in', [...kinds])
    .orderBy('rectification_events.at', 'desc')
    .orderBy('rectification_events.id', 'desc')
    .limit(limit)
    .execute();
}

export interface OpenDataVersion {
  /** How many rectifications are public. */
  count: number;
  /** The latest change to anything the open data shows; null when there is nothing. */
  changed: string | null;
  lastEventId: number;
}

/**
 * What the open data's validators (ETags) are made of: one aggregate per table, read without
 * reading the rows out. Not narrowed to the public ones: any change may change what is public.
 */
export async function openDataVersion(db: Db): Promise<OpenDataVersion> {
  const [count, r, m, p, u, e] = await Promise.all([
    countPublic(db, {}, false),
    db
      .selectFrom('rectifications')
      .select((eb) => eb.fn.max('updated_at').as('at'))
      .executeTakeFirst(),
    db
      .selectFrom('measures')
      .select((eb) => eb.fn.max('updated_at').as('at'))
      .executeTakeFirst(),
    db
      .selectFrom('problems')
      .select((eb) => eb.fn.max('updated_at').as('at'))
      .executeTakeFirst(),
    db
      .selectFrom('units')
      .select((eb) => eb.fn.max('updated_at').as('at'))
      .executeTakeFirst(),
    db
      .selectFrom('rectification_events')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst(),
  ]);
  const times = [r?.at, m?.at, p?.at, u?.at].filter((x): x is string => typeof x === 'string').sort();
  return { count, changed: times.at(-1) ?? null, lastEventId: Number(e?.id ?? 0) };
}

/** The overdue rectifications on `today` that have no reminder claimed for it yet, for the reminder job. */
export async function overdueUnremindedOn(db: Db, today: string): Promise<number[]> {
  const rows = await db
    .selectFrom('rectifications')
    .select('rectifications.id as id')
    .where(overdueCondition(today))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('overdue_reminders')
            .select('overdue_reminders.rectification_id')
            .whereRef('overdue_reminders.rectification_id', '=', 'rectifications.id')
            .where('overdue_reminders.day', '=', today),
        ),
      ),
    )
    .orderBy('rectifications.id')
    .execute();
  return rows.map((r) => r.id);
}

// What the unit sends for approval (migration 0014) -------------------------------------------

export async function insertSubmission(db: Db, row: Insertable<RectificationSubmissionsTable>): Promise<number> {
  const r = await db.insertInto('rectification_submissions').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Decides a waiting submission; false if it was no longer waiting (someone else decided first). */
export async function decideSubmission(
  db: Db,
  id: number,
  changes: Updateable<RectificationSubmissionsTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('rectification_submissions')
    .set(changes)
    .where('id', '=', id)
    .where('state', '=', 'submitted')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Every submission of a rectification, oldest first. */
export async function submissionsOf(db: Db, rectificationId: number): Promise<SubmissionRow[]> {
  return db
    .selectFrom('rectification_submissions')
    .selectAll()
    .where('rectification_id', '=', rectificationId)
    .orderBy('id')
    .execute();
}

export async function insertRevisionMeasure(db: Db, row: Insertable<RevisionMeasuresTable>): Promise<void> {
  await db.insertInto('revision_measures').values(row).execute();
}

export async function updateRevisionMeasure(
  db: Db,
  id: number,
  changes: Updateable<RevisionMeasuresTable>,
): Promise<void> {
  await db.updateTable('revision_measures').set(changes).where('id', '=', id).execute();
}

export async function revisionMeasuresOf(db: Db, submissionIds: readonly number[]): Promise<RevisionMeasureRow[]> {
  if (submissionIds.length === 0) return [];
  return db
    .selectFrom('revision_measures')
    .selectAll()
    .where('submission_id', 'in', [...submissionIds])
    .orderBy('submission_id')
    .orderBy('id')
    .execute();
}

export async function insertMeasureReturningId(db: Db, row: Insertable<MeasuresTable>): Promise<number> {
  const r = await db.insertInto('measures').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export interface AwaitingRow {
  submission_id: number;
  kind: 'draft' | 'revision';
  round: number;
  submitted_at: string | null;
  rectification_id: number;
  problem_title: string;
  unit_name: string;
}

/** The drafts and revisions waiting for a coordinator's approval, oldest first, narrowed by scope. */
export async function awaitingApproval(db: Db, scope: ProblemScope): Promise<AwaitingRow[]> {
  if (scope.kind === 'none') return [];
  let q = db
    .selectFrom('rectification_submissions')
    .innerJoin('rectifications', 'rectifications.id', 'rectification_submissions.rectification_id')
    .innerJoin('problems', 'problems.id', 'rectifications.problem_id')
    .innerJoin('units', 'units.id', 'rectifications.unit_id')
    .where('rectification_submissions.state', '=', 'submitted');
  if (scope.kind === 'units') {
    if (scope.unitIds.length === 0) return [];
    q = q.where('rectifications.unit_id', 'in', [...scope.unitIds]);
  }
  return q
    .select([
      'rectification_submissions.id as submission_id',
      'rectification_submissions.kind as kind',
      'rectification_submissions.round as round',
      'rectification_submissions.submitted_at as submitted_at',
      'rectifications.id as rectification_id',
      'problems.title as problem_title',
      'units.name as unit_name',
    ])
    .orderBy('rectification_submissions.id')
    .execute();
}

/** The active staff of these roles with an address: who is told that something waits for approval. */
export async function activeStaffOfRoles(
  db: Db,
  roles: readonly Role[],
): Promise<Array<{ email: string; name: string; locale: Locale }>> {
  return db
    .selectFrom('users')
    .select(['email', 'name', 'locale'])
    .where('role', 'in', [...roles])
    .where('active', '=', 1)
    .orderBy('id')
    .execute();
}
