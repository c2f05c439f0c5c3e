// All SQL of questionnaires, their questions, invitation codes and answers.
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SurveyQuestionRow, SurveyQuestionsTable, SurveyRow, SurveysTable, AnswerHow } from './tables.js';
import type { SurveyState } from './state.js';

type Db = Kysely<Database>;

export async function insertSurvey(db: Db, row: Insertable<SurveysTable>): Promise<number> {
  return (await db.insertInto('surveys').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findSurvey(db: Db, id: number): Promise<SurveyRow | undefined> {
  return db.selectFrom('surveys').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateSurvey(db: Db, id: number, changes: Updateable<SurveysTable>): Promise<void> {
  await db.updateTable('surveys').set(changes).where('id', '=', id).execute();
}

/** Moves a questionnaire still in `from` (service.moveSurvey checks the move; published stamps published_at): false when it was not in `from` any more. */
export async function moveSurvey(db: Db, id: number, from: SurveyState, to: SurveyState, at: string): Promise<boolean> {
  const r = await db
    .updateTable('surveys')
    .set({ state: to, published_at: to === 'published' ? at : null, updated_at: at })
    .where('id', '=', id)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface SurveyListRow extends SurveyRow {
  unit_name: string | null;
  campaign_name: string;
  responses: number;
}

/** Every questionnaire, newest first, with its unit, campaign and number of answer sheets. */
export async function listSurveys(db: Db): Promise<SurveyListRow[]> {
  const rows = await db
    .selectFrom('surveys')
    .innerJoin('campaigns', 'campaigns.id', 'surveys.campaign_id')
    .leftJoin('units', 'units.id', 'surveys.unit_id')
    .selectAll('surveys')
    .select(['units.name as unit_name', 'campaigns.name as campaign_name'])
    .select((eb) =>
      eb
        .selectFrom('survey_responses')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('survey_responses.survey_id', '=', 'surveys.id')
        .as('responses'),
    )
    .orderBy('surveys.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, responses: Number(r.responses ?? 0) }));
}

/** Published questionnaires open on `day` (both dates included), soonest closing first. */
export async function openSurveys(db: Db, day: string): Promise<Array<SurveyRow & { unit_name: string | null }>> {
  return db
    .selectFrom('surveys')
    .leftJoin('units', 'units.id', 'surveys.unit_id')
    .selectAll('surveys')
    .select('units.name as unit_name')
    .where('surveys.state', '=', 'published')
    .where('surveys.opens_on', '<=', day)
    .where('surveys.closes_on', '>=', day)
    .orderBy('surveys.closes_on')
    .orderBy('surveys.id')
    .execute();
}

// Questions ---------------------------------------------------------------------------------------

export async function questionsOf(db: Db, surveyId: number): Promise<SurveyQuestionRow[]> {
  return db.selectFrom('survey_questions').selectAll().where('survey_id', '=', surveyId).orderBy('position').execute();
}

export async function findQuestion(
  db: Db,
  surveyId: number,
  questionId: number,
): Promise<SurveyQuestionRow | undefined> {
  return db
    .selectFrom('survey_questions')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .where('id', '=', questionId)
    .executeTakeFirst();
}

export async function insertQuestion(db: Db, row: Omit<Insertable<SurveyQuestionsTable>, 'position'>): Promise<number> {
  const last = await db
    .selectFrom('survey_questions')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('survey_id', '=', row.survey_id)
    .executeTakeFirst();
  const position = Number(last?.p ?? 0) + 1;
  return (
    await db
      .insertInto('survey_questions')
      .values({ ...row, position })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

export async function updateQuestion(db: Db, id: number, changes: Updateable<SurveyQuestionsTable>): Promise<void> {
  await db.updateTable('survey_questions').set(changes).where('id', '=', id).execute();
}

export async function deleteQuestion(db: Db, id: number): Promise<void> {
  await db.deleteFrom('survey_questions').where('id', '=', id).execute();
}

/** Swaps two questions' places (through a free position: the pair is unique per questionnaire). */
export async function swapPositions(db: Db, a: SurveyQuestionRow, b: SurveyQuestionRow): Promise<void> {
  await db.updateTable('survey_questions').set({ position: -a.position }).where('id', '=', a.id).execute();
  await db.updateTable('survey_questions').set({ position: a.position }).where('id', '=', b.id).execute();
  await db.updateTable('survey_questions').set({ position: b.position }).where('id', '=', a.id).execute();
}

// Codes ---------------------------------------------------------------------------------------------

export async function insertCodes(db: Db, surveyId: number, hashes: readonly string[]): Promise<void> {
  for (let i = 0; i < hashes.length; i += 500) {
    await db
      .insertInto('survey_codes')
      .values(hashes.slice(i, i + 500).map((h) => ({ survey_id: surveyId, code_hash: h })))
      .execute();
  }
}

export async function findCode(db: Db, hash: string): Promise<{ survey_id: number; used: number } | undefined> {
  return db.selectFrom('survey_codes').select(['survey_id', 'used']).where('code_hash', '=', hash).executeTakeFirst();
}

/** Marks a code of this questionnaire used, only if unused: true for exactly one caller. */
export async function useCode(db: Db, surveyId: number, hash: string): Promise<boolean> {
  const r = await db
    .updateTable('survey_codes')
    .set({ used: 1 })
    .where('code_hash', '=', hash)
    .where('survey_id', '=', surveyId)
    .where('used', '=', 0)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countCodes(db: Db, surveyId: number): Promise<{ issued: number; used: number }> {
  const r = await db
    .selectFrom('survey_codes')
    .select((eb) => [eb.fn.countAll<number>().as('issued'), eb.fn.sum<number>('used').as('used')])
    .where('survey_id', '=', surveyId)
    .executeTakeFirstOrThrow();
  return { issued: Number(r.issued), used: Number(r.used ?? 0) };
}

// Answers -------------------------------------------------------------------------------------------

export async function insertResponse(
  db: Db,
  row: {
    survey_id: number;
    how: AnswerHow;
    answered_on: string;
    entered_by: number | null;
    form_number: string | null;
  },
  answers: ReadonlyArray<{ question_id: number; option_index: number | null; text: string | null }>,
): Promise<number> {
  const { id } = await db.insertInto('survey_responses').values(row).returning('id').executeTakeFirstOrThrow();
  if (answers.length > 0)
    await db
      .insertInto('survey_answers')
      .values(answers.map((a) => ({ ...a, response_id: id })))
      .execute();
  return id;
}

export async function countResponses(db: Db, surveyId: number): Promise<{ online: number; paper: number }> {
  const rows = await db
    .selectFrom('survey_responses')
    .select(['how', (eb) => eb.fn.countAll<number>().as('n')])
    .where('survey_id', '=', surveyId)
    .groupBy('how')
    .execute();
  const out = { online: 0, paper: 0 };
  for (const r of rows) out[r.how] = Number(r.n);
  return out;
}

/** How many chose each option of each question, online and on paper. */
export async function choiceCounts(
  db: Db,
  surveyId: number,
): Promise<Array<{ question_id: number; option_index: number; how: AnswerHow; n: number }>> {
  const rows = await db
    .selectFrom('survey_answers')
    .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
    .select([
      'survey_answers.question_id',
      'survey_answers.option_index',
      'survey_responses.how',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('survey_responses.survey_id', '=', surveyId)
    .where('survey_answers.option_index', 'is not', null)
    .groupBy(['survey_answers.question_id', 'survey_answers.option_index', 'survey_responses.how'])
    .execute();
  return rows.map((r) => ({ question_id: r.question_id, option_index: r.option_index!, how: r.how, n: Number(r.n) }));
}

/** How many answer sheets answered each question at all, online and on paper. */
export async function answeredCounts(
  db: Db,
  surveyId: number,
): Promise<Array<{ question_id: number; how: AnswerHow; n: number }>> {
  const rows = await db
    .selectFrom('survey_answers')
    .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
    .select([
      'survey_answers.question_id',
      'survey_responses.how',
      (eb) => eb.fn.count<number>('survey_answers.response_id').distinct().as('n'),
    ])
    .where('survey_responses.survey_id', '=', surveyId)
    .groupBy(['survey_answers.question_id', 'survey_responses.how'])
    .execute();
  return rows.map((r) => ({ question_id: r.question_id, how: r.how, n: Number(r.n) }));
}

export interface TextAnswerRow {
  id: number;
  question_id: number;
  text: string;
  how: AnswerHow;
  answered_on: string;
  form_number: string | null;
  opinion_id: number | null;
  tracking_code: string | null;
}

/** The written answers, in the order they came, with the opinion each became. */
export async function textAnswers(db: Db, surveyId: number, ids?: readonly number[]): Promise<TextAnswerRow[]> {
  let q = db
    .selectFrom('survey_answers')
    .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
    .leftJoin('opinions', 'opinions.id', 'survey_answers.opinion_id')
    .select([
      'survey_answers.id',
      'survey_answers.question_id',
      'survey_answers.text',
      'survey_responses.how',
      'survey_responses.answered_on',
      'survey_responses.form_number',
      'survey_answers.opinion_id',
      'opinions.tracking_code',
    ])
    .where('survey_responses.survey_id', '=', surveyId)
    .where('survey_answers.text', 'is not', null);
  if (ids) {
    if (ids.length === 0) return [];
    q = q.where('survey_answers.id', 'in', [...ids]);
  }
  const rows = await q.orderBy('survey_answers.id').execute();
  return rows.map((r) => ({ ...r, text: r.text! }));
}

/** Records the opinion a written answer became, only if it became none yet: false otherwise. */
export async function linkOpinion(db: Db, answerId: number, opinionId: number): Promise<boolean> {
  const r = await db
    .updateTable('survey_answers')
    .set({ opinion_id: opinionId })
    .where('id', '=', answerId)
    .where('opinion_id', 'is', null)
    .where('text', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Every answer sheet with its answers, for the CSV: one row per sheet. */
export async function responsesWithAnswers(db: Db, surveyId: number) {
  const responses = await db
    .selectFrom('survey_responses')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .orderBy('id')
    .execute();
  const answers = await db
    .selectFrom('survey_answers')
    .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
    .select([
      'survey_answers.response_id',
      'survey_answers.question_id',
      'survey_answers.option_index',
      'survey_answers.text',
    ])
    .where('survey_responses.survey_id', '=', surveyId)
    .orderBy('survey_answers.id')
    .execute();
  return { responses, answers };
}
