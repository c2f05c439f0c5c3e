// One vote per code, through the public pages, whoever races: fifty people posting the same code
// at the same moment get exactly one vote in, every time, for every code. While the round is open
// nobody sees how it is going: not the coordinator, not an administrator, not the public. The
// look-up and the casting are limited per address, high enough for a symposium behind one address.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOOKUP_LIMIT, VOTE_LIMIT } from '../../server/evaluations/public-routes.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signInAs } from '../helpers/factories.js';
import { browserBody, hiddenFields, submitForm } from '../helpers/forms.js';
import {
  issueSlipsOverHttp,
  openRoundOverHttp,
  pathOf,
  receiptOn,
  reportedDone,
  voteOverHttp,
  type Reported,
} from './support.js';

describe('one vote per slip', () => {
  let t: TestApp;
  let r: Reported;
  beforeEach(async () => {
    t = await buildTestApp();
    r = await reportedDone(t);
  });
  afterEach(async () => t.close());

  it('lets exactly one of fifty simultaneous votes with one code in, for each of several codes', async () => {
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const { slips } = await issueSlipsOverHttp(coordinator, roundId, 5);
    // Fifty phones would each have the page open; one client's token serves them all here.
    const crowd = t.agent();
    const page = await crowd.get(pathOf(slips[0]!.address));
    const { _csrf } = hiddenFields(page.text);
    const choices = ['satisfied', 'basically_satisfied', 'dissatisfied', 'unable_to_judge'];
    const receipts: string[] = [];
    for (const slip of slips) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          crowd
            .post('/vote')
            .set('Content-Type', 'application/x-www-form-urlencoded')
            .send(browserBody({ _csrf: _csrf!, code: slip.grouped, choice: choices[i % 4]!, confirm: '1' })),
        ),
      );
      const accepted = answers.filter((a) => a.status === 200);
      expect(accepted).toHaveLength(1);
      const refused = answers.filter((a) => a.status === 409);
      expect(refused).toHaveLength(49);
      for (const a of refused) expect(a.text).toContain('This code has already been used');
      receipts.push(receiptOn(accepted[0]!.text));
    }
    expect(new Set(receipts).size).toBe(5);
    const votes = await t.app.db.selectFrom('votes').select(['receipt']).where('round_id', '=', roundId).execute();
    expect(votes.map((v) => v.receipt).sort()).toEqual([...receipts].sort());
    const used = await t.app.db.selectFrom('ballots').select('used').where('round_id', '=', roundId).execute();
    expect(used.every((b) => b.used === 1)).toBe(true);
    // 5 codes × 50 posts stayed under the per-address limit; that is what it is set for.
    expect(5 * 50).toBeLessThanOrEqual(VOTE_LIMIT.max);
  });

  it('shows nobody how the votes are going while the round is open', async () => {
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    const { agent: administrator } = await signInAs(t, 'administrator');
    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const { slips } = await issueSlipsOverHttp(coordinator, roundId, 6);
    const cast: string[] = [];
    for (const [i, choice] of ['satisfied', 'satisfied', 'dissatisfied'].entries()) {
      cast.push(
        receiptOn(
          (await voteOverHttp(t.agent(), slips[i]!.code, { choice, comment: `Secret comment ${i}`, confirm: '1' }))
            .text,
        ),
      );
    }
    // A paper tally with counts no other number on the page shares.
    const paper = await submitForm(coordinator, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/paper`, {
      meeting: 'Hall symposium',
      present: '90',
      satisfied: '37',
      basically_satisfied: '23',
      dissatisfied: '11',
      unable_to_judge: '7',
    });
    expect(paper.status).toBe(303);

    for (const agent of [coordinator, administrator]) {
      const page = await agent.get(`/staff/rounds/${roundId}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('How the votes are going is shown to nobody until the round closes');
      // Numbers of ballots, yes.
      expect(page.text).toMatch(/data-cast>3</);
      expect(page.text).toContain('Hall symposium: 90 present, 78 ballots counted');
      // Choices, receipts, comments, the rate, an outcome: no.
      // The page's own content (the header names the signed-in person, "coordinator 11"), without
      // hidden tokens or the fingerprint's hex.
      const main = page.text.slice(page.text.indexOf('<main'));
      const text = main.replace(/<input type="hidden"[^>]*>/g, '').replace(/<code class="hash"[^<]*<\/code>/g, '');
      for (const n of ['37', '23', '11']) expect(text).not.toMatch(new RegExp(`\\b${n}\\b`));
      expect(text).not.toContain('data-choice');
      expect(text).not.toContain('data-outcome');
      expect(text).not.toContain('data-rate');
      for (const receipt of cast) expect(text).not.toContain(receipt);
      expect(text).not.toContain('Secret comment');
    }
    // The public result does not exist yet, for anyone.
    for (const agent of [t.agent(), coordinator])
      expect((await agent.get(`/rounds/${roundId}/results`)).status).toBe(404);
    // Nor is a voter told anything about the others.
    const fresh = await t.agent().get(pathOf(slips[3]!.address));
    expect(fresh.text).not.toContain('data-cast');
    for (const receipt of cast) expect(fresh.text).not.toContain(receipt);
  });

  it('limits looking codes up per address, with the page in the reader’s language', async () => {
    const agent = t.agent();
    for (let i = 0; i < LOOKUP_LIMIT.max; i++) expect((await agent.get('/vote?code=NOTACODE')).status).toBe(404);
    await agent.get('/lang/zh-CN');
    const limited = await agent.get('/vote?code=NOTACODE');
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('尝试次数过多');
    // Seconds left in the one-minute window: all the lookups came within it.
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(LOOKUP_LIMIT.timeWindow / 1000);
  });

  it('limits casting per address, above what a room of representatives needs', async () => {
    const agent = t.agent();
    const page = await agent.get('/vote');
    expect(page.status).toBe(200);
    // The enter-a-code page has no form that posts; a token from a page that has one.
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const { slips } = await issueSlipsOverHttp(coordinator, roundId, 1);
    const { _csrf } = hiddenFields((await agent.get(pathOf(slips[0]!.address))).text);
    const post = () =>
      agent
        .post('/vote')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(browserBody({ _csrf: _csrf!, code: 'nothing', choice: 'satisfied', confirm: '1' }));
    for (let i = 0; i < VOTE_LIMIT.max; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, VOTE_LIMIT.max - i) }, post));
      expect(batch.every((b) => b.status === 404)).toBe(true);
    }
    expect((await post()).status).toBe(429);
  });
});
