// What control characters in typed text mean, decided once for every form and query of the
// portal: nothing. They are removed, all but tab, line feed and carriage return, before any
// handler reads the request (plugins/security.ts runs cleanRequestFields on every body) and
// again by every text field and search box (fields.ts), so no NUL or escape reaches the
// database, a page or a file. Other query-string values are read by their own schemas, which
// refuse what they do not know. Nobody types them on purpose: they come from pasted text or a hostile client,
// and refusing the whole opinion for an invisible byte would lose it.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** The text without its control characters, tab, LF and CR kept. */
export const withoutControlCharacters = (s: string): string => s.replace(CONTROL, '');

/**
 * Removes control characters, in place, from every value of a parsed body: plain
 * strings, lists of them, and the text fields of a multipart body ({ type: 'field', value }).
 */
export function cleanRequestFields(fields: unknown): void {
  if (!fields || typeof fields !== 'object') return;
  const record = fields as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const v = record[key];
    if (typeof v === 'string') record[key] = withoutControlCharacters(v);
    else if (Array.isArray(v))
      record[key] = v.map((x: unknown) => (typeof x === 'string' ? withoutControlCharacters(x) : (cleanPart(x), x)));
    else cleanPart(v);
  }
}

function cleanPart(part: unknown): void {
  if (part && typeof part === 'object' && (part as { type?: unknown }).type === 'field') {
    const p = part as { value?: unknown };
    if (typeof p.value === 'string') p.value = withoutControlCharacters(p.value);
  }
}
