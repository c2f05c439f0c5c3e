// Invitation codes for a questionnaire: the same mechanism as ballot codes (shared/codes.ts:
// random, 28 characters of the code alphabet ≈ 136 bits, typed in groups of four), with their own
// hash prefix, so a ballot code's hash can never be a questionnaire code's.
import { createHash } from 'node:crypto';
import { CODE_ALPHABET, generateCode, groupCode, normaliseCode } from '../shared/codes.js';

export const SURVEY_CODE_LENGTH = 28;
export const SURVEY_CODE_BITS = Math.floor(Math.log2(CODE_ALPHABET.length) * SURVEY_CODE_LENGTH);

export const newSurveyCode = (): string => generateCode(SURVEY_CODE_LENGTH);

export const groupSurveyCode = groupCode;

/** The code as typed (case, spaces, dashes ignored), or null if it cannot be one. */
export function readSurveyCode(input: unknown): string | null {
  return normaliseCode(input, SURVEY_CODE_LENGTH);
}

/** The stored form: with 136 random bits there is nothing to guess, so a plain SHA-256 is enough. */
export function hashSurveyCode(code: string): string {
  return createHash('sha256').update(`questionnaire:${code}`).digest('hex');
}
