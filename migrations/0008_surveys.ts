// Frozen: questionnaires, as they were when written. Imports nothing from server/.
// A questionnaire (`surveys`) has ordered questions of four kinds; each answer sheet
// (`survey_responses`) is online or typed in from paper, and holds one row per chosen option or
// written text (`survey_answers`). An invitation code (`survey_codes`) holds only its hash and
// whether it is used: nothing joins a code to the answers it let in. A written answer turned into
// an opinion records it (`opinion_id`, unique), so the same answer is never turned twice.
import { sql, type Kysely } from 'kysely';
import { serialKey, refuse, dropTrigger } from './dialect.js';

const inList = (column: string, values: string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('surveys')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    // The unit it concerns; none means the whole organisation.
    .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('introduction', 'text', (c) => c.notNull().defaultTo(''))
    // Calendar days in the portal's zone, both included.
    .addColumn('opens_on', 'text', (c) => c.notNull())
    .addColumn('closes_on', 'text', (c) => c.notNull())
    .addColumn('access', 'text', (c) => c.notNull().check(inList('access', ['anyone', 'codes'])))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(inList('state', ['draft', 'published'])),
    )
    .addColumn('locale', 'text', (c) => c.notNull().check(inList('locale', ['en', 'zh-CN'])))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addCheckConstraint('surveys_dates_in_order', sql`opens_on <= closes_on`)
    .addCheckConstraint('surveys_published_has_time', sql`(state = 'published') = (published_at is not null)`)
    .execute();

  await db.schema
    .createTable('survey_questions')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(inList('kind', ['single', 'multiple', 'rating', 'text'])))
    .addColumn('prompt', 'text', (c) => c.notNull())
    .addColumn('required', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`required in (0, 1)`),
    )
    // JSON array of labels: the options of a choice, the degrees of a rating (lowest first); [] for text.
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .createIndex('survey_questions_survey_idx')
    .on('survey_questions')
    .columns(['survey_id', 'position'])
    .unique()
    .execute();

  await db.schema
    .createTable('survey_codes')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('used', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`used in (0, 1)`),
    )
    .execute();
  await db.schema.createIndex('survey_codes_survey_idx').on('survey_codes').column('survey_id').execute();

  await db.schema
    .createTable('survey_responses')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id'))
    .addColumn('how', 'text', (c) => c.notNull().check(inList('how', ['online', 'paper'])))
    // Only the day: the moment would help match an answer to a person or a code.
    .addColumn('answered_on', 'text', (c) => c.notNull())
    // For paper: who typed it in, and the number on the form if it has one.
    .addColumn('entered_by', 'integer', (c) => c.references('users.id'))
    .addColumn('form_number', 'text')
    .addCheckConstraint(
      'survey_responses_online_unattributed',
      sql`how = 'paper' or (entered_by is null and form_number is null)`,
    )
    .execute();
  await db.schema.createIndex('survey_responses_survey_idx').on('survey_responses').column('survey_id').execute();

  await db.schema
    .createTable('survey_answers')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('response_id', 'integer', (c) => c.notNull().references('survey_responses.id'))
    .addColumn('question_id', 'integer', (c) => c.notNull().references('survey_questions.id'))
    // The chosen option or degree (0 = first), or the written text: exactly one of them.
    .addColumn('option_index', 'integer', (c) => c.check(sql`option_index is null or option_index >= 0`))
    .addColumn('text', 'text')
    .addColumn('opinion_id', 'integer', (c) => c.unique().references('opinions.id'))
    .addCheckConstraint('survey_answers_one_value', sql`(option_index is null) <> (text is null)`)
    .addCheckConstraint('survey_answers_opinion_from_text', sql`opinion_id is null or text is not null`)
    .execute();
  await db.schema
    .createIndex('survey_answers_question_idx')
    .on('survey_answers')
    .columns(['question_id', 'option_index'])
    .execute();
  await db.schema.createIndex('survey_answers_response_idx').on('survey_answers').column('response_id').execute();

  // Answers are what people said: never changed (but for the opinion they became) or deleted.
  await refuse(db, 'survey_answers_no_update', {
    event: 'update of response_id, question_id, option_index, text',
    on: 'survey_answers',
    message: 'answers are never changed',
  });
  await refuse(db, 'survey_answers_no_delete', {
    event: 'delete',
    on: 'survey_answers',
    message: 'answers are never deleted',
  });
  await refuse(db, 'survey_answers_opinion_once', {
    event: 'update of opinion_id',
    on: 'survey_answers',
    when: 'old.opinion_id is not null',
    message: 'an answer becomes an opinion once',
  });
  await refuse(db, 'survey_codes_stay_used', {
    event: 'update of used',
    on: 'survey_codes',
    when: 'old.used = 1',
    message: 'a used code stays used',
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTrigger(db, 'survey_codes_stay_used', 'survey_codes');
  for (const t of ['survey_answers_opinion_once', 'survey_answers_no_delete', 'survey_answers_no_update'])
    await dropTrigger(db, t, 'survey_answers');
  for (const t of ['survey_answers', 'survey_responses', 'survey_codes', 'survey_questions', 'surveys'])
    await db.schema.dropTable(t).execute();
}
