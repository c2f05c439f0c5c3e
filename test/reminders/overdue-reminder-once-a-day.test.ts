import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { linkIn, readOutbox } from '../helpers/mail.js';
import { addContact, auditEntries, coordinator, promised, remind, restarted, shanghai } from './support.js';

describe('a unit is reminded once a day while its rectification is overdue', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  async function campaignWithTwoUnits() {
    const actor = await coordinator(t);
    const campaignId = await createCampaign(t.app.db);
    const roads = await createUnit(t.app.db, { name: 'Roads Bureau' });
    await addContact(t, roads, 'office@roads.example.org', 'en', 'Roads office');
    await addContact(t, roads, 'bangong@roads.example.org', 'zh-CN');
    const housing = await createUnit(t.app.db, { name: 'Housing Bureau' });
    await addContact(t, housing, 'desk@housing.example.org', 'en');
    // Promised on 20 November (portal time): one measure due on the 25th, one on 10 December.
    const roadsFix = await promised(t, actor, {
      campaignId,
      unitId: roads,
      title: 'Potholes left for months',
      measures: [
        { description: 'Publish the repair schedule', deadline: '2026-11-25' },
        { description: 'Repair the worst hundred', deadline: '2026-12-10' },
      ],
    });
    const housingFix = await promised(t, actor, {
      campaignId,
      unitId: housing,
      title: 'Slow housing permits',
      measures: [{ description: 'Answer every application within ten days', deadline: '2026-11-27' }],
    });
    // A draft is not a promise: its deadlines do not run.
    await promised(t, actor, {
      campaignId,
      unitId: roads,
      title: 'Draft only',
      measures: [{ description: 'Not promised yet', deadline: '2026-11-21' }],
      draftOnly: true,
    });
    return { actor, roads, roadsFix, housingFix };
  }

  it('sends nothing before a deadline has passed, even late on the deadline day', async () => {
    await campaignWithTwoUnits();
    expect(await remind(t.app, t.clock.now())).toMatchObject({ due: 0, sent: 0 });
    t.clock.set(shanghai('2026-11-25T23:59'));
    expect(await remind(t.app, t.clock.now())).toMatchObject({ day: '2026-11-25', due: 0, sent: 0 });
    expect(await readOutbox(t.dataDir)).toEqual([]);
  });

  it('the day after the deadline: one reminder, to each address in its language, naming the late measure', async () => {
    const { roads: roadsUnit, roadsFix } = await campaignWithTwoUnits();
    t.clock.set(shanghai('2026-11-26T00:20'));
    const run = await remind(t.app, t.clock.now());
    expect(run).toMatchObject({ day: '2026-11-26', due: 1, sent: 1, messages: 2, noContacts: 0, failed: 0 });

    const mail = await readOutbox(t.dataDir);
    expect(mail.map((m) => m.to).sort()).toEqual(['bangong@roads.example.org', 'office@roads.example.org']);
    const en = mail.find((m) => m.to === 'office@roads.example.org')!;
    const zh = mail.find((m) => m.to === 'bangong@roads.example.org')!;
    expect(en.language).toBe('en');
    expect(en.subject).toBe('Overdue rectification: Potholes left for months');
    expect(en.text).toContain('Dear Roads office,');
    expect(en.text).toContain('Publish the repair schedule (deadline Nov 25, 2026)');
    expect(en.text).not.toContain('Repair the worst hundred'); // not late yet
    expect(en.text).toContain(`http://portal.test/staff/rectifications/${roadsFix.id}`);
    expect(en.html).toContain(`<a href="http://portal.test/staff/rectifications/${roadsFix.id}">`);
    expect(en.html).toContain('<li>Publish the repair schedule (deadline Nov 25, 2026)</li>');
    expect(zh.language).toBe('zh-CN');
    expect(zh.subject).toBe('整改逾期提醒：Potholes left for months');
    expect(zh.text).toContain('各位同志：');
    expect(zh.text).toContain('Publish the repair schedule（期限：2026年11月25日）');
    expect(zh.html).toContain('整改逾期');

    const sent = await auditEntries(t, 'rectification.reminder_sent');
    expect(sent).toEqual([
      {
        entityId: roadsFix.id,
        actor: 'system',
        data: { day: '2026-11-26', recipients: 2, delivered: 2, failed: 0, late_measures: 1, round: 1 },
      },
    ]);
    // The link leads the unit's officer to the rectification's staff page.
    const { agent } = await signInAs(t, 'unit_officer', { unitId: roadsUnit });
    const page = await agent.get(new URL(linkIn(en, t.config.baseUrl)).pathname);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Publish the repair schedule');

    const claims = await t.app.db.selectFrom('overdue_reminders').selectAll().execute();
    expect(claims).toEqual([
      { rectification_id: roadsFix.id, day: '2026-11-26', sent_at: t.clock.now().toISOString(), recipients: 2 },
    ]);
  });

  it('sends nothing more that day, whether run again or after a restart; the next day it sends again', async () => {
    const { roadsFix, housingFix } = await campaignWithTwoUnits();
    t.clock.set(shanghai('2026-11-26T00:20'));
    await remind(t.app, t.clock.now());
    expect(await readOutbox(t.dataDir)).toHaveLength(2);

    t.clock.set(shanghai('2026-11-26T15:00'));
    expect(await remind(t.app, t.clock.now())).toMatchObject({ due: 0, sent: 0, messages: 0 });

    // The portal restarts on the same database file: the day's claim is still there.
    const again = await restarted(t);
    try {
      expect(await remind(again, t.clock.now())).toMatchObject({ due: 0, sent: 0 });
      t.clock.set(shanghai('2026-11-26T23:59'));
      expect(await remind(again, t.clock.now())).toMatchObject({ due: 0, sent: 0 });
    } finally {
      await again.close();
    }
    expect(await readOutbox(t.dataDir)).toHaveLength(2);

    // The 27th: still overdue, so reminded again; the housing measure is due today, not late.
    t.clock.set(shanghai('2026-11-27T08:00'));
    expect(await remind(t.app, t.clock.now())).toMatchObject({ day: '2026-11-27', due: 1, sent: 1, messages: 2 });
    // The 28th: both.
    t.clock.set(shanghai('2026-11-28T08:00'));
    expect(await remind(t.app, t.clock.now())).toMatchObject({ day: '2026-11-28', due: 2, sent: 2, messages: 3 });
    expect(await readOutbox(t.dataDir)).toHaveLength(7);
    const days = (await auditEntries(t, 'rectification.reminder_sent')).map(
      (e) => `${e.entityId} ${String(e.data.day)}`,
    );
    expect(days).toEqual([
      `${roadsFix.id} 2026-11-26`,
      `${roadsFix.id} 2026-11-27`,
      `${roadsFix.id} 2026-11-28`,
      `${housingFix.id} 2026-11-28`,
    ]);
  });
});
