// npm run bench [-- --opinions 10000,1000000 --duration 10 --warmup 2 --connections 50 --quick --reuse-seed --out data/bench]
//
// The benchmark of issue 7: for each campaign size it builds a database (N opinions, ten thousand
// rectifications), starts the real portal as its own process on it, and loads each page and
// write with autocannon, against two baselines measured in the same run on the same machine:
// a bare Fastify route (the ceiling for pages) and single-row durable inserts in better-sqlite3
// (WAL, synchronous=FULL: the floor for writes). It prints requests per second, p50 and p99, the
// ratio to the baseline, and each page's cost at the largest size against the smallest, checks
// the targets, and writes JSON and a markdown table to the output folder. Missed targets are
// reported, not failed: the exit code is for errors only.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from '../server/db/sqlite.js';
import { CHOICES } from '../server/evaluations/tally.js';
import { measure, type Load, type LoadOptions, type Measured } from './bench/load.js';
import { freePort, REPO_ROOT, Service } from './bench/processes.js';
import { prepare, STAFF } from './bench/setup.js';

// Options -------------------------------------------------------------------------------------

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);
const quick = flag('quick');
const sizes = (arg('opinions') ?? (quick ? '10000' : '10000,1000000')).split(',').map(Number);
const rectifications = Number(arg('rectifications') ?? 10_000);
const opts: LoadOptions = {
  connections: Number(arg('connections') ?? 50),
  duration: Number(arg('duration') ?? (quick ? 3 : 10)),
  warmup: Number(arg('warmup') ?? (quick ? 1 : 2)),
};
const outDir = path.resolve(REPO_ROOT, arg('out') ?? 'data/bench');
if (
  sizes.some((n) => !Number.isInteger(n) || n < 1) ||
  !(opts.connections >= 1) ||
  !(opts.duration >= 1) ||
  !(opts.warmup >= 0) ||
  !(rectifications >= 1)
) {
  console.error(
    'usage: npm run bench -- [--opinions 10000,1000000] [--rectifications 10000] [--duration 10] [--warmup 2] [--connections 50] [--quick] [--reuse-seed] [--out data/bench]',
  );
  process.exit(2);
}

/** The targets of issue 7. */
const TARGET = { listShare: 0.08, listP99: 50, writeShare: 0.4, growth: 1.5, rssMb: 250 } as const;

/** A page of the portal that costs nothing (no query): the portal is up, or idle again, when it answers. */
const PROBE = '/opinions/thanks';

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

// A visitor's addresses and cookies -----------------------------------------------------------

let visitors = 0;
/** Each request its own client address, as many people behind the portal's proxy look (TRUST_PROXY=true). */
function nextAddress(): string {
  const n = ++visitors;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async fetch(
    url: string,
    form?: Record<string, string>,
  ): Promise<{ status: number; location: string | null; html: string }> {
    const headers: Record<string, string> = { 'X-Forwarded-For': nextAddress(), Cookie: this.cookieHeader };
    if (form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(`${this.base}${url}`, {
      method: form ? 'POST' : 'GET',
      headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      if (at > 0) this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  }
}

/** The hidden fields of the page's (first) form, as a browser would send them back. */
function hiddenFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
    out[m[1]!] = m[2]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"');
  return out;
}

const header = (headers: Record<string, string | string[]>, name: string) => {
  const v = Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(v) ? v[0] : v;
};

// The baselines -------------------------------------------------------------------------------

/** A server the loads can restart on the same port (see load.ts, settle). */
async function restartable(script: string, env: Record<string, string>, ready: string, probe: string) {
  const port = await freePort();
  let service = await Service.start(script, env, ready, port);
  return {
    url: service.url,
    probe,
    current: () => service,
    async restart() {
      await service.stop(2000);
      service = await Service.start(script, env, ready, port);
    },
    stop: () => service.stop(2000),
  };
}

async function bareRoute(): Promise<Measured> {
  const bare = await restartable('scripts/bench/bare-server.ts', { NODE_ENV: 'production' }, '/', '/');
  try {
    return await measure({ name: 'bare Fastify route', next: () => ({ path: '/' }) }, opts, bare);
  } finally {
    await bare.stop();
  }
}

/** Single-row INSERTs, autocommit, WAL, synchronous=FULL: each one waits for its fsync. */
function durableInserts(): Measured {
  const file = path.join(outDir, 'floor.sqlite');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const db = new SQLite(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('create table rows (id integer primary key, body text not null, at text not null)');
    const insert = db.prepare('insert into rows (body, at) values (?, ?)');
    const body = 'A row about as long as a short opinion: the service hall closed early again.';
    const ms: number[] = [];
    const t0 = performance.now();
    const end = t0 + opts.duration * 1000;
    for (let t = t0; t < end;) {
      insert.run(body, new Date().toISOString());
      const t1 = performance.now();
      ms.push(t1 - t);
      t = t1;
    }
    const seconds = (performance.now() - t0) / 1000;
    ms.sort((a, b) => a - b);
    const at = (q: number) => Number(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(2));
    return {
      name: 'durable single-row insert',
      rps: ms.length / seconds,
      p50: at(0.5),
      p99: at(0.99),
      requests: ms.length,
      accepted: ms.length,
      refused: {},
      errors: 0,
      timeouts: 0,
      seconds,
      peakRssMb: null,
      restarted: false,
    };
  } finally {
    db.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
}

// One campaign size ---------------------------------------------------------------------------

interface SizeRun {
  opinions: number;
  rectifications: number;
  seedSeconds: number;
  loads: Measured[];
  /** The portal's peak resident memory over the whole run (VmHWM). */
  peakRssMb: number;
}

async function campaignSize(opinions: number): Promise<SizeRun> {
  // Enough codes for the fastest vote rate this machine could reach, one per vote.
  const codes = Math.max(5000, Math.ceil((opts.duration + opts.warmup) * 3000));
  const prepared = await prepare({ dir: outDir, opinions, rectifications, codes, reuse: flag('reuse-seed'), log });
  const dataDir = fs.mkdtempSync(path.join(outDir, 'portal-'));
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: prepared.file,
    DATA_DIR: dataDir,
    COOKIE_SECRET: randomBytes(32).toString('hex'),
    TRUST_PROXY: 'true',
    JOBS_IN_PROCESS: 'false',
    BASE_URL: 'http://127.0.0.1',
  };
  // The settling probe: one notice, a few indexed reads in the database queue behind whatever a load left.
  const portal = await restartable('server/server.ts', env, PROBE, `/notices/${prepared.noticeIds[0]}`);
  log(`portal up at ${portal.url} (pid ${portal.current().pid}, ${portal.current().memory().rssMb.toFixed(0)} MB)`);
  let peakRssMb = 0;
  const restart = portal.restart;
  // VmHWM of each process before it goes: the peak over the whole run, restarts and all.
  portal.restart = async () => {
    peakRssMb = Math.max(peakRssMb, portal.current().memory().peakMb);
    await restart();
  };
  try {
    // Staff: signed in once, the session cookie sent with every dashboard request.
    const staff = new Browser(portal.url);
    const loginPage = await staff.fetch('/login');
    const login = await staff.fetch('/login', {
      ...hiddenFields(loginPage.html),
      email: STAFF.email,
      password: STAFF.password,
    });
    if (login.status !== 303) throw new Error(`sign-in answered ${login.status}`);
    const session = staff.cookieHeader;

    // The suggestion box: its CSRF cookie and token, read once and sent with every submission; a fresh one-time key each.
    const visitor = new Browser(portal.url);
    const form = await visitor.fetch('/opinions/new');
    if (form.status !== 200) throw new Error(`GET /opinions/new answered ${form.status}`);
    const formFields = hiddenFields(form.html);
    const formCookie = visitor.cookieHeader;

    // The ballot: the form as the first code's page gives it, then one unused code per vote.
    const voter = new Browser(portal.url);
    const ballot = await voter.fetch(`/vote?code=${prepared.codes[0]}`);
    if (ballot.status !== 200) throw new Error(`GET /vote answered ${ballot.status}`);
    const ballotFields = hiddenFields(ballot.html);
    const voterCookie = voter.cookieHeader;
    let nextCode = 0;
    let codesRanOut = false;

    const xff = () => ({ 'X-Forwarded-For': nextAddress() });
    const urlencoded = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const notices = prepared.noticeIds;
    const loads: Load[] = [
      { name: 'public notice list', next: () => ({ path: '/notices', headers: xff() }) },
      {
        name: "a rectification's page",
        next: () => ({ path: `/notices/${notices[Math.floor(Math.random() * notices.length)]}`, headers: xff() }),
      },
      { name: 'home page', next: () => ({ path: '/', headers: xff() }) },
      { name: 'dashboard (staff)', next: () => ({ path: '/staff/dashboard', headers: { ...xff(), Cookie: session } }) },
      {
        name: 'submit an opinion',
        method: 'POST',
        next: () => ({
          path: '/opinions',
          headers: { ...xff(), ...urlencoded, Cookie: formCookie },
          body: new URLSearchParams({
            ...formFields,
            submission_key: randomBytes(18).toString('base64url'),
            identity: 'anonymous',
            body: `Benchmark opinion ${randomBytes(6).toString('hex')}: 窗口服务时间不足，群众等候过久。`,
          }).toString(),
        }),
        // Acknowledged: the redirect to the receipt with the tracking code.
        ok: (status, _body, headers) =>
          status === 303 && /^\/opinions\/receipt\//.test(header(headers, 'location') ?? ''),
      },
      {
        name: 'cast a vote',
        method: 'POST',
        next: () => {
          if (nextCode >= prepared.codes.length) codesRanOut = true;
          const code = prepared.codes[nextCode++ % prepared.codes.length]!;
          return {
            path: '/vote',
            headers: { ...xff(), ...urlencoded, Cookie: voterCookie },
            body: new URLSearchParams({
              ...ballotFields,
              code,
              choice: CHOICES[nextCode % CHOICES.length]!,
              confirm: '1',
            }).toString(),
          };
        },
        readsBody: true,
        ok: (status, body) => status === 200 && /data-receipt>[0-9A-F-]+</.test(body),
      },
    ];
    const measured: Measured[] = [];
    for (const load of loads) {
      const m = await measure(load, opts, portal);
      measured.push(m);
      log(
        `${opinions.toLocaleString('en')} opinions, ${m.name}: ${rate(m.rps)} rps, p50 ${ms(m.p50)} ms, p99 ${ms(m.p99)} ms, peak ${m.peakRssMb?.toFixed(0)} MB${refusals(m)}${m.restarted ? '; its backlog was cut short by a restart' : ''}`,
      );
    }
    if (codesRanOut) log('warning: the vote load used every ballot code; later votes were refused');
    return {
      opinions,
      rectifications,
      seedSeconds: prepared.seedSeconds,
      loads: measured,
      peakRssMb: Math.max(peakRssMb, portal.current().memory().peakMb),
    };
  } finally {
    await portal.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// Reading the figures -------------------------------------------------------------------------

function refusals(m: Measured): string {
  const parts = Object.entries(m.refused).map(([s, n]) => `${n} × ${s}`);
  if (m.errors) parts.push(`${m.errors} connection errors`);
  if (m.timeouts) parts.push(`${m.timeouts} timeouts`);
  return parts.length ? `; not accepted: ${parts.join(', ')}` : '';
}

const WRITES = new Set(['submit an opinion', 'cast a vote']);
const GROWTH = ['public notice list', 'home page', 'dashboard (staff)'];
const pct = (x: number) => `${(x * 100).toFixed(x < 0.001 ? 3 : 1)}%`;
const rate = (rps: number) => (rps >= 100 ? rps.toFixed(0) : rps.toFixed(1));
const ms = (v: number | null) => (v === null ? '—' : String(v));
/** How many times slower b is than a; infinite when b answered nothing. */
const slowerThan = (a: Measured, b: Measured) => (b.rps === 0 ? Infinity : a.rps / b.rps);
const times = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '∞× (nothing answered)');

interface Check {
  target: string;
  figure: string;
  met: boolean;
  miss?: string;
}

function checks(bare: Measured, floor: Measured, runs: SizeRun[]): Check[] {
  const out: Check[] = [];
  for (const run of runs) {
    const at = `at ${run.opinions.toLocaleString('en')} opinions`;
    const list = run.loads.find((l) => l.name === 'public notice list')!;
    const share = list.rps / bare.rps;
    out.push({
      target: `notice list ≥ ${pct(TARGET.listShare)} of the bare route ${at}`,
      figure: pct(share),
      met: share >= TARGET.listShare,
      miss: `missed by ${((TARGET.listShare - share) * 100).toFixed(1)} points (${times(TARGET.listShare / share)} too slow)`,
    });
    const p99 = list.p99 ?? Infinity;
    out.push({
      target: `notice list p99 < ${TARGET.listP99} ms ${at}`,
      figure: `${ms(list.p99)} ms`,
      met: p99 < TARGET.listP99,
      miss: `missed by ${p99 - TARGET.listP99} ms`,
    });
    for (const name of WRITES) {
      const w = run.loads.find((l) => l.name === name)!;
      const s = w.rps / floor.rps;
      out.push({
        target: `${name} ≥ ${pct(TARGET.writeShare)} of the durable-insert rate ${at}`,
        figure: pct(s),
        met: s >= TARGET.writeShare,
        miss: `missed by ${((TARGET.writeShare - s) * 100).toFixed(1)} points (${times(TARGET.writeShare / s)} too slow)`,
      });
    }
    const peak = Math.max(run.peakRssMb, ...run.loads.map((l) => l.peakRssMb ?? 0));
    out.push({
      target: `portal memory < ${TARGET.rssMb} MB ${at}`,
      figure: `${peak.toFixed(0)} MB`,
      met: peak < TARGET.rssMb,
      miss: `missed by ${(peak - TARGET.rssMb).toFixed(0)} MB`,
    });
  }
  const small = runs[0]!;
  for (const big of runs.slice(1)) {
    for (const name of GROWTH) {
      const a = small.loads.find((l) => l.name === name)!;
      const b = big.loads.find((l) => l.name === name)!;
      const slower = slowerThan(a, b);
      out.push({
        target: `${name} at ${big.opinions.toLocaleString('en')} opinions ≤ ${TARGET.growth}× slower than at ${small.opinions.toLocaleString('en')}`,
        figure: times(slower),
        // Nothing answered at either size is no evidence of growth, nor of its absence.
        met: a.rps > 0 && slower <= TARGET.growth,
        miss:
          a.rps === 0
            ? 'not measurable: nothing answered at the smaller size either'
            : `missed by ${(slower - TARGET.growth).toFixed(2)}× (${times(slower)} slower)`,
      });
    }
  }
  return out;
}

function markdown(bare: Measured, floor: Measured, runs: SizeRun[], found: Check[], started: Date): string {
  const row = (size: string, m: Measured, base: Measured, vs: string, growth = '') =>
    `| ${size} | ${m.name} | ${rate(m.rps)} | ${ms(m.p50)} | ${ms(m.p99)} | ${pct(m.rps / base.rps)} of ${vs} | ${growth} | ${m.peakRssMb === null ? '' : m.peakRssMb.toFixed(0)} | ${refusals(m).replace(/^; not accepted: /, '')} |`;
  const lines = [
    `Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC: \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`; ${opts.connections} connections, ${opts.duration} s per load after ${opts.warmup} s of warm-up; ${rectifications.toLocaleString('en')} rectifications; Node ${process.version}.`,
    '',
    '| opinions | load | req/s | p50 ms | p99 ms | vs baseline | cost at this size vs the smallest | peak RSS MB | not accepted |',
    '|---|---|---:|---:|---:|---|---|---:|---|',
    row('—', bare, bare, 'itself'),
    row('—', floor, floor, 'itself'),
  ];
  for (const run of runs) {
    for (const m of run.loads) {
      const small = runs[0]!.loads.find((l) => l.name === m.name)!;
      const growth = run === runs[0] ? '' : `${times(slowerThan(small, m))} slower`;
      lines.push(
        row(
          run.opinions.toLocaleString('en'),
          m,
          WRITES.has(m.name) ? floor : bare,
          WRITES.has(m.name) ? 'durable inserts' : 'bare route',
          growth,
        ),
      );
    }
  }
  lines.push('', '| target | figure | |', '|---|---|---|');
  for (const c of found) lines.push(`| ${c.target} | ${c.figure} | ${c.met ? 'met' : c.miss} |`);
  return lines.join('\n') + '\n';
}

// The run -------------------------------------------------------------------------------------

async function main() {
  const started = new Date();
  fs.mkdirSync(outDir, { recursive: true });
  log(
    `sizes ${sizes.join(', ')}; ${opts.connections} connections; ${opts.duration} s per load after ${opts.warmup} s warm-up`,
  );
  const bare = await bareRoute();
  log(`bare Fastify route: ${rate(bare.rps)} rps, p50 ${ms(bare.p50)} ms, p99 ${ms(bare.p99)} ms`);
  const floor = durableInserts();
  log(`durable single-row inserts: ${rate(floor.rps)} rows/s, p50 ${ms(floor.p50)} ms, p99 ${ms(floor.p99)} ms`);
  const runs: SizeRun[] = [];
  for (const n of sizes) runs.push(await campaignSize(n));

  const found = checks(bare, floor, runs);
  const md = markdown(bare, floor, runs, found, started);
  console.log(`\n${md}`);
  const misses = found.filter((c) => !c.met);
  console.log(
    misses.length === 0
      ? 'every target met'
      : `${misses.length} of ${found.length} targets missed:\n${misses.map((c) => `  - ${c.target}: ${c.figure}, ${c.miss}`).join('\n')}`,
  );
  const stamp = started.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const result = {
    started: started.toISOString(),
    argv: process.argv.slice(2),
    node: process.version,
    options: { ...opts, sizes, rectifications },
    baselines: { bare, floor },
    runs,
    targets: found,
  };
  for (const [name, text] of [
    [`results-${stamp}.json`, JSON.stringify(result, null, 2)],
    [`results-${stamp}.md`, md],
    ['latest.json', JSON.stringify(result, null, 2)],
    ['latest.md', md],
  ] as const) {
    fs.writeFileSync(path.join(outDir, name), text);
  }
  log(`written to ${path.relative(REPO_ROOT, outDir)}/latest.json and latest.md (and results-${stamp}.*)`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
