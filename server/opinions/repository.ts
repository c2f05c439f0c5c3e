// All SQL about opinions and their public history.
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { OpinionScope } from '../accounts/permissions.js';
import type { Database } from '../db/schema.js';
import type { Channel } from './channels.js';
import type { OpinionState } from './state.js';
import type { OpinionEventRow, OpinionRow, OpinionsTable } from './tables.js';
import type { Insertable } from 'kysely';

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

export async function insertEvent(db: Db, row: Omit<OpinionEventRow, 'id'>): Promise<void> {
  await db.insertInto('opinion_events').values(row).execute();
}

export async function eventsOf(db: Db, opinionId: number): Promise<OpinionEventRow[]> {
  return db.selectFrom('opinion_events').selectAll().where('opinion_id', '=', opinionId).orderBy('at').orderBy('id').execute();
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
}

/** Narrows a query on `opinions` to what the scope may read. */
function scoped<QB extends SelectQueryBuilder<Database, 'opinions', object>>(qb: QB, scope: OpinionScope): QB {
  if (scope.kind === 'all') return qb;
  if (scope.kind === 'none') return qb.where((eb) => eb.or([])) as QB;
  const { unitIds, recordedBy } = scope;
  return qb.where((eb) =>
    eb.or([eb('opinions.recorded_by', '=', recordedBy), ...(unitIds.length > 0 ? [eb('opinions.unit_id', 'in', [...unitIds])] : [])]),
  ) as QB;
}

function filtered<QB extends SelectQueryBuilder<Database, 'opinions', object>>(qb: QB, f: InboxFilter): QB {
  let q = qb.where('opinions.campaign_id', '=', f.campaignId) as QB;
  if (f.channel) q = q.where('opinions.channel', '=', f.channel) as QB;
  if (f.unitId !== undefined) q = q.where('opinions.unit_id', '=', f.unitId) as QB;
  if (f.state) q = q.where('opinions.state', '=', f.state) as QB;
  if (f.fromIso) q = q.where('opinions.received_at', '>=', f.fromIso) as QB;
  if (f.toIso) q = q.where('opinions.received_at', '<', f.toIso) as QB;
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

export async function listInbox(db: Db, f: InboxFilter, scope: OpinionScope, limit: number, offset: number): Promise<InboxRow[]> {
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
  return scoped(filtered(base, f), scope)
    .orderBy('opinions.received_at', 'desc')
    .orderBy('opinions.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countInbox(db: Db, f: InboxFilter, scope: OpinionScope): Promise<number> {
  const base = db.selectFrom('opinions').select((eb) => eb.fn.countAll<number>().as('n'));
  const row = await scoped(filtered(base, f), scope).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many opinions of the campaign each channel brought in (channels with none are absent). */
export async function countByChannel(db: Db, campaignId: number, scope: OpinionScope): Promise<Array<{ channel: Channel; n: number }>> {
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
      'campaigns.name as campaign_name',
      'users.name as recorder_name',
      'users.email as recorder_email',
    ])
    .where('opinions.id', '=', id)
    .executeTakeFirst();
}
