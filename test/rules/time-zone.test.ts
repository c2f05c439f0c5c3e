import { describe, expect, it } from 'vitest';
import { formatters, fromLocalInput, localDay, toLocalInput } from '../../server/i18n/format.js';

describe('times are stored in UTC and shown in the portal time zone', () => {
  it('a wall-clock time in Shanghai is the right UTC instant, and back', () => {
    const at = fromLocalInput('2026-11-20T09:30', 'Asia/Shanghai');
    expect(at?.toISOString()).toBe('2026-11-20T01:30:00.000Z');
    expect(toLocalInput(at!, 'Asia/Shanghai')).toBe('2026-11-20T09:30');
  });

  it('the calendar day depends on the zone', () => {
    const lateUtc = new Date('2026-11-20T17:00:00Z');
    expect(localDay(lateUtc, 'Asia/Shanghai')).toBe('2026-11-21');
    expect(localDay(lateUtc, 'UTC')).toBe('2026-11-20');
  });

  it('handles a zone with summer time', () => {
    expect(fromLocalInput('2026-07-01T12:00', 'Europe/London')?.toISOString()).toBe('2026-07-01T11:00:00.000Z');
    expect(fromLocalInput('2026-01-01T12:00', 'Europe/London')?.toISOString()).toBe('2026-01-01T12:00:00.000Z');
  });

  it('refuses what is not a real date and time', () => {
    for (const bad of [
      '',
      'yesterday',
      '2026-02-30T10:00',
      '2026-11-20T25:00',
      '2026-11-20 10:00',
      "2026-11-20T10:00'--",
    ]) {
      expect(fromLocalInput(bad, 'Asia/Shanghai'), bad).toBeNull();
    }
  });

  it('formats in the reader language', () => {
    const iso = '2026-11-20T01:30:00.000Z';
    expect(formatters('en', 'Asia/Shanghai').dateTime(iso)).toMatch(/Nov 20, 2026.*9:30/);
    expect(formatters('zh-CN', 'Asia/Shanghai').dateTime(iso)).toMatch(/2026年11月20日.*09:30/);
    expect(formatters('en', 'Asia/Shanghai').date('2026-11-20')).toBe('Nov 20, 2026');
  });

  it('names the portal’s time zone in the reader language, not by its IANA name', () => {
    const november = () => new Date('2026-11-20T01:30:00Z');
    expect(formatters('zh-CN', 'Asia/Shanghai', november).timeZoneName()).toBe('中国标准时间');
    expect(formatters('en', 'Asia/Shanghai', november).timeZoneName()).toBe('China Standard Time');
    // A zone with summer time is named for the moment asked about, by default the clock's now.
    expect(formatters('en', 'Europe/London', november).timeZoneName()).toBe('Greenwich Mean Time');
    expect(formatters('en', 'Europe/London', november).timeZoneName('2026-07-01T12:00:00Z')).toBe(
      'British Summer Time',
    );
    expect(formatters('zh-CN', 'Europe/London', () => new Date('2026-07-01T12:00:00Z')).timeZoneName()).toBe(
      '英国夏令时间',
    );
  });
});
