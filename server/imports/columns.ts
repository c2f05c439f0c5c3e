// The columns an import file may have, and how its header row is read. A column is recognised
// by its key (`body`), by its label in either language (the catalogue's, so the sample file
// downloaded in Chinese reads back as well as the English one), or by a few names hotline systems
// and spreadsheets commonly use. Case, spaces, punctuation and full-width forms do not matter.
import { translator } from '../i18n/catalog.js';
import { CHANNEL_DETAILS, type Channel, type DetailField } from '../opinions/channels.js';

/** The columns every channel's file may have, in the order the sample file shows them. */
export const COMMON_COLUMNS = [
  'external_ref',
  'received_at',
  'body',
  'unit',
  'conduct_rule',
  'submitter_name',
  'submitter_phone',
  'submitter_email',
  'anonymous',
] as const;
export type CommonColumn = (typeof COMMON_COLUMNS)[number];

/** Without these a file cannot be imported at all. */
export const REQUIRED_COLUMNS: readonly CommonColumn[] = ['body', 'received_at'];

/** Other names people's files use for the common columns (the catalogue labels are added to these). */
const OTHER_NAMES: Record<CommonColumn, readonly string[]> = {
  // Not "序号" or "id": a row counter restarts in every file and would wrongly match earlier imports.
  external_ref: [
    'external ref',
    'external reference',
    'ref',
    '编号',
    '外部编号',
    '原始编号',
    '工单编号',
    '工单号',
    '流水号',
    '来电编号',
  ],
  received_at: [
    'received',
    'received at',
    'date',
    'time',
    'date received',
    '收到时间',
    '时间',
    '日期',
    '来电时间',
    '受理时间',
    '接收时间',
    '登记时间',
  ],
  body: ['text', 'opinion', 'content', 'opinion text', '意见内容', '意见', '内容', '意见建议', '反映内容', '问题描述'],
  unit: ['unit id', 'unit concerned', '单位', '涉及单位', '被反映单位', '责任单位'],
  conduct_rule: ['rule', 'conduct rule', '违反规定', '违反的规定', '规定'],
  submitter_name: ['name', '姓名', '反映人', '来电人', '来电人姓名'],
  submitter_phone: ['phone', 'telephone', '电话', '联系电话', '手机'],
  submitter_email: ['email', 'e-mail', 'mail', '邮箱', '电子邮箱', '电子邮件'],
  anonymous: ['匿名', '是否匿名'],
};

/** The catalogue key of a column's label. */
export function columnLabelKey(column: string, channel: Channel): string {
  return CHANNEL_DETAILS[channel].some((f) => f.name === column)
    ? `channels.fields.${column}`
    : `imports.columns.${column}`;
}

/** All columns of a channel's file, in order: the common ones with its own particulars after the text. */
export function channelColumns(channel: Channel): string[] {
  const [ref, received, body, ...rest] = COMMON_COLUMNS;
  return [ref, received, body, ...CHANNEL_DETAILS[channel].map((f) => f.name), ...rest];
}

/** A header or a label as compared: NFKC (full-width to half-width), lower case, letters and digits only. */
export function headerKey(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

const en = translator('en');
const zh = translator('zh-CN');

/** Every name each column of the channel is known by, as compared. Particulars win a clash. */
function namesFor(channel: Channel): Map<string, string> {
  const names = new Map<string, string>();
  const add = (column: string, name: string) => {
    const k = headerKey(name);
    if (k !== '' && !names.has(k)) names.set(k, column);
  };
  for (const f of CHANNEL_DETAILS[channel]) {
    add(f.name, f.name);
    add(f.name, en(`channels.fields.${f.name}`));
    add(f.name, zh(`channels.fields.${f.name}`));
  }
  for (const c of COMMON_COLUMNS) {
    add(c, c);
    add(c, en(`imports.columns.${c}`));
    add(c, zh(`imports.columns.${c}`));
    for (const other of OTHER_NAMES[c]) add(c, other);
  }
  return names;
}

export interface HeaderMap {
  /** For each cell of the header row, the column it is, or null when not one we use. */
  columns: Array<string | null>;
  /** Header cells not recognised (shown, so nobody wonders where their data went). */
  unused: string[];
  /** Required columns not found. */
  missing: CommonColumn[];
  /** Columns found more than once (which one to use would be a guess). */
  repeated: string[];
}

export function readHeader(header: readonly string[], channel: Channel): HeaderMap {
  const names = namesFor(channel);
  const columns: Array<string | null> = [];
  const unused: string[] = [];
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const cell of header) {
    const column = names.get(headerKey(cell)) ?? null;
    columns.push(column);
    if (column === null) {
      if (cell.trim() !== '') unused.push(cell.trim());
    } else if (seen.has(column)) {
      repeated.add(column);
    } else {
      seen.add(column);
    }
  }
  return { columns, unused, missing: REQUIRED_COLUMNS.filter((c) => !seen.has(c)), repeated: [...repeated] };
}

// Cell values ---------------------------------------------------------------------------------

const pad = (s: string | undefined) => (s ?? '0').padStart(2, '0');

/**
 * A received time as people and spreadsheets write it (2026-11-03 14:20, 2026/11/3 14:20,
 * 2026年11月3日 14:20, a day alone meaning its midnight, ISO 8601 with or without a zone), as the
 * value of a datetime-local input in the portal's zone, for the recording form's own rule to
 * read. Anything else is passed on as written, so that rule reports it.
 */
export function toLocalDateTime(raw: string, toLocal: (at: Date) => string): string {
  const s = raw.normalize('NFKC').trim();
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i.exec(s);
  if (zoned) {
    const at = new Date(s);
    return Number.isNaN(at.getTime()) ? s : toLocal(at);
  }
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:(?:\s+|T)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?)?$/.exec(
      s,
    );
  if (!m) return s;
  const [, y, mo, d, h, mi, sec] = m;
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}${sec ? `:${pad(sec)}` : ''}`;
}

const YES = new Set(['1', 'yes', 'y', 'true', 'x', '是', '√', '✓', '✔', '匿名']);
const NO = new Set(['', '0', 'no', 'n', 'false', '否', '实名', '不匿名']);

/** A yes/no cell; null when it is neither. */
export function yesNo(raw: string): boolean | null {
  const s = raw.normalize('NFKC').trim().toLowerCase();
  if (YES.has(s)) return true;
  if (NO.has(s)) return false;
  return null;
}

/** A choice cell: the option's value, or its label in either language; otherwise as written. */
export function choiceValue(field: DetailField, raw: string): string {
  const k = headerKey(raw);
  for (const option of field.options ?? []) {
    const labelKey = `channels.options.${field.name}.${option}`;
    if ([option, en(labelKey), zh(labelKey)].some((name) => headerKey(name) === k)) return option;
  }
  return raw.trim();
}

/** How an external reference is compared and stored: NFKC (full-width digits), trimmed. */
export function normaliseRef(raw: string | undefined): string | null {
  const s = (raw ?? '').normalize('NFKC').trim();
  return s === '' ? null : s;
}
