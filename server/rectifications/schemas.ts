// The draft form (who is responsible, the target date, rows of measures), the progress report
// and the done report. HTML sends flat names: measure row i is measures_<i>_id (hidden, for an
// existing measure), _description, _owner, _deadline and _remove, so each message sits by its field.
import { z } from 'zod';
import { checkbox, day, idList, optionalId, optionalInteger, optionalText, text } from '../forms/fields.js';

export const MAX_MEASURE_ROWS = 30;
/** Blank rows offered for new measures. */
export const BLANK_MEASURE_ROWS = 3;
export const MEASURE_MAX = 2000;
export const OWNER_MAX = 100;
export const PERSON_MAX = 100;
export const NOTE_MAX = 5000;

export const measureField = (row: number, field: 'id' | 'description' | 'owner' | 'deadline' | 'remove') =>
  `measures_${row}_${field}`;

const measureShape: Record<string, z.ZodType> = {};
for (let i = 0; i < MAX_MEASURE_ROWS; i++) {
  measureShape[measureField(i, 'id')] = optionalId();
  // Whether these are required depends on the rest of the row: checked below.
  measureShape[measureField(i, 'description')] = optionalText(MEASURE_MAX);
  measureShape[measureField(i, 'owner')] = optionalText(OWNER_MAX);
  measureShape[measureField(i, 'deadline')] = z.string().optional();
  measureShape[measureField(i, 'remove')] = checkbox();
}

export interface MeasureInput {
  row: number;
  id: number | null;
  description: string;
  owner: string;
  deadline: string;
  remove: boolean;
}

export interface DraftForm {
  responsible_person: string;
  target_date: string;
  measures: MeasureInput[];
}

type Raw = Record<string, unknown>;
const isDay = (v: unknown): v is string => typeof v === 'string' && day().safeParse(v).success;

export const DraftForm = z
  .object({ responsible_person: text(PERSON_MAX), target_date: day(), ...measureShape })
  .superRefine((v: Raw, ctx) => {
    let kept = 0;
    for (let i = 0; i < MAX_MEASURE_ROWS; i++) {
      const existing = v[measureField(i, 'id')] !== null && v[measureField(i, 'id')] !== undefined;
      const description = v[measureField(i, 'description')];
      const owner = v[measureField(i, 'owner')];
      const deadline =
        typeof v[measureField(i, 'deadline')] === 'string' ? (v[measureField(i, 'deadline')] as string).trim() : '';
      if (v[measureField(i, 'remove')] === true) continue;
      const blank = description === null && owner === null && deadline === '';
      if (blank && !existing) continue;
      kept++;
      const need = (f: 'description' | 'owner' | 'deadline', message = 'errors.required') =>
        ctx.addIssue({ code: 'custom', path: [measureField(i, f)], message });
      if (description === null) need('description');
      if (owner === null) need('owner');
      if (deadline === '') need('deadline');
      else if (!isDay(deadline)) need('deadline', 'errors.date');
      else if (isDay(v.target_date) && deadline > v.target_date)
        need('deadline', 'rectifications.errors.deadlineAfterTarget');
    }
    if (kept === 0)
      ctx.addIssue({
        code: 'custom',
        path: [measureField(0, 'description')],
        message: 'rectifications.errors.oneMeasure',
      });
  })
  .transform((v: Raw): DraftForm => {
    const measures: MeasureInput[] = [];
    for (let i = 0; i < MAX_MEASURE_ROWS; i++) {
      const id = v[measureField(i, 'id')];
      const description = v[measureField(i, 'description')];
      const remove = v[measureField(i, 'remove')] === true;
      if (typeof id !== 'number' && (remove || description === null)) continue;
      measures.push({
        row: i,
        id: typeof id === 'number' ? id : null,
        description: (description as string | null) ?? '',
        owner: (v[measureField(i, 'owner')] as string | null) ?? '',
        deadline: String(v[measureField(i, 'deadline')] ?? '').trim(),
        remove,
      });
    }
    return { responsible_person: v.responsible_person as string, target_date: v.target_date as string, measures };
  });

export const ProgressForm = z.object({
  note: text(NOTE_MAX),
  percent: optionalInteger(0, 100),
  done: idList(),
});
export type ProgressForm = z.infer<typeof ProgressForm>;

export const DoneForm = z.object({ note: text(NOTE_MAX) });
export type DoneForm = z.infer<typeof DoneForm>;

// The revision, after a failed round or a relapse: why, the new target date, measures reopened
// (reopen_<i>_id hidden, reopen_<i>_on ticked, reopen_<i>_deadline) and new ones (added_<i>_description,
// _owner, _deadline). At least one of either, each with its deadline.
export const reopenField = (row: number, field: 'id' | 'on' | 'deadline') => `reopen_${row}_${field}`;
export const addedField = (row: number, field: 'description' | 'owner' | 'deadline') => `added_${row}_${field}`;
/** Blank rows offered for new measures in a revision. */
export const BLANK_ADDED_ROWS = 3;
export const REASON_MAX = 5000;

export interface RevisionChange {
  /** The field the change's deadline is in, for a message by it. */
  field: string;
  id: number | null;
  description: string;
  owner: string;
  deadline: string;
}

export interface RevisionForm {
  reason: string;
  target_date: string;
  reopened: RevisionChange[];
  added: RevisionChange[];
}

const revisionShape: Record<string, z.ZodType> = {};
for (let i = 0; i < MAX_MEASURE_ROWS; i++) {
  revisionShape[reopenField(i, 'id')] = optionalId();
  revisionShape[reopenField(i, 'on')] = checkbox();
  revisionShape[reopenField(i, 'deadline')] = z.string().optional();
  revisionShape[addedField(i, 'description')] = optionalText(MEASURE_MAX);
  revisionShape[addedField(i, 'owner')] = optionalText(OWNER_MAX);
  revisionShape[addedField(i, 'deadline')] = z.string().optional();
}

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export const RevisionForm = z
  .object({ reason: text(REASON_MAX), target_date: day(), ...revisionShape })
  .superRefine((v: Raw, ctx) => {
    let changes = 0;
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const checkDeadline = (field: string) => {
      const d = trimmed(v[field]);
      if (d === '') issue(field, 'errors.required');
      else if (!isDay(d)) issue(field, 'errors.date');
      else if (isDay(v.target_date) && d > v.target_date) issue(field, 'rectifications.errors.deadlineAfterTarget');
    };
    for (let i = 0; i < MAX_MEASURE_ROWS; i++) {
      if (v[reopenField(i, 'on')] !== true) continue;
      changes++;
      if (typeof v[reopenField(i, 'id')] !== 'number')
        issue(reopenField(i, 'deadline'), 'rectifications.errors.unknownMeasure');
      else checkDeadline(reopenField(i, 'deadline'));
    }
    for (let i = 0; i < MAX_MEASURE_ROWS; i++) {
      const description = v[addedField(i, 'description')];
      const owner = v[addedField(i, 'owner')];
      if (description === null && owner === null && trimmed(v[addedField(i, 'deadline')]) === '') continue;
      changes++;
      if (description === null) issue(addedField(i, 'description'), 'errors.required');
      if (owner === null) issue(addedField(i, 'owner'), 'errors.required');
      checkDeadline(addedField(i, 'deadline'));
    }
    if (changes === 0) issue(addedField(0, 'description'), 'rectifications.errors.oneChange');
  })
  .transform((v: Raw): RevisionForm => {
    const reopened: RevisionChange[] = [];
    const added: RevisionChange[] = [];
    for (let i = 0; i < MAX_MEASURE_ROWS; i++) {
      if (v[reopenField(i, 'on')] === true)
        reopened.push({
          field: reopenField(i, 'deadline'),
          id: v[reopenField(i, 'id')] as number,
          description: '',
          owner: '',
          deadline: trimmed(v[reopenField(i, 'deadline')]),
        });
      const description = v[addedField(i, 'description')] as string | null;
      if (description !== null)
        added.push({
          field: addedField(i, 'deadline'),
          id: null,
          description,
          owner: (v[addedField(i, 'owner')] as string | null) ?? '',
          deadline: trimmed(v[addedField(i, 'deadline')]),
        });
    }
    return { reason: v.reason as string, target_date: v.target_date as string, reopened, added };
  });

/** A coordinator returns a draft or a revision to the unit: why. */
export const ReturnForm = z.object({ return_reason: text(NOTE_MAX) });
export type ReturnForm = z.infer<typeof ReturnForm>;
