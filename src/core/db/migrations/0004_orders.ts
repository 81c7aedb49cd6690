import { sql, type Kysely } from 'kysely';
import { createTenantTable, tenantRef, tenantUnique } from '../tenant';

/**
 * Service orders (求助订单, issue #4): each community's categories with their clocks, its settings
 * (cap on a member's open orders, days before an unconfirmed order closes itself), the orders and
 * their timelines; and the skills (一技之长) of squad members that dispatch proposes by.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('squad_members')
    .addColumn('skills', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array of short tags
    .execute();

  await createTenantTable(db, 'order_settings')
    .addColumn('open_cap', 'integer', (c) => c.notNull())
    .addColumn('auto_close_days', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('order_settings_community_uq', ['community_id'])
    .execute();

  const categories = createTenantTable(db, 'order_categories')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('squad_type', 'text', (c) => c.notNull())
    .addColumn('accept_minutes', 'integer', (c) => c.notNull())
    .addColumn('resolve_minutes', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', 'bigint');
  await tenantUnique(categories, 'order_categories', ['code']).execute();

  let t = createTenantTable(db, 'orders')
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull()) // normal | urgent
    .addColumn('home_hours', 'text') // when the resident is home, as they put it
    .addColumn('place_kind', 'text', (c) => c.notNull()) // home | public
    .addColumn('place_text', 'text')
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text')
    .addColumn('room_id', 'text')
    .addColumn('household_id', 'text')
    .addColumn('grid_id', 'text')
    .addColumn('squad_id', 'text')
    .addColumn('requester_account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('requester_person_id', 'text')
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('contact_phone_sealed', 'text')
    .addColumn('channel', 'text', (c) => c.notNull()) // app | phone | walk_in
    .addColumn('created_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('idempotency_key', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('assignee_person_id', 'text')
    .addColumn('escalated_to', 'text') // property | community
    .addColumn('escalation_level', 'integer', (c) => c.notNull()) // 0–3: squad leader, grid worker, staff
    .addColumn('accept_due_at', 'bigint', (c) => c.notNull())
    .addColumn('resolve_due_at', 'bigint', (c) => c.notNull())
    .addColumn('accept_overdue', 'integer', (c) => c.notNull())
    .addColumn('resolve_overdue', 'integer', (c) => c.notNull())
    .addColumn('accepted_at', 'bigint')
    .addColumn('resolved_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('minutes_spent', 'integer', (c) => c.notNull())
    .addColumn('rating', 'integer')
    .addColumn('rating_comment', 'text')
    .addColumn('deliberation_topic_id', 'text') // #6: the topic this order became, when it is a 大事
    .addColumn('version', 'integer', (c) => c.notNull()) // the last event's seq: writers race on it
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'orders', 'category_id', 'order_categories');
  t = tenantRef(t, 'orders', 'compound_id', 'compounds');
  t = tenantRef(t, 'orders', 'building_id', 'buildings');
  t = tenantRef(t, 'orders', 'room_id', 'rooms');
  t = tenantRef(t, 'orders', 'household_id', 'households');
  t = tenantRef(t, 'orders', 'grid_id', 'grids');
  t = tenantRef(t, 'orders', 'squad_id', 'squads');
  t = tenantRef(t, 'orders', 'requester_person_id', 'people');
  await tenantRef(t, 'orders', 'assignee_person_id', 'people').execute();
  // One order per retried submission: the same account and key find the order made the first time.
  await db.schema
    .createIndex('orders_idempotency_uq')
    .on('orders')
    .columns(['community_id', 'created_by', 'idempotency_key'])
    .unique()
    .where(sql.ref('idempotency_key'), 'is not', null)
    .execute();
  await db.schema.createIndex('orders_state_idx').on('orders').columns(['community_id', 'state']).execute();
  await db.schema
    .createIndex('orders_requester_idx')
    .on('orders')
    .columns(['requester_account_id'])
    .execute();
  await db.schema
    .createIndex('orders_assignee_idx')
    .on('orders')
    .columns(['community_id', 'assignee_person_id'])
    .execute();

  let events = createTenantTable(db, 'order_events')
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('actor_account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('actor_role', 'text', (c) => c.notNull()) // resident | member | staff | system
    .addColumn('actor_person_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('data_json', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull());
  events = tenantRef(events, 'order_events', 'order_id', 'orders');
  await tenantUnique(events, 'order_events', ['order_id', 'seq']).execute();
}
