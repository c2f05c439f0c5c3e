// Opinion use-cases shared by every channel: the public suggestion box and staff recording
// both come through createOpinion(), so an opinion is acknowledged the same way whichever
// door it came in by.
import type { Locale } from '../config.js';
import type { DB } from '../db/database.js';
import * as audit from '../audit/service.js';
import type { Clock } from '../clock.js';
import { generateCode, normaliseCode } from '../shared/codes.js';
import type { Channel, Details } from './channels.js';
import * as repo from './repository.js';
import { INITIAL_STATE } from './state.js';
import type { OpinionEventRow, OpinionRow } from './tables.js';

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

export interface CreatedOpinion {
  id: number;
  trackingCode: string;
  /** false when this was a repeat of an already-acknowledged submission. */
  created: boolean;
}

export async function createOpinion(db: DB, clock: Clock, input: NewOpinion): Promise<CreatedOpinion> {
  return db.transaction().execute(async (trx) => {
    if (input.submissionKey) {
      const earlier = await repo.findBySubmissionKey(trx, input.submissionKey);
      if (earlier) return { id: earlier.id, trackingCode: earlier.tracking_code, created: false };
    }
    let trackingCode = generateCode(TRACKING_CODE_LENGTH);
    while (await repo.trackingCodeExists(trx, trackingCode)) trackingCode = generateCode(TRACKING_CODE_LENGTH);

    const now = clock.now();
    const anonymous = input.anonymous;
    const id = await repo.insertOpinion(trx, {
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
    });
    await repo.insertEvent(trx, { opinion_id: id, at: now.toISOString(), from_state: null, to_state: INITIAL_STATE, note: null });
    // The audit entry names the channel, never the submitter.
    await audit.record(trx, input.recordedBy ?? audit.PUBLIC_ACTOR, now, {
      action: 'opinion.received',
      entityType: 'opinion',
      entityId: id,
      to: INITIAL_STATE,
      data: { channel: input.channel, campaign_id: input.campaignId },
    });
    return { id, trackingCode, created: true };
  });
}

export interface TrackedOpinion {
  opinion: OpinionRow;
  events: OpinionEventRow[];
}

/** Looks an opinion up by the code its submitter holds; null for a malformed or unknown code. */
export async function trackOpinion(db: DB, codeInput: unknown): Promise<TrackedOpinion | null> {
  const code = normaliseCode(codeInput, TRACKING_CODE_LENGTH);
  if (!code) return null;
  const opinion = await repo.findByTrackingCode(db, code);
  if (!opinion) return null;
  return { opinion, events: await repo.eventsOf(db, opinion.id) };
}
