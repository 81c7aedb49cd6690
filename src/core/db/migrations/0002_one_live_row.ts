import { sql, type Kysely } from 'kysely';

/**
 * Rules that held only in application code, now held by the database too, so two requests racing
 * cannot both get through: one serving owners' committee term and one active property contract per
 * compound, one live grant of a role on a scope, one voter per room.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('owner_committees_serving_uq')
    .on('owner_committees')
    .columns(['community_id', 'compound_id'])
    .unique()
    .where(sql.ref('status'), '=', 'serving')
    .execute();
  await db.schema
    .createIndex('property_contracts_active_uq')
    .on('property_contracts')
    .columns(['community_id', 'compound_id'])
    .unique()
    .where(sql.ref('status'), '=', 'active')
    .execute();
  await db.schema
    .createIndex('grants_live_uq')
    .on('grants')
    .columns(['community_id', 'account_id', 'role', 'scope_kind', 'scope_id'])
    .unique()
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('ownerships_voter_uq')
    .on('ownerships')
    .columns(['community_id', 'room_id'])
    .unique()
    .where((eb) => eb.and([eb(sql.ref('is_voter'), '=', 1), eb(sql.ref('ended_at'), 'is', null)]))
    .execute();
}
