import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Grant, Principal } from './policy';
import type { Role, ScopeKind } from './roles';

/** Loads an account's live grants, with each grid grant expanded to the buildings it covers. */
export async function loadPrincipal(
  db: Kysely<DB>,
  accountId: string,
  platformAdmin: boolean,
): Promise<Principal> {
  const [tenantGrants, streetGrants] = await Promise.all([
    db
      .selectFrom('grants')
      .innerJoin('communities', 'communities.id', 'grants.community_id')
      .select([
        'grants.role',
        'grants.scope_kind',
        'grants.scope_id',
        'grants.community_id',
        'communities.street_id',
      ])
      .where('grants.account_id', '=', accountId)
      .where('grants.revoked_at', 'is', null)
      .execute(),
    db
      .selectFrom('street_grants')
      .select(['role', 'street_id'])
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .execute(),
  ]);
  const gridIds = tenantGrants.filter((g) => g.scope_kind === 'grid').map((g) => g.scope_id);
  const gridBuildings = gridIds.length
    ? await db
        .selectFrom('grid_buildings')
        .select(['grid_id', 'building_id'])
        .where('grid_id', 'in', gridIds)
        .execute()
    : [];
  const grants: Grant[] = [
    ...streetGrants.map((g) => ({
      role: g.role as Role,
      kind: 'street' as const,
      id: g.street_id,
      streetId: g.street_id,
    })),
    ...tenantGrants.map((g) => ({
      role: g.role as Role,
      kind: g.scope_kind as ScopeKind,
      id: g.scope_id,
      communityId: g.community_id,
      streetId: g.street_id,
      ...(g.scope_kind === 'grid'
        ? { buildingIds: gridBuildings.filter((b) => b.grid_id === g.scope_id).map((b) => b.building_id) }
        : {}),
    })),
  ];
  return { accountId, platformAdmin, grants };
}
