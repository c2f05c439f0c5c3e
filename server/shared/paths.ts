/** A path on this site to return to after an action; anything else (other hosts, //evil) is refused. */
export function safeLocalPath(next: unknown): string | null {
  if (typeof next !== 'string' || next.length > 2000) return null;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (/[\r\n]/.test(next)) return null;
  return next;
}
