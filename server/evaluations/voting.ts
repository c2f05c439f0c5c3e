// Casting a vote: the code is marked used and the vote stored, without the code, the voter or a
// precise time, in one transaction; a second use of the code is refused. The voter gets a receipt
// that appears, with its choice, in the list published when the round closes.
import type { Clock } from '../clock.js';
import type { DB } from '../db/database.js';
import { localDay } from '../i18n/format.js';
import { hashBallotCode, newReceipt, readBallotCode } from './ballots.js';
import * as repo from './repository.js';
import type { Choice } from './tally.js';
import { writeTransaction } from '../db/transaction.js';
import { conflict, ok, type Conflict, type Ok } from '../shared/result.js';

/** Why a code cannot vote: the voting page words each one. */
export type BallotRefusal = 'malformed' | 'unknown' | 'used' | 'void' | 'not_open' | 'closed';
export type CastResult = Ok<{ receipt: string }> | Conflict<BallotRefusal>;

/** Whether the round takes votes at this moment: open, and between its opening and closing times. */
function roundTakesVotes(
  round: { state: string; opens_at: string; closes_at: string },
  now: Date,
): 'yes' | 'not_open' | 'closed' {
  if (round.state !== 'open' || now.toISOString() >= round.closes_at) return 'closed';
  if (now.toISOString() < round.opens_at) return 'not_open';
  return 'yes';
}

/** What a code can do now, without using it (the voting page shows the rectification first). */
export async function checkCode(
  db: DB,
  clock: Clock,
  input: unknown,
): Promise<Ok<{ roundId: number }> | Conflict<BallotRefusal>> {
  const code = readBallotCode(input);
  if (!code) return conflict('malformed');
  const ballot = await repo.findBallot(db, hashBallotCode(code));
  if (!ballot) return conflict('unknown');
  if (ballot.used) return conflict('used');
  // A slip spoiled or handed back, voided by a coordinator: it was never going to count.
  if (ballot.voided) return conflict('void');
  const round = await repo.findRound(db, ballot.round_id);
  const open = round ? roundTakesVotes(round, clock.now()) : 'closed';
  if (open !== 'yes') return conflict(open);
  return ok({ roundId: ballot.round_id });
}

export async function castVote(
  db: DB,
  clock: Clock,
  timeZone: string,
  input: { code: unknown; choice: Choice; comment: string | null },
): Promise<CastResult> {
  const code = readBallotCode(input.code);
  if (!code) return conflict('malformed');
  const hash = hashBallotCode(code);
  return writeTransaction(db, async (trx) => {
    const ballot = await repo.findBallot(trx, hash);
    if (!ballot) return conflict('unknown');
    if (ballot.voided) return conflict('void');
    const round = await repo.findRound(trx, ballot.round_id);
    const now = clock.now();
    const open = round ? roundTakesVotes(round, now) : 'closed';
    if (open !== 'yes') return conflict(open);
    // The one statement that decides: it changes the row only if the code is still unused.
    if (!(await repo.useBallot(trx, hash)))
      return conflict((await repo.findBallot(trx, hash))?.voided ? 'void' : 'used');
    const receipt = newReceipt();
    await repo.insertVote(trx, {
      receipt,
      round_id: ballot.round_id,
      choice: input.choice,
      comment: input.comment,
      cast_on: localDay(now, timeZone),
    });
    return ok({ receipt });
  });
}
