// The whole of a round, through the pages: a coordinator opens it from the rectification, issues
// paper slips and reads the codes off the printable page; representatives vote with them on the
// public pages; a used code, an unknown one and a closed round are refused in words; a
// symposium's paper tally is typed in; the round is closed; the result page shows the counts
// online and on paper, the rate against the line, the ballots hash and every receipt; and the
// rectification has moved on.
import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BALLOT_CODE_LENGTH } from '../../server/evaluations/ballots.js';
import { SLIP_QR_OPTIONS } from '../../server/shared/slip-qr.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signInAs } from '../helpers/factories.js';
import { browserBody, escaped, fieldError, hiddenFields, inputValue, submitForm } from '../helpers/forms.js';
import {
  DAY,
  issueSlipsOverHttp,
  openRoundOverHttp,
  pathOf,
  receiptOn,
  reportedDone,
  voteOverHttp,
  type Reported,
} from './support.js';

describe('a round from the slips to the result', () => {
  let t: TestApp;
  let r: Reported;
  beforeEach(async () => {
    t = await buildTestApp();
    r = await reportedDone(t);
  });
  afterEach(async () => t.close());

  it('opens from the rectification, takes votes with the slips, counts paper, closes and publishes', async () => {
    const { agent: coordinator } = await signInAs(t, 'coordinator');

    // The rectification page offers the round; the form shows the rules it will freeze.
    const show = await coordinator.get(`/staff/rectifications/${r.rectificationId}`);
    expect(show.text).toContain(`href="/staff/rectifications/${r.rectificationId}/rounds/new"`);
    const form = await coordinator.get(`/staff/rectifications/${r.rectificationId}/rounds/new`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('80% of the valid votes satisfied or basically satisfied');
    expect(form.text).toContain('At least 2/3 of the ballots issued must be cast');
    expect(inputValue(form.text, 'opens_at')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);

    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const round = await coordinator.get(`/staff/rounds/${roundId}`);
    expect(round.text).toContain('The round is open. Issue the ballot slips next.');
    expect(round.text).toMatch(/data-fingerprint>[0-9a-f]{64}</);
    expect((await t.app.db.selectFrom('rectifications').select('state').executeTakeFirstOrThrow()).state).toBe(
      'under_review',
    );
    // A second round cannot be opened beside it: the form sends the coordinator to this one.
    const again = await coordinator.get(`/staff/rectifications/${r.rectificationId}/rounds/new`);
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(`/staff/rounds/${roundId}`);

    // Ten slips: shown once, on the answer to the POST itself, never cached.
    const { res: slipsPage, slips } = await issueSlipsOverHttp(coordinator, roundId, 10);
    expect(slipsPage.status).toBe(200);
    expect(slipsPage.headers['cache-control']).toBe('no-store');
    expect(slips).toHaveLength(10);
    for (const s of slips) {
      expect(s.code).toMatch(new RegExp(`^[2-9A-HJKMNP-TW-Z]{${BALLOT_CODE_LENGTH}}$`));
      expect(s.grouped).toMatch(/^(?:[2-9A-Z]{4}-){6}[2-9A-Z]{4}$/);
      expect(s.address).toBe(`http://portal.test/vote?code=${s.code}`);
      // The QR code opens exactly the address printed beside it.
      expect(s.qr).toBe(await QRCode.toDataURL(s.address, SLIP_QR_OPTIONS));
    }
    // The codes were never stored; only their hashes.
    const stored =
      JSON.stringify(await t.app.db.selectFrom('ballots').selectAll().execute()) +
      JSON.stringify(await t.app.db.selectFrom('audit_log').selectAll().execute());
    for (const s of slips) expect(stored).not.toContain(s.code);
    expect((await coordinator.get(`/staff/rounds/${roundId}`)).text).toMatch(/data-issued>10</);

    // A representative opens the address on the slip and reads what they judge.
    const voter = t.agent();
    const ballot = await voter.get(pathOf(slips[0]!.address));
    expect(ballot.status).toBe(200);
    expect(ballot.headers['cache-control']).toBe('no-store');
    // Its address holds the code: no Referer carries it on to the notice it links to.
    expect(ballot.headers['referrer-policy']).toBe('no-referrer');
    expect(ballot.text).toContain(escaped(r.problemTitle));
    expect(ballot.text).toContain('Publish the time limits at every window');
    expect(ballot.text).toContain('Owner: Hall office');
    expect(ballot.text).toContain('Time limits posted; spot checks every Monday.');
    expect(ballot.text).toContain(`href="/notices/${r.rectificationId}"`);
    for (const c of ['satisfied', 'basically_satisfied', 'dissatisfied', 'unable_to_judge'])
      expect(ballot.text).toContain(`value="${c}"`);

    // Without a choice or without "I am sure": the form again, the comment kept.
    const hidden = hiddenFields(ballot.text);
    const noChoice = await voter
      .post('/vote')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(browserBody({ ...hidden, comment: 'Much better now.', confirm: '1' }));
    expect(noChoice.status).toBe(422);
    expect(fieldError(noChoice.text, 'choice')).toBe('Choose one of the four answers');
    expect(noChoice.text).toContain('>Much better now.</textarea>');
    const unsure = await voter
      .post('/vote')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(browserBody({ ...hidden, choice: 'satisfied' }));
    expect(unsure.status).toBe(422);
    expect(fieldError(unsure.text, 'confirm')).toBe('Tick the box to confirm that this is your vote');
    expect(unsure.text).toMatch(/value="satisfied" required checked/);

    // Voting: the receipt, not the code; no redirect, not cached.
    const cast = await voter
      .post('/vote')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(browserBody({ ...hidden, choice: 'satisfied', comment: 'Much better now.', confirm: '1' }));
    expect(cast.status).toBe(200);
    expect(cast.headers['cache-control']).toBe('no-store');
    const receipt = receiptOn(cast.text);
    expect(receipt).toMatch(/^[0-9A-F]{4}(?:-[0-9A-F]{4}){4}$/);
    expect(cast.text).toContain('the result is published with the list of every receipt and its choice');
    expect(cast.text).not.toContain(slips[0]!.code);
    expect(cast.text).not.toContain(slips[0]!.grouped);
    expect(cast.text).toContain(`/rounds/${roundId}/results`);

    // The same code again, opened or posted: used.
    const used = await voter.get(pathOf(slips[0]!.address));
    expect(used.status).toBe(409);
    expect(used.text).toContain('This code has already been used');
    const usedPost = await voter
      .post('/vote')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(browserBody({ ...hidden, choice: 'dissatisfied', confirm: '1' }));
    expect(usedPost.status).toBe(409);
    expect(usedPost.text).toContain('This code has already been used');

    // A code nobody issued, and something that is no code at all: not found, and what to check.
    const unknown = await voter.get(`/vote?code=${'2'.repeat(BALLOT_CODE_LENGTH)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('This ballot code was not found');
    expect(unknown.text).toContain('It never contains 0, O, 1, I, L, U or V');
    const malformed = await voter.get('/vote?code=HELLO');
    expect(malformed.status).toBe(404);
    expect(malformed.text).toContain('This is not a ballot code');

    // The results do not exist while the round is open.
    expect((await voter.get(`/rounds/${roundId}/results`)).status).toBe(404);

    // Eight more vote: 7 favourable of 8 valid online, one unable to judge.
    const choices = [
      'satisfied',
      'satisfied',
      'basically_satisfied',
      'basically_satisfied',
      'satisfied',
      'dissatisfied',
      'unable_to_judge',
      'satisfied',
    ];
    const receipts = new Map<string, string>([[receipt, 'satisfied']]);
    for (const [i, choice] of choices.entries()) {
      const res = await voteOverHttp(t.agent(), slips[i + 1]!.code, { choice, confirm: '1' });
      expect(res.status).toBe(200);
      receipts.set(receiptOn(res.text), choice);
    }

    // A symposium's paper tally: more votes than people present is refused, by the field.
    const tooMany = await submitForm(coordinator, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/paper`, {
      meeting: 'Symposium of employee representatives, 25 November',
      present: '5',
      satisfied: '4',
      basically_satisfied: '1',
      dissatisfied: '1',
      unable_to_judge: '0',
    });
    expect(tooMany.status).toBe(422);
    expect(fieldError(tooMany.text, 'present')).toBe('The votes add up to 6, more than the 5 people present');
    expect(inputValue(tooMany.text, 'meeting')).toBe('Symposium of employee representatives, 25 November');
    const paper = await submitForm(coordinator, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/paper`, {
      meeting: 'Symposium of employee representatives, 25 November',
      present: '6',
      satisfied: '3',
      basically_satisfied: '1',
      dissatisfied: '1',
      unable_to_judge: '0',
    });
    expect(paper.status).toBe(303);
    const withPaper = await coordinator.get(`/staff/rounds/${roundId}`);
    expect(withPaper.text).toContain('The paper tally is recorded.');
    expect(withPaper.text).toContain('Symposium tallies: 1; ballots counted: 5; people present: 6');
    expect(withPaper.text).toMatch(/data-cast>9</);

    // A note from an individual solicitation: kept, not counted.
    const note = await submitForm(coordinator, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/notes`, {
      note: 'Deputy Li, asked in person: satisfied, but wants Saturday opening.',
    });
    expect(note.status).toBe(303);
    expect((await coordinator.get(`/staff/rounds/${roundId}`)).text).toContain('Deputy Li, asked in person');

    // Closing the round.
    const close = await submitForm(coordinator, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/close`, {});
    expect(close.status).toBe(303);
    const closed = await coordinator.get(`/staff/rounds/${roundId}`);
    expect(closed.text).toContain('The round is closed and its result is published.');
    expect(closed.text).toContain('data-outcome="PASS"');
    expect(closed.text).toContain('Much better now.');
    expect(closed.text).not.toContain('action="/staff/rounds/' + roundId + '/close"');

    // The published result: online 9 (6 satisfied, 2 basically, 1 dissatisfied... ), paper 5, together 14.
    const results = await t.agent().get(`/rounds/${roundId}/results`);
    expect(results.status).toBe(200);
    const row = (choice: string) =>
      new RegExp(
        `<tr data-choice="${choice}"><th scope="row">[^<]+</th><td>(\\d+)</td><td>(\\d+)</td><td>(\\d+)</td></tr>`,
      )
        .exec(results.text)!
        .slice(1)
        .map(Number);
    expect(row('satisfied')).toEqual([5, 3, 8]);
    expect(row('basically_satisfied')).toEqual([2, 1, 3]);
    expect(row('dissatisfied')).toEqual([1, 1, 2]);
    expect(row('unable_to_judge')).toEqual([1, 0, 1]);
    expect(row('all')).toEqual([9, 5, 14]);
    // 11 favourable of 13 valid = 84.6%; 14 cast of 16 issued (10 codes, 6 present); 11 needed.
    expect(results.text).toContain(
      '84.6% satisfied or basically satisfied: 11 of 13 valid votes. The pass line is 80%.',
    );
    expect(results.text).toContain(
      '14 of 16 ballots cast (87.5%): 10 codes issued and 6 people present at symposiums. At least 11 had to be cast.',
    );
    expect(results.text).toContain('data-outcome="PASS"');
    // The chart (partials/charts/rate): the bar filled to 84.6% of its 500 units, the pass line dashed at 80% and named.
    expect(results.text).toMatch(
      new RegExp(
        `<rect x="0" y="\\d+" width="423" height="26" fill="#0b4f9c" data-bar="round-${roundId}" data-rate-tenths="846"/>`,
      ),
    );
    expect(results.text).toMatch(/<line x1="400" [^>]*stroke-dasharray="6 3" data-line="80"\/>/);
    expect(results.text).toMatch(/<text x="400" [^>]*data-line-name="80">Pass line 80%<\/text>/);
    expect(results.text).toContain('<title id="round-rate-title">Satisfaction rate against the pass line</title>');
    expect(results.text).toContain('<desc id="round-rate-desc">A bar filled to 84.6%; the pass line is at 80%.</desc>');
    expect(results.text).toMatch(
      new RegExp(
        `<tr data-row="round-${roundId}"><th scope="row">Round 1</th><td class="number" data-rate-tenths="846">84.6%</td><td class="number">80%</td><td>Passed</td></tr>`,
      ),
    );
    expect(results.text).toContain('Symposium of employee representatives, 25 November');
    // Every receipt with its choice, sorted, and the hash anyone can recompute from them.
    const listed = [...results.text.matchAll(/<tr data-receipt="([0-9A-F-]+)" data-choice="([a-z_]+)">/g)].map((m) => [
      m[1]!,
      m[2]!,
    ]);
    expect(listed).toEqual([...receipts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    const hash = createHash('sha256')
      .update(
        listed
          .map(([rc, c]) => `${rc} ${c}`)
          .sort()
          .join('\n'),
      )
      .digest('hex');
    expect(results.text).toContain(`data-ballots-hash>${hash}<`);
    // Comments are not published.
    expect(results.text).not.toContain('Much better now.');

    // A closed round takes no votes, and says where its result is.
    const late = await t.agent().get(pathOf(slips[9]!.address));
    expect(late.status).toBe(409);
    expect(late.text).toContain('Voting has ended');
    expect(late.text).toContain(`href="/rounds/${roundId}/results"`);

    // The rectification has passed; the round is listed with its outcome.
    expect((await t.app.db.selectFrom('rectifications').select('state').executeTakeFirstOrThrow()).state).toBe(
      'passed',
    );
    const after = await coordinator.get(`/staff/rectifications/${r.rectificationId}`);
    expect(after.text).toContain('state-passed');
    expect(after.text).not.toContain(`/rounds/new"`);
    const list = await coordinator.get(`/staff/rectifications/${r.rectificationId}/rounds`);
    expect(list.text).toContain(`href="/rounds/${roundId}/results">Passed</a>`);
    // The public notice names the result and links to it.
    const notice = await t.agent().get(`/notices/${r.rectificationId}`);
    expect(notice.text).toContain(`<a href="/rounds/${roundId}/results">Round 1, closed`);
    expect(notice.text).toContain('<strong>Passed</strong>');
    // The audit log has the opening, the issue, the tally, the note and the close, in one chain.
    const actions = (
      await t.app.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_type', '=', 'evaluation_round')
        .orderBy('id')
        .execute()
    ).map((a) => a.action);
    expect(actions).toEqual([
      'evaluation.opened',
      'evaluation.ballots_issued',
      'evaluation.paper_tally',
      'evaluation.solicitation_note',
      'evaluation.closed',
      'evaluation.result_sent',
    ]);
  });

  it('below the line goes back to work as round 2, and without a quorum stays under review', async () => {
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    const first = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const { slips } = await issueSlipsOverHttp(coordinator, first, 3);
    for (const s of slips.slice(0, 1))
      expect((await voteOverHttp(t.agent(), s.code, { choice: 'satisfied', confirm: '1' })).status).toBe(200);
    expect((await submitForm(coordinator, `/staff/rounds/${first}`, `/staff/rounds/${first}/close`, {})).status).toBe(
      303,
    );
    const noQuorum = await t.agent().get(`/rounds/${first}/results`);
    expect(noQuorum.text).toContain('data-outcome="NO_QUORUM"');
    expect(noQuorum.text).toContain('The quorum was not met.');
    expect((await t.app.db.selectFrom('rectifications').select('state').executeTakeFirstOrThrow()).state).toBe(
      'under_review',
    );

    // Still under review, with no round open: a new one can be opened.
    const show = await coordinator.get(`/staff/rectifications/${r.rectificationId}`);
    expect(show.text).toContain(`/rounds/new"`);
    const second = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const two = await issueSlipsOverHttp(coordinator, second, 3);
    for (const [i, choice] of ['satisfied', 'dissatisfied', 'dissatisfied'].entries())
      await voteOverHttp(t.agent(), two.slips[i]!.code, { choice, confirm: '1' });
    await submitForm(coordinator, `/staff/rounds/${second}`, `/staff/rounds/${second}/close`, {});
    const redo = await t.agent().get(`/rounds/${second}/results`);
    expect(redo.text).toContain('data-outcome="REDO"');
    expect(redo.text).toContain('33.3% satisfied or basically satisfied: 1 of 3 valid votes.');
    expect(await t.app.db.selectFrom('rectifications').select(['state', 'round']).executeTakeFirstOrThrow()).toEqual({
      state: 'in_progress',
      round: 2,
    });
  });

  it('a round that has not opened yet says when it will', async () => {
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId, { opensIn: 2 * DAY });
    const { slips } = await issueSlipsOverHttp(coordinator, roundId, 1);
    const early = await t.agent().get(pathOf(slips[0]!.address));
    expect(early.status).toBe(409);
    expect(early.text).toContain('Voting has not opened yet');
    expect(early.text).toContain('it has not been used');
    t.clock.advance(2 * DAY);
    expect((await t.agent().get(pathOf(slips[0]!.address))).status).toBe(200);
    // Past the closing time (and not yet closed by anyone): ended.
    t.clock.advance(8 * DAY);
    const ended = await t.agent().get(pathOf(slips[0]!.address));
    expect(ended.status).toBe(409);
    expect(ended.text).toContain('Voting has ended');
    expect(ended.text).toContain(`http://portal.test/rounds/${roundId}/results`);
    // (Ten days on, the first coordinator's session has expired; a colleague looks.)
    const { agent: colleague } = await signInAs(t, 'coordinator');
    expect((await colleague.get(`/staff/rounds/${roundId}`)).text).toContain(
      'Close the round to count the votes and publish the result.',
    );
  });

  it('works in Chinese', async () => {
    const { agent: coordinator } = await signInAs(t, 'coordinator', { locale: 'zh-CN' });
    await coordinator.get('/lang/zh-CN');
    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const { res, slips } = await issueSlipsOverHttp(coordinator, roundId, 1);
    expect(res.text).toContain('这些选票码只显示这一次');
    const voter = t.agent();
    await voter.get('/lang/zh-CN');
    const ballot = await voter.get(pathOf(slips[0]!.address));
    expect(ballot.text).toContain('基本满意');
    const cast = await voteOverHttp(voter, slips[0]!.code, { choice: 'basically_satisfied', confirm: '1' });
    expect(cast.text).toContain('您的回执号');
    expect((await voter.get(pathOf(slips[0]!.address))).text).toContain('这个选票码已经使用过');
  });
});
