// Turning what a person types into a full-text query. On SQLite the index is FTS5's trigram
// tokenizer, on PostgreSQL a pg_trgm GIN index (server/search/sql.ts): both match any substring of
// three or more characters, which is right for Chinese, where words are not separated by spaces,
// and for English alike. Shorter terms (a two-character Chinese word such as 喝酒) cannot use the
// index and are matched as plain substrings instead.

export interface TextQuery {
  /** Terms of three or more characters, each of which must appear (through the index). */
  indexed: string[];
  /** Terms of one or two characters, each of which must appear as a substring. */
  contains: string[];
}

const MAX_TERMS = 12;
/**
 * Characters no query may hold, whatever text reaches the builder (an opinion stored before the
 * forms removed them, a caller that forgot to): every control character, NUL included, which
 * SQLite's FTS5 and PostgreSQL both refuse. Read as a space.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001F\u007F]/g;
const safe = (text: string) => text.replace(UNSAFE, ' ');
const quote = (term: string) => `"${safe(term).replace(/"/g, '""')}"`;

/** An FTS5 MATCH expression: every term (`and`) or any (`or`), each a quoted phrase, so typed operators are plain words. */
export const fts5Match = (terms: string[], join: 'and' | 'or'): string =>
  terms.map(quote).join(join === 'and' ? ' ' : ' OR ');

/** A LIKE pattern for "contains this term", its own % _ and \\ taken literally. */
export const containsPattern = (term: string): string => `%${safe(term).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Splits on whitespace; every term must appear. null when nothing searchable was typed. */
export function parseTextQuery(input: unknown): TextQuery | null {
  if (typeof input !== 'string') return null;
  const terms = [...new Set(safe(input).normalize('NFKC').toLowerCase().split(/\s+/).filter(Boolean))].slice(
    0,
    MAX_TERMS,
  );
  if (terms.length === 0) return null;
  return {
    indexed: terms.filter((t) => Array.from(t).length >= 3),
    contains: terms.filter((t) => Array.from(t).length < 3),
  };
}

const SIMILAR_WINDOWS = 48;
const WORDISH = /[\p{L}\p{N}]/u;

/**
 * What makes texts like this one: its three-character windows, of which a like text contains
 * many (ranked by the index: bm25 on SQLite, the count of windows on PostgreSQL). Windows are
 * spread evenly over the text so a long letter is represented by all of it, not just its
 * opening. null when the text is too short to compare.
 */
export function similarityQuery(text: string): string[] | null {
  const chars = Array.from(safe(text).normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim());
  const windows = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) {
    const w = chars.slice(i, i + 3);
    // Windows of mostly punctuation or spaces say nothing about what the text is about.
    if (w.filter((c) => WORDISH.test(c)).length >= 2) windows.add(w.join(''));
  }
  const all = [...windows];
  if (all.length === 0) return null;
  const step = Math.max(1, all.length / SIMILAR_WINDOWS);
  const picked: string[] = [];
  for (let i = 0; i < all.length && picked.length < SIMILAR_WINDOWS; i += step) picked.push(all[Math.floor(i)]!);
  return picked;
}
