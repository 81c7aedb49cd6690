import type { FastifyRequest } from 'fastify';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { rowVisible, type RowFilter } from '../../core/access/policy';
import type { Action } from '../../core/access/roles';
import type { Vault } from '../../core/crypto';
import type { DB, HouseholdsTable } from '../../core/db/schema';
import { whereVisible } from '../../core/db/query';
import { AppError } from '../../core/errors';
import { requireCan, visibleRows } from '../../core/http/access';
import { maskPhone } from '../../core/personal';

/**
 * Storage and scope rules shared by the people, household and ownership routes. A person has no
 * place of their own: they are where they currently live (their open households' compound and
 * building), so that is what row checks look at.
 */

/** Where someone currently lives: the scope a grid worker or a branch is checked against. */
export interface Home {
  residencyId: string;
  personId: string;
  householdId: string;
  householdName: string;
  roomId: string;
  compoundId: string;
  buildingId: string;
  kind: string;
  relation: string | null;
  since: string | null;
  until: string | null;
}

/** The SQL twin of isCurrent(): no end date, or an end date after `on`. */
export function currentOn<D, TB extends keyof D>(
  eb: ExpressionBuilder<D, TB>,
  untilColumn: string,
  on: string,
): Expression<SqlBool> {
  return eb.or([eb(sql.ref(untilColumn), 'is', null), eb(sql.ref(untilColumn), '>', on)]);
}

/**
 * A correlated sub-query for the person row of the outer query: their current residencies in open
 * households. Wrapped in EXISTS by the caller, so a list filters by home in one statement.
 */
export function currentResidenceOf(eb: ExpressionBuilder<DB, 'people'>, on: string) {
  return eb
    .selectFrom('residencies')
    .innerJoin('households', (join) =>
      join
        .onRef('households.community_id', '=', 'residencies.community_id')
        .onRef('households.id', '=', 'residencies.household_id'),
    )
    .select(sql<number>`1`.as('one'))
    .whereRef('residencies.community_id', '=', 'people.community_id')
    .whereRef('residencies.person_id', '=', 'people.id')
    .where('households.closed_at', 'is', null)
    .where((e) => currentOn(e, 'residencies.until', on));
}

/** The people a list may show: everyone for community-wide roles, else those living where the caller reaches. */
export function livesWithin(eb: ExpressionBuilder<DB, 'people'>, filter: RowFilter, on: string) {
  if (filter.all) return sql<SqlBool>`1 = 1`;
  return eb.exists(
    currentResidenceOf(eb, on).where((e) =>
      whereVisible(e, filter, { compound: 'households.compound_id', building: 'households.building_id' }),
    ),
  );
}

/** Current homes of these people, in one query. */
export async function homesOf(
  db: Kysely<DB>,
  communityId: string,
  personIds: readonly string[],
  on: string,
): Promise<Home[]> {
  if (!personIds.length) return [];
  return db
    .selectFrom('residencies')
    .innerJoin('households', (join) =>
      join
        .onRef('households.community_id', '=', 'residencies.community_id')
        .onRef('households.id', '=', 'residencies.household_id'),
    )
    .select([
      'residencies.id as residencyId',
      'residencies.person_id as personId',
      'households.id as householdId',
      'households.name as householdName',
      'households.room_id as roomId',
      'households.compound_id as compoundId',
      'households.building_id as buildingId',
      'residencies.kind',
      'residencies.relation',
      'residencies.since',
      'residencies.until',
    ])
    .where('residencies.community_id', '=', communityId)
    .where('residencies.person_id', 'in', [...personIds])
    .where('households.closed_at', 'is', null)
    .where((e) => currentOn(e, 'residencies.until', on))
    .orderBy('residencies.created_at')
    .orderBy('residencies.id')
    .execute();
}

/** The per-row check for a person: the caller may do `action` where they live (anywhere, for no home). */
export function requireCanPerson(req: FastifyRequest, action: Action, homes: readonly Home[]): void {
  const filter = visibleRows(req, action);
  const allowed = homes.length ? homes.some((home) => rowVisible(filter, home)) : filter.all;
  if (!allowed) throw new AppError(403, 'forbidden');
}

export function requireCanHousehold(
  req: FastifyRequest,
  action: Action,
  household: Pick<HouseholdsTable, 'compound_id' | 'building_id'>,
): void {
  requireCan(req, action, { compoundId: household.compound_id, buildingId: household.building_id });
}

export async function findPerson(db: Kysely<DB>, communityId: string, personId: string) {
  return db
    .selectFrom('people')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', personId)
    .executeTakeFirst();
}

export async function findHousehold(db: Kysely<DB>, communityId: string, householdId: string) {
  return db
    .selectFrom('households')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', householdId)
    .executeTakeFirst();
}

export async function findRoom(db: Kysely<DB>, communityId: string, roomId: string) {
  return db
    .selectFrom('rooms')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', roomId)
    .executeTakeFirst();
}

/** A person named in a request body: 400 when unknown, 409 when archived (registering new facts for them). */
export async function referencedPerson(db: Kysely<DB>, communityId: string, personId: string) {
  const person = await findPerson(db, communityId, personId);
  if (!person) throw new AppError(400, 'unknown_person');
  if (person.archived_at !== null) throw new AppError(409, 'person_archived');
  return person;
}

export function maskedPhone(vault: Vault, sealed: string | null): string | null {
  return sealed ? maskPhone(vault.open(sealed)) : null;
}

export function requireSinceBeforeUntil(since: string | null, until: string | null): void {
  if (since && until && until < since) throw new AppError(400, 'until_before_since');
}
