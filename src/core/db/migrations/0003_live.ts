import type { Kysely } from 'kysely';
import { createTenantTable, tenantRef } from '../tenant';

/**
 * Shared plumbing for live features: an inbox per account (notifications), the outbox that carries
 * them to outside channels (notification_deliveries), and uploaded files (photos of a leak, a
 * scanned proxy form) kept on disk under DATA_DIR and attached to the record they belong to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createTenantTable(db, 'notifications')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // message code notify.<kind>
    .addColumn('params_json', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('notifications_account_idx')
    .on('notifications')
    .columns(['account_id', 'created_at'])
    .execute();

  const deliveries = createTenantTable(db, 'notification_deliveries')
    .addColumn('notification_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull()) // webhook
    .addColumn('status', 'text', (c) => c.notNull()) // pending | sent | failed
    .addColumn('attempts', 'integer', (c) => c.notNull())
    // Also the lease: a sender claims a row by moving it forward, so two processes never both send it.
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint');
  await tenantRef(deliveries, 'notification_deliveries', 'notification_id', 'notifications').execute();
  await db.schema
    .createIndex('notification_deliveries_due_idx')
    .on('notification_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();

  await createTenantTable(db, 'files')
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull()) // a safe version of the client's name, for downloads only
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('has_thumb', 'integer', (c) => c.notNull())
    .addColumn('attached_type', 'text')
    .addColumn('attached_id', 'text')
    .addColumn('attached_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Unattached uploads are cleared after a day: the bytes go, the row stays as a trace.
    .addColumn('removed_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('files_attached_idx')
    .on('files')
    .columns(['community_id', 'attached_type', 'attached_id'])
    .execute();
  await db.schema
    .createIndex('files_unattached_idx')
    .on('files')
    .columns(['attached_id', 'created_at'])
    .execute();
}
