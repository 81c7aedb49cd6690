import type { FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { principalOf } from '../../core/http/access';
import { openForMember } from './rules';

/**
 * Who a logged-in account is to the orders, beyond its grants: the person it is in each community,
 * the squads that person serves in (members take orders through these, not through grants), and the
 * households it has been confirmed in (residents order for these).
 */

export interface SquadService {
  communityId: string;
  personId: string;
  personName: string;
  squadId: string;
  role: string;
}

/** The account's current squad memberships, in every community. */
export async function squadServiceOf(db: Kysely<DB>, accountId: string): Promise<SquadService[]> {
  return db
    .selectFrom('squad_members as m')
    .innerJoin('people as p', (j) =>
      j.onRef('p.community_id', '=', 'm.community_id').onRef('p.id', '=', 'm.person_id'),
    )
    .innerJoin('squads as s', (j) =>
      j.onRef('s.community_id', '=', 'm.community_id').onRef('s.id', '=', 'm.squad_id'),
    )
    .select([
      'm.community_id as communityId',
      'm.person_id as personId',
      'p.name as personName',
      'm.squad_id as squadId',
      'm.role',
    ])
    .where('p.account_id', '=', accountId)
    .where('p.archived_at', 'is', null)
    .where('m.left_at', 'is', null)
    .where('s.archived_at', 'is', null)
    .execute();
}

/** A squad's current members with their skills and how many orders each holds open (their load). */
export async function squadMembersOf(db: Kysely<DB>, communityId: string, squadId: string) {
  const rows = await db
    .selectFrom('squad_members as m')
    .innerJoin('people as p', (j) =>
      j.onRef('p.community_id', '=', 'm.community_id').onRef('p.id', '=', 'm.person_id'),
    )
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('orders')
          .select(['assignee_person_id', sql<number>`count(*)`.as('n')])
          .where('community_id', '=', communityId)
          .where('state', 'in', [...openForMember])
          .groupBy('assignee_person_id')
          .as('load'),
      (j) => j.onRef('load.assignee_person_id', '=', 'm.person_id'),
    )
    .select(['m.person_id', 'm.role', 'm.skills', 'p.name', 'p.account_id', 'load.n'])
    .where('m.community_id', '=', communityId)
    .where('m.squad_id', '=', squadId)
    .where('m.left_at', 'is', null)
    .where('p.archived_at', 'is', null)
    .execute();
  return rows.map((r) => ({
    personId: r.person_id,
    name: r.name,
    role: r.role,
    skills: JSON.parse(r.skills ?? '[]') as string[],
    openOrders: Number(r.n ?? 0),
    hasAccount: r.account_id != null,
  }));
}

/** The people rows linked to the account (one per community at most, in practice). */
export async function personsOf(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('people')
    .select(['community_id', 'id', 'name'])
    .where('account_id', '=', accountId)
    .where('archived_at', 'is', null)
    .execute();
}

/** The households the account has been confirmed in (入户绑定), with where they are. */
export async function householdsOf(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('household_bindings as b')
    .innerJoin('households as h', (j) =>
      j.onRef('h.community_id', '=', 'b.community_id').onRef('h.id', '=', 'b.household_id'),
    )
    .select([
      'b.community_id as communityId',
      'b.household_id as householdId',
      'b.person_id as personId',
      'b.claimed_name as claimedName',
      'h.room_id as roomId',
      'h.compound_id as compoundId',
      'h.building_id as buildingId',
    ])
    .where('b.account_id', '=', accountId)
    .where('b.status', '=', 'confirmed')
    .where('h.closed_at', 'is', null)
    .orderBy('b.requested_at')
    .orderBy('b.id')
    .execute();
}

/**
 * The community named by the path, for a caller who belongs to it in any way: a grant there or over
 * its street, or a person of theirs in it (a confirmed resident, a squad member). 404 when it does not
 * exist, 403 for a stranger.
 */
export async function requireCommunityMember(req: FastifyRequest, communityId: string): Promise<string> {
  const { db } = req.server.deps;
  const principal = principalOf(req);
  const community = await db
    .selectFrom('communities')
    .select(['id', 'street_id'])
    .where('id', '=', communityId)
    .executeTakeFirst();
  if (!community) throw new AppError(404, 'not_found');
  if (principal.platformAdmin) return community.id;
  const granted = principal.grants.some((g) =>
    g.kind === 'street' ? g.id === community.street_id : g.communityId === community.id,
  );
  if (granted) return community.id;
  const person = await db
    .selectFrom('people')
    .select('id')
    .where('community_id', '=', community.id)
    .where('account_id', '=', principal.accountId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  if (!person) throw new AppError(403, 'forbidden');
  return community.id;
}
