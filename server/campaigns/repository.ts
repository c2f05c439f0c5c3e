// All SQL about campaigns and conduct rules.
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CampaignRow, CampaignsTable, ConductRuleRow, ConductRulesTable } from './tables.js';

type Db = Kysely<Database>;
type NewCampaignRow = Insertable<CampaignsTable>;
type CampaignUpdate = Updateable<CampaignsTable>;
type NewConductRuleRow = Insertable<ConductRulesTable>;
type ConductRuleUpdate = Updateable<ConductRulesTable>;

export async function listCampaigns(db: Db): Promise<CampaignRow[]> {
  return db.selectFrom('campaigns').selectAll().orderBy('starts_on', 'desc').orderBy('id', 'desc').execute();
}

/** Campaigns whose period includes the given day (YYYY-MM-DD). */
export async function campaignsOn(db: Db, day: string): Promise<CampaignRow[]> {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('starts_on', '<=', day)
    .where('ends_on', '>=', day)
    .orderBy('starts_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function findCampaign(db: Db, id: number): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function activeConductRules(db: Db): Promise<ConductRuleRow[]> {
  return db.selectFrom('conduct_rules').selectAll().where('active', '=', 1).orderBy('position').orderBy('id').execute();
}

export async function findConductRule(db: Db, id: number): Promise<ConductRuleRow | undefined> {
  return db.selectFrom('conduct_rules').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCampaign(db: Db, row: NewCampaignRow): Promise<number> {
  const r = await db.insertInto('campaigns').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateCampaign(db: Db, id: number, changes: CampaignUpdate): Promise<void> {
  await db.updateTable('campaigns').set(changes).where('id', '=', id).execute();
}

// Conduct rules ----------------------------------------------------------------------------

/** Every rule, active or not, in the order the administrator set. */
export async function listConductRules(db: Db): Promise<ConductRuleRow[]> {
  return db.selectFrom('conduct_rules').selectAll().orderBy('position').orderBy('id').execute();
}

export async function countConductRules(db: Db): Promise<number> {
  const row = await db
    .selectFrom('conduct_rules')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function lastConductRulePosition(db: Db): Promise<number> {
  const row = await db
    .selectFrom('conduct_rules')
    .select((eb) => eb.fn.max<number | null>('position').as('p'))
    .executeTakeFirstOrThrow();
  return row.p === null ? 0 : Number(row.p);
}

export async function insertConductRule(db: Db, row: NewConductRuleRow): Promise<number> {
  const r = await db.insertInto('conduct_rules').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateConductRule(db: Db, id: number, changes: ConductRuleUpdate): Promise<void> {
  await db.updateTable('conduct_rules').set(changes).where('id', '=', id).execute();
}
