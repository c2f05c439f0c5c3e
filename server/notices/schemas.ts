// The filters of the public list of commitments, each read on its own: one bad value is
// reported by its field and ignored, and the others still apply (as in the staff inbox).
import { z } from 'zod';
import { id } from '../forms/fields.js';
import { LEVELS } from '../problems/levels.js';
import { RECTIFICATION_STATES } from '../rectifications/state.js';

export const NOTICE_FILTERS = {
  unit: id(),
  // A draft is not public, so it is no filter either.
  state: z.enum(RECTIFICATION_STATES).refine((s) => s !== 'draft'),
  level: z.enum(LEVELS),
  overdue: z.literal('1'),
} as const;
export type NoticeFilterName = keyof typeof NOTICE_FILTERS;
export const NOTICE_FILTER_NAMES = Object.keys(NOTICE_FILTERS) as NoticeFilterName[];

export { pageNumber } from '../opinions/staff-schemas.js';
