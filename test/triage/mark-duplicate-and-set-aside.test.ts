// Duplicates and opinions that cannot be acted on are kept, with a reason the submitter reads;
// a withheld one says nothing of why to the public; each can be reopened.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupCode } from '../../server/shared/codes.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, signInAs } from '../helpers/factories.js';
import { fieldError, submitForm } from '../helpers/forms.js';
import { auditOf, opinionRow, receiveOpinion, triage } from './support.js';

describe('duplicates, not actionable, withheld, and reopening', () => {
  let t: TestApp;
  let campaignId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
  });
  afterEach(async () => t.close());

  it('marks a duplicate with a reason the submitter reads, never deleting it', async () => {
    const original = await receiveOpinion(t, campaignId, 'Queue at window 3 is two hours long.');
    const repeat = await receiveOpinion(t, campaignId, 'Queue at window 3 is two hours long!!');
    const { agent } = await signInAs(t, 'coordinator');
    const res = await triage(agent, repeat.id, {
      outcome: 'duplicate',
      duplicate_of: `#${original.id}`,
      reason: 'The same letter was sent twice.',
    });
    expect(res.status).toBe(303);
    expect(await opinionRow(t, repeat.id)).toMatchObject({ state: 'duplicate', duplicate_of: original.id });

    const tracked = await t.agent().get(`/track/${groupCode(repeat.trackingCode)}`);
    expect(tracked.text).toContain('Same as another opinion');
    expect(tracked.text).toContain('The same letter was sent twice.');

    // A duplicate of a duplicate points at the original instead.
    const third = await receiveOpinion(t, campaignId, 'Window 3 queue again');
    const chained = await triage(agent, third.id, {
      outcome: 'duplicate',
      duplicate_of: String(repeat.id),
      reason: 'same',
    });
    expect(chained.status).toBe(422);
    expect(fieldError(chained.text, 'duplicate_of')).toBe(
      `That opinion is itself a duplicate; give the one it repeats (#${original.id})`,
    );
  });

  it('withholds abusive content without telling the public why, and reopens it with a reason', async () => {
    const abusive = await receiveOpinion(t, campaignId, 'Insults and a home address.');
    const { agent } = await signInAs(t, 'coordinator');
    expect(
      (await triage(agent, abusive.id, { outcome: 'hidden', reason: 'Contains a private home address' })).status,
    ).toBe(303);
    expect((await opinionRow(t, abusive.id)).state).toBe('hidden');
    const tracked = await t.agent().get(`/track/${groupCode(abusive.trackingCode)}`);
    expect(tracked.text).toContain('Withheld');
    expect(tracked.text).not.toContain('private home address');

    const page = await agent.get(`/staff/triage/${abusive.id}`);
    expect(page.text).toContain('Reopen it');
    const empty = await submitForm(agent, `/staff/triage/${abusive.id}`, `/staff/triage/${abusive.id}/reopen`, {
      reopen_reason: '  ',
    });
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'reopen_reason')).toBe('Say why');
    const reopened = await submitForm(agent, `/staff/triage/${abusive.id}`, `/staff/triage/${abusive.id}/reopen`, {
      reopen_reason: 'Address removed by redaction',
    });
    expect(reopened.status).toBe(303);
    expect((await opinionRow(t, abusive.id)).state).toBe('triaged');
    const actions = (await auditOf(t, 'opinion', abusive.id)).map((a) => [a.action, a.to_state, a.reason]);
    expect(actions).toEqual([
      ['opinion.received', 'received', null],
      ['opinion.sorted', 'triaged', null],
      ['opinion.hidden', 'hidden', 'Contains a private home address'],
      ['opinion.reopened', 'triaged', 'Address removed by redaction'],
    ]);
  });

  it('offers only what the state table allows: a duplicate cannot be linked before it is reopened', async () => {
    const original = await receiveOpinion(t, campaignId, 'Original');
    const repeat = await receiveOpinion(t, campaignId, 'Original again');
    const { agent } = await signInAs(t, 'coordinator');
    await triage(agent, repeat.id, { outcome: 'duplicate', duplicate_of: String(original.id), reason: 'same' });
    const page = await agent.get(`/staff/triage/${repeat.id}`);
    expect(page.text).not.toContain('value="new_problem"');
    const res = await triage(agent, repeat.id, {
      outcome: 'new_problem',
      problem_title: 'x',
      problem_level: 'organisation',
      problem_unit_id: '1',
    });
    expect(res.status).toBe(422);
    expect((await opinionRow(t, repeat.id)).state).toBe('duplicate');
  });

  it('a not-actionable opinion tells its submitter why', async () => {
    const o = await receiveOpinion(t, campaignId, 'Please fix the streetlights.');
    const { agent } = await signInAs(t, 'coordinator');
    await triage(agent, o.id, {
      outcome: 'not_actionable',
      reason: 'Streetlights are the city works bureau: we passed it on.',
    });
    const tracked = await t.agent().get(`/track/${groupCode(o.trackingCode)}`);
    expect(tracked.text).toContain('Not actionable');
    expect(tracked.text).toContain('Streetlights are the city works bureau: we passed it on.');
  });
});
