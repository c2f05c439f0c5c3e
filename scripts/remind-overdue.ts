// npm run remind — sends today's overdue reminders once and says how many went out; for cron
// (e.g. hourly) when the portal's own job is off (JOBS_IN_PROCESS=false). Safe to run
// beside the portal or twice: each reminder is claimed once a day in the database.
// Exit code 0, or 1 when some reminder reached nobody (it will be tried again on the next run).
import fs from 'node:fs';
import { systemClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import { createDb } from '../server/db/database.js';
import { createMailer } from '../server/plugins/mail.js';
import { remindOverdue } from '../server/reminders/service.js';
import { loadSigningKey } from '../server/audit/checkpoint.js';
import { checkpointOfToday } from '../server/audit/service.js';

if (fs.existsSync('.env')) process.loadEnvFile('.env');
const config = loadConfig();
const db = createDb(config.databaseUrl);
try {
  const run = await remindOverdue(
    {
      db,
      mailer: createMailer(config),
      baseUrl: config.baseUrl,
      timeZone: config.timeZone,
      log: { warn: (message, detail) => console.error(message, JSON.stringify(detail)) },
    },
    systemClock.now(),
  );
  console.log(
    `overdue reminders for ${run.day}: ${run.sent} sent (${run.messages} messages), ${run.noContacts} without a contact address, ${run.failed} not delivered, ${run.skipped} skipped`,
  );
  if (run.failed > 0) process.exitCode = 1;
  // The audit chain's checkpoint of the day, which the portal's own jobs make when they run.
  const key = loadSigningKey(config, { create: false });
  if (key) await checkpointOfToday(db, key, systemClock.now(), config.timeZone);
} finally {
  await db.destroy();
}
