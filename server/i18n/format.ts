// Times are stored in UTC (ISO 8601) and shown in the portal's time zone and the reader's language.
import type { Locale } from '../config.js';

export interface Formatters {
  dateTime(iso: string | null | undefined): string;
  date(isoOrDay: string | null | undefined): string;
  number(n: number): string;
  /** A number with exactly `digits` decimals in the reader's language: fixed(846 / 10, 1) is "84.6", fixed(2.5, 2) "2.50". */
  fixed(x: number, digits: number): string;
  /**
   * The portal's time zone as the reader calls it ("China Standard Time", 中国标准时间), at a
   * moment (by default now), since a zone with summer time has two names.
   */
  timeZoneName(at?: string | Date | null): string;
}

/** A zone's long name in a language at a moment; the IANA name when the platform has none. */
const zoneNamers = new Map<string, Intl.DateTimeFormat>();
export function timeZoneName(locale: Locale, timeZone: string, at: Date): string {
  const key = `${locale}\u0000${timeZone}`;
  let namer = zoneNamers.get(key);
  if (!namer) zoneNamers.set(key, (namer = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'long' })));
  const part = namer.formatToParts(at).find((p) => p.type === 'timeZoneName');
  return part?.value || timeZone;
}

interface IntlSet {
  dt: Intl.DateTimeFormat;
  d: Intl.DateTimeFormat;
  dUtc: Intl.DateTimeFormat;
  n: Intl.NumberFormat;
  decimals: Map<number, Intl.NumberFormat>;
}

/**
 * Built once per language and zone: every page asks for formatters, and building these four
 * took about 8% of a public page's CPU in the benchmark (issue 7). They hold no state.
 */
const intlSets = new Map<string, IntlSet>();
function intlFor(locale: Locale, timeZone: string): IntlSet {
  const key = `${locale}\u0000${timeZone}`;
  let set = intlSets.get(key);
  if (!set) {
    set = {
      dt: new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }),
      d: new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium' }),
      dUtc: new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'medium' }),
      n: new Intl.NumberFormat(locale),
      decimals: new Map(),
    };
    intlSets.set(key, set);
  }
  return set;
}

/** `now` is the portal's clock (app.clock), so the name follows the moment the page is for. */
export function formatters(locale: Locale, timeZone: string, now: () => Date = () => new Date()): Formatters {
  const { dt, d, dUtc, n, decimals } = intlFor(locale, timeZone);
  const nd = (digits: number) => {
    let f = decimals.get(digits);
    if (!f)
      decimals.set(
        digits,
        (f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })),
      );
    return f;
  };
  return {
    dateTime: (iso) => (iso ? dt.format(new Date(iso)) : ''),
    // A bare calendar day (YYYY-MM-DD) is not a moment: show it as written, whatever the zone.
    date: (v) =>
      !v ? '' : /^\d{4}-\d{2}-\d{2}$/.test(v) ? dUtc.format(new Date(`${v}T00:00:00Z`)) : d.format(new Date(v)),
    number: (x) => n.format(x),
    fixed: (x, digits) => nd(digits).format(x),
    timeZoneName: (at) => {
      const moment = at ? new Date(at) : now();
      return timeZoneName(locale, timeZone, Number.isNaN(moment.getTime()) ? now() : moment);
    },
  };
}

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one (a bulk import reads thousands of times). */
const wallClocks = new Map<string, Intl.DateTimeFormat>();
function wallClock(timeZone: string): Intl.DateTimeFormat {
  let f = wallClocks.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    wallClocks.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date and time in a zone, as the value of an <input type="datetime-local">. */
export function toLocalInput(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    wallClock(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The day after a YYYY-MM-DD day (a "to" date includes the whole of its day). */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The calendar day in a zone, YYYY-MM-DD. */
export function localDay(at: Date, timeZone: string): string {
  return toLocalInput(at, timeZone).slice(0, 10);
}

/** Reads a datetime-local value as wall-clock time in the zone; returns the UTC instant. */
export function fromLocalInput(value: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(guess)) return null;
  // The zone's offset at that moment; two passes settle it across a DST change.
  let at = guess;
  for (let i = 0; i < 2; i++) {
    const shown = toLocalInput(new Date(at), timeZone);
    const shownMs = Date.UTC(
      Number(shown.slice(0, 4)),
      Number(shown.slice(5, 7)) - 1,
      Number(shown.slice(8, 10)),
      Number(shown.slice(11, 13)),
      Number(shown.slice(14, 16)),
      s,
    );
    at += guess - shownMs;
  }
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
  return new Date(at);
}
