// The list of migrations, in order. A static list (rather than scanning the folder) works the
// same under tsx, vitest and a compiled build.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};
