// Frozen: this migration describes the schema as it was when written. It imports nothing
// from server/, so later changes to the app cannot change what it does.
import { sql, type Kysely } from 'kysely';
import { serialKey, refuse, onPostgres } from './dialect.js';

const CHANNELS = [
  'leadership',
  'peer_review',
  'self_check',
  'visit',
  'questionnaire',
  'petition',
  'suggestion_box',
  'hotline',
  'supervisor',
  'enforcement',
];
const OPINION_STATES = ['received', 'triaged', 'linked', 'duplicate', 'not_actionable', 'hidden'];
const ROLES = ['administrator', 'coordinator', 'supervisor', 'unit_officer'];
const UNIT_KINDS = ['city', 'district', 'county', 'unit'];
const LOCALES = ['en', 'zh-CN'];

const inList = (column: string, values: string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('units')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('parent_id', 'integer', (c) => c.references('units.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(inList('kind', UNIT_KINDS)))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('units_parent_idx').on('units').column('parent_id').execute();

  await db.schema
    .createTable('unit_contacts')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('zh-CN').check(inList('locale', LOCALES)))
    .execute();
  await db.schema.createIndex('unit_contacts_unit_idx').on('unit_contacts').column('unit_id').execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(inList('role', ROLES)))
    .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en').check(inList('locale', LOCALES)))
    .addColumn('password_hash', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'text')
    .addCheckConstraint('users_unit_officer_has_unit', sql`role <> 'unit_officer' or unit_id is not null`)
    .execute();

  // Which units a supervisor watches.
  await db.schema
    .createTable('user_units')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_units_pk', ['user_id', 'unit_id'])
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  // The id is the SHA-256 of the cookie's token: a copy of the database holds no usable session.
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  // Failed logins per account, so the limit holds across addresses and restarts.
  await db.schema
    .createTable('login_failures')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_account_idx').on('login_failures').columns(['account', 'at']).execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('threshold', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(80)
        .check(sql`threshold between 1 and 100`),
    )
    .addColumn('quorum_numerator', 'integer', (c) => c.notNull().defaultTo(2))
    .addColumn('quorum_denominator', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'campaigns_quorum_fraction',
      sql`quorum_denominator > 0 and quorum_numerator >= 0 and quorum_numerator <= quorum_denominator`,
    )
    .addCheckConstraint('campaigns_period', sql`ends_on >= starts_on`)
    .execute();

  await db.schema
    .createTable('conduct_rules')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('opinions')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('tracking_code', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull().check(inList('channel', CHANNELS)))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('conduct_rule_id', 'integer', (c) => c.references('conduct_rules.id'))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('received').check(inList('state', OPINION_STATES)))
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('submitter_name', 'text')
    .addColumn('submitter_phone', 'text')
    .addColumn('submitter_email', 'text')
    .addColumn('locale', 'text', (c) => c.notNull().check(inList('locale', LOCALES)))
    // The channel's own particulars (caller number, reference number, ...), as JSON.
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // A key carried by the form, so a double submit creates one opinion, not two.
    .addColumn('submission_key', 'text', (c) => c.unique())
    .execute();
  await db.schema
    .createIndex('opinions_campaign_channel_idx')
    .on('opinions')
    .columns(['campaign_id', 'channel'])
    .execute();
  await db.schema
    .createIndex('opinions_campaign_received_idx')
    .on('opinions')
    .columns(['campaign_id', 'received_at'])
    .execute();
  await db.schema.createIndex('opinions_unit_idx').on('opinions').column('unit_id').execute();
  await db.schema.createIndex('opinions_recorded_by_idx').on('opinions').column('recorded_by').execute();

  // The opinion's history as its submitter may see it: states and public notes, no staff names.
  await db.schema
    .createTable('opinion_events')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('opinion_id', 'integer', (c) => c.notNull().references('opinions.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('opinion_events_opinion_idx').on('opinion_events').column('opinion_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('reason', 'text')
    .addColumn('data', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity_type', 'entity_id']).execute();

  // Append-only and never deleted, enforced by the database itself.
  await refuse(db, 'audit_log_no_update', { event: 'update', on: 'audit_log', message: 'audit_log is append-only' });
  await refuse(db, 'audit_log_no_delete', { event: 'delete', on: 'audit_log', message: 'audit_log is append-only' });
  await refuse(db, 'opinions_no_delete', { event: 'delete', on: 'opinions', message: 'opinions are never deleted' });
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_log',
    'opinion_events',
    'opinions',
    'conduct_rules',
    'campaigns',
    'login_failures',
    'sessions',
    'invitations',
    'user_units',
    'users',
    'unit_contacts',
    'units',
    'settings',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  if (onPostgres(db)) await sql`drop function if exists portal_refuse`.execute(db);
}
