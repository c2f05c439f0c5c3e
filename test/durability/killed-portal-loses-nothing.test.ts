// The promise "an acknowledged submission is never lost", tried the hard way: a real portal
// process takes opinions and votes without pause and is killed with SIGKILL at random moments,
// again and again, and restarted each time. Afterwards every opinion whose tracking code was
// shown is there exactly once, every vote whose receipt was shown is counted, SQLite finds the
// file sound and the audit chain verifies.
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { verify } from '../../server/audit/service.js';
import { integrityCheck } from '../../server/backup/repository.js';
import { ManualClock } from '../../server/clock.js';
import { loadConfig } from '../../server/config.js';
import { createDb, openSqlite } from '../../server/db/database.js';
import { hashBallotCode } from '../../server/evaluations/ballots.js';
import { issueSlips, openRound } from '../../server/evaluations/service.js';
import { CHOICES } from '../../server/evaluations/tally.js';
import type { TestApp } from '../helpers/app.js';
import { hiddenFields } from '../helpers/forms.js';
import { reportedDone } from '../evaluations/support.js';
import { PortalProcess, Visitor } from './portal-process.js';

const KILLS = 20;
/** After the portal has acknowledged its first write, it is killed within this many ms, at random. */
const KILL_WINDOW_MS = 1500;
const OPINION_CLIENTS = 3;
const VOTE_CLIENTS = 2;
const BALLOTS = 1500;
const DAY = 86_400_000;

const RECEIPT_AT = /^\/opinions\/receipt\/([2-9A-Z-]+)\?email=\w+$/;

describe('a portal killed with SIGKILL at random moments loses nothing it acknowledged', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-durability-'));
  const file = path.join(dataDir, 'portal.sqlite');
  let codes: string[] = [];
  let roundId = 0;

  // The campaign and a round taking votes, set up through the use-cases on the same file before the portal starts.
  beforeAll(async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      DATABASE_URL: file,
      JOBS_IN_PROCESS: 'false',
    });
    const clock = new ManualClock(new Date());
    const app = await buildApp({ config, clock });
    const t = { app, config, clock, dataDir } as TestApp;
    const { campaignId, rectificationId } = await reportedDone(t);
    // Collecting opinions today, whatever today is.
    const day = (ms: number) => new Date(clock.now().getTime() + ms).toISOString().slice(0, 10);
    await app.db
      .updateTable('campaigns')
      .set({ starts_on: day(-30 * DAY), ends_on: day(365 * DAY) })
      .where('id', '=', campaignId)
      .execute();
    const actor = { id: null, label: 'system' } as const;
    const opened = await openRound(app.db, actor, clock.now(), rectificationId, {
      opensAt: new Date(clock.now().getTime() - 60_000),
      closesAt: new Date(clock.now().getTime() + DAY),
    });
    if (!opened.ok) throw new Error('round not opened');
    roundId = opened.value.roundId;
    const issued = await issueSlips(app.db, actor, clock.now(), roundId, BALLOTS, 'durability-test');
    if (typeof issued === 'string' || !issued.ok) throw new Error('slips not issued');
    codes = issued.value.codes;
    await app.close();
  });

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('opens SQLite in WAL mode with synchronous=FULL, so an acknowledged commit is on disk, not only in the OS cache', () => {
    const sqlite = openSqlite(file);
    try {
      expect(String(sqlite.pragma('journal_mode', { simple: true })).toLowerCase()).toBe('wal');
      expect(sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    } finally {
      sqlite.close();
    }
  });

  it(`keeps every acknowledged opinion and vote through ${KILLS} kills`, { timeout: 400_000 }, async () => {
    const portal = new PortalProcess({
      DATA_DIR: dataDir,
      DATABASE_URL: file,
      JOBS_IN_PROCESS: 'false',
      TRUST_PROXY: 'true',
      NODE_ENV: 'production',
    });
    const acknowledged: Array<{ code: string; body: string }> = [];
    const receipts: Array<{ code: string; receipt: string; choice: string }> = [];
    const unexpected: string[] = [];
    let inDoubt = 0;
    let failedRequests = 0;
    let stopped = false;
    let visitors = 0;
    const visitor = () => {
      const n = ++visitors;
      return new Visitor(`10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`);
    };

    /** Sends a request, waiting for the portal to come back as long as it is down. */
    async function send(
      v: Visitor,
      url: string,
      init: { method?: string; form?: Record<string, string> } = {},
    ): Promise<Response | null> {
      for (;;) {
        if (stopped) return null;
        try {
          const res = await v.fetch(await portal.up(), url, init);
          return res;
        } catch {
          failedRequests++;
          await sleep(20);
        }
      }
    }

    let sequence = 0;
    async function opinionClient(): Promise<void> {
      while (!stopped) {
        const body = `Durability opinion ${++sequence}: the service hall closed early again (${randomInt(1e9)}).`;
        const v = visitor();
        const page = await send(v, '/opinions/new');
        if (!page) return;
        const html = await page.text();
        if (page.status !== 200) {
          unexpected.push(`GET /opinions/new ${page.status}`);
          continue;
        }
        // The same form sent again after a connection was cut: the submission key makes it one opinion.
        const form = { ...hiddenFields(html), identity: 'anonymous', body };
        const res = await send(v, '/opinions', { method: 'POST', form });
        if (!res) return;
        await res.arrayBuffer();
        const m = RECEIPT_AT.exec(res.headers.get('location') ?? '');
        if (res.status === 303 && m) acknowledged.push({ code: m[1]!.replace(/-/g, ''), body });
        else unexpected.push(`POST /opinions ${res.status} ${res.headers.get('location')}`);
      }
    }

    async function voteClient(): Promise<void> {
      while (!stopped && codes.length > 0) {
        const code = codes.pop()!;
        const choice = CHOICES[randomInt(CHOICES.length)]!;
        const v = visitor();
        const page = await send(v, `/vote?code=${code}`);
        if (!page) return;
        const html = await page.text();
        if (page.status !== 200) {
          unexpected.push(`GET /vote ${page.status}`);
          continue;
        }
        const res = await send(v, '/vote', { method: 'POST', form: { ...hiddenFields(html), choice, confirm: '1' } });
        if (!res) return;
        const answer = await res.text();
        const receipt = /data-receipt>([0-9A-F-]+)</.exec(answer);
        if (res.status === 200 && receipt) receipts.push({ code, receipt: receipt[1]!, choice });
        // Cast before a kill cut the answer off: the code is used, and its receipt was never shown.
        else if (res.status === 409 && /used/i.test(answer)) inDoubt++;
        else unexpected.push(`POST /vote ${res.status}`);
      }
    }

    const started = Date.now();
    let kills = 0;
    try {
      await portal.start();
      const clients = [
        ...Array.from({ length: OPINION_CLIENTS }, opinionClient),
        ...Array.from({ length: VOTE_CLIENTS }, voteClient),
      ];
      while (kills < KILLS) {
        // Once writes are being acknowledged, at a random moment within the window: mostly mid-write
        // (every client always has a request in flight).
        const before = acknowledged.length + receipts.length;
        while (acknowledged.length + receipts.length === before) await sleep(5);
        await sleep(randomInt(KILL_WINDOW_MS));
        await portal.kill();
        kills++;
        await portal.start();
      }
      // One last run after the last kill, then a clean stop.
      const before = acknowledged.length + receipts.length;
      while (acknowledged.length + receipts.length < before + 10) await sleep(5);
      stopped = true;
      await Promise.all(clients);
      await portal.stop();
    } finally {
      stopped = true;
      if (portal.running) await portal.kill();
    }
    const seconds = (Date.now() - started) / 1000;

    const db = createDb(file);
    try {
      expect(await integrityCheck(db)).toEqual(['ok']);
      const chain = await verify(db);
      expect(chain).toMatchObject({ ok: true });

      // Every acknowledged opinion is there exactly once, with what was sent; nothing is there twice.
      const rows = await db.selectFrom('opinions').select(['tracking_code', 'body']).execute();
      const byCode = new Map<string, string[]>();
      for (const r of rows) byCode.set(r.tracking_code, [...(byCode.get(r.tracking_code) ?? []), r.body]);
      for (const a of acknowledged) expect(byCode.get(a.code), a.code).toEqual([a.body]);
      const bodies = rows.map((r) => r.body);
      expect(new Set(bodies).size).toBe(bodies.length);
      const received = await db
        .selectFrom('audit_log')
        .select('entity_id')
        .where('action', '=', 'opinion.received')
        .execute();
      expect(received).toHaveLength(rows.length);

      // Every vote whose receipt was shown is counted with its choice, and its code is used; no code
      // is used without a vote, nor a vote stored without using a code.
      const votes = await db
        .selectFrom('votes')
        .select(['receipt', 'choice'])
        .where('round_id', '=', roundId)
        .execute();
      const choiceOf = new Map(votes.map((v) => [v.receipt, v.choice]));
      for (const r of receipts) expect(choiceOf.get(r.receipt), r.receipt).toBe(r.choice);
      const usedHashes = new Set(
        (
          await db
            .selectFrom('ballots')
            .select('code_hash')
            .where('round_id', '=', roundId)
            .where('used', '=', 1)
            .execute()
        ).map((b) => b.code_hash),
      );
      for (const r of receipts) expect(usedHashes.has(hashBallotCode(r.code)), r.receipt).toBe(true);
      expect(usedHashes.size).toBe(votes.length);

      expect(unexpected).toEqual([]);
      expect(kills).toBeGreaterThanOrEqual(20);
      expect(portal.starts).toBe(kills + 1);
      console.log(
        `durability: ${kills} kills in ${seconds.toFixed(1)} s; ${acknowledged.length} opinions acknowledged (${rows.length} stored); ` +
          `${receipts.length} votes acknowledged (${votes.length} stored, ${inDoubt} cast but cut off before the receipt); ` +
          `${failedRequests} requests cut off; audit chain ${chain.count} entries`,
      );
    } finally {
      await db.destroy();
    }
  });
});
