// One load: autocannon with a fixed number of connections for a fixed time, after a warm-up
// whose figures are thrown away, counting as successes only the answers the check accepts (a
// page: 200; a write: its acknowledgement), and the portal's peak memory while it ran.
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import type { Service } from './processes.js';

export interface LoadOptions {
  connections: number;
  duration: number;
  warmup: number;
}

export interface Load {
  name: string;
  method?: 'GET' | 'POST';
  /** Each request's path, headers and body: called once per request sent. */
  next: () => { path: string; headers?: Record<string, string>; body?: string };
  /** Whether an answer counts: the default is a 200. */
  ok?: (status: number, body: string, headers: Record<string, string | string[]>) => boolean;
  /** Whether the check needs the answer's body (autocannon then keeps it). */
  readsBody?: boolean;
}

export interface Measured {
  name: string;
  /** Accepted answers per second. */
  rps: number;
  /** Latency of every answer, accepted or not; null when none came back within the load. */
  p50: number | null;
  p99: number | null;
  requests: number;
  accepted: number;
  /** Answers the check refused, by status. */
  refused: Record<string, number>;
  errors: number;
  timeouts: number;
  seconds: number;
  peakRssMb: number | null;
  /** Whether the server was restarted after the load rather than left to work through its backlog. */
  restarted: boolean;
}

async function run(url: string, load: Load, connections: number, duration: number) {
  const refused: Record<string, number> = {};
  let accepted = 0;
  const request: autocannon.Request = {
    method: load.method ?? 'GET',
    setupRequest: (req) => {
      const r = load.next();
      return { ...req, path: r.path, headers: { ...req.headers, ...r.headers }, body: r.body ?? '' };
    },
    onResponse: (status, body, _context, headers) => {
      if (
        (load.ok ?? ((s: number) => s === 200))(
          status,
          load.readsBody ? String(body) : '',
          (headers ?? {}) as Record<string, string | string[]>,
        )
      )
        accepted++;
      else refused[status] = (refused[status] ?? 0) + 1;
    },
  };
  // A slow page is waited for rather than abandoned and sent again (which would only pile more
  // work onto the portal): its latency is the figure.
  const result = await autocannon({ url, connections, duration, timeout: 120, requests: [request] });
  return { result, accepted, refused };
}

/** The server under load, which can be started afresh when a load leaves it hours of queued work. */
export interface Target {
  url: string;
  current(): Service;
  /** A cheap request that waits its turn in the database queue: answered, the backlog is gone. */
  probe: string;
  restart(): Promise<void>;
}

/** A backlog that would take longer than this to drain is cut short by a restart. */
const DRAIN_MAX_MS = 5000;

/**
 * Clears what a load left queued in the server (a handler runs to its end even when its client
 * has gone), so that one load's backlog is not the next one's cost. Each connection leaves at
 * most one request, so the backlog drains in about connections ÷ the rate the load got. A slow
 * load (a page taking seconds, times the connections) would take minutes, and while one
 * synchronous SQLite query runs nothing else does, so the server is restarted instead; otherwise
 * it waits that long, and one more request says the server answers. Says whether it restarted.
 */
async function settle(target: Target, r: Awaited<ReturnType<typeof run>>, connections: number): Promise<boolean> {
  const answered = r.accepted + Object.values(r.refused).reduce((a, b) => a + b, 0);
  const drainMs = answered === 0 ? Infinity : (connections / (answered / r.result.duration)) * 1000;
  if (drainMs > DRAIN_MAX_MS) {
    await target.restart();
    return true;
  }
  await sleep(drainMs * 1.5);
  const res = await fetch(`${target.url}${target.probe}`);
  await res.arrayBuffer();
  return false;
}

export async function measure(load: Load, o: LoadOptions, target: Target): Promise<Measured> {
  if (o.warmup > 0) await settle(target, await run(target.url, load, o.connections, o.warmup), o.connections);
  const peak = target.current().sampleMemory();
  const measured = await run(target.url, load, o.connections, o.duration);
  const { result, accepted, refused } = measured;
  const peakRssMb = peak();
  const restarted = await settle(target, measured, o.connections);
  const answered = accepted + Object.values(refused).reduce((a, b) => a + b, 0);
  return {
    name: load.name,
    rps: accepted / result.duration,
    p50: answered > 0 ? result.latency.p50 : null,
    p99: answered > 0 ? result.latency.p99 : null,
    requests: result.requests.total,
    accepted,
    refused,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    peakRssMb,
    restarted,
  };
}
