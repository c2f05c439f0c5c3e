// Opinion use-cases shared by every channel: the public suggestion box and staff recording
// both come through createOpinion(), so an opinion is acknowledged the same way whichever
// door it came in by.
import type { Insertable } from 'kysely';
import type { Locale } from '../config.js';
import type { SuggestionForm } from './schemas.js';
import type { DB } from '../db/database.js';
import type { OpinionScope } from '../accounts/permissions.js';
import * as auditRepo from '../audit/repository.js';
import * as audit from '../audit/service.js';
import type { AuditRow } from '../audit/tables.js';
import * as campaigns from '../campaigns/repository.js';
import type { CampaignRow } from '../campaigns/tables.js';
import type { Clock } from '../clock.js';
import type { FieldErrors } from '../forms/validate.js';
import { localDay } from '../i18n/format.js';
import { generateCode, normaliseCode } from '../shared/codes.js';
import { forbidden, invalid, notFound, ok, type Result } from '../shared/result.js';
import * as units from '../units/repository.js';
import { CHANNELS, type Channel, type Details } from './channels.js';
import * as repo from './repository.js';
import { INITIAL_STATE } from './state.js';
import type { OpinionEventRow, OpinionRow, OpinionsTable } from './tables.js';
import { writeTransaction } from '../db/transaction.js';

/** 12 characters from a 29-letter alphabet: about 58 bits, typed in three groups of four. */
export const TRACKING_CODE_LENGTH = 12;

export interface NewOpinion {
  campaignId: number;
  channel: Channel;
  body: string;
  unitId: number | null;
  conductRuleId: number | null;
  anonymous: boolean;
  submitterName: string | null;
  submitterPhone: string | null;
  submitterEmail: string | null;
  locale: Locale;
  details: Details;
  /** When it reached the organisation (a hotline call's time); defaults to now. */
  receivedAt?: Date;
  /** The staff member who typed it in; null for the public suggestion box. */
  recordedBy: { id: number; label: string } | null;
  /** The form's one-time key: a second submit of the same form returns the first opinion. */
  submissionKey: string | null;
}

/** What the public web form (the suggestion box, or a comment on a public problem) makes of a submission. */
export function fromPublicForm(
  d: Pick<SuggestionForm, 'body' | 'identity' | 'name' | 'phone' | 'email' | 'submission_key'>,
  where: { campaignId: number; unitId: number | null; conductRuleId: number | null; locale: Locale },
): NewOpinion {
  const named = d.identity === 'named';
  return {
    ...where,
    channel: 'suggestion_box',
    body: d.body,
    anonymous: !named,
    submitterName: named ? d.name : null,
    submitterPhone: named ? d.phone : null,
    submitterEmail: named ? d.email : null,
    details: {},
    recordedBy: null,
    submissionKey: d.submission_key,
  };
}

export interface CreatedOpinion {
  id: number;
  trackingCode: string;
  /** false when this was a repeat of an already-acknowledged submission. */
  created: boolean;
}

/**
 * Acknowledges one opinion, once: a repeat of the same form returns the first. `andThen` runs in
 * the same transaction for a new opinion (a comment on a problem is linked to it there).
 */
export async function createOpinion(
  db: DB,
  clock: Clock,
  input: NewOpinion,
  andThen?: (trx: DB, id: number) => Promise<void>,
): Promise<CreatedOpinion> {
  return writeTransaction(db, async (trx) => {
    if (input.submissionKey) {
      const earlier = await repo.findBySubmissionKey(trx, input.submissionKey);
      if (earlier) return { id: earlier.id, trackingCode: earlier.tracking_code, created: false };
    }
    const created = await acknowledge(trx, clock, input);
    await andThen?.(trx, created.id);
    return { ...created, created: true };
  });
}

/** Where a bulk import brought an opinion in from: its number there, and the import. */
export interface ImportedFrom {
  externalRef: string | null;
  importId: number;
}

// The one rule for acknowledging an opinion, whichever door it came in by: a fresh tracking code,
// the row as stored, the first event of its public history and an 'opinion.received' audit entry,
// all in the caller's transaction. acknowledge() writes one; a bulk import (imports/service.ts)
// writes the same rows and entries for thousands at a time with multi-row inserts.

/** A tracking code not yet in use (the alphabet and length are the rule; see shared/codes.ts). */
export const newTrackingCode = () => generateCode(TRACKING_CODE_LENGTH);

/** The row an acknowledged opinion is stored as. */
export function acknowledgedRow(
  input: NewOpinion,
  trackingCode: string,
  now: Date,
  importedFrom?: ImportedFrom,
): Insertable<OpinionsTable> {
  const anonymous = input.anonymous;
  return {
    campaign_id: input.campaignId,
    tracking_code: trackingCode,
    channel: input.channel,
    body: input.body,
    unit_id: input.unitId,
    conduct_rule_id: input.conductRuleId,
    state: INITIAL_STATE,
    anonymous: anonymous ? 1 : 0,
    // An anonymous opinion keeps no name or contact, whatever the form carried.
    submitter_name: anonymous ? null : input.submitterName,
    submitter_phone: anonymous ? null : input.submitterPhone,
    submitter_email: anonymous ? null : input.submitterEmail,
    locale: input.locale,
    details: JSON.stringify(input.details),
    recorded_by: input.recordedBy?.id ?? null,
    received_at: (input.receivedAt ?? now).toISOString(),
    created_at: now.toISOString(),
    submission_key: input.submissionKey,
    ...(importedFrom ? { external_ref: importedFrom.externalRef, import_id: importedFrom.importId } : {}),
  };
}

/** The first event of its public history. */
export function receivedEvent(opinionId: number, now: Date): Omit<OpinionEventRow, 'id'> {
  return {
    opinion_id: opinionId,
    at: now.toISOString(),
    from_state: null,
    to_state: INITIAL_STATE,
    note: null,
    data: null,
  };
}

/** Its audit entry, which names the channel, never the submitter. */
export function receivedAudit(
  input: NewOpinion,
  opinionId: number,
  importedFrom?: ImportedFrom,
): { actor: audit.Actor; event: audit.AuditEvent } {
  return {
    actor: input.recordedBy ?? audit.PUBLIC_ACTOR,
    event: {
      action: 'opinion.received',
      entityType: 'opinion',
      entityId: opinionId,
      to: INITIAL_STATE,
      data: {
        channel: input.channel,
        campaign_id: input.campaignId,
        ...(importedFrom ? { import_id: importedFrom.importId } : {}),
      },
    },
  };
}

/** Acknowledges one opinion in the caller's transaction. */
export async function acknowledge(
  trx: DB,
  clock: Clock,
  input: NewOpinion,
  importedFrom?: ImportedFrom,
): Promise<{ id: number; trackingCode: string }> {
  let trackingCode = newTrackingCode();
  while (await repo.trackingCodeExists(trx, trackingCode)) trackingCode = newTrackingCode();
  const now = clock.now();
  const id = await repo.insertOpinion(trx, acknowledgedRow(input, trackingCode, now, importedFrom));
  await repo.insertEvent(trx, receivedEvent(id, now));
  const { actor, event } = receivedAudit(input, id, importedFrom);
  await audit.record(trx, actor, now, event);
  return { id, trackingCode };
}

export interface TrackedOpinion {
  opinion: OpinionRow;
  events: OpinionEventRow[];
}

/** Looks an opinion up by the code its submitter holds; not_found for a malformed or unknown code. */
export async function trackOpinion(db: DB, codeInput: unknown): Promise<Result<TrackedOpinion>> {
  const code = normaliseCode(codeInput, TRACKING_CODE_LENGTH);
  if (!code) return notFound();
  const opinion = await repo.findByTrackingCode(db, code);
  if (!opinion) return notFound();
  return ok({ opinion, events: await repo.eventsOf(db, opinion.id) });
}

/** Exactly what the public may see of an opinion: no submitter, no text, no staff, no channel details. */
export interface PublicOpinion {
  state: string;
  channel: string;
  receivedAt: string;
  unitName: string | null;
  campaignName: string | null;
  /** A link names its problem only when the problem is itself public. */
  events: Array<{ at: string; state: string; note: string | null; problem: { id: number; title: string } | null }>;
}

/** A problem as the tracking page may name it: the problems domain says which are public (null for the others). */
export type PublicProblemTitle = (db: DB, problemId: number) => Promise<{ id: number; title: string } | null>;

/** The tracking page's view of an opinion; `publicProblem` names a problem an event links to, only if that problem is public. */
export async function publicView(
  db: DB,
  { opinion, events }: TrackedOpinion,
  publicProblem: PublicProblemTitle,
): Promise<PublicOpinion> {
  const unit = opinion.unit_id === null ? undefined : await units.findUnit(db, opinion.unit_id);
  const campaign = await campaigns.findCampaign(db, opinion.campaign_id);
  const problemOf = async (data: string | null) => {
    const problemId = data ? (JSON.parse(data) as { problem_id?: unknown }).problem_id : undefined;
    return typeof problemId === 'number' ? publicProblem(db, problemId) : null;
  };
  return {
    state: opinion.state,
    channel: opinion.channel,
    receivedAt: opinion.received_at,
    unitName: unit?.name ?? null,
    campaignName: campaign?.name ?? null,
    events: await Promise.all(
      events.map(async (e) => ({ at: e.at, state: e.to_state, note: e.note, problem: await problemOf(e.data) })),
    ),
  };
}

/** The opinion a staff member just recorded, by its code (for the "saved" notice); null when it is not theirs. */
export async function recordedBy(db: DB, code: string, userId: number): Promise<OpinionRow | null> {
  const opinion = await repo.findByTrackingCode(db, code);
  return opinion && opinion.recorded_by === userId ? opinion : null;
}

// Staff recording and the inbox ---------------------------------------------------------------

/** How far ahead of the clock a received time may be (a wall clock a little fast). */
const RECEIVED_AHEAD_MS = 5 * 60_000;

/** An opinion cannot have reached the organisation later than now (give or take a fast wall clock). */
export function receivedInFuture(receivedAt: Date, now: Date): boolean {
  return receivedAt.getTime() > now.getTime() + RECEIVED_AHEAD_MS;
}

/** The unit and conduct rule an opinion names must exist (the rule still in force), whichever door it came in by. */
export async function checkReferences(
  db: DB,
  input: Pick<NewOpinion, 'unitId' | 'conductRuleId'>,
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (input.unitId !== null && !(await units.findUnit(db, input.unitId)))
    errors.unit_id = { key: 'opinions.errors.unknownUnit' };
  if (input.conductRuleId !== null) {
    const rule = await campaigns.findConductRule(db, input.conductRuleId);
    if (!rule || rule.active !== 1) errors.conduct_rule_id = { key: 'opinions.errors.unknownRule' };
  }
  return errors;
}

/**
 * A staff member types in an opinion from any channel. Checks that what the form refers to
 * exists (a started campaign, unit, an active conduct rule) and that it was not received in the future,
 * then acknowledges it like every other opinion.
 */
export async function recordOpinion(
  db: DB,
  clock: Clock,
  timeZone: string,
  input: NewOpinion & { recordedBy: { id: number; label: string } },
): Promise<Result<CreatedOpinion>> {
  const errors = await checkReferences(db, input);
  const campaign = await campaigns.findCampaign(db, input.campaignId);
  // Into a running or past campaign, never one that has not started.
  if (!campaign || campaign.starts_on > localDay(clock.now(), timeZone))
    errors.campaign_id = { key: 'inbox.errors.unknownCampaign' };
  if (input.receivedAt && receivedInFuture(input.receivedAt, clock.now())) {
    errors.received_at = { key: 'inbox.errors.receivedInFuture' };
  }
  if (Object.keys(errors).length > 0) return invalid(errors);
  return ok(await createOpinion(db, clock, input));
}

/** Is this opinion one the scope may read? The same rule as the inbox's SQL. */
export function inScope(scope: OpinionScope, opinion: Pick<OpinionRow, 'unit_id' | 'recorded_by'>): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'none') return false;
  return (
    opinion.recorded_by === scope.recordedBy || (opinion.unit_id !== null && scope.unitIds.includes(opinion.unit_id))
  );
}

/** Campaigns staff may record into: running or past ones, most recent first. */
export async function recordableCampaigns(db: DB, now: Date, timeZone: string): Promise<CampaignRow[]> {
  const today = localDay(now, timeZone);
  return (await campaigns.listCampaigns(db)).filter((c) => c.starts_on <= today);
}

export type { InboxFilter } from './repository.js';

export const INBOX_PAGE_SIZE = 50;

export interface InboxPage {
  rows: repo.InboxRow[];
  total: number;
  /** 1-based, clamped to the last page. */
  page: number;
  pageCount: number;
  /** Every one of the ten channels, in order, with its count in the campaign (zero included). */
  channelCounts: Array<{ channel: Channel; n: number }>;
}

export async function inbox(
  db: DB,
  filter: repo.InboxFilter,
  scope: OpinionScope,
  requestedPage: number,
): Promise<InboxPage> {
  const total = await repo.countInbox(db, filter, scope);
  const pageCount = Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE));
  const page = Math.min(Math.max(1, requestedPage), pageCount);
  const rows = await repo.listInbox(db, filter, scope, INBOX_PAGE_SIZE, (page - 1) * INBOX_PAGE_SIZE);
  const counted = new Map((await repo.countByChannel(db, filter.campaignId, scope)).map((c) => [c.channel, c.n]));
  const channelCounts = CHANNELS.map((channel) => ({ channel, n: counted.get(channel) ?? 0 }));
  return { rows, total, page, pageCount, channelCounts };
}

export interface StaffOpinion {
  opinion: repo.StaffOpinionRow;
  events: OpinionEventRow[];
  audit: AuditRow[];
}

/** One opinion for a staff member: not_found, forbidden outside their scope, or the opinion with its history. */
export async function opinionForStaff(db: DB, id: number, scope: OpinionScope): Promise<Result<StaffOpinion>> {
  const opinion = await repo.findForStaff(db, id);
  if (!opinion) return notFound();
  if (!inScope(scope, opinion)) return forbidden();
  const events = await repo.eventsOf(db, id);
  const entries = await auditRepo.listEntries(db, {
    entityType: 'opinion',
    entityId: String(id),
    limit: 500,
    offset: 0,
  });
  return ok({ opinion, events, audit: entries.reverse() });
}
