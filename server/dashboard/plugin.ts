// At start: the weekly tallies count weeks in the portal's zone (recounted once if it changed).
import fp from 'fastify-plugin';
import { ensureWeekZone } from './service.js';

export default fp(
  async (app) => {
    if (await ensureWeekZone(app.db, app.config.timeZone, app.clock.now()))
      app.log.info({ timeZone: app.config.timeZone }, 'dashboard tallies counted for the time zone');
  },
  { name: 'dashboard-tallies' },
);
