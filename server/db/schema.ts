// The whole database as Kysely sees it: each domain owns its tables' row types.
import type { LookingBackChecksTable } from '../looking-back/tables.js';
import type {
  InvitationsTable,
  LoginFailuresTable,
  SessionsTable,
  UserUnitsTable,
  UsersTable,
} from '../accounts/tables.js';
import type { AttachmentsTable, OpinionOriginalsTable } from '../attachments/tables.js';
import type { AuditCheckpointTable, AuditLogTable } from '../audit/tables.js';
import type { CampaignsTable, ConductRulesTable } from '../campaigns/tables.js';
import type {
  BallotIssuesTable,
  BallotsTable,
  EvaluationRoundsTable,
  PaperTalliesTable,
  PeopleTable,
  PersonUnitsTable,
  SolicitationNotesTable,
  VotesTable,
} from '../evaluations/tables.js';
import type { ImportsTable } from '../imports/tables.js';
import type { OpinionEventsTable, OpinionsTable } from '../opinions/tables.js';
import type { ProblemsTable } from '../problems/tables.js';
import type {
  OpinionTalliesTable,
  ProblemOpinionTalliesTable,
  RectificationTalliesTable,
} from '../dashboard/tables.js';
import type {
  MeasuresTable,
  OverdueRemindersTable,
  ProgressReportsTable,
  RectificationEventsTable,
  RectificationsTable,
  RectificationSubmissionsTable,
  RevisionMeasuresTable,
} from '../rectifications/tables.js';
import type { RateLimitHitsTable } from '../limits/tables.js';
import type { SettingsTable } from '../settings/tables.js';
import type {
  SurveyAnswersTable,
  SurveyCodesTable,
  SurveyQuestionsTable,
  SurveyResponsesTable,
  SurveysTable,
} from '../surveys/tables.js';
import type { UnitContactsTable, UnitsTable } from '../units/tables.js';

export interface Database {
  settings: SettingsTable;
  units: UnitsTable;
  unit_contacts: UnitContactsTable;
  users: UsersTable;
  user_units: UserUnitsTable;
  invitations: InvitationsTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  campaigns: CampaignsTable;
  conduct_rules: ConductRulesTable;
  opinions: OpinionsTable;
  opinion_events: OpinionEventsTable;
  audit_log: AuditLogTable;
  audit_checkpoints: AuditCheckpointTable;
  problems: ProblemsTable;
  imports: ImportsTable;
  attachments: AttachmentsTable;
  opinion_originals: OpinionOriginalsTable;
  rectifications: RectificationsTable;
  measures: MeasuresTable;
  rectification_submissions: RectificationSubmissionsTable;
  revision_measures: RevisionMeasuresTable;
  progress_reports: ProgressReportsTable;
  rectification_events: RectificationEventsTable;
  overdue_reminders: OverdueRemindersTable;
  people: PeopleTable;
  person_units: PersonUnitsTable;
  evaluation_rounds: EvaluationRoundsTable;
  ballots: BallotsTable;
  ballot_issues: BallotIssuesTable;
  votes: VotesTable;
  paper_tallies: PaperTalliesTable;
  solicitation_notes: SolicitationNotesTable;
  looking_back_checks: LookingBackChecksTable;
  surveys: SurveysTable;
  survey_questions: SurveyQuestionsTable;
  survey_codes: SurveyCodesTable;
  survey_responses: SurveyResponsesTable;
  survey_answers: SurveyAnswersTable;
  opinion_tallies: OpinionTalliesTable;
  problem_opinion_tallies: ProblemOpinionTalliesTable;
  rectification_tallies: RectificationTalliesTable;
  rate_limit_hits: RateLimitHitsTable;
}
