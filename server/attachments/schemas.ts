// The upload form: one file, present, not cut off at the size limit, not empty. What the file
// is (and whether it is kept at all) is decided from its content by the service.
import { z } from 'zod';
import { UPLOAD_MAX_BYTES, type UploadedFile, type UploadedForm } from '../shared/upload.js';

/** The size limit in whole megabytes, as the form states it. */
export const UPLOAD_MAX_MB = Math.floor(UPLOAD_MAX_BYTES / (1024 * 1024));

const isUploadedFile = (v: unknown): v is UploadedFile =>
  typeof v === 'object' && v !== null && Buffer.isBuffer((v as UploadedFile).data);

export const AttachmentForm = z.object({
  file: z.custom<UploadedFile>(isUploadedFile, { message: 'attachments.errors.required' }).superRefine((f, ctx) => {
    if (f.tooLarge)
      ctx.addIssue({
        code: 'too_big',
        origin: 'number',
        maximum: UPLOAD_MAX_MB,
        inclusive: true,
        message: 'attachments.errors.tooLarge',
      });
    else if (f.data.length === 0) ctx.addIssue({ code: 'custom', message: 'attachments.errors.empty' });
  }),
});
export type AttachmentForm = z.infer<typeof AttachmentForm>;

/** The multipart body as the schema reads it: the (first) file sent in the `file` field. */
export const attachmentFormInput = (form: UploadedForm) => ({ file: form.files.find((f) => f.field === 'file') });
