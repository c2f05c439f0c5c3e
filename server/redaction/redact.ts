// The one rule of redaction, pure: every occurrence of each chosen passage is replaced by a
// fixed marker, and nothing else in the text changes. Nothing can be typed in, so a redaction
// can hide words but never put new ones in anyone's mouth.

export type Redaction =
  | { ok: true; body: string; occurrences: number }
  | { ok: false; reason: 'missing'; missing: string[] }
  | { ok: false; reason: 'nothing_left' };

/** Where each passage occurs (overlapping occurrences included), as [start, end) ranges. */
function occurrences(body: string, passage: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let at = body.indexOf(passage); at !== -1; at = body.indexOf(passage, at + 1))
    out.push([at, at + passage.length]);
  return out;
}

/**
 * The text with every occurrence of every passage replaced by `marker`. Passages are matched
 * exactly (case and spacing as typed). Occurrences that overlap or touch become one marker, so
 * "Zhang San" and "San, 138…" together leave nothing of either. Refused when a passage is not
 * in the text, or when nothing but markers would be left.
 */
export function redact(body: string, passages: readonly string[], marker: string): Redaction {
  const missing = passages.filter((p) => p === '' || !body.includes(p));
  if (missing.length > 0) return { ok: false, reason: 'missing', missing };

  const ranges = passages.flatMap((p) => occurrences(body, p)).sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of ranges) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }

  let out = '';
  let from = 0;
  for (const [start, end] of merged) {
    out += body.slice(from, start) + marker;
    from = end;
  }
  out += body.slice(from);

  if (out.split(marker).join('').trim() === '') return { ok: false, reason: 'nothing_left' };
  return { ok: true, body: out, occurrences: merged.length };
}
