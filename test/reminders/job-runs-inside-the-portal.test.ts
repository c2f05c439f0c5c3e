import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit } from '../helpers/factories.js';
import { readOutbox } from '../helpers/mail.js';
import { coordinator, promised, restarted, shanghai } from './support.js';

describe('the reminder job inside the portal', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('runs a pass as the portal starts, finishes it before closing, and is off when told', async () => {
    const actor = await coordinator(t);
    const campaignId = await createCampaign(t.app.db);
    const unitId = await createUnit(t.app.db, { contacts: ['office@unit.example.org'] });
    await promised(t, actor, { campaignId, unitId, measures: [{ description: 'Late', deadline: '2026-11-21' }] });
    t.clock.set(shanghai('2026-11-22T07:00'));

    // JOBS_IN_PROCESS=false (as in every other test): starting and stopping sends nothing.
    await (await restarted(t)).close();
    expect(await readOutbox(t.dataDir)).toEqual([]);

    // On: the pass begun when the portal is ready has sent the reminder by the time it has closed.
    await (await restarted(t, { JOBS_IN_PROCESS: 'true' })).close();
    expect(await readOutbox(t.dataDir)).toHaveLength(1);

    // Started again the same day: the day's reminder is already claimed.
    await (await restarted(t, { JOBS_IN_PROCESS: 'true' })).close();
    expect(await readOutbox(t.dataDir)).toHaveLength(1);
  });
});
