// The upload form's text fields (the file itself is checked by the service: it is bytes, not a field).
import { z } from 'zod';
import { id } from '../forms/fields.js';
import { CHANNELS } from '../opinions/channels.js';

export const UploadForm = z.object({
  campaign_id: id(),
  channel: z.enum(CHANNELS),
});
export type UploadForm = z.infer<typeof UploadForm>;

/** The fields in the order the form shows them (the error summary reads top to bottom). */
export const UPLOAD_FIELDS = ['campaign_id', 'channel', 'file'] as const;

/** The preview's table: all rows, or only those with a problem. */
export const PreviewQuery = z.object({
  page: z.string().optional(),
  only: z.enum(['problems']).optional().catch(undefined),
});
export type PreviewQuery = z.infer<typeof PreviewQuery>;
