// The results as CSV, the export habits of server/exports: UTF-8 with a BOM, CRLF, every text
// cell neutralised against formulas. Two files: the figures (one row per option of each
// question, online, paper and together, and each rating's average), and the answer sheets (one
// row per sheet, one column per question), from which anyone can count the figures again.
import { csvLines, UTF8_BOM, type Cell } from '../exports/csv.js';
import type { Translate } from '../i18n/catalog.js';
import * as repo from './repository.js';
import type { DB } from '../db/database.js';
import type { SurveyResults } from './service.js';
import { questionsOf } from './service.js';

const tenths = (v: number | null) => (v === null ? '' : (v / 10).toFixed(1));
const hundredths = (v: number | null) => (v === null ? '' : (v / 100).toFixed(2));

export function figuresCsv(results: SurveyResults, t: Translate): string {
  const rows: Cell[][] = [
    [
      t('surveys.csv.position'),
      t('surveys.csv.question'),
      t('surveys.csv.kind'),
      t('surveys.csv.option'),
      t('surveys.csv.online'),
      t('surveys.csv.paper'),
      t('surveys.csv.total'),
      t('surveys.csv.percent'),
    ],
  ];
  for (const r of results.questions) {
    const q = r.question;
    const kind = t(`surveys.kinds.${q.kind}`);
    rows.push([
      q.position,
      q.prompt,
      kind,
      t('surveys.csv.answered'),
      r.answered.online,
      r.answered.paper,
      r.answered.total,
      '',
    ]);
    for (const o of r.options)
      rows.push([
        q.position,
        q.prompt,
        kind,
        o.label,
        o.count.online,
        o.count.paper,
        o.count.total,
        tenths(o.percentTenths),
      ]);
    if (r.averageHundredths)
      rows.push([
        q.position,
        q.prompt,
        kind,
        t('surveys.csv.average'),
        hundredths(r.averageHundredths.online),
        hundredths(r.averageHundredths.paper),
        hundredths(r.averageHundredths.total),
        '',
      ]);
  }
  return UTF8_BOM + csvLines(rows);
}

export async function sheetsCsv(db: DB, surveyId: number, t: Translate): Promise<string> {
  const questions = await questionsOf(db, surveyId);
  const { responses, answers } = await repo.responsesWithAnswers(db, surveyId);
  const byResponse = new Map<number, typeof answers>();
  for (const a of answers) byResponse.set(a.response_id, [...(byResponse.get(a.response_id) ?? []), a]);
  const rows: Cell[][] = [
    [
      t('surveys.csv.sheet'),
      t('surveys.csv.how'),
      t('surveys.csv.day'),
      t('surveys.csv.formNumber'),
      ...questions.map((q) => `${q.position}. ${q.prompt}`),
    ],
  ];
  responses.forEach((r, i) => {
    const mine = byResponse.get(r.id) ?? [];
    rows.push([
      i + 1,
      t(`surveys.how.${r.how}`),
      r.answered_on,
      r.form_number,
      ...questions.map((q) => {
        const own = mine.filter((a) => a.question_id === q.id);
        if (q.kind === 'text') return own[0]?.text ?? '';
        return own.map((a) => q.options[a.option_index!] ?? '').join(' | ');
      }),
    ]);
  });
  return UTF8_BOM + csvLines(rows);
}
