// A slip misprinted, or handed back unused: the coordinator types its code (or scans its QR code
// into the field) and the ballot is void. It can no longer vote, and no longer counts as issued,
// so the quorum is reckoned without it. Only an unused code of the round can be voided; a used,
// unknown, void or other round's code is answered by the field; the audit log says that one
// ballot was voided, never which; and the database keeps a void ballot void.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashBallotCode } from '../../server/evaluations/ballots.js';
import { voidSlip } from '../../server/evaluations/service.js';
import { castVote } from '../../server/evaluations/voting.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signInAs } from '../helpers/factories.js';
import { escaped, fieldError, HOSTILE, hiddenFields, inputValue, submitForm } from '../helpers/forms.js';
import { issueSlipsOverHttp, openRoundOverHttp, pathOf, reportedDone, voteOverHttp, type Reported } from './support.js';

describe('voiding a spoiled or returned slip', () => {
  let t: TestApp;
  let r: Reported;
  beforeEach(async () => {
    t = await buildTestApp();
    r = await reportedDone(t);
  });
  afterEach(async () => t.close());

  const voidIt = (agent: Parameters<typeof submitForm>[0], roundId: number, code: string) =>
    submitForm(agent, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/void`, { code });

  it('voids unused slips typed or scanned; they cannot vote, and the quorum is reckoned without them', async () => {
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const { slips } = await issueSlipsOverHttp(coordinator, roundId, 4);
    expect((await voteOverHttp(t.agent(), slips[0]!.code, { choice: 'satisfied', confirm: '1' })).status).toBe(200);

    const page = await coordinator.get(`/staff/rounds/${roundId}`);
    expect(page.text).toContain('action="/staff/rounds/' + roundId + '/void"');
    expect(page.text).toMatch(/data-issued>4</);
    expect(page.text).not.toContain('data-voided');
    // Four issued: three of them must be cast.
    expect(page.text).toContain('At least 3 of the 4 ballots issued must be cast');

    // Typed as a person would, in small letters with the dashes.
    const typed = await voidIt(coordinator, roundId, slips[1]!.grouped.toLowerCase());
    expect(typed.status).toBe(303);
    expect(typed.headers.location).toBe(`/staff/rounds/${roundId}#void-title`);
    // Scanned: the field gets the address the QR code holds.
    const scanned = await voidIt(coordinator, roundId, slips[2]!.address);
    expect(scanned.status).toBe(303);

    const after = await coordinator.get(`/staff/rounds/${roundId}`);
    expect(after.text).toContain('The slip is void: its code can no longer vote and no longer counts as issued.');
    expect(after.text).toMatch(/data-issued>2</);
    expect(after.text).toMatch(/data-voided>2</);
    expect(after.text).toContain('2 voided so far in this round.');
    expect(after.text).toContain('At least 2 of the 2 ballots issued must be cast');

    // A voided code at the voting page: its own page, opened or posted.
    const voter = t.agent();
    const opened = await voter.get(pathOf(slips[1]!.address));
    expect(opened.status).toBe(409);
    expect(opened.text).toContain('This code has been voided');
    expect(opened.text).toContain('data-refused="void"');
    expect(opened.text).not.toContain('name="choice"');
    // The ballot form of a slip that still votes, sent with the voided code instead.
    const form = await voter.get(pathOf(slips[3]!.address));
    const posted = await voter
      .post('/vote')
      .type('form')
      .send({ ...hiddenFields(form.text), code: slips[2]!.code, choice: 'dissatisfied', confirm: '1' });
    expect(posted.status).toBe(409);
    expect(posted.text).toContain('This code has been voided');
    expect(await t.app.db.selectFrom('votes').select('receipt').execute()).toHaveLength(1);
    expect((await voteOverHttp(voter, slips[3]!.code, { choice: 'basically_satisfied', confirm: '1' })).status).toBe(
      200,
    );

    // The audit log: one entry each, saying one ballot was voided, never which.
    const entries = await t.app.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('action', '=', 'evaluation.ballot_voided')
      .execute();
    expect(entries.map((e) => JSON.parse(e.data!))).toEqual([
      { count: 1, voided: 1 },
      { count: 1, voided: 2 },
    ]);
    const log = JSON.stringify(await t.app.db.selectFrom('audit_log').selectAll().execute());
    for (const s of slips) {
      expect(log).not.toContain(s.code);
      expect(log).not.toContain(hashBallotCode(s.code));
    }

    // Two votes of the two codes that count meet the quorum: it passes. With the two void slips
    // counted as issued it would have been 2 of 4, short of two thirds.
    expect(
      (await submitForm(coordinator, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/close`, {})).status,
    ).toBe(303);
    const results = await t.agent().get(`/rounds/${roundId}/results`);
    expect(results.text).toContain('data-outcome="PASS"');
    expect(results.text).toContain(
      '2 of 2 ballots cast (100.0%): 2 codes issued and 0 people present at symposiums. At least 2 had to be cast.',
    );
    expect(results.text).toContain('2 spoiled or returned codes were voided before use and are not counted as issued.');
    const closed = await t.app.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'evaluation.closed')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(closed.data!)).toMatchObject({ issued: 4, voided: 2 });
    // A closed round voids nothing more, and offers no form for it.
    expect((await coordinator.get(`/staff/rounds/${roundId}`)).text).not.toContain('/void"');
  });

  it('voids only an unused code of this round, and says why by the field', async () => {
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const { slips } = await issueSlipsOverHttp(coordinator, roundId, 3);
    await voteOverHttp(t.agent(), slips[0]!.code, { choice: 'satisfied', confirm: '1' });
    // A second rectification with a round of its own.
    const other = await reportedDone(t, { title: 'Gifts at festivals' });
    const otherRound = await openRoundOverHttp(t, coordinator, other.rectificationId);
    const { slips: otherSlips } = await issueSlipsOverHttp(coordinator, otherRound, 1);

    const refused = async (code: string, message: string) => {
      const res = await voidIt(coordinator, roundId, code);
      expect(res.status, code).toBe(422);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(fieldError(res.text, 'code'), code).toBe(message);
      expect(res.text).toContain('class="error-summary"');
      return res;
    };
    await refused('', 'Enter this information');
    await refused('   ', 'Enter this information');
    await refused('x'.repeat(301), 'Use 300 characters or fewer');
    const hello = await refused('HELLO', 'Enter the code printed on the slip, or scan its QR code');
    expect(inputValue(hello.text, 'code')).toBe('HELLO');
    const script = await refused(HOSTILE.script, 'Enter the code printed on the slip, or scan its QR code');
    expect(script.text).not.toContain(HOSTILE.script);
    expect(inputValue(script.text, 'code')).toBe(escaped(HOSTILE.script));
    await refused(HOSTILE.sql, 'Enter the code printed on the slip, or scan its QR code');
    await refused('http://portal.test/vote?code=NOTACODE', 'Enter the code printed on the slip, or scan its QR code');
    await refused('2'.repeat(28), 'No ballot has this code. Check it against the slip');
    await refused(slips[0]!.code, 'This code has been used to vote, so it cannot be voided: its vote counts');
    await refused(otherSlips[0]!.code, 'This code belongs to another round, not to this one');
    expect((await voidIt(coordinator, roundId, slips[1]!.code)).status).toBe(303);
    await refused(slips[1]!.code, 'This code is void already');
    // A field of the wrong type (a list) is refused like an empty one.
    const page = await coordinator.get(`/staff/rounds/${roundId}`);
    const list = await coordinator
      .post(`/staff/rounds/${roundId}/void`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(
        `code=${slips[2]!.code}&code=${slips[2]!.code}&_csrf=${encodeURIComponent(/name="_csrf" value="([^"]+)"/.exec(page.text)![1]!)}`,
      );
    expect(list.status).toBe(422);

    // Nothing else was voided; the other round's code still votes.
    expect(
      await t.app.db.selectFrom('evaluation_rounds').select(['id', 'issued', 'voided']).orderBy('id').execute(),
    ).toEqual([
      { id: roundId, issued: 3, voided: 1 },
      { id: otherRound, issued: 1, voided: 0 },
    ]);
    expect((await voteOverHttp(t.agent(), otherSlips[0]!.code, { choice: 'satisfied', confirm: '1' })).status).toBe(
      200,
    );
    expect((await voteOverHttp(t.agent(), slips[2]!.code, { choice: 'satisfied', confirm: '1' })).status).toBe(200);
  });

  it('is for coordinators and administrators only; an unknown round is not found', async () => {
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const { slips } = await issueSlipsOverHttp(coordinator, roundId, 1);
    for (const role of ['supervisor', 'unit_officer'] as const) {
      const { agent } = await signInAs(t, role);
      const home = await agent.get('/staff');
      const res = await agent
        .post(`/staff/rounds/${roundId}/void`)
        .type('form')
        .send({ code: slips[0]!.code, _csrf: /name="_csrf" value="([^"]+)"/.exec(home.text)![1]! });
      expect(res.status, role).toBe(403);
    }
    expect(
      (await t.agent().post(`/staff/rounds/${roundId}/void`).type('form').send({ code: slips[0]!.code })).status,
    ).not.toBe(303);
    const page = await coordinator.get(`/staff/rounds/${roundId}`);
    const missing = await coordinator
      .post('/staff/rounds/99999/void')
      .type('form')
      .send({ code: slips[0]!.code, _csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)![1]! });
    expect(missing.status).toBe(404);
    expect((await t.app.db.selectFrom('ballots').select('voided').executeTakeFirstOrThrow()).voided).toBe(0);
    const { agent: admin } = await signInAs(t, 'administrator');
    expect((await voidIt(admin, roundId, slips[0]!.code)).status).toBe(303);
  });

  it('a vote and a void of the same code at the same moment: exactly one of them, every time', async () => {
    const { agent: coordinator, user } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const { slips } = await issueSlipsOverHttp(coordinator, roundId, 10);
    const actor = { id: user.id, label: user.email };
    for (const s of slips) {
      const [voted, voided] = await Promise.all([
        castVote(t.app.db, t.clock, t.config.timeZone, { code: s.code, choice: 'satisfied', comment: null }),
        voidSlip(t.app.db, actor, t.clock.now(), roundId, s.code),
      ]);
      const wins = [voted.ok, voided.ok].filter(Boolean);
      expect(wins, s.code).toHaveLength(1);
    }
    const round = await t.app.db
      .selectFrom('evaluation_rounds')
      .select(['issued', 'voided'])
      .where('id', '=', roundId)
      .executeTakeFirstOrThrow();
    const votes = await t.app.db.selectFrom('votes').select('receipt').execute();
    expect(votes.length + round.voided).toBe(10);
    expect(
      await t.app.db.selectFrom('ballots').select('id').where('used', '=', 1).where('voided', '=', 1).execute(),
    ).toEqual([]);
  });

  it('the database keeps a void ballot void and never lets it be used', async () => {
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const { slips } = await issueSlipsOverHttp(coordinator, roundId, 2);
    await voidIt(coordinator, roundId, slips[0]!.code);
    await voteOverHttp(t.agent(), slips[1]!.code, { choice: 'satisfied', confirm: '1' });
    const voidHash = hashBallotCode(slips[0]!.code);
    const usedHash = hashBallotCode(slips[1]!.code);
    await expect(sql`update ballots set voided = 0 where code_hash = ${voidHash}`.execute(t.app.db)).rejects.toThrow(
      /stays void/,
    );
    await expect(sql`update ballots set used = 1 where code_hash = ${voidHash}`.execute(t.app.db)).rejects.toThrow(
      /never both/,
    );
    await expect(sql`update ballots set voided = 1 where code_hash = ${usedHash}`.execute(t.app.db)).rejects.toThrow(
      /never both/,
    );
    await expect(sql`update ballots set used = 0 where code_hash = ${usedHash}`.execute(t.app.db)).rejects.toThrow(
      /stays used/,
    );
    await expect(sql`update ballots set voided = 2 where code_hash = ${usedHash}`.execute(t.app.db)).rejects.toThrow(
      /check constraint/i,
    );
  });
});
