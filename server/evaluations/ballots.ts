// Ballot codes: random, at least 128 bits, written in the code alphabet people can read aloud
// and type (no 0/O, 1/I), and stored only as a hash. A receipt is random too and names nothing.
import { createHash, randomBytes } from 'node:crypto';
import { CODE_ALPHABET, generateCode, groupCode, normaliseCode } from '../shared/codes.js';

/** 28 characters of a 29-letter alphabet: log2(29) × 28 ≈ 136 bits. Typed in seven groups of four. */
export const BALLOT_CODE_LENGTH = 28;
export const BALLOT_CODE_BITS = Math.floor(Math.log2(CODE_ALPHABET.length) * BALLOT_CODE_LENGTH);

export function newBallotCode(): string {
  return generateCode(BALLOT_CODE_LENGTH);
}

export const groupBallotCode = groupCode;

/** The code as typed (case, spaces, dashes ignored), or null if it cannot be one. */
export function readBallotCode(input: unknown): string | null {
  return normaliseCode(input, BALLOT_CODE_LENGTH);
}

/**
 * A code as a coordinator gives it back to void it: typed from the slip, or scanned from its QR
 * code, which reads as the voting address (`…/vote?code=…`). Null if neither holds a code.
 */
export function readSlipCode(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const scanned = /[?&]code=([^&#\s]{1,100})/.exec(input.trim());
  return readBallotCode(scanned ? scanned[1] : input);
}

/**
 * The stored form of a code. A plain SHA-256 is enough: with 136 bits of randomness there is
 * nothing to guess, so no salt or slow hash is needed, and lookup stays one indexed equality.
 */
export function hashBallotCode(code: string): string {
  return createHash('sha256').update(`ballot:${code}`).digest('hex');
}

/** A receipt fingerprint: random, shown to the voter and in the published list beside the choice. */
export function newReceipt(): string {
  return randomBytes(10).toString('hex').toUpperCase().match(/.{4}/g)!.join('-');
}
