// A store for @fastify/rate-limit that keeps its counts in the database, used on PostgreSQL so
// that every portal process sharing the database counts a client's requests together. It keeps
// the plugin's fixed-window meaning: `max` requests per window, counted from the first.
import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { countHit, forgetEnded } from '../limits/repository.js';

/** Ended windows are swept now and then, by whichever process happens to count. */
const SWEEP_EVERY = 1000;

// What the plugin passes to child(): its merged options, with the route they are for.
type ChildOptions = { routeInfo?: { method?: string | string[]; url?: string }; max?: unknown; timeWindow?: unknown };

export function databaseStore(db: Kysely<Database>): FastifyRateLimitStoreCtor {
  let hits = 0;
  class DatabaseStore implements FastifyRateLimitStore {
    constructor(
      _options: FastifyRateLimitOptions,
      private readonly name = '',
    ) {}

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      const now = Date.now();
      countHit(db, `${this.name}|${key}`, now, timeWindow)
        .then(async (row) => {
          if (++hits % SWEEP_EVERY === 0) await forgetEnded(db, now);
          callback(null, { current: row.count, ttl: Math.max(0, row.window_ends - now) });
        })
        .catch((err: Error) => callback(err));
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // Each route (or named limiter) counts on its own, as the plugin's memory store does.
      const o = routeOptions as ChildOptions;
      const r = o.routeInfo ?? {};
      const method = Array.isArray(r.method) ? r.method.join(',') : (r.method ?? '');
      return new DatabaseStore(
        routeOptions as FastifyRateLimitOptions,
        `${method} ${r.url ?? ''} ${String(o.max)}/${String(o.timeWindow)}`,
      );
    }
  }
  return DatabaseStore;
}
