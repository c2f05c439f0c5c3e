// Loads the demo campaign into an empty database through the portal's own use-cases, so every
// audit entry, tracking code, state move and tally is the real thing. The clock is moved for each
// step: the campaign began 300 days before `today`, opinions came in over its first twelve weeks
// (and still trickle in), rectifications and rounds followed, and looking-back checks six months
// after the passes. No mailer is given to anything here, so the loader sends no mail at all.
import { randomBytes } from 'node:crypto';
import type { ProblemScope } from '../accounts/permissions.js';
import { NewAccountForm, SetupForm } from '../accounts/schemas.js';
import { createAccount, createFirstAdministrator } from '../accounts/service.js';
import type * as audit from '../audit/service.js';
import { verify } from '../audit/service.js';
import { CampaignForm } from '../campaigns/schemas.js';
import { addEightProhibitions, allConductRules, createCampaign } from '../campaigns/service.js';
import { ManualClock } from '../clock.js';
import type { DB } from '../db/database.js';
import { closeRound, issueSlips, openRound, recordPaperTally } from '../evaluations/service.js';
import { castVote } from '../evaluations/voting.js';
import { groupBallotCode } from '../evaluations/ballots.js';
import type { Choice } from '../evaluations/tally.js';
import { fromLocalInput } from '../i18n/format.js';
import { pending, recordFinding } from '../looking-back/service.js';
import { CHANNELS, type Channel, type Details } from '../opinions/channels.js';
import { createOpinion, recordOpinion, type NewOpinion } from '../opinions/service.js';
import { PersonForm } from '../people/schemas.js';
import { addPerson } from '../people/service.js';
import { ProblemForm } from '../problems/schemas.js';
import { setPublished } from '../problems/service.js';
import { DraftForm, measureField } from '../rectifications/schemas.js';
import {
  commitRectification,
  reportDone,
  reportProgress,
  saveDraft,
  startRectification,
} from '../rectifications/service.js';
import { generateCode, groupCode } from '../shared/codes.js';
import { groupSurveyCode } from '../surveys/codes.js';
import { answerOnline, buildSurvey, enterPaper, issueCodes, questionsOf, type Answer } from '../surveys/service.js';
import type { Result } from '../shared/result.js';
import { linkOpinions, triageOpinion } from '../triage/service.js';
import { UnitForm } from '../units/schemas.js';
import { createUnit } from '../units/service.js';
import * as content from './content.js';
import { Random } from './random.js';
import * as repo from './repository.js';

export const DEFAULT_SEED = 2026;
/** How many days before `today` the campaign began. */
export const CAMPAIGN_AGE_DAYS = 300;
/** Opinions the twelve busy weeks bring, and those of the last two weeks, still unsorted. */
const BUSY_OPINIONS = 1230;
const RECENT_OPINIONS = 70;
const NOT_ACTIONABLE = 40;
const KEPT = 30;

export interface DemoOptions {
  seed: number;
  /** The calendar day the demo is "now" (YYYY-MM-DD in the time zone); everything is dated back from it. */
  today: string;
  timeZone: string;
}

export interface PrintedAccount {
  role: content.StaffRole;
  name: string;
  login: string;
  password: string;
  tryThis: string;
}

export interface DemoResult {
  accounts: PrintedAccount[];
  trackingCodes: Array<{ code: string; what: string }>;
  /** Unused codes of the round that is open now (all of them; the report prints a few). */
  ballotCodes: string[];
  openRoundId: number;
  /** Unused invitation codes of the questionnaire open now (all of them; the report prints a few). */
  surveyCodes: string[];
  surveyId: number;
  /** The moment the demo stands at: the clock the loader ended on. */
  now: Date;
  summary: DemoSummary;
}

export interface DemoSummary {
  units: number;
  accounts: number;
  opinions: number;
  opinionsByChannel: Record<string, number>;
  opinionsByState: Record<string, number>;
  opinionsByLocale: Record<string, number>;
  problems: number;
  problemLevels: Record<string, number>;
  rectificationsByState: Record<string, number>;
  rectificationStatesReached: string[];
  roundsByOutcome: Record<string, number>;
  votes: number;
  paperTallies: number;
  lookingBack: Array<{ id: number; rectification_id: number; due_on: string; finding: string | null }>;
  surveys: number;
  surveyAnswers: Record<string, number>;
  auditEntries: number;
  auditIntact: boolean;
}

/** The database already holds someone's data: the loader writes nothing. */
export class DatabaseNotEmpty extends Error {
  constructor(readonly counts: Record<string, number>) {
    const found = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `${n} ${t}`)
      .join(', ');
    super(
      `The database is not empty (${found}). The demo loads only into an empty database; point DATABASE_URL at a new file.`,
    );
  }
}

/** Whether the database has any account, unit, campaign or opinion. */
export async function assertEmpty(db: DB): Promise<void> {
  const counts = await repo.realDataCounts(db);
  if (Object.values(counts).some((n) => n > 0)) throw new DatabaseNotEmpty(counts);
}

// Days and times ------------------------------------------------------------------------------

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Throws when a use-case refused: the demo's data is meant to be valid, so a refusal is a bug here. */
function must<T>(what: string, r: Result<T> | string): T {
  if (typeof r === 'string') throw new Error(`demo: ${what}: ${r}`);
  if (!r.ok) throw new Error(`demo: ${what} refused: ${JSON.stringify(r)}`);
  return r.value;
}

interface Step {
  at: Date;
  order: number;
  run: () => Promise<void>;
}

interface Opinion {
  at: Date;
  day: number;
  channel: Channel;
  locale: 'zh-CN' | 'en';
  problem: content.DemoProblem | null;
  outcome: 'link' | 'duplicate' | 'not_actionable' | 'keep' | 'unsorted';
  unitKey: string | null;
  body: string;
  id?: number;
  trackingCode?: string;
}

const CHANNEL_WEIGHTS: ReadonlyArray<readonly [Channel, number]> = [
  ['suggestion_box', 20],
  ['hotline', 15],
  ['visit', 12],
  ['questionnaire', 12],
  ['petition', 10],
  ['supervisor', 9],
  ['leadership', 6],
  ['peer_review', 6],
  ['self_check', 5],
  ['enforcement', 5],
];

const SCOPE_ALL: ProblemScope = { kind: 'all' };

/** Loads the demo campaign; refuses (DatabaseNotEmpty, nothing written) unless the database is empty. */
export async function loadDemo(db: DB, options: DemoOptions): Promise<DemoResult> {
  await assertEmpty(db);
  const rng = new Random(options.seed);
  const tz = options.timeZone;
  const d0 = addDays(options.today, -CAMPAIGN_AGE_DAYS);
  const at = (day: number, hour: number, minute = 0): Date => {
    const hh = String(hour).padStart(2, '0');
    const mm = String(minute).padStart(2, '0');
    return fromLocalInput(`${addDays(d0, day)}T${hh}:${mm}`, tz)!;
  };
  const clock = new ManualClock(at(-7, 9));
  const now = () => clock.now();

  // Set-up, a week before the campaign ---------------------------------------------------------
  const accounts: PrintedAccount[] = [];
  const actors = new Map<string, audit.Actor & { id: number }>();
  const newPassword = () => groupCode(generateCode(16));

  const adminDef = content.STAFF.find((s) => s.role === 'administrator')!;
  const adminPassword = newPassword();
  const setupCode = generateCode(10);
  const admin = must(
    'first administrator',
    await createFirstAdministrator(
      db,
      clock,
      setupCode,
      SetupForm.parse({
        setup_code: setupCode,
        name: adminDef.name,
        email: adminDef.email,
        password: adminPassword,
        password_confirm: adminPassword,
        locale: adminDef.locale,
      }),
    ),
  );
  const adminActor = { id: admin.userId, label: adminDef.email };
  actors.set('admin', adminActor);

  const unitIds = new Map<string, number>();
  clock.set(at(-7, 10));
  for (const u of content.UNITS) {
    const form = UnitForm.parse({
      name: u.name,
      kind: u.kind,
      parent_id: u.parent ? String(unitIds.get(u.parent)) : '',
      contacts_0_email: u.contact.email,
      contacts_0_name: u.contact.name,
      contacts_0_locale: u.contact.locale,
    });
    unitIds.set(u.key, must(`unit ${u.key}`, await createUnit(db, adminActor, now(), form)).id);
  }
  const unitId = (key: string) => unitIds.get(key)!;
  const unitDef = (key: string) => content.UNITS.find((u) => u.key === key)!;

  clock.set(at(-7, 11));
  const campaignId = must(
    'campaign',
    await createCampaign(
      db,
      adminActor,
      now(),
      CampaignForm.parse({
        name: '树组工干部形象集中教育活动 · Campaign for the image of organisation cadres',
        description:
          '通过十条渠道广泛征求意见，查找突出问题，公开承诺整改，接受群众评议。\nOpinions are gathered through ten channels, sorted into common problems, and each rectification is promised in public and judged by representatives.',
        starts_on: d0,
        ends_on: addDays(options.today, 65),
        threshold: '80',
        quorum_numerator: '2',
        quorum_denominator: '3',
      }),
    ),
  ).id;
  must('eight prohibitions', await addEightProhibitions(db, adminActor, now(), 'zh-CN'));
  const rules = (await allConductRules(db)).map((r) => r.id);

  clock.set(at(-6, 9));
  for (const s of content.STAFF) {
    if (s.role === 'administrator') {
      accounts.push({ role: s.role, name: s.name, login: s.email, password: adminPassword, tryThis: tryThis(s) });
      continue;
    }
    const password = newPassword();
    const form = NewAccountForm.parse({
      name: s.name,
      email: s.email,
      role: s.role,
      unit_id: s.unit ? String(unitId(s.unit)) : '',
      watched: (s.watches ?? []).map((k) => String(unitId(k))),
      locale: s.locale,
      access: 'password',
      password,
      password_confirm: password,
    });
    const created = must(
      `account ${s.key}`,
      await createAccount(db, clock, { id: admin.userId, email: adminDef.email }, form),
    );
    actors.set(s.key, { id: created.userId, label: s.email });
    accounts.push({ role: s.role, name: s.name, login: s.email, password, tryThis: tryThis(s) });
  }
  const coordinator = actors.get('coordinator')!;
  const coordinator2 = actors.get('coordinator2')!;
  const supervisors = [actors.get('supervisor')!, actors.get('supervisor2')!];

  clock.set(at(-5, 10));
  for (const p of content.PEOPLE) {
    const form = PersonForm.parse({
      name: p.name,
      affiliation: p.affiliation,
      email: '',
      phone: '',
      locale: p.locale,
      term_starts_on: d0,
      term_ends_on: addDays(options.today, 365),
      units: p.affiliation === 'image_supervisor' ? [String(unitId('dongcheng'))] : [],
      user_id: '',
    });
    must(`person ${p.name}`, await addPerson(db, coordinator, now(), form));
  }

  // The opinions ---------------------------------------------------------------------------------
  const opinions: Opinion[] = [];
  const totalWeight = content.PROBLEMS.reduce((n, p) => n + p.weight, 0);
  const aboutProblems = BUSY_OPINIONS - NOT_ACTIONABLE - KEPT;
  const time = (fromDay: number, toDay: number) => {
    const day = rng.int(fromDay, toDay);
    return { day, at: at(day, rng.int(8, 19), rng.int(0, 59)) };
  };
  const writeAbout = (p: content.DemoProblem | null, locale: 'zh-CN' | 'en', unitKey: string | null): string => {
    const zh = locale === 'zh-CN';
    const u = unitKey ? unitDef(unitKey) : null;
    if (!p) return rng.pick(zh ? content.LOOSE_ZH : content.LOOSE_EN);
    const template = rng.pick(zh ? p.textZh : p.textEn);
    const filled = template
      .replaceAll('{unit}', u ? (zh ? u.zh : `the ${u.en}`) : zh ? '有关单位' : 'the department')
      .replaceAll('{n}', String(rng.int(2, 9)))
      .replaceAll('{place}', rng.pick(content.PLACES_ZH));
    return zh
      ? `${rng.pick(content.OPENERS_ZH)}${filled}${rng.pick(content.CLOSERS_ZH)}`
      : `${rng.pick(content.OPENERS_EN)}${filled}${rng.pick(content.CLOSERS_EN)}`;
  };
  const newOpinion = (
    p: content.DemoProblem | null,
    outcome: Opinion['outcome'],
    when: { day: number; at: Date },
  ): Opinion => {
    const locale = rng.chance(0.78) ? 'zh-CN' : 'en';
    const unitKey = p ? p.unit : rng.chance(0.5) ? rng.pick(content.UNITS).key : null;
    return {
      ...when,
      channel: rng.weighted(CHANNEL_WEIGHTS),
      locale,
      problem: p,
      outcome,
      unitKey,
      body: writeAbout(p, locale, unitKey),
    };
  };
  for (const p of content.PROBLEMS) {
    const n = Math.round((aboutProblems * p.weight) / totalWeight);
    for (let i = 0; i < n; i++) {
      const o = newOpinion(p, i > 2 && rng.chance(0.045) ? 'duplicate' : 'link', time((p.firstWeek - 1) * 7, 83));
      opinions.push(o);
    }
  }
  for (let i = 0; i < NOT_ACTIONABLE; i++) opinions.push(newOpinion(null, 'not_actionable', time(0, 83)));
  for (let i = 0; i < KEPT; i++) opinions.push(newOpinion(null, 'keep', time(0, 83)));
  for (let i = 0; i < RECENT_OPINIONS; i++) {
    const p = rng.chance(0.7) ? rng.pick(content.PROBLEMS) : null;
    opinions.push(newOpinion(p, 'unsorted', time(CAMPAIGN_AGE_DAYS - 14, CAMPAIGN_AGE_DAYS - 1)));
  }
  // Every channel, in both languages, at least once.
  CHANNELS.forEach((c, i) => {
    opinions[i * 7]!.channel = c;
  });

  const steps: Step[] = [];
  let order = 0;
  const schedule = (when: Date, run: () => Promise<void>) => steps.push({ at: when, order: order++, run });

  let serial = 0;
  for (const o of opinions) schedule(o.at, () => receive(o));

  async function receive(o: Opinion): Promise<void> {
    serial++;
    const zh = o.locale === 'zh-CN';
    const person = () =>
      zh
        ? `${rng.pick(content.SURNAMES)}${rng.pick(content.GIVEN)}`
        : `${rng.pick(['Mr', 'Ms'])} ${rng.pick(['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Huang'])}`;
    const phone = () => `1${rng.pick(['39', '58', '86', '37'])}${String(rng.int(10000000, 99999999))}`;
    const anonymousChance: Record<Channel, number> = {
      suggestion_box: 0.55,
      hotline: 0.3,
      visit: 0.5,
      questionnaire: 0.9,
      petition: 0.15,
      supervisor: 0.7,
      leadership: 0.8,
      peer_review: 0.85,
      self_check: 0.85,
      enforcement: 0.8,
    };
    const anonymous = rng.chance(anonymousChance[o.channel]);
    const name = anonymous ? null : person();
    const submitterPhone = anonymous || !rng.chance(0.6) ? null : phone();
    const submitterEmail = anonymous || !rng.chance(0.3) ? null : `reader${serial}@example.org`;
    const details: Details = {};
    switch (o.channel) {
      case 'leadership':
        details.leader = rng.pick(content.LEADERS);
        break;
      case 'peer_review':
      case 'self_check':
        details.meeting = rng.pick(content.MEETINGS);
        break;
      case 'visit':
        details.place = rng.pick(content.PLACES_ZH);
        if (o.unitKey) details.visited_unit = unitDef(o.unitKey).zh;
        break;
      case 'questionnaire':
        details.form_number = `Q-${String(serial).padStart(4, '0')}`;
        break;
      case 'petition':
        details.petition_kind = rng.chance(0.7) ? 'letter' : 'visit';
        details.reference_number = `XF-${addDays(d0, o.day).slice(0, 4)}-${String(serial).padStart(4, '0')}`;
        if (details.petition_kind === 'visit') details.visitors = rng.int(1, 5);
        break;
      case 'suggestion_box':
        break;
      case 'hotline':
        if (!anonymous) details.caller_number = phone();
        details.duration_minutes = rng.int(3, 25);
        details.officer_on_duty = rng.pick(['值班员 小陈', '值班员 小刘', 'Duty officer Zhao']);
        break;
      case 'supervisor':
        details.supervisor_name = rng.pick(['吴晓梅', '特邀监督员 郑强', 'Supervisor He Ping']);
        break;
      case 'enforcement':
        details.department = rng.pick(content.DEPARTMENTS);
        break;
    }
    const rule = o.problem?.rule && rng.chance(0.4) ? rules[o.problem.rule - 1]! : null;
    const input: NewOpinion = {
      campaignId,
      channel: o.channel,
      body: o.body,
      unitId: o.unitKey && rng.chance(0.7) ? unitId(o.unitKey) : null,
      conductRuleId: rule,
      anonymous,
      submitterName: name,
      submitterPhone,
      submitterEmail,
      locale: o.locale,
      details,
      recordedBy: null,
      submissionKey: null,
    };
    // The public's own suggestion-box form comes straight in; every other channel is typed in by staff.
    if (o.channel === 'suggestion_box' && rng.chance(0.7)) {
      const created = await createOpinion(db, clock, { ...input, details: {} });
      Object.assign(o, { id: created.id, trackingCode: created.trackingCode });
    } else {
      const recorder = ['visit', 'questionnaire', 'supervisor', 'suggestion_box'].includes(o.channel)
        ? rng.pick(supervisors)
        : rng.pick([coordinator, coordinator2]);
      // A call or a letter is typed in a little after it reached the organisation.
      const receivedAt = clock.now();
      clock.advance(rng.int(5, 90) * 60_000);
      const created = must(
        'opinion',
        await recordOpinion(db, clock, tz, { ...input, recordedBy: recorder, receivedAt }),
      );
      Object.assign(o, { id: created.id, trackingCode: created.trackingCode });
    }
  }

  // Triage, every Monday morning, of the week before -----------------------------------------------
  const problemIds = new Map<string, number>();
  const linkedOf = new Map<string, number[]>();
  for (let week = 1; week <= 12; week++) {
    const triager = week % 2 === 0 ? coordinator2 : coordinator;
    schedule(at(week * 7, 9, 30), async () => {
      const due = opinions.filter(
        (o) => o.id !== undefined && o.day < week * 7 && o.day >= (week - 1) * 7 && o.outcome !== 'unsorted',
      );
      const batches = new Map<string, number[]>();
      for (const o of due.filter((x) => x.outcome === 'link')) {
        const p = o.problem!;
        if (!problemIds.has(p.key)) {
          const form = ProblemForm.parse({
            title: `${p.zh} / ${p.en}`,
            description: p.description,
            level: p.level,
            unit_id: String(unitId(p.unit)),
            category: p.category,
            cadre_name: p.cadre ?? '',
          });
          const r = must(
            'triage (new problem)',
            await triageOpinion(
              db,
              triager,
              now(),
              o.id!,
              { unitId: unitId(p.unit), category: p.category },
              { kind: 'link', target: { campaignId, newProblem: form } },
            ),
          );
          problemIds.set(p.key, r.problemId!);
          linkedOf.set(p.key, [o.id!]);
          if (p.level !== 'individual')
            must('publish problem', await setPublished(db, triager, now(), r.problemId!, true));
        } else {
          batches.set(p.key, [...(batches.get(p.key) ?? []), o.id!]);
        }
      }
      for (const [key, ids] of batches) {
        must('link', await linkOpinions(db, triager, now(), ids, { problemId: problemIds.get(key)! }));
        linkedOf.get(key)!.push(...ids);
      }
      for (const o of due.filter((x) => x.outcome !== 'link')) {
        const sort = { unitId: o.unitKey ? unitId(o.unitKey) : null, category: o.problem?.category ?? 'other' };
        if (o.outcome === 'duplicate') {
          const earlier = linkedOf.get(o.problem!.key);
          if (earlier && earlier.length > 0) {
            must(
              'duplicate',
              await triageOpinion(db, triager, now(), o.id!, sort, {
                kind: 'duplicate',
                duplicateOf: rng.pick(earlier),
                reason: rng.pick(content.DUPLICATE_REASONS),
              }),
            );
          } else {
            must('late link', await triageOpinion(db, triager, now(), o.id!, sort, { kind: 'keep' }));
          }
        } else if (o.outcome === 'not_actionable') {
          must(
            'not actionable',
            await triageOpinion(
              db,
              triager,
              now(),
              o.id!,
              { unitId: null, category: 'other' },
              { kind: 'not_actionable', reason: rng.pick(content.NOT_ACTIONABLE_REASONS) },
            ),
          );
        } else {
          must('keep', await triageOpinion(db, triager, now(), o.id!, sort, { kind: 'keep' }));
        }
        clock.advance(2 * 60_000);
      }
    });
  }

  // Rectifications ---------------------------------------------------------------------------------
  const officerOf = (unitKey: string) => {
    const s = content.STAFF.find((x) => x.role === 'unit_officer' && x.unit === unitKey);
    return s
      ? { actor: actors.get(s.key)!, scope: { kind: 'units', unitIds: [unitId(unitKey)] } as ProblemScope }
      : { actor: coordinator, scope: SCOPE_ALL };
  };
  const rectIds = new Map<string, number>();
  let openRoundId = 0;
  let ballotCodes: string[] = [];

  /** A round from opening to close (or left open), with slips, votes and a symposium's paper count. */
  function round(
    key: string,
    opens: number,
    closes: number,
    votes: Record<Choice, number>,
    paper: (Record<Choice, number> & { present: number; meeting: string }) | null,
    close: boolean,
  ) {
    let roundId = 0;
    let codes: string[] = [];
    schedule(at(opens, 9), async () => {
      roundId = must(
        'open round',
        await openRound(db, coordinator, now(), rectIds.get(key)!, { opensAt: now(), closesAt: at(closes, 17) }),
      ).roundId;
      codes = must(
        'slips',
        await issueSlips(db, coordinator, now(), roundId, 30, randomBytes(8).toString('hex')),
      ).codes;
      if (!close) openRoundId = roundId;
    });
    const ballots = rng.shuffle(
      Object.entries(votes).flatMap(([c, n]) => Array.from({ length: n }, () => c as Choice)),
    );
    const lastVotingDay = close ? closes - 1 : CAMPAIGN_AGE_DAYS - 1;
    ballots.forEach((choice, i) => {
      const day = opens + 1 + (i % Math.max(1, lastVotingDay - opens));
      schedule(at(Math.min(day, lastVotingDay), rng.int(9, 20), rng.int(0, 59)), async () => {
        const comment = rng.chance(0.15)
          ? rng.pick([
              '整改措施落到了实处。',
              '还需要继续观察。',
              'Better than before, but slow.',
              '窗口服务确实有改进。',
            ])
          : null;
        const cast = await castVote(db, clock, tz, { code: codes[i]!, choice, comment });
        if (!cast.ok) throw new Error(`demo: vote refused: ${cast.reason}`);
      });
    });
    if (paper) {
      schedule(at(closes - 1, 15), async () => {
        must('paper tally', await recordPaperTally(db, coordinator, now(), roundId, paper));
      });
    }
    if (close) {
      schedule(at(closes, 17, 5), async () => {
        must('close round', await closeRound(db, coordinator, now(), roundId, tz));
      });
    } else {
      // The codes not yet used, kept for the report: the only moment they exist outside the slips.
      schedule(at(CAMPAIGN_AGE_DAYS - 1, 23), async () => {
        ballotCodes = codes.slice(ballots.length).map(groupBallotCode);
      });
    }
  }

  const PASS_VOTES: Record<Choice, number> = {
    satisfied: 14,
    basically_satisfied: 6,
    dissatisfied: 3,
    unable_to_judge: 1,
  };
  const PASS_PAPER = {
    meeting: '群众代表评议会',
    present: 12,
    satisfied: 7,
    basically_satisfied: 3,
    dissatisfied: 1,
    unable_to_judge: 1,
  };
  const REDO_VOTES: Record<Choice, number> = {
    satisfied: 6,
    basically_satisfied: 8,
    dissatisfied: 9,
    unable_to_judge: 2,
  };
  const REDO_PAPER = {
    meeting: '村干部代表座谈会',
    present: 10,
    satisfied: 2,
    basically_satisfied: 3,
    dissatisfied: 4,
    unable_to_judge: 1,
  };
  const THIN_VOTES: Record<Choice, number> = {
    satisfied: 5,
    basically_satisfied: 2,
    dissatisfied: 2,
    unable_to_judge: 0,
  };
  const OPEN_VOTES: Record<Choice, number> = {
    satisfied: 5,
    basically_satisfied: 3,
    dissatisfied: 2,
    unable_to_judge: 0,
  };

  /** A rectification's life up to the given point. `start` is the day it was started. */
  function rectification(p: content.DemoProblem, start: number) {
    const key = p.key;
    const { actor: officer, scope } = officerOf(p.unit);
    const target = start + 110;
    const deadlines = p.measures.map((_, i) => start + 60 + i * 25);
    const upTo = (s: content.Scenario) => {
      const order: content.Scenario[] = ['draft_empty', 'draft', 'committed', 'in_progress', 'reported_done'];
      return (when: content.Scenario) => order.indexOf(when) <= order.indexOf(s);
    };
    const scenario = p.scenario!;
    const finishing = [
      'confirmed',
      'relapsed',
      'passed',
      'passed_recently',
      'redo',
      'no_quorum_then_open',
      'reported_done',
    ].includes(scenario);
    const stage = finishing
      ? 'reported_done'
      : scenario === 'in_progress_overdue'
        ? 'in_progress'
        : scenario === 'committed_overdue'
          ? 'committed'
          : scenario;
    const reaches = upTo(stage);

    schedule(at(start, 10), async () => {
      rectIds.set(
        key,
        must('start', await startRectification(db, coordinator, now(), problemIds.get(key)!, SCOPE_ALL)).id,
      );
    });
    if (!reaches('draft')) return;
    schedule(at(start + 3, 16), async () => {
      const fields: Record<string, string> = {
        responsible_person: rng.pick(['部长 刘志明', '局长 陈海', '副部长 周敏', '主任 杨光']),
        target_date: addDays(d0, target),
      };
      p.measures.forEach((m, i) => {
        fields[measureField(i, 'description')] = m.zh;
        fields[measureField(i, 'owner')] = m.owner;
        fields[measureField(i, 'deadline')] = addDays(d0, deadlines[i]!);
      });
      must('draft', await saveDraft(db, officer, now(), rectIds.get(key)!, scope, DraftForm.parse(fields)));
    });
    if (!reaches('committed')) return;
    schedule(at(start + 6, 11), async () => {
      must('commit', await commitRectification(db, coordinator, now(), rectIds.get(key)!));
    });
    if (!reaches('in_progress')) return;
    const measureIds = () => repo.measureIdsOf(db, rectIds.get(key)!);
    schedule(at(start + 15, 15), async () => {
      const ids = await measureIds();
      must(
        'progress',
        await reportProgress(db, officer, now(), rectIds.get(key)!, scope, {
          note: '已召开专题会议部署整改，第一项措施已完成。',
          percent: 30,
          done: ids.slice(0, 1),
        }),
      );
    });
    if (scenario === 'in_progress_overdue' || scenario === 'in_progress') {
      schedule(at(Math.min(start + 40, CAMPAIGN_AGE_DAYS - 2), 15), async () => {
        must(
          'progress',
          await reportProgress(db, officer, now(), rectIds.get(key)!, scope, {
            note: '正在推进第二项措施，部分工作因人员调整有所延后。',
            percent: 55,
            done: [],
          }),
        );
      });
      return;
    }
    schedule(at(start + 34, 15), async () => {
      const ids = await measureIds();
      must(
        'progress',
        await reportProgress(db, officer, now(), rectIds.get(key)!, scope, {
          note: 'All measures are now in force; the new rules are published on the website.',
          percent: 100,
          done: ids,
        }),
      );
    });
    schedule(at(start + 36, 10), async () => {
      must(
        'done',
        await reportDone(db, officer, now(), rectIds.get(key)!, scope, '各项整改措施均已完成，请组织评议。'),
      );
    });
    if (scenario === 'reported_done') return;

    const opens = start + 38;
    if (scenario === 'no_quorum_then_open') {
      round(key, opens, opens + 7, THIN_VOTES, null, true);
      round(key, CAMPAIGN_AGE_DAYS - 7, CAMPAIGN_AGE_DAYS + 10, OPEN_VOTES, null, false);
      return;
    }
    if (scenario === 'redo') {
      round(key, opens, opens + 7, REDO_VOTES, REDO_PAPER, true);
      schedule(at(opens + 30, 15), async () => {
        must(
          'progress round 2',
          await reportProgress(db, officer, now(), rectIds.get(key)!, scope, {
            note: '根据评议意见，逐村核对补贴发放名单，第二轮整改正在进行。',
            percent: 40,
            done: [],
          }),
        );
      });
      return;
    }
    round(key, opens, opens + 7, PASS_VOTES, PASS_PAPER, true);
    const passedOn = opens + 7;
    const checkDay = passedOn + 185;
    if (scenario === 'confirmed' || scenario === 'relapsed') {
      schedule(at(checkDay, 10), async () => {
        const check = (await pending(db, SCOPE_ALL)).find((c) => c.rectification_id === rectIds.get(key));
        if (!check) throw new Error('demo: no looking-back check');
        const note =
          scenario === 'confirmed'
            ? '回访抽查12名办事群众，新制度仍在执行。'
            : 'Spot check: the old practice is back; the notices are again posted for two days only.';
        must(
          'finding',
          await recordFinding(
            db,
            coordinator,
            now(),
            check.id,
            scenario === 'confirmed' ? 'holding' : 'relapsed',
            note,
          ),
        );
      });
    }
    if (scenario === 'relapsed') {
      schedule(at(checkDay + 4, 15), async () => {
        must(
          'progress after relapse',
          await reportProgress(db, officer, now(), rectIds.get(key)!, scope, {
            note: '针对回头看发现的问题重新部署整改。',
            percent: 20,
            done: [],
          }),
        );
      });
    }
  }

  // Questionnaires: one anyone could answer early in the campaign, and the three-degree form about
  // one unit, by invitation code, open now.
  let surveyCodes: string[] = [];
  let surveyId = 0;
  {
    let earlyId = 0;
    schedule(at(9, 10), async () => {
      earlyId = await buildSurvey(db, coordinator, now(), {
        campaignId,
        unitId: unitId('city'),
        title: '组织工作满意度问卷 · How well does the organisation department work?',
        introduction: '本问卷匿名填写，约需三分钟。This questionnaire is anonymous and takes about three minutes.',
        opensOn: addDays(d0, 10),
        closesOn: addDays(d0, 40),
        access: 'anyone',
        locale: 'zh-CN',
        questions: [
          {
            kind: 'single',
            prompt: '您是怎样知道这次征求意见活动的？ How did you hear of this campaign?',
            required: true,
            options: ['报纸、电视 Newspaper or TV', '单位通知 My workplace', '网站 The website', '亲友 Friends'],
          },
          {
            kind: 'multiple',
            prompt: '您认为哪些方面最需要改进？ What needs improving most?',
            required: false,
            options: [
              '干部选拔任用 Selection of cadres',
              '窗口服务 Counter service',
              '工作作风 Style of work',
              '基层负担 Burden on the grassroots',
            ],
          },
          {
            kind: 'rating',
            prompt: '总体评价 Overall',
            required: true,
            options: ['很差 Very poor', '较差 Poor', '一般 Fair', '较好 Good', '很好 Very good'],
          },
          { kind: 'text', prompt: '您还有什么意见和建议？ Anything else?', required: false, options: [] },
        ],
      });
    });
    const remarks = [
      '希望干部选拔更加公开透明。',
      '窗口办事还要再简化。',
      'Please keep asking the public after the campaign.',
      '基层报表太多了。',
      '希望多下基层听听群众的声音。',
    ];
    for (let i = 0; i < 40; i++) {
      schedule(at(10 + (i % 30), rng.int(9, 21), rng.int(0, 59)), async () => {
        const qs = await questionsOf(db, earlyId);
        const answers: Answer[] = [
          { questionId: qs[0]!.id, optionIndexes: [rng.int(0, 3)], text: null },
          { questionId: qs[1]!.id, optionIndexes: [...new Set([rng.int(0, 3), rng.int(0, 3)])].sort(), text: null },
          {
            questionId: qs[2]!.id,
            optionIndexes: [
              rng.weighted([
                [1, 1],
                [2, 3],
                [3, 5],
                [4, 2],
              ] as const),
            ],
            text: null,
          },
        ];
        if (rng.chance(0.35)) answers.push({ questionId: qs[3]!.id, optionIndexes: [], text: rng.pick(remarks) });
        const r = await answerOnline(db, clock, tz, earlyId, answers);
        if (!r.ok) throw new Error(`demo: answer refused: ${r.refusal === 'conflict' ? r.reason : r.refusal}`);
      });
    }

    const opensOn = CAMPAIGN_AGE_DAYS - 12;
    let codes: string[] = [];
    const ONLINE = 45;
    schedule(at(opensOn - 1, 10), async () => {
      surveyId = await buildSurvey(db, coordinator, now(), {
        campaignId,
        unitId: unitId('hrss'),
        title:
          '市人力资源和社会保障局“三度”测评 · Three-degree evaluation of the Human Resources and Social Security Bureau',
        introduction: '请对该局整改后的工作作风作出评价。Please judge the bureau’s work since its rectification.',
        opensOn: addDays(d0, opensOn),
        closesOn: addDays(options.today, 14),
        access: 'codes',
        locale: 'zh-CN',
      });
      codes = must(
        'survey codes',
        await issueCodes(db, coordinator, now(), tz, surveyId, 80, randomBytes(12).toString('base64url')),
      ).codes;
    });
    const sheet = async (): Promise<Answer[]> => {
      const qs = await questionsOf(db, surveyId);
      const answers: Answer[] = qs
        .filter((q) => q.kind === 'rating')
        .map((q) => ({
          questionId: q.id,
          optionIndexes: [
            rng.weighted([
              [1, 1],
              [2, 3],
              [3, 6],
              [4, 4],
            ] as const),
          ],
          text: null,
        }));
      const written = qs.find((q) => q.kind === 'text');
      if (written && rng.chance(0.3))
        answers.push({
          questionId: written.id,
          optionIndexes: [],
          text: rng.pick([
            '办事材料清单很有用。',
            '窗口排队时间还是长。',
            'The checklist at the counter helps.',
            '工作人员态度比以前好多了。',
          ]),
        });
      return answers;
    };
    for (let i = 0; i < ONLINE; i++) {
      schedule(at(opensOn + (i % 11), rng.int(9, 21), rng.int(0, 59)), async () => {
        const r = await answerOnline(db, clock, tz, surveyId, await sheet(), codes[i]);
        if (!r.ok) throw new Error(`demo: answer refused: ${r.refusal === 'conflict' ? r.reason : r.refusal}`);
      });
    }
    for (let i = 0; i < 15; i++) {
      schedule(at(opensOn + 6, 14, i * 3), async () => {
        must(
          'paper sheet',
          await enterPaper(
            db,
            supervisors[1]!,
            now(),
            tz,
            surveyId,
            await sheet(),
            `P-${String(i + 1).padStart(3, '0')}`,
          ),
        );
      });
    }
    schedule(at(CAMPAIGN_AGE_DAYS - 1, 23, 10), async () => {
      surveyCodes = codes.slice(ONLINE).map(groupSurveyCode);
    });
  }

  const START: Record<Exclude<content.Scenario, null>, number> = {
    confirmed: 20,
    relapsed: 22,
    passed: 60,
    redo: 100,
    passed_recently: 200,
    no_quorum_then_open: 230,
    in_progress_overdue: 150,
    committed_overdue: 200,
    reported_done: 255,
    in_progress: 250,
    committed: 270,
    draft: 285,
    draft_empty: 292,
  };
  for (const p of content.PROBLEMS) if (p.scenario) rectification(p, START[p.scenario]);

  // Run everything in time order.
  steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  for (const s of steps) {
    if (s.at.getTime() > clock.now().getTime()) clock.set(s.at);
    await s.run();
  }
  if (clock.now().getTime() < at(CAMPAIGN_AGE_DAYS - 1, 23, 30).getTime()) clock.set(at(CAMPAIGN_AGE_DAYS - 1, 23, 30));

  const pickCode = (what: string, f: (o: Opinion) => boolean) => {
    const o = opinions.find((x) => x.trackingCode && f(x));
    return o ? [{ code: groupCode(o.trackingCode!), what }] : [];
  };
  const trackingCodes = [
    ...pickCode(
      'linked to a problem whose rectification passed and was confirmed',
      (o) => o.outcome === 'link' && o.problem?.scenario === 'confirmed',
    ),
    ...pickCode(
      'linked to a problem under evaluation now',
      (o) => o.outcome === 'link' && o.problem?.scenario === 'no_quorum_then_open',
    ),
    ...pickCode('set aside as not actionable, with the reason', (o) => o.outcome === 'not_actionable'),
    ...pickCode('a duplicate of an earlier opinion', (o) => o.outcome === 'duplicate'),
    ...pickCode('received last week, not sorted yet', (o) => o.outcome === 'unsorted'),
  ];

  return {
    accounts,
    trackingCodes,
    ballotCodes,
    openRoundId,
    surveyCodes,
    surveyId,
    now: clock.now(),
    summary: await summarise(db),
  };
}

export async function summarise(db: DB): Promise<DemoSummary> {
  const check = await verify(db);
  return {
    units: await repo.countRows(db, 'units'),
    accounts: await repo.countRows(db, 'users'),
    opinions: Object.values(await repo.opinionsByChannel(db)).reduce((a, b) => a + b, 0),
    opinionsByChannel: await repo.opinionsByChannel(db),
    opinionsByState: await repo.opinionsByState(db),
    opinionsByLocale: await repo.opinionLocales(db),
    problems: await repo.countRows(db, 'problems'),
    problemLevels: await repo.problemLevels(db),
    rectificationsByState: await repo.rectificationsByState(db),
    rectificationStatesReached: await repo.rectificationStatesReached(db),
    roundsByOutcome: await repo.roundsByOutcome(db),
    votes: await repo.countRows(db, 'votes'),
    paperTallies: await repo.countRows(db, 'paper_tallies'),
    lookingBack: await repo.lookingBackChecks(db),
    surveys: await repo.countRows(db, 'surveys'),
    surveyAnswers: await repo.surveyResponses(db),
    auditEntries: await repo.countRows(db, 'audit_log'),
    auditIntact: check.ok,
  };
}

function tryThis(s: content.DemoStaff): string {
  switch (s.role) {
    case 'administrator':
      return 'Accounts, Units, Campaigns, the audit log (/staff/audit)';
    case 'coordinator':
      return 'Triage queue, problems, approve drafts, open/close rounds, looking back';
    case 'supervisor':
      return `Inbox of watched units (${(s.watches ?? []).join(', ')}), record opinions`;
    case 'unit_officer':
      return `Own unit's problems and rectifications (${s.unit}): draft, report progress`;
  }
}
