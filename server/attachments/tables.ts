import type { Generated, Selectable } from 'kysely';

export type AttachmentMediaType = 'image/jpeg' | 'image/png' | 'application/pdf';

export interface AttachmentsTable {
  id: Generated<number>;
  opinion_id: number;
  /** The name it was uploaded with, cleaned; shown to staff, never used as a path. */
  filename: string;
  media_type: AttachmentMediaType;
  byte_size: number;
  sha256: string;
  /** The file's name under $DATA_DIR/attachments: random, unrelated to the upload's name. */
  storage_key: string;
  uploaded_by: number | null;
  created_at: string;
}

/** An opinion's text as it was before a coordinator redacted it: administrators only. */
export interface OpinionOriginalsTable {
  opinion_id: number;
  body: string;
  redacted_by: number | null;
  redacted_at: string;
}

export type AttachmentRow = Selectable<AttachmentsTable>;
export type OpinionOriginalRow = Selectable<OpinionOriginalsTable>;
