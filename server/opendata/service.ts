// Open data: every public rectification (committed or later, never an individual cadre's) as CSV
// and JSON, and an Atom feed of commitments, state changes and results. Read a page at a time,
// so a campaign of ten thousand rectifications is never in memory at once.
//
// No personal data: the rows come from repository reads that select their columns one by one
// and leave out responsible_person and measures.owner (people's names) and problems.cadre_name;
// submitters, staff and unit contacts are in other tables these reads never join.
import { createHash } from 'node:crypto';
import type { DB } from '../db/database.js';
import { csvLines, UTF8_BOM, type Cell } from '../exports/csv.js';
import type { Translate } from '../i18n/catalog.js';
import type { Formatters } from '../i18n/format.js';
import type { Level } from '../problems/levels.js';
import { isOverdue } from '../rectifications/overdue.js';
import * as repo from '../rectifications/repository.js';
import type { RectificationState } from '../rectifications/state.js';
import type { RectificationEventKind } from '../rectifications/tables.js';
import type { AtomEntry } from './atom.js';
import type { Checkpoint } from '../audit/checkpoint.js';

/** Rectifications read from the database at a time. */
export const OPEN_DATA_PAGE = 500;
/** Entries in the feed: the latest ones, as feeds do. */
export const FEED_ENTRIES = 50;
/** Changes whenever the files' shape changes, so caches do not keep the old shape. */
const FORMAT_VERSION = 1;

export interface OpenMeasure {
  description: string;
  /** YYYY-MM-DD, in the portal's time zone. */
  deadline: string;
  done: boolean;
}

export interface OpenRectification {
  id: number;
  url: string;
  problem_title: string;
  problem_description: string;
  level: Level;
  unit: string;
  state: RectificationState;
  round: number;
  committed_at: string | null;
  target_date: string | null;
  /** On the day the file was made (`overdue_on`), in the portal's time zone. */
  overdue: boolean;
  measures_count: number;
  measures_done: number;
  measures: OpenMeasure[];
}

export const noticeUrl = (baseUrl: string, id: number) => `${baseUrl}/notices/${id}`;

/** The public rectifications, a page at a time, in id order. */
export async function* openRectifications(
  db: DB,
  today: string,
  baseUrl: string,
  pageSize = OPEN_DATA_PAGE,
): AsyncGenerator<OpenRectification[]> {
  let after = 0;
  for (;;) {
    const page = await repo.openRectificationsAfter(db, after, pageSize);
    if (page.length === 0) return;
    const byRectification = new Map<number, repo.OpenMeasureRow[]>();
    for (const m of await repo.openMeasuresOf(
      db,
      page.map((r) => r.id),
    )) {
      const list = byRectification.get(m.rectification_id) ?? [];
      list.push(m);
      byRectification.set(m.rectification_id, list);
    }
    yield page.map((r) => {
      const measures = byRectification.get(r.id) ?? [];
      return {
        id: r.id,
        url: noticeUrl(baseUrl, r.id),
        problem_title: r.problem_title,
        problem_description: r.problem_description,
        level: r.problem_level,
        unit: r.unit_name,
        state: r.state,
        round: r.round,
        committed_at: r.committed_at,
        target_date: r.target_date,
        overdue: isOverdue(r.state, measures, today),
        measures_count: measures.length,
        measures_done: measures.filter((m) => m.done_at !== null).length,
        measures: measures.map((m) => ({ description: m.description, deadline: m.deadline, done: m.done_at !== null })),
      };
    });
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.id;
  }
}

/** The CSV's columns, in this order always; names are the JSON's, so one description serves both. */
export const CSV_COLUMNS = [
  'id',
  'problem_title',
  'problem_description',
  'level',
  'unit',
  'state',
  'round',
  'committed_at',
  'target_date',
  'overdue',
  'measures_count',
  'measures_done',
  'url',
] as const;

/** The CSV, line by line: BOM and header, then a page at a time; every text cell neutralised (exports/csv.ts). */
export async function* csvFile(db: DB, today: string, baseUrl: string): AsyncGenerator<string> {
  yield UTF8_BOM + csvLines([CSV_COLUMNS]);
  for await (const page of openRectifications(db, today, baseUrl)) {
    yield csvLines(
      page.map((r): Cell[] => [
        r.id,
        r.problem_title,
        r.problem_description,
        r.level,
        r.unit,
        r.state,
        r.round,
        r.committed_at,
        r.target_date,
        r.overdue ? 'true' : 'false',
        r.measures_count,
        r.measures_done,
        r.url,
      ]),
    );
  }
}

export interface JsonHeading {
  generatedAt: string;
  today: string;
  timeZone: string;
  termsUrl: string;
  /** The audit chain's checkpoint of the day, so every copy of the file anchors the log too. */
  auditCheckpoint?: Checkpoint | null;
}

/** The JSON document, streamed: the heading, then the rectifications one per line. */
export async function* jsonFile(db: DB, heading: JsonHeading, baseUrl: string): AsyncGenerator<string> {
  const head = {
    generated_at: heading.generatedAt,
    overdue_on: heading.today,
    time_zone: heading.timeZone,
    terms: heading.termsUrl,
    audit_checkpoint: heading.auditCheckpoint ?? null,
  };
  // The heading object without its closing brace, then the array that closes it.
  yield `${JSON.stringify(head).slice(0, -1)},"rectifications":[`;
  let separator = '\n';
  for await (const page of openRectifications(db, heading.today, baseUrl)) {
    let chunk = '';
    for (const r of page) {
      chunk += separator + JSON.stringify(r);
      separator = ',\n';
    }
    yield chunk;
  }
  yield '\n]}\n';
}

// The feed -------------------------------------------------------------------------------------

const FEED_KINDS: readonly RectificationEventKind[] = ['committed', 'reported_done', 'state'];
const RESULTS: readonly (RectificationState | null)[] = ['passed', 'failed'];

function eventData(raw: string | null): Record<string, unknown> {
  try {
    const v: unknown = raw ? JSON.parse(raw) : null;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export interface FeedWords {
  t: Translate;
  fmt: Formatters;
  baseUrl: string;
}

/** The latest commitments, state changes and results, newest first, worded in the feed's language. */
export async function feedEntries(db: DB, { t, fmt, baseUrl }: FeedWords): Promise<AtomEntry[]> {
  const events = await repo.openEvents(db, FEED_KINDS, FEED_ENTRIES);
  const state = (s: RectificationState | null) => (s ? t(`states.rectification.${s}`) : '');
  return events.map((e) => {
    const link = noticeUrl(baseUrl, e.rectification_id);
    const base = { id: `${link}#event-${e.id}`, updated: e.at, link };
    if (e.kind === 'committed') {
      const d = eventData(e.data);
      const summary =
        typeof d.measures === 'number' && typeof d.target_date === 'string'
          ? t('opendata.feed.committedSummary', {
              unit: e.unit_name,
              measures: fmt.number(d.measures),
              target: fmt.date(d.target_date),
            })
          : t('opendata.feed.committedShort', { unit: e.unit_name });
      return { ...base, title: t('opendata.feed.committedTitle', { title: e.problem_title }), summary };
    }
    const params = { unit: e.unit_name, from: state(e.from_state), to: state(e.to_state), round: fmt.number(e.round) };
    return {
      ...base,
      title: t('opendata.feed.stateTitle', { state: state(e.to_state), title: e.problem_title }),
      summary: RESULTS.includes(e.to_state)
        ? t('opendata.feed.resultSummary', params)
        : t('opendata.feed.stateSummary', params),
    };
  });
}

/** Checkpoints the feed carries: the latest days'. */
export const FEED_CHECKPOINTS = 7;
export const CHECKPOINTS_PATH = '/open-data/audit-checkpoints.json';

/**
 * The audit chain's checkpoints as feed entries, so every feed reader keeps a copy: the summary
 * is the checkpoint itself, as JSON, which `npm run audit:verify <feed file>` reads back.
 */
export function checkpointEntries(checkpoints: readonly Checkpoint[], t: Translate, baseUrl: string): AtomEntry[] {
  return checkpoints.map((c) => ({
    id: `${baseUrl}${CHECKPOINTS_PATH}#${c.day}`,
    title: t('opendata.feed.checkpointTitle', { day: c.day, entry: String(c.entryId) }),
    updated: c.signedAt,
    link: `${baseUrl}/open-data#audit`,
    summary: JSON.stringify(c),
  }));
}

/** A validator that also changes with the day's checkpoint. */
export function withCheckpoint(tag: string, c: Checkpoint | null): string {
  return c ? `${tag.slice(0, -1)}-${Buffer.from(c.signature, 'base64').toString('hex').slice(0, 8)}"` : tag;
}

// Validators ------------------------------------------------------------------------------------

function weakTag(parts: readonly unknown[]): string {
  return `W/"${createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 32)}"`;
}

/** The files change with the data and, through `overdue`, with the day. */
export async function filesTag(db: DB, format: 'csv' | 'json', today: string): Promise<string> {
  const v = await repo.openDataVersion(db);
  return weakTag([FORMAT_VERSION, format, today, v.count, v.changed, v.lastEventId]);
}

export async function feedTag(db: DB, locale: string): Promise<string> {
  const v = await repo.openDataVersion(db);
  return weakTag([FORMAT_VERSION, 'atom', locale, v.count, v.changed, v.lastEventId]);
}
