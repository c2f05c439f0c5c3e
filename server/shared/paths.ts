/** A path on this site to return to after an action; anything else (other hosts, //evil) is refused. */
export function safeLocalPath(next: unknown): string | null {
  if (typeof next !== 'string' || next.length > 2000) return null;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  // No control character (a header cannot hold one); anything else outside printable ASCII, which
  // a Location header cannot hold either, is percent-encoded (/notices?q=喝酒 stays a place to return to).
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F\u007F]/.test(next)) return null;
  try {
    return next.replace(/[^\x21-\x7E]/gu, (c) => encodeURIComponent(c));
  } catch {
    return null; // a lone surrogate: not text at all
  }
}
