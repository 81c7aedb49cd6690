import { roleActions, roleRank, roleScopes, type Action, type Role, type ScopeKind } from './roles';

/**
 * Authorisation as pure functions over a principal's grants (DESIGN §1: what a person may see and
 * do is the union of their grants, never more). No I/O: principal.ts loads the grants.
 */

export interface Grant {
  role: Role;
  kind: ScopeKind;
  id: string;
  /** The community the scope lies in (absent for a street). */
  communityId?: string;
  /** For a street grant: the street. For others: the street of the community. */
  streetId: string;
  /** For a grid grant: the buildings the grid covers. */
  buildingIds?: readonly string[];
}

export interface Principal {
  accountId: string;
  platformAdmin: boolean;
  grants: readonly Grant[];
}

/** Where a thing sits in the community model; the more specific fields are optional. */
export interface Target {
  streetId: string;
  communityId?: string;
  compoundId?: string | null;
  buildingId?: string | null;
  gridId?: string | null;
  squadId?: string | null;
}

export function covers(grant: Grant, target: Target): boolean {
  switch (grant.kind) {
    case 'street':
      return target.streetId === grant.id;
    case 'community':
      return target.communityId === grant.id;
    case 'compound':
      return target.communityId === grant.communityId && target.compoundId === grant.id;
    case 'building':
      return target.communityId === grant.communityId && target.buildingId === grant.id;
    case 'grid':
      return (
        target.communityId === grant.communityId &&
        (target.gridId === grant.id ||
          (!!target.buildingId && !!grant.buildingIds?.includes(target.buildingId)))
      );
    case 'squad':
      return target.communityId === grant.communityId && target.squadId === grant.id;
  }
}

export function allows(grant: Grant, action: Action): boolean {
  return roleActions[grant.role].includes(action);
}

export function can(principal: Principal, action: Action, target: Target): boolean {
  if (principal.platformAdmin && action !== 'people.unmask') return true;
  return principal.grants.some((g) => allows(g, action) && covers(g, target));
}

/** Whether the principal may do `action` on anything inside the community (a list is then filtered by rowFilter). */
export function canWithin(
  principal: Principal,
  action: Action,
  streetId: string,
  communityId: string,
): boolean {
  if (principal.platformAdmin && action !== 'people.unmask') return true;
  return principal.grants.some(
    (g) => allows(g, action) && (g.kind === 'street' ? g.id === streetId : g.communityId === communityId),
  );
}

/**
 * Which rows of a community a list may return for `action`: everything, or only those in the
 * named compounds, buildings, grids and squads.
 */
export type RowFilter =
  | { all: true }
  | { all: false; compoundIds: string[]; buildingIds: string[]; gridIds: string[]; squadIds: string[] };

export function rowFilter(
  principal: Principal,
  action: Action,
  streetId: string,
  communityId: string,
): RowFilter {
  const filter = {
    all: false as const,
    compoundIds: [] as string[],
    buildingIds: [] as string[],
    gridIds: [] as string[],
    squadIds: [] as string[],
  };
  if (principal.platformAdmin && action !== 'people.unmask') return { all: true };
  for (const g of principal.grants) {
    if (!allows(g, action)) continue;
    if ((g.kind === 'street' && g.id === streetId) || (g.kind === 'community' && g.id === communityId))
      return { all: true };
    if (g.communityId !== communityId) continue;
    if (g.kind === 'compound') filter.compoundIds.push(g.id);
    if (g.kind === 'building') filter.buildingIds.push(g.id);
    if (g.kind === 'grid') {
      filter.gridIds.push(g.id);
      filter.buildingIds.push(...(g.buildingIds ?? []));
    }
    if (g.kind === 'squad') filter.squadIds.push(g.id);
  }
  return filter;
}

/** Whether a row with these scope columns passes the filter: the per-row re-check. */
export function rowVisible(filter: RowFilter, row: Omit<Target, 'streetId'>): boolean {
  if (filter.all) return true;
  return (
    (!!row.compoundId && filter.compoundIds.includes(row.compoundId)) ||
    (!!row.buildingId && filter.buildingIds.includes(row.buildingId)) ||
    (!!row.gridId && filter.gridIds.includes(row.gridId)) ||
    (!!row.squadId && filter.squadIds.includes(row.squadId))
  );
}

/**
 * Delegation: granting `role` on a scope needs grants.manage covering that scope, a role of at
 * least the same rank there, and a scope kind the role can be held on.
 */
export function canGrant(principal: Principal, role: Role, scopeKind: ScopeKind, target: Target): boolean {
  if (!roleScopes[role].includes(scopeKind)) return false;
  if (principal.platformAdmin) return true;
  return principal.grants.some(
    (g) => allows(g, 'grants.manage') && covers(g, target) && roleRank[g.role] >= roleRank[role],
  );
}
