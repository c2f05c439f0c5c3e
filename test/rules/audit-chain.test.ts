import { describe, expect, it } from 'vitest';
import { entryHash, GENESIS_HASH, verifyChain, type AuditContent, type ChainEntry } from '../../server/audit/chain.js';

const content = (i: number): AuditContent => ({
  at: `2026-11-20T02:00:0${i}.000Z`,
  actor_id: i,
  actor: `person${i}@example.org`,
  action: 'opinion.received',
  entity_type: 'opinion',
  entity_id: String(i),
  from_state: null,
  to_state: 'received',
  reason: null,
  data: '{"channel":"hotline"}',
});

function chain(n: number): ChainEntry[] {
  const out: ChainEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const c = content(i);
    const hash = entryHash(prev, c);
    out.push({ ...c, id: i, prev_hash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('the audit chain', () => {
  it('an empty log and an intact log verify', async () => {
    expect(await verifyChain([])).toEqual({ ok: true, count: 0 });
    expect(await verifyChain(chain(5))).toEqual({ ok: true, count: 5 });
  });

  it('the hash covers every field', async () => {
    const base = content(1);
    const h = entryHash(GENESIS_HASH, base);
    for (const key of Object.keys(base) as Array<keyof AuditContent>) {
      const changed = { ...base, [key]: key === 'actor_id' ? 99 : 'changed' };
      expect(entryHash(GENESIS_HASH, changed), key).not.toBe(h);
    }
    expect(entryHash('f'.repeat(64), base)).not.toBe(h);
  });

  it('names the first changed entry', async () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, reason: 'rewritten' };
    expect(await verifyChain(entries)).toMatchObject({ ok: false, firstBadId: 3 });
  });

  it('catches a removed entry, a reordered pair and a rehashed forgery', async () => {
    const removed = chain(5).filter((e) => e.id !== 2);
    expect(await verifyChain(removed)).toMatchObject({ ok: false, firstBadId: 3 });

    const swapped = chain(4);
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    expect(await verifyChain(swapped)).toMatchObject({ ok: false, firstBadId: 3 });

    // A forger recomputes the hash of the entry they changed, but not of every later one.
    const forged = chain(4);
    const f = { ...forged[1]!, actor: 'forger' };
    forged[1] = { ...f, hash: entryHash(f.prev_hash, f) };
    expect(await verifyChain(forged)).toMatchObject({ ok: false, firstBadId: 3 });
  });
});
