// Campaigns: the period an organisation collects opinions and judges rectifications in.
import type { DB } from '../db/database.js';
import { localDay } from '../i18n/format.js';
import * as repo from './repository.js';
import type { CampaignRow } from './tables.js';

/** Campaigns running today in the portal's time zone: the ones the public can send opinions to. */
export async function currentCampaigns(db: DB, now: Date, timeZone: string): Promise<CampaignRow[]> {
  return repo.campaignsOn(db, localDay(now, timeZone));
}
