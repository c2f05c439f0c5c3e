// The tamper-evident chain: each entry's hash covers its content and the hash of the entry
// before it, so changing or removing any entry breaks every hash after it. No I/O here.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  at: string;
  actor_id: number | null;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
  data: string | null;
}

export function entryHash(prevHash: string, e: AuditContent): string {
  // An array fixes the order of fields, so the same content always hashes the same.
  const canonical = JSON.stringify([
    prevHash,
    e.at,
    e.actor_id,
    e.actor,
    e.action,
    e.entity_type,
    e.entity_id,
    e.from_state,
    e.to_state,
    e.reason,
    e.data,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface ChainEntry extends AuditContent {
  id: number;
  prev_hash: string;
  hash: string;
}

export type ChainCheck =
  { ok: true; count: number } | { ok: false; count: number; firstBadId: number; problem: string };

/** Walks entries in id order; names the first one whose link or hash does not match. */
export async function verifyChain(entries: Iterable<ChainEntry> | AsyncIterable<ChainEntry>): Promise<ChainCheck> {
  let prev = GENESIS_HASH;
  let count = 0;
  for await (const e of entries) {
    count++;
    if (e.prev_hash !== prev) {
      return { ok: false, count, firstBadId: e.id, problem: 'does not link to the entry before it' };
    }
    if (entryHash(e.prev_hash, e) !== e.hash) {
      return { ok: false, count, firstBadId: e.id, problem: 'its content does not match its hash' };
    }
    prev = e.hash;
  }
  return { ok: true, count };
}
