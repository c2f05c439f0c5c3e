import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit } from '../helpers/factories.js';
import { readOutbox } from '../helpers/mail.js';
import { auditEntries, coordinator, promised, remind, shanghai } from './support.js';

describe('an overdue rectification whose unit has no contact address', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('sends nothing and records so, once a day, without stopping the others', async () => {
    const actor = await coordinator(t);
    const campaignId = await createCampaign(t.app.db);
    const silent = await createUnit(t.app.db, { name: 'Unit without contacts' });
    const reachable = await createUnit(t.app.db, {
      name: 'Reachable unit',
      contacts: ['office@reachable.example.org'],
    });
    const lost = await promised(t, actor, {
      campaignId,
      unitId: silent,
      measures: [{ description: 'Late', deadline: '2026-11-21' }],
    });
    await promised(t, actor, {
      campaignId,
      unitId: reachable,
      measures: [{ description: 'Late too', deadline: '2026-11-21' }],
    });

    t.clock.set(shanghai('2026-11-22T09:00'));
    expect(await remind(t.app, t.clock.now())).toMatchObject({
      due: 2,
      sent: 1,
      noContacts: 1,
      failed: 0,
      messages: 1,
    });
    expect(await remind(t.app, t.clock.now())).toMatchObject({ due: 0, sent: 0, noContacts: 0 });
    expect(await readOutbox(t.dataDir)).toHaveLength(1);

    const recorded = await auditEntries(t, 'rectification.reminder_no_contacts');
    expect(recorded).toEqual([
      { entityId: lost.id, actor: 'system', data: { day: '2026-11-22', unit_id: silent, late_measures: 1 } },
    ]);
    const claim = await t.app.db
      .selectFrom('overdue_reminders')
      .selectAll()
      .where('rectification_id', '=', lost.id)
      .execute();
    expect(claim).toMatchObject([{ day: '2026-11-22', recipients: 0 }]);

    t.clock.set(shanghai('2026-11-23T09:00'));
    expect(await remind(t.app, t.clock.now())).toMatchObject({ noContacts: 1 });
    expect(await auditEntries(t, 'rectification.reminder_no_contacts')).toHaveLength(2);
  });
});
