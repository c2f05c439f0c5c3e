// The redaction form: passages typed one per line, and the detected details ticked. Each is
// taken exactly as written (only the line's surrounding spaces are trimmed); whether it is in
// the text is the service's to check.
import { z } from 'zod';

export const PASSAGE_MIN = 2;
export const PASSAGE_MAX = 500;
export const PASSAGES_MAX = 50;

const lines = (s: string) =>
  s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

export const RedactionForm = z.object({
  passages: z
    .string()
    .optional()
    .transform((s) => [...new Set(lines(s ?? ''))])
    .pipe(
      z
        .array(
          z
            .string()
            .min(PASSAGE_MIN, 'redaction.errors.passageTooShort')
            .max(PASSAGE_MAX, 'redaction.errors.passageTooLong'),
        )
        .max(PASSAGES_MAX, 'redaction.errors.tooMany'),
    ),
  detected: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => [...new Set((v === undefined ? [] : [v].flat()).filter((s) => s !== ''))])
    .pipe(z.array(z.string().max(PASSAGE_MAX, 'errors.invalid')).max(PASSAGES_MAX, 'errors.invalid')),
});
export type RedactionForm = z.infer<typeof RedactionForm>;
