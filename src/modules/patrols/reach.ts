import type { Kysely } from 'kysely';
import { can, type Principal } from '../../core/access/policy';
import type { DB, PatrolRoutesTable } from '../../core/db/schema';
import { householdsOf, personsOf } from '../orders/people';

/**
 * Who may walk a route (巡逻) from their phone: the members of the route's squad; for a route no
 * squad owns, anyone serving in a squad of its compound (or a community-wide squad) or living in
 * it; and whoever manages patrols there (the property company's guards, staff).
 */

export interface PatrolReach {
  principal: Principal;
  persons: { community_id: string; id: string; name: string }[];
  squads: { communityId: string; squadId: string; compoundId: string | null }[];
  homes: { communityId: string; compoundId: string }[];
  /** The communities the account belongs to in any of these ways, with their streets. */
  streets: Map<string, string>;
}

export async function patrolReach(db: Kysely<DB>, principal: Principal): Promise<PatrolReach> {
  const accountId = principal.accountId;
  const [persons, squads, homes] = await Promise.all([
    personsOf(db, accountId),
    db
      .selectFrom('squad_members as m')
      .innerJoin('people as p', (j) =>
        j.onRef('p.community_id', '=', 'm.community_id').onRef('p.id', '=', 'm.person_id'),
      )
      .innerJoin('squads as s', (j) =>
        j.onRef('s.community_id', '=', 'm.community_id').onRef('s.id', '=', 'm.squad_id'),
      )
      .select(['m.community_id as communityId', 'm.squad_id as squadId', 's.compound_id as compoundId'])
      .where('p.account_id', '=', accountId)
      .where('p.archived_at', 'is', null)
      .where('m.left_at', 'is', null)
      .where('s.archived_at', 'is', null)
      .execute(),
    householdsOf(db, accountId),
  ]);
  const ids = new Set([
    ...persons.map((p) => p.community_id),
    ...squads.map((s) => s.communityId),
    ...homes.map((h) => h.communityId),
    ...principal.grants.flatMap((g) => (g.communityId ? [g.communityId] : [])),
  ]);
  const communities = ids.size
    ? await db
        .selectFrom('communities')
        .select(['id', 'street_id'])
        .where('id', 'in', [...ids])
        .execute()
    : [];
  return {
    principal,
    persons,
    squads,
    homes: homes.map((h) => ({ communityId: h.communityId, compoundId: h.compoundId })),
    streets: new Map(communities.map((c) => [c.id, c.street_id])),
  };
}

export const communitiesOf = (reach: PatrolReach) => [...reach.streets.keys()];

export function mayRun(
  reach: PatrolReach,
  route: Pick<PatrolRoutesTable, 'community_id' | 'compound_id' | 'squad_id' | 'grid_id'>,
): boolean {
  const streetId = reach.streets.get(route.community_id);
  if (!streetId) return false;
  const here = (x: { communityId: string }) => x.communityId === route.community_id;
  const serves = route.squad_id
    ? reach.squads.some((s) => here(s) && s.squadId === route.squad_id)
    : reach.squads.some((s) => here(s) && (s.compoundId === route.compound_id || s.compoundId === null)) ||
      reach.homes.some((h) => here(h) && h.compoundId === route.compound_id);
  return (
    serves ||
    can(reach.principal, 'patrols.manage', {
      streetId,
      communityId: route.community_id,
      compoundId: route.compound_id,
      squadId: route.squad_id,
      gridId: route.grid_id,
    })
  );
}

/** The account's person in the community, if it has one (service hours go to the person). */
export const personIn = (reach: PatrolReach, communityId: string) =>
  reach.persons.find((p) => p.community_id === communityId) ?? null;
