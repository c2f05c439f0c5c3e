import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit } from '../helpers/factories.js';
import { readOutbox } from '../helpers/mail.js';
import { addContact, auditEntries, coordinator, markDone, promised, remind, shanghai } from './support.js';

describe('reminders stop once the late measures are done', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('a progress report marking the late measure done ends the reminders; a later missed deadline starts them again', async () => {
    const actor = await coordinator(t);
    const campaignId = await createCampaign(t.app.db);
    const unitId = await createUnit(t.app.db, { name: 'Water Board' });
    await addContact(t, unitId, 'office@water.example.org', 'en');
    const { id, measureIds } = await promised(t, actor, {
      campaignId,
      unitId,
      measures: [
        { description: 'Post the meter-reading rota', deadline: '2026-11-23' },
        { description: 'Refund the overcharged', deadline: '2026-11-30' },
      ],
    });

    t.clock.set(shanghai('2026-11-24T09:00'));
    expect(await remind(t.app, t.clock.now())).toMatchObject({ sent: 1 });

    // The unit reports the late measure done, later that day (the reminder for today is already out).
    t.clock.set(shanghai('2026-11-24T11:00'));
    await markDone(t, actor, id, [measureIds[0]!], 'The rota is on the notice board.');
    for (const day of ['2026-11-25', '2026-11-28', '2026-11-30']) {
      t.clock.set(shanghai(`${day}T09:00`));
      expect(await remind(t.app, t.clock.now()), day).toMatchObject({ due: 0, sent: 0 });
    }
    expect(await readOutbox(t.dataDir)).toHaveLength(1);

    // The other measure's deadline passes without it being done: reminded again, about that one.
    t.clock.set(shanghai('2026-12-01T09:00'));
    expect(await remind(t.app, t.clock.now())).toMatchObject({ sent: 1 });
    const mail = await readOutbox(t.dataDir);
    expect(mail).toHaveLength(2);
    const last = mail.find((m) => m.text.includes('Refund the overcharged'))!;
    expect(last.text).not.toContain('Post the meter-reading rota');

    t.clock.set(shanghai('2026-12-01T10:00'));
    await markDone(t, actor, id, [measureIds[1]!]);
    t.clock.set(shanghai('2026-12-02T09:00'));
    expect(await remind(t.app, t.clock.now())).toMatchObject({ due: 0, sent: 0 });
    expect(await auditEntries(t, 'rectification.reminder_sent')).toHaveLength(2);
  });
});
