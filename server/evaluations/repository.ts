// All SQL of evaluation rounds, ballots and votes.
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../db/schema.js';
import type {
  BallotIssuesTable,
  EvaluationRoundRow,
  EvaluationRoundsTable,
  PaperTalliesTable,
  SolicitationNotesTable,
  VoteRow,
  VotesTable,
} from './tables.js';
import type { Choice } from './tally.js';
import type { RoundState } from './state.js';

type Db = Kysely<Database>;

export async function insertRound(db: Db, row: Insertable<EvaluationRoundsTable>): Promise<number> {
  const r = await db.insertInto('evaluation_rounds').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function findRound(db: Db, id: number): Promise<EvaluationRoundRow | undefined> {
  return db.selectFrom('evaluation_rounds').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertBallots(db: Db, roundId: number, codeHashes: readonly string[]): Promise<void> {
  for (let i = 0; i < codeHashes.length; i += 500) {
    await db
      .insertInto('ballots')
      .values(codeHashes.slice(i, i + 500).map((h) => ({ round_id: roundId, code_hash: h })))
      .execute();
  }
  await db
    .updateTable('evaluation_rounds')
    .set((eb) => ({ issued: eb('issued', '+', codeHashes.length) }))
    .where('id', '=', roundId)
    .execute();
}

export async function insertIssues(db: Db, rows: ReadonlyArray<Insertable<BallotIssuesTable>>): Promise<void> {
  if (rows.length > 0)
    await db
      .insertInto('ballot_issues')
      .values([...rows])
      .execute();
}

/** The round a code belongs to, and whether it is used or void; undefined for an unknown code. */
export async function findBallot(
  db: Db,
  codeHash: string,
): Promise<{ round_id: number; used: number; voided: number } | undefined> {
  return db
    .selectFrom('ballots')
    .select(['round_id', 'used', 'voided'])
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
}

/**
 * Marks a code used, only if it was unused and not void: true for exactly one caller however
 * many try at once (the condition is checked by the same statement that changes the row).
 */
export async function useBallot(db: Db, codeHash: string): Promise<boolean> {
  const r = await db
    .updateTable('ballots')
    .set({ used: 1 })
    .where('code_hash', '=', codeHash)
    .where('used', '=', 0)
    .where('voided', '=', 0)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Voids a code of the round, only if it is unused and not void yet (the same one statement
 * decides, as for using it), and counts it on the round: true when this call voided it.
 */
export async function voidBallot(db: Db, roundId: number, codeHash: string): Promise<boolean> {
  const r = await db
    .updateTable('ballots')
    .set({ voided: 1 })
    .where('code_hash', '=', codeHash)
    .where('round_id', '=', roundId)
    .where('used', '=', 0)
    .where('voided', '=', 0)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db
    .updateTable('evaluation_rounds')
    .set((eb) => ({ voided: eb('voided', '+', 1) }))
    .where('id', '=', roundId)
    .execute();
  return true;
}

export async function insertVote(db: Db, row: Insertable<VotesTable>): Promise<void> {
  await db.insertInto('votes').values(row).execute();
}

export async function votesOf(db: Db, roundId: number): Promise<VoteRow[]> {
  return db.selectFrom('votes').selectAll().where('round_id', '=', roundId).orderBy('receipt').execute();
}

export async function countVotes(db: Db, roundId: number): Promise<Array<{ choice: Choice; n: number }>> {
  const rows = await db
    .selectFrom('votes')
    .select(['choice', (eb) => eb.fn.countAll<number>().as('n')])
    .where('round_id', '=', roundId)
    .groupBy('choice')
    .execute();
  return rows.map((r) => ({ choice: r.choice, n: Number(r.n) }));
}

export async function openRoundOf(db: Db, rectificationId: number): Promise<EvaluationRoundRow | undefined> {
  return db
    .selectFrom('evaluation_rounds')
    .selectAll()
    .where('rectification_id', '=', rectificationId)
    .where('state', '=', 'open')
    .executeTakeFirst();
}

export async function paperOf(db: Db, roundId: number) {
  return db.selectFrom('paper_tallies').selectAll().where('round_id', '=', roundId).orderBy('id').execute();
}

/** Moves a round that is still in `from` (service.moveRound checks the move): false when someone else moved it first. */
export async function moveRound(
  db: Db,
  roundId: number,
  from: RoundState,
  to: RoundState,
  values: Pick<EvaluationRoundRow, 'closed_at' | 'outcome' | 'counts' | 'ballots_hash'>,
): Promise<boolean> {
  const r = await db
    .updateTable('evaluation_rounds')
    .set({ ...values, state: to })
    .where('id', '=', roundId)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Added for the round pages, the paper tallies, the notes and the public result -----------------

/** The rounds of one rectification, newest first. */
export async function roundsOf(db: Db, rectificationId: number): Promise<EvaluationRoundRow[]> {
  return db
    .selectFrom('evaluation_rounds')
    .selectAll()
    .where('rectification_id', '=', rectificationId)
    .orderBy('id', 'desc')
    .execute();
}

/** How many votes were cast electronically in a round: a number, never which choices. */
export async function countCast(db: Db, roundId: number): Promise<number> {
  const row = await db
    .selectFrom('votes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('round_id', '=', roundId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertPaperTally(db: Db, row: Insertable<PaperTalliesTable>): Promise<number> {
  const r = await db.insertInto('paper_tallies').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertSolicitationNote(db: Db, row: Insertable<SolicitationNotesTable>): Promise<number> {
  const r = await db.insertInto('solicitation_notes').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export interface SolicitationNoteListRow extends Selectable<SolicitationNotesTable> {
  writer: string | null;
}

/** A round's solicitation notes, oldest first, with the name of the staff member who wrote each. */
export async function notesOf(db: Db, roundId: number): Promise<SolicitationNoteListRow[]> {
  return db
    .selectFrom('solicitation_notes')
    .leftJoin('users', 'users.id', 'solicitation_notes.written_by')
    .selectAll('solicitation_notes')
    .select('users.name as writer')
    .where('solicitation_notes.round_id', '=', roundId)
    .orderBy('solicitation_notes.id')
    .execute();
}

/** Open rounds whose closing time is at or before `nowIso`. */
export async function roundsDueToClose(db: Db, nowIso: string): Promise<number[]> {
  return (
    await db
      .selectFrom('evaluation_rounds')
      .select('id')
      .where('state', '=', 'open')
      .where('closes_at', '<=', nowIso)
      .orderBy('id')
      .execute()
  ).map((r) => r.id);
}

/**
 * Who is told a round's result: the members of the register given a code for it (whatever way),
 * with an address, and the responsible unit's contacts. Each address once.
 */
export async function resultRecipients(
  db: Db,
  roundId: number,
  rectificationId: number,
): Promise<Array<{ email: string; locale: string }>> {
  const members = await db
    .selectFrom('ballot_issues')
    .innerJoin('people', 'people.id', 'ballot_issues.person_id')
    .select(['people.email as email', 'people.locale as locale'])
    .where('ballot_issues.round_id', '=', roundId)
    .where('people.email', 'is not', null)
    .execute();
  const contacts = await db
    .selectFrom('unit_contacts')
    .innerJoin('rectifications', 'rectifications.unit_id', 'unit_contacts.unit_id')
    .select(['unit_contacts.email as email', 'unit_contacts.locale as locale'])
    .where('rectifications.id', '=', rectificationId)
    .execute();
  const seen = new Map<string, string>();
  for (const r of [...members, ...contacts])
    if (r.email && !seen.has(r.email.toLowerCase())) seen.set(r.email.toLowerCase(), r.locale);
  return [...seen].map(([email, locale]) => ({ email, locale }));
}

export async function rectificationTitle(db: Db, rectificationId: number): Promise<string> {
  const r = await db
    .selectFrom('rectifications')
    .innerJoin('problems', 'problems.id', 'rectifications.problem_id')
    .select('problems.title')
    .where('rectifications.id', '=', rectificationId)
    .executeTakeFirst();
  return r?.title ?? '';
}

/** Members of the register a code can be emailed to: on the register, within their term on `today`, with an address. */
export async function invitablePeople(
  db: Db,
  today: string,
  ids?: readonly number[],
): Promise<Array<{ id: number; name: string; affiliation: string; email: string; locale: string }>> {
  let q = db
    .selectFrom('people')
    .select(['id', 'name', 'affiliation', 'email', 'locale'])
    .where('active', '=', 1)
    .where('email', 'is not', null)
    .where((eb) => eb.or([eb('term_starts_on', 'is', null), eb('term_starts_on', '<=', today)]))
    .where((eb) => eb.or([eb('term_ends_on', 'is', null), eb('term_ends_on', '>=', today)]));
  if (ids) {
    if (ids.length === 0) return [];
    q = q.where('id', 'in', [...ids]);
  }
  const rows = await q.orderBy('affiliation').orderBy('name').execute();
  return rows.map((r) => ({ ...r, email: r.email! }));
}

/** Who of the register was given a code for this round (whatever way), so they are not invited twice. */
export async function invitedTo(db: Db, roundId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('ballot_issues')
    .select('person_id')
    .where('round_id', '=', roundId)
    .where('person_id', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.person_id!));
}

export interface RoundListRow extends EvaluationRoundRow {
  problem_title: string;
  unit_name: string;
}

/** Every round, the open ones first, then the newest: the coordinators' overview. */
export async function listRounds(db: Db, limit: number): Promise<RoundListRow[]> {
  return db
    .selectFrom('evaluation_rounds')
    .innerJoin('rectifications', 'rectifications.id', 'evaluation_rounds.rectification_id')
    .innerJoin('problems', 'problems.id', 'rectifications.problem_id')
    .innerJoin('units', 'units.id', 'rectifications.unit_id')
    .selectAll('evaluation_rounds')
    .select(['problems.title as problem_title', 'units.name as unit_name'])
    .orderBy(sql`case when evaluation_rounds.state = 'open' then 0 else 1 end`)
    .orderBy('evaluation_rounds.id', 'desc')
    .limit(limit)
    .execute();
}

/** Rectifications waiting for a round: reported done, or under review with no round open (the last lacked its quorum). */
export async function awaitingRound(
  db: Db,
): Promise<Array<{ id: number; state: string; round: number; problem_title: string; unit_name: string }>> {
  return db
    .selectFrom('rectifications')
    .innerJoin('problems', 'problems.id', 'rectifications.problem_id')
    .innerJoin('units', 'units.id', 'rectifications.unit_id')
    .select([
      'rectifications.id as id',
      'rectifications.state as state',
      'rectifications.round as round',
      'problems.title as problem_title',
      'units.name as unit_name',
    ])
    .where((eb) =>
      eb.or([
        eb('rectifications.state', '=', 'reported_done'),
        eb.and([
          eb('rectifications.state', '=', 'under_review'),
          eb.not(
            eb.exists(
              eb
                .selectFrom('evaluation_rounds')
                .select('evaluation_rounds.id')
                .whereRef('evaluation_rounds.rectification_id', '=', 'rectifications.id')
                .where('evaluation_rounds.state', '=', 'open'),
            ),
          ),
        ]),
      ]),
    )
    .orderBy('rectifications.updated_at')
    .orderBy('rectifications.id')
    .execute();
}
