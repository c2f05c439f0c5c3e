// The export's query: the inbox's filters (one rule for what each means), and whether to include
// personal details. A download has no form to show again, so a value that cannot be read is a 400
// rather than being ignored: ignoring a filter would hand over more than was asked for.
import { z } from 'zod';
import { INBOX_FILTERS, type InboxFilterName } from '../opinions/staff-schemas.js';

export const ExportQuery = z.object({
  campaign: INBOX_FILTERS.campaign.optional(),
  channel: INBOX_FILTERS.channel.optional(),
  unit: INBOX_FILTERS.unit.optional(),
  state: INBOX_FILTERS.state.optional(),
  from: INBOX_FILTERS.from.optional(),
  to: INBOX_FILTERS.to.optional(),
  q: INBOX_FILTERS.q.optional(),
  personal: z
    .enum(['0', '1'])
    .optional()
    .transform((v) => v === '1'),
});
export type ExportQuery = z.infer<typeof ExportQuery>;

/** The filters carried over into the audit entry, as given. */
export const FILTER_NAMES = [
  'channel',
  'unit',
  'state',
  'from',
  'to',
  'q',
] as const satisfies readonly InboxFilterName[];
