import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDay } from '../../server/i18n/format.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit } from '../helpers/factories.js';
import { readOutbox } from '../helpers/mail.js';
import { auditEntries, coordinator, promised } from './support.js';

const run = promisify(execFile);
const DAY = 24 * 3600_000;

describe('npm run remind, for cron', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it(
    "sends the day's reminders from the database file, says how many, and never twice, even two at once",
    { timeout: 60_000 },
    async () => {
      // The command runs on the real clock, so the promise is dated in the real past.
      const now = Date.now();
      t.clock.set(new Date(now - 10 * DAY));
      const actor = await coordinator(t);
      const campaignId = await createCampaign(t.app.db, { startsOn: '2000-01-01', endsOn: '2999-12-31' });
      const unitId = await createUnit(t.app.db, {
        name: 'Transport Office',
        contacts: ['office@transport.example.org'],
      });
      const deadline = localDay(new Date(now - 3 * DAY), t.config.timeZone);
      const { id } = await promised(t, actor, {
        campaignId,
        unitId,
        measures: [{ description: 'Fix the timetable', deadline }],
      });

      // Only what the command needs: the test runner's own variables are not a portal's.
      const env = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'test',
        DATABASE_URL: t.config.databaseUrl,
        DATA_DIR: t.dataDir,
        BASE_URL: 'http://portal.test',
      };
      const tsx = path.resolve('node_modules/.bin/tsx');
      const command = () => run(tsx, ['scripts/remind-overdue.ts'], { env });

      // Two at once (two cron jobs, or cron and a second server): one sends, the other finds it claimed.
      const both = await Promise.all([command(), command()]);
      const sent = both.map((r) => Number(/: (\d+) sent \((\d+) messages\)/.exec(r.stdout)?.[1]));
      expect(sent.sort()).toEqual([0, 1]);
      expect(both.find((r) => r.stdout.includes(': 1 sent'))!.stdout).toMatch(
        /overdue reminders for \d{4}-\d{2}-\d{2}: 1 sent \(1 messages\), 0 without a contact address, 0 not delivered/,
      );

      const again = await command();
      expect(again.stdout).toMatch(/: 0 sent \(0 messages\)/);

      const mail = await readOutbox(t.dataDir);
      expect(mail.map((m) => m.to)).toEqual(['office@transport.example.org']);
      expect(mail[0]!.text).toContain(`http://portal.test/staff/rectifications/${id}`);
      expect(await auditEntries(t, 'rectification.reminder_sent')).toMatchObject([
        { entityId: id, actor: 'system', data: { day: localDay(new Date(), t.config.timeZone) } },
      ]);
    },
  );
});
