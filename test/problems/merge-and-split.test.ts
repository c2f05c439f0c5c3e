// Two problems turn out to be one: merging keeps every link and counts them together; a later
// split undoes it exactly. Both are in the log with their reasons.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { fieldError, submitForm } from '../helpers/forms.js';
import { auditOf, opinionRow, receiveOpinion, triage } from '../triage/support.js';
import { createProblem } from './support.js';

describe('merging problems and splitting them again', () => {
  let t: TestApp;
  let campaignId: number;
  let unitId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
    unitId = await createUnit(t.app.db);
  });
  afterEach(async () => t.close());

  it('counts the merged problem’s opinions in the target, keeps every link, and a split restores both', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const a = await createProblem(t, campaignId, unitId, { title: 'Drinking at lunch' });
    const b = await createProblem(t, campaignId, unitId, { title: 'Alcohol during working hours' });
    const c = await createProblem(t, campaignId, unitId, { title: 'Drinking on duty' });
    const linked: number[] = [];
    for (const [problem, n] of [
      [a, 2],
      [b, 3],
      [c, 1],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const o = await receiveOpinion(t, campaignId, `Opinion ${problem}-${i}`, {
          channel: i % 2 ? 'hotline' : 'petition',
        });
        expect((await triage(agent, o.id, { outcome: 'link', problem_id: String(problem) })).status).toBe(303);
        linked.push(o.id);
      }
    }

    // No reason: refused, nothing merged.
    const noReason = await submitForm(agent, `/staff/problems/${a}`, `/staff/problems/${a}/merge`, {
      target_id: String(b),
    });
    expect(noReason.status).toBe(422);
    expect(fieldError(noReason.text, 'reason')).toBe('Enter this information');
    // Into itself: refused.
    const self = await submitForm(agent, `/staff/problems/${a}`, `/staff/problems/${a}/merge`, {
      target_id: String(a),
      reason: 'same',
    });
    expect(self.status).toBe(422);
    expect(fieldError(self.text, 'target_id')).toBe('Choose another open problem of the same campaign');

    // a into b, then b into c: c counts all six.
    expect(
      (
        await submitForm(agent, `/staff/problems/${a}`, `/staff/problems/${a}/merge`, {
          target_id: String(b),
          reason: 'The same drinking problem',
        })
      ).status,
    ).toBe(303);
    expect(
      (
        await submitForm(agent, `/staff/problems/${b}`, `/staff/problems/${b}/merge`, {
          target_id: String(c),
          reason: 'All about drinking',
        })
      ).status,
    ).toBe(303);
    const cPage = await agent.get(`/staff/problems/${c}`);
    expect(cPage.text).toContain('Raised by 6 opinions');
    expect(cPage.text).toMatch(/data-channel="hotline">[^<]*<span class="count">2</);
    for (const id of linked) expect(cPage.text).toContain(`data-opinion="${id}"`);
    const list = await agent.get(`/staff/problems?campaign=${campaignId}`);
    expect(list.text).toContain(`data-problem="${c}"`);
    expect(list.text).not.toContain(`data-problem="${a}"`);
    // A merged problem cannot take a merge or be merged again.
    const again = await submitForm(agent, `/staff/problems/${c}`, `/staff/problems/${a}/merge`, {
      target_id: String(c),
      reason: 'x',
    });
    expect(again.status).toBe(422);

    // Every opinion kept its own link.
    for (const id of linked.slice(0, 2)) expect((await opinionRow(t, id)).problem_id).toBe(a);

    // Split b off c: b counts its own three and a's two again; c only its one.
    const split = await submitForm(agent, `/staff/problems/${b}`, `/staff/problems/${b}/split`, {
      split_reason: 'Alcohol at work is a separate matter',
    });
    expect(split.status).toBe(303);
    expect((await agent.get(`/staff/problems/${c}`)).text).toContain('Raised by 1 opinions');
    expect((await agent.get(`/staff/problems/${b}`)).text).toContain('Raised by 5 opinions');

    const log = (await auditOf(t, 'problem', b)).map((e) => [e.action, e.from_state, e.to_state, e.reason]);
    expect(log).toEqual([
      ['problem.absorbed', null, null, 'The same drinking problem'],
      ['problem.merged', 'open', 'merged', 'All about drinking'],
      ['problem.split', 'merged', 'open', 'Alcohol at work is a separate matter'],
    ]);
    // Never deleted, even by hand.
    await expect(t.app.db.deleteFrom('problems').where('id', '=', a).execute()).rejects.toThrow(/never deleted/);
  });

  it('splitting a problem that is not merged is refused', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const a = await createProblem(t, campaignId, unitId);
    const res = await submitForm(agent, `/staff/problems/${a}`, `/staff/problems/${a}/split`, {
      split_reason: 'why not',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('This problem is not merged into another');
  });

  it('the database refuses a state outside the life cycle, and merged without a target', async () => {
    const a = await createProblem(t, campaignId, unitId);
    await expect(
      t.app.db
        .updateTable('problems')
        .set({ state: 'published' as never })
        .where('id', '=', a)
        .execute(),
    ).rejects.toThrow(/check constraint/i);
    await expect(
      t.app.db.updateTable('problems').set({ state: 'merged' }).where('id', '=', a).execute(),
    ).rejects.toThrow(/check constraint/i);
    expect(
      (await t.app.db.selectFrom('problems').select('state').where('id', '=', a).executeTakeFirstOrThrow()).state,
    ).toBe('open');
  });
});
