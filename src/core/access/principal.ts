import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Grant, Principal } from './policy';
import type { Role, ScopeKind } from './roles';

/**
 * Loads an account's live grants, with each grid grant expanded to the buildings it covers: one query
 * (tenant grants with their grids' buildings, then street grants), since every authenticated request
 * makes it.
 */
export async function loadPrincipal(
  db: Kysely<DB>,
  accountId: string,
  platformAdmin: boolean,
): Promise<Principal> {
  const rows = await db
    .selectFrom('grants as g')
    .innerJoin('communities as c', 'c.id', 'g.community_id')
    .leftJoin('grid_buildings as gb', (j) =>
      j
        .on('g.scope_kind', '=', 'grid')
        .onRef('gb.community_id', '=', 'g.community_id')
        .onRef('gb.grid_id', '=', 'g.scope_id'),
    )
    .select((eb) => [
      'g.id',
      'g.role',
      'g.scope_kind',
      'g.scope_id',
      eb.ref('g.community_id').$castTo<string | null>().as('community_id'),
      'c.street_id',
      'gb.building_id',
    ])
    .where('g.account_id', '=', accountId)
    .where('g.revoked_at', 'is', null)
    .unionAll(
      db
        .selectFrom('street_grants')
        .select([
          'id',
          'role',
          sql<string>`'street'`.as('scope_kind'),
          'street_id as scope_id',
          sql<string | null>`null`.as('community_id'),
          'street_id',
          sql<string | null>`null`.as('building_id'),
        ])
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null),
    )
    .execute();
  const streetGrants: Grant[] = [];
  const tenantGrants = new Map<string, Grant & { buildingIds?: string[] }>();
  for (const r of rows) {
    if (r.community_id === null) {
      streetGrants.push({ role: r.role as Role, kind: 'street', id: r.street_id, streetId: r.street_id });
      continue;
    }
    let grant = tenantGrants.get(r.id);
    if (!grant) {
      grant = {
        role: r.role as Role,
        kind: r.scope_kind as ScopeKind,
        id: r.scope_id,
        communityId: r.community_id,
        streetId: r.street_id,
        ...(r.scope_kind === 'grid' ? { buildingIds: [] } : {}),
      };
      tenantGrants.set(r.id, grant);
    }
    if (r.building_id !== null) grant.buildingIds!.push(r.building_id);
  }
  return { accountId, platformAdmin, grants: [...streetGrants, ...tenantGrants.values()] };
}
