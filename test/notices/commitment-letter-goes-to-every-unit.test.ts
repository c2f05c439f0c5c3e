// When a coordinator approves a rectification, the commitment letter goes by email to the
// responsible unit's contacts and to every other unit's: one message per address, in the
// language set for it, with text and HTML, the measures, their deadlines and the notice's
// address. Through a real SMTP server on loopback, or the outbox without mail settings. A letter
// that cannot be sent is counted and kept, and never undoes the approval.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog, translator } from '../../server/i18n/catalog.js';
import { LETTER_TEMPLATE, sendCommitmentLetters } from '../../server/notices/letters.js';
import { insertContact } from '../../server/units/repository.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { submitForm } from '../helpers/forms.js';
import { linkIn, readOutbox, startSmtpServer, type CapturedMail, type SmtpCatcher } from '../helpers/mail.js';
import { auditEntries } from '../opinions/support.js';
import { rectification } from './support.js';

const BASE = 'http://portal.test';
const SUBJECT_KEY = `${LETTER_TEMPLATE.split('/')[0]}.emails.${LETTER_TEMPLATE.split('/').slice(1).join('.')}.subject`;

/** The subject as the catalogue words it (mail.ts takes it from the template's own catalogue). */
function expectSubject(mail: CapturedMail, locale: 'en' | 'zh-CN', title: string) {
  expect(mail.subject).toBe(translator(locale)(SUBJECT_KEY, { title }));
  if (loadCatalog(locale).has(SUBJECT_KEY)) expect(mail.subject).toContain(title);
}

const approve = (agent: request.Agent, id: number) =>
  submitForm(agent, `/staff/rectifications/${id}`, `/staff/rectifications/${id}/approve`, {});

describe('the commitment letter', () => {
  let smtp: SmtpCatcher;
  let t: TestApp;
  let campaignId: number;
  let hall: number;
  let office: number;
  let bureau: number;

  async function units() {
    campaignId = await createCampaign(t.app.db);
    hall = await createUnit(t.app.db, { name: 'Service Hall' });
    office = await createUnit(t.app.db, { name: 'Talent Office' });
    bureau = await createUnit(t.app.db, { name: 'Quiet Bureau' });
    await insertContact(t.app.db, hall, { email: 'hall@units.example.org', name: null, locale: 'zh-CN' });
    await insertContact(t.app.db, hall, { email: 'hall.deputy@units.example.org', name: 'Deputy', locale: 'en' });
    await insertContact(t.app.db, office, { email: 'office@units.example.org', name: null, locale: 'zh-CN' });
    await insertContact(t.app.db, office, { email: 'talent@units.example.org', name: null, locale: 'en' });
    // Also listed for another unit, in other letters: still one letter, as the responsible unit's.
    await insertContact(t.app.db, bureau, { email: 'Hall@Units.Example.org', name: null, locale: 'en' });
  }

  describe('through a real SMTP server', () => {
    beforeEach(async () => {
      smtp = await startSmtpServer();
      t = await buildTestApp({ env: { MAIL_URL: smtp.url } });
      await units();
    });
    afterEach(async () => {
      await t.close();
      await smtp.close();
    });

    it('goes to every unit’s contacts once each, in each one’s language, when the coordinator approves', async () => {
      const r = await rectification(t, {
        campaignId,
        unitId: hall,
        title: 'Approvals take months',
        measures: [
          { description: 'Publish the approval steps at every window', owner: 'Hall director', deadline: '2026-12-10' },
          { description: 'Weekly spot checks of waiting times', owner: 'Supervision section', deadline: '2026-12-20' },
        ],
        upTo: 'draft',
      });
      const { agent, user } = await signInAs(t, 'coordinator');
      const res = await approve(agent, r.id);
      expect(res.status).toBe(303);
      expect(
        (await t.app.db.selectFrom('rectifications').select('state').where('id', '=', r.id).executeTakeFirstOrThrow())
          .state,
      ).toBe('committed');

      const mails = await smtp.waitFor(4);
      expect(mails).toHaveLength(4);
      const to = (address: string) => mails.find((m) => m.to.toLowerCase().includes(address))!;
      expect(mails.map((m) => m.to.toLowerCase()).sort()).toEqual([
        'hall.deputy@units.example.org',
        'hall@units.example.org',
        'office@units.example.org',
        'talent@units.example.org',
      ]);
      expect(mails.every((m) => !m.to.includes(','))).toBe(true);

      // The responsible unit's contact, in Chinese: text and HTML, the measures, deadlines and link.
      const hallZh = to('hall@units.example.org');
      expect(hallZh.language).toBe('zh-CN');
      expectSubject(hallZh, 'zh-CN', 'Approvals take months');
      expect(hallZh.text).toContain('整改承诺函');
      expect(hallZh.text).toContain('致Service Hall：');
      expect(hallZh.text).toContain('贵单位是这些措施的责任单位');
      expect(hallZh.text).toContain('Publish the approval steps at every window');
      expect(hallZh.text).toContain('责任人：Hall director');
      expect(hallZh.text).toMatch(/完成时限：2026年12月10日/);
      expect(linkIn(hallZh, BASE)).toBe(`${BASE}/notices/${r.id}`);
      expect(hallZh.html).toContain('<html lang="zh-CN">');
      expect(hallZh.html).toContain(`<a href="${BASE}/notices/${r.id}">`);
      expect(hallZh.html).toContain('Weekly spot checks of waiting times');

      // The responsible unit's English contact.
      const hallEn = to('hall.deputy@units.example.org');
      expect(hallEn.language).toBe('en');
      expectSubject(hallEn, 'en', 'Approvals take months');
      expect(hallEn.text).toContain('To Service Hall');
      expect(hallEn.text).toContain('Your unit is responsible for these measures');
      expect(hallEn.text).toContain('Owner: Supervision section; deadline: Dec 20, 2026');
      expect(hallEn.html).toContain('<html lang="en">');

      // Another unit's contacts: told of the promise, not told they carry it out.
      const officeEn = to('talent@units.example.org');
      expect(officeEn.language).toBe('en');
      expect(officeEn.text).toContain('To Talent Office');
      expect(officeEn.text).toContain('Service Hall committed in public to rectify the problem below');
      expect(officeEn.text).not.toContain('Your unit is responsible');
      expect(officeEn.text).toContain('Publish the approval steps at every window');
      expect(linkIn(officeEn, BASE)).toBe(`${BASE}/notices/${r.id}`);
      expect(to('office@units.example.org').language).toBe('zh-CN');

      // One audit entry with the counts, by the coordinator who approved.
      const [entry, ...more] = await auditEntries(t.app.db, 'rectification.letter_sent');
      expect(more).toEqual([]);
      expect(entry).toMatchObject({ entity_type: 'rectification', entity_id: String(r.id), actor: user.email });
      expect(JSON.parse(entry!.data!)).toEqual({ recipients: 4, sent: 4, failed: 0 });

      // Approving again is refused and sends nothing more.
      expect((await approve(agent, r.id)).status).toBe(422);
      expect(smtp.messages).toHaveLength(4);
    });

    it('an individual cadre’s commitment is written to the units as within the system only', async () => {
      const r = await rectification(t, {
        campaignId,
        unitId: office,
        title: 'Director shouts at visitors',
        level: 'individual',
        cadreName: 'Zhang San',
      });
      expect(await sendCommitmentLetters(t.app, r.id)).toEqual({ sent: 4, failed: 0 });
      const mails = await smtp.waitFor(4);
      for (const m of mails) {
        expect(m.text).not.toContain('Zhang San');
        expect(m.html).not.toContain('Zhang San');
      }
      expect(mails.find((m) => m.language === 'en')!.text).toContain('published within the system only');
      expect(mails.find((m) => m.language === 'zh-CN')!.text).toContain('仅在系统内公开');
      // The audit entry names the portal itself when no one is given.
      expect((await auditEntries(t.app.db, 'rectification.letter_sent'))[0]!.actor).toBe('system');
    });

    it('sends nothing for a draft', async () => {
      const r = await rectification(t, { campaignId, unitId: hall, upTo: 'draft' });
      expect(await sendCommitmentLetters(t.app, r.id)).toEqual({ sent: 0, failed: 0 });
      expect(await sendCommitmentLetters(t.app, 999999)).toEqual({ sent: 0, failed: 0 });
      expect(smtp.messages).toEqual([]);
      expect(await auditEntries(t.app.db, 'rectification.letter_sent')).toEqual([]);
    });
  });

  describe('when the SMTP server refuses an address', () => {
    let server: SMTPServer;
    const received: string[] = [];
    beforeEach(async () => {
      received.length = 0;
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onRcptTo(address, _session, callback) {
          if (address.address.startsWith('office@'))
            return callback(Object.assign(new Error('No such mailbox here'), { responseCode: 550 }));
          callback();
        },
        onData(stream, _session, callback) {
          simpleParser(stream)
            .then((m) => {
              received.push(Array.isArray(m.to) ? m.to.map((a) => a.text).join(',') : (m.to?.text ?? ''));
              callback();
            })
            .catch(callback);
        },
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.server.address() as AddressInfo;
      t = await buildTestApp({ env: { MAIL_URL: `smtp://127.0.0.1:${port}` } });
      await units();
    });
    afterEach(async () => {
      await t.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('counts and keeps the letter it could not send, and the approval stands', async () => {
      const r = await rectification(t, { campaignId, unitId: hall, upTo: 'draft' });
      const { agent } = await signInAs(t, 'coordinator');
      const res = await approve(agent, r.id);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/staff/rectifications/${r.id}`);
      expect(
        (await t.app.db.selectFrom('rectifications').select('state').where('id', '=', r.id).executeTakeFirstOrThrow())
          .state,
      ).toBe('committed');

      expect(received).toHaveLength(3);
      expect(received.join(' ')).not.toContain('office@');
      const [entry] = await auditEntries(t.app.db, 'rectification.letter_sent');
      expect(JSON.parse(entry!.data!)).toEqual({ recipients: 4, sent: 3, failed: 1 });
      // What was refused is kept for an operator to send by hand.
      const unsent = await readOutbox(t.dataDir, 'unsent');
      expect(unsent.map((m) => m.to)).toEqual(['office@units.example.org']);
      expect(unsent[0]!.language).toBe('zh-CN');
    });
  });

  describe('without mail settings', () => {
    beforeEach(async () => {
      t = await buildTestApp();
      await units();
    });
    afterEach(async () => t.close());

    it('writes every letter to the outbox, and nothing fails', async () => {
      const r = await rectification(t, { campaignId, unitId: office, title: 'Slow talent permits', upTo: 'draft' });
      const { agent } = await signInAs(t, 'coordinator');
      expect((await approve(agent, r.id)).status).toBe(303);
      const outbox = await readOutbox(t.dataDir);
      expect(outbox.map((m) => m.to.toLowerCase()).sort()).toEqual([
        'hall.deputy@units.example.org',
        'hall@units.example.org',
        'office@units.example.org',
        'talent@units.example.org',
      ]);
      const office_ = outbox.find((m) => m.to === 'office@units.example.org')!;
      expect(office_.language).toBe('zh-CN');
      expect(office_.text).toContain('贵单位是这些措施的责任单位');
      expect(office_.text).toContain('Slow talent permits');
      expect(linkIn(office_, BASE)).toBe(`${BASE}/notices/${r.id}`);
      expect(JSON.parse((await auditEntries(t.app.db, 'rectification.letter_sent'))[0]!.data!)).toEqual({
        recipients: 4,
        sent: 4,
        failed: 0,
      });
    });
  });
});
