// A measure past its deadline and not done makes its rectification overdue: said in words (not
// colour alone) on the staff pages, and findable with the list's filter. The pure rule and the
// SQL rule agree.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDay } from '../../server/i18n/format.js';
import { isOverdue } from '../../server/rectifications/overdue.js';
import { overdueAmong } from '../../server/rectifications/repository.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { createProblem, draftFields, measureIds, onPage, saveDraft, startFromProblem } from './support.js';

describe('overdue rectifications', () => {
  let t: TestApp;
  let campaignId: number;
  let unitId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
    unitId = await createUnit(t.app.db);
  });
  afterEach(async () => t.close());

  it('is overdue the day after a deadline passes, until the measure is done', async () => {
    let { agent } = await signInAs(t, 'coordinator');
    const id = await startFromProblem(agent, await createProblem(t, campaignId, unitId, { title: 'Slow permits' }));
    // TEST_NOW is 2026-11-20 in Shanghai: the deadline is today.
    await saveDraft(
      agent,
      id,
      draftFields({
        measures: [{ description: 'Publish the permit times', owner: 'Permit office', deadline: '2026-11-20' }],
      }),
    );
    await onPage(agent, id, 'approve');
    const today = () => localDay(t.clock.now(), t.config.timeZone);
    const check = async () => {
      const measures = await t.app.db.selectFrom('measures').selectAll().where('rectification_id', '=', id).execute();
      const row = await t.app.db
        .selectFrom('rectifications')
        .select('state')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const pure = isOverdue(row.state, measures, today());
      expect((await overdueAmong(t.app.db, [id], today())).has(id), 'SQL and the pure rule agree').toBe(pure);
      return pure;
    };

    expect(await check()).toBe(false);
    expect((await agent.get(`/staff/rectifications/${id}`)).text).not.toContain('badge overdue');

    t.clock.advance(16 * 3600_000); // 2026-11-21 02:00 in Shanghai
    ({ agent } = await signInAs(t, 'coordinator')); // a new day, a new sign-in
    expect(await check()).toBe(true);
    const page = await agent.get(`/staff/rectifications/${id}`);
    expect(page.text).toContain('<span class="badge overdue">Overdue</span>');
    expect(page.text).toContain('Past its deadline');
    const overdueList = await agent.get(`/staff/rectifications?campaign=${campaignId}&overdue=1`);
    expect(overdueList.text).toContain(`data-rectification="${id}"`);

    const [measure] = await measureIds(t, id);
    expect((await onPage(agent, id, 'progress', { note: 'Published.', done: String(measure) })).status).toBe(303);
    expect(await check()).toBe(false);
    expect((await agent.get(`/staff/rectifications?campaign=${campaignId}&overdue=1`)).text).not.toContain(
      `data-rectification="${id}"`,
    );
  });
});
