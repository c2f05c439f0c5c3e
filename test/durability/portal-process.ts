// The real portal as a separate process (server/server.ts through tsx, as `npm start` runs it),
// started on a given database and killed or stopped from outside, and a small HTTP client for it
// that keeps each visitor's cookies like a browser.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export class PortalProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private ready: Promise<string> | null = null;
  /** How many times the process was started. */
  starts = 0;

  constructor(private readonly env: Record<string, string>) {}

  /** Starts the portal; resolves with its address once it listens. */
  start(): Promise<string> {
    if (this.child) throw new Error('already running');
    this.starts++;
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
      cwd: REPO_ROOT,
      // Only what the portal is meant to read: not the test runner's own environment.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.ready = new Promise((resolve, reject) => {
      const lines = readline.createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code, signal) =>
        reject(new Error(`the portal exited before listening (${code ?? signal}): ${stderr}`)),
      );
    });
    return this.ready;
  }

  /** The address of the running portal, once it listens. */
  up(): Promise<string> {
    if (!this.ready) throw new Error('not started');
    return this.ready;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** SIGKILL: no chance to close anything. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM: the portal's own clean shutdown. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(s: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    // Held, not thrown: a portal killed before it listened rejects its start.
    this.ready?.catch(() => undefined);
    child.kill(s);
    await this.exited;
    this.child = null;
  }
}

/** One visitor: its own cookies and its own address (the portal trusts X-Forwarded-For here). */
export class Visitor {
  private cookies = new Map<string, string>();

  constructor(readonly address: string) {}

  async fetch(
    base: string,
    pathAndQuery: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { 'X-Forwarded-For': this.address };
    if (this.cookies.size > 0) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(`${base}${pathAndQuery}`, {
      method: init.method ?? 'GET',
      headers,
      body,
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      if (at > 0) this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
    return res;
  }
}
