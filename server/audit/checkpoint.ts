// Anchors for the chain. The chain alone shows an entry changed in place, but not a log cut short
// or rewritten from entry N on with every later hash recomputed: nothing outside the database
// held the head. A checkpoint is the head (entry id, hash, time) signed with an Ed25519 key the
// database does not hold; the portal publishes one a day where the public keeps copies (the Atom
// feed, the open data), and `npm run audit:verify` checks the chain against every copy it is given.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { verifyChain, type ChainEntry } from './chain.js';

export const CHECKPOINT_KIND = 'audit-checkpoint';

export interface Checkpoint {
  kind: typeof CHECKPOINT_KIND;
  /** The newest entry of the chain when the checkpoint was made. */
  entryId: number;
  entryHash: string;
  entryAt: string;
  /** When it was signed (ISO), and the day (portal time) it is the checkpoint of. */
  signedAt: string;
  day: string;
  /** The first 16 hex digits of the SHA-256 of the public key (SPKI DER): which key signed it. */
  keyId: string;
  /** Ed25519 over checkpointMessage(), base64. */
  signature: string;
}

export type UnsignedCheckpoint = Omit<Checkpoint, 'kind' | 'keyId' | 'signature'>;

/** What is signed: the fields in a fixed order, so the same checkpoint always signs the same. */
export function checkpointMessage(c: UnsignedCheckpoint): Buffer {
  return Buffer.from(
    JSON.stringify([CHECKPOINT_KIND, 1, c.entryId, c.entryHash, c.entryAt, c.signedAt, c.day]),
    'utf8',
  );
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

export function publicKeyPem(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return String(pub.export({ type: 'spki', format: 'pem' }));
}

export function signCheckpoint(privateKey: KeyObject, c: UnsignedCheckpoint): Checkpoint {
  const signature = sign(null, checkpointMessage(c), privateKey).toString('base64');
  return { kind: CHECKPOINT_KIND, ...c, keyId: keyIdOf(createPublicKey(privateKey)), signature };
}

export function signatureHolds(publicKey: KeyObject, c: Checkpoint): boolean {
  try {
    return verify(null, checkpointMessage(c), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

// The key -----------------------------------------------------------------------------------

/** A key as given in AUDIT_SIGNING_KEY: PEM (with `\n` written for line breaks) or base64 DER (PKCS#8). */
export function parsePrivateKey(text: string): KeyObject {
  const pem = text.replace(/\\n/g, '\n').trim();
  const key = pem.startsWith('-----BEGIN')
    ? createPrivateKey(pem)
    : createPrivateKey({ key: Buffer.from(pem, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the audit signing key must be an Ed25519 key');
  return key;
}

export interface KeySource {
  auditSigningKey: string | undefined;
  auditSigningKeyFile: string;
}

/**
 * The signing key: from the environment, else the file; when neither exists and `create` is set,
 * a new key is written to the file (readable by its owner only). Undefined when there is none.
 */
export function loadSigningKey(c: KeySource, o: { create: boolean }): KeyObject | undefined {
  if (c.auditSigningKey) return parsePrivateKey(c.auditSigningKey);
  if (fs.existsSync(c.auditSigningKeyFile)) return parsePrivateKey(fs.readFileSync(c.auditSigningKeyFile, 'utf8'));
  if (!o.create) return undefined;
  const { privateKey } = generateKeyPairSync('ed25519');
  fs.mkdirSync(path.dirname(c.auditSigningKeyFile), { recursive: true });
  try {
    fs.writeFileSync(c.auditSigningKeyFile, String(privateKey.export({ type: 'pkcs8', format: 'pem' })), {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (err) {
    // Another process on this machine made it first: use theirs, so there is one key.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return parsePrivateKey(fs.readFileSync(c.auditSigningKeyFile, 'utf8'));
  }
  return privateKey;
}

// Reading copies ------------------------------------------------------------------------------

function isCheckpoint(v: unknown): v is Checkpoint {
  if (!v || typeof v !== 'object') return false;
  const c = v as Record<string, unknown>;
  return (
    c.kind === CHECKPOINT_KIND &&
    typeof c.entryId === 'number' &&
    typeof c.entryHash === 'string' &&
    typeof c.entryAt === 'string' &&
    typeof c.signedAt === 'string' &&
    typeof c.day === 'string' &&
    typeof c.keyId === 'string' &&
    typeof c.signature === 'string'
  );
}

function collect(v: unknown, into: Checkpoint[]): void {
  if (isCheckpoint(v)) into.push(v);
  else if (Array.isArray(v)) for (const x of v) collect(x, into);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) collect(x, into);
}

const XML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

/**
 * Every checkpoint in a file the public kept: the open data's JSON (any JSON holding them), or the
 * Atom feed, whose checkpoint entries carry the checkpoint as JSON in their summary.
 */
export function checkpointsIn(text: string): Checkpoint[] {
  const found: Checkpoint[] = [];
  const body = text.replace(/^\uFEFF/, '');
  try {
    collect(JSON.parse(body), found);
    return found;
  } catch {
    // Not JSON: look for checkpoint objects in the (XML-escaped) text.
  }
  const plain = body.replace(/&(amp|lt|gt|quot|apos);/g, (e) => XML_ENTITIES[e]!);
  for (const m of plain.matchAll(/\{"kind":"audit-checkpoint"[^{}]*\}/g)) {
    try {
      collect(JSON.parse(m[0]), found);
    } catch {
      // Not a whole checkpoint; skip it.
    }
  }
  return found;
}

// Checking ------------------------------------------------------------------------------------

export type AnchoredCheck =
  | { ok: true; count: number; checkpoints: number; latest: Checkpoint | null; ignored: IgnoredCheckpoint[] }
  | { ok: false; count: number; firstBadId: number; problem: string; ignored: IgnoredCheckpoint[] };

export interface IgnoredCheckpoint {
  checkpoint: Checkpoint;
  why: 'other_key' | 'bad_signature';
}

/**
 * The chain, then every checkpoint signed with `publicKey` against it: each names an entry that
 * must still be there with the hash it had. Names the first entry that disagrees: the one the
 * chain itself breaks at, else the entry of the earliest checkpoint it no longer matches (when
 * the checkpoint before that one still matches, the change lies between the two).
 */
export async function verifyAnchored(
  entries: () => AsyncIterable<ChainEntry>,
  checkpoints: readonly Checkpoint[],
  publicKey: KeyObject,
): Promise<AnchoredCheck> {
  const keyId = keyIdOf(publicKey);
  const ignored: IgnoredCheckpoint[] = [];
  const trusted: Checkpoint[] = [];
  const seen = new Set<string>();
  for (const c of checkpoints) {
    if (c.keyId !== keyId) ignored.push({ checkpoint: c, why: 'other_key' });
    else if (!signatureHolds(publicKey, c)) ignored.push({ checkpoint: c, why: 'bad_signature' });
    else if (!seen.has(c.signature)) {
      seen.add(c.signature);
      trusted.push(c);
    }
  }
  trusted.sort((a, b) => a.entryId - b.entryId || a.signedAt.localeCompare(b.signedAt));

  const chain = await verifyChain(entries());
  if (!chain.ok) return { ...chain, ignored };

  // One more walk, comparing each checkpointed entry as it passes.
  const byId = new Map<number, Checkpoint[]>();
  for (const c of trusted) byId.set(c.entryId, [...(byId.get(c.entryId) ?? []), c]);
  const found = new Map<number, string>();
  let last = 0;
  for await (const e of entries()) {
    if (byId.has(e.id)) found.set(e.id, e.hash);
    last = e.id;
  }
  let agreed: Checkpoint | null = null;
  for (const c of trusted) {
    const hash = found.get(c.entryId);
    const from = agreed ? agreed.entryId + 1 : 1;
    const since =
      from === c.entryId
        ? agreed
          ? `#${agreed.entryId} still matches the checkpoint of ${agreed.day}, so this entry is the first that changed`
          : 'it is the first entry of the log'
        : `the change lies between #${from} and #${c.entryId}${agreed ? ` (#${agreed.entryId} still matches the checkpoint of ${agreed.day})` : ''}`;
    if (hash === undefined) {
      const problem =
        c.entryId > last
          ? `missing: the checkpoint of ${c.day} names it as the newest entry, but the log ends at #${last} (entries were removed)`
          : `missing: the checkpoint of ${c.day} names it, but there is no such entry (it was removed and the chain rebuilt)`;
      return { ok: false, count: chain.count, firstBadId: c.entryId, problem: `${problem}; ${since}`, ignored };
    }
    if (hash !== c.entryHash) {
      const problem = `its hash differs from the one the checkpoint of ${c.day} signed (${c.entryHash.slice(0, 12)}…): it or an entry before it was rewritten and the chain rehashed; ${since}`;
      return { ok: false, count: chain.count, firstBadId: c.entryId, problem, ignored };
    }
    agreed = c;
  }
  return { ok: true, count: chain.count, checkpoints: trusted.length, latest: trusted.at(-1) ?? null, ignored };
}
