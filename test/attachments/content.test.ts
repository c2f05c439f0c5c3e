// The pure rules: what a file is by its bytes, and its metadata taken out without touching the image.
import { describe, expect, it } from 'vitest';
import { prepareContent, sniffMediaType, stripJpeg, stripPng } from '../../server/attachments/content.js';
import * as s from './samples.js';

const seg = s.segment;

describe('what a file is, from its content', () => {
  it('knows JPEG, PNG and PDF by their first bytes, whatever they are called', () => {
    expect(sniffMediaType(s.jpegWithGps())).toBe('image/jpeg');
    expect(sniffMediaType(s.pngWithText())).toBe('image/png');
    expect(sniffMediaType(s.pdf())).toBe('application/pdf');
  });

  it('knows nothing else: programs, HTML, SVG, text, nothing at all, almost-signatures', () => {
    for (const data of [
      s.executable(),
      s.HTML,
      s.SVG,
      Buffer.from('hello'),
      Buffer.alloc(0),
      Buffer.from([0xff, 0xd8]),
      s.PNG_SIGNATURE.subarray(0, 7),
      Buffer.from(' %PDF-1.4'),
      Buffer.from('GIF89a'),
    ]) {
      expect(sniffMediaType(data)).toBeNull();
      expect(prepareContent(data)).toEqual({ ok: false, reason: 'type' });
    }
  });
});

describe('a JPEG without its metadata', () => {
  it('drops Exif, XMP, IPTC and comments and keeps JFIF, ICC, Adobe and every image segment as they were', () => {
    const out = stripJpeg(s.jpegWithGps());
    expect(out).not.toBeNull();
    expect(out!.data.equals(s.jpegStripped())).toBe(true);
    expect(out!.removed).toBe(4);
    expect(out!.data.includes(Buffer.from('Exif'))).toBe(false);
    expect(out!.data.includes(s.GPS_RATIONALS)).toBe(false);
    expect(out!.data.includes(Buffer.from('Garden Road'))).toBe(false);

    const adobe = Buffer.concat([s.SOI, s.APP14_ADOBE, s.DQT, s.SOF0, s.SOS, s.SCAN, s.EOI]);
    expect(stripJpeg(adobe)!.data.equals(adobe)).toBe(true);
  });

  it('judges APPn segments by their identifier, not their number: an APP0 or APP2 that is not JFIF or ICC goes', () => {
    const odd = Buffer.concat([
      s.SOI,
      seg(0xe0, Buffer.from('NOTJFIF\0lat=31')),
      seg(0xe2, Buffer.from('MPF\0\0\0\0\0')),
      s.DQT,
      s.SOS,
      s.SCAN,
      s.EOI,
    ]);
    expect(stripJpeg(odd)!.data.equals(Buffer.concat([s.SOI, s.DQT, s.SOS, s.SCAN, s.EOI]))).toBe(true);
  });

  it('walks every scan of a progressive JPEG, dropping metadata between scans and what follows EOI', () => {
    const secondScan = Buffer.from([0x9a, 0xff, 0x00, 0xbc]);
    const progressive = Buffer.concat([
      s.SOI,
      s.APP0_JFIF,
      s.DQT,
      s.SOF0,
      s.DHT,
      s.SOS,
      s.SCAN,
      s.DHT,
      s.APP1_EXIF,
      s.SOS,
      secondScan,
      s.EOI,
      Buffer.from('trailer with GPS'),
    ]);
    const out = stripJpeg(progressive)!;
    expect(
      out.data.equals(
        Buffer.concat([s.SOI, s.APP0_JFIF, s.DQT, s.SOF0, s.DHT, s.SOS, s.SCAN, s.DHT, s.SOS, secondScan, s.EOI]),
      ),
    ).toBe(true);
    expect(out.data.includes(s.GPS_RATIONALS)).toBe(false);
  });

  it('reads fill bytes before markers and standalone markers', () => {
    const filled = Buffer.concat([
      s.SOI,
      Buffer.from([0xff, 0xff]),
      s.APP1_EXIF,
      s.DQT,
      s.SOS,
      Buffer.from([0x11, 0xff, 0xff]),
      s.EOI,
    ]);
    const out = stripJpeg(filled)!;
    expect(out.data.includes(Buffer.from('Exif'))).toBe(false);
    expect(out.data.subarray(-2).equals(s.EOI)).toBe(true);
  });

  it('refuses a JPEG whose structure does not add up, rather than keep it unstripped', () => {
    const exif = s.APP1_EXIF;
    const broken = [
      Buffer.concat([s.SOI, exif.subarray(0, 20)]), // cut off inside a segment
      Buffer.concat([s.SOI, Buffer.from([0xff, 0xe1, 0xff, 0xff]), exif.subarray(4)]), // a length past the end
      Buffer.concat([s.SOI, Buffer.from([0xff, 0xe1, 0x00, 0x01]), s.SOS, s.SCAN, s.EOI]), // a length below 2
      Buffer.concat([s.SOI, exif, s.DQT, s.SOS, s.SCAN]), // no EOI
      Buffer.concat([s.SOI, exif, s.DQT, s.EOI]), // no scan at all
      Buffer.concat([s.SOI, s.APP0_JFIF, Buffer.from([0x00]), exif, s.SOS, s.SCAN, s.EOI]), // garbage where a marker should be
      Buffer.concat([s.SOI, s.SOI, exif, s.SOS, s.SCAN, s.EOI]), // a second SOI
      Buffer.concat([s.SOI, s.APP0_JFIF, Buffer.from([0xff, 0x00]), s.SOS, s.SCAN, s.EOI]), // FF00 outside a scan
      Buffer.from([0xff, 0xd8, 0xff]),
    ];
    for (const b of broken) {
      expect(stripJpeg(b)).toBeNull();
      expect(prepareContent(b)).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});

describe('a PNG without its text and Exif', () => {
  it('drops tEXt, iTXt, zTXt and eXIf and keeps every other chunk whole', () => {
    const out = stripPng(s.pngWithText())!;
    expect(out.data.equals(s.pngStripped())).toBe(true);
    expect(out.removed).toBe(4);
    expect(out.data.includes(Buffer.from('Garden Road'))).toBe(false);
    expect(out.data.includes(s.GPS_RATIONALS)).toBe(false);
  });

  it('drops the old spellings of the Exif chunk and whatever follows IEND', () => {
    const old = Buffer.concat([
      s.PNG_SIGNATURE,
      s.IHDR,
      s.chunk('exIf', Buffer.from('MM\0*')),
      s.IDAT,
      s.IEND,
      Buffer.from('more'),
    ]);
    expect(stripPng(old)!.data.equals(Buffer.concat([s.PNG_SIGNATURE, s.IHDR, s.IDAT, s.IEND]))).toBe(true);
  });

  it('refuses a PNG whose chunks do not add up', () => {
    const badCrc = Buffer.from(s.TEXT);
    badCrc[badCrc.length - 1]! ^= 0xff;
    const broken = [
      Buffer.concat([s.PNG_SIGNATURE, s.IHDR, badCrc, s.IDAT, s.IEND]),
      Buffer.concat([s.PNG_SIGNATURE, s.IHDR, s.IDAT]), // no IEND
      Buffer.concat([s.PNG_SIGNATURE, s.TEXT, s.IHDR, s.IDAT, s.IEND]), // IHDR not first
      Buffer.concat([s.PNG_SIGNATURE, s.IHDR, s.IEND]), // no image data
      Buffer.concat([s.PNG_SIGNATURE, s.IHDR, s.IHDR, s.IDAT, s.IEND]), // a second IHDR
      Buffer.concat([s.PNG_SIGNATURE, s.IHDR, s.IDAT.subarray(0, 10)]), // cut off
      Buffer.concat([s.PNG_SIGNATURE, s.IHDR, s.chunk('ab1d', Buffer.alloc(0)), s.IDAT, s.IEND]), // not a chunk type
      s.PNG_SIGNATURE,
    ];
    for (const b of broken) {
      expect(stripPng(b)).toBeNull();
      expect(prepareContent(b)).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});

describe('a PDF', () => {
  it('is kept byte for byte', () => {
    const result = prepareContent(s.pdf());
    expect(result.ok && result.data.equals(s.pdf())).toBe(true);
  });
});
