import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { covers } from '../../core/access/policy';
import type { Role } from '../../core/access/roles';
import type { DB, RedBlackSettingsTable } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { isUniqueViolation } from '../deliberation/store';
import { communityOf, principalOf } from '../../core/http/access';
import {
  defaultListDays,
  type Article,
  type HouseholdPlace,
  type MaskRule,
  type MaskSettings,
} from './rules';

/**
 * The module's reads shared by its routes: households and where they are, the masking rule, who
 * reviews, the committee members bound by the duty rules, and the rows looked up by id.
 */

type Db = Kysely<DB>;

/** A live household of the community, or 400 bad_reference on `field`. */
export async function householdOf(db: Db, communityId: string, householdId: string, field = 'householdId') {
  const h = await db
    .selectFrom('households')
    .select(['id', 'compound_id', 'building_id', 'name'])
    .where('community_id', '=', communityId)
    .where('id', '=', householdId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  if (!h) throw fieldError(400, 'bad_reference', field, { what: 'household' });
  return h;
}

export interface HouseholdInfo extends HouseholdPlace {
  householdId: string;
  householdName: string;
  roomNumber: string;
  compoundName: string;
}

/** Where each household is and whose it is, for lists and for the public name. */
export async function householdInfo(
  db: Db,
  communityId: string,
  householdIds: readonly string[],
): Promise<Map<string, HouseholdInfo>> {
  const out = new Map<string, HouseholdInfo>();
  const ids = [...new Set(householdIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('households as h')
      .innerJoin('rooms as r', (j) =>
        j.onRef('r.community_id', '=', 'h.community_id').onRef('r.id', '=', 'h.room_id'),
      )
      .innerJoin('buildings as b', (j) =>
        j.onRef('b.community_id', '=', 'h.community_id').onRef('b.id', '=', 'h.building_id'),
      )
      .innerJoin('compounds as c', (j) =>
        j.onRef('c.community_id', '=', 'h.community_id').onRef('c.id', '=', 'h.compound_id'),
      )
      .leftJoin('entrances as e', (j) =>
        j.onRef('e.community_id', '=', 'r.community_id').onRef('e.id', '=', 'r.entrance_id'),
      )
      .leftJoin('people as p', (j) =>
        j.onRef('p.community_id', '=', 'h.community_id').onRef('p.id', '=', 'h.head_person_id'),
      )
      .select([
        'h.id',
        'h.name as household_name',
        'r.number',
        'b.name as building_name',
        'e.name as entrance_name',
        'c.name as compound_name',
        'p.name as head_name',
      ])
      .where('h.community_id', '=', communityId)
      .where('h.id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows)
      out.set(r.id, {
        householdId: r.id,
        householdName: r.household_name,
        roomNumber: r.number,
        buildingName: r.building_name,
        entranceName: r.entrance_name,
        compoundName: r.compound_name,
        name: r.head_name ?? r.household_name,
      });
  }
  return out;
}

export const defaultMask: MaskRule = 'building_room';

/** The community's masking rule and list period; the defaults until someone changes them. */
export async function redBlackSettings(
  db: Db,
  communityId: string,
): Promise<MaskSettings & { defaultDays: number; updatedAt: number | null }> {
  const row = await db
    .selectFrom('red_black_settings')
    .selectAll()
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  return settingsView(row);
}

export function settingsView(row: RedBlackSettingsTable | undefined) {
  return {
    mask: (row?.mask ?? defaultMask) as MaskRule,
    redShowsName: row?.red_shows_name === 1,
    defaultDays: row?.default_days ?? defaultListDays,
    updatedAt: row?.updated_at ?? null,
  };
}

/** Roles that review as the branch: the branch itself and community staff. */
const branchRoles: readonly Role[] = ['branch', 'communityStaff', 'communityAdmin'];

/** Whether the caller stands for the branch (or the community) on this compound, not only for the committee. */
export function asBranch(req: FastifyRequest, compoundId: string | null): boolean {
  const principal = principalOf(req);
  const community = communityOf(req);
  if (principal.platformAdmin) return true;
  const target = { streetId: community.streetId, communityId: community.id, compoundId };
  return principal.grants.some((g) => branchRoles.includes(g.role) && covers(g, target));
}

/** The accounts that review a compound's list and decide its appeals: branch, committee and staff. */
export async function reviewersOf(db: Db, communityId: string, compoundId: string | null): Promise<string[]> {
  const rows = await db
    .selectFrom('grants')
    .select('account_id')
    .where('community_id', '=', communityId)
    .where('revoked_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('role', 'in', ['communityStaff', 'communityAdmin']),
          eb('scope_kind', '=', 'community'),
          eb('scope_id', '=', communityId),
        ]),
        ...(compoundId
          ? [
              eb.and([
                eb('role', 'in', ['branch', 'committee']),
                eb('scope_kind', '=', 'compound'),
                eb('scope_id', '=', compoundId),
              ]),
            ]
          : []),
      ]),
    )
    .execute();
  return [...new Set(rows.map((r) => r.account_id))];
}

/** The accounts that decide reports on committee members: the branch and staff, never the committee. */
export async function branchAccountsOf(db: Db, communityId: string, compoundId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('grants')
    .select('account_id')
    .where('community_id', '=', communityId)
    .where('revoked_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('role', 'in', ['communityStaff', 'communityAdmin']), eb('scope_id', '=', communityId)]),
        eb.and([
          eb('role', '=', 'branch'),
          eb('scope_kind', '=', 'compound'),
          eb('scope_id', '=', compoundId),
        ]),
      ]),
    )
    .execute();
  return [...new Set(rows.map((r) => r.account_id))];
}

/** The accounts confirmed in the households. */
export async function householdAccounts(db: Db, communityId: string, householdIds: readonly string[]) {
  const out = new Set<string>();
  for (let i = 0; i < householdIds.length; i += 500) {
    const rows = await db
      .selectFrom('household_bindings')
      .select('account_id')
      .where('community_id', '=', communityId)
      .where('household_id', 'in', householdIds.slice(i, i + 500))
      .where('status', '=', 'confirmed')
      .execute();
    for (const r of rows) out.add(r.account_id);
  }
  return [...out];
}

/** The accounts of every household in a compound, or in the whole community. */
export async function accountsInScope(db: Db, communityId: string, compoundId: string | null) {
  let query = db
    .selectFrom('household_bindings as b')
    .innerJoin('households as h', (j) =>
      j.onRef('h.community_id', '=', 'b.community_id').onRef('h.id', '=', 'b.household_id'),
    )
    .select('b.account_id')
    .distinct()
    .where('b.community_id', '=', communityId)
    .where('b.status', '=', 'confirmed')
    .where('h.closed_at', 'is', null);
  if (compoundId) query = query.where('h.compound_id', '=', compoundId);
  return (await query.execute()).map((r) => r.account_id);
}

export interface CommitteeMember {
  personId: string;
  name: string;
  position: string;
  accountId: string | null;
}

/** The serving owners' committee's current members in a compound (业委会成员). */
export async function committeeMembersOf(
  db: Db,
  communityId: string,
  compoundId: string,
): Promise<CommitteeMember[]> {
  const rows = await db
    .selectFrom('committee_members as m')
    .innerJoin('owner_committees as oc', (j) =>
      j.onRef('oc.community_id', '=', 'm.community_id').onRef('oc.id', '=', 'm.committee_id'),
    )
    .innerJoin('people as p', (j) =>
      j.onRef('p.community_id', '=', 'm.community_id').onRef('p.id', '=', 'm.person_id'),
    )
    .select(['m.person_id', 'p.name', 'm.position', 'p.account_id'])
    .where('m.community_id', '=', communityId)
    .where('oc.compound_id', '=', compoundId)
    .where('oc.status', '=', 'serving')
    .where('m.ended_at', 'is', null)
    .where('p.archived_at', 'is', null)
    .orderBy('m.position')
    .orderBy('p.name')
    .execute();
  const seen = new Map<string, CommitteeMember>();
  for (const r of rows)
    if (!seen.has(r.person_id))
      seen.set(r.person_id, {
        personId: r.person_id,
        name: r.name,
        position: r.position,
        accountId: r.account_id,
      });
  return [...seen.values()];
}

/** A convention's version's articles. */
export const articlesOf = (json: string) => JSON.parse(json) as Article[];

/** Compounds' names by id (a community-wide row has none). */
export async function compoundNames(db: Db, communityId: string, ids: readonly (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await db
    .selectFrom('compounds')
    .select(['id', 'name'])
    .where('community_id', '=', communityId)
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Two writers numbered the same version at once: the second is told to reload (never a 500). */
export function changedMeanwhile(err: unknown): never {
  if (isUniqueViolation(err)) throw new AppError(409, 'conventions_changed');
  throw err;
}

/** A version-checked update touched no row: somebody else changed it first. */
export function requireUpdated(result: { numUpdatedRows: bigint }) {
  if (Number(result.numUpdatedRows) !== 1) throw new AppError(409, 'conventions_changed');
}

/** Why a decision on an appeal or a report was refused, as the caller reads it. */
export const decisionRefused = (reason: 'decided' | 'text_required') =>
  reason === 'decided'
    ? new AppError(409, 'red_black_appeal_decided')
    : fieldError(400, 'decision_text_required', 'text');
