// What the public notices read: the list of commitments, one commitment with its timeline, a
// unit's wall notice, and the commitment letter. Rectifications own their rows and their rules
// (rectifications/service.ts, overdue.ts); this only shapes them for reading, and writes the
// audit entry that says the letters went out.
import * as audit from '../audit/service.js';
import type { DB } from '../db/database.js';
import * as problems from '../problems/repository.js';
import type { Level } from '../problems/levels.js';
import type { ProblemRow } from '../problems/tables.js';
import { isOverdue, lateMeasures } from '../rectifications/overdue.js';
import * as rectifications from '../rectifications/repository.js';
import { publicRectification, type RectificationDetail } from '../rectifications/service.js';
import type { RectificationState } from '../rectifications/state.js';
import type {
  MeasureRow,
  RectificationEventKind,
  RectificationEventRow,
  RectificationRow,
} from '../rectifications/tables.js';
import * as units from '../units/repository.js';
import type { UnitContactRow, UnitRow } from '../units/tables.js';
import { writeTransaction } from '../db/transaction.js';
import { notFound, ok, type Result } from '../shared/result.js';

export const NOTICE_PAGE_SIZE = 20;
/** A unit's wall notice lists every public commitment of the unit, up to this many. */
export const UNIT_POSTER_MAX = 200;

/** Who is reading: the public, or signed-in staff, who also see individual cadres' commitments ("published within the system"). */
export interface Reader {
  staff: boolean;
}

// The list -------------------------------------------------------------------------------------

export interface NoticeFilter {
  unitId?: number;
  state?: RectificationState;
  level?: Level;
  overdue?: boolean;
}

export interface NoticeListRow extends rectifications.RectificationListRow {
  overdue: boolean;
  measuresTotal: number;
  measuresDone: number;
}

export interface NoticePage {
  rows: NoticeListRow[];
  total: number;
  page: number;
  pageCount: number;
}

export async function noticeList(
  db: DB,
  f: NoticeFilter,
  reader: Reader,
  requestedPage: number,
  today: string,
): Promise<NoticePage> {
  const filter: rectifications.RectificationFilter = {
    unitId: f.unitId,
    state: f.state,
    level: f.level,
    overdueOn: f.overdue ? today : undefined,
  };
  const total = await rectifications.countPublic(db, filter, reader.staff);
  const pageCount = Math.max(1, Math.ceil(total / NOTICE_PAGE_SIZE));
  const page = Math.min(Math.max(1, requestedPage), pageCount);
  const rows = await rectifications.listPublic(
    db,
    filter,
    reader.staff,
    NOTICE_PAGE_SIZE,
    (page - 1) * NOTICE_PAGE_SIZE,
  );
  const ids = rows.map((r) => r.id);
  const [overdue, measures] = await Promise.all([
    rectifications.overdueAmong(db, ids, today),
    rectifications.measuresOfMany(db, ids),
  ]);
  const byRectification = groupMeasures(measures);
  return {
    rows: rows.map((r) => {
      const own = byRectification.get(r.id) ?? [];
      return {
        ...r,
        overdue: overdue.has(r.id),
        measuresTotal: own.length,
        measuresDone: own.filter((m) => m.done_at !== null).length,
      };
    }),
    total,
    page,
    pageCount,
  };
}

function groupMeasures(measures: MeasureRow[]): Map<number, MeasureRow[]> {
  const out = new Map<number, MeasureRow[]>();
  for (const m of measures) out.set(m.rectification_id, [...(out.get(m.rectification_id) ?? []), m]);
  return out;
}

// One commitment -------------------------------------------------------------------------------

export interface TimelineEntry {
  at: string;
  kind: RectificationEventKind;
  from: RectificationState | null;
  to: RectificationState | null;
  round: number;
  note: string | null;
  percent: number | null;
  /** The numbers (1, 2, …) of the measures this entry marked done, as the notice numbers them. */
  measuresDone: number[];
}

export interface Notice extends RectificationDetail {
  /** An individual cadre's commitment, shown only to signed-in staff. */
  internal: boolean;
  timeline: TimelineEntry[];
  /** Whether the public comment form takes comments (the problem is still open). */
  commentsOpen: boolean;
}

function parseData(data: string | null): Record<string, unknown> {
  if (!data) return {};
  try {
    const v: unknown = JSON.parse(data);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The public timeline as the notice shows it: newest last, measures named by their number on the notice. */
export function timelineOf(events: readonly RectificationEventRow[], measures: readonly MeasureRow[]): TimelineEntry[] {
  const numberOf = new Map(measures.map((m, i) => [m.id, i + 1]));
  return events.map((e) => {
    const data = parseData(e.data);
    const done = Array.isArray(data.measures_done) ? data.measures_done : [];
    return {
      at: e.at,
      kind: e.kind,
      from: e.from_state,
      to: e.to_state,
      round: e.round,
      note: e.note,
      percent: typeof data.percent === 'number' ? data.percent : null,
      measuresDone: done
        .map((id) => numberOf.get(Number(id)))
        .filter((n): n is number => n !== undefined)
        .sort((a, b) => a - b),
    };
  });
}

/** A committed rectification as its notice shows it; not found for a draft, an unknown id, or an individual cadre's for the public. */
export async function notice(db: DB, id: number, reader: Reader, today: string): Promise<Result<Notice>> {
  const d = await publicRectification(db, id, reader.staff, today);
  if (!d) return notFound();
  // The cadre an individual-level problem names is for staff pages only, never a notice's.
  const problem = { ...d.problem, cadre_name: null };
  return ok({
    ...d,
    problem,
    internal: problem.level === 'individual',
    timeline: timelineOf(d.events, d.measures),
    commentsOpen: problem.state === 'open',
  });
}

// A unit's wall notice -------------------------------------------------------------------------

export interface PosterCommitment {
  rectification: RectificationRow;
  problem: Pick<ProblemRow, 'id' | 'title' | 'description' | 'level'>;
  unitName: string;
  measures: MeasureRow[];
  late: number[];
  overdue: boolean;
}

export interface UnitPoster {
  unit: UnitRow;
  commitments: PosterCommitment[];
}

export async function unitPoster(db: DB, unitId: number, reader: Reader, today: string): Promise<Result<UnitPoster>> {
  const unit = await units.findUnit(db, unitId);
  if (!unit) return notFound();
  const rows = await rectifications.listPublic(db, { unitId }, reader.staff, UNIT_POSTER_MAX, 0);
  // The wall reads oldest promise first, as they were made.
  rows.reverse();
  const [measures, problemRows] = await Promise.all([
    rectifications.measuresOfMany(
      db,
      rows.map((r) => r.id),
    ),
    Promise.all(rows.map((r) => problems.findProblem(db, r.problem_id))),
  ]);
  const byRectification = groupMeasures(measures);
  return ok({
    unit,
    commitments: rows.map((r, i) => {
      const own = byRectification.get(r.id) ?? [];
      const p = problemRows[i]!;
      return {
        rectification: r,
        problem: { id: p.id, title: p.title, description: p.description, level: p.level },
        unitName: r.unit_name,
        measures: own,
        late: lateMeasures(own, today).map((m) => m.id),
        overdue: isOverdue(r.state, own, today),
      };
    }),
  });
}

// The commitment letter ------------------------------------------------------------------------

export interface LetterRecipient {
  email: string;
  locale: UnitContactRow['locale'];
  /** The unit whose contact address this is; an address listed for several units gets one letter, as the first of them. */
  unitId: number;
  unitName: string;
  /** The recipient's unit is the one that carries out the measures. */
  responsible: boolean;
}

/**
 * Who gets the letter: the responsible unit's contacts first, then every unit's, each address
 * once, each in the language set for it.
 */
/** Whether a unit of that id exists (a notice filter may name one that does not). */
export async function unitExists(db: DB, id: number): Promise<boolean> {
  return (await units.findUnit(db, id)) !== undefined;
}

export async function letterRecipients(db: DB, responsibleUnitId: number): Promise<LetterRecipient[]> {
  const [contacts, allUnits] = await Promise.all([units.listContacts(db), units.listUnits(db)]);
  const names = new Map(allUnits.map((u) => [u.id, u.name]));
  const ordered = [
    ...contacts.filter((c) => c.unit_id === responsibleUnitId),
    ...contacts.filter((c) => c.unit_id !== responsibleUnitId),
  ];
  const seen = new Set<string>();
  const out: LetterRecipient[] = [];
  for (const c of ordered) {
    const key = c.email.trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      email: c.email,
      locale: c.locale,
      unitId: c.unit_id,
      unitName: names.get(c.unit_id) ?? '',
      responsible: c.unit_id === responsibleUnitId,
    });
  }
  return out;
}

/** Writes that the commitment letters went out, and how many could not be sent. */
export async function recordLettersSent(
  db: DB,
  actor: audit.Actor,
  now: Date,
  rectificationId: number,
  counts: { recipients: number; sent: number; failed: number },
): Promise<void> {
  await writeTransaction(db, (trx) =>
    audit.record(trx, actor, now, {
      action: 'rectification.letter_sent',
      entityType: 'rectification',
      entityId: rectificationId,
      data: counts,
    }),
  );
}
