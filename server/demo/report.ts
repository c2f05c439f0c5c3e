// What `npm run demo` prints once at the end: the accounts with their passwords, codes to try as
// the public, and the figures of what was loaded. Passwords and codes exist nowhere else.
import type { DemoResult } from './load.js';

const BALLOTS_SHOWN = 5;
const CODES_SHOWN = 3;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c + ' '.repeat(widths[i]! - [...c].length))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatReport(result: DemoResult, o: { baseUrl: string; seconds: number; seed: number }): string {
  const s = result.summary;
  const lines: string[] = [];
  lines.push(`Demo campaign loaded in ${o.seconds.toFixed(1)} s (seed ${o.seed}).`, '');
  lines.push('Staff accounts (sign in at ' + `${o.baseUrl}/login` + '). The passwords are shown only now:', '');
  lines.push(
    table([
      ['ROLE', 'LOGIN', 'PASSWORD', 'TRY'],
      ...result.accounts.map((a) => [a.role, a.login, a.password, a.tryThis]),
    ]),
  );
  lines.push('', `As the public, track an opinion at ${o.baseUrl}/track with one of these codes:`, '');
  for (const t of result.trackingCodes) lines.push(`  ${t.code}  ${t.what}`);
  lines.push(
    '',
    `Vote in the open round (#${result.openRoundId}) at ${o.baseUrl}/vote with an unused ballot code (each works once):`,
    '',
  );
  for (const c of result.ballotCodes.slice(0, BALLOTS_SHOWN)) lines.push(`  ${c}`);
  lines.push(
    '',
    `Answer the open questionnaire at ${o.baseUrl}/questionnaires/${result.surveyId} with an unused invitation code (each works once):`,
    '',
  );
  for (const c of result.surveyCodes.slice(0, CODES_SHOWN)) lines.push(`  ${c}`);
  lines.push(
    '',
    `Public commitments: ${o.baseUrl}/notices   problems: ${o.baseUrl}/problems   open data: ${o.baseUrl}/open-data`,
    '',
  );
  lines.push('What was loaded:');
  lines.push(`  ${s.units} units, ${s.accounts} staff accounts`);
  lines.push(
    `  ${s.opinions} opinions: ${Object.entries(s.opinionsByChannel)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  lines.push(
    `    by state: ${Object.entries(s.opinionsByState)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}; by language: ${Object.entries(s.opinionsByLocale)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  lines.push(
    `  ${s.problems} problems: ${Object.entries(s.problemLevels)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  lines.push(
    `  rectifications now: ${Object.entries(s.rectificationsByState)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  lines.push(`    states reached on their timelines: ${s.rectificationStatesReached.join(', ')}`);
  lines.push(
    `  evaluation rounds: ${Object.entries(s.roundsByOutcome)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}; ${s.votes} votes cast online, ${s.paperTallies} paper tallies`,
  );
  lines.push(
    `  looking-back checks: ${s.lookingBack.map((c) => `due ${c.due_on} ${c.finding ?? 'to do'}`).join('; ')}`,
  );
  lines.push(`  audit log: ${s.auditEntries} entries, chain ${s.auditIntact ? 'intact' : 'BROKEN'}`);
  lines.push(
    `  questionnaires: ${s.surveys}, answer sheets: ${Object.entries(s.surveyAnswers)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  return lines.join('\n');
}
