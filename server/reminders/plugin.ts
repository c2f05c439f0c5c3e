// The reminder job inside the portal: a pass once the app is ready and then every 15 minutes,
// so each day's reminders go out soon after midnight (portal time) and a restart catches up.
// JOBS_IN_PROCESS=false turns it off, e.g. when cron runs `npm run remind` instead; running
// both is safe too (each reminder is claimed once a day).
import fp from 'fastify-plugin';
import { scheduleJob } from '../plugins/jobs.js';
import { remindOverdue, type ReminderDeps, type ReminderRun } from './service.js';

export const REMINDER_INTERVAL_MS = 15 * 60_000;

export default fp(
  async (app) => {
    const deps: ReminderDeps = {
      db: app.db,
      mailer: app.mailer,
      baseUrl: app.config.baseUrl,
      timeZone: app.config.timeZone,
      log: { warn: (message, detail) => app.log.warn(detail, message) },
    };
    scheduleJob(app, {
      name: 'reminders',
      intervalMs: REMINDER_INTERVAL_MS,
      run: (now) => remindOverdue(deps, now),
      report: (run) => (run as ReminderRun).due > 0,
    });
  },
  { name: 'reminders', dependencies: ['mail'] },
);
