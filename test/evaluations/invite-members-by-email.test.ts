// A coordinator emails single-use codes to members of the register: one message each, in their
// language, through a real SMTP server; only delivered codes are issued; a member is never given
// two codes for one round; the emailed link votes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BALLOT_CODE_LENGTH } from '../../server/evaluations/ballots.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signInAs } from '../helpers/factories.js';
import { fieldError, hiddenFields } from '../helpers/forms.js';
import { linkIn, startSmtpServer, type SmtpCatcher } from '../helpers/mail.js';
import { openRoundOverHttp, postWithToken, receiptOn, reportedDone } from './support.js';

describe('emailing ballot codes to members of the register', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  beforeEach(async () => {
    smtp = await startSmtpServer();
    t = await buildTestApp({ env: { MAIL_URL: smtp.url } });
  });
  afterEach(async () => {
    await t.close();
    await smtp.close();
  });

  const person = async (
    name: string,
    email: string | null,
    locale: 'en' | 'zh-CN',
    term: [string | null, string | null] = [null, null],
  ) =>
    (
      await t.app.db
        .insertInto('people')
        .values({
          name,
          affiliation: 'cppcc_member',
          email,
          phone: null,
          locale,
          term_starts_on: term[0],
          term_ends_on: term[1],
          user_id: null,
          created_at: 'x',
          updated_at: 'x',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  it('sends each chosen member their own code, issues only those, and never a second one', async () => {
    const { rectificationId, problemTitle } = await reportedDone(t, { title: 'Slow permits' });
    const zhou = await person('Zhou Min', 'zhou@example.org', 'en');
    const wu = await person('Wu Lei', 'wu@example.org', 'zh-CN');
    const noMail = await person('Li Na', null, 'zh-CN');
    // Today is 2026-11-20: a term that ended, and one yet to begin; a term that covers today.
    const ended = await person('Qian Hao', 'qian@example.org', 'zh-CN', ['2021-01-01', '2026-01-31']);
    const notYet = await person('Sun Yu', 'sun@example.org', 'zh-CN', ['2027-01-01', null]);
    const inTerm = await person('He Jun', 'he@example.org', 'zh-CN', ['2026-01-01', '2026-11-20']);
    const { agent } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, agent, rectificationId);
    const page = await agent.get(`/staff/rounds/${roundId}`);
    expect(page.text).toContain(`id="people-${zhou}"`);
    expect(page.text).not.toContain(`id="people-${noMail}"`);
    expect(page.text).not.toContain(`id="people-${ended}"`);
    expect(page.text).not.toContain(`id="people-${notYet}"`);
    expect(page.text).toContain(`id="people-${inTerm}"`);
    for (const outOfTerm of [ended, notYet]) {
      const refused = await postWithToken(agent, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/invite`, {
        people: [String(outOfTerm)],
      });
      expect(refused.status).toBe(422);
      expect(fieldError(refused.text, 'people')).toBe(
        'Choose members of the register, within their term of appointment, with an email address',
      );
    }

    const none = await postWithToken(agent, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/invite`, {});
    expect(none.status).toBe(422);
    expect(fieldError(none.text, 'people')).toBe(
      'Choose members of the register, within their term of appointment, with an email address',
    );
    const withoutAddress = await postWithToken(agent, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/invite`, {
      people: [String(noMail)],
    });
    expect(withoutAddress.status).toBe(422);
    const hostile = await postWithToken(agent, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/invite`, {
      people: ['1; DROP TABLE people'],
    });
    expect(hostile.status).toBe(422);

    const sent = await postWithToken(agent, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/invite`, {
      people: [String(zhou), String(wu)],
    });
    expect(sent.status).toBe(303);
    const mails = await smtp.waitFor(2);
    const toZhou = mails.find((m) => m.to === 'zhou@example.org')!;
    const toWu = mails.find((m) => m.to === 'wu@example.org')!;
    expect(toZhou.subject).toBe(`Your ballot: ${problemTitle}`);
    expect(toWu.subject).toBe(`您的评议票：${problemTitle}`);
    const codeOf = (text: string) => new RegExp(`code=([2-9A-HJKMNP-TW-Z]{${BALLOT_CODE_LENGTH}})`).exec(text)![1]!;
    expect(codeOf(toZhou.text)).not.toBe(codeOf(toWu.text));
    expect(
      (
        await t.app.db
          .selectFrom('evaluation_rounds')
          .select('issued')
          .where('id', '=', roundId)
          .executeTakeFirstOrThrow()
      ).issued,
    ).toBe(2);
    const issues = await t.app.db
      .selectFrom('ballot_issues')
      .select(['person_id', 'how'])
      .where('round_id', '=', roundId)
      .orderBy('person_id')
      .execute();
    expect(issues).toEqual(
      [
        { person_id: zhou, how: 'email' },
        { person_id: wu, how: 'email' },
      ].sort((a, b) => a.person_id - b.person_id),
    );
    // The codes are nowhere in the database.
    expect(JSON.stringify(await t.app.db.selectFrom('ballots').selectAll().execute())).not.toContain(
      codeOf(toZhou.text),
    );

    // Never a second code for the same member in the same round.
    const again = await postWithToken(agent, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/invite`, {
      people: [String(zhou)],
    });
    expect(again.status).toBe(422);
    expect(
      (
        await t.app.db
          .selectFrom('evaluation_rounds')
          .select('issued')
          .where('id', '=', roundId)
          .executeTakeFirstOrThrow()
      ).issued,
    ).toBe(2);
    expect((await agent.get(`/staff/rounds/${roundId}`)).text).not.toContain(`id="people-${zhou}"`);

    // The emailed link votes.
    const voter = t.agent();
    const ballot = await voter.get(linkIn(toZhou, t.config.baseUrl).replace(t.config.baseUrl, ''));
    expect(ballot.status).toBe(200);
    const cast = await voter
      .post('/vote')
      .type('form')
      .send({ ...hiddenFields(ballot.text), choice: 'satisfied', confirm: '1' });
    expect(cast.status).toBe(200);
    expect(receiptOn(cast.text)).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
  });
});
