// The name an upload came with is shown to staff and offered back on download, never used as
// a path. Cleaned once, when it is stored; encoded for the Content-Disposition header when sent.
import type { AttachmentMediaType } from './tables.js';

export const FILENAME_MAX = 100;

const EXTENSIONS: Record<AttachmentMediaType, readonly string[]> = {
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'application/pdf': ['pdf'],
};

/**
 * The upload's name made safe to show and to offer for saving: the last path segment only,
 * without control, bidi-override or zero-width characters, lone surrogates and the characters file systems
 * refuse, at most FILENAME_MAX characters, and ending in an extension of the type its content
 * really is ("notes.html" holding a PNG becomes "notes.html.png").
 */
export function cleanFilename(raw: string, mediaType: AttachmentMediaType): string {
  const last = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const name = last
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu, '')
    .replace(/["*:<>?|]/g, '_')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const allowed = EXTENSIONS[mediaType];
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const known = allowed.includes(ext);
  let base = known ? name.slice(0, dot) : name;
  const suffix = known ? name.slice(dot + 1) : allowed[0]!;
  const chars = Array.from(base);
  if (chars.length > FILENAME_MAX) base = chars.slice(0, FILENAME_MAX).join('').trimEnd();
  if (base === '') base = 'attachment';
  return `${base}.${suffix}`;
}

/** RFC 5987 ext-value: UTF-8, percent-encoded, with the characters encodeURIComponent leaves alone that the grammar does not allow. */
function extValue(name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A Content-Disposition header that cannot be broken out of: a plain ASCII fallback name
 * (anything else becomes "_") and the real name as RFC 5987 `filename*`.
 */
export function contentDisposition(disposition: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${extValue(name)}`;
}
