// Problem use-cases: create and edit, merge and split, publish for public review, and the
// reads for staff and public pages. Each write is one transaction with its audit entry.
import type { ProblemScope } from '../accounts/permissions.js';
import * as audit from '../audit/service.js';
import * as auditRepo from '../audit/repository.js';
import type { AuditRow } from '../audit/tables.js';
import * as campaigns from '../campaigns/repository.js';
import type { CampaignRow } from '../campaigns/tables.js';
import type { DB } from '../db/database.js';
import type { FieldErrors } from '../forms/validate.js';
import { CHANNELS, type Channel } from '../opinions/channels.js';
import { conflict, forbidden, invalid, notFound, ok, type Result } from '../shared/result.js';
import * as units from '../units/repository.js';
import * as repo from './repository.js';
import type { MergeForm, ProblemForm } from './schemas.js';
import { canMove, INITIAL_STATE, move, type ProblemState } from './state.js';
import type { ProblemRow } from './tables.js';
import { writeTransaction } from '../db/transaction.js';

/** Is this problem one the scope may read? The same rule as the list's SQL. */
export function problemInScope(scope: ProblemScope, problem: Pick<ProblemRow, 'unit_id'>): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'none') return false;
  return scope.unitIds.includes(problem.unit_id);
}

async function checkForm(db: DB, form: ProblemForm): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (!(await units.findUnit(db, form.unit_id))) errors.unit_id = { key: 'problems.errors.unknownUnit' };
  return errors;
}

/** The form's fields as the table's columns. */
const columns = (f: ProblemForm) => ({
  title: f.title,
  description: f.description,
  level: f.level,
  unit_id: f.unit_id,
  category: f.category,
  cadre_name: f.cadre_name,
});

const described = (f: ProblemForm) => ({ title: f.title, level: f.level, unit_id: f.unit_id, category: f.category });

/** Creates a problem inside a transaction the caller holds (triage makes one on the spot). */
export async function insertProblemIn(
  trx: DB,
  actor: audit.Actor,
  now: Date,
  campaignId: number,
  form: ProblemForm,
): Promise<Result<{ id: number }, never>> {
  const errors = await checkForm(trx, form);
  if (!(await campaigns.findCampaign(trx, campaignId))) errors.campaign_id = { key: 'problems.errors.unknownCampaign' };
  if (Object.keys(errors).length > 0) return invalid(errors);
  const at = now.toISOString();
  const id = await repo.insertProblem(trx, {
    campaign_id: campaignId,
    ...columns(form),
    merged_into_id: null,
    published_at: null,
    created_by: actor.id,
    created_at: at,
    updated_at: at,
  });
  await audit.record(trx, actor, now, {
    action: 'problem.created',
    entityType: 'problem',
    entityId: id,
    to: INITIAL_STATE,
    data: { campaign_id: campaignId, ...described(form) },
  });
  return ok({ id });
}

export async function createProblem(
  db: DB,
  actor: audit.Actor,
  now: Date,
  campaignId: number,
  form: ProblemForm,
): Promise<Result<{ id: number }, never>> {
  return writeTransaction(db, (trx) => insertProblemIn(trx, actor, now, campaignId, form));
}

export async function updateProblem(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  form: ProblemForm,
): Promise<Result<{ id: number }, never>> {
  return writeTransaction(db, async (trx) => {
    const before = await repo.findProblem(trx, id);
    if (!before) return notFound();
    const errors = await checkForm(trx, form);
    // A published problem is public: it cannot quietly become one about a named cadre.
    if (form.level === 'individual' && before.published_at !== null)
      errors.level = { key: 'problems.errors.individualPublished' };
    if (Object.keys(errors).length > 0) return invalid(errors);
    await repo.updateProblem(trx, id, { ...columns(form), updated_at: now.toISOString() });
    const changed = Object.fromEntries(
      (['title', 'description', 'level', 'unit_id', 'category'] as const)
        .filter((k) => before[k] !== form[k])
        .map((k) => [k, { from: before[k], to: form[k] }]),
    );
    // The cadre's name is not copied into the log; that it changed is.
    if (before.cadre_name !== form.cadre_name)
      changed.cadre_name = { from: before.cadre_name ? 'set' : null, to: form.cadre_name ? 'set' : null };
    await audit.record(trx, actor, now, {
      action: 'problem.edited',
      entityType: 'problem',
      entityId: id,
      data: changed,
    });
    return ok({ id });
  });
}

/**
 * Why a change from the problem page cannot happen now: the problem is merged already (it cannot
 * be merged again), is not merged (nothing to split), or is merged (a merged problem is not put
 * on the public list).
 */
export type ProblemConflict = 'already_merged' | 'not_merged' | 'merged';
export type ProblemChange = Result<{ id: number }, ProblemConflict>;

interface Move {
  action: string;
  to: ProblemState;
  reason: string;
  /** The problem it is merged into: set with `merged`, cleared with `open`. */
  mergedIntoId: number | null;
  data?: Record<string, unknown>;
}

/**
 * The one writer of a problem's state: checks the move against the table in state.ts, updates
 * the row and writes the audit entry with from and to (problems have no events table). The caller
 * has checked canMove() and answered a conflict otherwise; a move the table refuses here is a bug.
 */
async function moveTo(trx: DB, actor: audit.Actor, now: Date, problem: ProblemRow, m: Move): Promise<ProblemRow> {
  const { from, to } = move(problem.state, m.to);
  const changes = { state: to, merged_into_id: m.mergedIntoId, updated_at: now.toISOString() };
  await repo.updateProblem(trx, problem.id, changes);
  await audit.record(trx, actor, now, {
    action: m.action,
    entityType: 'problem',
    entityId: problem.id,
    from,
    to,
    reason: m.reason,
    data: m.data ?? null,
  });
  return { ...problem, ...changes };
}

/** Merges a problem into another of the same campaign. Its opinions stay linked to it and count towards the target. */
export async function mergeProblem(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  form: MergeForm,
): Promise<ProblemChange> {
  return writeTransaction(db, async (trx) => {
    const source = await repo.findProblem(trx, id);
    if (!source) return notFound();
    if (!canMove(source.state, 'merged')) return conflict('already_merged');
    const target = await repo.findProblem(trx, form.target_id);
    // Only open problems can take a merge, so a problem can never end up merged into itself.
    if (!target || target.id === id || target.campaign_id !== source.campaign_id || target.state !== 'open') {
      return invalid({ target_id: { key: 'problems.errors.badTarget' } });
    }
    await moveTo(trx, actor, now, source, {
      action: 'problem.merged',
      to: 'merged',
      mergedIntoId: target.id,
      reason: form.reason,
      data: { into: target.id },
    });
    await audit.record(trx, actor, now, {
      action: 'problem.absorbed',
      entityType: 'problem',
      entityId: target.id,
      reason: form.reason,
      data: { from: id },
    });
    return ok({ id: target.id });
  });
}

/** Undoes a merge: the problem stands on its own again, with the opinions it always kept. */
export async function splitProblem(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  reason: string,
): Promise<ProblemChange> {
  return writeTransaction(db, async (trx) => {
    const problem = await repo.findProblem(trx, id);
    if (!problem) return notFound();
    if (!canMove(problem.state, 'open') || problem.merged_into_id === null) return conflict('not_merged');
    await moveTo(trx, actor, now, problem, {
      action: 'problem.split',
      to: 'open',
      mergedIntoId: null,
      reason,
      data: { from: problem.merged_into_id },
    });
    return ok({ id });
  });
}

/** Puts a problem on the public list for review, or takes it off. Individual-level problems never go there. */
export async function setPublished(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  published: boolean,
): Promise<ProblemChange> {
  return writeTransaction(db, async (trx) => {
    const problem = await repo.findProblem(trx, id);
    if (!problem) return notFound();
    if (published && problem.level === 'individual')
      return invalid({ _form: { key: 'problems.errors.individualNeverPublic' } });
    if (published && problem.state !== 'open') return conflict('merged');
    if (published === (problem.published_at !== null)) return ok({ id });
    await repo.updateProblem(trx, id, {
      published_at: published ? now.toISOString() : null,
      updated_at: now.toISOString(),
    });
    await audit.record(trx, actor, now, {
      action: published ? 'problem.published' : 'problem.unpublished',
      entityType: 'problem',
      entityId: id,
    });
    return ok({ id });
  });
}

// Reading ------------------------------------------------------------------------------------

export interface ProblemDetail {
  problem: ProblemRow;
  unitName: string;
  /** This problem and those merged into it (at any depth). */
  familyIds: number[];
  mergedFrom: ProblemRow[];
  mergedInto: ProblemRow | null;
  /** All ten channels in order, zero included. */
  byChannel: Array<{ channel: Channel; n: number }>;
  total: number;
}

async function detail(db: DB, problem: ProblemRow): Promise<ProblemDetail> {
  const family = await repo.familyIds(db, problem.id);
  const counted = new Map((await repo.countLinkedByChannel(db, family)).map((c) => [c.channel, c.n]));
  const byChannel = CHANNELS.map((channel) => ({ channel, n: counted.get(channel) ?? 0 }));
  const unit = await units.findUnit(db, problem.unit_id);
  return {
    problem,
    unitName: unit?.name ?? '',
    familyIds: family,
    mergedFrom: await repo.mergedInto(db, problem.id),
    mergedInto: problem.merged_into_id === null ? null : ((await repo.findProblem(db, problem.merged_into_id)) ?? null),
    byChannel,
    total: byChannel.reduce((sum, c) => sum + c.n, 0),
  };
}

export interface StaffProblem extends ProblemDetail {
  campaignName: string;
  audit: AuditRow[];
}

/** One problem for a staff member: not_found, forbidden outside their scope, or the problem with its counts and log. */
export async function problemForStaff(db: DB, id: number, scope: ProblemScope): Promise<Result<StaffProblem>> {
  const problem = await repo.findProblem(db, id);
  if (!problem) return notFound();
  if (!problemInScope(scope, problem)) return forbidden();
  const entries = await auditRepo.listEntries(db, {
    entityType: 'problem',
    entityId: String(id),
    limit: 500,
    offset: 0,
  });
  const campaign = await campaigns.findCampaign(db, problem.campaign_id);
  return ok({ ...(await detail(db, problem)), campaignName: campaign?.name ?? '', audit: entries.reverse() });
}

/** A problem for its edit form, with its campaign's name. */
export async function problemForEdit(
  db: DB,
  id: number,
): Promise<Result<{ problem: ProblemRow; campaignName: string }>> {
  const problem = await repo.findProblem(db, id);
  if (!problem) return notFound();
  const campaign = await campaigns.findCampaign(db, problem.campaign_id);
  return ok({ problem, campaignName: campaign?.name ?? '' });
}

/** Whether the problem exists (for a form refused before its use-case ran). */
export async function problemExists(db: DB, id: number): Promise<Result<{ id: number }>> {
  return (await repo.findProblem(db, id)) ? ok({ id }) : notFound();
}

/** The staff list: the campaign's problems the scope may read, most raised first. */
export async function listProblems(
  db: DB,
  filter: repo.ProblemFilter,
  scope: ProblemScope,
): Promise<repo.ProblemListRow[]> {
  return repo.listProblems(db, filter, scope);
}

/** The opinions that raised a family of problems, newest first (the caller narrows them to the reader's scope). */
export async function linkedOpinions(db: DB, familyIds: number[], limit: number): Promise<repo.LinkedOpinionRow[]> {
  return repo.linkedOpinions(db, familyIds, limit);
}

/** Open problems of a campaign for a choice list (merge targets, triage), newest first. */
export async function openProblems(
  db: DB,
  campaignId: number,
): Promise<Array<Pick<ProblemRow, 'id' | 'title' | 'level' | 'unit_id'>>> {
  return repo.openProblems(db, campaignId);
}

/** Open problems of the campaign like a text (its three-character windows, see search/query.ts). */
export async function similarProblems(
  db: DB,
  campaignId: number,
  windows: string[],
  limit: number,
): Promise<Array<Pick<ProblemRow, 'id' | 'title' | 'level'>>> {
  return repo.similarProblems(db, campaignId, windows, limit);
}

/** A problem's title, whatever its state (triage names the problem an opinion is linked to). */
export async function problemTitle(db: DB, id: number): Promise<string | null> {
  return (await repo.findProblem(db, id))?.title ?? null;
}

/** A problem as the public may see it: published, open, never individual-level; else not_found. */
export async function publicProblem(db: DB, id: number): Promise<Result<ProblemDetail>> {
  const problem = await repo.findProblem(db, id);
  if (!problem || !isPublic(problem)) return notFound();
  return ok(await detail(db, problem));
}

/** A public problem's id and title (the tracking page names one an opinion was linked to); null when it is not public. */
export async function publicProblemTitle(db: DB, id: number): Promise<{ id: number; title: string } | null> {
  const problem = await repo.findProblem(db, id);
  return problem && isPublic(problem) ? { id: problem.id, title: problem.title } : null;
}

/**
 * The public list: for the campaign asked for (not_found when there is none), or for every
 * campaign that has a problem on it, newest first.
 */
export async function publicLists(
  db: DB,
  askedId: number | undefined,
): Promise<Result<Array<{ campaign: CampaignRow; rows: repo.ProblemListRow[] }>>> {
  const asked = askedId === undefined ? undefined : await campaigns.findCampaign(db, askedId);
  if (askedId !== undefined && !asked) return notFound();
  const lists = [];
  for (const c of asked ? [asked] : await campaigns.listCampaigns(db)) {
    const rows = await repo.listProblems(db, { campaignId: c.id, publishedOnly: true }, { kind: 'all' });
    if (rows.length > 0 || asked) lists.push({ campaign: c, rows });
  }
  return ok(lists);
}

export function isPublic(p: Pick<ProblemRow, 'published_at' | 'level' | 'state'>): boolean {
  return p.published_at !== null && p.level !== 'individual' && p.state === 'open';
}
