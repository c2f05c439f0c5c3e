// Every change of state anywhere in the portal writes one entry here, inside the same
// transaction as the change itself, so the two commit or fail together.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { GENESIS_HASH, entryHash, verifyChain, type AuditContent, type ChainCheck } from './chain.js';
import * as repo from './repository.js';

/** Who did it: a staff account, a member of the public, or the portal itself. */
export type Actor = { id: number; label: string } | { id: null; label: 'public' | 'system' | 'setup' };

export const PUBLIC_ACTOR: Actor = { id: null, label: 'public' };
export const SYSTEM_ACTOR: Actor = { id: null, label: 'system' };

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  from?: string | null;
  to?: string | null;
  reason?: string | null;
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
    data: e.data ? JSON.stringify(e.data) : null,
  };
  const prev = (await repo.lastHash(trx)) ?? GENESIS_HASH;
  await repo.insertEntry(trx, { ...content, prev_hash: prev, hash: entryHash(prev, content) });
}

export async function verify(db: Kysely<Database>): Promise<ChainCheck> {
  return verifyChain(repo.allEntries(db));
}
