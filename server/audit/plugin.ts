// The daily checkpoint of the audit chain (audit/checkpoint.ts): a pass once the app is ready and
// then every hour, so each day (portal time) has its checkpoint soon after midnight even when no
// one reads the feed. The feed and the open data make the day's checkpoint too when they are read
// first, so it is published daily with the jobs off as well.
import fp from 'fastify-plugin';
import { scheduleJob } from '../plugins/jobs.js';
import { checkpointOfToday } from './service.js';

export const CHECKPOINT_INTERVAL_MS = 60 * 60_000;

export default fp(
  async (app) => {
    scheduleJob(app, {
      name: 'audit-checkpoint',
      intervalMs: CHECKPOINT_INTERVAL_MS,
      run: (now) => checkpointOfToday(app.db, app.auditKey, now, app.config.timeZone),
    });
  },
  { name: 'audit-checkpoint' },
);
