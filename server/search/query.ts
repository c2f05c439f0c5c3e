// Turning what a person types into a full-text query. The index is FTS5's trigram tokenizer,
// which matches any substring of three or more characters: right for Chinese, where words are
// not separated by spaces, and for English alike. Shorter terms (a two-character Chinese word
// such as 喝酒) cannot use the index and are matched as plain substrings instead.

export interface TextQuery {
  /** An FTS5 MATCH expression (every term must appear), or null when no term is long enough. */
  match: string | null;
  /** Terms of one or two characters, each of which must appear as a substring. */
  contains: string[];
}

const MAX_TERMS = 12;
const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;

/** Splits on whitespace; every term must appear. null when nothing searchable was typed. */
export function parseTextQuery(input: unknown): TextQuery | null {
  if (typeof input !== 'string') return null;
  const terms = [...new Set(input.normalize('NFKC').toLowerCase().split(/\s+/).filter(Boolean))].slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  const long = terms.filter((t) => Array.from(t).length >= 3);
  const short = terms.filter((t) => Array.from(t).length < 3);
  return { match: long.length > 0 ? long.map(quote).join(' ') : null, contains: short };
}

const SIMILAR_WINDOWS = 48;
const WORDISH = /[\p{L}\p{N}]/u;

/**
 * A query for texts like this one: any of its three-character windows, best matches ranked
 * first by the index (bm25). Windows are spread evenly over the text so a long letter is
 * represented by all of it, not just its opening. null when the text is too short to compare.
 */
export function similarityQuery(text: string): string | null {
  const chars = Array.from(text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim());
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
  return picked.map(quote).join(' OR ');
}
