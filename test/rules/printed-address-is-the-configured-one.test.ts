// What `npm run demo` (and the set-up message at start) print is the portal's configured address:
// BASE_URL, else where it listens (HOST and PORT), never a fixed localhost:3000.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultBaseUrl, loadConfig } from '../../server/config.js';
import { formatReport } from '../../server/demo/report.js';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the demo prints the configured address', () => {
  it('the address comes from BASE_URL, else HOST and PORT', () => {
    expect(loadConfig({ BASE_URL: 'https://portal.example.org/' }).baseUrl).toBe('https://portal.example.org');
    expect(loadConfig({ HOST: '192.0.2.10', PORT: '8080' }).baseUrl).toBe('http://192.0.2.10:8080');
    expect(loadConfig({ HOST: 'portal.lan', PORT: '80' }).baseUrl).toBe('http://portal.lan:80');
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).baseUrl).toBe('http://localhost:8080');
    expect(loadConfig({}).baseUrl).toBe('http://localhost:3000');
    expect(defaultBaseUrl('2001:db8::5', 8080)).toBe('http://[2001:db8::5]:8080');
  });

  it('the report names only that address', () => {
    const baseUrl = loadConfig({ HOST: '192.0.2.10', PORT: '8080' }).baseUrl;
    const report = formatReport(
      {
        accounts: [],
        trackingCodes: [],
        openRoundId: 1,
        ballotCodes: [],
        surveyId: 2,
        surveyCodes: [],
        now: new Date(),
        summary: {
          units: 0,
          accounts: 0,
          opinions: 0,
          opinionsByChannel: {},
          opinionsByState: {},
          opinionsByLocale: {},
          problems: 0,
          problemLevels: {},
          rectificationsByState: {},
          rectificationStatesReached: [],
          roundsByOutcome: {},
          votes: 0,
          paperTallies: 0,
          lookingBack: [],
          auditEntries: 0,
          auditIntact: true,
          surveys: 0,
          surveyAnswers: {},
        },
      } as unknown as Parameters<typeof formatReport>[0],
      { baseUrl, seconds: 1, seed: 1 },
    );
    expect(report).toContain('http://192.0.2.10:8080/login');
    expect(report).not.toContain('localhost');
  });

  it('no code but config.ts writes an address of its own', () => {
    const fixed = [...sources('server'), ...sources('scripts')]
      .filter((f) => f !== path.join('server', 'config.ts'))
      .filter((f) => /localhost|127\.0\.0\.1:\d|:3000\b/.test(fs.readFileSync(f, 'utf8')));
    expect(fixed).toEqual([]);
  });
});
