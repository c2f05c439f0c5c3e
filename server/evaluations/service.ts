// Evaluation rounds: a coordinator opens one when a rectification is reported done (the
// campaign's pass line and quorum, and a fingerprint of the rectification as it stood, frozen
// into it), issues single-use codes, and the round closes with one result from tally.ts that
// moves the rectification on. The codes are shown once and never stored.
import { createHash, randomInt } from 'node:crypto';
import * as auditRepo from '../audit/repository.js';
import * as audit from '../audit/service.js';
import * as campaigns from '../campaigns/repository.js';
import type { DB } from '../db/database.js';
import * as rectifications from '../rectifications/repository.js';
import { scheduleCheck } from '../looking-back/service.js';
import { moveTo, publicRectification, type RectificationDetail } from '../rectifications/service.js';
import { tenthsOf } from '../shared/percent.js';
import { conflict, invalid, notFound, ok, type Result } from '../shared/result.js';
import { groupBallotCode, hashBallotCode, newBallotCode, readBallotCode, readSlipCode } from './ballots.js';
import type { Mailer } from '../shared/mailer.js';
import * as repo from './repository.js';
import { canMove, move, type RoundState } from './state.js';
import type { EvaluationRoundRow } from './tables.js';
import {
  CHOICES,
  emptyCounts,
  rateTenths,
  tally,
  type Choice,
  type Counts,
  type Outcome,
  type Tally,
} from './tally.js';
import { writeTransaction } from '../db/transaction.js';

type PaperTallyRow = Awaited<ReturnType<typeof repo.paperOf>>[number];

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
  const [measures, progress] = await Promise.all([
    rectifications.measuresOf(db, rectificationId),
    rectifications.progressOf(db, rectificationId),
  ]);
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

/**
 * Why a round's use-case refuses on account of state: the rectification is not waiting for a
 * round, it has one open already, the round is closed, or its voting time is over. The round's
 * page says each by the form (evaluations.errors.*).
 */
export type RoundConflict = 'not_reported_done' | 'round_open' | 'closed' | 'voting_ended';

/** Whether the round still takes slips, tallies and notes: open (closing is the only move it has). */
const stillOpen = (round: EvaluationRoundRow) => canMove(round.state, 'closed');

/**
 * The one writer of a round's state: checks the move, changes the row only if it is still in the
 * state it was read in (with `values`, what the move records), and writes the audit entry with
 * from/to. False when someone moved it first (a coordinator and the closing job at once).
 */
async function moveRound(
  trx: DB,
  actor: audit.Actor,
  now: Date,
  round: EvaluationRoundRow,
  to: RoundState,
  step: {
    action: string;
    values: Pick<EvaluationRoundRow, 'closed_at' | 'outcome' | 'counts' | 'ballots_hash'>;
    data: Record<string, unknown>;
  },
): Promise<boolean> {
  move(round.state, to);
  if (!(await repo.moveRound(trx, round.id, round.state, to, step.values))) return false;
  await audit.record(trx, actor, now, {
    action: step.action,
    entityType: 'evaluation_round',
    entityId: round.id,
    from: round.state,
    to,
    data: step.data,
  });
  return true;
}

/** Opens a round for a rectification reported done: it goes under review. */
export async function openRound(
  db: DB,
  actor: audit.Actor,
  now: Date,
  rectificationId: number,
  o: OpenRound,
): Promise<Result<{ roundId: number }, RoundConflict>> {
  return writeTransaction(db, async (trx) => {
    const r = await rectifications.findRectification(trx, rectificationId);
    if (!r) return notFound();
    // A round that lacked its quorum leaves the rectification under review for a new one.
    if (r.state !== 'reported_done' && r.state !== 'under_review') return conflict('not_reported_done');
    if (r.state === 'under_review' && (await repo.openRoundOf(trx, rectificationId))) return conflict('round_open');
    if (o.closesAt.getTime() <= o.opensAt.getTime())
      return invalid({ closes_at: { key: 'evaluations.errors.closesBeforeOpens' } });
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
    if (r.state === 'reported_done')
      await moveTo(trx, actor, now, r, {
        action: 'rectification.under_review',
        to: 'under_review',
        kind: 'state',
        data: { evaluation_round: roundId },
      });
    await audit.record(trx, actor, now, {
      action: 'evaluation.opened',
      entityType: 'evaluation_round',
      entityId: roundId,
      to: 'open',
      data: {
        rectification_id: r.id,
        threshold: campaign.threshold,
        quorum: [campaign.quorum_numerator, campaign.quorum_denominator],
      },
    });
    return ok({ roundId });
  });
}

/**
 * Issues `count` ballot codes for an open round and returns them: the only time they exist
 * outside the voters' hands. `issuedTo` records who was given one (a member of the register or
 * an anonymous slip), in a table that has no column for the code.
 */
export async function issueBallots(
  db: DB,
  actor: audit.Actor,
  now: Date,
  roundId: number,
  issuedTo: Array<{ personId: number | null; how: 'slip' | 'email' }>,
): Promise<Result<{ codes: string[] }, RoundConflict>> {
  return writeTransaction(db, async (trx) => {
    const round = await repo.findRound(trx, roundId);
    if (!round) return notFound();
    if (!stillOpen(round)) return conflict('closed');
    return ok({ codes: await issueWithin(trx, actor, now, roundId, issuedTo, {}) });
  });
}

/** Makes the codes, stores their hashes and who was given one, and writes the audit entry (with `auditData`). */
async function issueWithin(
  trx: DB,
  actor: audit.Actor,
  now: Date,
  roundId: number,
  issuedTo: Array<{ personId: number | null; how: 'slip' | 'email' }>,
  auditData: Record<string, unknown>,
  /** Codes made (and already delivered) before this transaction: emailed invitations. */
  given?: readonly string[],
): Promise<string[]> {
  const codes = given ? [...given] : issuedTo.map(() => newBallotCode());
  await repo.insertBallots(trx, roundId, codes.map(hashBallotCode));
  // Shuffled against the codes' order, so not even the insertion order pairs a member with a code.
  const issues = shuffled(issuedTo).map((i) => ({
    round_id: roundId,
    person_id: i.personId,
    how: i.how,
    issued_at: now.toISOString(),
  }));
  await repo.insertIssues(trx, issues);
  await audit.record(trx, actor, now, {
    action: 'evaluation.ballots_issued',
    entityType: 'evaluation_round',
    entityId: roundId,
    data: { count: codes.length, ...auditData },
  });
  return codes;
}

/** The codes of a round that count as issued for the quorum: a voided slip does not. */
export function codesCounted(round: Pick<EvaluationRoundRow, 'issued' | 'voided'>): number {
  return round.issued - round.voided;
}

/**
 * Voids an unused slip a coordinator holds (misprinted, or handed back), while the round is open:
 * it can no longer vote and no longer counts as issued. The code is read from what was typed or
 * scanned; only an unused code of this round is voided, and anything else is said by the field.
 * The audit entry says that one ballot was voided, never which.
 */
export async function voidSlip(
  db: DB,
  actor: audit.Actor,
  now: Date,
  roundId: number,
  typed: string,
): Promise<Result<{ voided: number }, RoundConflict>> {
  return writeTransaction(db, async (trx) => {
    const round = await repo.findRound(trx, roundId);
    if (!round) return notFound();
    if (!stillOpen(round)) return conflict('closed');
    const code = readSlipCode(typed);
    if (!code) return invalid({ code: { key: 'evaluations.errors.voidMalformed' } });
    const hash = hashBallotCode(code);
    const ballot = await repo.findBallot(trx, hash);
    if (!ballot) return invalid({ code: { key: 'evaluations.errors.voidUnknown' } });
    if (ballot.round_id !== roundId) return invalid({ code: { key: 'evaluations.errors.voidOtherRound' } });
    if (ballot.used) return invalid({ code: { key: 'evaluations.errors.voidUsed' } });
    if (ballot.voided) return invalid({ code: { key: 'evaluations.errors.voidAlready' } });
    // The statement that decides: a vote cast a moment ago wins, and the code is then used.
    if (!(await repo.voidBallot(trx, roundId, hash))) return invalid({ code: { key: 'evaluations.errors.voidUsed' } });
    await audit.record(trx, actor, now, {
      action: 'evaluation.ballot_voided',
      entityType: 'evaluation_round',
      entityId: roundId,
      data: { count: 1, voided: round.voided + 1 },
    });
    return ok({ voided: round.voided + 1 });
  });
}

/** The hash published with a result: of every receipt with its choice, sorted, so anyone can recount. */
export function ballotsHash(votes: ReadonlyArray<{ receipt: string; choice: string }>): string {
  const lines = votes.map((v) => `${v.receipt} ${v.choice}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/**
 * Closes a round and applies its one result: PASS → passed; REDO → failed, then in progress as
 * the next round; NO_QUORUM → still under review. `timeZone` is the portal's: a pass schedules
 * its looking-back check on a calendar day there.
 */
export async function closeRound(
  db: DB,
  actor: audit.Actor,
  now: Date,
  roundId: number,
  timeZone: string,
): Promise<Result<Tally, RoundConflict>> {
  return writeTransaction(db, async (trx) => {
    const round = await repo.findRound(trx, roundId);
    if (!round) return notFound();
    if (!stillOpen(round)) return conflict('closed');
    const counts: Counts = emptyCounts();
    for (const c of await repo.countVotes(trx, roundId)) counts[c.choice] += c.n;
    const paper = await repo.paperOf(trx, roundId);
    for (const p of paper) for (const c of CHOICES) counts[c] += p[c];
    const result = tally(counts, {
      threshold: round.threshold,
      quorumNumerator: round.quorum_numerator,
      quorumDenominator: round.quorum_denominator,
      issued: codesCounted(round) + paper.reduce((n, p) => n + p.present, 0),
    });
    const votes = await repo.votesOf(trx, roundId);
    const hash = ballotsHash(votes);
    const closed = await moveRound(trx, actor, now, round, 'closed', {
      action: 'evaluation.closed',
      values: {
        closed_at: now.toISOString(),
        outcome: result.outcome,
        counts: JSON.stringify(counts),
        ballots_hash: hash,
      },
      data: {
        outcome: result.outcome,
        counts,
        issued: round.issued,
        voided: round.voided,
        paper: paper.length,
        ballots_hash: hash,
      },
    });
    // Closed a moment ago by someone else: nothing was written.
    if (!closed) return conflict('closed');
    const r = (await rectifications.findRectification(trx, round.rectification_id))!;
    const data = { evaluation_round: roundId, outcome: result.outcome, counts };
    if (result.outcome === 'PASS') {
      await moveTo(trx, actor, now, r, { action: 'rectification.passed', to: 'passed', kind: 'state', data });
      await scheduleCheck(trx, actor, now, timeZone, r.id);
    } else if (result.outcome === 'REDO') {
      const failed = await moveTo(trx, actor, now, r, {
        action: 'rectification.failed',
        to: 'failed',
        kind: 'state',
        data,
      });
      await moveTo(trx, actor, now, failed, {
        action: 'rectification.redo',
        to: 'in_progress',
        kind: 'state',
        data: { evaluation_round: roundId },
      });
    }
    return ok(result);
  });
}

// Added for the round pages: slips, paper tallies, solicitation notes, and reading a round ------

/**
 * Issues `count` anonymous paper slips, once per form: the form carries a random `issueKey`, kept
 * in the audit entry, and the same form sent again (a reload, a double click) issues nothing,
 * since the codes it made cannot be shown again and extra unused codes would raise the quorum.
 */
export async function issueSlips(
  db: DB,
  actor: audit.Actor,
  now: Date,
  roundId: number,
  count: number,
  issueKey: string,
): Promise<Result<{ codes: string[] }, RoundConflict | 'already_issued'>> {
  return writeTransaction(db, async (trx) => {
    const round = await repo.findRound(trx, roundId);
    if (!round) return notFound();
    if (!stillOpen(round)) return conflict('closed');
    if (now.toISOString() >= round.closes_at) return conflict('voting_ended');
    const entries = await auditRepo.listEntries(trx, {
      entityType: 'evaluation_round',
      entityId: String(roundId),
      limit: 100_000,
      offset: 0,
    });
    const used = entries.some(
      (e) =>
        e.action === 'evaluation.ballots_issued' &&
        e.data !== null &&
        (JSON.parse(e.data) as { issue_key?: unknown }).issue_key === issueKey,
    );
    if (used) return conflict('already_issued');
    const issuedTo = Array.from({ length: count }, () => ({ personId: null, how: 'slip' as const }));
    return ok({ codes: await issueWithin(trx, actor, now, roundId, issuedTo, { how: 'slip', issue_key: issueKey }) });
  });
}

export interface PaperTallyInput {
  meeting: string;
  present: number;
  satisfied: number;
  basically_satisfied: number;
  dissatisfied: number;
  unable_to_judge: number;
}

/**
 * A symposium's paper count, typed in by a coordinator while the round is open. Its people
 * present count as issued ballots, so its votes cannot be more than the people present.
 */
export async function recordPaperTally(
  db: DB,
  actor: audit.Actor,
  now: Date,
  roundId: number,
  t: PaperTallyInput,
): Promise<Result<{ id: number }, RoundConflict>> {
  return writeTransaction(db, async (trx) => {
    const round = await repo.findRound(trx, roundId);
    if (!round) return notFound();
    if (!stillOpen(round)) return conflict('closed');
    const cast = CHOICES.reduce((n, c) => n + t[c], 0);
    if (cast > t.present)
      return invalid({ present: { key: 'evaluations.errors.moreThanPresent', params: { cast, present: t.present } } });
    const counts = Object.fromEntries(CHOICES.map((c) => [c, t[c]])) as Counts;
    const id = await repo.insertPaperTally(trx, {
      round_id: roundId,
      ...counts,
      present: t.present,
      meeting: t.meeting,
      entered_by: actor.id,
      entered_at: now.toISOString(),
    });
    // The counts go into the audit log (administrators only), which makes them tamper-evident;
    // the round's pages do not show them until it closes.
    await audit.record(trx, actor, now, {
      action: 'evaluation.paper_tally',
      entityType: 'evaluation_round',
      entityId: roundId,
      data: { paper_tally: id, meeting: t.meeting, present: t.present, counts },
    });
    return ok({ id });
  });
}

/** A note of what a representative said when asked one by one: kept with the round, never counted. */
export async function addSolicitationNote(
  db: DB,
  actor: audit.Actor,
  now: Date,
  roundId: number,
  note: string,
): Promise<Result<{ id: number }, RoundConflict>> {
  return writeTransaction(db, async (trx) => {
    const round = await repo.findRound(trx, roundId);
    if (!round) return notFound();
    if (!stillOpen(round)) return conflict('closed');
    const id = await repo.insertSolicitationNote(trx, {
      round_id: roundId,
      note,
      written_by: actor.id,
      at: now.toISOString(),
    });
    await audit.record(trx, actor, now, {
      action: 'evaluation.solicitation_note',
      entityType: 'evaluation_round',
      entityId: roundId,
      data: { solicitation_note: id },
    });
    return ok({ id });
  });
}

/** Where a round stands for voting at a moment (voting.ts decides the same for a code). */
export type VotingState = 'not_open' | 'open' | 'ended' | 'closed';

export function votingState(
  round: Pick<EvaluationRoundRow, 'state' | 'opens_at' | 'closes_at'>,
  now: Date,
): VotingState {
  if (round.state === 'closed') return 'closed';
  const at = now.toISOString();
  if (at >= round.closes_at) return 'ended';
  if (at < round.opens_at) return 'not_open';
  return 'open';
}

/** At least this many ballots must be cast: issued · numerator / denominator, rounded up, in integers. */
export function quorumNeeded(issued: number, numerator: number, denominator: number): number {
  return Math.floor((issued * numerator + denominator - 1) / denominator);
}

export interface PaperTallyView {
  id: number;
  meeting: string;
  present: number;
  /** Ballots in the tally, all choices together. */
  cast: number;
  enteredAt: string;
  /** Only once the round is closed. */
  counts: Counts | null;
}

export interface RoundResult {
  outcome: Outcome;
  closedAt: string;
  counts: { electronic: Counts; paper: Counts; total: Counts };
  tally: Tally;
  /** For display only. */
  rateTenths: number | null;
  /** `codes` are those that count: issued, less the voided. */
  issued: { codes: number; voided: number; paperPresent: number; total: number };
  quorumNeeded: number;
  /** Cast per issued, in tenths of a percent, rounded as every share is (shared/percent.ts); for display only. */
  turnoutTenths: number | null;
  ballotsHash: string;
  /** Every electronic vote's receipt and choice, sorted by receipt. */
  receipts: Array<{ receipt: string; choice: Choice }>;
  paper: PaperTallyView[];
}

function paperView(rows: PaperTallyRow[], closed: boolean): PaperTallyView[] {
  return rows.map((p) => ({
    id: p.id,
    meeting: p.meeting,
    present: p.present,
    cast: CHOICES.reduce((n, c) => n + p[c], 0),
    enteredAt: p.entered_at,
    counts: closed ? (Object.fromEntries(CHOICES.map((c) => [c, p[c]])) as Counts) : null,
  }));
}

/** A closed round's result as published: the stored outcome and counts, and what anyone needs to recount. */
async function resultOf(db: DB, round: EvaluationRoundRow): Promise<RoundResult | null> {
  if (round.state !== 'closed' || !round.outcome || !round.closed_at) return null;
  const [votes, paperRows] = await Promise.all([repo.votesOf(db, round.id), repo.paperOf(db, round.id)]);
  const electronic = emptyCounts();
  for (const v of votes) electronic[v.choice] += 1;
  const paper = emptyCounts();
  for (const p of paperRows) for (const c of CHOICES) paper[c] += p[c];
  const stored = round.counts ? (JSON.parse(round.counts) as Partial<Counts>) : {};
  const total = Object.fromEntries(CHOICES.map((c) => [c, Number(stored[c] ?? 0)])) as Counts;
  const paperPresent = paperRows.reduce((n, p) => n + p.present, 0);
  const issued = codesCounted(round) + paperPresent;
  const t = tally(total, {
    threshold: round.threshold,
    quorumNumerator: round.quorum_numerator,
    quorumDenominator: round.quorum_denominator,
    issued,
  });
  return {
    outcome: round.outcome,
    closedAt: round.closed_at,
    counts: { electronic, paper, total },
    tally: t,
    rateTenths: rateTenths(t),
    issued: { codes: codesCounted(round), voided: round.voided, paperPresent, total: issued },
    quorumNeeded: quorumNeeded(issued, round.quorum_numerator, round.quorum_denominator),
    turnoutTenths: tenthsOf(t.cast, issued),
    ballotsHash: round.ballots_hash ?? '',
    receipts: votes
      .map((v) => ({ receipt: v.receipt, choice: v.choice }))
      .sort((a, b) => (a.receipt < b.receipt ? -1 : a.receipt > b.receipt ? 1 : 0)),
    paper: paperView(paperRows, true),
  };
}

export interface StaffRound {
  round: EvaluationRoundRow;
  detail: RectificationDetail;
  votingState: VotingState;
  /** Codes issued that count (less the voided). */
  issuedCodes: number;
  voidedCodes: number;
  castElectronic: number;
  paper: PaperTallyView[];
  paperPresent: number;
  paperCast: number;
  quorumNeeded: number;
  notes: repo.SolicitationNoteListRow[];
  /** Null while the round is open: nobody sees how the votes are going until it closes. */
  result: RoundResult | null;
  /** The voters' comments, once closed, in receipt order (which follows nothing about the voter). */
  comments: string[];
}

/** A round as the coordinator's page shows it: numbers of ballots while open, never the choices. */
export async function roundForStaff(db: DB, roundId: number, now: Date, today: string): Promise<Result<StaffRound>> {
  const round = await repo.findRound(db, roundId);
  if (!round) return notFound();
  const detail = await publicRectification(db, round.rectification_id, true, today);
  if (!detail) return notFound();
  const closed = round.state === 'closed';
  const [castElectronic, paperRows, notes] = await Promise.all([
    repo.countCast(db, roundId),
    repo.paperOf(db, roundId),
    repo.notesOf(db, roundId),
  ]);
  const paper = paperView(paperRows, closed);
  const paperPresent = paper.reduce((n, p) => n + p.present, 0);
  const comments = closed
    ? (await repo.votesOf(db, roundId)).map((v) => v.comment).filter((c): c is string => c !== null && c !== '')
    : [];
  return ok({
    round,
    detail,
    votingState: votingState(round, now),
    issuedCodes: codesCounted(round),
    voidedCodes: round.voided,
    castElectronic,
    paper,
    paperPresent,
    paperCast: paper.reduce((n, p) => n + p.cast, 0),
    quorumNeeded: quorumNeeded(codesCounted(round) + paperPresent, round.quorum_numerator, round.quorum_denominator),
    notes,
    result: await resultOf(db, round),
    comments,
  });
}

export interface RectificationRounds {
  detail: RectificationDetail;
  rounds: EvaluationRoundRow[];
  openRound: EvaluationRoundRow | null;
  /** Whether a coordinator may open a round now: reported done, or under review with no round open. */
  mayOpen: boolean;
  campaign: { threshold: number; quorumNumerator: number; quorumDenominator: number };
}

/** A rectification's rounds, and what a new one would freeze into itself. */
export async function roundsOfRectification(
  db: DB,
  rectificationId: number,
  today: string,
): Promise<Result<RectificationRounds>> {
  const detail = await publicRectification(db, rectificationId, true, today);
  if (!detail) return notFound();
  const rounds = await repo.roundsOf(db, rectificationId);
  const openRound = rounds.find((r) => r.state === 'open') ?? null;
  const campaign = (await campaigns.findCampaign(db, detail.rectification.campaign_id))!;
  const state = detail.rectification.state;
  return ok({
    detail,
    rounds,
    openRound,
    mayOpen: state === 'reported_done' || (state === 'under_review' && openRound === null),
    campaign: {
      threshold: campaign.threshold,
      quorumNumerator: campaign.quorum_numerator,
      quorumDenominator: campaign.quorum_denominator,
    },
  });
}

export interface PublishedResult {
  round: EvaluationRoundRow;
  detail: RectificationDetail;
  result: RoundResult;
}

/**
 * The result page: only for a closed round, and for an individual cadre's rectification only to
 * signed-in staff (published within the organisation), as the rectification itself.
 */
export async function publishedResult(
  db: DB,
  roundId: number,
  staffReader: boolean,
  today: string,
): Promise<Result<PublishedResult>> {
  const round = await repo.findRound(db, roundId);
  // While a round is open its result does not exist yet, for anyone.
  if (!round || round.state !== 'closed') return notFound();
  const detail = await publicRectification(db, round.rectification_id, staffReader, today);
  if (!detail) return notFound();
  const result = await resultOf(db, round);
  return result ? ok({ round, detail, result }) : notFound();
}

export interface Ballot {
  round: EvaluationRoundRow;
  /** What the voter judges. A code holder reads it whatever its level: the code is their admission. */
  detail: RectificationDetail;
}

/** The round and rectification a code that voting.checkCode accepted is for. */
export async function ballotOf(db: DB, roundId: number, today: string): Promise<Result<Ballot>> {
  const round = await repo.findRound(db, roundId);
  if (!round) return notFound();
  const detail = await publicRectification(db, round.rectification_id, true, today);
  return detail ? ok({ round, detail }) : notFound();
}

// For the staff pages: the rounds overview, and the members a round's page may invite --------------

export const listRounds = (db: DB, limit: number) => repo.listRounds(db, limit);
/** A rectification's closed rounds, whose results are published. */
export const closedRoundsOf = async (db: DB, rectificationId: number) =>
  (await repo.roundsOf(db, rectificationId)).filter((r) => r.state === 'closed');
/** The rectification's round that is open, if any: while there is one, its measures and progress are frozen. */
export const openRoundOf = (db: DB, rectificationId: number) => repo.openRoundOf(db, rectificationId);
export const awaitingRound = (db: DB) => repo.awaitingRound(db);
/** Members of the register a round may still invite today (active, in their term, with an address, not given a code yet), and how many have a code already. */
export async function membersToInvite(db: DB, roundId: number, today: string) {
  const invited = await repo.invitedTo(db, roundId);
  return {
    members: (await repo.invitablePeople(db, today)).filter((m) => !invited.has(m.id)),
    invitedCount: invited.size,
  };
}

/** The round a code belongs to, used or not, to say when it opens or where its result is; undefined for no such code. */
export async function roundOfCode(db: DB, input: unknown): Promise<EvaluationRoundRow | undefined> {
  const code = readBallotCode(input);
  if (!code) return undefined;
  const ballot = await repo.findBallot(db, hashBallotCode(code));
  return ballot ? repo.findRound(db, ballot.round_id) : undefined;
}

/**
 * Emails a code to each chosen member of the register (active, with an address) and issues only
 * the codes that were delivered: a code lost in the post would count as issued and weigh on the
 * quorum. The codes are made and mailed first, then their hashes stored, never the codes.
 */
export async function inviteMembers(
  db: DB,
  mailer: Mailer,
  baseUrl: string,
  actor: audit.Actor,
  now: Date,
  roundId: number,
  personIds: readonly number[],
  /** The calendar day in the portal's zone: a member whose term has not begun or has ended is not invited. */
  today: string,
): Promise<Result<{ sent: number; failed: number }, RoundConflict>> {
  const round = await repo.findRound(db, roundId);
  if (!round) return notFound();
  if (!stillOpen(round) || now.toISOString() >= round.closes_at) return conflict('voting_ended');
  const members = await repo.invitablePeople(db, today, personIds);
  if (personIds.length === 0 || members.length !== new Set(personIds).size)
    return invalid({ people: { key: 'evaluations.errors.chooseMembers' } });
  // One member, one code: a second invitation would be a second vote.
  const already = await repo.invitedTo(db, roundId);
  if (members.some((m) => already.has(m.id))) return invalid({ people: { key: 'evaluations.errors.alreadyInvited' } });
  const title = await repo.rectificationTitle(db, round.rectification_id);
  const delivered: Array<{ personId: number; code: string }> = [];
  let failed = 0;
  for (const m of members) {
    const code = newBallotCode();
    try {
      await mailer.send({
        to: m.email,
        locale: m.locale === 'en' ? 'en' : 'zh-CN',
        template: 'evaluations/invitation',
        data: {
          title,
          code: groupBallotCode(code),
          voteUrl: `${baseUrl}/vote?code=${code}`,
          closesAt: round.closes_at,
        },
      });
      delivered.push({ personId: m.id, code });
    } catch {
      failed++;
    }
  }
  return writeTransaction(db, async (trx) => {
    const again = await repo.findRound(trx, roundId);
    if (!again || !stillOpen(again)) return conflict('closed');
    const issuedMeanwhile = await repo.invitedTo(trx, roundId);
    if (delivered.some((d) => issuedMeanwhile.has(d.personId)))
      return invalid({ people: { key: 'evaluations.errors.alreadyInvited' } });
    if (delivered.length > 0) {
      await issueWithin(
        trx,
        actor,
        now,
        roundId,
        delivered.map((d) => ({ personId: d.personId, how: 'email' as const })),
        { how: 'email', failed },
        delivered.map((d) => d.code),
      );
    }
    return ok({ sent: delivered.length, failed });
  });
}
