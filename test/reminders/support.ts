// Rectifications in the shape a test needs, made through the real use-cases (start, draft,
// commit, progress), and the reminder job as the portal and the command run it.
import net, { type AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { expect } from 'vitest';
import type { ProblemScope } from '../../server/accounts/permissions.js';
import { buildApp } from '../../server/app.js';
import type { Actor } from '../../server/audit/service.js';
import { loadConfig } from '../../server/config.js';
import { createMailer } from '../../server/plugins/mail.js';
import type { Level } from '../../server/problems/levels.js';
import { measuresOf } from '../../server/rectifications/repository.js';
import {
  commitRectification,
  reportProgress,
  saveDraft,
  startRectification,
  type Change,
} from '../../server/rectifications/service.js';
import { remindOverdue, type ReminderRun } from '../../server/reminders/service.js';
import { insertContact } from '../../server/units/repository.js';
import type { TestApp } from '../helpers/app.js';
import { createProblem } from '../problems/support.js';
import { createUser } from '../helpers/factories.js';

export const EVERYTHING: ProblemScope = { kind: 'all' };

/** A coordinator as the audit log names them; the name is a person's, and must never be published. */
export async function coordinator(t: TestApp, name = 'Chen Coordinator'): Promise<Actor> {
  const u = await createUser(t.app.db, { role: 'coordinator', name });
  return { id: u.id, label: u.email };
}

export async function addContact(
  t: TestApp,
  unitId: number,
  email: string,
  locale: 'en' | 'zh-CN',
  name: string | null = null,
) {
  return insertContact(t.app.db, unitId, { email, locale, name });
}

export interface MeasurePlan {
  description: string;
  owner?: string;
  /** YYYY-MM-DD */
  deadline: string;
}

export interface RectificationPlan {
  campaignId: number;
  unitId: number;
  title?: string;
  description?: string;
  level?: Level;
  cadreName?: string;
  responsible?: string;
  target?: string;
  measures: MeasurePlan[];
  /** Stop at the draft: never promised in public. */
  draftOnly?: boolean;
}

/** The problem to rectify; on the public list unless it is an individual cadre's (the database refuses that). */
function problemFor(t: TestApp, p: RectificationPlan): Promise<number> {
  return createProblem(t, p.campaignId, p.unitId, {
    title: p.title,
    description: p.description,
    level: p.level,
    cadreName: p.cadreName,
    published: p.level !== 'individual',
  });
}

function value(c: Change): number {
  if (typeof c === 'string' || !c.ok) throw new Error(`use-case refused: ${JSON.stringify(c)}`);
  return c.value.id;
}

/** A problem and its rectification, drafted and (unless draftOnly) committed at the clock's time. */
export async function promised(
  t: TestApp,
  actor: Actor,
  p: RectificationPlan,
): Promise<{ id: number; measureIds: number[] }> {
  const db = t.app.db;
  const problemId = await problemFor(t, p);
  const id = value(await startRectification(db, actor, t.clock.now(), problemId, EVERYTHING));
  const target =
    p.target ??
    p.measures
      .map((m) => m.deadline)
      .sort()
      .at(-1)!;
  value(
    await saveDraft(db, actor, t.clock.now(), id, EVERYTHING, {
      responsible_person: p.responsible ?? 'Wang Responsible',
      target_date: target,
      measures: p.measures.map((m, row) => ({
        row,
        id: null,
        description: m.description,
        owner: m.owner ?? 'Li Owner',
        deadline: m.deadline,
        remove: false,
      })),
    }),
  );
  if (!p.draftOnly) value(await commitRectification(db, actor, t.clock.now(), id));
  const measureIds = (await measuresOf(db, id)).map((m) => m.id);
  return { id, measureIds };
}

/** The unit reports progress, marking these measures done. */
export async function markDone(t: TestApp, actor: Actor, id: number, done: number[], note = 'Work under way.') {
  value(await reportProgress(t.app.db, actor, t.clock.now(), id, EVERYTHING, { note, percent: null, done }));
}

/** One pass of the reminder job, exactly as the portal's timer and `npm run remind` run it. */
export function remind(app: FastifyInstance, now: Date): Promise<ReminderRun> {
  return remindOverdue(
    { db: app.db, mailer: app.mailer, baseUrl: app.config.baseUrl, timeZone: app.config.timeZone },
    now,
  );
}

/** The same portal started again on the same database file and data folder: a restart. */
export async function restarted(t: TestApp, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: t.dataDir,
    DATABASE_URL: t.config.databaseUrl,
    BASE_URL: t.config.baseUrl,
    JOBS_IN_PROCESS: 'false',
    ...env,
  });
  const app = await buildApp({ config, clock: t.clock });
  await app.ready();
  return app;
}

/** A moment in the portal's zone (Asia/Shanghai, UTC+8) given as local wall time. */
export function shanghai(localDateTime: string): Date {
  const d = new Date(`${localDateTime}+08:00`);
  expect(Number.isNaN(d.getTime())).toBe(false);
  return d;
}

export async function auditEntries(t: TestApp, action: string) {
  const rows = await t.app.db
    .selectFrom('audit_log')
    .select(['entity_id', 'actor', 'data'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    entityId: Number(r.entity_id),
    actor: r.actor,
    data: JSON.parse(r.data ?? '{}') as Record<string, unknown>,
  }));
}

/** The job with another mailer: the portal's settings but another SMTP server. */
export function remindThrough(app: FastifyInstance, mailUrl: string, now: Date): Promise<ReminderRun> {
  const mailer = createMailer({ ...app.config, mailUrl });
  return remindOverdue({ db: app.db, mailer, baseUrl: app.config.baseUrl, timeZone: app.config.timeZone }, now);
}

/** An address on loopback where nothing listens: every message fails to go out. */
export async function deadSmtpUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `smtp://127.0.0.1:${port}`;
}

/** A real SMTP server on loopback that refuses some recipients (550) and takes the rest. */
export async function pickySmtpServer(
  refused: readonly string[],
): Promise<{ url: string; delivered: string[]; close(): Promise<void> }> {
  const delivered: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refused.includes(address.address)) {
        const err = Object.assign(new Error('No such mailbox here'), { responseCode: 550 });
        callback(err);
      } else callback();
    },
    onData(stream, session, callback) {
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) delivered.push(r.address);
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    delivered,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
