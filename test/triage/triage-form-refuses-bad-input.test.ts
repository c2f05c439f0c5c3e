// The triage form with empty, malformed, oversize and hostile input: 422, what was typed kept,
// the message next to the field, and nothing of a refused form kept (not even the sort).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { escaped, fieldError, HOSTILE, inputValue, textareaValue } from '../helpers/forms.js';
import { auditOf, opinionRow, receiveOpinion, triage } from './support.js';

describe('the triage form refuses what it cannot do', () => {
  let t: TestApp;
  let campaignId: number;
  let unitId: number;
  let opinionId: number;
  let agent: Awaited<ReturnType<typeof signInAs>>['agent'];
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
    unitId = await createUnit(t.app.db);
    opinionId = (await receiveOpinion(t, campaignId, 'The reception desk is rude.')).id;
    ({ agent } = await signInAs(t, 'coordinator'));
  });
  afterEach(async () => t.close());

  const unchanged = async () => {
    expect(await opinionRow(t, opinionId)).toMatchObject({
      state: 'received',
      unit_id: null,
      category: null,
      problem_id: null,
    });
    expect((await auditOf(t, 'opinion', opinionId)).map((a) => a.action)).toEqual(['opinion.received']);
    expect(await t.app.db.selectFrom('problems').select('id').execute()).toEqual([]);
  };

  it('an empty form: says to choose what becomes of it', async () => {
    const res = await triage(agent, opinionId, {});
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-outcome-error"');
    await unchanged();
  });

  it('a link without a problem, and a new problem without its fields: every message at once, nothing kept', async () => {
    const link = await triage(agent, opinionId, { outcome: 'link', unit_id: String(unitId), category: 'style' });
    expect(link.status).toBe(422);
    expect(fieldError(link.text, 'problem_id')).toBe('Choose the problem to link it to');
    await unchanged();

    const made = await triage(agent, opinionId, {
      outcome: 'new_problem',
      unit_id: String(unitId),
      problem_description: HOSTILE.script,
      problem_level: 'individual',
    });
    expect(made.status).toBe(422);
    expect(fieldError(made.text, 'problem_title')).toBe('Enter this information');
    expect(fieldError(made.text, 'problem_unit_id')).not.toBeNull();
    expect(textareaValue(made.text, 'problem_description')).toBe(escaped(HOSTILE.script));
    expect(made.text).not.toContain(HOSTILE.script);

    // An individual-level problem must name its cadre (checked once the rest is in order).
    const cadre = await triage(agent, opinionId, {
      outcome: 'new_problem',
      problem_title: 'Rude',
      problem_level: 'individual',
      problem_unit_id: String(unitId),
    });
    expect(cadre.status).toBe(422);
    expect(fieldError(cadre.text, 'problem_cadre_name')).toBe('Name the cadre this problem is about');
    await unchanged();
  });

  it('a problem in a unit that does not exist: refused by the use-case after the sort, and the sort rolled back too', async () => {
    const res = await triage(agent, opinionId, {
      outcome: 'new_problem',
      unit_id: String(unitId),
      category: 'work',
      problem_title: 'Rude reception',
      problem_level: 'unit',
      problem_unit_id: String(unitId + 99),
    });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'problem_unit_id')).toBe('Choose a unit from the list');
    expect(inputValue(res.text, 'problem_title')).toBe('Rude reception');
    await unchanged();
  });

  it('malformed and oversize values, SQL fragments and wrong types', async () => {
    const wrong = await triage(agent, opinionId, {
      outcome: 'explode',
      unit_id: '1; DROP TABLE opinions',
      category: 'weather',
    });
    expect(wrong.status).toBe(422);
    expect(fieldError(wrong.text, 'unit_id')).not.toBeNull();
    expect(fieldError(wrong.text, 'category')).not.toBeNull();
    expect(wrong.text).toContain('id="field-outcome-error"');

    const long = await triage(agent, opinionId, { outcome: 'not_actionable', reason: 'x'.repeat(1001) });
    expect(long.status).toBe(422);
    expect(fieldError(long.text, 'reason')).toMatch(/1000/);

    const array = await triage(agent, opinionId, { outcome: ['link', 'keep'], problem_id: ['1', '2'] });
    expect(array.status).toBe(422);

    const duplicateOfItself = await triage(agent, opinionId, {
      outcome: 'duplicate',
      duplicate_of: `#${opinionId}`,
      reason: 'same',
    });
    expect(duplicateOfItself.status).toBe(422);
    expect(fieldError(duplicateOfItself.text, 'duplicate_of')).toBe(
      'Give the number of another opinion of the same campaign',
    );

    const noReason = await triage(agent, opinionId, { outcome: 'duplicate', duplicate_of: '12345' });
    expect(noReason.status).toBe(422);
    expect(fieldError(noReason.text, 'reason')).toBe('Say why');
    expect(inputValue(noReason.text, 'duplicate_of')).toBe('12345');
    await unchanged();
  });

  it('an unknown opinion is a 404, and the form is not for supervisors or unit officers', async () => {
    expect((await agent.get('/staff/triage/999999')).status).toBe(404);
    expect((await agent.get('/staff/triage/abc')).status).toBe(404);
    const supervisor = (await signInAs(t, 'supervisor', { watches: [unitId] })).agent;
    expect((await supervisor.get(`/staff/triage/${opinionId}`)).status).toBe(403);
    const officer = (await signInAs(t, 'unit_officer', { unitId })).agent;
    expect((await officer.get(`/staff/triage/${opinionId}`)).status).toBe(403);
    await unchanged();
  });
});
