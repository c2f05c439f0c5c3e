// Every change of state anywhere in the portal writes one entry here, inside the same
// transaction as the change itself, so the two commit or fail together.
import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Locale } from '../config.js';
import type { Database } from '../db/schema.js';
import { GENESIS_HASH, entryHash, verifyChain, type AuditContent, type ChainCheck } from './chain.js';
import { localDay } from '../i18n/format.js';
import { CHECKPOINT_KIND, signCheckpoint, verifyAnchored, type AnchoredCheck, type Checkpoint } from './checkpoint.js';
import * as repo from './repository.js';
import type { AuditCheckpointRow, NamedAuditRow } from './tables.js';

/** Who did it: a staff account, a member of the public, or the portal itself. */
export type Actor = { id: number; label: string } | { id: null; label: 'public' | 'system' | 'setup' };

export const PUBLIC_ACTOR: Actor = { id: null, label: 'public' };
export const SYSTEM_ACTOR: Actor = { id: null, label: 'system' };

/**
 * Why, when the portal itself decided rather than a person: a code, stored in the entry's data
 * as `why`, that the audit page words in the reader's language (audit-log/present.ts).
 */
export type SystemReason = { code: 'first_administrator' } | { code: 'eight_prohibitions'; language: Locale };

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  from?: string | null;
  to?: string | null;
  /** Only what a person gave as the reason, in their words. The portal's own reasons go in `why`. */
  reason?: string | null;
  why?: SystemReason;
  data?: Record<string, unknown> | null;
}

/**
 * Appends to the chain. Must be called with the transaction of the change it records; the
 * transaction also serialises appends (SQLite has one writer at a time).
 */
export async function record(trx: Kysely<Database>, actor: Actor, at: Date, e: AuditEvent): Promise<void> {
  const content: AuditContent = {
    at: at.toISOString(),
    actor_id: actor.id,
    actor: actor.label,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId == null ? null : String(e.entityId),
    from_state: e.from ?? null,
    to_state: e.to ?? null,
    reason: e.reason ?? null,
    data: e.why ? JSON.stringify({ ...e.data, why: e.why }) : e.data ? JSON.stringify(e.data) : null,
  };
  const prev = (await repo.lastHash(trx)) ?? GENESIS_HASH;
  await repo.insertEntry(trx, { ...content, prev_hash: prev, hash: entryHash(prev, content) });
}

export async function verify(db: Kysely<Database>): Promise<ChainCheck> {
  return verifyChain(repo.allEntries(db));
}

/** Which entries a reader of the log asks for: one kind of record, one record. */
export interface EntryFilter {
  entityType?: string;
  entityId?: string;
}

/**
 * One page of entries, newest first, for the audit page. A page past the last one shows the last
 * (the first when there are none).
 */
export async function entriesPage(
  db: Kysely<Database>,
  filter: EntryFilter,
  asked: number,
  pageSize: number,
): Promise<{ entries: NamedAuditRow[]; total: number; page: number; pages: number }> {
  const total = await repo.countEntries(db, filter);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(asked, pages);
  const entries = await repo.listEntries(db, { ...filter, limit: pageSize, offset: (page - 1) * pageSize });
  return { entries, total, page, pages };
}

// Checkpoints (audit/checkpoint.ts) ---------------------------------------------------------------

function checkpointOfRow(r: AuditCheckpointRow): Checkpoint {
  return {
    kind: CHECKPOINT_KIND,
    entryId: r.entry_id,
    entryHash: r.entry_hash,
    entryAt: r.entry_at,
    signedAt: r.signed_at,
    day: r.day,
    keyId: r.key_id,
    signature: r.signature,
  };
}

/**
 * The day's checkpoint (portal time), made from the chain's head the first time the day asks for
 * one: by the daily job, or by the first reader of the feed or the open data that day. Null while
 * the log is empty (nothing to anchor yet).
 */
export async function checkpointOfToday(
  db: Kysely<Database>,
  key: KeyObject,
  now: Date,
  timeZone: string,
): Promise<Checkpoint | null> {
  const day = localDay(now, timeZone);
  const kept = await repo.checkpointOfDay(db, day);
  if (kept) return checkpointOfRow(kept);
  const head = await repo.headEntry(db);
  if (!head) return null;
  const c = signCheckpoint(key, {
    entryId: head.id,
    entryHash: head.hash,
    entryAt: head.at,
    signedAt: now.toISOString(),
    day,
  });
  await repo.insertCheckpoint(db, {
    day,
    entry_id: c.entryId,
    entry_hash: c.entryHash,
    entry_at: c.entryAt,
    signed_at: c.signedAt,
    key_id: c.keyId,
    signature: c.signature,
  });
  // Another process may have kept its own for the day first: the day has one checkpoint.
  const row = await repo.checkpointOfDay(db, day);
  return row ? checkpointOfRow(row) : c;
}

/** The checkpoints the portal published, newest first (all of them without a limit). */
export async function publishedCheckpoints(db: Kysely<Database>, limit?: number): Promise<Checkpoint[]> {
  return (await repo.listCheckpoints(db, limit)).map(checkpointOfRow);
}

/** The chain against the portal's own checkpoints and every copy given (files, URLs the public kept). */
export async function verifyAgainstCheckpoints(
  db: Kysely<Database>,
  given: readonly Checkpoint[],
  publicKey: KeyObject,
): Promise<AnchoredCheck> {
  const kept = await publishedCheckpoints(db);
  return verifyAnchored(() => repo.allEntries(db), [...kept, ...given], publicKey);
}
