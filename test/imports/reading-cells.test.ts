// The small pure rules an import file is read by, tried at their edges.
import { describe, expect, it } from 'vitest';
import { neutralise } from '../../server/exports/csv.js';
import { toLocalInput } from '../../server/i18n/format.js';
import { headerKey, readHeader, toLocalDateTime, yesNo } from '../../server/imports/columns.js';
import { readCsv } from '../../server/imports/csv.js';
import { decodeUpload } from '../../server/imports/decode.js';

const local = (at: Date) => toLocalInput(at, 'Asia/Shanghai');

describe('reading an import file', () => {
  it('tells UTF-8 (with or without BOM), GB18030 and not-text apart', () => {
    expect(decodeUpload(Buffer.from('\uFEFFa,b\n', 'utf8'))).toEqual({ ok: true, text: 'a,b\n', encoding: 'utf-8' });
    expect(decodeUpload(Buffer.from('意见,b\n', 'utf8'))).toEqual({ ok: true, text: '意见,b\n', encoding: 'utf-8' });
    expect(decodeUpload(Buffer.from('d2e2bcfb2c620a', 'hex'))).toEqual({
      ok: true,
      text: '意见,b\n',
      encoding: 'gb18030',
    });
    expect(decodeUpload(Buffer.from('\uFEFF', 'utf8'))).toEqual({ ok: false, reason: 'empty' });
    expect(decodeUpload(Buffer.from([0x61, 0x00, 0x62]))).toEqual({ ok: false, reason: 'binary' });
    expect(decodeUpload(Buffer.from('a\u0001b', 'utf8'))).toEqual({ ok: false, reason: 'binary' });
    // UTF-16 (a spreadsheet's "Unicode text") is not taken for GBK.
    expect(decodeUpload(Buffer.from('\uFEFFa,b', 'utf16le'))).toEqual({ ok: false, reason: 'binary' });
  });

  it('reads times as people write them, in the portal zone, and passes the rest on as written', () => {
    expect(toLocalDateTime('2026-11-03 14:20', local)).toBe('2026-11-03T14:20');
    expect(toLocalDateTime('2026/11/3 9:05', local)).toBe('2026-11-03T09:05');
    expect(toLocalDateTime('2026.11.03 09:05:30', local)).toBe('2026-11-03T09:05:30');
    expect(toLocalDateTime('2026年11月3日 14:20', local)).toBe('2026-11-03T14:20');
    expect(toLocalDateTime('２０２６-１１-０３　１４：２０', local)).toBe('2026-11-03T14:20'); // full-width
    expect(toLocalDateTime('2026-11-03', local)).toBe('2026-11-03T00:00');
    expect(toLocalDateTime('2026-11-03T06:20:00Z', local)).toBe('2026-11-03T14:20');
    expect(toLocalDateTime('2026-11-03T14:20:00+08:00', local)).toBe('2026-11-03T14:20');
    expect(toLocalDateTime('3/11/2026 14:20', local)).toBe('3/11/2026 14:20'); // day and month order unknown: not guessed
    expect(toLocalDateTime('yesterday', local)).toBe('yesterday');
  });

  it('recognises columns by key or label in either language, whatever the case, spacing or width', () => {
    expect(headerKey(' Call length (Minutes) ')).toBe(headerKey('call_length_minutes'));
    expect(headerKey('通话时长（分钟）')).toBe(headerKey('通话时长(分钟)'));
    const h = readHeader(['意见内容', 'RECEIVED', "Caller's number", '通话时长（分钟）', 'Remarks', ''], 'hotline');
    expect(h.columns).toEqual(['body', 'received_at', 'caller_number', 'duration_minutes', null, null]);
    expect(h.unused).toEqual(['Remarks']);
    expect(h.missing).toEqual([]);
    // On the petition channel "Reference number" is the channel's own particular, not the external reference.
    expect(
      readHeader(['Reference number', 'External reference', '编号', 'body', 'received_at'], 'petition'),
    ).toMatchObject({
      columns: ['reference_number', 'external_ref', 'external_ref', 'body', 'received_at'],
      repeated: ['external_ref'],
    });
    expect(readHeader(['unit'], 'hotline').missing).toEqual(['body', 'received_at']);
  });

  it('splits by commas, or by what the header row or a "sep=" line uses', () => {
    expect(readCsv('a,b\r\n1,2\r\n')).toMatchObject({
      ok: true,
      header: ['a', 'b'],
      rows: [{ row: 2, cells: ['1', '2'] }],
    });
    expect(readCsv('a\tb\n1\t2,5\n')).toMatchObject({
      ok: true,
      header: ['a', 'b'],
      rows: [{ row: 2, cells: ['1', '2,5'] }],
    });
    expect(readCsv('sep=;\r\na;b\r\n1;2,5\r\n')).toMatchObject({
      ok: true,
      header: ['a', 'b'],
      rows: [{ row: 2, cells: ['1', '2,5'] }],
    });
    expect(readCsv('a,b\n1,"2\n')).toMatchObject({ ok: false, unclosedQuote: true });
  });

  it('reads yes and no in both languages', () => {
    for (const v of ['yes', 'Y', 'TRUE', '1', '是', '匿名', '√']) expect(yesNo(v), v).toBe(true);
    for (const v of ['', 'no', 'N', 'false', '0', '否', '实名']) expect(yesNo(v), v).toBe(false);
    expect(yesNo('maybe')).toBeNull();
  });

  it('makes cells a spreadsheet would run as formulas into text', () => {
    for (const v of ['=1+1', '+1', '-1', '@A1', '\t=1', '\r=1']) expect(neutralise(v), v).toBe(`'${v}`);
    for (const v of ['1-1', 'a=b', '', "'already"]) expect(neutralise(v), v).toBe(v);
  });
});
