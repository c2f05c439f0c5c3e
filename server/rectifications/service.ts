// Rectification use-cases: a coordinator (or the unit) starts one for a problem, the unit drafts
// its measures, a coordinator approves the draft (the promise becomes public), the unit reports
// progress and at the end reports it done. Each is one transaction with its audit entry and,
// where the public may see it, a timeline entry. State moves go through state.ts only.
import type { ProblemScope } from '../accounts/permissions.js';
import * as audit from '../audit/service.js';
import * as auditRepo from '../audit/repository.js';
import type { AuditRow } from '../audit/tables.js';
import type { DB } from '../db/database.js';
import type { FieldErrors } from '../forms/validate.js';
import * as problems from '../problems/repository.js';
import { problemInScope } from '../problems/service.js';
import type { ProblemRow } from '../problems/tables.js';
import {
  conflict,
  forbidden,
  invalid,
  notFound,
  ok,
  type Forbidden,
  type NotFound,
  type Ok,
  type Result,
} from '../shared/result.js';
import * as units from '../units/repository.js';
import { isOverdue, lateMeasures } from './overdue.js';
import * as repo from './repository.js';
import { measureField, type DraftForm, type ProgressForm, type ReturnForm, type RevisionForm } from './schemas.js';
import {
  maySendRevision,
  move,
  needsRevision,
  refusalOf,
  startsNewRound,
  submissionCycle,
  type MoveFacts,
  type RectificationState,
} from './state.js';
import type {
  MeasureRow,
  ProgressReportRow,
  RectificationEventKind,
  RectificationEventRow,
  RectificationRow,
  RevisionMeasureRow,
  SubmissionRow,
} from './tables.js';
import { writeTransaction } from '../db/transaction.js';

/**
 * Why a change refuses on account of state: the problem was merged into another, the
 * rectification is no longer a draft, it is being judged (frozen), it cannot take progress now,
 * or it is not in progress. The pages say each by the form.
 */
export type RectificationConflict =
  | 'problem_merged'
  | 'not_draft'
  | 'frozen'
  | 'no_progress_now'
  | 'not_in_progress'
  // Done again: no revision approved for this round yet, or one waits for approval.
  | 'revision_needed'
  | 'revision_pending'
  // No revision can be sent or approved now; nothing waits to be returned; the draft already waits.
  | 'no_revision_now'
  | 'nothing_to_return'
  | 'already_submitted';

export type Change = Result<{ id: number }, RectificationConflict>;

type Found = Ok<RectificationRow> | NotFound | Forbidden;

/** Loads the rectification for a change, checking the scope: not found, or forbidden outside it. */
async function forChange(trx: DB, id: number, scope: ProblemScope): Promise<Found> {
  const r = await repo.findRectification(trx, id);
  if (!r) return notFound();
  if (!problemInScope(scope, r)) return forbidden();
  return ok(r);
}

/** The rectification, if it exists and is in the reader's scope (a form that did not read says 404 or 403 first). */
export const rectificationInScope = (db: DB, id: number, scope: ProblemScope): Promise<Found> =>
  forChange(db, id, scope);

export interface Step {
  action: string;
  to: RectificationState;
  kind: RectificationEventKind;
  note?: string | null;
  data?: Record<string, unknown>;
}

/** One move of the life cycle: the row, the public timeline entry, the audit entry. The only writer of a rectification's state. */
export async function moveTo(
  trx: DB,
  actor: audit.Actor,
  now: Date,
  r: RectificationRow,
  step: Step,
): Promise<RectificationRow> {
  move(r.state, step.to);
  const round = startsNewRound(r.state, step.to) ? r.round + 1 : r.round;
  const at = now.toISOString();
  const changes = { state: step.to, round, updated_at: at, ...(step.to === 'committed' ? { committed_at: at } : {}) };
  await repo.updateRectification(trx, r.id, changes);
  await repo.insertEvent(trx, {
    rectification_id: r.id,
    at,
    kind: step.kind,
    from_state: r.state,
    to_state: step.to,
    round,
    note: step.note ?? null,
    data: step.data ? JSON.stringify(step.data) : null,
  });
  await audit.record(trx, actor, now, {
    action: step.action,
    entityType: 'rectification',
    entityId: r.id,
    from: r.state,
    to: step.to,
    data: { round, ...step.data },
  });
  return { ...r, ...changes };
}

/** Starts the rectification of a problem, as a draft for the responsible unit to fill in. */
export async function startRectification(
  db: DB,
  actor: audit.Actor,
  now: Date,
  problemId: number,
  scope: ProblemScope,
): Promise<Change> {
  return writeTransaction(db, async (trx) => {
    const problem = await problems.findProblem(trx, problemId);
    if (!problem) return notFound();
    if (!problemInScope(scope, problem)) return forbidden();
    const existing = await repo.findByProblem(trx, problemId);
    if (existing) return ok({ id: existing.id });
    if (problem.state !== 'open') return conflict('problem_merged');
    const at = now.toISOString();
    const id = await repo.insertRectification(trx, {
      problem_id: problem.id,
      campaign_id: problem.campaign_id,
      unit_id: problem.unit_id,
      target_date: null,
      committed_at: null,
      created_by: actor.id,
      created_at: at,
      updated_at: at,
    });
    await audit.record(trx, actor, now, {
      action: 'rectification.started',
      entityType: 'rectification',
      entityId: id,
      to: 'draft',
      data: { problem_id: problem.id, unit_id: problem.unit_id },
    });
    return ok({ id });
  });
}

/** Saves the draft: who is responsible, by when, and the measures. Only a draft can change: a promise made is not rewritten. */
export async function saveDraft(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  scope: ProblemScope,
  form: DraftForm,
): Promise<Change> {
  return writeTransaction(db, async (trx) => {
    const found = await forChange(trx, id, scope);
    if (!found.ok) return found;
    const r = found.value;
    if (r.state !== 'draft') return conflict('not_draft');
    const existing = new Map((await repo.measuresOf(trx, id)).map((m) => [m.id, m]));
    const errors: FieldErrors = {};
    for (const m of form.measures)
      if (m.id !== null && !existing.has(m.id))
        errors[measureField(m.row, 'description')] = { key: 'rectifications.errors.unknownMeasure' };
    if (Object.keys(errors).length > 0) return invalid(errors);

    const at = now.toISOString();
    const kept = form.measures.filter((m) => !m.remove);
    await repo.deleteDraftMeasures(
      trx,
      id,
      form.measures.filter((m) => m.remove && m.id !== null).map((m) => m.id!),
    );
    for (const [position, m] of kept.entries()) {
      const values = { position, description: m.description, owner: m.owner, deadline: m.deadline, updated_at: at };
      if (m.id !== null) await repo.updateMeasure(trx, m.id, values);
      else await repo.insertMeasure(trx, { rectification_id: id, ...values, done_at: null, created_at: at });
    }
    await repo.updateRectification(trx, id, {
      responsible_person: form.responsible_person,
      target_date: form.target_date,
      updated_at: at,
    });
    await audit.record(trx, actor, now, {
      action: 'rectification.drafted',
      entityType: 'rectification',
      entityId: id,
      data: { measures: kept.length, removed: form.measures.length - kept.length, target_date: form.target_date },
    });
    return ok({ id });
  });
}

/** The coordinator approves the draft: committed, stamped, public from this moment. */
export async function commitRectification(db: DB, actor: audit.Actor, now: Date, id: number): Promise<Change> {
  return writeTransaction(db, async (trx) => {
    const r = await repo.findRectification(trx, id);
    if (!r) return notFound();
    if (r.state !== 'draft') return conflict('not_draft');
    const measures = await repo.measuresOf(trx, id);
    if (measures.length === 0 || !r.target_date || !r.responsible_person)
      return invalid({ _form: { key: 'rectifications.errors.incompleteDraft' } });
    const waiting = latestOf(await repo.submissionsOf(trx, id), 'draft', r.round);
    if (waiting?.state === 'submitted') await decide(trx, actor, now, waiting, 'approved');
    await moveTo(trx, actor, now, r, {
      action: 'rectification.committed',
      to: 'committed',
      kind: 'committed',
      data: { measures: measures.length, target_date: r.target_date },
    });
    return ok({ id });
  });
}

const PROGRESS_FROM: readonly RectificationState[] = ['committed', 'in_progress', 'failed', 'relapsed'];

/**
 * Under review, a round is judging the rectification as it stood when the round opened (its
 * fingerprint of the measures and progress): nothing of either changes until the round closes.
 * A draft's measures change only in a draft, and a round opens only after the report that it is
 * done, so progress is the one thing that could: it is refused here, in so many words.
 */
const FROZEN: readonly RectificationState[] = ['reported_done', 'under_review'];
export const frozenForReview = (state: RectificationState): boolean => FROZEN.includes(state);

/**
 * The unit reports progress: a dated note, optionally a percentage and the measures now done.
 * The first report starts the work; after a failed round or a relapse it starts the next round.
 */
export async function reportProgress(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  scope: ProblemScope,
  form: ProgressForm,
): Promise<Change> {
  return writeTransaction(db, async (trx) => {
    const found = await forChange(trx, id, scope);
    if (!found.ok) return found;
    let r = found.value;
    if (frozenForReview(r.state)) return conflict('frozen');
    if (!PROGRESS_FROM.includes(r.state)) return conflict('no_progress_now');
    const measures = await repo.measuresOf(trx, id);
    const known = new Set(measures.map((m) => m.id));
    if (form.done.some((m) => !known.has(m))) return invalid({ done: { key: 'rectifications.errors.unknownMeasure' } });
    const newlyDone = form.done.filter((m) => measures.find((x) => x.id === m)?.done_at === null);
    if (r.state !== 'in_progress')
      r = await moveTo(trx, actor, now, r, { action: 'rectification.started_work', to: 'in_progress', kind: 'state' });
    const at = now.toISOString();
    await repo.markMeasuresDone(trx, id, newlyDone, at);
    await repo.insertProgress(trx, {
      rectification_id: id,
      round: r.round,
      at,
      note: form.note,
      percent: form.percent,
      measures_done: JSON.stringify(newlyDone),
      reported_by: actor.id,
    });
    await repo.insertEvent(trx, {
      rectification_id: id,
      at,
      kind: 'progress',
      from_state: null,
      to_state: null,
      round: r.round,
      note: form.note,
      data: JSON.stringify({ percent: form.percent, measures_done: newlyDone }),
    });
    await repo.updateRectification(trx, id, { updated_at: at });
    await audit.record(trx, actor, now, {
      action: 'rectification.progress',
      entityType: 'rectification',
      entityId: id,
      data: { percent: form.percent, measures_done: newlyDone, round: r.round },
    });
    return ok({ id });
  });
}

/** The unit reports the rectification done: every measure must be. */
export async function reportDone(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  scope: ProblemScope,
  note: string,
): Promise<Change> {
  return writeTransaction(db, async (trx) => {
    const found = await forChange(trx, id, scope);
    if (!found.ok) return found;
    const r = found.value;
    if (r.state !== 'in_progress') return conflict('not_in_progress');
    // Done again after a failed round or a relapse: only with the round's revision approved.
    const refused = refusalOf(r.state, 'reported_done', (await revisionOf(trx, r)).facts);
    if (refused === 'revision_needed' || refused === 'revision_pending') return conflict(refused);
    const open = (await repo.measuresOf(trx, id)).filter((m) => m.done_at === null);
    if (open.length > 0)
      return invalid({ note: { key: 'rectifications.errors.measuresOpen', params: { count: open.length } } });
    await moveTo(trx, actor, now, r, {
      action: 'rectification.reported_done',
      to: 'reported_done',
      kind: 'reported_done',
      note,
    });
    return ok({ id });
  });
}

// Sent for approval: the draft, and the revision after a failed round or a relapse ------------

/** The latest submission of this kind for the round, if any. */
function latestOf(
  rows: readonly SubmissionRow[],
  kind: SubmissionRow['kind'],
  round: number,
): SubmissionRow | undefined {
  return rows.filter((s) => s.kind === kind && s.round === round).at(-1);
}

/** The round's latest revision, and the facts the guarded move needs. */
async function revisionOf(
  trx: DB,
  r: RectificationRow,
): Promise<{ latest: SubmissionRow | undefined; facts: MoveFacts }> {
  const latest = latestOf(await repo.submissionsOf(trx, r.id), 'revision', r.round);
  return { latest, facts: { round: r.round, revision: latest?.state ?? null } };
}

/** A waiting submission approved or returned, through its table; false if someone decided it first. */
async function decide(
  trx: DB,
  actor: audit.Actor,
  now: Date,
  s: SubmissionRow,
  to: 'approved' | 'returned',
  returnReason: string | null = null,
): Promise<boolean> {
  submissionCycle.move(s.state, to);
  return repo.decideSubmission(trx, s.id, {
    state: to,
    decided_at: now.toISOString(),
    decided_by: actor.id,
    ...(to === 'returned' ? { return_reason: returnReason } : {}),
  });
}

/** What the route needs to tell the coordinators that something waits for them. */
export interface Submitted {
  id: number;
  kind: 'draft' | 'revision';
}

/** The unit sends its draft to the coordinators for approval. It stays a draft, and can still be edited. */
export async function submitDraft(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  scope: ProblemScope,
): Promise<Result<Submitted, RectificationConflict>> {
  return writeTransaction(db, async (trx) => {
    const found = await forChange(trx, id, scope);
    if (!found.ok) return found;
    const r = found.value;
    if (r.state !== 'draft') return conflict('not_draft');
    const measures = await repo.measuresOf(trx, id);
    if (measures.length === 0 || !r.target_date || !r.responsible_person)
      return invalid({ _form: { key: 'rectifications.errors.incompleteDraft' } });
    if (latestOf(await repo.submissionsOf(trx, id), 'draft', r.round)?.state === 'submitted')
      return conflict('already_submitted');
    const at = now.toISOString();
    await repo.insertSubmission(trx, {
      rectification_id: id,
      round: r.round,
      kind: 'draft',
      state: 'submitted',
      submitted_at: at,
      submitted_by: actor.id,
      created_at: at,
    });
    await audit.record(trx, actor, now, {
      action: 'rectification.draft_submitted',
      entityType: 'rectification',
      entityId: id,
      data: { measures: measures.length },
    });
    return ok({ id, kind: 'draft' as const });
  });
}

/**
 * After a failed round or a relapse the unit revises its measures: reopens some with a new
 * deadline, adds new ones (at least one change), gives a new target date and says why. The
 * revision waits for a coordinator; nothing of it is public or applied until approved.
 */
export async function submitRevision(
  db: DB,
  actor: audit.Actor,
  now: Date,
  today: string,
  id: number,
  scope: ProblemScope,
  form: RevisionForm,
): Promise<Result<Submitted, RectificationConflict>> {
  return writeTransaction(db, async (trx) => {
    const found = await forChange(trx, id, scope);
    if (!found.ok) return found;
    const r = found.value;
    const { facts } = await revisionOf(trx, r);
    if (!maySendRevision(r.state, facts))
      return conflict(facts.revision === 'submitted' ? 'revision_pending' : 'no_revision_now');
    const measures = new Map((await repo.measuresOf(trx, id)).map((m) => [m.id, m]));
    const errors: FieldErrors = {};
    const seen = new Set<number>();
    for (const c of form.reopened) {
      const m = measures.get(c.id!);
      if (!m || seen.has(c.id!)) errors[c.field] = { key: 'rectifications.errors.unknownMeasure' };
      else if (c.deadline === m.deadline && m.done_at === null)
        errors[c.field] = { key: 'rectifications.errors.deadlineNotNew' };
      else if (c.deadline < today) errors[c.field] = { key: 'rectifications.errors.deadlinePast' };
      seen.add(c.id!);
    }
    for (const c of form.added) if (c.deadline < today) errors[c.field] = { key: 'rectifications.errors.deadlinePast' };
    if (form.target_date < today) errors.target_date = { key: 'rectifications.errors.deadlinePast' };
    if (Object.keys(errors).length > 0) return invalid(errors);

    const at = now.toISOString();
    const submission = await repo.insertSubmission(trx, {
      rectification_id: id,
      round: r.round,
      kind: 'revision',
      state: 'submitted',
      reason: form.reason,
      target_date: form.target_date,
      submitted_at: at,
      submitted_by: actor.id,
      created_at: at,
    });
    for (const c of form.reopened) {
      const m = measures.get(c.id!)!;
      await repo.insertRevisionMeasure(trx, {
        submission_id: submission,
        measure_id: m.id,
        change: 'reopened',
        description: m.description,
        owner: m.owner,
        deadline: c.deadline,
      });
    }
    for (const c of form.added)
      await repo.insertRevisionMeasure(trx, {
        submission_id: submission,
        measure_id: null,
        change: 'added',
        description: c.description,
        owner: c.owner,
        deadline: c.deadline,
      });
    await audit.record(trx, actor, now, {
      action: 'rectification.revision_submitted',
      entityType: 'rectification',
      entityId: id,
      data: {
        round: r.round,
        reopened: form.reopened.map((c) => c.id),
        added: form.added.length,
        target_date: form.target_date,
      },
    });
    return ok({ id, kind: 'revision' as const });
  });
}

/**
 * A coordinator approves the round's revision: reopened measures take their new deadlines and
 * are open again (the old deadline and done time are kept beside them), new ones are added, the
 * target date moves, and the revision goes on the public timeline. From then the unit may report
 * it done again, once every measure is.
 */
export async function approveRevision(db: DB, actor: audit.Actor, now: Date, id: number): Promise<Change> {
  return writeTransaction(db, async (trx) => {
    const r = await repo.findRectification(trx, id);
    if (!r) return notFound();
    const { latest } = await revisionOf(trx, r);
    if (r.state !== 'in_progress' || latest?.state !== 'submitted') return conflict('no_revision_now');
    if (!(await decide(trx, actor, now, latest, 'approved'))) return conflict('no_revision_now');
    const at = now.toISOString();
    const measures = await repo.measuresOf(trx, id);
    const changes = await repo.revisionMeasuresOf(trx, [latest.id]);
    let position = measures.reduce((p, m) => Math.max(p, m.position), -1);
    for (const c of changes) {
      if (c.change === 'reopened') {
        const m = measures.find((x) => x.id === c.measure_id)!;
        await repo.updateMeasure(trx, m.id, { deadline: c.deadline, done_at: null, updated_at: at });
        await repo.updateRevisionMeasure(trx, c.id, { previous_deadline: m.deadline, previous_done_at: m.done_at });
      } else {
        const measureId = await repo.insertMeasureReturningId(trx, {
          rectification_id: id,
          position: ++position,
          description: c.description,
          owner: c.owner,
          deadline: c.deadline,
          done_at: null,
          created_at: at,
          updated_at: at,
        });
        await repo.updateRevisionMeasure(trx, c.id, { measure_id: measureId });
      }
    }
    const counts = {
      revision: latest.id,
      reopened: changes.filter((c) => c.change === 'reopened').length,
      added: changes.filter((c) => c.change === 'added').length,
      target_date: latest.target_date,
    };
    await repo.updateRectification(trx, id, { target_date: latest.target_date, updated_at: at });
    await repo.insertEvent(trx, {
      rectification_id: id,
      at,
      kind: 'revised',
      from_state: null,
      to_state: null,
      round: r.round,
      note: latest.reason,
      data: JSON.stringify(counts),
    });
    await audit.record(trx, actor, now, {
      action: 'rectification.revision_approved',
      entityType: 'rectification',
      entityId: id,
      data: { round: r.round, ...counts },
    });
    return ok({ id });
  });
}

/** A coordinator returns the draft, or the waiting revision, to the unit with a reason the unit officer reads on the rectification's page. */
export async function returnToUnit(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  form: ReturnForm,
): Promise<Change> {
  return writeTransaction(db, async (trx) => {
    const r = await repo.findRectification(trx, id);
    if (!r) return notFound();
    const at = now.toISOString();
    let kind: 'draft' | 'revision';
    if (r.state === 'draft') {
      kind = 'draft';
      const waiting = latestOf(await repo.submissionsOf(trx, id), 'draft', r.round);
      if (waiting?.state === 'submitted') {
        if (!(await decide(trx, actor, now, waiting, 'returned', form.return_reason)))
          return conflict('nothing_to_return');
      } else {
        // Not sent yet: the coordinator may still send it back, with why.
        await repo.insertSubmission(trx, {
          rectification_id: id,
          round: r.round,
          kind,
          state: 'returned',
          return_reason: form.return_reason,
          decided_at: at,
          decided_by: actor.id,
          created_at: at,
        });
      }
    } else {
      kind = 'revision';
      const { latest } = await revisionOf(trx, r);
      if (r.state !== 'in_progress' || latest?.state !== 'submitted') return conflict('nothing_to_return');
      if (!(await decide(trx, actor, now, latest, 'returned', form.return_reason)))
        return conflict('nothing_to_return');
    }
    await audit.record(trx, actor, now, {
      action: 'rectification.returned',
      entityType: 'rectification',
      entityId: id,
      reason: form.return_reason,
      data: { kind, round: r.round },
    });
    return ok({ id });
  });
}

/** The drafts and revisions waiting for a coordinator's approval. */
export async function awaitingApproval(db: DB, scope: ProblemScope) {
  return repo.awaitingApproval(db, scope);
}

// Reading ------------------------------------------------------------------------------------

export interface RectificationDetail {
  rectification: RectificationRow;
  problem: ProblemRow;
  unitName: string;
  measures: MeasureRow[];
  /** Ids of the measures past their deadline and not done, today. */
  late: number[];
  overdue: boolean;
  events: RectificationEventRow[];
  /** The approved revisions, oldest first: what was changed after a failed round or a relapse, beside the original. */
  revisions: Revision[];
}

/** A submission with the measures it reopens or adds. */
export interface Revision {
  submission: SubmissionRow;
  changes: RevisionMeasureRow[];
}

async function withChanges(db: DB, rows: readonly SubmissionRow[]): Promise<Revision[]> {
  const changes = await repo.revisionMeasuresOf(
    db,
    rows.filter((s) => s.kind === 'revision').map((s) => s.id),
  );
  return rows.map((submission) => ({ submission, changes: changes.filter((c) => c.submission_id === submission.id) }));
}

async function detail(db: DB, r: RectificationRow, today: string): Promise<RectificationDetail> {
  const [problem, unit, measures, events, submissions] = await Promise.all([
    problems.findProblem(db, r.problem_id),
    units.findUnit(db, r.unit_id),
    repo.measuresOf(db, r.id),
    repo.eventsOf(db, r.id),
    repo.submissionsOf(db, r.id),
  ]);
  return {
    revisions: await withChanges(
      db,
      submissions.filter((s) => s.kind === 'revision' && s.state === 'approved'),
    ),
    rectification: r,
    problem: problem!,
    unitName: unit?.name ?? '',
    measures,
    late: lateMeasures(measures, today).map((m) => m.id),
    overdue: isOverdue(r.state, measures, today),
    events,
  };
}

export interface StaffRectification extends RectificationDetail {
  progress: ProgressReportRow[];
  audit: AuditRow[];
  /** Done again and the round's revision not yet approved: it cannot be reported done. */
  needsRevision: boolean;
  /** The draft or revision of this round waiting for a coordinator, if any. */
  waiting: Revision | null;
  /** The latest of this round's drafts or revisions a coordinator returned, unless a newer one was sent since. */
  returned: SubmissionRow | null;
}

export async function rectificationForStaff(
  db: DB,
  id: number,
  scope: ProblemScope,
  today: string,
): Promise<Result<StaffRectification>> {
  const found = await forChange(db, id, scope);
  if (!found.ok) return found;
  const r = found.value;
  const [base, progress, entries] = await Promise.all([
    detail(db, r, today),
    repo.progressOf(db, id),
    auditRepo.listEntries(db, { entityType: 'rectification', entityId: String(id), limit: 500, offset: 0 }),
  ]);
  const submissions = (await repo.submissionsOf(db, id)).filter(
    (s) => s.round === r.round && s.kind === (r.state === 'draft' ? 'draft' : 'revision'),
  );
  const latest = submissions.at(-1);
  const facts: MoveFacts = { round: r.round, revision: r.state === 'draft' ? null : (latest?.state ?? null) };
  return ok({
    ...base,
    progress,
    audit: entries.reverse(),
    needsRevision: needsRevision(r.state, facts),
    waiting: latest?.state === 'submitted' ? (await withChanges(db, [latest]))[0]! : null,
    returned: latest?.state === 'returned' ? latest : null,
  });
}

/** The staff list: the campaign's rectifications the reader may see, with which are overdue today. */
export async function listForStaff(
  db: DB,
  filter: Parameters<typeof repo.listForStaff>[1],
  scope: ProblemScope,
  today: string,
) {
  const rows = await repo.listForStaff(db, filter, scope);
  const overdue = await repo.overdueAmong(
    db,
    rows.map((r) => r.id),
    today,
  );
  return rows.map((r) => ({ ...r, overdue: overdue.has(r.id) }));
}

/**
 * A rectification as the public sees it: committed, and never an individual cadre's unless the
 * reader is signed-in staff ("published within the system"). Otherwise null.
 */
export async function publicRectification(
  db: DB,
  id: number,
  staffReader: boolean,
  today: string,
): Promise<RectificationDetail | null> {
  const r = await repo.findRectification(db, id);
  if (!r || r.state === 'draft') return null;
  const d = await detail(db, r, today);
  if (d.problem.level === 'individual' && !staffReader) return null;
  return d;
}

/** The rectification started for a problem, if any (the problem's page links to it). */
export async function rectificationOfProblem(db: DB, problemId: number): Promise<RectificationRow | undefined> {
  return repo.findByProblem(db, problemId);
}
