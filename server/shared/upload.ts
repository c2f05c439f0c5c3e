// A file that came with a form, as the use-cases take it. The domain owns this shape; the
// multipart plugin (plugins/uploads.ts) fills it.

/** The largest file accepted, in bytes. */
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

export interface UploadedFile {
  field: string;
  /** The name the browser sent, as given; clean it before showing it. */
  filename: string;
  data: Buffer;
  /** True when the file was cut off at UPLOAD_MAX_BYTES: refuse it. */
  tooLarge: boolean;
}

export interface UploadedForm {
  fields: Record<string, string>;
  files: UploadedFile[];
}
