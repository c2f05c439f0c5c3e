// Downloading a campaign's opinions as CSV. The audit entry is written before the first byte is
// sent, noting whether personal details were included, so who took personal data is traceable.
// Rows are read and written a page at a time; the tracking code, the submitter's secret, is never
// exported, and an anonymous person's contact never appears, whatever was stored.
import type { OpinionScope } from '../accounts/permissions.js';
import * as audit from '../audit/service.js';
import type { DB } from '../db/database.js';
import type { Translate } from '../i18n/catalog.js';
import { CHANNEL_DETAILS, CHANNELS, maskPhone, parseDetails, type Channel } from '../opinions/channels.js';
import { csvLines, UTF8_BOM, type Cell } from './csv.js';
import * as repo from './repository.js';
import type { InboxFilter } from '../opinions/service.js';
import { writeTransaction } from '../db/transaction.js';

/** Rows read from the database at a time. */
export const EXPORT_PAGE = 1000;

export interface ExportRequest {
  filter: InboxFilter;
  scope: OpinionScope;
  personal: boolean;
  /** The filters as asked for, for the audit entry. */
  filters: Record<string, string>;
}

/** Writes the audit entry of an export; returns how many opinions it covers. */
export async function recordExport(db: DB, actor: audit.Actor, now: Date, req: ExportRequest): Promise<number> {
  const rows = await repo.countExport(db, req.filter, req.scope);
  await writeTransaction(db, async (trx) => {
    await audit.record(trx, actor, now, {
      action: 'opinions.exported',
      entityType: 'campaign',
      entityId: req.filter.campaignId,
      data: { personal: req.personal, rows, filters: req.filters },
    });
  });
  return rows;
}

/** The particulars' columns: the channel's own, or those of all channels (each name once). */
function particularColumns(channel: Channel | undefined): string[] {
  const names: string[] = [];
  for (const c of channel ? [channel] : CHANNELS)
    for (const f of CHANNEL_DETAILS[c]) if (!names.includes(f.name)) names.push(f.name);
  return names;
}

export interface CsvWords {
  t: Translate;
  timeZone: string;
}

/**
 * Times as spreadsheets read them, 2026-11-18 09:30, in the portal's zone. One formatter for the
 * whole export: i18n/format.ts toLocalInput() makes one per call, which for a large campaign
 * would be most of the export's time.
 */
function localTimes(timeZone: string): (iso: string) => string {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return (iso) => {
    const p = Object.fromEntries(f.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  };
}

/** The file, line by line: the BOM and header first, then the opinions a page at a time. */
export async function* exportLines(db: DB, req: ExportRequest, { t, timeZone }: CsvWords): AsyncGenerator<string> {
  const particulars = particularColumns(req.filter.channel);
  const localTime = localTimes(timeZone);
  const label = (key: string) => {
    const s = t(key);
    return s === key ? key.slice(key.lastIndexOf('.') + 1) : s;
  };
  const header = [
    t('exports.columns.id'),
    t('exports.columns.receivedAt'),
    t('exports.columns.channel'),
    t('exports.columns.externalRef'),
    t('exports.columns.unit'),
    t('exports.columns.category'),
    t('exports.columns.state'),
    t('exports.columns.body'),
    ...particulars.map((name) => t(`channels.fields.${name}`)),
    t('exports.columns.anonymous'),
    ...(req.personal
      ? [t('exports.columns.submitterName'), t('exports.columns.submitterPhone'), t('exports.columns.submitterEmail')]
      : []),
  ];
  yield UTF8_BOM + csvLines([header]);

  let after = 0;
  for (;;) {
    const page = await repo.exportPage(db, req.filter, req.scope, req.personal, after, EXPORT_PAGE);
    if (page.length === 0) return;
    const rows = page.map((o): Cell[] => {
      const anonymous = o.anonymous === 1;
      const details = parseDetails(o.details);
      const shown = particulars.map((name) => {
        const field = CHANNEL_DETAILS[o.channel].find((f) => f.name === name);
        const v = details[name];
        if (!field || v === null || v === undefined || v === '') return '';
        if (field.contact && anonymous) return '';
        if (field.masked && !req.personal) return maskPhone(String(v));
        if (field.kind === 'select') return label(`channels.options.${name}.${String(v)}`);
        return String(v);
      });
      return [
        o.id,
        localTime(o.received_at),
        t(`channels.names.${o.channel}`),
        o.external_ref,
        o.unit_name,
        o.category ? label(`problems.categories.${o.category}`) : '',
        t(`states.opinion.${o.state}`),
        o.body,
        ...shown,
        t(anonymous ? 'exports.yes' : 'exports.no'),
        ...(req.personal ? (anonymous ? ['', '', ''] : [o.submitter_name, o.submitter_phone, o.submitter_email]) : []),
      ];
    });
    yield csvLines(rows);
    after = page[page.length - 1]!.id;
    if (page.length < EXPORT_PAGE) return;
  }
}

/** A file name that says what it holds: campaign, day, and whether personal details are in it. */
export function exportFilename(campaignId: number, day: string, personal: boolean): string {
  return `opinions-campaign-${campaignId}-${day}${personal ? '-personal' : ''}.csv`;
}
