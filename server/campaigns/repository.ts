// All SQL about campaigns and conduct rules.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CampaignRow, ConductRuleRow } from './tables.js';

type Db = Kysely<Database>;

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
