import { sql, type Kysely } from 'kysely';
import { createTenantTable, tenantRef, tenantUnique } from '../tenant';

/**
 * Volunteers and activities (issue #7): volunteer profiles (志愿者档案) with skills and availability,
 * recruitment campaigns (招募) with a sign-up link, requests to join a squad, the service ledger
 * (服务记录) behind every hour counted, and activities (活动) with sign-ups, a waiting list and
 * check-in at the door.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per community, made with the defaults the first time someone saves.
  await createTenantTable(db, 'volunteer_settings')
    .addColumn('skills', 'text', (c) => c.notNull()) // JSON [{code,nameZh,nameEn}]
    .addColumn('points_enabled', 'integer', (c) => c.notNull())
    .addColumn('points_per_hour', 'integer', (c) => c.notNull())
    .addColumn('order_minutes', 'integer', (c) => c.notNull())
    .addColumn('visit_minutes', 'integer', (c) => c.notNull())
    .addColumn('patrol_max_minutes', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('volunteer_settings_community_uq', ['community_id'])
    .execute();

  let t;
  t = createTenantTable(db, 'volunteer_profiles')
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('skills', 'text', (c) => c.notNull()) // JSON [code]
    .addColumn('tags', 'text', (c) => c.notNull()) // JSON [free text]
    .addColumn('availability', 'text', (c) => c.notNull()) // JSON {weekdays, slots}
    .addColumn('grid_id', 'text')
    .addColumn('compound_id', 'text')
    .addColumn('is_party_member', 'integer', (c) => c.notNull())
    .addColumn('cobuild_unit_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // active | paused | left
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'volunteer_profiles', 'person_id', 'people');
  t = tenantRef(t, 'volunteer_profiles', 'grid_id', 'grids');
  t = tenantRef(t, 'volunteer_profiles', 'compound_id', 'compounds');
  t = tenantRef(t, 'volunteer_profiles', 'cobuild_unit_id', 'cobuild_units');
  await tenantUnique(t, 'volunteer_profiles', ['person_id']).execute();
  await db.schema
    .createIndex('volunteer_profiles_account_idx')
    .on('volunteer_profiles')
    .columns(['account_id'])
    .execute();

  t = createTenantTable(db, 'recruitment_campaigns')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text')
    .addColumn('squad_id', 'text') // approving a request made through it joins this squad
    .addColumn('skills_wanted', 'text', (c) => c.notNull()) // JSON [code]
    .addColumn('starts_on', 'text', (c) => c.notNull()) // YYYY-MM-DD
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('signup_token', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // open | closed
    .addColumn('created_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint');
  t = tenantRef(t, 'recruitment_campaigns', 'compound_id', 'compounds');
  await tenantRef(t, 'recruitment_campaigns', 'squad_id', 'squads').execute();
  // The public page finds its campaign by token alone (the visitor does not know the community).
  await db.schema
    .createIndex('recruitment_campaigns_token_idx')
    .on('recruitment_campaigns')
    .columns(['signup_token'])
    .execute();

  t = createTenantTable(db, 'squad_join_requests')
    .addColumn('squad_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('campaign_id', 'text')
    .addColumn('message', 'text')
    .addColumn('skills', 'text', (c) => c.notNull()) // JSON [code]
    .addColumn('state', 'text', (c) => c.notNull()) // pending | approved | rejected | withdrawn
    .addColumn('decided_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('decided_at', 'bigint')
    .addColumn('decision_note', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'squad_join_requests', 'squad_id', 'squads');
  t = tenantRef(t, 'squad_join_requests', 'person_id', 'people');
  await tenantRef(t, 'squad_join_requests', 'campaign_id', 'recruitment_campaigns').execute();
  // One pending request per person and squad: a second tap finds the first.
  await db.schema
    .createIndex('squad_join_requests_pending_uq')
    .on('squad_join_requests')
    .columns(['community_id', 'squad_id', 'person_id'])
    .unique()
    .where(sql.ref('state'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('squad_join_requests_account_idx')
    .on('squad_join_requests')
    .columns(['account_id'])
    .execute();

  t = createTenantTable(db, 'service_entries')
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('squad_id', 'text')
    .addColumn('compound_id', 'text')
    .addColumn('source_kind', 'text', (c) => c.notNull()) // order | activity | patrol | visit | manual
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('served', 'integer') // people served, where known
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('voided_at', 'bigint')
    .addColumn('voided_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('void_reason', 'text');
  t = tenantRef(t, 'service_entries', 'person_id', 'people');
  t = tenantRef(t, 'service_entries', 'squad_id', 'squads');
  t = tenantRef(t, 'service_entries', 'compound_id', 'compounds');
  // Hours are never counted twice for one source: a repeated credit is ignored.
  await tenantUnique(t, 'service_entries', ['source_kind', 'source_id', 'person_id']).execute();
  await db.schema
    .createIndex('service_entries_person_idx')
    .on('service_entries')
    .columns(['community_id', 'person_id', 'at'])
    .execute();
  await db.schema
    .createIndex('service_entries_at_idx')
    .on('service_entries')
    .columns(['community_id', 'at'])
    .execute();

  t = createTenantTable(db, 'activities')
    .addColumn('compound_id', 'text') // null: community-wide
    .addColumn('squad_id', 'text') // the organising squad
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('capacity', 'integer') // null: unlimited
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('signup_mode', 'text', (c) => c.notNull()) // open | screened (自主报名+筛选)
    .addColumn('signup_closes_at', 'bigint')
    .addColumn('cover_file_id', 'text')
    .addColumn('checkin_token', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // draft | published | cancelled | held
    .addColumn('summary', 'text')
    .addColumn('served_count', 'integer')
    .addColumn('created_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull());
  t = tenantRef(t, 'activities', 'compound_id', 'compounds');
  await tenantRef(t, 'activities', 'squad_id', 'squads').execute();
  await db.schema
    .createIndex('activities_starts_idx')
    .on('activities')
    .columns(['community_id', 'starts_at'])
    .execute();
  // A resident's page and the door's QR code name the activity alone.
  await db.schema.createIndex('activities_id_idx').on('activities').columns(['id']).execute();
  await db.schema.createIndex('activities_checkin_idx').on('activities').columns(['checkin_token']).execute();

  t = createTenantTable(db, 'activity_signups')
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('as_volunteer', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // pending | confirmed | waitlisted | rejected | cancelled
    .addColumn('position', 'integer') // the place on the waiting list
    .addColumn('note', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('decided_at', 'bigint')
    .addColumn('checked_in_at', 'bigint')
    .addColumn('checked_in_via', 'text') // qr | staff
    .addColumn('reminded_at', 'bigint')
    .addColumn('client_key', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'activity_signups', 'activity_id', 'activities');
  await tenantRef(t, 'activity_signups', 'person_id', 'people').execute();
  await db.schema
    .createIndex('activity_signups_activity_idx')
    .on('activity_signups')
    .columns(['community_id', 'activity_id', 'state'])
    .execute();
  await db.schema
    .createIndex('activity_signups_account_idx')
    .on('activity_signups')
    .columns(['account_id'])
    .execute();
  // One live sign-up per account and activity; a cancelled or rejected one may be followed by another.
  await db.schema
    .createIndex('activity_signups_live_uq')
    .on('activity_signups')
    .columns(['community_id', 'activity_id', 'account_id'])
    .unique()
    .where(sql.ref('state'), 'in', sql`('pending', 'confirmed', 'waitlisted')`)
    .execute();
  // A flaky phone repeating a sign-up with its key finds the first one.
  await db.schema
    .createIndex('activity_signups_client_key_uq')
    .on('activity_signups')
    .columns(['community_id', 'account_id', 'client_key'])
    .unique()
    .where(sql.ref('client_key'), 'is not', null)
    .execute();
}
