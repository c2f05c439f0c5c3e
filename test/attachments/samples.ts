// Files the attachment tests upload, built byte by byte: a JPEG whose Exif holds a GPS position,
// a PNG with text and Exif chunks, a PDF, and files that only pretend to be one of those.
// The images need not be renderable; their segment and chunk structure is valid.
import { crc32 } from 'node:zlib';
import { deflateSync } from 'node:zlib';

const u16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

// JPEG --------------------------------------------------------------------------------------

export const SOI = Buffer.from([0xff, 0xd8]);
export const EOI = Buffer.from([0xff, 0xd9]);

/** A marker segment: FF, the code, a two-byte length counting itself, the payload. */
export const segment = (code: number, payload: Buffer) =>
  Buffer.concat([Buffer.from([0xff, code]), u16(payload.length + 2), payload]);

/** A TIFF (big-endian) with IFD0 pointing at a GPS IFD: latitude 31° 14' 30" N. */
export function gpsTiff(): Buffer {
  const ifd0 = Buffer.concat([u16(1), u16(0x8825), u16(4), u32(1), u32(26), u32(0)]);
  const gps = Buffer.concat([
    u16(2),
    u16(0x0001),
    u16(2),
    u32(2),
    Buffer.from('N\0\0\0', 'latin1'),
    u16(0x0002),
    u16(5),
    u32(3),
    u32(56),
    u32(0),
  ]);
  const rationals = Buffer.concat([u32(31), u32(1), u32(14), u32(1), u32(3000), u32(100)]);
  return Buffer.concat([Buffer.from('MM\0*', 'latin1'), u32(8), ifd0, gps, rationals]);
}

/** The GPS latitude's rationals, as they sit inside the Exif: what must not survive. */
export const GPS_RATIONALS = Buffer.concat([u32(31), u32(1), u32(14), u32(1), u32(3000), u32(100)]);

export const APP0_JFIF = segment(
  0xe0,
  Buffer.concat([Buffer.from('JFIF\0', 'latin1'), Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0])]),
);
export const APP1_EXIF = segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), gpsTiff()]));
export const APP1_XMP = segment(
  0xe1,
  Buffer.from(
    'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>31,14.5N</exif:GPSLatitude></x:xmpmeta>',
    'latin1',
  ),
);
export const APP2_ICC = segment(
  0xe2,
  Buffer.concat([Buffer.from('ICC_PROFILE\0', 'latin1'), Buffer.from([1, 1]), Buffer.alloc(16, 0x42)]),
);
export const APP13_IPTC = segment(0xed, Buffer.from('Photoshop 3.0\0 8BIM city: Shanghai', 'latin1'));
export const APP14_ADOBE = segment(
  0xee,
  Buffer.concat([Buffer.from('Adobe', 'latin1'), Buffer.from([0, 100, 0, 0, 0, 0, 1])]),
);
export const COM = segment(0xfe, Buffer.from('Taken at No. 5 Garden Road', 'latin1'));
export const DQT = segment(0xdb, Buffer.concat([Buffer.from([0x00]), Buffer.alloc(64, 1)]));
export const SOF0 = segment(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0]));
export const DHT = segment(0xc4, Buffer.concat([Buffer.from([0x00, 1]), Buffer.alloc(15, 0), Buffer.from([0])]));
export const SOS = segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0]));
/** Entropy-coded data with a stuffed 0xFF00 and a restart marker inside it. */
export const SCAN = Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0x78]);

/** What a photo from a phone looks like: JFIF, Exif with GPS, XMP, ICC, IPTC, a comment, then the image. */
export function jpegWithGps(): Buffer {
  return Buffer.concat([
    SOI,
    APP1_EXIF,
    APP0_JFIF,
    APP1_XMP,
    APP2_ICC,
    APP13_IPTC,
    COM,
    DQT,
    SOF0,
    DHT,
    SOS,
    SCAN,
    EOI,
  ]);
}

/** The same photo as it must be stored: only the segments that draw the image (and its colours) are left. */
export function jpegStripped(): Buffer {
  return Buffer.concat([SOI, APP0_JFIF, APP2_ICC, DQT, SOF0, DHT, SOS, SCAN, EOI]);
}

// PNG ---------------------------------------------------------------------------------------

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([u32(data.length), typeAndData, u32(crc32(typeAndData))]);
}

export const IHDR = chunk('IHDR', Buffer.concat([u32(1), u32(1), Buffer.from([8, 2, 0, 0, 0])]));
export const IDAT = chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0])));
export const IEND = chunk('IEND', Buffer.alloc(0));
export const PHYS = chunk('pHYs', Buffer.concat([u32(2835), u32(2835), Buffer.from([1])]));
export const TEXT = chunk('tEXt', Buffer.from('Comment\0Taken at No. 5 Garden Road', 'latin1'));
export const EXIF = chunk('eXIf', gpsTiff());
export const ITXT = chunk('iTXt', Buffer.from('Location\0\0\0\0\0Garden Road', 'latin1'));
export const ZTXT = chunk(
  'zTXt',
  Buffer.concat([Buffer.from('Author\0\0', 'latin1'), deflateSync(Buffer.from('Zhang San'))]),
);

export function pngWithText(): Buffer {
  return Buffer.concat([PNG_SIGNATURE, IHDR, TEXT, PHYS, EXIF, IDAT, ITXT, ZTXT, IEND]);
}

export function pngStripped(): Buffer {
  return Buffer.concat([PNG_SIGNATURE, IHDR, PHYS, IDAT, IEND]);
}

// Others ------------------------------------------------------------------------------------

export function pdf(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n' +
      'trailer << /Root 1 0 R >>\n%%EOF\n',
    'latin1',
  );
}

/** A Windows program (MZ header) of the kind that gets renamed photo.jpg. */
export function executable(): Buffer {
  return Buffer.concat([
    Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'),
    Buffer.alloc(56),
    Buffer.from('This program cannot be run in DOS mode.', 'latin1'),
  ]);
}

export const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');
export const SVG = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
);
