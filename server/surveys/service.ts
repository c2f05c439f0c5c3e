// Questionnaires: a coordinator builds one (details and ordered questions, or the three-degree
// template in one step), publishes it, and it is open between its dates. The public answer it
// online (anyone, once per browser; or holders of single-use invitation codes), supervisors type
// in paper ones, and staff read the results and turn written answers into opinions. Each
// use-case is one transaction with its audit entry.
import * as auditRepo from '../audit/repository.js';
import * as audit from '../audit/service.js';
import * as campaigns from '../campaigns/repository.js';
import type { Clock } from '../clock.js';
import type { Locale } from '../config.js';
import type { DB } from '../db/database.js';
import type { FieldErrors } from '../forms/validate.js';
import { translator } from '../i18n/catalog.js';
import { fromLocalInput, localDay } from '../i18n/format.js';
import { acknowledge } from '../opinions/service.js';
import { tenthsOf } from '../shared/percent.js';
import {
  conflict,
  invalid,
  notFound,
  ok,
  type Conflict,
  type NotFound,
  type Ok,
  type Result,
} from '../shared/result.js';
import * as units from '../units/repository.js';
import type { Answer, Question } from './answers.js';
import { hashSurveyCode, newSurveyCode, readSurveyCode } from './codes.js';
import * as repo from './repository.js';
import type { QuestionForm, SurveyForm, Template } from './schemas.js';
import { canMove, move, type SurveyState } from './state.js';
import type { AccessMode, AnswerHow, QuestionKind, SurveyQuestionRow, SurveyRow } from './tables.js';
import { writeTransaction } from '../db/transaction.js';

export type { Answer, Question } from './answers.js';

// Reading ---------------------------------------------------------------------------------------

export function questionOf(row: SurveyQuestionRow): Question {
  let options: string[] = [];
  try {
    const v: unknown = JSON.parse(row.options);
    if (Array.isArray(v)) options = v.map(String);
  } catch {
    options = [];
  }
  return {
    id: row.id,
    position: row.position,
    kind: row.kind,
    prompt: row.prompt,
    required: row.required === 1,
    options,
  };
}

export async function questionsOf(db: DB, surveyId: number): Promise<Question[]> {
  return (await repo.questionsOf(db, surveyId)).map(questionOf);
}

/** Where a questionnaire stands for someone answering it on a day. */
export type Openness = 'draft' | 'not_open' | 'open' | 'closed';

export function openness(s: Pick<SurveyRow, 'state' | 'opens_on' | 'closes_on'>, today: string): Openness {
  if (s.state !== 'published') return 'draft';
  if (today < s.opens_on) return 'not_open';
  if (today > s.closes_on) return 'closed';
  return 'open';
}

export interface SurveyView {
  survey: SurveyRow;
  questions: Question[];
  unitName: string | null;
  campaignName: string;
  responses: { online: number; paper: number; total: number };
  codes: { issued: number; used: number };
  /** Once anything is answered, the questions stay as they were answered. */
  locked: boolean;
  openness: Openness;
}

export async function surveyView(db: DB, id: number, today: string): Promise<SurveyView | null> {
  const survey = await repo.findSurvey(db, id);
  if (!survey) return null;
  const [questions, counts, codes, unit, campaign] = await Promise.all([
    questionsOf(db, id),
    repo.countResponses(db, id),
    repo.countCodes(db, id),
    survey.unit_id === null ? undefined : units.findUnit(db, survey.unit_id),
    campaigns.findCampaign(db, survey.campaign_id),
  ]);
  const total = counts.online + counts.paper;
  return {
    survey,
    questions,
    unitName: unit?.name ?? null,
    campaignName: campaign?.name ?? '',
    responses: { ...counts, total },
    codes,
    locked: total > 0,
    openness: openness(survey, today),
  };
}

/** A questionnaire as its staff pages show it. */
export async function surveyForStaff(db: DB, id: number, today: string): Promise<Result<SurveyView>> {
  const view = await surveyView(db, id, today);
  return view ? ok(view) : notFound();
}

/** A questionnaire as the public sees it: a draft does not exist for them. */
export async function publishedSurvey(db: DB, id: number, today: string): Promise<Result<SurveyView>> {
  const view = await surveyView(db, id, today);
  return view && view.survey.state === 'published' ? ok(view) : notFound();
}

export const listSurveys = (db: DB) => repo.listSurveys(db);
/** The campaigns a questionnaire may belong to, for the form's picker. */
export const campaignsToChoose = (db: DB) => campaigns.listCampaigns(db);
export const openSurveys = (db: DB, today: string) => repo.openSurveys(db, today);

// Building ----------------------------------------------------------------------------------------

export interface NewQuestion {
  kind: QuestionKind;
  prompt: string;
  required: boolean;
  options: string[];
}

/** The three-degree evaluation form (satisfaction, recognition, approval) and a question for what is still wrong, in one language. */
export function threeDegreeQuestions(locale: Locale): NewQuestion[] {
  const t = translator(locale);
  const degrees = (d: string) => [1, 2, 3, 4, 5].map((n) => t(`surveys.template.${d}.degree${n}`));
  return [
    {
      kind: 'rating',
      prompt: t('surveys.template.satisfaction.prompt'),
      required: true,
      options: degrees('satisfaction'),
    },
    {
      kind: 'rating',
      prompt: t('surveys.template.recognition.prompt'),
      required: true,
      options: degrees('recognition'),
    },
    { kind: 'rating', prompt: t('surveys.template.approval.prompt'), required: true, options: degrees('approval') },
    { kind: 'text', prompt: t('surveys.template.opinion.prompt'), required: false, options: [] },
  ];
}

/** The campaign and unit a form names must exist. */
async function checkDetails(db: DB, form: Pick<SurveyForm, 'campaign_id' | 'unit_id'>): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (!(await campaigns.findCampaign(db, form.campaign_id)))
    errors.campaign_id = { key: 'surveys.errors.chooseCampaign' };
  if (form.unit_id !== null && !(await units.findUnit(db, form.unit_id)))
    errors.unit_id = { key: 'surveys.errors.unknownUnit' };
  return errors;
}

const detailColumns = (f: SurveyForm) => ({
  title: f.title,
  introduction: f.introduction ?? '',
  campaign_id: f.campaign_id,
  unit_id: f.unit_id,
  opens_on: f.opens_on,
  closes_on: f.closes_on,
  access: f.access,
});

/** A new draft questionnaire; from the three-degree template its questions come with it, in `locale`. */
export async function createSurvey(
  db: DB,
  actor: audit.Actor,
  now: Date,
  form: SurveyForm & { template: Template },
  locale: Locale,
): Promise<Result<{ id: number }>> {
  const errors = await checkDetails(db, form);
  if (Object.keys(errors).length > 0) return invalid(errors);
  return writeTransaction(db, async (trx) => {
    const at = now.toISOString();
    const columns = detailColumns(form);
    const id = await repo.insertSurvey(trx, {
      ...columns,
      locale,
      created_by: actor.id,
      created_at: at,
      updated_at: at,
      published_at: null,
    });
    const questions = form.template === 'three_degree' ? threeDegreeQuestions(locale) : [];
    for (const q of questions)
      await repo.insertQuestion(trx, {
        survey_id: id,
        kind: q.kind,
        prompt: q.prompt,
        required: q.required ? 1 : 0,
        options: JSON.stringify(q.options),
      });
    await audit.record(trx, actor, now, {
      action: 'survey.created',
      entityType: 'survey',
      entityId: id,
      to: 'draft',
      data: { ...columns, template: form.template, questions: questions.length },
    });
    return ok({ id });
  });
}

/** Changes the details. How people answer (anyone, or by code) is fixed once published. */
export async function updateSurvey(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  form: SurveyForm,
): Promise<Result<{ id: number }>> {
  const errors = await checkDetails(db, form);
  return writeTransaction(db, async (trx) => {
    const survey = await repo.findSurvey(trx, id);
    if (!survey) return notFound();
    if (survey.state === 'published' && form.access !== survey.access)
      errors.access = { key: 'surveys.errors.accessFixed' };
    if (Object.keys(errors).length > 0) return invalid(errors);
    const columns = detailColumns(form);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [k, v] of Object.entries(columns))
      if (survey[k as keyof SurveyRow] !== v) changes[k] = { from: survey[k as keyof SurveyRow], to: v };
    if (Object.keys(changes).length === 0) return ok({ id });
    await repo.updateSurvey(trx, id, { ...columns, updated_at: now.toISOString() });
    await audit.record(trx, actor, now, {
      action: 'survey.edited',
      entityType: 'survey',
      entityId: id,
      data: { changes },
    });
    return ok({ id });
  });
}

/**
 * Why building refuses on account of state: something is answered (the questions stay as they
 * were answered), or it is published already. The page says each by the form (surveys.errors.*).
 */
export type SurveyConflict = 'locked' | 'already_published';

type Edit = Result<{ id: number }, SurveyConflict>;

/** The questionnaire, and whether its questions may still change (nothing answered yet). */
async function editable(trx: DB, surveyId: number): Promise<Ok<{ survey: SurveyRow; locked: boolean }> | NotFound> {
  const survey = await repo.findSurvey(trx, surveyId);
  if (!survey) return notFound();
  const counts = await repo.countResponses(trx, surveyId);
  return ok({ survey, locked: counts.online + counts.paper > 0 });
}

export async function addQuestion(
  db: DB,
  actor: audit.Actor,
  now: Date,
  surveyId: number,
  q: QuestionForm,
): Promise<Edit> {
  return writeTransaction(db, async (trx) => {
    const found = await editable(trx, surveyId);
    if (!found.ok) return found;
    if (found.value.locked) return conflict('locked');
    const id = await repo.insertQuestion(trx, {
      survey_id: surveyId,
      kind: q.kind,
      prompt: q.prompt,
      required: q.required ? 1 : 0,
      options: JSON.stringify(q.options),
    });
    await audit.record(trx, actor, now, {
      action: 'survey.question_added',
      entityType: 'survey',
      entityId: surveyId,
      data: { question: id, ...q },
    });
    return ok({ id });
  });
}

export async function updateQuestion(
  db: DB,
  actor: audit.Actor,
  now: Date,
  surveyId: number,
  questionId: number,
  q: QuestionForm,
): Promise<Edit> {
  return writeTransaction(db, async (trx) => {
    const found = await editable(trx, surveyId);
    if (!found.ok) return found;
    const before = await repo.findQuestion(trx, surveyId, questionId);
    if (!before) return notFound();
    if (found.value.locked) return conflict('locked');
    await repo.updateQuestion(trx, questionId, {
      kind: q.kind,
      prompt: q.prompt,
      required: q.required ? 1 : 0,
      options: JSON.stringify(q.options),
    });
    await audit.record(trx, actor, now, {
      action: 'survey.question_changed',
      entityType: 'survey',
      entityId: surveyId,
      data: { question: questionId, from: questionOf(before), to: q },
    });
    return ok({ id: questionId });
  });
}

export async function moveQuestion(
  db: DB,
  actor: audit.Actor,
  now: Date,
  surveyId: number,
  questionId: number,
  direction: 'up' | 'down',
): Promise<Edit> {
  return writeTransaction(db, async (trx) => {
    const found = await editable(trx, surveyId);
    if (!found.ok) return found;
    const questions = await repo.questionsOf(trx, surveyId);
    const i = questions.findIndex((q) => q.id === questionId);
    if (i < 0) return notFound();
    if (found.value.locked) return conflict('locked');
    const j = direction === 'up' ? i - 1 : i + 1;
    // Already first (or last): nothing to do, and nothing to record.
    if (j < 0 || j >= questions.length) return ok({ id: questionId });
    await repo.swapPositions(trx, questions[i]!, questions[j]!);
    await audit.record(trx, actor, now, {
      action: 'survey.question_moved',
      entityType: 'survey',
      entityId: surveyId,
      data: { question: questionId, direction, from: i + 1, to: j + 1 },
    });
    return ok({ id: questionId });
  });
}

export async function removeQuestion(
  db: DB,
  actor: audit.Actor,
  now: Date,
  surveyId: number,
  questionId: number,
): Promise<Edit> {
  return writeTransaction(db, async (trx) => {
    const found = await editable(trx, surveyId);
    if (!found.ok) return found;
    const before = await repo.findQuestion(trx, surveyId, questionId);
    if (!before) return notFound();
    if (found.value.locked) return conflict('locked');
    await repo.deleteQuestion(trx, questionId);
    await audit.record(trx, actor, now, {
      action: 'survey.question_removed',
      entityType: 'survey',
      entityId: surveyId,
      data: { question: questionId, was: questionOf(before) },
    });
    return ok({ id: questionId });
  });
}

/** A draft with at least one question becomes published; it is open between its dates. */
export async function publishSurvey(db: DB, actor: audit.Actor, now: Date, surveyId: number): Promise<Edit> {
  return writeTransaction(db, async (trx) => {
    const survey = await repo.findSurvey(trx, surveyId);
    if (!survey) return notFound();
    if (!canMove(survey.state, 'published')) return conflict('already_published');
    if ((await repo.questionsOf(trx, surveyId)).length === 0)
      return invalid({ _form: { key: 'surveys.errors.noQuestions' } });
    if (!(await moveSurvey(trx, actor, now, survey, 'published', { action: 'survey.published' })))
      return conflict('already_published');
    return ok({ id: surveyId });
  });
}

/**
 * The one writer of a questionnaire's state: checks the move, changes the row only if it is still
 * in the state it was read in (publishing stamps published_at), and writes the audit entry with
 * from/to. False when someone moved it first.
 */
async function moveSurvey(
  trx: DB,
  actor: audit.Actor,
  now: Date,
  survey: SurveyRow,
  to: SurveyState,
  step: { action: string },
): Promise<boolean> {
  move(survey.state, to);
  if (!(await repo.moveSurvey(trx, survey.id, survey.state, to, now.toISOString()))) return false;
  await audit.record(trx, actor, now, {
    action: step.action,
    entityType: 'survey',
    entityId: survey.id,
    from: survey.state,
    to,
  });
  return true;
}

// Invitation codes --------------------------------------------------------------------------------

/**
 * Makes `count` invitation codes and returns them: the only time they exist outside the holders'
 * hands. Once per form (its `issueKey`, kept in the audit entry): the same form again issues nothing.
 */
export async function issueCodes(
  db: DB,
  actor: audit.Actor,
  now: Date,
  timeZone: string,
  surveyId: number,
  count: number,
  issueKey: string,
): Promise<Result<{ codes: string[] }, 'closed' | 'already_issued'>> {
  return writeTransaction(db, async (trx) => {
    const survey = await repo.findSurvey(trx, surveyId);
    if (!survey) return notFound();
    if (survey.access !== 'codes') return invalid({ _form: { key: 'surveys.errors.notByCode' } });
    if (localDay(now, timeZone) > survey.closes_on) return conflict('closed');
    const entries = await auditRepo.listEntries(trx, {
      entityType: 'survey',
      entityId: String(surveyId),
      limit: 100_000,
      offset: 0,
    });
    if (
      entries.some(
        (e) =>
          e.action === 'survey.codes_issued' &&
          e.data !== null &&
          (JSON.parse(e.data) as { issue_key?: unknown }).issue_key === issueKey,
      )
    )
      return conflict('already_issued');
    const codes = Array.from({ length: count }, () => newSurveyCode());
    await repo.insertCodes(trx, surveyId, codes.map(hashSurveyCode));
    await audit.record(trx, actor, now, {
      action: 'survey.codes_issued',
      entityType: 'survey',
      entityId: surveyId,
      data: { count, issue_key: issueKey },
    });
    return ok({ codes });
  });
}

/** Why a code cannot let an answer sheet in: not a code at all, not one of this questionnaire's, or used. */
export type CodeRefusal = 'malformed' | 'unknown' | 'used';
export type CodeCheck = Ok<{ code: string }> | Conflict<CodeRefusal>;

/** What a typed code can do for this questionnaire, without using it. A code of another questionnaire is unknown here. */
export async function checkCode(db: DB, surveyId: number, input: unknown): Promise<CodeCheck> {
  const code = readSurveyCode(input);
  if (!code) return conflict('malformed');
  const found = await repo.findCode(db, hashSurveyCode(code));
  if (!found || found.survey_id !== surveyId) return conflict('unknown');
  if (found.used) return conflict('used');
  return ok({ code });
}

// Answering -----------------------------------------------------------------------------------------

/**
 * Why an online answer sheet is refused: the questionnaire is not taking answers (a draft, not
 * open yet, closed), the code is not one or is used, or the questions changed under the form.
 */
export type AnswerConflict = 'draft' | 'not_open' | 'closed' | CodeRefusal | 'wrong_questions';
export type AnswerResult = Ok<{ responseId: number }> | NotFound | Conflict<AnswerConflict>;

type AnswerRow = { question_id: number; option_index: number | null; text: string | null };

const answerRows = (answers: readonly Answer[]): AnswerRow[] =>
  answers.flatMap((a): AnswerRow[] =>
    a.text !== null
      ? [{ question_id: a.questionId, option_index: null, text: a.text }]
      : a.optionIndexes.map((i) => ({ question_id: a.questionId, option_index: i, text: null })),
  );

/** The answers were read against these questions: they must still be this questionnaire's. */
async function sameQuestions(trx: DB, surveyId: number, answers: readonly Answer[]): Promise<boolean> {
  const ids = new Set((await repo.questionsOf(trx, surveyId)).map((q) => q.id));
  return answers.every((a) => ids.has(a.questionId));
}

/**
 * An online answer sheet. With invitation codes, the code is marked used by the same statement
 * that checks it is unused, in the same transaction as the answers, and nothing joins the two:
 * the sheet keeps the day only.
 */
export async function answerOnline(
  db: DB,
  clock: Clock,
  timeZone: string,
  surveyId: number,
  answers: readonly Answer[],
  codeInput?: unknown,
): Promise<AnswerResult> {
  return writeTransaction(db, async (trx): Promise<AnswerResult> => {
    const survey = await repo.findSurvey(trx, surveyId);
    if (!survey) return notFound();
    const now = clock.now();
    const today = localDay(now, timeZone);
    const open = openness(survey, today);
    if (open !== 'open') return conflict(open);
    if (!(await sameQuestions(trx, surveyId, answers))) return conflict('wrong_questions');
    if (survey.access === 'codes') {
      const code = readSurveyCode(codeInput);
      if (!code) return conflict('malformed');
      const hash = hashSurveyCode(code);
      const found = await repo.findCode(trx, hash);
      if (!found || found.survey_id !== surveyId) return conflict('unknown');
      if (!(await repo.useCode(trx, surveyId, hash))) return conflict('used');
    }
    const responseId = await repo.insertResponse(
      trx,
      { survey_id: surveyId, how: 'online', answered_on: today, entered_by: null, form_number: null },
      answerRows(answers),
    );
    return ok({ responseId });
  });
}

/** A paper questionnaire typed in by staff: marked as paper, with who typed it in, and audited. */
export async function enterPaper(
  db: DB,
  actor: audit.Actor & { id: number },
  now: Date,
  timeZone: string,
  surveyId: number,
  answers: readonly Answer[],
  formNumber: string | null,
): Promise<Result<{ responseId: number }>> {
  return writeTransaction(db, async (trx) => {
    const survey = await repo.findSurvey(trx, surveyId);
    if (!survey) return notFound();
    if (survey.state !== 'published') return invalid({ _form: { key: 'surveys.errors.notPublished' } });
    if (!(await sameQuestions(trx, surveyId, answers)))
      return invalid({ _form: { key: 'surveys.errors.questionsChanged' } });
    const responseId = await repo.insertResponse(
      trx,
      {
        survey_id: surveyId,
        how: 'paper',
        answered_on: localDay(now, timeZone),
        entered_by: actor.id,
        form_number: formNumber,
      },
      answerRows(answers),
    );
    await audit.record(trx, actor, now, {
      action: 'survey.paper_entered',
      entityType: 'survey',
      entityId: surveyId,
      data: { response: responseId, form_number: formNumber },
    });
    return ok({ responseId });
  });
}

// Results ---------------------------------------------------------------------------------------------

export interface Split {
  online: number;
  paper: number;
  total: number;
}

const split = (online = 0, paper = 0): Split => ({ online, paper, total: online + paper });

export interface QuestionResult {
  question: Question;
  /** Answer sheets that answered this question. */
  answered: Split;
  /** Per option (or degree), in order. */
  options: Array<{ label: string; index: number; count: Split; percentTenths: number | null }>;
  /** A rating's average degree (1 = the first), in hundredths, rounded half up; null when unanswered or not a rating. */
  averageHundredths: { online: number | null; paper: number | null; total: number | null } | null;
  texts: repo.TextAnswerRow[];
}

export interface SurveyResults {
  view: SurveyView;
  questions: QuestionResult[];
}

const average = (sum: number, n: number) => (n > 0 ? Math.floor((200 * sum + n) / (2 * n)) : null);

/** The results as the staff page shows them. */
export async function resultsForStaff(db: DB, surveyId: number, today: string): Promise<Result<SurveyResults>> {
  const results = await surveyResults(db, surveyId, today);
  return results ? ok(results) : notFound();
}

export async function surveyResults(db: DB, surveyId: number, today: string): Promise<SurveyResults | null> {
  const view = await surveyView(db, surveyId, today);
  if (!view) return null;
  const [choices, answered, texts] = await Promise.all([
    repo.choiceCounts(db, surveyId),
    repo.answeredCounts(db, surveyId),
    repo.textAnswers(db, surveyId),
  ]);
  const questions = view.questions.map((q): QuestionResult => {
    const a = (how: AnswerHow) => answered.find((r) => r.question_id === q.id && r.how === how)?.n ?? 0;
    const answeredSplit = split(a('online'), a('paper'));
    const c = (i: number, how: AnswerHow) =>
      choices.find((r) => r.question_id === q.id && r.option_index === i && r.how === how)?.n ?? 0;
    const options = q.options.map((label, index) => {
      const count = split(c(index, 'online'), c(index, 'paper'));
      return { label, index, count, percentTenths: tenthsOf(count.total, answeredSplit.total) };
    });
    let averageHundredths: QuestionResult['averageHundredths'] = null;
    if (q.kind === 'rating') {
      const sum = (k: keyof Split) => options.reduce((s, o) => s + (o.index + 1) * o.count[k], 0);
      averageHundredths = {
        online: average(sum('online'), answeredSplit.online),
        paper: average(sum('paper'), answeredSplit.paper),
        total: average(sum('total'), answeredSplit.total),
      };
    }
    return {
      question: q,
      answered: answeredSplit,
      options,
      averageHundredths,
      texts: texts.filter((t) => t.question_id === q.id),
    };
  });
  return { view, questions };
}

// Written answers become opinions -------------------------------------------------------------------

/**
 * Turns written answers into opinions (channel questionnaire), all or none: each is acknowledged
 * like every opinion (tracking code, history, audit entry; opinions/service acknowledge(), the
 * rule createOpinion() applies, here in this one transaction for them all), and the answer
 * records the opinion it became, by a conditional update, so an answer is never turned twice.
 */
export async function answersToOpinions(
  db: DB,
  clock: Clock,
  actor: audit.Actor & { id: number },
  timeZone: string,
  surveyId: number,
  answerIds: readonly number[],
): Promise<Result<{ opinions: Array<{ answerId: number; opinionId: number; trackingCode: string }> }>> {
  const ids = [...new Set(answerIds)];
  try {
    return await writeTransaction(db, async (trx) => {
      const survey = await repo.findSurvey(trx, surveyId);
      if (!survey) return notFound();
      const rows = await repo.textAnswers(trx, surveyId, ids);
      if (rows.length !== ids.length || ids.length === 0)
        return invalid({ answers: { key: 'surveys.errors.chooseAnswers' } });
      if (rows.some((r) => r.opinion_id !== null))
        return invalid({ answers: { key: 'surveys.errors.alreadyOpinion' } });
      const now = clock.now();
      const made: Array<{ answerId: number; opinionId: number; trackingCode: string }> = [];
      for (const r of rows) {
        const created = await acknowledge(trx, clock, {
          campaignId: survey.campaign_id,
          channel: 'questionnaire',
          body: r.text,
          unitId: survey.unit_id,
          conductRuleId: null,
          anonymous: true,
          submitterName: null,
          submitterPhone: null,
          submitterEmail: null,
          locale: survey.locale,
          details: r.form_number ? { form_number: r.form_number } : {},
          // The day it was answered (noon, so the day is the same in any reading of the zone).
          receivedAt: fromLocalInput(`${r.answered_on}T12:00`, timeZone) ?? now,
          recordedBy: actor,
          submissionKey: null,
        });
        if (!(await repo.linkOpinion(trx, r.id, created.id))) throw new AlreadyTurned();
        await audit.record(trx, actor, now, {
          action: 'survey.answer_to_opinion',
          entityType: 'survey',
          entityId: surveyId,
          data: { answer: r.id, opinion: created.id },
        });
        made.push({ answerId: r.id, opinionId: created.id, trackingCode: created.trackingCode });
      }
      return ok({ opinions: made });
    });
  } catch (e) {
    // Someone turned one of them a moment ago: the whole lot is undone, and the form says why.
    if (e instanceof AlreadyTurned) return invalid({ answers: { key: 'surveys.errors.alreadyOpinion' } });
    throw e;
  }
}

class AlreadyTurned extends Error {}

// For others (the demo campaign loader) ---------------------------------------------------------------

export interface SurveySpec {
  campaignId: number;
  unitId: number | null;
  title: string;
  introduction?: string;
  opensOn: string;
  closesOn: string;
  access: AccessMode;
  locale: Locale;
  /** The questions; leave out for the three-degree template in `locale`. */
  questions?: NewQuestion[];
  publish?: boolean;
}

/**
 * Makes a questionnaire in one go, through the same use-cases as the pages (audit entries
 * included): for a loader of demo data. Returns its id.
 */
export async function buildSurvey(db: DB, actor: audit.Actor, now: Date, spec: SurveySpec): Promise<number> {
  const created = await createSurvey(
    db,
    actor,
    now,
    {
      title: spec.title,
      introduction: spec.introduction ?? null,
      campaign_id: spec.campaignId,
      unit_id: spec.unitId,
      opens_on: spec.opensOn,
      closes_on: spec.closesOn,
      access: spec.access,
      template: spec.questions ? 'none' : 'three_degree',
    },
    spec.locale,
  );
  if (!created.ok) throw new Error(`questionnaire not made: ${JSON.stringify(created)}`);
  const id = created.value.id;
  for (const q of spec.questions ?? []) {
    const added = await addQuestion(db, actor, now, id, q);
    if (!added.ok) throw new Error('question not added');
  }
  if (spec.publish ?? true) {
    const published = await publishSurvey(db, actor, now, id);
    if (!published.ok) throw new Error('questionnaire not published');
  }
  return id;
}

/**
 * Records answer sheets for a loader of demo data: `sheets` are, per sheet, per question (in
 * order), the chosen option indexes or the text (null: unanswered). Paper sheets are typed in by
 * `actor`; online ones are stored as the public's. Does not check the dates (a demo fills
 * questionnaires that have closed).
 */
export async function recordAnswers(
  db: DB,
  actor: audit.Actor & { id: number },
  now: Date,
  timeZone: string,
  surveyId: number,
  sheets: ReadonlyArray<{ how: AnswerHow; answers: ReadonlyArray<number[] | string | null> }>,
): Promise<void> {
  const questions = await questionsOf(db, surveyId);
  await writeTransaction(db, async (trx) => {
    for (const sheet of sheets) {
      const answers: Answer[] = [];
      questions.forEach((q, i) => {
        const a = sheet.answers[i];
        if (a === null || a === undefined) return;
        if (typeof a === 'string') answers.push({ questionId: q.id, optionIndexes: [], text: a });
        else
          answers.push({
            questionId: q.id,
            optionIndexes: a.filter((x) => x >= 0 && x < q.options.length),
            text: null,
          });
      });
      const paper = sheet.how === 'paper';
      await repo.insertResponse(
        trx,
        {
          survey_id: surveyId,
          how: sheet.how,
          answered_on: localDay(now, timeZone),
          entered_by: paper ? actor.id : null,
          form_number: null,
        },
        answerRows(answers),
      );
    }
    await audit.record(trx, actor, now, {
      action: 'survey.answers_loaded',
      entityType: 'survey',
      entityId: surveyId,
      data: { sheets: sheets.length },
    });
  });
}
