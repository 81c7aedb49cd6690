import { sql, type Kysely } from 'kysely';
import { createTenantTable, tenantRef, tenantUnique } from '../tenant';

/**
 * Deliberation (有事大家议, issue #6): residents' topics (议题) with supports, comments, ratings and
 * their trail; the meetings that discuss them (联席会议, 晚饭后议事…) with invitees, agenda, minutes and
 * sign-in; the decisions taken and the action items that carry them out. The trail of a topic plus its
 * meeting, decisions and actions is what the public results board shows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per community, made with the defaults the first time someone reads it.
  await createTenantTable(db, 'deliberation_settings')
    .addColumn('support_threshold', 'integer', (c) => c.notNull())
    .addColumn('meeting_types', 'text', (c) => c.notNull()) // JSON [{code,nameZh,nameEn}]
    .addColumn('topic_categories', 'text', (c) => c.notNull()) // JSON [{code,nameZh,nameEn}]
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('deliberation_settings_community_uq', ['community_id'])
    .execute();

  let t;
  t = createTenantTable(db, 'topics')
    .addColumn('compound_id', 'text') // null: a community-wide topic
    .addColumn('building_id', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('place_text', 'text')
    .addColumn('raised_by_account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('raised_by_person_id', 'text')
    .addColumn('raiser_name', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull()) // app | staff | order
    .addColumn('source_order_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull()) // raised | accepted | scheduled | decided | done | declined
    .addColumn('support_count', 'integer', (c) => c.notNull())
    .addColumn('comment_count', 'integer', (c) => c.notNull())
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('accepted_at', 'bigint')
    .addColumn('scheduled_at', 'bigint')
    .addColumn('decided_at', 'bigint')
    .addColumn('done_at', 'bigint')
    .addColumn('declined_at', 'bigint')
    .addColumn('decline_reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull()); // the last trail entry's seq: writers race on it
  t = tenantRef(t, 'topics', 'compound_id', 'compounds');
  t = tenantRef(t, 'topics', 'building_id', 'buildings');
  t = tenantRef(t, 'topics', 'raised_by_person_id', 'people');
  await tenantRef(t, 'topics', 'source_order_id', 'orders').execute();
  await db.schema
    .createIndex('topics_state_idx')
    .on('topics')
    .columns(['community_id', 'state', 'created_at'])
    .execute();
  await db.schema
    .createIndex('topics_compound_idx')
    .on('topics')
    .columns(['community_id', 'compound_id', 'created_at'])
    .execute();
  await db.schema.createIndex('topics_raiser_idx').on('topics').columns(['raised_by_account_id']).execute();
  // A resident's page names the topic alone (/me/topics/:id): found without knowing its community.
  await db.schema.createIndex('topics_id_idx').on('topics').columns(['id']).execute();
  // One topic per order: a double click on "make it a topic" finds the first one.
  await db.schema
    .createIndex('topics_source_order_uq')
    .on('topics')
    .columns(['community_id', 'source_order_id'])
    .unique()
    .where(sql.ref('source_order_id'), 'is not', null)
    .execute();

  t = createTenantTable(db, 'topic_supports')
    .addColumn('topic_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'topic_supports', 'topic_id', 'topics');
  await tenantUnique(t, 'topic_supports', ['topic_id', 'account_id']).execute();

  t = createTenantTable(db, 'topic_comments')
    .addColumn('topic_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('hidden_at', 'bigint')
    .addColumn('hidden_by', 'text');
  await tenantRef(t, 'topic_comments', 'topic_id', 'topics').execute();
  await db.schema
    .createIndex('topic_comments_topic_idx')
    .on('topic_comments')
    .columns(['community_id', 'topic_id', 'created_at'])
    .execute();

  t = createTenantTable(db, 'topic_ratings')
    .addColumn('topic_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('stars', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'topic_ratings', 'topic_id', 'topics');
  await tenantUnique(t, 'topic_ratings', ['topic_id', 'account_id']).execute();

  t = createTenantTable(db, 'topic_events')
    .addColumn('topic_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_account_id', 'text', (c) => c.references('accounts.id')) // never shown publicly
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull()) // JSON
    .addColumn('at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'topic_events', 'topic_id', 'topics');
  await tenantUnique(t, 'topic_events', ['topic_id', 'seq']).execute();

  t = createTenantTable(db, 'meetings')
    .addColumn('compound_id', 'text') // null: a community-wide meeting
    .addColumn('type', 'text', (c) => c.notNull()) // a code from deliberation_settings.meeting_types
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint')
    .addColumn('place', 'text')
    .addColumn('state', 'text', (c) => c.notNull()) // scheduled | in_progress | held | cancelled
    .addColumn('notice_sent_at', 'bigint')
    .addColumn('checkin_token', 'text', (c) => c.notNull())
    .addColumn('minutes_html', 'text')
    .addColumn('minutes_updated_at', 'bigint')
    .addColumn('minutes_updated_by', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  await tenantRef(t, 'meetings', 'compound_id', 'compounds').execute();
  await db.schema
    .createIndex('meetings_starts_idx')
    .on('meetings')
    .columns(['community_id', 'starts_at'])
    .execute();
  // The QR sign-in page finds its meeting by token alone (the phone does not know the community).
  await db.schema.createIndex('meetings_checkin_idx').on('meetings').columns(['checkin_token']).execute();

  t = createTenantTable(db, 'meeting_invitees')
    .addColumn('meeting_id', 'text', (c) => c.notNull())
    // An organisation of the community model: its kind says which table the id is in.
    .addColumn('organisation_kind', 'text') // party_org | committee | property_company | cobuild_unit
    .addColumn('organisation_id', 'text')
    .addColumn('person_id', 'text')
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('party_label', 'text') // e.g. 物业公司
    .addColumn('invited', 'integer', (c) => c.notNull()) // 0: a walk-in who signed in
    .addColumn('signed_in_at', 'bigint')
    .addColumn('signed_in_via', 'text'); // qr | staff
  t = tenantRef(t, 'meeting_invitees', 'meeting_id', 'meetings');
  await tenantRef(t, 'meeting_invitees', 'person_id', 'people').execute();
  await db.schema
    .createIndex('meeting_invitees_meeting_idx')
    .on('meeting_invitees')
    .columns(['community_id', 'meeting_id'])
    .execute();
  // One row per account and meeting: two scans of the QR code sign in once.
  await db.schema
    .createIndex('meeting_invitees_account_uq')
    .on('meeting_invitees')
    .columns(['community_id', 'meeting_id', 'account_id'])
    .unique()
    .where(sql.ref('account_id'), 'is not', null)
    .execute();

  t = createTenantTable(db, 'agenda_items')
    .addColumn('meeting_id', 'text', (c) => c.notNull())
    .addColumn('topic_id', 'text') // null: an ad-hoc item
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull()) // pending | decided | deferred
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'agenda_items', 'meeting_id', 'meetings');
  await tenantRef(t, 'agenda_items', 'topic_id', 'topics').execute();
  await db.schema
    .createIndex('agenda_items_meeting_idx')
    .on('agenda_items')
    .columns(['community_id', 'meeting_id', 'position'])
    .execute();
  await db.schema
    .createIndex('agenda_items_topic_idx')
    .on('agenda_items')
    .columns(['community_id', 'topic_id'])
    .execute();

  t = createTenantTable(db, 'decisions')
    .addColumn('meeting_id', 'text', (c) => c.notNull())
    .addColumn('agenda_item_id', 'text', (c) => c.notNull())
    .addColumn('topic_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull()) // e.g. 五方联席一致通过
    .addColumn('votes_for', 'integer')
    .addColumn('votes_against', 'integer')
    .addColumn('votes_abstain', 'integer')
    .addColumn('follow_up_kind', 'text', (c) => c.notNull()) // none | order | assembly_matter
    .addColumn('follow_up_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'decisions', 'meeting_id', 'meetings');
  t = tenantRef(t, 'decisions', 'agenda_item_id', 'agenda_items');
  t = tenantRef(t, 'decisions', 'topic_id', 'topics');
  // One decision per agenda item: two clerks pressing "record" at once make one.
  await tenantUnique(t, 'decisions', ['agenda_item_id']).execute();
  await db.schema
    .createIndex('decisions_topic_idx')
    .on('decisions')
    .columns(['community_id', 'topic_id'])
    .execute();

  t = createTenantTable(db, 'action_items')
    .addColumn('decision_id', 'text', (c) => c.notNull())
    .addColumn('topic_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('owner_name', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull()) // YYYY-MM-DD
    .addColumn('state', 'text', (c) => c.notNull()) // open | done | cancelled
    .addColumn('done_at', 'bigint')
    .addColumn('done_note', 'text')
    .addColumn('cancelled_at', 'bigint')
    .addColumn('cancel_reason', 'text')
    .addColumn('reminded_at', 'bigint')
    .addColumn('overdue_notified_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull());
  t = tenantRef(t, 'action_items', 'decision_id', 'decisions');
  await tenantRef(t, 'action_items', 'topic_id', 'topics').execute();
  await db.schema
    .createIndex('action_items_decision_idx')
    .on('action_items')
    .columns(['community_id', 'decision_id'])
    .execute();
  await db.schema
    .createIndex('action_items_topic_idx')
    .on('action_items')
    .columns(['community_id', 'topic_id'])
    .execute();
  await db.schema
    .createIndex('action_items_due_idx')
    .on('action_items')
    .columns(['state', 'due_date'])
    .execute();
  await db.schema
    .createIndex('action_items_owner_idx')
    .on('action_items')
    .columns(['owner_account_id', 'state'])
    .execute();
}
