// Evaluation rounds: a coordinator opens one when a rectification is reported done (the
// campaign's pass line and quorum, and a fingerprint of the rectification as it stood, frozen
// into it), issues single-use codes, and the round closes with one result from tally.ts that
// moves the rectification on. The codes are shown once and never stored.
import { createHash, randomInt } from 'node:crypto';
import * as audit from '../audit/service.js';
import * as campaigns from '../campaigns/repository.js';
import type { DB } from '../db/database.js';
import * as rectifications from '../rectifications/repository.js';
import { moveTo } from '../rectifications/service.js';
import { invalid, ok, type Result } from '../shared/result.js';
import { hashBallotCode, newBallotCode } from './ballots.js';
import * as repo from './repository.js';
import { CHOICES, emptyCounts, tally, type Counts, type Tally } from './tally.js';

/** Fisher–Yates with the system's cryptographic randomness. */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** What the round judges: the measures and the progress reported, as they stood when it opened. */
export async function rectificationFingerprint(db: DB, rectificationId: number): Promise<string> {
  const [measures, progress] = await Promise.all([rectifications.measuresOf(db, rectificationId), rectifications.progressOf(db, rectificationId)]);
  const content = {
    measures: measures.map((m) => [m.id, m.description, m.owner, m.deadline, m.done_at]),
    progress: progress.map((p) => [p.id, p.at, p.note, p.percent]),
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

export interface OpenRound {
  opensAt: Date;
  closesAt: Date;
}

/** Opens a round for a rectification reported done: it goes under review. */
export async function openRound(db: DB, actor: audit.Actor, now: Date, rectificationId: number, o: OpenRound): Promise<Result<{ roundId: number }> | 'not_found'> {
  return db.transaction().execute(async (trx) => {
    const r = await rectifications.findRectification(trx, rectificationId);
    if (!r) return 'not_found';
    // A round that lacked its quorum leaves the rectification under review for a new one.
    if (r.state !== 'reported_done' && r.state !== 'under_review') return invalid({ _form: { key: 'evaluations.errors.notReportedDone' } });
    if (r.state === 'under_review' && (await repo.openRoundOf(trx, rectificationId))) return invalid({ _form: { key: 'evaluations.errors.roundOpen' } });
    if (o.closesAt.getTime() <= o.opensAt.getTime()) return invalid({ closes_at: { key: 'evaluations.errors.closesBeforeOpens' } });
    const campaign = (await campaigns.findCampaign(trx, r.campaign_id))!;
    const roundId = await repo.insertRound(trx, {
      rectification_id: r.id,
      number: r.round,
      opens_at: o.opensAt.toISOString(),
      closes_at: o.closesAt.toISOString(),
      threshold: campaign.threshold,
      quorum_numerator: campaign.quorum_numerator,
      quorum_denominator: campaign.quorum_denominator,
      fingerprint: await rectificationFingerprint(trx, r.id),
      opened_by: actor.id,
      closed_at: null,
      outcome: null,
      counts: null,
      ballots_hash: null,
      created_at: now.toISOString(),
    });
    if (r.state === 'reported_done') await moveTo(trx, actor, now, r, { action: 'rectification.under_review', to: 'under_review', kind: 'state', data: { evaluation_round: roundId } });
    await audit.record(trx, actor, now, {
      action: 'evaluation.opened',
      entityType: 'evaluation_round',
      entityId: roundId,
      to: 'open',
      data: { rectification_id: r.id, threshold: campaign.threshold, quorum: [campaign.quorum_numerator, campaign.quorum_denominator] },
    });
    return ok({ roundId });
  });
}

/**
 * Issues `count` ballot codes for an open round and returns them: the only time they exist
 * outside the voters' hands. `issuedTo` records who was given one (a member of the register or
 * an anonymous slip), in a table that has no column for the code.
 */
export async function issueBallots(db: DB, actor: audit.Actor, now: Date, roundId: number, issuedTo: Array<{ personId: number | null; how: 'slip' | 'email' }>): Promise<Result<{ codes: string[] }> | 'not_found'> {
  return db.transaction().execute(async (trx) => {
    const round = await repo.findRound(trx, roundId);
    if (!round) return 'not_found';
    if (round.state !== 'open') return invalid({ _form: { key: 'evaluations.errors.roundClosed' } });
    const codes = issuedTo.map(() => newBallotCode());
    await repo.insertBallots(trx, roundId, codes.map(hashBallotCode));
    // Shuffled against the codes' order, so not even the insertion order pairs a member with a code.
    const issues = shuffled(issuedTo).map((i) => ({ round_id: roundId, person_id: i.personId, how: i.how, issued_at: now.toISOString() }));
    await repo.insertIssues(trx, issues);
    await audit.record(trx, actor, now, { action: 'evaluation.ballots_issued', entityType: 'evaluation_round', entityId: roundId, data: { count: codes.length } });
    return ok({ codes });
  });
}

/** The hash published with a result: of every receipt with its choice, sorted, so anyone can recount. */
export function ballotsHash(votes: ReadonlyArray<{ receipt: string; choice: string }>): string {
  const lines = votes.map((v) => `${v.receipt} ${v.choice}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** Closes a round and applies its one result: PASS → passed; REDO → failed, then in progress as the next round; NO_QUORUM → still under review. */
export async function closeRound(db: DB, actor: audit.Actor, now: Date, roundId: number): Promise<Result<Tally> | 'not_found'> {
  return db.transaction().execute(async (trx) => {
    const round = await repo.findRound(trx, roundId);
    if (!round) return 'not_found';
    if (round.state !== 'open') return invalid({ _form: { key: 'evaluations.errors.roundClosed' } });
    const counts: Counts = emptyCounts();
    for (const c of await repo.countVotes(trx, roundId)) counts[c.choice] += c.n;
    const paper = await repo.paperOf(trx, roundId);
    for (const p of paper) for (const c of CHOICES) counts[c] += p[c];
    const result = tally(counts, {
      threshold: round.threshold,
      quorumNumerator: round.quorum_numerator,
      quorumDenominator: round.quorum_denominator,
      issued: round.issued + paper.reduce((n, p) => n + p.present, 0),
    });
    const votes = await repo.votesOf(trx, roundId);
    const hash = ballotsHash(votes);
    await repo.closeRound(trx, roundId, { closed_at: now.toISOString(), outcome: result.outcome, counts: JSON.stringify(counts), ballots_hash: hash });
    await audit.record(trx, actor, now, {
      action: 'evaluation.closed',
      entityType: 'evaluation_round',
      entityId: roundId,
      from: 'open',
      to: 'closed',
      data: { outcome: result.outcome, counts, issued: round.issued, paper: paper.length, ballots_hash: hash },
    });
    const r = (await rectifications.findRectification(trx, round.rectification_id))!;
    const data = { evaluation_round: roundId, outcome: result.outcome, counts };
    if (result.outcome === 'PASS') await moveTo(trx, actor, now, r, { action: 'rectification.passed', to: 'passed', kind: 'state', data });
    else if (result.outcome === 'REDO') {
      const failed = await moveTo(trx, actor, now, r, { action: 'rectification.failed', to: 'failed', kind: 'state', data });
      await moveTo(trx, actor, now, failed, { action: 'rectification.redo', to: 'in_progress', kind: 'state', data: { evaluation_round: roundId } });
    }
    return ok(result);
  });
}
