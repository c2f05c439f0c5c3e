// Attachments: scans and photos kept with an opinion, for the staff who may read it. The type
// comes from the content, photos lose their metadata before anything is written, the file goes
// under the data folder by a random key, and the row and its audit entry commit together.
import { createHash } from 'node:crypto';
import type { OpinionScope } from '../accounts/permissions.js';
import * as audit from '../audit/service.js';
import type { Clock } from '../clock.js';
import type { Locale } from '../config.js';
import type { DB } from '../db/database.js';
import * as opinions from '../opinions/repository.js';
import { inScope } from '../opinions/service.js';
import type { OpinionRow } from '../opinions/tables.js';
import { forbidden, invalid, notFound, ok, type Result } from '../shared/result.js';
import { prepareContent } from './content.js';
import { cleanFilename } from './filenames.js';
import * as repo from './repository.js';
import { UPLOAD_MAX_MB } from './schemas.js';
import { newStorageKey, type AttachmentStore } from './storage.js';
import type { AttachmentMediaType, AttachmentRow } from './tables.js';
import { writeTransaction } from '../db/transaction.js';

/** The opinion, if the scope may read it: otherwise not_found or forbidden, as on the opinion page. */
export async function readableOpinion(db: DB, opinionId: number, scope: OpinionScope): Promise<Result<OpinionRow>> {
  const opinion = await opinions.findById(db, opinionId);
  if (!opinion) return notFound();
  if (!inScope(scope, opinion)) return forbidden();
  return ok(opinion);
}

/** A short name for a media type, for catalogue keys (`attachments.types.<kind>`). */
export const MEDIA_KIND: Record<AttachmentMediaType, 'jpeg' | 'png' | 'pdf'> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'application/pdf': 'pdf',
};

export interface ListedAttachment {
  id: number;
  filename: string;
  kind: 'jpeg' | 'png' | 'pdf';
  byteSize: number;
  /** The size in the reader's language: "512 bytes", "12.3 kB", "2.4 MB". */
  size: string;
  uploadedBy: { name: string; email: string } | null;
  createdAt: string;
}

/** A file size in the reader's language, from Intl's units rather than the catalogue. */
export function fileSize(bytes: number, locale: Locale): string {
  if (bytes < 1024)
    return new Intl.NumberFormat(locale, { style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(bytes);
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'kilobyte'] : [bytes / (1024 * 1024), 'megabyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

/** An opinion's attachments as the opinion page lists them. The caller has checked the opinion is readable. */
export async function attachmentsOf(db: DB, opinionId: number, locale: Locale): Promise<ListedAttachment[]> {
  return (await repo.attachmentsOf(db, opinionId)).map((r) => ({
    id: r.id,
    filename: r.filename,
    kind: MEDIA_KIND[r.media_type],
    byteSize: r.byte_size,
    size: fileSize(r.byte_size, locale),
    uploadedBy: r.uploader_email !== null ? { name: r.uploader_name ?? '', email: r.uploader_email } : null,
    createdAt: r.created_at,
  }));
}

export interface AttachmentSection {
  items: ListedAttachment[];
  /** The upload size limit, for the form's hint. */
  maxMb: number;
}

/** What the attachments section of the opinion page shows. The caller has checked the opinion is readable. */
export async function attachmentSection(db: DB, opinionId: number, locale: Locale): Promise<AttachmentSection> {
  return { items: await attachmentsOf(db, opinionId, locale), maxMb: UPLOAD_MAX_MB };
}

export interface NewAttachment {
  opinionId: number;
  filename: string;
  data: Buffer;
}

/**
 * Keeps a file with an opinion. Refused (invalid, on the `file` field) when its content is not
 * a JPEG, PNG or PDF, or is an image whose structure is broken (so its metadata cannot be
 * removed with certainty).
 */
export async function addAttachment(
  db: DB,
  store: AttachmentStore,
  clock: Clock,
  actor: audit.Actor & { id: number },
  input: NewAttachment,
): Promise<Result<{ id: number }>> {
  const prepared = prepareContent(input.data);
  if (!prepared.ok)
    return invalid({
      file: { key: prepared.reason === 'type' ? 'attachments.errors.type' : 'attachments.errors.malformed' },
    });

  const storageKey = newStorageKey();
  const sha256 = createHash('sha256').update(prepared.data).digest('hex');
  await store.write(storageKey, prepared.data);
  try {
    const id = await writeTransaction(db, async (trx) => {
      const now = clock.now();
      const id = await repo.insertAttachment(trx, {
        opinion_id: input.opinionId,
        filename: cleanFilename(input.filename, prepared.mediaType),
        media_type: prepared.mediaType,
        byte_size: prepared.data.length,
        sha256,
        storage_key: storageKey,
        uploaded_by: actor.id,
        created_at: now.toISOString(),
      });
      // What was kept, never what it shows (nor its name, which may name a person).
      await audit.record(trx, actor, now, {
        action: 'attachment.added',
        entityType: 'opinion',
        entityId: input.opinionId,
        data: {
          attachment_id: id,
          media_type: prepared.mediaType,
          byte_size: prepared.data.length,
          sha256,
          metadata_removed: prepared.metadataRemoved,
        },
      });
      return id;
    });
    return ok({ id });
  } catch (err) {
    await store.remove(storageKey);
    throw err;
  }
}

export interface AttachmentFile {
  attachment: AttachmentRow;
  data: Buffer;
}

/** An attachment's stored bytes, for someone whose scope reads its opinion: otherwise not_found or forbidden. */
export async function attachmentFile(
  db: DB,
  store: AttachmentStore,
  id: number,
  scope: OpinionScope,
): Promise<Result<AttachmentFile>> {
  const attachment = await repo.findAttachment(db, id);
  if (!attachment) return notFound();
  const readable = await readableOpinion(db, attachment.opinion_id, scope);
  if (!readable.ok) return readable;
  return ok({ attachment, data: await store.read(attachment.storage_key) });
}
