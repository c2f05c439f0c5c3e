// What the notice tests share: rectifications brought to the state a test needs through the real
// use-cases (start, draft, commit, progress, done), and reading what the notice pages show.
import { expect } from 'vitest';
import type { Actor } from '../../server/audit/service.js';
import type { Level } from '../../server/problems/levels.js';
import {
  commitRectification,
  reportDone,
  reportProgress,
  saveDraft,
  startRectification,
  type Change,
} from '../../server/rectifications/service.js';
import type { TestApp } from '../helpers/app.js';
import { createUser } from '../helpers/factories.js';
import { createProblem } from '../problems/support.js';

const ALL = { kind: 'all' } as const;

export interface MeasureSpec {
  description: string;
  owner: string;
  deadline: string;
}

export interface RectificationSpec {
  campaignId: number;
  unitId: number;
  title?: string;
  description?: string;
  level?: Level;
  cadreName?: string;
  person?: string;
  target?: string;
  measures?: MeasureSpec[];
  /** How far to take it: a draft, committed (the default), in progress, or reported done. */
  upTo?: 'draft' | 'committed' | 'in_progress' | 'reported_done';
  /** Progress notes to report (the first starts the work), and which measures (0-based) each marks done. */
  progress?: Array<{ note: string; percent?: number | null; done?: number[] }>;
  /** When it is committed; by default the test clock's now. */
  committedAt?: Date;
}

export const DEFAULT_MEASURES: MeasureSpec[] = [
  {
    description: 'Publish the approval steps and time limits at every window',
    owner: 'Service hall director',
    deadline: '2026-12-10',
  },
  { description: 'Weekly spot checks of waiting times', owner: 'Supervision section', deadline: '2026-12-20' },
];

const coordinators = new WeakMap<TestApp, Promise<Actor>>();
/** One coordinator per app, who does every step (the use-cases check scopes, not roles). */
function actorFor(t: TestApp): Promise<Actor> {
  let actor = coordinators.get(t);
  if (!actor) {
    actor = createUser(t.app.db, { role: 'coordinator' }).then((u) => ({ id: u.id, label: u.email }));
    coordinators.set(t, actor);
  }
  return actor;
}

function expectOk(step: string, result: Change): number {
  expect(result, step).not.toBe('not_found');
  expect(result, step).not.toBe('forbidden');
  if (typeof result === 'string' || !result.ok) throw new Error(`${step} refused: ${JSON.stringify(result)}`);
  return result.value.id;
}

/** A problem, then its rectification taken as far as the spec says; returns both ids. */
export async function rectification(
  t: TestApp,
  s: RectificationSpec,
): Promise<{ id: number; problemId: number; measureIds: number[] }> {
  const actor = await actorFor(t);
  const db = t.app.db;
  const now = s.committedAt ?? t.clock.now();
  const problemId = await createProblem(t, s.campaignId, s.unitId, {
    title: s.title ?? 'Approvals take months',
    level: s.level,
    cadreName: s.cadreName,
  });
  if (s.description !== undefined)
    await db.updateTable('problems').set({ description: s.description }).where('id', '=', problemId).execute();
  const id = expectOk('start', await startRectification(db, actor, now, problemId, ALL));
  const measures = s.measures ?? DEFAULT_MEASURES;
  expectOk(
    'draft',
    await saveDraft(db, actor, now, id, ALL, {
      responsible_person: s.person ?? 'Zhou Ming, deputy director',
      target_date: s.target ?? '2026-12-31',
      measures: measures.map((m, row) => ({ row, id: null, ...m, remove: false })),
    }),
  );
  const measureIds = (
    await db.selectFrom('measures').select('id').where('rectification_id', '=', id).orderBy('position').execute()
  ).map((m) => m.id);
  const upTo = s.upTo ?? (s.progress ? 'in_progress' : 'committed');
  if (upTo === 'draft') return { id, problemId, measureIds };
  expectOk('commit', await commitRectification(db, actor, now, id));
  const progress = s.progress ?? (upTo === 'committed' ? [] : [{ note: 'Work has started.' }]);
  for (const p of progress) {
    expectOk(
      'progress',
      await reportProgress(db, actor, t.clock.now(), id, ALL, {
        note: p.note,
        percent: p.percent ?? null,
        done: (p.done ?? []).map((i) => measureIds[i]!),
      }),
    );
  }
  if (upTo === 'reported_done') {
    const open = measureIds.filter((_, i) => !progress.some((p) => p.done?.includes(i)));
    if (open.length > 0)
      expectOk(
        'progress',
        await reportProgress(db, actor, t.clock.now(), id, ALL, {
          note: 'Every measure is in place.',
          percent: 100,
          done: open,
        }),
      );
    expectOk('done', await reportDone(db, actor, t.clock.now(), id, ALL, 'All measures are done and checked.'));
  }
  return { id, problemId, measureIds };
}

/** The ids of the notices listed on a page, in order. */
export function listedNotices(html: string): number[] {
  return [...html.matchAll(/<li class="card[^"]*" data-notice="(\d+)"/g)].map((m) => Number(m[1]));
}
