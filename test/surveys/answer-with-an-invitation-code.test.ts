// Only holders of invitation codes answer: a coordinator prints slips (shown once, with a QR code
// of the address, never stored); a code is ≥128 bits, kept only as a hash, and lets one answer
// sheet in; used again it is refused with a page that says so; many trying one code at once get
// exactly one sheet in; nothing in the database joins a code to the answers it let in.
import QRCode from 'qrcode';
import { sql } from 'kysely';
import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashBallotCode } from '../../server/evaluations/ballots.js';
import { hashSurveyCode, SURVEY_CODE_BITS, SURVEY_CODE_LENGTH } from '../../server/surveys/codes.js';
import { answerOnline, questionsOf } from '../../server/surveys/service.js';
import { SLIP_QR_OPTIONS } from '../../server/shared/slip-qr.js';
import { columnNames, tableNames } from '../helpers/schema.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signInAs } from '../helpers/factories.js';
import { fieldError } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';
import { answerOverHttp, buildOverHttp, postFrom, slipsOn, type Built } from './support.js';

describe('answering with an invitation code', () => {
  let t: TestApp;
  let coordinator: request.Agent;
  let built: Built;
  beforeEach(async () => {
    t = await buildTestApp();
    coordinator = (await signInAs(t, 'coordinator')).agent;
    built = await buildOverHttp(t, coordinator, { access: 'codes' });
  });
  afterEach(async () => t.close());

  const printSlips = async (count: number) => {
    const res = await postFrom(
      coordinator,
      `/staff/questionnaires/${built.id}`,
      `/staff/questionnaires/${built.id}/codes`,
      { count: String(count) },
    );
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    return { res, slips: slipsOn(res.text) };
  };
  const minimal = () => ({ [`q${built.questions[0]}`]: '1', [`q${built.questions[2]}`]: '2' });
  const sheets = () => t.app.db.selectFrom('survey_responses').selectAll().execute();

  it('prints slips once, with codes of at least 128 bits kept only as hashes, and a QR code of the address', async () => {
    expect(SURVEY_CODE_BITS).toBeGreaterThanOrEqual(128);
    const { res, slips } = await printSlips(5);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(await htmlProblems(res.text)).toEqual([]);
    expect(slips).toHaveLength(5);
    expect(new Set(slips.map((s) => s.code)).size).toBe(5);
    for (const s of slips) {
      expect(s.code).toMatch(new RegExp(`^[2-9A-HJKMNP-TW-Z]{${SURVEY_CODE_LENGTH}}$`));
      expect(s.grouped).toMatch(/^(?:[2-9A-Z]{4}-){6}[2-9A-Z]{4}$/);
      expect(s.address).toBe(`http://portal.test/questionnaires/${built.id}?code=${s.code}`);
      expect(res.text).toContain(await QRCode.toDataURL(s.address, SLIP_QR_OPTIONS));
    }
    const dump = JSON.stringify(await t.app.db.selectFrom('survey_codes').selectAll().execute());
    for (const s of slips) {
      expect(dump).not.toContain(s.code);
      expect(dump).toContain(hashSurveyCode(s.code));
      // Its own hash, not a ballot's.
      expect(hashSurveyCode(s.code)).not.toBe(hashBallotCode(s.code));
    }
    const audit = await t.app.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'survey.codes_issued')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(slips[0]!.code);
    // The same form sent again prints nothing more.
    const page = await coordinator.get(`/staff/questionnaires/${built.id}`);
    const key = /name="issue_key" value="([^"]+)"/.exec(page.text)![1]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    expect(
      (
        await coordinator
          .post(`/staff/questionnaires/${built.id}/codes`)
          .type('form')
          .send({ _csrf: csrf, issue_key: key, count: '2' })
      ).status,
    ).toBe(200);
    const twice = await coordinator
      .post(`/staff/questionnaires/${built.id}/codes`)
      .type('form')
      .send({ _csrf: csrf, issue_key: key, count: '2' });
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('These slips were already printed');
    expect(await t.app.db.selectFrom('survey_codes').select('id').execute()).toHaveLength(7);
    // Bad counts: by the field.
    for (const count of ['', '0', '501', 'ten', HOSTILE_SQL]) {
      const bad = await postFrom(
        coordinator,
        `/staff/questionnaires/${built.id}`,
        `/staff/questionnaires/${built.id}/codes`,
        { count },
      );
      expect(bad.status, count).toBe(422);
      expect(fieldError(bad.text, 'count'), count).not.toBeNull();
    }
    const builder = await coordinator.get(`/staff/questionnaires/${built.id}`);
    expect(builder.text).toContain('7 codes issued, 0 used.');
    expect(await htmlProblems(builder.text)).toEqual([]);
    const badCount = await postFrom(
      coordinator,
      `/staff/questionnaires/${built.id}`,
      `/staff/questionnaires/${built.id}/codes`,
      { count: '0' },
    );
    expect(await htmlProblems(badCount.text)).toEqual([]);
  });

  it('lets a code in once, from the address its QR code opens; a second use is refused with a clear page', async () => {
    const { slips } = await printSlips(2);
    const slip = slips[0]!;
    const browser = t.agent();
    const form = await browser.get(new URL(slip.address).pathname + new URL(slip.address).search);
    expect(form.status).toBe(200);
    expect(form.headers['cache-control']).toBe('no-store');
    expect(await htmlProblems(form.text)).toEqual([]);
    const res = await answerOverHttp(browser, built.id, minimal(), slip.grouped.toLowerCase());
    expect(res.status).toBe(303);
    const thanks = await browser.get(String(res.headers.location));
    expect(thanks.text).not.toContain(slip.code);
    expect(thanks.text).not.toContain(slip.grouped);

    // The same code again, from another browser: refused, and the page says why.
    const again = await t.agent().get(`/questionnaires/${built.id}?code=${slip.code}`);
    expect(again.status).toBe(409);
    expect(again.text).toContain('data-refused="used"');
    expect(again.text).toContain('This code has been used');
    expect(await htmlProblems(again.text)).toEqual([]);
    const resent = await answerOverHttp(t.agent(), built.id, minimal(), slip.code);
    expect(resent.status).toBe(409);
    expect(await sheets()).toHaveLength(1);

    // Without a code, with a made-up or malformed one: the code field says so, the answers kept.
    const none = await answerOverHttp(t.agent(), built.id, minimal(), '');
    expect(none.status).toBe(422);
    expect(fieldError(none.text, 'code')).toBe('Enter the code on your slip');
    expect(none.text).toMatch(
      new RegExp(`id="q${built.questions[0]}-1" name="q${built.questions[0]}" value="1" checked`),
    );
    const unknown = await answerOverHttp(t.agent(), built.id, minimal(), '2'.repeat(SURVEY_CODE_LENGTH));
    expect(unknown.status).toBe(422);
    expect(fieldError(unknown.text, 'code')).toBe(
      'We do not know this code for this questionnaire: check what you typed',
    );
    const malformed = await answerOverHttp(t.agent(), built.id, minimal(), "'; DROP TABLE survey_codes; --");
    expect(malformed.status).toBe(422);
    expect(fieldError(malformed.text, 'code')).toBe(
      'This is not an invitation code: check it has 28 letters and numbers',
    );
    expect(await sheets()).toHaveLength(1);

    // A code of another questionnaire is not one of this one's.
    const other = await buildOverHttp(t, coordinator, { access: 'codes' });
    const wrong = await answerOverHttp(
      t.agent(),
      other.id,
      { [`q${other.questions[0]}`]: '0', [`q${other.questions[2]}`]: '0' },
      slips[1]!.code,
    );
    expect(wrong.status).toBe(422);
    expect(
      await t.app.db
        .selectFrom('survey_codes')
        .select('used')
        .where('code_hash', '=', hashSurveyCode(slips[1]!.code))
        .executeTakeFirstOrThrow(),
    ).toEqual({ used: 0 });
  });

  it('lets exactly one of many simultaneous answers with one code in', async () => {
    const { slips } = await printSlips(3);
    const questions = await questionsOf(t.app.db, built.id);
    const answers = [
      { questionId: questions[0]!.id, optionIndexes: [0], text: null },
      { questionId: questions[2]!.id, optionIndexes: [4], text: null },
    ];
    for (const slip of slips) {
      const results = await Promise.all(
        Array.from({ length: 30 }, () =>
          answerOnline(t.app.db, t.clock, t.config.timeZone, built.id, answers, slip.code),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.refusal === 'conflict' && r.reason === 'used')).toHaveLength(29);
    }
    // And over HTTP, five browsers at once with one code: one gets in.
    const { slips: more } = await printSlips(1);
    const browsers = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const agent = t.agent();
        const page = await agent.get(`/questionnaires/${built.id}`);
        return { agent, csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)![1]! };
      }),
    );
    const statuses = await Promise.all(
      browsers.map(({ agent, csrf }) =>
        agent
          .post(`/questionnaires/${built.id}`)
          .type('form')
          .send({ _csrf: csrf, code: more[0]!.code, ...minimal() })
          .then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(4);
    expect(await sheets()).toHaveLength(4);
    await expect(t.app.db.updateTable('survey_codes').set({ used: 0 }).execute()).rejects.toThrow(/stays used/);
  });

  it('keeps nothing that joins a code to the answers it let in', async () => {
    const { slips } = await printSlips(1);
    expect(
      (
        await answerOverHttp(
          t.agent(),
          built.id,
          { ...minimal(), [`q${built.questions[3]}`]: 'The queue is too long.' },
          slips[0]!.code,
        )
      ).status,
    ).toBe(303);
    const columns = (table: string) => columnNames(t.app.db, table);
    expect(await columns('survey_codes')).toEqual(['code_hash', 'id', 'survey_id', 'used']);
    expect(await columns('survey_responses')).toEqual([
      'answered_on',
      'entered_by',
      'form_number',
      'how',
      'id',
      'survey_id',
    ]);
    const hash = hashSurveyCode(slips[0]!.code);
    const tables = await tableNames(t.app.db);
    const holding: string[] = [];
    for (const table of tables) {
      const dump = JSON.stringify(
        (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.app.db)).rows,
      );
      if (dump.includes(hash) || dump.includes(slips[0]!.code)) holding.push(table);
    }
    expect(holding).toEqual(['survey_codes']);
    expect((await sheets())[0]!.answered_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('prints no codes for a questionnaire anyone may answer', async () => {
    const open = await buildOverHttp(t, coordinator, { access: 'anyone' });
    const page = await coordinator.get(`/staff/questionnaires/${open.id}`);
    expect(page.text).not.toContain(`/staff/questionnaires/${open.id}/codes`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const res = await coordinator
      .post(`/staff/questionnaires/${open.id}/codes`)
      .type('form')
      .send({ _csrf: csrf, count: '3', issue_key: 'a'.repeat(24) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('This questionnaire is answered by anyone, without codes');
  });
});

const HOSTILE_SQL = '1; DROP TABLE survey_codes';
