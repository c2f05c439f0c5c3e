// The dashboard's figures (staff, narrowed by scope) and the home page's key figures (public).
// Exported so the benchmark (issue 7) can call them directly. Rates come from the one pass rule,
// evaluations/tally.ts; nothing here decides whether a round passed.
import type { ProblemScope } from '../accounts/permissions.js';
import type { DB } from '../db/database.js';
import { codesCounted } from '../evaluations/service.js';
import { CHOICES, rateTenths, tally, type Counts, type Outcome, type Tally } from '../evaluations/tally.js';
import { toLocalInput } from '../i18n/format.js';
import { CHANNELS, type Channel } from '../opinions/channels.js';
import { RECTIFICATION_STATES, type RectificationState } from '../rectifications/state.js';
import * as repo from './repository.js';
import { writeTransaction } from '../db/transaction.js';

export const TOP_PROBLEMS = 10;
/** The weekly chart shows at most this many weeks, the latest. */
export const MAX_WEEKS = 104;

// The week's zone ---------------------------------------------------------------------------------

/** The zone's standard offset from UTC in minutes (the smaller of January's and July's). */
export function standardOffsetMinutes(timeZone: string, year: number): number {
  const offsetAt = (ms: number) => {
    const local = toLocalInput(new Date(ms), timeZone);
    const wall = Date.UTC(
      Number(local.slice(0, 4)),
      Number(local.slice(5, 7)) - 1,
      Number(local.slice(8, 10)),
      Number(local.slice(11, 13)),
      Number(local.slice(14, 16)),
    );
    return Math.round((wall - ms) / 60_000);
  };
  return Math.min(offsetAt(Date.UTC(year, 0, 1)), offsetAt(Date.UTC(year, 6, 1)));
}

/**
 * Makes the weekly tallies count weeks in the portal's zone: when the zone's offset is not the one
 * the tallies were counted with, writes it and counts them again (once, at start). In a zone with
 * summer time, weeks follow standard time, so a week may start an hour early in summer.
 */
export async function ensureWeekZone(db: DB, timeZone: string, now: Date): Promise<boolean> {
  const minutes = standardOffsetMinutes(timeZone, now.getUTCFullYear());
  const offset = `${minutes >= 0 ? '+' : '-'}${Math.abs(minutes)} minutes`;
  if ((await repo.weekOffset(db)) === offset) return false;
  await writeTransaction(db, (trx) => repo.rebuildOpinionTallies(trx, offset));
  return true;
}

// Shared pieces ---------------------------------------------------------------------------------

export interface ChannelCount {
  channel: Channel;
  n: number;
}

/** All ten channels, those with none too, in the product's order. */
async function byChannel(db: DB, campaignId: number, units: readonly number[] | null): Promise<ChannelCount[]> {
  const counted = new Map((await repo.opinionsByChannel(db, campaignId, units)).map((r) => [r.channel, r.n]));
  return CHANNELS.map((channel) => ({ channel, n: counted.get(channel) ?? 0 }));
}

/** The Monday seven days on. */
function nextWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 7);
  return d.toISOString().slice(0, 10);
}

/** The Monday of a day's week. */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

// The staff dashboard ---------------------------------------------------------------------------

export interface RoundFigure {
  id: number;
  rectificationId: number;
  number: number;
  problemTitle: string;
  threshold: number;
  outcome: Outcome;
  closedAt: string;
  tally: Tally;
  /** For display only. */
  rateTenths: number | null;
}

export interface Dashboard {
  campaignId: number;
  opinions: {
    total: number;
    byChannel: ChannelCount[];
    byUnit: Array<{ unitId: number | null; name: string | null; n: number }>;
    byWeek: Array<{ week: string; n: number }>;
    weeksTrimmed: boolean;
  };
  problems: { rows: repo.TopProblemRow[]; total: number };
  rectifications: { total: number; byState: Array<{ state: RectificationState; n: number }> };
  rounds: RoundFigure[];
  overdue: repo.OverdueRow[];
  lookingBack: repo.DueCheckRow[];
}

export interface DashboardPeriod {
  starts_on: string;
  ends_on: string;
}

export async function staffDashboard(
  db: DB,
  campaign: { id: number } & DashboardPeriod,
  scope: ProblemScope,
  today: string,
): Promise<Dashboard> {
  const units = repo.scopeUnits(scope);
  const [channels, unitRows, weekRows, problems, states, rounds, overdue, lookingBack] = await Promise.all([
    byChannel(db, campaign.id, units),
    repo.opinionsByUnit(db, campaign.id, units),
    repo.opinionsByWeek(db, campaign.id, units),
    repo.topProblems(db, campaign.id, units, TOP_PROBLEMS),
    repo.rectificationsByState(db, campaign.id, units),
    repo.closedRounds(db, campaign.id, units),
    repo.overdueRectifications(db, campaign.id, units, today),
    repo.dueChecks(db, campaign.id, units, today),
  ]);

  // Every week from the campaign's first (or the first opinion's) to today's (or the campaign's
  // last, or the last opinion's), those without opinions too.
  const counted = new Map(weekRows.map((w) => [w.week, w.n]));
  const first = [mondayOf(campaign.starts_on), ...weekRows.map((w) => w.week)].sort()[0]!;
  const last = [mondayOf(today < campaign.ends_on ? today : campaign.ends_on), ...weekRows.map((w) => w.week)]
    .sort()
    .at(-1)!;
  let byWeek: Array<{ week: string; n: number }> = [];
  for (let w = first; w <= last; w = nextWeek(w)) byWeek.push({ week: w, n: counted.get(w) ?? 0 });
  const weeksTrimmed = byWeek.length > MAX_WEEKS;
  if (weeksTrimmed) byWeek = byWeek.slice(-MAX_WEEKS);

  const stateCounts = new Map(states.map((s) => [s.state, s.n]));
  return {
    campaignId: campaign.id,
    opinions: {
      total: channels.reduce((s, c) => s + c.n, 0),
      byChannel: channels,
      byUnit: unitRows
        .map((u) => ({ unitId: u.unit_id, name: u.name, n: u.n }))
        .sort((a, b) => b.n - a.n || (a.unitId ?? 0) - (b.unitId ?? 0)),
      byWeek,
      weeksTrimmed,
    },
    problems,
    rectifications: {
      total: states.reduce((s, r) => s + r.n, 0),
      byState: RECTIFICATION_STATES.map((state) => ({ state, n: stateCounts.get(state) ?? 0 })),
    },
    rounds: rounds.map((r) => {
      const stored = r.counts ? (JSON.parse(r.counts) as Partial<Counts>) : {};
      const counts = Object.fromEntries(CHOICES.map((c) => [c, Number(stored[c] ?? 0)])) as Counts;
      const t = tally(counts, {
        threshold: r.threshold,
        quorumNumerator: r.quorum_numerator,
        quorumDenominator: r.quorum_denominator,
        issued: codesCounted(r) + r.paper_present,
      });
      return {
        id: r.id,
        rectificationId: r.rectification_id,
        number: r.number,
        problemTitle: r.problem_title,
        threshold: r.threshold,
        outcome: r.outcome,
        closedAt: r.closed_at,
        tally: t,
        rateTenths: rateTenths(t),
      };
    }),
    overdue,
    lookingBack,
  };
}

// The home page ---------------------------------------------------------------------------------

export interface KeyFigures {
  campaignId: number;
  received: number;
  byChannel: ChannelCount[];
  /** Open problems of every level: a number, never which (individual cadres' are never listed). */
  problems: number;
  /** From here on, the rectifications the public notices list: committed, never an individual cadre's. */
  committed: number;
  /** Reported done or beyond: reported done, under review, passed, confirmed. */
  completed: number;
  /** Passed, or confirmed on looking back. */
  passed: number;
  /** Had a failed round and was done again. */
  redone: number;
  overdue: number;
}

const COMPLETED: readonly RectificationState[] = ['reported_done', 'under_review', 'passed', 'confirmed'];
const PASSED: readonly RectificationState[] = ['passed', 'confirmed'];

export async function keyFigures(db: DB, campaignId: number, today: string): Promise<KeyFigures> {
  const [channels, problems, states, redone, overdue] = await Promise.all([
    byChannel(db, campaignId, null),
    repo.countOpenProblems(db, campaignId),
    repo.publicByState(db, campaignId),
    repo.publicRedone(db, campaignId),
    repo.publicOverdue(db, campaignId, today),
  ]);
  const sum = (only: readonly RectificationState[] | null) =>
    states.filter((s) => only === null || only.includes(s.state)).reduce((n, s) => n + s.n, 0);
  return {
    campaignId,
    received: channels.reduce((s, c) => s + c.n, 0),
    byChannel: channels,
    problems,
    committed: sum(null),
    completed: sum(COMPLETED),
    passed: sum(PASSED),
    redone,
    overdue,
  };
}
