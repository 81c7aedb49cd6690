import { sql, type Kysely } from 'kysely';
import { createTenantTable, tenantRef, tenantUnique } from '../tenant';

/**
 * Care for vulnerable residents and door-knock visits (issue #8): the care roster (关爱对象) with
 * emergency contacts, pairings with volunteers and their contact plans, the contact log, overdue
 * alerts, help alarms (需要帮助) with who was told and their timeline; visit rounds (敲门行动), the
 * visits themselves and the households assigned to party members (党员联系户).
 *
 * Rows that a grid worker reaches carry the scope columns of the household they concern (compound,
 * building, room, grid), copied in when written, so lists filter with whereVisible like orders do.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createTenantTable(db, 'care_settings')
    .addColumn('kinds_json', 'text', (c) => c.notNull()) // [{code, nameZh, nameEn}]
    .addColumn('escalate_minutes', 'integer', (c) => c.notNull())
    .addColumn('call_every_days', 'integer', (c) => c.notNull())
    .addColumn('visit_every_days', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('care_settings_community_uq', ['community_id'])
    .execute();

  let records = createTenantTable(db, 'care_records')
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('kinds_json', 'text', (c) => c.notNull()) // JSON array of kind codes
    .addColumn('reason', 'text')
    .addColumn('notes', 'text')
    .addColumn('household_id', 'text')
    .addColumn('compound_id', 'text')
    .addColumn('building_id', 'text')
    .addColumn('room_id', 'text')
    .addColumn('grid_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull()) // active | closed
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_by', 'text')
    .addColumn('close_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  records = tenantRef(records, 'care_records', 'person_id', 'people');
  records = tenantRef(records, 'care_records', 'household_id', 'households');
  records = tenantRef(records, 'care_records', 'compound_id', 'compounds');
  records = tenantRef(records, 'care_records', 'building_id', 'buildings');
  records = tenantRef(records, 'care_records', 'grid_id', 'grids');
  await tenantUnique(records, 'care_records', ['person_id']).execute();
  await db.schema
    .createIndex('care_records_grid_idx')
    .on('care_records')
    .columns(['community_id', 'grid_id'])
    .execute();

  // Emergency contacts (紧急联系人): a contact whose phone is an account's is a named family member.
  const contacts = createTenantTable(db, 'care_contacts')
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('phone_sealed', 'text', (c) => c.notNull())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('removed_at', 'bigint');
  await tenantRef(contacts, 'care_contacts', 'record_id', 'care_records').execute();
  await db.schema
    .createIndex('care_contacts_account_idx')
    .on('care_contacts')
    .columns(['account_id'])
    .execute();

  let pairings = createTenantTable(db, 'care_pairings')
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull()) // the volunteer or party member
    .addColumn('call_every_days', 'integer', (c) => c.notNull())
    .addColumn('visit_every_days', 'integer', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull()) // the plan's first day, Asia/Shanghai
    .addColumn('created_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('ended_by', 'text');
  pairings = tenantRef(pairings, 'care_pairings', 'record_id', 'care_records');
  await tenantRef(pairings, 'care_pairings', 'person_id', 'people').execute();
  // One live pairing per volunteer and person; an ended one stays as history.
  await db.schema
    .createIndex('care_pairings_live_uq')
    .on('care_pairings')
    .columns(['community_id', 'record_id', 'person_id'])
    .unique()
    .where(sql.ref('ended_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('care_pairings_person_idx')
    .on('care_pairings')
    .columns(['community_id', 'person_id'])
    .execute();

  let logs = createTenantTable(db, 'care_contact_logs')
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('pairing_id', 'text')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // call | visit
    .addColumn('wellbeing', 'text', (c) => c.notNull()) // good | so_so | poor | not_reached
    .addColumn('needs', 'text')
    .addColumn('note', 'text')
    .addColumn('contacted_at', 'bigint', (c) => c.notNull())
    .addColumn('contacted_on', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  logs = tenantRef(logs, 'care_contact_logs', 'record_id', 'care_records');
  logs = tenantRef(logs, 'care_contact_logs', 'pairing_id', 'care_pairings');
  await tenantRef(logs, 'care_contact_logs', 'order_id', 'orders').execute();
  await db.schema
    .createIndex('care_contact_logs_record_idx')
    .on('care_contact_logs')
    .columns(['community_id', 'record_id', 'contacted_at'])
    .execute();

  // One alert per missed due date: the unique key is what makes the clock job idempotent.
  let alerts = createTenantTable(db, 'care_overdue_alerts')
    .addColumn('pairing_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'bigint', (c) => c.notNull());
  alerts = tenantRef(alerts, 'care_overdue_alerts', 'pairing_id', 'care_pairings');
  await tenantUnique(alerts, 'care_overdue_alerts', ['pairing_id', 'kind', 'due_on']).execute();

  let alarms = createTenantTable(db, 'help_alarms')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('person_id', 'text')
    .addColumn('record_id', 'text')
    .addColumn('household_id', 'text')
    .addColumn('compound_id', 'text')
    .addColumn('building_id', 'text')
    .addColumn('room_id', 'text')
    .addColumn('grid_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull()) // who pressed, as the responders know them
    .addColumn('note', 'text')
    .addColumn('state', 'text', (c) => c.notNull()) // open | acknowledged | resolved
    .addColumn('raised_at', 'bigint', (c) => c.notNull())
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('acknowledged_by', 'text')
    .addColumn('escalated_at', 'bigint')
    .addColumn('resolved_at', 'bigint')
    .addColumn('resolved_by', 'text')
    .addColumn('resolve_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull());
  alarms = tenantRef(alarms, 'help_alarms', 'person_id', 'people');
  alarms = tenantRef(alarms, 'help_alarms', 'record_id', 'care_records');
  await tenantRef(alarms, 'help_alarms', 'household_id', 'households').execute();
  await db.schema
    .createIndex('help_alarms_state_idx')
    .on('help_alarms')
    .columns(['state', 'escalated_at', 'raised_at'])
    .execute();
  await db.schema.createIndex('help_alarms_account_idx').on('help_alarms').columns(['account_id']).execute();

  // Everyone told of an alarm, and why: who may acknowledge it from the app.
  let recipients = createTenantTable(db, 'help_alarm_recipients')
    .addColumn('alarm_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('reason', 'text', (c) => c.notNull()) // paired | grid_worker | family | staff
    .addColumn('notified_at', 'bigint', (c) => c.notNull());
  recipients = tenantRef(recipients, 'help_alarm_recipients', 'alarm_id', 'help_alarms');
  await tenantUnique(recipients, 'help_alarm_recipients', ['alarm_id', 'account_id']).execute();
  await db.schema
    .createIndex('help_alarm_recipients_account_idx')
    .on('help_alarm_recipients')
    .columns(['account_id'])
    .execute();

  let events = createTenantTable(db, 'help_alarm_events')
    .addColumn('alarm_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // raised | acknowledged | escalated | resolved
    .addColumn('actor_account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('actor_name', 'text')
    .addColumn('note', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull());
  events = tenantRef(events, 'help_alarm_events', 'alarm_id', 'help_alarms');
  await tenantUnique(events, 'help_alarm_events', ['alarm_id', 'seq']).execute();

  let rounds = createTenantTable(db, 'visit_rounds')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text')
    .addColumn('building_ids_json', 'text', (c) => c.notNull()) // the buildings it covers
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('state', 'text', (c) => c.notNull()) // open | closed
    .addColumn('created_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint');
  rounds = tenantRef(rounds, 'visit_rounds', 'compound_id', 'compounds');
  await tenantRef(rounds, 'visit_rounds', 'grid_id', 'grids').execute();

  let visits = createTenantTable(db, 'visits')
    .addColumn('round_id', 'text')
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text')
    .addColumn('visitor_account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('visitor_name', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull()) // met | not_home | refused
    .addColumn('opinions', 'text')
    .addColumn('problems', 'text')
    .addColumn('order_id', 'text')
    .addColumn('topic_id', 'text') // a problem for the neighbours to settle: a deliberation topic (议题)
    .addColumn('visited_at', 'bigint', (c) => c.notNull())
    .addColumn('visited_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  visits = tenantRef(visits, 'visits', 'round_id', 'visit_rounds');
  visits = tenantRef(visits, 'visits', 'household_id', 'households');
  visits = tenantRef(visits, 'visits', 'order_id', 'orders');
  await tenantRef(visits, 'visits', 'topic_id', 'topics').execute();
  await db.schema
    .createIndex('visits_household_idx')
    .on('visits')
    .columns(['community_id', 'household_id', 'visited_on'])
    .execute();

  // 党员联系户: households a party member keeps in touch with.
  let assignments = createTenantTable(db, 'household_assignments')
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text')
    .addColumn('assigned_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('assigned_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('ended_by', 'text');
  assignments = tenantRef(assignments, 'household_assignments', 'household_id', 'households');
  await tenantRef(assignments, 'household_assignments', 'person_id', 'people').execute();
  await db.schema
    .createIndex('household_assignments_live_uq')
    .on('household_assignments')
    .columns(['community_id', 'household_id', 'person_id'])
    .unique()
    .where(sql.ref('ended_at'), 'is', null)
    .execute();
}
