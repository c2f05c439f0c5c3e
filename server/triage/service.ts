// Triage: a coordinator sorts each opinion (the unit it concerns, a category), then links it to
// a problem, marks it a duplicate of another opinion, or marks it not actionable with a reason.
// Every step is one transaction: the opinion row, a public event for its submitter (never a
// staff name) and an audit entry. State moves go through opinions/state.ts and nowhere else.
import type { OpinionScope } from '../accounts/permissions.js';
import * as audit from '../audit/service.js';
import type { DB } from '../db/database.js';
import * as opinions from '../opinions/repository.js';
import { canMove, move, type OpinionState } from '../opinions/state.js';
import type { OpinionRow, OpinionsTable } from '../opinions/tables.js';
import type { Category } from '../opinions/categories.js';
import * as problems from '../problems/repository.js';
import type { ProblemForm } from '../problems/schemas.js';
import type { ProblemRow } from '../problems/tables.js';
import { insertProblemIn, openProblems, problemTitle, similarProblems } from '../problems/service.js';
import { similarityQuery } from '../search/query.js';
import { conflict, invalid, notFound, ok, type Refusal, type Result } from '../shared/result.js';
import * as units from '../units/repository.js';
import type { Updateable } from 'kysely';
import { writeTransaction } from '../db/transaction.js';

/**
 * A step the rules refuse, deep inside the steps: thrown inside the transaction so that nothing
 * of it is kept, and turned into the use-case's answer right outside it (inOneTransaction). It
 * never leaves this file.
 */
class Rollback extends Error {
  constructor(readonly refusal: Refusal<'state'>) {
    super('rolled back');
  }
}

/**
 * What a triage use-case answers: a refusal of the form (invalid), or `conflict('state')` when the
 * opinion's state does not allow the move (the state table in opinions/state.ts decides).
 */
export type TriageResult<T> = Result<T, 'state'>;

/** Runs the steps in one transaction; a refusal anywhere rolls all of them back and is the answer. */
async function inOneTransaction<T>(db: DB, steps: (trx: DB) => Promise<T>): Promise<TriageResult<T>> {
  try {
    return ok(await writeTransaction(db, steps));
  } catch (e) {
    if (e instanceof Rollback) return e.refusal;
    throw e;
  }
}

async function opinionIn(trx: DB, id: number): Promise<OpinionRow> {
  const opinion = await opinions.findById(trx, id);
  if (!opinion) throw new Rollback(invalid({ _form: { key: 'triage.errors.unknownOpinion' } }));
  return opinion;
}

/** Reasons the submitter reads on the tracking page; other reasons stay in the audit log. */
const REASON_IS_PUBLIC: ReadonlySet<OpinionState> = new Set(['duplicate', 'not_actionable']);

interface Step {
  action: string;
  to: OpinionState;
  reason?: string | null;
  changes?: Updateable<OpinionsTable>;
  /** What the event was about, for the tracking page and the log. */
  data?: Record<string, unknown>;
}

/** Writes one step: the row, the public event, the audit entry. The state table decides whether the move is allowed. */
async function applyStep(trx: DB, actor: audit.Actor, now: Date, opinion: OpinionRow, step: Step): Promise<OpinionRow> {
  const stateChanges = opinion.state !== step.to;
  if (stateChanges && !canMove(opinion.state, step.to)) throw new Rollback(conflict('state'));
  if (stateChanges) move(opinion.state, step.to, step.reason);
  await opinions.updateOpinion(trx, opinion.id, { ...step.changes, state: step.to });
  await opinions.insertEvent(trx, {
    opinion_id: opinion.id,
    at: now.toISOString(),
    from_state: opinion.state,
    to_state: step.to,
    note: REASON_IS_PUBLIC.has(step.to) ? (step.reason ?? null) : null,
    data: step.data ? JSON.stringify(step.data) : null,
  });
  await audit.record(trx, actor, now, {
    action: step.action,
    entityType: 'opinion',
    entityId: opinion.id,
    from: stateChanges ? opinion.state : null,
    to: stateChanges ? step.to : null,
    reason: step.reason ?? null,
    data: step.data ?? null,
  });
  return { ...opinion, ...step.changes, state: step.to } as OpinionRow;
}

// The steps ------------------------------------------------------------------------------------

export interface SortInput {
  unitId: number | null;
  category: Category | null;
}

/** Sets the unit an opinion concerns and its category; a newly received one becomes triaged. */
async function sortStep(
  trx: DB,
  actor: audit.Actor,
  now: Date,
  opinion: OpinionRow,
  input: SortInput,
): Promise<OpinionRow> {
  if (input.unitId !== null && !(await units.findUnit(trx, input.unitId)))
    throw new Rollback(invalid({ unit_id: { key: 'triage.errors.unknownUnit' } }));
  if (opinion.unit_id === input.unitId && opinion.category === input.category && opinion.state !== 'received')
    return opinion;
  return applyStep(trx, actor, now, opinion, {
    action: 'opinion.sorted',
    to: opinion.state === 'received' ? 'triaged' : opinion.state,
    changes: { unit_id: input.unitId, category: input.category },
    data: {
      unit_id: input.unitId,
      category: input.category,
      before: { unit_id: opinion.unit_id, category: opinion.category },
    },
  });
}

export type LinkTarget = { problemId: number } | { campaignId: number; newProblem: ProblemForm };

async function targetProblem(trx: DB, actor: audit.Actor, now: Date, target: LinkTarget): Promise<ProblemRow> {
  if ('problemId' in target) {
    const problem = await problems.findProblem(trx, target.problemId);
    if (!problem || problem.state !== 'open')
      throw new Rollback(invalid({ problem_id: { key: 'triage.errors.unknownProblem' } }));
    return problem;
  }
  const created = await insertProblemIn(trx, actor, now, target.campaignId, target.newProblem);
  // The new problem's fields carry the prefix they have on the triage form.
  if (!created.ok) {
    throw new Rollback(
      created.refusal === 'invalid'
        ? invalid(Object.fromEntries(Object.entries(created.errors).map(([k, e]) => [`problem_${k}`, e])))
        : created,
    );
  }
  return (await problems.findProblem(trx, created.value.id))!;
}

/** Links opinions to the problem. An opinion linked elsewhere moves here; unset unit and category come from the problem. */
async function linkStep(
  trx: DB,
  actor: audit.Actor,
  now: Date,
  rows: OpinionRow[],
  problem: ProblemRow,
): Promise<number> {
  const refused = rows.filter(
    (o) => o.campaign_id !== problem.campaign_id || !(o.state === 'linked' || canMove(o.state, 'linked')),
  );
  if (refused.length > 0)
    throw new Rollback(
      invalid({ ids: { key: 'triage.errors.cannotLink', params: { ids: refused.map((o) => `#${o.id}`).join(', ') } } }),
    );
  let linked = 0;
  for (const o of rows) {
    if (o.state === 'linked' && o.problem_id === problem.id) continue;
    await applyStep(trx, actor, now, o, {
      action: o.state === 'linked' ? 'opinion.relinked' : 'opinion.linked',
      to: 'linked',
      changes: {
        problem_id: problem.id,
        duplicate_of: null,
        unit_id: o.unit_id ?? problem.unit_id,
        category: o.category ?? problem.category,
      },
      data: { problem_id: problem.id, ...(o.problem_id !== null ? { before: { problem_id: o.problem_id } } : {}) },
    });
    linked++;
  }
  return linked;
}

async function duplicateStep(
  trx: DB,
  actor: audit.Actor,
  now: Date,
  opinion: OpinionRow,
  duplicateOf: number,
  reason: string,
): Promise<void> {
  const original = await opinions.findById(trx, duplicateOf);
  if (!original || original.id === opinion.id || original.campaign_id !== opinion.campaign_id)
    throw new Rollback(invalid({ duplicate_of: { key: 'triage.errors.badOriginal' } }));
  // A chain of duplicates would hide where the opinion really went: point at the one it repeats.
  if (original.state === 'duplicate')
    throw new Rollback(
      invalid({
        duplicate_of: { key: 'triage.errors.originalIsDuplicate', params: { id: original.duplicate_of ?? '' } },
      }),
    );
  await applyStep(trx, actor, now, opinion, {
    action: 'opinion.marked_duplicate',
    to: 'duplicate',
    reason,
    changes: { duplicate_of: duplicateOf, problem_id: null },
    data: { duplicate_of: duplicateOf },
  });
}

// The use-cases ------------------------------------------------------------------------------

/** What the coordinator decided for the opinion, besides its unit and category. */
export type Outcome =
  | { kind: 'keep' }
  | { kind: 'link'; target: LinkTarget }
  | { kind: 'duplicate'; duplicateOf: number; reason: string }
  | { kind: 'not_actionable' | 'hidden'; reason: string };

/** The triage form: sort the opinion and settle it, all or nothing. */
export async function triageOpinion(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  sort: SortInput,
  outcome: Outcome,
): Promise<TriageResult<{ problemId: number | null }>> {
  return inOneTransaction(db, async (trx) => {
    const opinion = await sortStep(trx, actor, now, await opinionIn(trx, id), sort);
    switch (outcome.kind) {
      case 'keep':
        return { problemId: null };
      case 'link': {
        const problem = await targetProblem(trx, actor, now, outcome.target);
        await linkStep(trx, actor, now, [opinion], problem);
        return { problemId: problem.id };
      }
      case 'duplicate':
        await duplicateStep(trx, actor, now, opinion, outcome.duplicateOf, outcome.reason);
        return { problemId: null };
      default:
        await applyStep(trx, actor, now, opinion, {
          action: outcome.kind === 'hidden' ? 'opinion.hidden' : 'opinion.not_actionable',
          to: outcome.kind,
          reason: outcome.reason,
          changes: { problem_id: null, duplicate_of: null },
        });
        return { problemId: null };
    }
  });
}

/** Several opinions linked to one problem at once (chosen in the inbox). All or nothing. */
export async function linkOpinions(
  db: DB,
  actor: audit.Actor,
  now: Date,
  ids: readonly number[],
  target: LinkTarget,
): Promise<TriageResult<{ problemId: number; linked: number }>> {
  return inOneTransaction(db, async (trx) => {
    if (ids.length === 0) throw new Rollback(invalid({ ids: { key: 'triage.errors.noneChosen' } }));
    const rows = await opinions.findManyById(trx, ids);
    if (rows.length !== new Set(ids).size)
      throw new Rollback(invalid({ ids: { key: 'triage.errors.unknownOpinion' } }));
    const problem = await targetProblem(trx, actor, now, target);
    return { problemId: problem.id, linked: await linkStep(trx, actor, now, rows, problem) };
  });
}

/** Back to triaged: undoes a link, a duplicate, a set-aside or a hide, with a reason. */
export async function reopenOpinion(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  reason: string,
): Promise<TriageResult<{ id: number }>> {
  return inOneTransaction(db, async (trx) => {
    const opinion = await opinionIn(trx, id);
    if (opinion.state === 'received' || opinion.state === 'triaged' || !canMove(opinion.state, 'triaged'))
      throw new Rollback(conflict('state'));
    await applyStep(trx, actor, now, opinion, {
      action: 'opinion.reopened',
      to: 'triaged',
      reason,
      changes: { problem_id: null, duplicate_of: null },
      data: opinion.problem_id !== null ? { before: { problem_id: opinion.problem_id } } : undefined,
    });
    return { id };
  });
}

/** A public comment on a problem is linked to it as it is acknowledged, inside the same transaction. */
export async function linkComment(trx: DB, now: Date, opinionId: number, problemId: number): Promise<void> {
  const problem = await problems.findProblem(trx, problemId);
  if (!problem) throw new Error(`problem ${problemId} vanished while a comment on it was filed`);
  await linkStep(trx, audit.PUBLIC_ACTOR, now, [await opinionIn(trx, opinionId)], problem);
}

// Reading, for the triage pages ---------------------------------------------------------------

/** What the triage page shows beside one opinion: open problems, similar opinions and problems, how many wait. */
export interface TriageView {
  opinion: opinions.StaffOpinionRow;
  openProblems: Awaited<ReturnType<typeof openProblems>>;
  similar: opinions.SimilarOpinionRow[];
  similarProblems: Awaited<ReturnType<typeof similarProblems>>;
  /** Opinions of the campaign not sorted yet. */
  waiting: number;
  /** The title of the problem it is linked to, if any (open or merged). */
  currentProblemTitle: string | null;
}

/** One opinion for triage with what is shown beside it; not_found when there is none. */
export async function triageView(
  db: DB,
  id: number,
  scope: OpinionScope,
  similarLimit: number,
): Promise<Result<TriageView>> {
  const opinion = await opinions.findForStaff(db, id);
  if (!opinion) return notFound();
  const query = similarityQuery(opinion.body);
  const [open, similar, similarToIt, waiting] = await Promise.all([
    openProblems(db, opinion.campaign_id),
    query ? opinions.similarOpinions(db, opinion.campaign_id, query, scope, id, similarLimit) : [],
    query ? similarProblems(db, opinion.campaign_id, query, similarLimit) : [],
    opinions.countInState(db, opinion.campaign_id, 'received'),
  ]);
  const currentProblemTitle =
    opinion.problem_id === null
      ? null
      : (open.find((p) => p.id === opinion.problem_id)?.title ?? (await problemTitle(db, opinion.problem_id)));
  return ok({ opinion, openProblems: open, similar, similarProblems: similarToIt, waiting, currentProblemTitle });
}

/** The opinion to triage (its campaign decides where the queue goes next); not_found when there is none. */
export async function opinionToTriage(db: DB, id: number): Promise<Result<OpinionRow>> {
  const opinion = await opinions.findById(db, id);
  return opinion ? ok(opinion) : notFound();
}

/** The oldest opinion of the campaign still waiting to be sorted (other than `excludeId`), or null. */
export async function nextWaiting(db: DB, campaignId: number, excludeId?: number): Promise<number | null> {
  return opinions.nextReceived(db, campaignId, excludeId);
}

/** The opinions chosen for linking at once, with the open problems of the first one's campaign; not_found when none of them exists. */
export async function chosenOpinions(
  db: DB,
  ids: readonly number[],
): Promise<Result<{ rows: OpinionRow[]; campaignId: number; openProblems: Awaited<ReturnType<typeof openProblems>> }>> {
  const rows = await opinions.findManyById(db, ids);
  if (rows.length === 0) return notFound();
  // Problems are offered from the first one's campaign; others are refused by the use-case, by number.
  const campaignId = rows[0]!.campaign_id;
  return ok({ rows, campaignId, openProblems: await openProblems(db, campaignId) });
}
