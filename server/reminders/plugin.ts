// The reminder job inside the portal: once the app is ready, a pass at once and then one every
// 15 minutes, so each day's reminders go out soon after midnight (portal time) and a restart
// catches up. The timer is unref'd (it never keeps the process alive) and stops before the app
// closes, waiting for a pass under way so the database is not closed beneath it.
// REMINDERS_IN_PROCESS=false turns it off, e.g. when cron runs `npm run remind` instead; running
// both is safe too (each reminder is claimed once a day).
import fp from 'fastify-plugin';
import { remindOverdue, type ReminderDeps } from './service.js';

export const REMINDER_INTERVAL_MS = 15 * 60_000;

export default fp(
  async (app) => {
    if (!app.config.remindersInProcess) return;
    const deps: ReminderDeps = {
      db: app.db,
      mailer: app.mailer,
      baseUrl: app.config.baseUrl,
      timeZone: app.config.timeZone,
      log: { warn: (message, detail) => app.log.warn(detail, message) },
    };
    let timer: NodeJS.Timeout | undefined;
    let pass: Promise<void> | null = null;

    const tick = () => {
      if (pass) return; // the previous pass is still sending
      pass = remindOverdue(deps, app.clock.now())
        .then((run) => {
          if (run.due > 0) app.log.info({ reminders: run }, 'overdue reminders');
        })
        .catch((err: unknown) => app.log.error({ err }, 'overdue reminder pass failed'))
        .finally(() => {
          pass = null;
        });
    };

    app.addHook('onReady', async () => {
      tick();
      timer = setInterval(tick, REMINDER_INTERVAL_MS).unref();
    });
    app.addHook('preClose', async () => {
      clearInterval(timer);
      await pass;
    });
  },
  { name: 'reminders', dependencies: ['mail'] },
);
