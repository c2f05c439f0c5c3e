// The processes the benchmark measures: the real portal (server/server.ts through tsx, as
// `npm start` runs it) and the bare Fastify route, each its own process on a port of its own,
// started with only the environment they are meant to read, and their memory read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** A port nobody listens on now (the kernel's pick, given back at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export class Service {
  private exited: Promise<void>;
  private stderr = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    child.stdout!.resume();
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Starts `node --import tsx <script>` (on `port`, or one free now) and waits until `probe` answers 200. */
  static async start(script: string, env: Record<string, string>, probe: string, port?: number): Promise<Service> {
    port ??= await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: REPO_ROOT,
      // Not the bench's own environment: npm and vitest set variables (BASE_URL=/ among them) the portal would read.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        HOST: '127.0.0.1',
        ...env,
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new Service(child, `http://127.0.0.1:${port}`);
    let gone = false;
    void service.exited.then(() => (gone = true));
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (gone) throw new Error(`${script} exited before answering: ${service.stderr}`);
      try {
        const res = await fetch(`${service.url}${probe}`, { redirect: 'manual' });
        await res.arrayBuffer();
        if (res.status === 200) return service;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await service.stop();
        throw new Error(`${script} did not answer within 120 s: ${service.stderr}`);
      }
      await sleep(100);
    }
  }

  /** Resident memory now, and its peak since the process started (kB from /proc, as MB). */
  memory(): { rssMb: number; peakMb: number } {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  }

  /** Samples resident memory every 100 ms until the returned function is called, which gives the peak seen. */
  sampleMemory(): () => number {
    let peak = this.memory().rssMb;
    const timer = setInterval(() => {
      try {
        peak = Math.max(peak, this.memory().rssMb);
      } catch {
        // the process is gone; its failure shows in the load's errors
      }
    }, 100);
    return () => {
      clearInterval(timer);
      return peak;
    };
  }

  /** SIGTERM, and SIGKILL after `graceMs` (a portal closing waits for every request still queued). */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const killed = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(killed);
  }
}
