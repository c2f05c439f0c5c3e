// Tracking codes, invitation tokens, ballot codes and the set-up code are keys: whoever reads
// them can use them. They never go into a log line.
import { CODE_ALPHABET } from './codes.js';

const SECRET_PATHS = /^(\/(?:track|opinions\/receipt|invitations|vote)\/)[^/?#]+/;

/** Query parameters that always carry a key: a typed code, a token, the code just saved (`saved`). */
const SECRET_PARAMS = new Set(['code', 'token', 'saved']);

/**
 * A value that could be one of the portal's codes, in whatever parameter it travels: at least
 * eight characters of the code alphabet once case, spaces and dashes are ignored (the shortest
 * code, the set-up code, has ten; a tracking code twelve). Ordinary values do not: words with
 * i, l, o, u or v, dates and ids with 0 or 1, anything with other punctuation.
 */
const LOOKS_LIKE_A_CODE = new RegExp(`^[${CODE_ALPHABET}]{8,64}$`, 'i');

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

export function looksLikeCode(value: string): boolean {
  return LOOKS_LIKE_A_CODE.test(value.replace(/[\s-]/g, ''));
}

function redactParam(pair: string): string {
  const eq = pair.indexOf('=');
  if (eq < 0) return pair;
  const name = decode(pair.slice(0, eq)).toLowerCase();
  const value = decode(pair.slice(eq + 1));
  // An address inside an address (a sign-in page's `next`) is hidden if it would be.
  const carriesKey =
    SECRET_PARAMS.has(name) || looksLikeCode(value) || (value.startsWith('/') && redactUrl(value) !== value);
  return carriesKey ? `${pair.slice(0, eq)}=[redacted]` : pair;
}

export function redactUrl(url: string): string {
  const hash = url.indexOf('#');
  const withoutHash = hash < 0 ? url : url.slice(0, hash);
  const q = withoutHash.indexOf('?');
  const path = (q < 0 ? withoutHash : withoutHash.slice(0, q)).replace(SECRET_PATHS, '$1[redacted]');
  if (q < 0) return path;
  const query = withoutHash
    .slice(q + 1)
    .split('&')
    .map(redactParam)
    .join('&');
  return `${path}?${query}`;
}
