import type { Kysely } from 'kysely';
import { createTenantTable, tenantRef, tenantUnique } from '../tenant';

/**
 * Residents' conventions (居民公约, issue #9) with their versions, the households' opinions (征求意见)
 * and pledges (承诺); the red/black list (红黑榜) of how households keep them, with its masking rule
 * and the households' appeals (申诉); the duty rules of owners' committee members (九不准) with
 * their acknowledgements and the reports of breaches.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  let t;
  t = createTenantTable(db, 'conventions')
    .addColumn('compound_id', 'text') // null: community-wide
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // drafting | consulting | adopted | superseded
    .addColumn('current_version_id', 'text')
    .addColumn('adopted_version_id', 'text')
    .addColumn('adopted_by_kind', 'text') // meeting_decision | assembly
    .addColumn('adopted_ref', 'text') // the decision's or the assembly's id
    .addColumn('adopted_at', 'bigint')
    .addColumn('adopted_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('consulting_at', 'bigint')
    .addColumn('published_at', 'bigint')
    .addColumn('superseded_at', 'bigint')
    .addColumn('created_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  await tenantRef(t, 'conventions', 'compound_id', 'compounds').execute();
  // A resident's page names the convention alone (/me/conventions/:id).
  await db.schema.createIndex('conventions_id_idx').on('conventions').columns(['id']).execute();

  t = createTenantTable(db, 'convention_versions')
    .addColumn('convention_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('articles', 'text', (c) => c.notNull()) // JSON [{number, title?, text}]
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'convention_versions', 'convention_id', 'conventions');
  // Two clerks saving at once make versions 2 and 3, never two 2s.
  await tenantUnique(t, 'convention_versions', ['convention_id', 'number']).execute();

  t = createTenantTable(db, 'convention_opinions')
    .addColumn('convention_id', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('article_number', 'integer') // null: on the convention as a whole
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text', (c) => c.notNull()) // the household's, for coverage by building
    .addColumn('account_id', 'text', (c) => c.references('accounts.id')) // null: entered door to door
    .addColumn('channel', 'text', (c) => c.notNull()) // online | door_to_door
    .addColumn('entered_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('stance', 'text', (c) => c.notNull()) // agree | disagree | suggest
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('client_key', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('reply', 'text')
    .addColumn('reply_public', 'integer', (c) => c.notNull().defaultTo(0)) // shown to the neighbours
    .addColumn('replied_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('replied_at', 'bigint');
  t = tenantRef(t, 'convention_opinions', 'convention_id', 'conventions');
  t = tenantRef(t, 'convention_opinions', 'version_id', 'convention_versions');
  t = tenantRef(t, 'convention_opinions', 'household_id', 'households');
  t = tenantRef(t, 'convention_opinions', 'building_id', 'buildings');
  // A phone that sends the same opinion twice makes one (NULL keys never clash).
  await tenantUnique(t, 'convention_opinions', ['account_id', 'client_key']).execute();
  await db.schema
    .createIndex('convention_opinions_convention_idx')
    .on('convention_opinions')
    .columns(['community_id', 'convention_id', 'created_at'])
    .execute();

  t = createTenantTable(db, 'convention_pledges')
    .addColumn('convention_id', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('channel', 'text', (c) => c.notNull()) // online | door_to_door
    .addColumn('entered_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'convention_pledges', 'convention_id', 'conventions');
  t = tenantRef(t, 'convention_pledges', 'version_id', 'convention_versions');
  t = tenantRef(t, 'convention_pledges', 'household_id', 'households');
  t = tenantRef(t, 'convention_pledges', 'building_id', 'buildings');
  await tenantUnique(t, 'convention_pledges', ['convention_id', 'household_id']).execute();

  await createTenantTable(db, 'red_black_settings')
    .addColumn('mask', 'text', (c) => c.notNull()) // building_room | surname | none
    .addColumn('red_shows_name', 'integer', (c) => c.notNull()) // red list: place and masked name
    .addColumn('default_days', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('red_black_settings_community_uq', ['community_id'])
    .execute();

  t = createTenantTable(db, 'red_black_entries')
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text', (c) => c.notNull()) // the household's, for grid scope
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('list', 'text', (c) => c.notNull()) // red | black
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('convention_id', 'text')
    .addColumn('article_number', 'integer') // required on the black list: the article breached
    .addColumn('state', 'text', (c) => c.notNull()) // proposed | approved | published | expired | removed | rejected
    .addColumn('branch_reviewed_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('branch_reviewed_at', 'bigint')
    .addColumn('committee_reviewed_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('committee_reviewed_at', 'bigint')
    .addColumn('review_note', 'text')
    .addColumn('rejected_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('rejected_at', 'bigint')
    .addColumn('publish_from', 'bigint')
    .addColumn('publish_until', 'bigint')
    .addColumn('published_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('expired_at', 'bigint')
    .addColumn('removed_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('removed_at', 'bigint')
    .addColumn('removal_reason', 'text')
    .addColumn('proposed_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull());
  t = tenantRef(t, 'red_black_entries', 'compound_id', 'compounds');
  t = tenantRef(t, 'red_black_entries', 'building_id', 'buildings');
  t = tenantRef(t, 'red_black_entries', 'household_id', 'households');
  await tenantRef(t, 'red_black_entries', 'convention_id', 'conventions').execute();
  await db.schema
    .createIndex('red_black_entries_state_idx')
    .on('red_black_entries')
    .columns(['community_id', 'state', 'publish_until'])
    .execute();
  await db.schema.createIndex('red_black_entries_id_idx').on('red_black_entries').columns(['id']).execute();

  t = createTenantTable(db, 'red_black_appeals')
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // open | upheld | dismissed
    // The entry's id while open, null once decided: one open appeal per entry, on both databases.
    .addColumn('open_key', 'text')
    .addColumn('client_key', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('decided_at', 'bigint')
    .addColumn('decision_text', 'text')
    .addColumn('reminded_at', 'bigint') // reviewers told it is waiting too long
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'red_black_appeals', 'entry_id', 'red_black_entries');
  t = tenantRef(t, 'red_black_appeals', 'compound_id', 'compounds');
  t = tenantRef(t, 'red_black_appeals', 'household_id', 'households');
  t = tenantUnique(t, 'red_black_appeals', ['open_key']);
  await tenantUnique(t, 'red_black_appeals', ['account_id', 'client_key']).execute();
  await db.schema
    .createIndex('red_black_appeals_state_idx')
    .on('red_black_appeals')
    .columns(['state', 'created_at'])
    .execute();

  t = createTenantTable(db, 'duty_rule_sets')
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull()) // JSON [string]
    .addColumn('version', 'integer', (c) => c.notNull()) // 1, 2… per compound; the highest is in force
    .addColumn('created_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'duty_rule_sets', 'compound_id', 'compounds');
  await tenantUnique(t, 'duty_rule_sets', ['compound_id', 'version']).execute();
  await db.schema.createIndex('duty_rule_sets_id_idx').on('duty_rule_sets').columns(['id']).execute();

  t = createTenantTable(db, 'duty_rule_acks')
    .addColumn('rule_set_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('acknowledged_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'duty_rule_acks', 'rule_set_id', 'duty_rule_sets');
  t = tenantRef(t, 'duty_rule_acks', 'person_id', 'people');
  await tenantUnique(t, 'duty_rule_acks', ['rule_set_id', 'person_id']).execute();

  t = createTenantTable(db, 'duty_rule_reports')
    .addColumn('rule_set_id', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('member_person_id', 'text') // null: the reporter did not name the member
    .addColumn('rule_index', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('reporter_account_id', 'text', (c) => c.references('accounts.id')) // null: anonymous
    .addColumn('state', 'text', (c) => c.notNull()) // open | upheld | dismissed
    .addColumn('decided_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('decided_at', 'bigint')
    .addColumn('decision_text', 'text')
    .addColumn('reminded_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'duty_rule_reports', 'rule_set_id', 'duty_rule_sets');
  t = tenantRef(t, 'duty_rule_reports', 'compound_id', 'compounds');
  await tenantRef(t, 'duty_rule_reports', 'member_person_id', 'people').execute();
  await db.schema
    .createIndex('duty_rule_reports_state_idx')
    .on('duty_rule_reports')
    .columns(['state', 'created_at'])
    .execute();
}
