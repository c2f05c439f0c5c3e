// All SQL of the opinions export: one page at a time, in id order, so even a campaign of a million
// opinions is never in memory at once.
import type { Kysely } from 'kysely';
import type { OpinionScope } from '../accounts/permissions.js';
import type { Database } from '../db/schema.js';
import type { Channel } from '../opinions/channels.js';
import type { OpinionState } from '../opinions/state.js';
import type { Category } from '../opinions/categories.js';
import { filtered, scoped, type InboxFilter } from '../opinions/repository.js';

type Db = Kysely<Database>;

export interface ExportRow {
  id: number;
  received_at: string;
  channel: Channel;
  external_ref: string | null;
  unit_name: string | null;
  category: Category | null;
  state: OpinionState;
  body: string;
  details: string;
  anonymous: number;
}

export interface PersonalRow {
  submitter_name: string | null;
  submitter_phone: string | null;
  submitter_email: string | null;
}

export async function countExport(db: Db, f: InboxFilter, scope: OpinionScope): Promise<number> {
  const base = db.selectFrom('opinions').select((eb) => eb.fn.countAll<number>().as('n'));
  const row = await scoped(filtered(db, base, f), scope).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The next `limit` opinions after `afterId`; the submitter's name and contact only when asked for. */
export async function exportPage(
  db: Db,
  f: InboxFilter,
  scope: OpinionScope,
  personal: boolean,
  afterId: number,
  limit: number,
): Promise<Array<ExportRow & Partial<PersonalRow>>> {
  const base = db
    .selectFrom('opinions')
    .leftJoin('units', 'units.id', 'opinions.unit_id')
    .select([
      'opinions.id as id',
      'opinions.received_at as received_at',
      'opinions.channel as channel',
      'opinions.external_ref as external_ref',
      'units.name as unit_name',
      'opinions.category as category',
      'opinions.state as state',
      'opinions.body as body',
      'opinions.details as details',
      'opinions.anonymous as anonymous',
    ])
    .$if(personal, (qb) =>
      qb.select([
        'opinions.submitter_name as submitter_name',
        'opinions.submitter_phone as submitter_phone',
        'opinions.submitter_email as submitter_email',
      ]),
    );
  return scoped(filtered(db, base, f), scope)
    .where('opinions.id', '>', afterId)
    .orderBy('opinions.id')
    .limit(limit)
    .execute();
}
