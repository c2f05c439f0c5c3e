// Frozen: the life cycles of evaluation rounds and questionnaires, kept by the database as their
// state modules keep them (server/evaluations/state.ts, server/surveys/state.ts), as they were
// when written. Imports nothing from server/.
//
// Both state columns already refuse any state outside their list, by a CHECK written with the
// table (0006: evaluation_rounds.state in ('open', 'closed'), and a closed round always has its
// outcome; 0008: surveys.state in ('draft', 'published'), and a published one its time of
// publication), on SQLite and PostgreSQL alike: nothing to add there. What no CHECK can say is a
// move, since it sees only the new row: both nouns move one way only, so a trigger on each refuses
// the way back (a closed round opened again, a published questionnaire turned back into a draft),
// on both databases, like the triggers of 0006 and 0007 (a used ballot stays used).
import type { Kysely } from 'kysely';
import { dropTrigger, refuse } from './dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  await refuse(db, 'evaluation_rounds_stay_closed', {
    event: 'update of state',
    on: 'evaluation_rounds',
    when: "old.state = 'closed' and new.state <> 'closed'",
    message: 'a closed evaluation round stays closed',
  });
  await refuse(db, 'surveys_stay_published', {
    event: 'update of state',
    on: 'surveys',
    when: "old.state = 'published' and new.state <> 'published'",
    message: 'a published questionnaire stays published',
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTrigger(db, 'surveys_stay_published', 'surveys');
  await dropTrigger(db, 'evaluation_rounds_stay_closed', 'evaluation_rounds');
}
