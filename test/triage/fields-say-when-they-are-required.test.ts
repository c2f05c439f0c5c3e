// A field the triage refuses to go without for some outcome is never labelled "optional": its
// label says when it is required, in both languages, and leaving it out for that outcome is a
// 422 with the message by the field.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { fieldError } from '../helpers/forms.js';
import { receiveOpinion, triage } from './support.js';

/** The text of a field's label. */
function label(html: string, field: string): string | null {
  const m = [...html.matchAll(/<label for="field-(\w+)">([\s\S]*?)<\/label>/g)].find((x) => x[1] === field);
  return m ? m[2]!.replace(/<[^>]*>/g, '') : null;
}

describe('triage fields say when they are required', () => {
  let t: TestApp;
  let opinionId: number;
  let original: number;
  let agent: Awaited<ReturnType<typeof signInAs>>['agent'];
  beforeEach(async () => {
    t = await buildTestApp();
    const campaignId = await createCampaign(t.app.db);
    await createUnit(t.app.db);
    original = (await receiveOpinion(t, campaignId, 'The desk is rude.')).id;
    opinionId = (await receiveOpinion(t, campaignId, 'The desk is rude, again.')).id;
    ({ agent } = await signInAs(t, 'coordinator'));
  });
  afterEach(async () => t.close());

  it('the reason, the duplicate and the problem are not "optional", in English or Chinese', async () => {
    for (const [lang, optional, words] of [
      [
        'en',
        'optional',
        {
          reason: 'required for a duplicate, not actionable or withheld',
          duplicate_of: 'required for a duplicate',
          problem_id: 'required to link it to a problem',
        },
      ],
      [
        'zh-CN',
        '选填',
        {
          reason: '标为重复、无法办理或不予显示时必填',
          duplicate_of: '标为重复时必填',
          problem_id: '归入已有问题时必填',
        },
      ],
    ] as const) {
      const page = await agent.get(`/staff/triage/${opinionId}`).set('Accept-Language', lang);
      expect(page.status).toBe(200);
      for (const [field, when] of Object.entries(words)) {
        const text = label(page.text, field);
        expect(text, `${field} in ${lang}`).not.toBeNull();
        expect(text, `${field} in ${lang}`).toContain(when);
        expect(text, `${field} in ${lang}`).not.toContain(optional);
      }
    }
  });

  it('and each is refused when its outcome needs it: 422, the message by the field', async () => {
    for (const [fields, field] of [
      [{ outcome: 'duplicate', duplicate_of: String(original), reason: '' }, 'reason'],
      [{ outcome: 'not_actionable', reason: '' }, 'reason'],
      [{ outcome: 'duplicate', duplicate_of: '', reason: 'The same.' }, 'duplicate_of'],
      [{ outcome: 'link', problem_id: '' }, 'problem_id'],
    ] as const) {
      const res = await triage(agent, opinionId, fields);
      expect(res.status, JSON.stringify(fields)).toBe(422);
      expect(fieldError(res.text, field), JSON.stringify(fields)).not.toBeNull();
    }
  });
});
