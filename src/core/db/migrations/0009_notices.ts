import type { Kysely } from 'kysely';
import { createTenantTable, tenantRef, tenantUnique } from '../tenant';

/**
 * Notices (公告, issue #8) with the places they go to and their read receipts per account and per
 * household; rectification campaigns (整改告知书) with a notice per affected household or place, its
 * delivery, the resident's reply, the follow-up checks and the outcome.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createTenantTable(db, 'notices')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull()) // sanitised on write
    .addColumn('pinned', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // draft | published | withdrawn (expired is derived)
    .addColumn('publish_at', 'bigint') // null in a draft: "as soon as published"
    .addColumn('expire_at', 'bigint')
    .addColumn('notified_at', 'bigint') // residents told (once publish_at has come)
    .addColumn('created_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('published_at', 'bigint')
    .addColumn('published_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('withdrawn_at', 'bigint')
    .addColumn('withdrawn_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('withdraw_reason', 'text')
    .execute();
  await db.schema
    .createIndex('notices_state_idx')
    .on('notices')
    .columns(['community_id', 'state', 'publish_at'])
    .execute();

  // The places a notice or a rectification campaign covers. Scope columns are filled down to the
  // target's level (a building target carries its compound), so scope checks need no joins.
  let t = createTenantTable(db, 'notice_targets')
    .addColumn('subject_type', 'text', (c) => c.notNull()) // notice | campaign
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // community | compound | building | entrance
    .addColumn('compound_id', 'text')
    .addColumn('building_id', 'text')
    .addColumn('entrance_id', 'text');
  t = tenantRef(t, 'notice_targets', 'compound_id', 'compounds');
  t = tenantRef(t, 'notice_targets', 'building_id', 'buildings');
  await tenantRef(t, 'notice_targets', 'entrance_id', 'entrances').execute();
  await db.schema
    .createIndex('notice_targets_subject_idx')
    .on('notice_targets')
    .columns(['community_id', 'subject_type', 'subject_id'])
    .execute();

  let reads = createTenantTable(db, 'notice_reads')
    .addColumn('notice_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('read_at', 'bigint', (c) => c.notNull());
  reads = tenantRef(reads, 'notice_reads', 'notice_id', 'notices');
  await tenantUnique(reads, 'notice_reads', ['notice_id', 'account_id']).execute();
  await db.schema
    .createIndex('notice_reads_account_idx')
    .on('notice_reads')
    .columns(['account_id'])
    .execute();

  let homeReads = createTenantTable(db, 'notice_household_reads')
    .addColumn('notice_id', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id')) // the first reader
    .addColumn('read_at', 'bigint', (c) => c.notNull());
  homeReads = tenantRef(homeReads, 'notice_household_reads', 'notice_id', 'notices');
  homeReads = tenantRef(homeReads, 'notice_household_reads', 'household_id', 'households');
  await tenantUnique(homeReads, 'notice_household_reads', ['notice_id', 'household_id']).execute();

  await createTenantTable(db, 'rectification_settings')
    .addColumn('kinds', 'text', (c) => c.notNull()) // JSON [{code,nameZh,nameEn}]
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('rectification_settings_community_uq', ['community_id'])
    .execute();

  await createTenantTable(db, 'rectification_campaigns')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('problem', 'text', (c) => c.notNull()) // what was found
    .addColumn('requirement', 'text', (c) => c.notNull()) // what the household must do
    .addColumn('legal_basis', 'text')
    .addColumn('issuer', 'text', (c) => c.notNull()) // 落款, e.g. 甲社区居委会
    .addColumn('deadline', 'text', (c) => c.notNull()) // YYYY-MM-DD, Shanghai calendar
    .addColumn('state', 'text', (c) => c.notNull()) // open | closed
    .addColumn('figures', 'text', (c) => c.notNull()) // JSON [{label,value,unit}]
    .addColumn('summary_note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_by', 'text', (c) => c.references('accounts.id'))
    .execute();

  let n = createTenantTable(db, 'rectification_notices')
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull()) // number within the campaign, printed on the notice
    .addColumn('round', 'integer', (c) => c.notNull()) // 1, or 2 for a second notice…
    .addColumn('previous_id', 'text')
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text')
    .addColumn('entrance_id', 'text')
    .addColumn('room_id', 'text')
    .addColumn('household_id', 'text') // null: a place without a household (a stairwell, a fire lane)
    .addColumn('place_text', 'text')
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // issued | replied | done | not_done
    .addColumn('delivery_method', 'text') // posted | handed | read_in_app
    .addColumn('delivered_at', 'bigint')
    .addColumn('delivered_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('read_at', 'bigint')
    .addColumn('read_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('replied_at', 'bigint')
    .addColumn('replied_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('reply_note', 'text')
    .addColumn('outcome_at', 'bigint')
    .addColumn('outcome_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('next_step', 'text') // second_notice | law_enforcement | deliberation
    .addColumn('next_step_note', 'text')
    .addColumn('reminded_at', 'bigint')
    .addColumn('created_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  n = tenantRef(n, 'rectification_notices', 'campaign_id', 'rectification_campaigns');
  n = tenantRef(n, 'rectification_notices', 'previous_id', 'rectification_notices');
  n = tenantRef(n, 'rectification_notices', 'compound_id', 'compounds');
  n = tenantRef(n, 'rectification_notices', 'building_id', 'buildings');
  n = tenantRef(n, 'rectification_notices', 'entrance_id', 'entrances');
  n = tenantRef(n, 'rectification_notices', 'room_id', 'rooms');
  n = tenantRef(n, 'rectification_notices', 'household_id', 'households');
  await tenantUnique(n, 'rectification_notices', ['campaign_id', 'seq']).execute();
  await db.schema
    .createIndex('rectification_notices_household_idx')
    .on('rectification_notices')
    .columns(['community_id', 'household_id'])
    .execute();
  await db.schema
    .createIndex('rectification_notices_deadline_idx')
    .on('rectification_notices')
    .columns(['state', 'deadline'])
    .execute();

  let checks = createTenantTable(db, 'rectification_checks')
    .addColumn('notice_id', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull()) // done | not_done
    .addColumn('note', 'text')
    .addColumn('checked_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('checked_at', 'bigint', (c) => c.notNull());
  checks = tenantRef(checks, 'rectification_checks', 'notice_id', 'rectification_notices');
  await checks.execute();
  await db.schema
    .createIndex('rectification_checks_notice_idx')
    .on('rectification_checks')
    .columns(['community_id', 'notice_id'])
    .execute();
}
