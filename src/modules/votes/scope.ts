import type { FastifyRequest } from 'fastify';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { can, type RowFilter } from '../../core/access/policy';
import type { Action } from '../../core/access/roles';
import type { AssembliesTable, DB } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { communityOf, principalOf, visibleRows } from '../../core/http/access';
import { mustAssembly, myPersons } from './store';

/**
 * Who may act on an assembly. An assembly belongs to a compound, so a grant on the compound (or
 * above) covers it; a grant on some of its buildings (a grid worker's grid) covers it too, so
 * those who canvass those buildings can follow the assembly.
 */

/** Whether the caller may do `action` on the assembly. */
export async function canOnAssembly(
  req: FastifyRequest,
  action: Action,
  a: Pick<AssembliesTable, 'community_id' | 'compound_id'>,
): Promise<boolean> {
  const community = communityOf(req);
  const target = { streetId: community.streetId, communityId: community.id, compoundId: a.compound_id };
  if (can(principalOf(req), action, target)) return true;
  const filter = visibleRows(req, action);
  if (filter.all || !filter.buildingIds.length) return false;
  const building = await req.server.deps.db
    .selectFrom('buildings')
    .select('id')
    .where('community_id', '=', a.community_id)
    .where('compound_id', '=', a.compound_id)
    .where('id', 'in', filter.buildingIds)
    .executeTakeFirst();
  return !!building;
}

export async function requireOnAssembly(
  req: FastifyRequest,
  action: Action,
  a: Pick<AssembliesTable, 'community_id' | 'compound_id'>,
): Promise<void> {
  if (!(await canOnAssembly(req, action, a))) throw new AppError(403, 'forbidden');
}

/** The assembly named in the path, once the caller may do `action` on it. */
export async function loadAssembly(req: FastifyRequest, action: Action, assemblyId: string) {
  const a = await mustAssembly(req.server.deps.db, communityOf(req).id, assemblyId);
  await requireOnAssembly(req, action, a);
  return a;
}

/** The list filter matching canOnAssembly, for a query over `assemblies as a`. */
export function assemblyVisible<D, TB extends keyof D>(
  eb: ExpressionBuilder<D, TB>,
  filter: RowFilter,
): Expression<SqlBool> {
  if (filter.all) return sql<SqlBool>`1 = 1`;
  const ors: Expression<SqlBool>[] = [];
  if (filter.compoundIds.length) ors.push(eb(sql.ref('a.compound_id'), 'in', filter.compoundIds));
  if (filter.buildingIds.length)
    ors.push(
      sql<SqlBool>`a.compound_id in (select vb.compound_id from buildings vb where vb.community_id = a.community_id and vb.id in (${sql.join(filter.buildingIds)}))`,
    );
  return ors.length ? eb.or(ors) : sql<SqlBool>`1 = 0`;
}

/** Assemblies with their compound's name. */
export function assembliesWithCompound(db: Kysely<DB>, communityId: string) {
  return db
    .selectFrom('assemblies as a')
    .innerJoin('compounds as c', (j) =>
      j.onRef('c.community_id', '=', 'a.community_id').onRef('c.id', '=', 'a.compound_id'),
    )
    .selectAll('a')
    .select('c.name as compound_name')
    .where('a.community_id', '=', communityId);
}

type Person = { community_id: string; id: string };

/**
 * Rows of `assemblies as a` an owner may see: announced or later, in a compound where one of their
 * people owns a room now, or whose frozen roll names them (as voter or designated co-owner).
 */
export function ownersMay(
  eb: ExpressionBuilder<DB & { a: AssembliesTable }, 'a'>,
  persons: readonly Person[],
): Expression<SqlBool> {
  if (!persons.length) return sql<SqlBool>`1 = 0`;
  return eb.and([
    eb('a.status', '!=', 'draft'),
    eb.or(
      persons.map((p) =>
        eb.and([
          eb('a.community_id', '=', p.community_id),
          eb.or([
            eb.exists(
              eb
                .selectFrom('ownerships as o')
                .select('o.id')
                .whereRef('o.community_id', '=', 'a.community_id')
                .whereRef('o.compound_id', '=', 'a.compound_id')
                .where('o.person_id', '=', p.id)
                .where('o.ended_at', 'is', null),
            ),
            eb.exists(
              eb
                .selectFrom('assembly_voters as av')
                .select('av.id')
                .whereRef('av.community_id', '=', 'a.community_id')
                .whereRef('av.assembly_id', '=', 'a.id')
                .where((w) => w.or([w('av.person_id', '=', p.id), w('av.delegate_person_id', '=', p.id)])),
            ),
          ]),
        ]),
      ),
    ),
  ]);
}

/** Whether an account may see the assembly as an owner (for the files attached to it). */
export async function ownerSees(db: Kysely<DB>, accountId: string, communityId: string, assemblyId: string) {
  const persons = (await myPersons(db, accountId)).filter((p) => p.community_id === communityId);
  const row = await db
    .selectFrom('assemblies as a')
    .select('a.id')
    .where('a.community_id', '=', communityId)
    .where('a.id', '=', assemblyId)
    .where((eb) => ownersMay(eb, persons))
    .executeTakeFirst();
  return !!row;
}
