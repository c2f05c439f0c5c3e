// File uploads (attachments, CSV imports): multipart bodies are read whole into memory, up to a
// size limit, before the CSRF check runs, so an upload form is protected like any other.
// Handlers read them with uploadedForm(): text fields as strings, files as buffers.
import multipart, { type MultipartFile, type MultipartValue } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { UPLOAD_MAX_BYTES, type UploadedFile, type UploadedForm } from '../shared/upload.js';

export { UPLOAD_MAX_BYTES, type UploadedFile, type UploadedForm };

const MAX_FILES = 5;

type Part = MultipartFile | MultipartValue;

/** A multipart body as text fields and files; empty file inputs (no name, no bytes) are left out. */
export async function uploadedForm(body: unknown): Promise<UploadedForm> {
  const out: UploadedForm = { fields: {}, files: [] };
  if (!body || typeof body !== 'object') return out;
  for (const [name, entry] of Object.entries(body as Record<string, Part | Part[]>)) {
    for (const part of [entry].flat()) {
      // A urlencoded body (a form posted without its file input) holds plain strings, not parts.
      if (!part || typeof part !== 'object' || !('type' in part)) continue;
      if (part.type === 'field') {
        if (typeof part.value === 'string') out.fields[name] = part.value;
      } else {
        const data = await part.toBuffer();
        if (part.filename === '' && data.length === 0) continue;
        out.files.push({ field: name, filename: part.filename, data, tooLarge: part.file.truncated });
      }
    }
  }
  return out;
}

/**
 * Requests whose multipart body is being read. What fails while it is (no boundary, a body cut
 * short, a malformed part header: busboy's errors carry no status) is the sender's fault: the
 * error handler (plugins/errors.ts) answers those 400, not 500.
 */
const reading = new WeakSet<FastifyRequest>();
export const failedReadingMultipart = (req: FastifyRequest): boolean => reading.has(req);

export default fp(
  async (app) => {
    // Around @fastify/multipart's own preValidation hook, which reads the body: hooks run in the order added.
    app.addHook('preValidation', async (req) => {
      if (req.isMultipart()) reading.add(req);
    });
    await app.register(multipart, {
      attachFieldsToBody: true,
      // Oversize files are marked (tooLarge) rather than thrown, so the form can say so next to the field.
      throwFileSizeLimit: false,
      limits: { fileSize: UPLOAD_MAX_BYTES, files: MAX_FILES, fields: 50, fieldSize: 256 * 1024 },
    });
    app.addHook('preValidation', async (req) => {
      reading.delete(req);
    });
  },
  { name: 'uploads' },
);
