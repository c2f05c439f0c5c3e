// Closes evaluation rounds at their closing time (checked every minute) and sends each result.
import fp from 'fastify-plugin';
import { scheduleJob } from '../plugins/jobs.js';
import { closeDueRounds, type ClosingDeps } from './closing.js';

export const CLOSING_INTERVAL_MS = 60_000;

export default fp(
  async (app) => {
    const deps: ClosingDeps = {
      db: app.db,
      mailer: app.mailer,
      baseUrl: app.config.baseUrl,
      timeZone: app.config.timeZone,
      log: { warn: (m, d) => app.log.warn(d, m) },
    };
    scheduleJob(app, {
      name: 'closing rounds',
      intervalMs: CLOSING_INTERVAL_MS,
      run: (now) => closeDueRounds(deps, now),
      report: (n) => (n as number) > 0,
    });
  },
  { name: 'closing-rounds', dependencies: ['mail'] },
);
