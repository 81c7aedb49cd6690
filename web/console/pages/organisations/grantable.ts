import {
  roleActions,
  roleRank,
  roleScopes,
  roles,
  type Role,
  type ScopeKind,
} from '../../../../src/core/access/roles';
import type { Me } from '../../../shared/api';

/**
 * Which roles the grants page offers, mirroring the server's canGrant (src/core/access/policy.ts):
 * grants.manage in this community (or its street), and no role above one's own. The server
 * decides; this only keeps the form from offering what it would refuse.
 */

export const communityScopeKinds = ['community', 'compound', 'building', 'grid', 'squad'] as const;
export type CommunityScopeKind = (typeof communityScopeKinds)[number];

/** The scope kinds a role can be held on inside a community, its usual one first (a street role has none). */
export function scopeKindsFor(role: Role): CommunityScopeKind[] {
  return roleScopes[role].filter((k): k is CommunityScopeKind =>
    (communityScopeKinds as readonly ScopeKind[]).includes(k),
  );
}

export function grantableRoles(
  me: Pick<Me, 'platformAdmin' | 'grants'>,
  community: { id: string; streetId: string },
): Role[] {
  const inCommunity = roles.filter((r) => scopeKindsFor(r).length > 0);
  if (me.platformAdmin) return inCommunity;
  const ranks = me.grants
    .filter(
      (g) =>
        roleActions[g.role as Role]?.includes('grants.manage') &&
        (g.communityId === community.id || (g.scopeKind === 'street' && g.streetId === community.streetId)),
    )
    .map((g) => roleRank[g.role as Role]);
  if (!ranks.length) return [];
  const mine = Math.max(...ranks);
  return inCommunity.filter((r) => roleRank[r] <= mine);
}
