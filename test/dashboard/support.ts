// A campaign with something in every corner, made the way it happens: opinions through the
// suggestion box, staff recording and a CSV import, sorted in triage (one moved to another unit),
// problems merged, rectifications in several states, a failed and a passed round, an overdue
// commitment and a looking-back check due. The numbers the tests expect are worked out in the comments.
import { expect } from 'vitest';
import type { Actor } from '../../server/audit/service.js';
import type { Choice } from '../../server/evaluations/tally.js';
import { closeRound, issueBallots, openRound } from '../../server/evaluations/service.js';
import { castVote } from '../../server/evaluations/voting.js';
import { moveDue } from '../../server/looking-back/service.js';
import {
  commitRectification,
  reportDone,
  reportProgress,
  saveDraft,
  startRectification,
} from '../../server/rectifications/service.js';
import type { TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, createUser, signInAs } from '../helpers/factories.js';
import { submitForm } from '../helpers/forms.js';
import { csv, importFile } from '../imports/support.js';
import { recordVia, savedCode } from '../inbox/recording.js';
import { receiptOf, sendOpinion } from '../opinions/support.js';
import { createProblem } from '../problems/support.js';
import { triage } from '../triage/support.js';

const ALL = { kind: 'all' } as const;

export interface Scenario {
  campaignId: number;
  unitA: number;
  unitB: number;
  problems: Record<'p1' | 'p2' | 'p3' | 'p4' | 'p5' | 'p6', number>;
  rectifications: Record<'failed' | 'overdue' | 'draft' | 'passed' | 'individual', number>;
  rounds: { failed: number; passed: number };
}

async function idOf(t: TestApp, body: string): Promise<number> {
  return (await t.app.db.selectFrom('opinions').select('id').where('body', '=', body).executeTakeFirstOrThrow()).id;
}

export async function buildScenario(t: TestApp): Promise<Scenario> {
  const db = t.app.db;
  const campaignId = await createCampaign(db, { name: 'Cadre conduct campaign 2026' });
  const unitA = await createUnit(db, { name: 'Housing bureau' });
  const unitB = await createUnit(db, { name: 'Transport bureau' });
  const { agent } = await signInAs(t, 'coordinator');

  // The suggestion box: two about unit A, one without a unit; received now (week of 16 Nov).
  for (const body of [
    'Permit window closes early every Friday.',
    'Housing queue numbers are given to friends first.',
  ]) {
    receiptOf(await sendOpinion(t.agent(), { body, unit_id: String(unitA) }));
  }
  receiptOf(await sendOpinion(t.agent(), { body: 'Nobody answers the complaints line.' }));

  // Staff recording: a hotline call about unit B at 01:00 on Monday 16 Nov in Shanghai (still
  // Sunday in UTC: the week is the portal zone's), and a petition letter about unit A on 3 Nov.
  savedCode(
    await recordVia(agent, 'hotline', {
      body: 'Bus depot staff drink at lunch.',
      unit_id: String(unitB),
      received_at: '2026-11-16T01:00',
    }),
    'hotline',
  );
  savedCode(
    await recordVia(agent, 'petition', {
      body: 'A letter about gifts at the housing bureau.',
      unit_id: String(unitA),
      petition_kind: 'letter',
      received_at: '2026-11-03T10:00',
    }),
    'petition',
  );

  // A CSV of three hotline calls on 3 Nov, without a unit.
  await importFile(agent, {
    campaignId,
    channel: 'hotline',
    data: csv([
      '编号,收到时间,意见内容',
      'RX-1,2026-11-03 14:20,办证窗口提前下班。',
      'RX-2,2026-11-03 14:25,热线无人接听。',
      'RX-3,2026-11-03 14:30,公示时间不准确。',
    ]),
  });

  // Problems: p1 and p2 at unit B, p3 at unit A; p4 (B), p5 (A) without opinions; p6 about an individual cadre (A).
  const p1 = await createProblem(t, campaignId, unitB, { title: 'Windows close early' });
  const p2 = await createProblem(t, campaignId, unitB, { title: 'Service hours not kept' });
  const p3 = await createProblem(t, campaignId, unitA, { title: 'Gifts at festivals' });
  const p4 = await createProblem(t, campaignId, unitB, { title: 'Depot drinking' });
  const p5 = await createProblem(t, campaignId, unitA, { title: 'Queue numbers for friends', published: true });
  const p6 = await createProblem(t, campaignId, unitA, {
    title: 'A section chief takes gifts',
    level: 'individual',
    cadreName: 'Zhang Sanfeng',
  });

  // Triage: the first suggestion (unit A) is moved to unit B and linked to p1; a CSV call to p1
  // at unit B; the suggestion without a unit and another CSV call to p2 (taking p2's unit, B); the petition to p3.
  const link = async (id: number, problem: number, unit: number | null) => {
    const res = await triage(agent, id, {
      outcome: 'link',
      problem_id: String(problem),
      unit_id: unit === null ? '' : String(unit),
    });
    expect(res.status, res.text.slice(0, 300)).toBe(303);
  };
  await link(await idOf(t, 'Permit window closes early every Friday.'), p1, unitB);
  await link(await idOf(t, '办证窗口提前下班。'), p1, unitB);
  await link(await idOf(t, 'Nobody answers the complaints line.'), p2, null);
  await link(await idOf(t, '热线无人接听。'), p2, null);
  await link(await idOf(t, 'A letter about gifts at the housing bureau.'), p3, unitA);
  // p2 is p1: merged, its two opinions count in p1 (four in all).
  const merged = await submitForm(agent, `/staff/problems/${p2}`, `/staff/problems/${p2}/merge`, {
    target_id: String(p1),
    reason: 'The same early closing',
  });
  expect(merged.status).toBe(303);

  // Rectifications.
  const u = await createUser(db, { role: 'coordinator' });
  const actor: Actor = { id: u.id, label: u.email };
  const now = () => t.clock.now();
  const start = async (problemId: number, deadline: string) => {
    const started = await startRectification(db, actor, now(), problemId, ALL);
    if (typeof started === 'string' || !started.ok) throw new Error('not started');
    const id = started.value.id;
    await saveDraft(db, actor, now(), id, ALL, {
      responsible_person: 'Director Wang',
      target_date: '2026-12-31',
      measures: [{ row: 0, id: null, description: 'Post the hours', owner: 'Office', deadline, remove: false }],
    });
    return id;
  };
  const judged = async (id: number, choices: Choice[]) => {
    await commitRectification(db, actor, now(), id);
    const m = await db.selectFrom('measures').select('id').where('rectification_id', '=', id).executeTakeFirstOrThrow();
    await reportProgress(db, actor, now(), id, ALL, { note: 'Done.', percent: 100, done: [m.id] });
    await reportDone(db, actor, now(), id, ALL, 'Done.');
    const opened = await openRound(db, actor, now(), id, {
      opensAt: now(),
      closesAt: new Date(now().getTime() + 86_400_000),
    });
    if (!opened.ok) throw new Error('not opened');
    const issued = await issueBallots(
      db,
      actor,
      now(),
      opened.value.roundId,
      choices.map(() => ({ personId: null, how: 'slip' as const })),
    );
    if (!issued.ok) throw new Error('not issued');
    for (const [i, code] of issued.value.codes.entries())
      await castVote(db, t.clock, t.config.timeZone, { code, choice: choices[i]!, comment: null });
    await closeRound(db, actor, now(), opened.value.roundId, t.config.timeZone);
    return opened.value.roundId;
  };
  // p1: judged 1 of 3 satisfied (33.3%): failed, and back in progress for round 2.
  const failed = await start(p1, '2026-12-01');
  const failedRound = await judged(failed, ['satisfied', 'dissatisfied', 'dissatisfied']);
  // p5: judged 3 of 3 (100%): passed; its looking-back check moved to yesterday, so it is due.
  const passed = await start(p5, '2026-12-01');
  const passedRound = await judged(passed, ['satisfied', 'basically_satisfied', 'unable_to_judge']);
  const check = await db.selectFrom('looking_back_checks').select('id').executeTakeFirstOrThrow();
  await moveDue(db, actor, now(), check.id, '2026-11-19');
  // p3: committed with a deadline passed on 10 Nov: overdue.
  const overdue = await start(p3, '2026-11-10');
  await commitRectification(db, actor, now(), overdue);
  // p4: still a draft.
  const draft = await start(p4, '2026-12-01');
  // p6 (an individual cadre): committed, inside the organisation only.
  const individual = await start(p6, '2026-12-01');
  await commitRectification(db, actor, now(), individual);

  const states = await db.selectFrom('rectifications').select(['id', 'state']).orderBy('id').execute();
  expect(states.map((s) => s.state)).toEqual(['in_progress', 'passed', 'committed', 'draft', 'committed']);
  return {
    campaignId,
    unitA,
    unitB,
    problems: { p1, p2, p3, p4, p5, p6 },
    rectifications: { failed, overdue, draft, passed, individual },
    rounds: { failed: failedRound, passed: passedRound },
  };
}

/** The figure a chart's table shows for a row (its data-value), or null. */
export function tableValue(html: string, chart: string, row: string): number | null {
  const table = new RegExp(`<table class="chart-table" data-table="${chart}">([\\s\\S]*?)</table>`).exec(html);
  if (!table) return null;
  const m = new RegExp(`<tr data-row="${row}">[\\s\\S]*?data-value="(\\d+)"`).exec(table[1]!);
  return m ? Number(m[1]) : null;
}

/** The value each bar of a chart's SVG is drawn for, by key. */
export function barValues(
  html: string,
  chart: string,
  attr: 'data-bar' | 'data-column' = 'data-bar',
): Record<string, number> {
  const fig = new RegExp(`<figure class="chart" id="${chart}"[\\s\\S]*?</figure>`).exec(html);
  if (!fig) return {};
  return Object.fromEntries(
    [...fig[0].matchAll(new RegExp(`${attr}="([^"]+)" data-value="(\\d+)"`, 'g'))].map((m) => [m[1]!, Number(m[2])]),
  );
}

/** Every row of a chart's table: key -> value. */
export function tableValues(html: string, chart: string): Record<string, number> {
  const table = new RegExp(`<table class="chart-table" data-table="${chart}">([\\s\\S]*?)</table>`).exec(html);
  if (!table) return {};
  return Object.fromEntries(
    [...table[1]!.matchAll(/<tr data-row="([^"]+)">[\s\S]*?data-value="(\d+)"/g)].map((m) => [m[1]!, Number(m[2])]),
  );
}
