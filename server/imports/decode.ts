// Reading the bytes of an uploaded CSV as text. Spreadsheet software writes UTF-8 (often with a
// byte-order mark) or, in China, GB18030/GBK ("ANSI" on a Chinese Windows): a BOM means UTF-8;
// bytes that are valid UTF-8 are UTF-8; anything else is tried as GB18030, of which GBK is a
// subset. What is neither, or has NUL and other control bytes text never has, is not a CSV file.

export type Encoding = 'utf-8' | 'gb18030';

export type Decoded = { ok: true; text: string; encoding: Encoding } | { ok: false; reason: 'empty' | 'binary' };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Control characters a text file does not contain (tab, line feed and carriage return are fine). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function decodeStrict(bytes: Uint8Array, encoding: Encoding): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function decodeUpload(data: Buffer): Decoded {
  const bom = UTF8_BOM.every((b, i) => data[i] === b);
  const bytes = bom ? data.subarray(UTF8_BOM.length) : data;
  // UTF-16 (a spreadsheet's "Unicode text") and every binary format have NUL bytes early on.
  if (bytes.subarray(0, 64 * 1024).includes(0)) return { ok: false, reason: 'binary' };

  let text: string | null;
  let encoding: Encoding;
  if (bom) {
    text = decodeStrict(bytes, 'utf-8');
    encoding = 'utf-8';
  } else {
    text = decodeStrict(bytes, 'utf-8');
    encoding = 'utf-8';
    if (text === null) {
      text = decodeStrict(bytes, 'gb18030');
      encoding = 'gb18030';
    }
  }
  if (text === null || CONTROL.test(text)) return { ok: false, reason: 'binary' };
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  return { ok: true, text, encoding };
}
