// The portal's scheduled jobs (overdue reminders, closing evaluation rounds): each runs once the
// app is ready and then on its interval, never two passes of the same job at once. Timers are
// unref'd (they never keep the process alive) and stop before the app closes, waiting for a pass
// under way so the database is not closed beneath it. JOBS_IN_PROCESS=false turns them all off.
import type { FastifyInstance } from 'fastify';

export interface Job {
  name: string;
  intervalMs: number;
  /** One pass; what it returns is logged when `report` says there is something to say. */
  run(now: Date): Promise<unknown>;
  report?(result: unknown): boolean;
}

export function scheduleJob(app: FastifyInstance, job: Job): void {
  if (!app.config.jobsInProcess) return;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | null = null;
  const tick = () => {
    if (pass) return;
    pass = job
      .run(app.clock.now())
      .then((result) => {
        if (job.report?.(result)) app.log.info({ [job.name]: result }, job.name);
      })
      .catch((err: unknown) => app.log.error({ err }, `${job.name} pass failed`))
      .finally(() => {
        pass = null;
      });
  };
  app.addHook('onReady', async () => {
    tick();
    timer = setInterval(tick, job.intervalMs).unref();
  });
  app.addHook('preClose', async () => {
    clearInterval(timer);
    await pass;
  });
}
