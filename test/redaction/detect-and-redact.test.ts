// The pure rules of redaction: what the server finds to offer, and how a passage is blacked out.
import { describe, expect, it } from 'vitest';
import { detectPersonalDetails, isIdCardNumber } from '../../server/redaction/detect.js';
import { redact } from '../../server/redaction/redact.js';

describe('personal details found in a text', () => {
  it('finds mobile and fixed-line numbers as people write them', () => {
    const text = '请联系13800138000或138 0013 8001，也可拨+86 139-1234-5678，办公室010-12345678，(0755) 1234567。';
    expect(detectPersonalDetails(text)).toEqual([
      { kind: 'phone', text: '13800138000' },
      { kind: 'phone', text: '138 0013 8001' },
      { kind: 'phone', text: '+86 139-1234-5678' },
      { kind: 'phone', text: '010-12345678' },
      { kind: 'phone', text: '(0755) 1234567' },
    ]);
  });

  it('finds email addresses, including one that starts with a phone number', () => {
    expect(detectPersonalDetails('Write to zhang.san@example.org.cn or 13800138000@163.com.')).toEqual([
      { kind: 'email', text: 'zhang.san@example.org.cn' },
      { kind: 'email', text: '13800138000@163.com' },
    ]);
  });

  it('finds ID-card numbers with a real birth date and the right check character only', () => {
    expect(isIdCardNumber('11010519491231002X')).toBe(true);
    expect(isIdCardNumber('110105194912310021')).toBe(false); // wrong check character
    expect(isIdCardNumber('110105194913310020')).toBe(false); // month 13
    expect(detectPersonalDetails('身份证 11010519491231002x，编号 110105194912310021')).toEqual([
      { kind: 'id_card', text: '11010519491231002x' },
    ]);
  });

  it('does not take parts of longer numbers, hotline short numbers or dates for phone numbers', () => {
    expect(detectPersonalDetails('工单号 2026111912345678901，热线 12345，日期 2026-11-20')).toEqual([]);
  });

  it('lists each detail once, in the order it first appears', () => {
    expect(detectPersonalDetails('13800138000, again 13800138000, a@b.cn')).toEqual([
      { kind: 'phone', text: '13800138000' },
      { kind: 'email', text: 'a@b.cn' },
    ]);
  });
});

describe('a redaction', () => {
  it('replaces every occurrence of each passage with the marker, and nothing else', () => {
    const r = redact('Zhang San said Zhang San called 13800138000.', ['Zhang San', '13800138000'], '[redacted]');
    expect(r).toEqual({ ok: true, body: '[redacted] said [redacted] called [redacted].', occurrences: 3 });
  });

  it('matches exactly: case and spacing as typed', () => {
    expect(redact('Zhang San and zhang san', ['Zhang San'], '█')).toEqual({
      ok: true,
      body: '█ and zhang san',
      occurrences: 1,
    });
  });

  it('turns overlapping or touching passages into one marker, leaving nothing of either', () => {
    expect(redact('Call Zhang San 138', ['Zhang San', 'San 138'], '█')).toEqual({
      ok: true,
      body: 'Call █',
      occurrences: 1,
    });
    expect(redact('aaa', ['aa'], '█')).toEqual({ ok: false, reason: 'nothing_left' });
    expect(redact('xAB y', ['A', 'B'], '█')).toEqual({ ok: true, body: 'x█ y', occurrences: 1 });
  });

  it('refuses a passage that is not in the text, naming it', () => {
    expect(redact('Zhang San', ['Zhang San', 'Li Si'], '█')).toEqual({
      ok: false,
      reason: 'missing',
      missing: ['Li Si'],
    });
  });

  it('refuses to remove the whole text', () => {
    expect(redact('  Zhang San  ', ['Zhang San'], '[redacted]')).toEqual({ ok: false, reason: 'nothing_left' });
  });
});
