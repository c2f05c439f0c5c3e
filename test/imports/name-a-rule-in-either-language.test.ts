// A conduct rule carries both languages; a file typed by a Chinese or an English office names it
// in its own, and either title finds the one rule.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { counts, csv, importFile, previewRows, uploadOk } from './support.js';

const HEADER = 'external_ref,received_at,body,unit,conduct_rule';
const ROWS = [
  'R-1,2026-11-03 14:20,A gift was asked for.,Housing bureau,No gifts', // row 2: the English title
  'R-2,2026-11-03 14:25,礼品卡。,Housing bureau,不准收受礼品', // row 3: the Chinese title
  'R-3,2026-11-03 14:30,Something else.,Housing bureau,No lunches', // row 4: neither
];

describe('an import names a conduct rule in either language', () => {
  let t: TestApp;
  let campaignId: number;
  let ruleId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
    await createUnit(t.app.db, { name: 'Housing bureau' });
    const at = new Date().toISOString();
    ({ id: ruleId } = await t.app.db
      .insertInto('conduct_rules')
      .values({
        title: '不准收受礼品',
        title_zh: '不准收受礼品',
        title_en: 'No gifts',
        position: 1,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow());
  });
  afterEach(async () => t.close());

  it('finds the rule by its English or its Chinese title, and names a title that is neither', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const id = await uploadOk(agent, {
      campaignId,
      channel: 'hotline',
      data: csv([HEADER, ...ROWS]),
    });
    const page = await agent.get(`/staff/imports/${id}`);
    expect(counts(page.text)).toEqual({ ready: 2, existing: 0, repeated: 0, invalid: 1 });
    const rows = Object.fromEntries(previewRows(page.text).map((r) => [r.row, r]));
    expect(rows[2]).toMatchObject({ status: 'ready', problems: [] });
    expect(rows[3]).toMatchObject({ status: 'ready', problems: [] });
    expect(rows[4]!.problems).toEqual(['Conduct rule broken: there is no conduct rule in force called “No lunches”']);

    // The two good rows, imported: each opinion names the one rule.
    await importFile(agent, { campaignId, channel: 'hotline', data: csv([HEADER, ROWS[0]!, ROWS[1]!]) });
    const opinions = await t.app.db
      .selectFrom('opinions')
      .select(['external_ref', 'conduct_rule_id'])
      .orderBy('external_ref')
      .execute();
    expect(opinions).toEqual([
      { external_ref: 'R-1', conduct_rule_id: ruleId },
      { external_ref: 'R-2', conduct_rule_id: ruleId },
    ]);
  });
});
