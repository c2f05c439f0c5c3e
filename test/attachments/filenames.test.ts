// An upload's name is only ever shown and offered back, never trusted.
import { describe, expect, it } from 'vitest';
import { cleanFilename, contentDisposition, FILENAME_MAX } from '../../server/attachments/filenames.js';

describe('the name an attachment is kept under', () => {
  it('keeps a plain name, in any script', () => {
    expect(cleanFilename('letter.pdf', 'application/pdf')).toBe('letter.pdf');
    expect(cleanFilename('意见条 3.JPG', 'image/jpeg')).toBe('意见条 3.JPG');
    expect(cleanFilename('scan.jpeg', 'image/jpeg')).toBe('scan.jpeg');
  });

  it('loses any path, control characters, bidi overrides and characters file systems refuse', () => {
    expect(cleanFilename('../../etc/passwd.png', 'image/png')).toBe('passwd.png');
    expect(cleanFilename('C:\\Users\\me\\scan.pdf', 'application/pdf')).toBe('scan.pdf');
    expect(cleanFilename('a\r\nX-Injected: 1.jpg', 'image/jpeg')).toBe('aX-Injected_ 1.jpg');
    expect(cleanFilename('invoice\u202Efdp.exe.pdf', 'application/pdf')).toBe('invoicefdp.exe.pdf');
    expect(cleanFilename('"quoted" <b>|?*.png', 'image/png')).toBe('_quoted_ _b____.png');
    expect(cleanFilename('...hidden.png', 'image/png')).toBe('hidden.png');
    expect(cleanFilename('half\ud800.png', 'image/png')).toBe('half.png');
  });

  it('ends in the extension of what the content really is', () => {
    expect(cleanFilename('notes.html', 'image/png')).toBe('notes.html.png');
    expect(cleanFilename('photo.exe', 'image/jpeg')).toBe('photo.exe.jpg');
    expect(cleanFilename('no extension', 'application/pdf')).toBe('no extension.pdf');
    expect(cleanFilename('', 'image/jpeg')).toBe('attachment.jpg');
    expect(cleanFilename('///', 'image/png')).toBe('attachment.png');
  });

  it('is at most FILENAME_MAX characters before its extension', () => {
    const long = `${'长'.repeat(300)}.pdf`;
    const cleaned = cleanFilename(long, 'application/pdf');
    expect(Array.from(cleaned)).toHaveLength(FILENAME_MAX + 4);
    expect(cleaned.endsWith('.pdf')).toBe(true);
  });
});

describe('the Content-Disposition header', () => {
  it('gives an ASCII fallback and the real name RFC 5987-encoded', () => {
    expect(contentDisposition('attachment', '意见 "1".pdf')).toBe(
      `attachment; filename="__ _1_.pdf"; filename*=UTF-8''%E6%84%8F%E8%A7%81%20%221%22.pdf`,
    );
    expect(contentDisposition('inline', "it's (1)*.png")).toBe(
      `inline; filename="it's (1)*.png"; filename*=UTF-8''it%27s%20%281%29%2A.png`,
    );
  });

  it('cannot be broken out of, whatever the name', () => {
    for (const name of ['a"; filename="evil.html', 'a\r\nSet-Cookie: x=1', 'a\\"b;c%d', '\u0000\u2028x']) {
      const header = contentDisposition('attachment', name);
      // Printable ASCII only: no line break, no control character, nothing a parser could read two ways.
      expect([...header].every((c) => c >= ' ' && c <= '~')).toBe(true);
      const fallback = /filename="([^"]*)";/.exec(header)![1]!;
      expect(fallback).not.toMatch(/["\\;%]/);
      expect(header.split('filename*=')[1]).toMatch(/^UTF-8''[A-Za-z0-9%._~!-]*$/);
    }
  });
});
