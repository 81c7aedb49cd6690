import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { RowFilter } from '../../core/access/policy';
import type { Action } from '../../core/access/roles';
import type { DB, SquadsTable, VolunteerProfilesTable } from '../../core/db/schema';
import { whereVisible } from '../../core/db/query';
import { AppError } from '../../core/errors';
import { requireCan } from '../../core/http/access';
import { newId } from '../../core/ids';
import { isUniqueViolation } from '../../core/db/constraints';

/**
 * What the volunteer routes share: who an account is in a community (its person), where a person
 * lives, the squads they serve in, and volunteer profiles — made once per person, by the volunteer,
 * by staff, or when a squad takes them in.
 */

export type Db = Kysely<DB>;

/** A secret for a link or QR code (sign-up, check-in): the row is found by it, so it must not be guessable. */
export const newToken = () => randomBytes(24).toString('base64url');

export { isUniqueViolation };

/** The person an account is in a community: linked directly, or through a confirmed household binding. */
export async function personOf(db: Db, communityId: string, accountId: string) {
  const linked = await db
    .selectFrom('people')
    .select(['id', 'name', 'political_status'])
    .where('community_id', '=', communityId)
    .where('account_id', '=', accountId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  if (linked) return linked;
  return db
    .selectFrom('household_bindings as b')
    .innerJoin('people as p', (j) =>
      j.onRef('p.community_id', '=', 'b.community_id').onRef('p.id', '=', 'b.person_id'),
    )
    .select(['p.id', 'p.name', 'p.political_status'])
    .where('b.community_id', '=', communityId)
    .where('b.account_id', '=', accountId)
    .where('b.status', '=', 'confirmed')
    .where('p.archived_at', 'is', null)
    .executeTakeFirst();
}

/** Every community the account is a person in (directly or through a household), with its name. */
export async function communitiesOf(db: Db, accountId: string) {
  const rows = await db
    .selectFrom('communities as c')
    .select(['c.id', 'c.name'])
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('people as p')
            .select('p.id')
            .whereRef('p.community_id', '=', 'c.id')
            .where('p.account_id', '=', accountId)
            .where('p.archived_at', 'is', null),
        ),
        eb.exists(
          eb
            .selectFrom('household_bindings as b')
            .select('b.id')
            .whereRef('b.community_id', '=', 'c.id')
            .where('b.account_id', '=', accountId)
            .where('b.status', '=', 'confirmed'),
        ),
      ]),
    )
    .where('c.archived_at', 'is', null)
    .orderBy('c.name')
    .execute();
  return rows;
}

/** The compound and grid a person lives in (their first current household), for a new profile. */
export async function homeOf(db: Db, communityId: string, personId: string) {
  const home = await db
    .selectFrom('residencies as r')
    .innerJoin('households as h', (j) =>
      j.onRef('h.community_id', '=', 'r.community_id').onRef('h.id', '=', 'r.household_id'),
    )
    .leftJoin('grid_buildings as g', (j) =>
      j.onRef('g.community_id', '=', 'h.community_id').onRef('g.building_id', '=', 'h.building_id'),
    )
    .select(['h.compound_id', 'g.grid_id'])
    .where('r.community_id', '=', communityId)
    .where('r.person_id', '=', personId)
    .where('r.until', 'is', null)
    .where('h.closed_at', 'is', null)
    .orderBy('r.created_at')
    .executeTakeFirst();
  return { compoundId: home?.compound_id ?? null, gridId: home?.grid_id ?? null };
}

export const partyStatuses = ['party_member', 'probationary'];

export interface ProfileFields {
  skills?: string[];
  tags?: string[];
  availability?: { weekdays: number[]; slots: string[] };
  compoundId?: string | null;
  gridId?: string | null;
  isPartyMember?: boolean;
  cobuildUnitId?: string | null;
}

export const emptyAvailability = { weekdays: [] as number[], slots: [] as string[] };

/**
 * The person's profile, made if missing: where they live and whether they are a party member are
 * taken from the rolls, then `fields` override. Returns the profile and whether it was made now.
 */
export async function ensureProfile(
  trx: Db,
  communityId: string,
  personId: string,
  fields: ProfileFields = {},
): Promise<{ profile: VolunteerProfilesTable; created: boolean }> {
  const found = await profileOf(trx, communityId, personId);
  if (found) return { profile: found, created: false };
  const person = await trx
    .selectFrom('people')
    .select(['account_id', 'political_status'])
    .where('community_id', '=', communityId)
    .where('id', '=', personId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  if (!person) throw new AppError(400, 'unknown_person', {}, [{ field: 'personId' }]);
  const home = await homeOf(trx, communityId, personId);
  const now = Date.now();
  const row: VolunteerProfilesTable = {
    community_id: communityId,
    id: newId(),
    person_id: personId,
    account_id: person.account_id,
    skills: JSON.stringify(fields.skills ?? []),
    tags: JSON.stringify(fields.tags ?? []),
    availability: JSON.stringify(fields.availability ?? emptyAvailability),
    compound_id: fields.compoundId !== undefined ? fields.compoundId : home.compoundId,
    grid_id: fields.gridId !== undefined ? fields.gridId : home.gridId,
    is_party_member: (fields.isPartyMember ?? partyStatuses.includes(person.political_status)) ? 1 : 0,
    cobuild_unit_id: fields.cobuildUnitId ?? null,
    status: 'active',
    joined_at: now,
    created_at: now,
    updated_at: now,
  };
  // Made meanwhile by a request that came first: its profile stands. Not a caught unique violation,
  // which would leave a PostgreSQL transaction aborted for the re-read.
  const made = await trx
    .insertInto('volunteer_profiles')
    .values(row)
    .onConflict((oc) => oc.columns(['community_id', 'person_id']).doNothing())
    .executeTakeFirst();
  if (!Number(made.numInsertedOrUpdatedRows ?? 0))
    return { profile: (await profileOf(trx, communityId, personId))!, created: false };
  return { profile: row, created: true };
}

export function profileOf(db: Db, communityId: string, personId: string) {
  return db
    .selectFrom('volunteer_profiles')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/** The squads people currently serve in, by person. */
export async function squadsOfPeople(db: Db, communityId: string, personIds: readonly string[]) {
  const out = new Map<string, { id: string; name: string; role: string }[]>();
  for (let i = 0; i < personIds.length; i += 500) {
    const rows = await db
      .selectFrom('squad_members as m')
      .innerJoin('squads as s', (j) =>
        j.onRef('s.community_id', '=', 'm.community_id').onRef('s.id', '=', 'm.squad_id'),
      )
      .select(['m.person_id', 's.id', 's.name', 'm.role'])
      .where('m.community_id', '=', communityId)
      .where('m.person_id', 'in', personIds.slice(i, i + 500))
      .where('m.left_at', 'is', null)
      .where('s.archived_at', 'is', null)
      .orderBy('s.name')
      .execute();
    for (const r of rows)
      out.set(r.person_id, [...(out.get(r.person_id) ?? []), { id: r.id, name: r.name, role: r.role }]);
  }
  return out;
}

/**
 * A profile is visible to staff over its compound or grid, and to the leader of any squad its
 * person serves in. `columns` name the query's columns.
 */
export function whereProfileVisible<D, T extends keyof D>(
  eb: ExpressionBuilder<D, T>,
  filter: RowFilter,
  columns: { community: string; compound: string; grid: string; person: string },
): Expression<SqlBool> {
  if (filter.all) return sql<SqlBool>`1 = 1`;
  const ors = [whereVisible(eb, filter, { compound: columns.compound, grid: columns.grid })];
  if (filter.squadIds.length)
    ors.push(sql<SqlBool>`exists (select 1 from squad_members sm
      where sm.community_id = ${sql.ref(columns.community)} and sm.person_id = ${sql.ref(columns.person)}
      and sm.left_at is null and sm.squad_id in (${sql.join(filter.squadIds)}))`);
  return eb.or(ors);
}

/** The squad, once the caller may do `action` on it (404 unknown, 403 out of scope). */
export async function squadFor(
  req: FastifyRequest,
  db: Db,
  communityId: string,
  squadId: string,
  action: Action,
) {
  const squad = await findSquad(db, communityId, squadId);
  if (!squad) throw new AppError(404, 'not_found');
  requireCan(req, action, squadScope(squad));
  return squad;
}

export function findSquad(db: Db, communityId: string, squadId: string) {
  return db
    .selectFrom('squads')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', squadId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
}

export const squadScope = (s: Pick<SquadsTable, 'id' | 'compound_id' | 'grid_id'>) => ({
  squadId: s.id,
  compoundId: s.compound_id,
  gridId: s.grid_id,
});

/** 400 unless the referenced row exists in the community (and is not archived). */
export async function requireRef(
  db: Db,
  communityId: string,
  table: 'compounds' | 'grids' | 'squads' | 'cobuild_units' | 'people',
  id: string | null | undefined,
  field: string,
): Promise<void> {
  if (!id) return;
  const row = await db
    .selectFrom(table)
    .select('id')
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new AppError(400, 'bad_reference', { what: field }, [{ field }]);
}
