// One rule for every share a person reads: tenths of a percent, rounded to the nearest (a half
// up), in integers (shared/percent.ts). Checked against exact arithmetic for every fraction up to
// a denominator of 400, and no other file of the portal may compute a share of its own.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rateTenths, tally } from '../../server/evaluations/tally.js';
import { tenthsOf } from '../../server/shared/percent.js';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.(ts|eta)$/.test(e.name) ? [p] : [];
  });
}

describe('displayed shares', () => {
  it('round to the nearest tenth of a percent, a half up', () => {
    expect(tenthsOf(5, 61)).toBe(82); // 8.197%: 8.2%, not 8.1%
    expect(tenthsOf(1, 6)).toBe(167);
    expect(tenthsOf(2, 3)).toBe(667);
    expect(tenthsOf(1, 16)).toBe(63); // 6.25%: a half, up
    expect(tenthsOf(1, 3)).toBe(333);
    expect(tenthsOf(0, 7)).toBe(0);
    expect(tenthsOf(7, 7)).toBe(1000);
    expect(tenthsOf(0, 0)).toBeNull();
  });

  it('agree with exact arithmetic for every fraction up to 400ths', () => {
    for (let d = 1; d <= 400; d++)
      for (let n = 0; n <= d; n++) {
        const r = tenthsOf(n, d)!;
        // r - 1/2 <= 1000 n / d < r + 1/2, in integers.
        expect((2 * r - 1) * d <= 2000 * n && 2000 * n < (2 * r + 1) * d, `${n}/${d} -> ${r}`).toBe(true);
      }
  });

  it('are the same rule for a round’s rate, which still decides nothing', () => {
    const t = tally(
      { satisfied: 5, basically_satisfied: 0, dissatisfied: 56, unable_to_judge: 0 },
      { threshold: 80, quorumNumerator: 0, quorumDenominator: 1, issued: 61 },
    );
    expect(rateTenths(t)).toBe(82);
    expect(t.outcome).toBe('REDO');
  });

  it('are computed nowhere else in the portal', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const offenders: string[] = [];
    for (const file of [...sources(path.join(root, 'server')), ...sources(path.join(root, 'views'))]) {
      const rel = path.relative(root, file);
      if (rel === path.join('server', 'shared', 'percent.ts')) continue;
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          // A share is a count times 100 (or 1000) over another; the pass rule compares such products and divides nothing.
          if (
            /(\b100|\b1000)\s*\*|\*\s*(100|1000)\b/.test(line) &&
            !/100 \* favourable >= rules\.threshold \* valid/.test(line)
          )
            offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
