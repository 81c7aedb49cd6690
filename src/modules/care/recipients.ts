import type { Kysely } from 'kysely';
import type { DB } from '../../core/db/schema';

/**
 * Who is told when a care person needs someone: their paired volunteers, the grid worker of where
 * they live, the family they named, and community staff. Accounts only: people without one cannot
 * be reached in the app.
 */

type Db = Kysely<DB>;

export interface Place {
  communityId: string;
  compoundId: string | null;
  buildingId: string | null;
  gridId: string | null;
}

async function grantHolders(db: Db, communityId: string, role: string, kind: string, scopeIds: string[]) {
  if (!scopeIds.length) return [];
  const rows = await db
    .selectFrom('grants')
    .select('account_id')
    .where('community_id', '=', communityId)
    .where('role', '=', role)
    .where('scope_kind', '=', kind)
    .where('scope_id', 'in', scopeIds)
    .where('revoked_at', 'is', null)
    .execute();
  return rows.map((r) => r.account_id);
}

/** The grid's workers (by grant on the grid or, without a grid, on the compound; and by 网格员 post). */
export async function gridWorkersOf(db: Db, place: Place): Promise<string[]> {
  const { communityId, gridId, compoundId } = place;
  const posted = gridId
    ? await db
        .selectFrom('grid_workers as g')
        .innerJoin('people as p', (j) =>
          j.onRef('p.community_id', '=', 'g.community_id').onRef('p.id', '=', 'g.person_id'),
        )
        .select('p.account_id')
        .where('g.community_id', '=', communityId)
        .where('g.grid_id', '=', gridId)
        .where('g.ended_at', 'is', null)
        .where('p.account_id', 'is not', null)
        .execute()
    : [];
  const granted = gridId
    ? await grantHolders(db, communityId, 'gridWorker', 'grid', [gridId])
    : await grantHolders(db, communityId, 'gridWorker', 'compound', compoundId ? [compoundId] : []);
  return [...new Set([...granted, ...posted.map((p) => p.account_id!)])];
}

/** Community staff and secretaries. */
export async function staffOf(db: Db, communityId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('grants')
    .select('account_id')
    .where('community_id', '=', communityId)
    .where('role', 'in', ['communityStaff', 'communityAdmin'])
    .where('scope_kind', '=', 'community')
    .where('scope_id', '=', communityId)
    .where('revoked_at', 'is', null)
    .execute();
  return [...new Set(rows.map((r) => r.account_id))];
}

/** The accounts of the volunteers and party members paired with a record now. */
export async function pairedOf(db: Db, communityId: string, recordId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('care_pairings as cp')
    .innerJoin('people as p', (j) =>
      j.onRef('p.community_id', '=', 'cp.community_id').onRef('p.id', '=', 'cp.person_id'),
    )
    .select('p.account_id')
    .where('cp.community_id', '=', communityId)
    .where('cp.record_id', '=', recordId)
    .where('cp.ended_at', 'is', null)
    .where('p.account_id', 'is not', null)
    .execute();
  return [...new Set(rows.map((r) => r.account_id!))];
}

/** The family a record names: emergency contacts whose phone is an account's. */
export async function familyOf(db: Db, communityId: string, recordId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('care_contacts')
    .select('account_id')
    .where('community_id', '=', communityId)
    .where('record_id', '=', recordId)
    .where('removed_at', 'is', null)
    .where('account_id', 'is not', null)
    .execute();
  return [...new Set(rows.map((r) => r.account_id!))];
}
