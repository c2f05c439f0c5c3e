// Codes people read aloud and type: no 0/O, 1/I/L or U/V confusion.
import { randomInt } from 'node:crypto';

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';

export function generateCode(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}

/** Groups of four joined by dashes, e.g. 7KQ4-M2XR-9PTB. */
export function groupCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/** Reads a code as typed: case, spaces and dashes do not matter. Returns null if it cannot be one. */
export function normaliseCode(input: unknown, length: number): string | null {
  if (typeof input !== 'string' || input.length > length * 3) return null;
  const s = input.toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== length) return null;
  for (const ch of s) if (!CODE_ALPHABET.includes(ch)) return null;
  return s;
}
