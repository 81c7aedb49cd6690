import type { Kysely } from 'kysely';
import { createTenantTable, tenantRef, tenantUnique } from '../tenant';

// Times are UTC instants in epoch milliseconds (bigint); calendar dates are 'YYYY-MM-DD' text;
// booleans are integers 0/1 so one schema serves SQLite and PostgreSQL alike.

export async function up(db: Kysely<unknown>): Promise<void> {
  // ---- reference tables: not owned by one community ----
  await db.schema
    .createTable('streets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', 'bigint')
    .execute();
  await db.schema
    .createTable('communities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('street_id', 'text', (c) => c.notNull().references('streets.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('address', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', 'bigint')
    .execute();
  await db.schema
    .createTable('property_companies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'text', (c) => c.unique())
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', 'bigint')
    .execute();
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone_sealed', 'text', (c) => c.notNull())
    .addColumn('phone_hash', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('locale', 'text')
    .addColumn('large_text', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_platform_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('password_changed_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .execute();
  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('ended_reason', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema
    .createIndex('sessions_account_idx')
    .on('sessions')
    .columns(['account_id', 'ended_at'])
    .execute();
  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('succeeded', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_attempts_phone_idx')
    .on('login_attempts')
    .columns(['phone_hash', 'at'])
    .execute();
  await db.schema.createIndex('login_attempts_ip_idx').on('login_attempts').columns(['ip', 'at']).execute();
  await db.schema
    .createTable('street_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('street_id', 'text', (c) => c.notNull().references('streets.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text')
    .addColumn('granted_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_by', 'text')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('street_grants_account_idx').on('street_grants').column('account_id').execute();
  await db.schema
    .createTable('platform_audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_account_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('street_id', 'text')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('ip', 'text')
    .addColumn('request_id', 'text')
    .execute();

  // ---- tenant tables ----
  await createTenantTable(db, 'audit_log')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_account_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('ip', 'text')
    .addColumn('request_id', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['community_id', 'at']).execute();

  await createTenantTable(db, 'grants')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scope_kind', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text')
    .addColumn('granted_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_by', 'text')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('grants_account_idx')
    .on('grants')
    .columns(['account_id', 'revoked_at'])
    .execute();

  let t;
  t = createTenantTable(db, 'compounds')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('year_built', 'integer')
    .addColumn('property_company_id', 'text', (c) => c.references('property_companies.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', 'bigint');
  await tenantUnique(t, 'compounds', ['name']).execute();

  t = createTenantTable(db, 'buildings')
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('floors', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', 'bigint');
  t = tenantRef(t, 'buildings', 'compound_id', 'compounds');
  await tenantUnique(t, 'buildings', ['compound_id', 'name']).execute();

  t = createTenantTable(db, 'entrances')
    .addColumn('building_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', 'bigint');
  t = tenantRef(t, 'entrances', 'building_id', 'buildings');
  await tenantUnique(t, 'entrances', ['building_id', 'name']).execute();

  // 房屋 / 专有部分. compound_id and building_id repeat the entrance's so scope filters need no joins.
  t = createTenantTable(db, 'rooms')
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text', (c) => c.notNull())
    .addColumn('entrance_id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('floor', 'integer')
    .addColumn('area_centi', 'bigint', (c) => c.notNull()) // hundredths of m²
    .addColumn('area_source', 'text', (c) => c.notNull()) // register | survey | contract
    .addColumn('use', 'text', (c) => c.notNull()) // residence | shop | parking | other
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', 'bigint');
  t = tenantRef(t, 'rooms', 'compound_id', 'compounds');
  t = tenantRef(t, 'rooms', 'building_id', 'buildings');
  t = tenantRef(t, 'rooms', 'entrance_id', 'entrances');
  await tenantUnique(t, 'rooms', ['entrance_id', 'number']).execute();
  await db.schema
    .createIndex('rooms_building_idx')
    .on('rooms')
    .columns(['community_id', 'building_id'])
    .execute();

  t = createTenantTable(db, 'people')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone_sealed', 'text')
    .addColumn('phone_hash', 'text')
    .addColumn('id_number_sealed', 'text')
    .addColumn('id_number_hash', 'text')
    .addColumn('gender', 'text')
    .addColumn('birth_year', 'integer')
    .addColumn('political_status', 'text', (c) => c.notNull()) // party_member | probationary | league | masses
    .addColumn('flags', 'text', (c) => c.notNull()) // JSON array: living_alone, empty_nest, disabled, …
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('notes', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', 'bigint');
  await tenantUnique(t, 'people', ['id_number_hash']).execute();
  await db.schema
    .createIndex('people_phone_idx')
    .on('people')
    .columns(['community_id', 'phone_hash'])
    .execute();
  await db.schema.createIndex('people_account_idx').on('people').column('account_id').execute();

  t = createTenantTable(db, 'households')
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('head_person_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_by', 'text');
  t = tenantRef(t, 'households', 'room_id', 'rooms');
  t = tenantRef(t, 'households', 'compound_id', 'compounds');
  t = tenantRef(t, 'households', 'building_id', 'buildings');
  await tenantRef(t, 'households', 'head_person_id', 'people').execute();

  // Who lives in a household: owner, tenant or family member, from–to.
  t = createTenantTable(db, 'residencies')
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // owner | tenant | family
    .addColumn('relation', 'text') // 与户主关系: 本人, 配偶, 子女, …
    .addColumn('since', 'text')
    .addColumn('until', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'residencies', 'household_id', 'households');
  await tenantRef(t, 'residencies', 'person_id', 'people').execute();
  await db.schema
    .createIndex('residencies_person_idx')
    .on('residencies')
    .columns(['community_id', 'person_id'])
    .execute();
  await db.schema
    .createIndex('residencies_household_idx')
    .on('residencies')
    .columns(['community_id', 'household_id'])
    .execute();

  // Who owns which room. The developer's unsold rooms have no person; one owner row per room is its voter (§6).
  t = createTenantTable(db, 'ownerships')
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('is_developer', 'integer', (c) => c.notNull())
    .addColumn('is_voter', 'integer', (c) => c.notNull())
    .addColumn('since', 'text')
    .addColumn('until', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint');
  t = tenantRef(t, 'ownerships', 'room_id', 'rooms');
  t = tenantRef(t, 'ownerships', 'compound_id', 'compounds');
  await tenantRef(t, 'ownerships', 'person_id', 'people').execute();
  await db.schema
    .createIndex('ownerships_room_idx')
    .on('ownerships')
    .columns(['community_id', 'room_id'])
    .execute();
  await db.schema
    .createIndex('ownerships_person_idx')
    .on('ownerships')
    .columns(['community_id', 'person_id'])
    .execute();

  // 网格
  t = createTenantTable(db, 'grids')
    .addColumn('compound_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', 'bigint');
  t = tenantRef(t, 'grids', 'compound_id', 'compounds');
  await tenantUnique(t, 'grids', ['name']).execute();

  t = db.schema
    .createTable('grid_buildings')
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id'))
    .addColumn('grid_id', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('grid_buildings_pk', ['community_id', 'grid_id', 'building_id']);
  t = tenantRef(t, 'grid_buildings', 'grid_id', 'grids');
  t = tenantRef(t, 'grid_buildings', 'building_id', 'buildings');
  // A building belongs to one grid, so "whose grid is this door in" has one answer.
  await tenantUnique(t, 'grid_buildings', ['building_id']).execute();

  t = createTenantTable(db, 'grid_workers')
    .addColumn('grid_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull()) // leader (网格长) | worker (网格员)
    .addColumn('since', 'text')
    .addColumn('until', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint');
  t = tenantRef(t, 'grid_workers', 'grid_id', 'grids');
  await tenantRef(t, 'grid_workers', 'person_id', 'people').execute();

  // 党组织: community committee → compound branch → building group → central household (党员中心户)
  t = createTenantTable(db, 'party_orgs')
    .addColumn('parent_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull()) // committee | branch | group | central_household
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text')
    .addColumn('building_id', 'text')
    .addColumn('household_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', 'bigint');
  t = tenantRef(t, 'party_orgs', 'parent_id', 'party_orgs');
  t = tenantRef(t, 'party_orgs', 'compound_id', 'compounds');
  t = tenantRef(t, 'party_orgs', 'building_id', 'buildings');
  await tenantRef(t, 'party_orgs', 'household_id', 'households').execute();

  t = createTenantTable(db, 'party_positions')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('position', 'text', (c) => c.notNull()) // secretary | deputy_secretary | committee_member | member
    .addColumn('since', 'text')
    .addColumn('until', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint');
  t = tenantRef(t, 'party_positions', 'org_id', 'party_orgs');
  await tenantRef(t, 'party_positions', 'person_id', 'people').execute();

  // 业委会 and its terms
  t = createTenantTable(db, 'owner_committees')
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('term_no', 'integer', (c) => c.notNull())
    .addColumn('term_start', 'text')
    .addColumn('term_end', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // preparing | serving | ended
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'owner_committees', 'compound_id', 'compounds');
  await tenantUnique(t, 'owner_committees', ['compound_id', 'term_no']).execute();

  t = createTenantTable(db, 'committee_members')
    .addColumn('committee_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('position', 'text', (c) => c.notNull()) // chair | vice_chair | member
    .addColumn('since', 'text')
    .addColumn('until', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint');
  t = tenantRef(t, 'committee_members', 'committee_id', 'owner_committees');
  await tenantRef(t, 'committee_members', 'person_id', 'people').execute();

  t = createTenantTable(db, 'property_contracts')
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('company_id', 'text', (c) => c.notNull().references('property_companies.id'))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .addColumn('fee_fen_per_m2_month', 'integer')
    .addColumn('status', 'text', (c) => c.notNull()) // active | ended | terminated
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  await tenantRef(t, 'property_contracts', 'compound_id', 'compounds').execute();

  // 共建单位: utilities, telecoms, schools and the like that work with the community
  await createTenantTable(db, 'cobuild_units')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', 'bigint')
    .execute();

  // 志愿服务分队
  t = createTenantTable(db, 'squads')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text')
    .addColumn('grid_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', 'bigint');
  t = tenantRef(t, 'squads', 'compound_id', 'compounds');
  await tenantRef(t, 'squads', 'grid_id', 'grids').execute();

  t = createTenantTable(db, 'squad_members')
    .addColumn('squad_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull()) // leader | member
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addColumn('left_at', 'bigint');
  t = tenantRef(t, 'squad_members', 'squad_id', 'squads');
  await tenantRef(t, 'squad_members', 'person_id', 'people').execute();

  // Invitation codes for residents to join a household; only a hash of the code is kept.
  t = createTenantTable(db, 'invitations')
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('max_uses', 'integer', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint');
  t = tenantRef(t, 'invitations', 'household_id', 'households');
  await tenantUnique(t, 'invitations', ['code_hash']).execute();
  await db.schema.createIndex('invitations_code_idx').on('invitations').column('code_hash').execute();

  t = createTenantTable(db, 'household_bindings')
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('invitation_id', 'text')
    .addColumn('claimed_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // owner | tenant | family
    .addColumn('relation', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // pending | confirmed | rejected | ended
    .addColumn('person_id', 'text')
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('reason', 'text');
  t = tenantRef(t, 'household_bindings', 'household_id', 'households');
  t = tenantRef(t, 'household_bindings', 'invitation_id', 'invitations');
  await tenantRef(t, 'household_bindings', 'person_id', 'people').execute();
  await db.schema
    .createIndex('household_bindings_account_idx')
    .on('household_bindings')
    .column('account_id')
    .execute();
}
