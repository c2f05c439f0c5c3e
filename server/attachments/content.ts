// What an uploaded file is, read from its bytes (never its name or the browser's type), and the
// same bytes with their metadata taken out. Pure: no I/O, no native image library. JPEG and PNG
// are walked segment by segment / chunk by chunk and copied whole, so the image data itself is
// never re-encoded; a file whose structure does not add up is refused rather than stored as it came.
import { crc32 } from 'node:zlib';
import type { AttachmentMediaType } from './tables.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The media type from the first bytes (magic numbers), or null for anything we do not keep. */
export function sniffMediaType(data: Buffer): AttachmentMediaType | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= PNG_SIGNATURE.length && data.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE))
    return 'image/png';
  if (data.length >= 5 && data.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  return null;
}

export interface Stripped {
  data: Buffer;
  /** How many metadata segments or chunks were taken out. */
  removed: number;
}

const startsWith = (data: Buffer, text: string) =>
  data.length >= text.length && data.toString('latin1', 0, text.length) === text;

/**
 * APPn segments we keep, each only with its expected identifier: JFIF (APP0), an ICC colour
 * profile (APP2; not MPF, which points at further images with their own Exif), Adobe (APP14:
 * colour transform, needed to show CMYK scans right). Every other APPn (Exif and XMP in APP1,
 * IPTC in APP13, makers' notes) and COM comments go.
 */
const KEPT_APP: Partial<Record<number, (payload: Buffer) => boolean>> = {
  0xe0: (p) => startsWith(p, 'JFIF\0') || startsWith(p, 'JFXX\0'),
  0xe2: (p) => startsWith(p, 'ICC_PROFILE\0'),
  0xee: (p) => startsWith(p, 'Adobe'),
};

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const COM = 0xfe;
const isRst = (code: number) => code >= 0xd0 && code <= 0xd7;
const isApp = (code: number) => code >= 0xe0 && code <= 0xef;

/**
 * A JPEG without its metadata, or null when its segment structure is broken. Walks every
 * marker from SOI to EOI, across every scan (progressive JPEGs have several, with tables between
 * them); bytes after EOI (phones append preview images there) are dropped too.
 */
export function stripJpeg(input: Buffer): Stripped | null {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== SOI) return null;
  const out: Buffer[] = [input.subarray(0, 2)];
  let removed = 0;
  let scans = 0;
  let i = 2;
  for (;;) {
    // A marker: 0xFF, any number of 0xFF fill bytes, then its code.
    if (input[i] !== 0xff) return null;
    while (input[i] === 0xff) i++;
    const code = input[i];
    if (code === undefined || code === 0x00 || code === SOI) return null;
    i++;
    if (code === EOI) {
      out.push(Buffer.from([0xff, EOI]));
      return scans > 0 ? { data: Buffer.concat(out), removed } : null;
    }
    // TEM and RSTn stand alone, without a length.
    if (code === 0x01 || isRst(code)) {
      out.push(Buffer.from([0xff, code]));
      continue;
    }
    if (i + 2 > input.length) return null;
    const length = input.readUInt16BE(i);
    if (length < 2 || i + length > input.length) return null;
    const payload = input.subarray(i + 2, i + length);
    const keep = isApp(code) ? (KEPT_APP[code]?.(payload) ?? false) : code !== COM;
    if (keep) out.push(Buffer.from([0xff, code]), input.subarray(i, i + length));
    else removed++;
    i += length;

    if (code === SOS) {
      // Entropy-coded data runs to the next marker: 0xFF followed by anything but a stuffed
      // 0x00, a restart marker or another fill byte.
      const start = i;
      for (;;) {
        if (i >= input.length) return null;
        if (input[i] !== 0xff) {
          i++;
          continue;
        }
        const next = input[i + 1];
        if (next === undefined) return null;
        if (next === 0x00 || isRst(next)) i += 2;
        else if (next === 0xff) i += 1;
        else break;
      }
      out.push(input.subarray(start, i));
      scans++;
    }
  }
}

/** Chunks that carry text or Exif (compared without case: old writers used exIf and the like). */
const DROPPED_PNG_CHUNKS = new Set(['exif', 'text', 'itxt', 'ztxt']);

/**
 * A PNG without its text and Exif chunks, or null when its chunk structure is broken (a wrong
 * CRC, no IHDR first, no IDAT, no IEND). The chunks kept are copied whole, CRC and all; anything
 * after IEND is dropped.
 */
export function stripPng(input: Buffer): Stripped | null {
  if (sniffMediaType(input) !== 'image/png') return null;
  const out: Buffer[] = [PNG_SIGNATURE];
  let removed = 0;
  let sawData = false;
  let i = PNG_SIGNATURE.length;
  for (let index = 0; ; index++) {
    if (i + 12 > input.length) return null;
    const length = input.readUInt32BE(i);
    if (length > 0x7fffffff || i + 12 + length > input.length) return null;
    const type = input.toString('latin1', i + 4, i + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) return null;
    if ((index === 0) !== (type === 'IHDR')) return null;
    if (crc32(input.subarray(i + 4, i + 8 + length)) !== input.readUInt32BE(i + 8 + length)) return null;
    const chunk = input.subarray(i, i + 12 + length);
    i += 12 + length;
    if (DROPPED_PNG_CHUNKS.has(type.toLowerCase())) {
      removed++;
      continue;
    }
    if (type === 'IDAT') sawData = true;
    out.push(chunk);
    if (type === 'IEND') return sawData ? { data: Buffer.concat(out), removed } : null;
  }
}

export type PreparedContent =
  | { ok: true; mediaType: AttachmentMediaType; data: Buffer; metadataRemoved: number }
  | { ok: false; reason: 'type' | 'malformed' };

/** An upload as it will be stored: its type from its content, photos without their metadata. */
export function prepareContent(data: Buffer): PreparedContent {
  const mediaType = sniffMediaType(data);
  if (!mediaType) return { ok: false, reason: 'type' };
  if (mediaType === 'application/pdf') return { ok: true, mediaType, data, metadataRemoved: 0 };
  const stripped = mediaType === 'image/jpeg' ? stripJpeg(data) : stripPng(data);
  if (!stripped) return { ok: false, reason: 'malformed' };
  return { ok: true, mediaType, data: stripped.data, metadataRemoved: stripped.removed };
}
