// Checking the rows of an import. Each row is turned into what the recording form would have
// sent and checked by that form's own schema (opinions/staff-schemas.ts recordForm), so a rule
// about an opinion's fields lives in one place whichever door it comes in by. What a form cannot
// know (units by name, the units a supervisor may import into, rows imported before) is added here.
import { z, type ZodType } from 'zod';
import type { Params } from '../i18n/catalog.js';
import { validateForm } from '../forms/validate.js';
import { CHANNEL_DETAILS, isAnonymous, pickDetails, type Channel } from '../opinions/channels.js';
import type { NewOpinion } from '../opinions/service.js';
import { receivedInFuture } from '../opinions/service.js';
import { recordForm } from '../opinions/staff-schemas.js';
import { channelColumns, choiceValue, normaliseRef, toLocalDateTime, yesNo } from './columns.js';

/** The longest external reference kept (a hotline call id, a slip number). */
export const REF_MAX = 100;

/** A row as kept between the upload and the import: its spreadsheet row number and its cells by column. */
export interface RawRow {
  row: number;
  cells: Record<string, string>;
  /** The received cell read once, at upload, as a UTC instant (ISO); absent when it cannot be read. */
  receivedAt?: string;
}

/** What is kept of an upload until it is imported or discarded (imports.payload, JSON). */
export interface ImportPayload {
  /** Header cells not used, as written. */
  unused: string[];
  rows: RawRow[];
}

export interface RowProblem {
  /** The column it is about. */
  column: string;
  key: string;
  params?: Params;
}

/**
 * ready: will be imported; invalid: has problems, so nothing can be imported; existing: its
 * reference was imported into this campaign and channel before; repeated: an earlier row of the
 * same file has its reference. The last two are skipped.
 */
export type RowStatus = 'ready' | 'invalid' | 'existing' | 'repeated';

/** An opinion as a row describes it; the import adds who recorded it and the language. */
export type RowOpinion = Omit<NewOpinion, 'locale' | 'recordedBy' | 'submissionKey'> & { externalRef: string | null };

export interface RowCheck {
  row: number;
  ref: string | null;
  status: RowStatus;
  problems: RowProblem[];
  /** For a repeated row: the row that has its reference first. */
  repeatOf?: number;
  opinion?: RowOpinion;
  /** What the preview shows of the row, as written. */
  shown: { receivedAt: Date | null; receivedRaw: string; body: string; unit: string };
}

export interface UnitRef {
  id: number;
  name: string;
}

export interface CheckContext {
  channel: Channel;
  campaignId: number;
  timeZone: string;
  now: Date;
  toLocal: (at: Date) => string;
  units: readonly UnitRef[];
  /** Active conduct rules: a cell may name one by its title in either language. */
  rules: ReadonlyArray<{ id: number; title: string; title_en: string | null; title_zh: string | null }>;
  /** The units rows may name (a supervisor's watched ones); null for any. */
  allowedUnitIds: ReadonlySet<number> | null;
  /** References already imported into this campaign and channel. */
  existingRefs: ReadonlySet<string>;
}

/** Form fields as recordForm names them -> the import's columns. */
const FORM_TO_COLUMN: Record<string, string> = {
  received_at: 'received_at',
  body: 'body',
  unit_id: 'unit',
  conduct_rule_id: 'conduct_rule',
  anonymous: 'anonymous',
  submitter_name: 'submitter_name',
  submitter_phone: 'submitter_phone',
  submitter_email: 'submitter_email',
};

const isNumber = (s: string) => /^[1-9]\d{0,9}$/.test(s);

/** A unit named by its number or its exact name (trimmed). */
function resolveByNameOrId<T extends { id: number }>(
  raw: string,
  items: readonly T[],
  names: (item: T) => Array<string | null>,
): T[] {
  const s = raw.trim();
  if (isNumber(s)) {
    const byId = items.filter((i) => i.id === Number(s));
    if (byId.length > 0) return byId;
  }
  return items.filter((i) => names(i).some((n) => n !== null && n.trim() === s));
}

/**
 * Reads a received cell by the recording form's own rule for it, once, when the file is uploaded
 * (reading a time in a zone is the slow part of checking a row; a preview and the import then
 * check the rest of the row against the instant kept).
 */
export function receivedInstants(
  rows: ReadonlyArray<Omit<RawRow, 'receivedAt'>>,
  channel: Channel,
  timeZone: string,
  toLocal: (at: Date) => string,
): RawRow[] {
  const rule = recordForm(channel, timeZone).shape.received_at;
  // Files often repeat a time (a day's slips typed up with the day's date): each is read once.
  const read = new Map<string, string | null>();
  return rows.map((r) => {
    const local = toLocalDateTime(r.cells.received_at ?? '', toLocal);
    let at = read.get(local);
    if (at === undefined) {
      const parsed = rule.safeParse(local);
      at = parsed.success ? parsed.data.toISOString() : null;
      read.set(local, at);
    }
    return at === null ? { ...r } : { ...r, receivedAt: at };
  });
}

type Schemas = { asTyped: ReturnType<typeof recordForm>; withInstant: ZodType };

/** A row's problems in the order of the sample file's columns, as a person reads across. */
function inColumnOrder(problems: RowProblem[], channel: Channel): RowProblem[] {
  const order = channelColumns(channel);
  const rank = (c: string) => (order.includes(c) ? order.indexOf(c) : order.length);
  return [...problems].sort((a, b) => rank(a.column) - rank(b.column));
}

function checkOne(
  raw: RawRow,
  ctx: CheckContext,
  schemas: Schemas,
): Omit<RowCheck, 'status' | 'ref' | 'repeatOf'> & { valid: boolean } {
  const cell = (c: string) => raw.cells[c] ?? '';
  const problems: RowProblem[] = [];
  const instant = raw.receivedAt ? new Date(raw.receivedAt) : null;
  const form: Record<string, string | Date | undefined> = {
    channel: ctx.channel,
    campaign_id: String(ctx.campaignId),
    received_at:
      instant && !Number.isNaN(instant.getTime()) ? instant : toLocalDateTime(cell('received_at'), ctx.toLocal),
    body: cell('body'),
    submitter_name: cell('submitter_name'),
    submitter_phone: cell('submitter_phone'),
    submitter_email: cell('submitter_email'),
    // The form's one-time key: an import is protected from a second press by its own state instead.
    submission_key: '',
  };
  for (const f of CHANNEL_DETAILS[ctx.channel])
    form[f.name] = f.kind === 'select' ? choiceValue(f, cell(f.name)) : cell(f.name);

  const anonymous = yesNo(cell('anonymous'));
  if (anonymous === null)
    problems.push({ column: 'anonymous', key: 'imports.problems.yesNo', params: { value: cell('anonymous').trim() } });
  else if (anonymous) form.anonymous = '1';

  const unitText = cell('unit').trim();
  let unitName = unitText;
  if (unitText !== '') {
    const found = resolveByNameOrId(unitText, ctx.units, (u) => [u.name]);
    if (found.length === 0)
      problems.push({ column: 'unit', key: 'imports.problems.unknownUnit', params: { value: unitText } });
    else if (found.length > 1)
      problems.push({ column: 'unit', key: 'imports.problems.ambiguousUnit', params: { value: unitText } });
    else if (ctx.allowedUnitIds && !ctx.allowedUnitIds.has(found[0]!.id))
      problems.push({ column: 'unit', key: 'imports.problems.unitNotWatched', params: { value: found[0]!.name } });
    else {
      form.unit_id = String(found[0]!.id);
      unitName = found[0]!.name;
    }
  }
  const ruleText = cell('conduct_rule').trim();
  if (ruleText !== '') {
    const found = resolveByNameOrId(ruleText, ctx.rules, (r) => [r.title, r.title_en, r.title_zh]);
    if (found.length !== 1)
      problems.push({ column: 'conduct_rule', key: 'imports.problems.unknownRule', params: { value: ruleText } });
    else form.conduct_rule_id = String(found[0]!.id);
  }

  const refText = cell('external_ref');
  if ((normaliseRef(refText) ?? '').length > REF_MAX)
    problems.push({ column: 'external_ref', key: 'errors.tooLong', params: { max: REF_MAX } });

  const result = validateForm(
    form.received_at instanceof Date ? (schemas.withInstant as Schemas['asTyped']) : schemas.asTyped,
    form,
  );
  const shown = {
    receivedAt: form.received_at instanceof Date ? form.received_at : null,
    receivedRaw: cell('received_at').trim(),
    body: cell('body').trim(),
    unit: unitName,
  };
  if (!result.ok) {
    for (const [field, e] of Object.entries(result.errors)) {
      const column = FORM_TO_COLUMN[field] ?? field;
      if (field === 'body' && e.key === 'errors.required')
        problems.push({ column, key: 'imports.problems.missingText' });
      else if (field === 'received_at') {
        const value = cell('received_at').trim();
        problems.push(
          value === ''
            ? { column, key: 'imports.problems.missingDate' }
            : { column, key: 'imports.problems.badDate', params: { value } },
        );
      } else problems.push({ column, key: e.key, params: e.params });
    }
    return { row: raw.row, problems: inColumnOrder(problems, ctx.channel), shown, valid: false };
  }
  const d = result.data;
  shown.receivedAt = d.received_at;
  if (receivedInFuture(d.received_at, ctx.now))
    problems.push({ column: 'received_at', key: 'imports.problems.futureDate', params: { value: shown.receivedRaw } });
  if (problems.length > 0) return { row: raw.row, problems: inColumnOrder(problems, ctx.channel), shown, valid: false };

  // The recording form's rules (opinions/channels.ts): who counts as anonymous, and a person who
  // asked to stay anonymous leaves no number behind.
  const opinion: RowOpinion = {
    campaignId: ctx.campaignId,
    channel: ctx.channel,
    body: d.body,
    unitId: d.unit_id,
    conductRuleId: d.conduct_rule_id,
    anonymous: isAnonymous(ctx.channel, d),
    submitterName: d.submitter_name,
    submitterPhone: d.submitter_phone,
    submitterEmail: d.submitter_email,
    details: pickDetails(ctx.channel, d, d.anonymous === true),
    receivedAt: d.received_at,
    externalRef: normaliseRef(refText),
  };
  return { row: raw.row, problems, shown, valid: true, opinion };
}

/** Checks every row; a reference met before (earlier in the file, or imported already) is skipped. */
export function checkRows(rows: readonly RawRow[], ctx: CheckContext): RowCheck[] {
  const asTyped = recordForm(ctx.channel, ctx.timeZone);
  // The same form, with the received time already read (see receivedInstants).
  const schemas: Schemas = { asTyped, withInstant: asTyped.extend({ received_at: z.date() }) };
  const firstRowOf = new Map<string, number>();
  return rows.map((raw) => {
    const ref = normaliseRef(raw.cells.external_ref);
    const checked = checkOne(raw, ctx, schemas);
    const { valid, ...rest } = checked;
    if (ref !== null && ctx.existingRefs.has(ref))
      return { ...rest, ref, status: 'existing' as const, problems: [], opinion: undefined };
    if (ref !== null && firstRowOf.has(ref))
      return {
        ...rest,
        ref,
        status: 'repeated' as const,
        repeatOf: firstRowOf.get(ref),
        problems: [],
        opinion: undefined,
      };
    if (ref !== null) firstRowOf.set(ref, raw.row);
    return { ...rest, ref, status: valid ? ('ready' as const) : ('invalid' as const) };
  });
}

export interface RowCounts {
  rows: number;
  ready: number;
  invalid: number;
  existing: number;
  repeated: number;
  /** Ready rows without a reference: a second import of the file would add them again. */
  withoutRef: number;
}

export function countRows(checks: readonly RowCheck[]): RowCounts {
  const counts: RowCounts = { rows: checks.length, ready: 0, invalid: 0, existing: 0, repeated: 0, withoutRef: 0 };
  for (const c of checks) {
    counts[c.status]++;
    if (c.status === 'ready' && c.ref === null) counts.withoutRef++;
  }
  return counts;
}
