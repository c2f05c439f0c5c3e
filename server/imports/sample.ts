// The sample file for a channel: the header row in the reader's language and two example rows
// (one person who gave their name, one anonymous) that import cleanly as they are.
import type { Translate } from '../i18n/catalog.js';
import { localDay } from '../i18n/format.js';
import { CHANNEL_DETAILS, type Channel } from '../opinions/channels.js';
import { csvLines, UTF8_BOM } from '../exports/csv.js';
import { channelColumns, columnLabelKey } from './columns.js';

/** Example values of the particulars that are not words (numbers people type as they are). */
const EXAMPLE_NUMBERS: Record<string, [string, string]> = {
  caller_number: ['13812345678', ''],
  duration_minutes: ['12', '5'],
  visitors: ['3', '1'],
};

export interface SampleOptions {
  channel: Channel;
  t: Translate;
  now: Date;
  timeZone: string;
  /** A unit the reader may import into, to show the column filled in; none leaves it empty. */
  unitName: string | null;
}

export function sampleCsv({ channel, t, now, timeZone, unitName }: SampleOptions): string {
  const columns = channelColumns(channel);
  const yesterday = localDay(new Date(now.getTime() - 24 * 3600_000), timeZone);
  const [y, m, d] = yesterday.split('-');
  const example = (i: 0 | 1): string[] =>
    columns.map((column) => {
      const field = CHANNEL_DETAILS[channel].find((f) => f.name === column);
      if (field) {
        if (EXAMPLE_NUMBERS[field.name]) return EXAMPLE_NUMBERS[field.name]![i];
        if (field.kind === 'select')
          return t(`channels.options.${field.name}.${field.options![i % field.options!.length]}`);
        return t(`imports.sample.values.${field.name}`);
      }
      switch (column) {
        case 'external_ref':
          return `${y}${m}${d}-00${i + 1}`;
        // Two of the ways of writing a time that are read.
        case 'received_at':
          return i === 0 ? `${yesterday} 14:20` : `${y}/${Number(m)}/${Number(d)} 9:05`;
        case 'body':
          return t(i === 0 ? 'imports.sample.body1' : 'imports.sample.body2');
        case 'unit':
          return i === 0 ? (unitName ?? '') : '';
        case 'submitter_name':
          return i === 0 ? t('imports.sample.name') : '';
        case 'submitter_phone':
          return i === 0 ? '13900001111' : '';
        case 'submitter_email':
          return i === 0 ? 'chen.jing@example.com' : '';
        case 'anonymous':
          return t(i === 0 ? 'imports.sample.no' : 'imports.sample.yes');
        default:
          return '';
      }
    });
  const header = columns.map((c) => t(columnLabelKey(c, channel)));
  return UTF8_BOM + csvLines([header, example(0), example(1)]);
}
