// The list of migrations, in order. A static list (rather than scanning the folder) works the
// same under tsx, vitest and a compiled build.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_problems.js';
import * as m0003 from './0003_imports.js';
import * as m0004 from './0004_attachments.js';
import * as m0005 from './0005_rectifications.js';
import * as m0006 from './0006_evaluations.js';
import * as m0007 from './0007_void_ballots.js';
import * as m0008 from './0008_surveys.js';
import * as m0009 from './0009_dashboard.js';
import * as m0010 from './0010_shared_rate_limits.js';
import * as m0011 from './0011_speed_indexes.js';
import * as m0012 from './0012_round_and_questionnaire_states.js';
import * as m0013 from './0013_checkpoints_and_login_addresses.js';
import * as m0014 from './0014_rectification_submissions.js';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_problems': m0002,
  '0003_imports': m0003,
  '0004_attachments': m0004,
  '0005_rectifications': m0005,
  '0006_evaluations': m0006,
  '0007_void_ballots': m0007,
  '0008_surveys': m0008,
  '0009_dashboard': m0009,
  '0010_shared_rate_limits': m0010,
  '0011_speed_indexes': m0011,
  '0012_round_and_questionnaire_states': m0012,
  '0013_checkpoints_and_login_addresses': m0013,
  '0014_rectification_submissions': m0014,
};
