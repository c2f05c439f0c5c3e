import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { htmlProblems } from '../helpers/html.js';
import { counts, csv, press, previewRows, uploadOk } from './support.js';

const HEADER = 'external_ref,received_at,body,unit,caller_number,duration_minutes,submitter_email,anonymous';
const ROWS = [
  'A-1,2026-11-03 14:20,A good row.,Housing bureau,13812345678,12,,no', // row 2
  'A-2,2026-11-03 14:25,,Housing bureau,,,,', // row 3: no text
  'A-3,2026-11-03 14:30,About a unit that does not exist.,Nowhere bureau,,,,', // row 4
  'A-4,2026-13-45 25:00,A time that cannot be.,,,,,', // row 5
  'A-5,next Tuesday,A time in words.,,,,,', // row 6
  'A-6,,No time at all.,,,,,', // row 7
  'A-7,2026-12-25 10:00,From the future.,,,,,', // row 8
  'A-8,2026-11-03 15:00,A bad caller number.,,call me maybe,,,', // row 9
  'A-9,2026-11-03 15:05,Anonymous is unclear.,,,,,perhaps', // row 10
  'A-10,2026-11-03 15:10,A negative call length.,,,-5,,', // row 11
  'A-11,2026-11-03 15:15,A bad email.,,,,not-an-email,', // row 12
  `A-12,2026-11-03 15:20,${'x'.repeat(5001)},,,,,`, // row 13
];

describe('a file with bad rows', () => {
  let t: TestApp;
  let campaignId: number;
  let housing: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
    housing = await createUnit(t.app.db, { name: 'Housing bureau' });
  });
  afterEach(async () => t.close());

  it('names each row’s problem next to it, and imports nothing', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const id = await uploadOk(agent, { campaignId, channel: 'hotline', data: csv([HEADER, ...ROWS]) });
    const page = await agent.get(`/staff/imports/${id}`);
    expect(page.status).toBe(200);
    expect(counts(page.text)).toEqual({ ready: 1, existing: 0, repeated: 0, invalid: 11 });
    expect(page.text).toContain('Rows with problems: 11.');
    expect(page.text).not.toContain('/commit');
    expect(page.text).toContain(`action="/staff/imports/${id}/discard"`);
    expect(await htmlProblems(page.text)).toEqual([]);

    const rows = Object.fromEntries(previewRows(page.text).map((r) => [r.row, r]));
    expect(rows[2]).toMatchObject({ status: 'ready', problems: [] });
    expect(rows[3]!.problems).toEqual(["Opinion text: missing: every row needs the opinion's text"]);
    expect(rows[4]!.problems).toEqual(['Unit: there is no unit called “Nowhere bureau”']);
    expect(rows[5]!.problems).toEqual(['Received: “2026-13-45 25:00” is not a date and time such as 2026-11-03 14:20']);
    expect(rows[6]!.problems).toEqual(['Received: “next Tuesday” is not a date and time such as 2026-11-03 14:20']);
    expect(rows[7]!.problems).toEqual(['Received: missing: every row needs the time it was received']);
    expect(rows[8]!.problems).toEqual(['Received: “2026-12-25 10:00” is in the future']);
    expect(rows[9]!.problems).toEqual(["Caller's number: Enter a phone number using digits, spaces, + or -"]);
    expect(rows[10]!.problems).toEqual(['Anonymous: “perhaps” is not yes or no']);
    expect(rows[11]!.problems).toEqual(['Call length (minutes): Enter a number of at least 1']);
    expect(rows[12]!.problems).toEqual(['Email: Enter an email address like name@example.com']);
    expect(rows[13]!.problems).toEqual(['Opinion text: Use 5000 characters or fewer']);
    for (const n of [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]) expect(rows[n]!.status, `row ${n}`).toBe('invalid');

    // Pressing import anyway (a form kept from before, a crafted request) imports nothing.
    const forced = await press(agent, id, 'commit');
    expect(forced.status).toBe(422);
    expect(forced.text).toContain('Nothing was imported');
    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toHaveLength(0);
    expect(
      await t.app.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', 'in', ['import.committed', 'opinion.received'])
        .execute(),
    ).toHaveLength(0);
    expect((await t.app.db.selectFrom('imports').select('state').executeTakeFirstOrThrow()).state).toBe('previewed');
  });

  it('can list only the rows with problems, and names them in Chinese for a Chinese reader', async () => {
    const { agent } = await signInAs(t, 'coordinator', { locale: 'zh-CN' });
    const id = await uploadOk(agent, { campaignId, channel: 'hotline', data: csv([HEADER, ...ROWS.slice(0, 4)]) });
    const only = await agent.get(`/staff/imports/${id}?only=problems`).set('Accept-Language', 'zh-CN');
    expect(only.status).toBe(200);
    const rows = previewRows(only.text);
    expect(rows.map((r) => r.row)).toEqual([3, 4, 5]);
    expect(rows[0]!.problems).toEqual(['意见内容: 缺少：每行都必须有意见内容']);
    expect(rows[1]!.problems).toEqual(['单位: 没有名为“Nowhere bureau”的单位']);
    expect(rows[2]!.result).toContain('有问题');
    expect(only.text).toContain('显示全部行');
    expect(await htmlProblems(only.text)).toEqual([]);
  });

  it('numbers rows as the spreadsheet does, across blank lines and cells with line breaks', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const data = csv([
      'received_at,body',
      '2026-11-03 14:20,"First line',
      'second line"',
      '',
      '2026-11-03 14:25,',
      '2026-11-03 14:30,Fine.',
    ]);
    const id = await uploadOk(agent, { campaignId, channel: 'hotline', data });
    const rows = previewRows((await agent.get(`/staff/imports/${id}`)).text);
    expect(rows.map((r) => [r.row, r.status])).toEqual([
      [2, 'ready'],
      [4, 'invalid'],
      [5, 'ready'],
    ]);
  });

  it('imports once the file is corrected and uploaded again', async () => {
    const { agent } = await signInAs(t, 'supervisor', { watches: [housing] });
    const bad = await uploadOk(agent, { campaignId, channel: 'hotline', data: csv([HEADER, ROWS[0]!, ROWS[1]!]) });
    expect(counts((await agent.get(`/staff/imports/${bad}`)).text).invalid).toBe(1);
    expect((await press(agent, bad, 'discard')).status).toBe(303);
    const discarded = await agent.get(`/staff/imports/${bad}`);
    expect(discarded.text).toContain('This import was discarded');
    expect(
      await t.app.db.selectFrom('imports').select(['state', 'payload']).where('id', '=', bad).executeTakeFirstOrThrow(),
    ).toEqual({ state: 'discarded', payload: '{"unused":[],"rows":[]}' });

    const fixed = await uploadOk(agent, {
      campaignId,
      channel: 'hotline',
      data: csv([HEADER, ROWS[0]!, 'A-2,2026-11-03 14:25,Now with its text.,Housing bureau,,,,']),
    });
    expect(counts((await agent.get(`/staff/imports/${fixed}`)).text)).toMatchObject({ ready: 2, invalid: 0 });
    expect((await press(agent, fixed, 'commit')).status).toBe(303);
    expect(await t.app.db.selectFrom('opinions').select('external_ref').orderBy('id').execute()).toEqual([
      { external_ref: 'A-1' },
      { external_ref: 'A-2' },
    ]);
    expect(
      await t.app.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_type', '=', 'import')
        .orderBy('id')
        .execute(),
    ).toEqual([
      { action: 'import.uploaded' },
      { action: 'import.discarded' },
      { action: 'import.uploaded' },
      { action: 'import.committed' },
    ]);
  });
});
