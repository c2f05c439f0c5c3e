import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit } from '../helpers/factories.js';
import { readOutbox, startSmtpServer, type SmtpCatcher } from '../helpers/mail.js';
import {
  addContact,
  auditEntries,
  coordinator,
  deadSmtpUrl,
  pickySmtpServer,
  promised,
  remind,
  remindThrough,
  shanghai,
} from './support.js';

describe('overdue reminders over a real SMTP server', () => {
  let t: TestApp;
  let smtp: SmtpCatcher | undefined;
  afterEach(async () => {
    await t.close();
    await smtp?.close();
    smtp = undefined;
  });

  async function overdueRectification() {
    const actor = await coordinator(t);
    const campaignId = await createCampaign(t.app.db);
    const unitId = await createUnit(t.app.db, { name: 'Parks Office' });
    await addContact(t, unitId, 'parks@parks.example.org', 'zh-CN', '园林处办公室');
    await addContact(t, unitId, 'chief@parks.example.org', 'en');
    const r = await promised(t, actor, {
      campaignId,
      unitId,
      title: 'Broken benches',
      measures: [{ description: 'Mend the benches', deadline: '2026-11-21' }],
    });
    t.clock.set(shanghai('2026-11-22T08:00'));
    return r;
  }

  it('goes out over SMTP, one message per address in its language', async () => {
    smtp = await startSmtpServer();
    t = await buildTestApp({ env: { MAIL_URL: smtp.url } });
    const { id } = await overdueRectification();
    expect(await remind(t.app, t.clock.now())).toMatchObject({ sent: 1, messages: 2 });
    const mail = await smtp.waitFor(2);
    const zh = mail.find((m) => m.to === 'parks@parks.example.org')!;
    expect(zh.subject).toBe('整改逾期提醒：Broken benches');
    expect(zh.text).toContain('园林处办公室，您好：');
    expect(zh.text).toContain(`http://portal.test/staff/rectifications/${id}`);
    expect(zh.from.name).toBe('群众意见征集与整改公开平台');
    expect(mail.find((m) => m.to === 'chief@parks.example.org')!.subject).toBe('Overdue rectification: Broken benches');
    expect(await readOutbox(t.dataDir)).toEqual([]);
  });

  it('when no address can be reached, gives the day back so a later run sends it', async () => {
    t = await buildTestApp();
    const { id } = await overdueRectification();

    const dead = await deadSmtpUrl();
    expect(await remindThrough(t.app, dead, t.clock.now())).toMatchObject({ due: 1, sent: 0, failed: 1, messages: 0 });
    expect(await t.app.db.selectFrom('overdue_reminders').selectAll().execute()).toEqual([]);
    expect(await auditEntries(t, 'rectification.reminder_failed')).toEqual([
      {
        entityId: id,
        actor: 'system',
        data: { day: '2026-11-22', recipients: 2, delivered: 0, failed: 2, late_measures: 1, round: 1 },
      },
    ]);
    // The mailer keeps what it could not send, for an operator.
    expect(await readOutbox(t.dataDir, 'unsent')).toHaveLength(2);

    // The mail server is back a quarter of an hour later: the day's reminder goes out, once.
    smtp = await startSmtpServer();
    t.clock.set(shanghai('2026-11-22T08:15'));
    expect(await remindThrough(t.app, smtp.url, t.clock.now())).toMatchObject({ sent: 1, messages: 2 });
    await smtp.waitFor(2);
    expect(await remindThrough(t.app, smtp.url, t.clock.now())).toMatchObject({ due: 0, sent: 0 });
    expect(smtp.messages).toHaveLength(2);
    expect(await auditEntries(t, 'rectification.reminder_sent')).toHaveLength(1);
    expect(await t.app.db.selectFrom('overdue_reminders').select(['day', 'recipients']).execute()).toEqual([
      { day: '2026-11-22', recipients: 2 },
    ]);
  });

  it('when some addresses are refused, the day counts as reminded and the refusals are counted', async () => {
    t = await buildTestApp();
    await overdueRectification();
    const picky = await pickySmtpServer(['chief@parks.example.org']);
    try {
      expect(await remindThrough(t.app, picky.url, t.clock.now())).toMatchObject({ sent: 1, failed: 0, messages: 1 });
      expect(picky.delivered).toEqual(['parks@parks.example.org']);
      expect(await remindThrough(t.app, picky.url, t.clock.now())).toMatchObject({ due: 0 });
    } finally {
      await picky.close();
    }
    expect((await auditEntries(t, 'rectification.reminder_sent'))[0]!.data).toMatchObject({
      recipients: 2,
      delivered: 1,
      failed: 1,
    });
    expect(await t.app.db.selectFrom('overdue_reminders').select('recipients').execute()).toEqual([{ recipients: 1 }]);
    expect((await readOutbox(t.dataDir, 'unsent')).map((m) => m.to)).toEqual(['chief@parks.example.org']);
  });
});
