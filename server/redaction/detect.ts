// Personal details the server can recognise in an opinion's text: phone numbers, email
// addresses and resident ID-card numbers. Pure. These are offered as checkboxes on the redaction
// form; nothing is redacted unless a person ticks it. Names cannot be recognised reliably, so a
// coordinator types those.
export const DETECTED_KINDS = ['phone', 'email', 'id_card'] as const;
export type DetectedKind = (typeof DETECTED_KINDS)[number];

export interface Detected {
  kind: DetectedKind;
  /** Exactly as it appears in the text. */
  text: string;
}

const PATTERNS: Array<{ kind: DetectedKind; re: RegExp }> = [
  { kind: 'email', re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  // Resident ID card: 17 digits and a check character (checked below).
  { kind: 'id_card', re: /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g },
  // Mainland mobile numbers, with or without +86 and spaces or dashes between the groups.
  { kind: 'phone', re: /(?<![\d+])(?:(?:\+|00)86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/g },
  // Fixed lines with an area code: 010-12345678, (0755) 1234567, 0571 8888 6666.
  { kind: 'phone', re: /(?<![\d+])(?:\(0\d{2,3}\)|0\d{2,3})[\s-]?\d{3,4}[\s-]?\d{4}(?!\d)/g },
  // Anything else written internationally: +44 20 7946 0958.
  { kind: 'phone', re: /(?<![\d+])\+\d{1,3}(?:[\s-]?\d){6,14}(?!\d)/g },
];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** An 18-character resident ID number: a real birth date and the right check character (GB 11643). */
export function isIdCardNumber(s: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(s)) return false;
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d)
    return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(s[i]), 0);
  return ID_CHECK[sum % 11] === s[17]!.toUpperCase();
}

export const DETECTED_MAX = 50;

/** The details found, each text once, in the order they first appear; overlapping finds keep the longest. */
export function detectPersonalDetails(text: string): Detected[] {
  const found: Array<Detected & { start: number; end: number }> = [];
  for (const { kind, re } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      if (kind === 'id_card' && !isIdCardNumber(m[0])) continue;
      found.push({ kind, text: m[0], start: m.index, end: m.index + m[0].length });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Detected[] = [];
  const seen = new Set<string>();
  let reached = 0;
  for (const f of found) {
    if (f.start < reached) continue;
    reached = f.end;
    if (seen.has(f.text)) continue;
    seen.add(f.text);
    out.push({ kind: f.kind, text: f.text });
    if (out.length >= DETECTED_MAX) break;
  }
  return out;
}
