import { sql, type Kysely } from 'kysely';

/**
 * Indexes the benchmarks (issue #10) showed missing at city scale, 1M orders and 100k-room assemblies:
 * - orders by community and time: the dispatch board's newest-first pages, the figures of a period,
 *   the from/to filters (each was a scan of the community's orders and a sort);
 * - orders by state alone: the clocks job looks for resolved and overdue orders across communities;
 * - assembly voters by delegate: "whom may I vote for" asks for the voter or their delegate, and
 *   without it that half read the whole electorate on every ballot;
 * - grants by scope: who holds a role on this squad, grid or compound (each new order's notifications
 *   ask), which read all of a community's grants.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('orders_created_idx')
    .on('orders')
    .columns(['community_id', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('orders_clock_idx').on('orders').columns(['state']).execute();
  await db.schema
    .createIndex('grants_scope_idx')
    .on('grants')
    .columns(['community_id', 'scope_kind', 'scope_id'])
    .execute();
  // Partial: almost every voter has no delegate, and over all rows the planner would judge it useless.
  await db.schema
    .createIndex('assembly_voters_delegate_idx')
    .on('assembly_voters')
    .columns(['community_id', 'delegate_person_id'])
    .where(sql.ref('delegate_person_id'), 'is not', null)
    .execute();
}
