// All SQL about opinions and their public history.
import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type Updateable } from 'kysely';
import type { OpinionScope } from '../accounts/permissions.js';
import type { Database } from '../db/schema.js';
import type { Channel } from './channels.js';
import type { OpinionState } from './state.js';
import type { OpinionEventRow, OpinionRow, OpinionsTable } from './tables.js';
import type { Insertable } from 'kysely';
import type { TextQuery } from '../search/query.js';
import { opinionMatches, similarRows } from '../search/sql.js';

type Db = Kysely<Database>;

export async function findBySubmissionKey(db: Db, key: string): Promise<OpinionRow | undefined> {
  return db.selectFrom('opinions').selectAll().where('submission_key', '=', key).executeTakeFirst();
}

export async function findByTrackingCode(db: Db, code: string): Promise<OpinionRow | undefined> {
  return db.selectFrom('opinions').selectAll().where('tracking_code', '=', code).executeTakeFirst();
}

export async function findById(db: Db, id: number): Promise<OpinionRow | undefined> {
  return db.selectFrom('opinions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function trackingCodeExists(db: Db, code: string): Promise<boolean> {
  const row = await db.selectFrom('opinions').select('id').where('tracking_code', '=', code).executeTakeFirst();
  return row !== undefined;
}

export async function insertOpinion(db: Db, row: Insertable<OpinionsTable>): Promise<number> {
  const r = await db.insertInto('opinions').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Triage changes: unit, category, state and links. State moves are checked by state.ts first. */
export async function updateOpinion(db: Db, id: number, changes: Updateable<OpinionsTable>): Promise<void> {
  await db.updateTable('opinions').set(changes).where('id', '=', id).execute();
}

export async function findManyById(db: Db, ids: readonly number[]): Promise<OpinionRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('opinions')
    .selectAll()
    .where('id', 'in', [...ids])
    .orderBy('id')
    .execute();
}

export async function insertEvent(db: Db, row: Omit<OpinionEventRow, 'id'>): Promise<void> {
  await db.insertInto('opinion_events').values(row).execute();
}

export async function eventsOf(db: Db, opinionId: number): Promise<OpinionEventRow[]> {
  return db
    .selectFrom('opinion_events')
    .selectAll()
    .where('opinion_id', '=', opinionId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

// Staff inbox and detail ----------------------------------------------------------------------

/** What the inbox can be narrowed to; every field is optional except the campaign. */
export interface InboxFilter {
  campaignId: number;
  channel?: Channel;
  unitId?: number;
  state?: OpinionState;
  /** UTC instants, ISO: received at or after `fromIso`, before `toIso`. */
  fromIso?: string;
  toIso?: string;
  /** Words that must appear in the text (full-text search). */
  text?: TextQuery;
}

/** The condition that narrows a query on `opinions` to what the scope may read. */
function inScopeWhere(scope: OpinionScope) {
  return (eb: ExpressionBuilder<Database, 'opinions'>) => {
    if (scope.kind === 'all') return eb.and([]);
    if (scope.kind === 'none') return eb.or([]);
    const { unitIds, recordedBy } = scope;
    return eb.or([
      eb('opinions.recorded_by', '=', recordedBy),
      ...(unitIds.length > 0 ? [eb('opinions.unit_id', 'in', [...unitIds])] : []),
    ]);
  };
}

export function scoped<QB extends SelectQueryBuilder<Database, 'opinions', object>>(qb: QB, scope: OpinionScope): QB {
  return scope.kind === 'all' ? qb : (qb.where(inScopeWhere(scope)) as QB);
}

/** Full-text condition (see search/sql.ts): every term must appear. */
function matching<QB extends SelectQueryBuilder<Database, 'opinions', object>>(db: Db, qb: QB, t: TextQuery): QB {
  let q = qb;
  for (const condition of opinionMatches(db, t)) q = q.where(condition) as QB;
  return q;
}

/** The inbox's filters; the CSV export narrows by the same ones. */
export function filtered<QB extends SelectQueryBuilder<Database, 'opinions', object>>(
  db: Db,
  qb: QB,
  f: InboxFilter,
): QB {
  let q = qb.where('opinions.campaign_id', '=', f.campaignId) as QB;
  if (f.channel) q = q.where('opinions.channel', '=', f.channel) as QB;
  if (f.unitId !== undefined) q = q.where('opinions.unit_id', '=', f.unitId) as QB;
  if (f.state) q = q.where('opinions.state', '=', f.state) as QB;
  if (f.fromIso) q = q.where('opinions.received_at', '>=', f.fromIso) as QB;
  if (f.toIso) q = q.where('opinions.received_at', '<', f.toIso) as QB;
  if (f.text) q = matching(db, q, f.text);
  return q;
}

export interface InboxRow {
  id: number;
  channel: Channel;
  body: string;
  state: OpinionState;
  details: string;
  received_at: string;
  unit_id: number | null;
  unit_name: string | null;
}

export async function listInbox(
  db: Db,
  f: InboxFilter,
  scope: OpinionScope,
  limit: number,
  offset: number,
): Promise<InboxRow[]> {
  const base = db
    .selectFrom('opinions')
    .leftJoin('units', 'units.id', 'opinions.unit_id')
    .select([
      'opinions.id as id',
      'opinions.channel as channel',
      'opinions.body as body',
      'opinions.state as state',
      'opinions.details as details',
      'opinions.received_at as received_at',
      'opinions.unit_id as unit_id',
      'units.name as unit_name',
    ]);
  return scoped(filtered(db, base, f), scope)
    .orderBy('opinions.received_at', 'desc')
    .orderBy('opinions.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countInbox(db: Db, f: InboxFilter, scope: OpinionScope): Promise<number> {
  const base = db.selectFrom('opinions').select((eb) => eb.fn.countAll<number>().as('n'));
  const row = await scoped(filtered(db, base, f), scope).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many opinions of the campaign each channel brought in (channels with none are absent). */
export async function countByChannel(
  db: Db,
  campaignId: number,
  scope: OpinionScope,
): Promise<Array<{ channel: Channel; n: number }>> {
  const base = db
    .selectFrom('opinions')
    .select(['opinions.channel as channel', (eb) => eb.fn.countAll<number>().as('n')])
    .where('opinions.campaign_id', '=', campaignId);
  const rows = await scoped(base, scope).groupBy('opinions.channel').execute();
  return rows.map((r) => ({ channel: r.channel, n: Number(r.n) }));
}

export interface StaffOpinionRow extends OpinionRow {
  unit_name: string | null;
  conduct_rule_title: string | null;
  /** The rule in each language, when given (the page shows the reader's). */
  conduct_rule_title_en: string | null;
  conduct_rule_title_zh: string | null;
  campaign_name: string;
  recorder_name: string | null;
  recorder_email: string | null;
}

/** One opinion with the names of what it refers to, for the staff detail page. */
export async function findForStaff(db: Db, id: number): Promise<StaffOpinionRow | undefined> {
  return db
    .selectFrom('opinions')
    .innerJoin('campaigns', 'campaigns.id', 'opinions.campaign_id')
    .leftJoin('units', 'units.id', 'opinions.unit_id')
    .leftJoin('conduct_rules', 'conduct_rules.id', 'opinions.conduct_rule_id')
    .leftJoin('users', 'users.id', 'opinions.recorded_by')
    .selectAll('opinions')
    .select([
      'units.name as unit_name',
      'conduct_rules.title as conduct_rule_title',
      'conduct_rules.title_en as conduct_rule_title_en',
      'conduct_rules.title_zh as conduct_rule_title_zh',
      'campaigns.name as campaign_name',
      'users.name as recorder_name',
      'users.email as recorder_email',
    ])
    .where('opinions.id', '=', id)
    .executeTakeFirst();
}

export interface SimilarOpinionRow {
  id: number;
  body: string;
  state: OpinionState;
  channel: Channel;
  problem_id: number | null;
  received_at: string;
}

/** Opinions of the campaign whose text is like the query (an OR of trigrams, best first), within scope. */
export async function similarOpinions(
  db: Db,
  campaignId: number,
  windows: string[],
  scope: OpinionScope,
  excludeId: number,
  limit: number,
): Promise<SimilarOpinionRow[]> {
  // The index ranks the best 200 of the whole table; the campaign and scope narrow those. This
  // keeps the cost flat however many opinions there are, at the price of missing weak matches.
  return db
    .selectFrom(similarRows(db, 'opinions', windows, 200).as('f'))
    .innerJoin('opinions', 'opinions.id', 'f.id')
    .select([
      'opinions.id as id',
      'opinions.body as body',
      'opinions.state as state',
      'opinions.channel as channel',
      'opinions.problem_id as problem_id',
      'opinions.received_at as received_at',
    ])
    .where('opinions.campaign_id', '=', campaignId)
    .where('opinions.id', '<>', excludeId)
    .where('opinions.state', '<>', 'hidden')
    .where(inScopeWhere(scope))
    .orderBy('f.rank')
    .limit(limit)
    .execute();
}

/** The oldest opinion of the campaign still waiting to be sorted, other than `excludeId`. */
export async function nextReceived(db: Db, campaignId: number, excludeId = 0): Promise<number | null> {
  const row = await db
    .selectFrom('opinions')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .where('state', '=', 'received')
    .where('id', '<>', excludeId)
    .orderBy('received_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function countInState(db: Db, campaignId: number, state: OpinionState): Promise<number> {
  const row = await db
    .selectFrom('opinions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('state', '=', state)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many values go into one `in (...)` list. */
const IN_LIST_CHUNK = 500;

// Bulk writes (a CSV import). The rows are built by service.ts (acknowledgedRow, receivedEvent),
// the one rule for an acknowledged opinion; only how many go into one statement differs.

/** Rows per INSERT: about twenty values each, well under SQLite's 32,766 a statement. */
export const INSERT_BATCH = 500;

/** Which of these tracking codes are taken. */
export async function takenTrackingCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < codes.length; i += IN_LIST_CHUNK) {
    const rows = await db
      .selectFrom('opinions')
      .select('tracking_code')
      .where('tracking_code', 'in', codes.slice(i, i + IN_LIST_CHUNK))
      .execute();
    for (const r of rows) taken.add(r.tracking_code);
  }
  return taken;
}

/** Inserts up to INSERT_BATCH opinions in one statement; returns each one's id by its tracking code. */
export async function insertOpinions(
  db: Db,
  rows: ReadonlyArray<Insertable<OpinionsTable>>,
): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const inserted = await db
    .insertInto('opinions')
    .values([...rows])
    .returning(['id', 'tracking_code'])
    .execute();
  return new Map(inserted.map((r) => [r.tracking_code, r.id]));
}

export async function insertEvents(db: Db, rows: ReadonlyArray<Omit<OpinionEventRow, 'id'>>): Promise<void> {
  if (rows.length > 0)
    await db
      .insertInto('opinion_events')
      .values([...rows])
      .execute();
}
