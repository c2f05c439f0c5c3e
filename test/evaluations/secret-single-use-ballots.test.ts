// The rules that must be exactly right: a code is random (≥128 bits), single use and stored only
// as a hash; fifty people racing with one code get exactly one vote in; the database holds no
// link between a member or a code and a vote; the result comes from the pass rule and moves the
// rectification on. Driven through the real use-cases on a real database.
import { conflict } from '../../server/shared/result.js';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BALLOT_CODE_BITS, BALLOT_CODE_LENGTH, hashBallotCode } from '../../server/evaluations/ballots.js';
import { ballotsHash, closeRound, issueBallots, openRound } from '../../server/evaluations/service.js';
import { castVote } from '../../server/evaluations/voting.js';
import type { Choice } from '../../server/evaluations/tally.js';
import {
  commitRectification,
  reportDone,
  reportProgress,
  saveDraft,
  startRectification,
} from '../../server/rectifications/service.js';
import { columnNames, tableNames } from '../helpers/schema.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, createUser } from '../helpers/factories.js';
import { createProblem } from '../problems/support.js';

describe('secret, single-use ballots and the result', () => {
  let t: TestApp;
  let rectificationId: number;
  let actor: { id: number; label: string };
  const all = { kind: 'all' } as const;
  beforeEach(async () => {
    t = await buildTestApp();
    const campaignId = await createCampaign(t.app.db);
    const unitId = await createUnit(t.app.db);
    const coordinator = await createUser(t.app.db, { role: 'coordinator' });
    actor = { id: coordinator.id, label: coordinator.email };
    const now = () => t.clock.now();
    const problemId = await createProblem(t, campaignId, unitId);
    const started = await startRectification(t.app.db, actor, now(), problemId, all);
    if (!started.ok) throw new Error('not started');
    rectificationId = started.value.id;
    await saveDraft(t.app.db, actor, now(), rectificationId, all, {
      responsible_person: 'Director',
      target_date: '2026-12-31',
      measures: [{ row: 0, id: null, description: 'Fix it', owner: 'Office', deadline: '2026-12-01', remove: false }],
    });
    await commitRectification(t.app.db, actor, now(), rectificationId);
    const measure = await t.app.db.selectFrom('measures').select('id').executeTakeFirstOrThrow();
    await reportProgress(t.app.db, actor, now(), rectificationId, all, {
      note: 'Fixed.',
      percent: 100,
      done: [measure.id],
    });
    await reportDone(t.app.db, actor, now(), rectificationId, all, 'All done.');
  });
  afterEach(async () => t.close());

  async function open(slips: number) {
    const opened = await openRound(t.app.db, actor, t.clock.now(), rectificationId, {
      opensAt: t.clock.now(),
      closesAt: new Date(t.clock.now().getTime() + 7 * 86_400_000),
    });
    if (!opened.ok) throw new Error('round not opened');
    const issued = await issueBallots(
      t.app.db,
      actor,
      t.clock.now(),
      opened.value.roundId,
      Array.from({ length: slips }, () => ({ personId: null, how: 'slip' as const })),
    );
    if (!issued.ok) throw new Error('not issued');
    return { roundId: opened.value.roundId, codes: issued.value.codes };
  }
  const vote = (code: string, choice: Choice = 'satisfied') =>
    castVote(t.app.db, t.clock, t.config.timeZone, { code, choice, comment: null });

  it('makes codes of at least 128 bits, stored only as a hash', async () => {
    expect(BALLOT_CODE_BITS).toBeGreaterThanOrEqual(128);
    const { codes } = await open(20);
    expect(new Set(codes).size).toBe(20);
    for (const c of codes) expect(c).toMatch(new RegExp(`^[2-9A-HJKMNP-TW-Z]{${BALLOT_CODE_LENGTH}}$`));
    const dump = JSON.stringify(await t.app.db.selectFrom('ballots').selectAll().execute());
    for (const c of codes) {
      expect(dump).not.toContain(c);
      expect(dump).toContain(hashBallotCode(c));
    }
  });

  it('lets exactly one of fifty simultaneous votes with one code in, every time', async () => {
    const { roundId, codes } = await open(10);
    for (const code of codes) {
      const results = await Promise.all(Array.from({ length: 50 }, () => vote(code)));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === 'used')).toHaveLength(49);
    }
    const votes = await t.app.db.selectFrom('votes').selectAll().where('round_id', '=', roundId).execute();
    expect(votes).toHaveLength(10);
    // Typed differently (lower case, dashes), a used code is still used.
    const again = await vote(codes[0]!.toLowerCase().match(/.{4}/g)!.join('-'));
    expect(again).toEqual(conflict('used'));
    expect(await vote('2'.repeat(BALLOT_CODE_LENGTH))).toEqual(conflict('unknown'));
    expect(await vote("'; DROP TABLE votes; --")).toEqual(conflict('malformed'));
  });

  it('keeps no link between a member, a code and a vote', async () => {
    const member = await t.app.db
      .insertInto('people')
      .values({
        name: 'Zhou Min',
        affiliation: 'npc_deputy',
        email: 'zhou@example.org',
        phone: null,
        term_starts_on: null,
        term_ends_on: null,
        user_id: null,
        created_at: 'x',
        updated_at: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const opened = await openRound(t.app.db, actor, t.clock.now(), rectificationId, {
      opensAt: t.clock.now(),
      closesAt: new Date(t.clock.now().getTime() + 86_400_000),
    });
    if (!opened.ok) throw new Error('round not opened');
    const issued = await issueBallots(t.app.db, actor, t.clock.now(), opened.value.roundId, [
      { personId: member.id, how: 'email' },
    ]);
    if (!issued.ok) throw new Error('not issued');
    const cast = await vote(issued.value.codes[0]!, 'dissatisfied');
    expect(cast.ok).toBe(true);

    const columns = (table: string) => columnNames(t.app.db, table);
    expect(await columns('votes')).toEqual(['cast_on', 'choice', 'comment', 'receipt', 'round_id']);
    expect(await columns('ballots')).toEqual(['code_hash', 'id', 'round_id', 'used', 'voided']);
    expect(await columns('ballot_issues')).toEqual(['how', 'id', 'issued_at', 'person_id', 'round_id']);
    const vote1 = await t.app.db.selectFrom('votes').selectAll().executeTakeFirstOrThrow();
    // Across the whole database: the code is nowhere, its hash only in ballots, the receipt only in
    // votes, and the member only in people and ballot_issues; no table holds two of them together.
    const code = issued.value.codes[0]!;
    const hash = hashBallotCode(code);
    const tables = await tableNames(t.app.db);
    const holding = { code: [] as string[], hash: [] as string[], receipt: [] as string[], member: [] as string[] };
    for (const table of tables) {
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.app.db)).rows;
      const dump = JSON.stringify(rows);
      if (dump.includes(code)) holding.code.push(table);
      if (dump.includes(hash)) holding.hash.push(table);
      if (dump.includes(vote1.receipt)) holding.receipt.push(table);
      if (
        rows.some((row) =>
          Object.entries(row).some(
            ([k, v]) => (k === 'person_id' || (table === 'people' && k === 'id')) && v === member.id,
          ),
        )
      )
        holding.member.push(table);
    }
    expect(holding).toEqual({ code: [], hash: ['ballots'], receipt: ['votes'], member: ['ballot_issues', 'people'] });
    // ballots and ballot_issues share nothing but the round: no join can pair a member with a code.
    const issueColumns = await columns('ballot_issues');
    const shared = (await columns('ballots')).filter((c) => c !== 'id' && issueColumns.includes(c));
    expect(shared).toEqual(['round_id']);
    // Only the day is kept, not the moment.
    expect(vote1.cast_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // A vote cannot be changed or removed.
    await expect(t.app.db.updateTable('votes').set({ choice: 'satisfied' }).execute()).rejects.toThrow(/never changed/);
    await expect(t.app.db.deleteFrom('votes').execute()).rejects.toThrow(/never deleted/);
    await expect(t.app.db.updateTable('ballots').set({ used: 0 }).execute()).rejects.toThrow(/stays used/);
  });

  it('closes with the pass rule: 80% passes, below it is done again as the next round', async () => {
    const { roundId, codes } = await open(10);
    const choices: Choice[] = [
      'satisfied',
      'satisfied',
      'satisfied',
      'basically_satisfied',
      'basically_satisfied',
      'satisfied',
      'satisfied',
      'dissatisfied',
      'unable_to_judge',
    ];
    for (const [i, c] of choices.entries()) expect((await vote(codes[i]!, c)).ok).toBe(true);
    const closed = await closeRound(t.app.db, actor, t.clock.now(), roundId, t.config.timeZone);
    if (!closed.ok) throw new Error('not closed');
    // 7 favourable of 8 valid = 87.5%, 9 of 10 cast: the quorum of two thirds is met.
    expect(closed.value).toMatchObject({ outcome: 'PASS', cast: 9, valid: 8, favourable: 7 });
    expect((await t.app.db.selectFrom('rectifications').select('state').executeTakeFirstOrThrow()).state).toBe(
      'passed',
    );
    // Passing schedules the looking-back check, six months on.
    expect(
      await t.app.db.selectFrom('looking_back_checks').select(['rectification_id', 'due_on', 'finding']).execute(),
    ).toEqual([{ rectification_id: rectificationId, due_on: '2027-05-20', finding: null }]);
    // A closed round takes no more votes.
    expect(await vote(codes[9]!)).toEqual(conflict('closed'));
    const entry = await t.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'evaluation.closed')
      .executeTakeFirstOrThrow();
    const votes = await t.app.db.selectFrom('votes').select(['receipt', 'choice']).execute();
    expect(JSON.parse(entry.data!)).toMatchObject({ outcome: 'PASS', ballots_hash: ballotsHash(votes) });
  });

  it('below the line fails and goes back to work as round 2, the failure kept on the timeline', async () => {
    const { roundId, codes } = await open(6);
    for (const [i, c] of (
      ['satisfied', 'satisfied', 'satisfied', 'dissatisfied', 'dissatisfied'] as Choice[]
    ).entries())
      await vote(codes[i]!, c);
    const closed = await closeRound(t.app.db, actor, t.clock.now(), roundId, t.config.timeZone);
    if (!closed.ok) throw new Error('not closed');
    expect(closed.value.outcome).toBe('REDO');
    expect(await t.app.db.selectFrom('rectifications').select(['state', 'round']).executeTakeFirstOrThrow()).toEqual({
      state: 'in_progress',
      round: 2,
    });
    const timeline = await t.app.db
      .selectFrom('rectification_events')
      .select(['to_state', 'round'])
      .where('kind', '=', 'state')
      .orderBy('id')
      .execute();
    expect(timeline.slice(-3)).toEqual([
      { to_state: 'under_review', round: 1 },
      { to_state: 'failed', round: 1 },
      { to_state: 'in_progress', round: 2 },
    ]);
  });

  it('without a quorum stays under review for a new round', async () => {
    const { roundId, codes } = await open(9);
    for (const code of codes.slice(0, 5)) await vote(code); // 5 of 9 is short of two thirds (6)
    const closed = await closeRound(t.app.db, actor, t.clock.now(), roundId, t.config.timeZone);
    if (!closed.ok) throw new Error('not closed');
    expect(closed.value.outcome).toBe('NO_QUORUM');
    expect((await t.app.db.selectFrom('rectifications').select('state').executeTakeFirstOrThrow()).state).toBe(
      'under_review',
    );
    const next = await openRound(t.app.db, actor, t.clock.now(), rectificationId, {
      opensAt: t.clock.now(),
      closesAt: new Date(t.clock.now().getTime() + 86_400_000),
    });
    expect(next.ok).toBe(true);
  });
});
