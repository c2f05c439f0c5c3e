// After a round closes: the result goes by email to the panel (the members given a code by the
// register, with an address) and to the responsible unit's contacts, each in their language. And
// the job that closes rounds at their closing time, so a result never waits for a coordinator.
import * as audit from '../audit/service.js';
import type { DB } from '../db/database.js';
import type { Mailer } from '../shared/mailer.js';
import { rateTenths, type Tally } from './tally.js';
import * as repo from './repository.js';
import { closeRound } from './service.js';
import { writeTransaction } from '../db/transaction.js';

export interface ClosingDeps {
  db: DB;
  mailer: Mailer;
  baseUrl: string;
  timeZone: string;
  log?: { warn(message: string, detail: Record<string, unknown>): void };
}

/** Emails the result of a closed round; returns how many messages went and how many failed. One audit entry with the counts. */
export async function sendResult(
  deps: ClosingDeps,
  now: Date,
  roundId: number,
  result: Tally,
): Promise<{ sent: number; failed: number }> {
  const round = await repo.findRound(deps.db, roundId);
  if (!round) return { sent: 0, failed: 0 };
  const recipients = await repo.resultRecipients(deps.db, roundId, round.rectification_id);
  const title = await repo.rectificationTitle(deps.db, round.rectification_id);
  const rate = rateTenths(result);
  let sent = 0;
  let failed = 0;
  for (const r of recipients) {
    try {
      await deps.mailer.send({
        to: r.email,
        locale: r.locale === 'en' ? 'en' : 'zh-CN',
        template: 'evaluations/result',
        data: {
          title,
          outcome: result.outcome,
          rate: rate === null ? null : (rate / 10).toFixed(1),
          threshold: round.threshold,
          cast: result.cast,
          counts: result.counts,
          resultsUrl: `${deps.baseUrl}/rounds/${roundId}/results`,
        },
      });
      sent++;
    } catch (err) {
      failed++;
      deps.log?.warn('a result email could not be sent', { roundId, err: String(err) });
    }
  }
  await writeTransaction(deps.db, (trx) =>
    audit.record(trx, audit.SYSTEM_ACTOR, now, {
      action: 'evaluation.result_sent',
      entityType: 'evaluation_round',
      entityId: roundId,
      data: { sent, failed },
    }),
  );
  return { sent, failed };
}

/** Closes every open round whose closing time has passed, and sends each result. Safe beside a coordinator closing by hand. */
export async function closeDueRounds(deps: ClosingDeps, now: Date): Promise<number> {
  let closed = 0;
  for (const id of await repo.roundsDueToClose(deps.db, now.toISOString())) {
    const result = await closeRound(deps.db, audit.SYSTEM_ACTOR, now, id, deps.timeZone);
    // Someone closed it a moment ago: their close sent the result.
    if (!result.ok) continue;
    closed++;
    await sendResult(deps, now, id, result.value);
  }
  return closed;
}
