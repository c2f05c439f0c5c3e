// Every change of state anywhere in the portal writes one entry here, inside the same
// transaction as the change itself, so the two commit or fail together.
import type { Kysely } from 'kysely';
import type { Locale } from '../config.js';
import type { Database } from '../db/schema.js';
import { GENESIS_HASH, entryHash, verifyChain, type AuditContent, type ChainCheck } from './chain.js';
import * as repo from './repository.js';
import type { AuditRow } from './tables.js';

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
): Promise<{ entries: AuditRow[]; total: number; page: number; pages: number }> {
  const total = await repo.countEntries(db, filter);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(asked, pages);
  const entries = await repo.listEntries(db, { ...filter, limit: pageSize, offset: (page - 1) * pageSize });
  return { entries, total, page, pages };
}
