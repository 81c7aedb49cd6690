import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access, visibleRows } from '../../core/http/access';
import { DateOnly, Id, Nullable, StringEnum } from '../../core/http/schemas';
import { rowVisible } from '../../core/access/policy';
import { AppError } from '../../core/errors';
import { mustFind } from './common';
import { membershipDates, membershipsOf, type MembershipTable, type MembershipView } from './memberships';
import { describePositions, families, type HeldPlace } from './positions';

/** GET …/people/:personId/positions: every current place a person holds (双向进入、交叉任职). */

const Place = Type.Object({
  family: StringEnum(families, { description: 'party 党组织 | committee 业委会 | grid 网格 | squad 分队' }),
  membershipId: Type.String(),
  orgId: Type.String(),
  orgName: Nullable(Type.String()),
  orgKind: Nullable(Type.String()),
  compoundId: Nullable(Type.String()),
  compoundName: Nullable(Type.String()),
  termNo: Nullable(Type.Integer()),
  position: Type.String(),
  since: Nullable(DateOnly),
  title: Type.String({ description: 'e.g. 甲一小区党支部书记, in the caller’s language' }),
});

const PersonPositions = Type.Object({
  personId: Type.String(),
  name: Type.String(),
  positions: Type.Array(Place),
  crossAppointed: Type.Boolean({ description: 'holds places in more than one kind of organisation' }),
  oneShoulder: Type.Array(Type.Object({ compoundId: Type.String(), compoundName: Nullable(Type.String()) }), {
    description: 'compounds where the person is branch secretary and committee chair (一肩挑)',
  }),
});

export const crossAppointmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  /** The person's current rows in one membership table. */
  const current = (table: MembershipTable, communityId: string, personId: string) =>
    db
      .selectFrom(membershipsOf(table))
      .where('m.community_id', '=', communityId)
      .where('m.person_id', '=', personId)
      .where('m.ended_at', 'is', null);

  app.get(
    '/communities/:communityId/people/:personId/positions',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['organisations'],
        summary: 'Every current position a person holds across party, committee, grids and squads',
        params: Type.Object({ communityId: Id, personId: Id }),
        response: { 200: PersonPositions },
      },
    },
    async (req) => {
      const person = await mustFind(db, 'people', req.params.communityId, req.params.personId);
      const cid = person.community_id;
      const [party, committee, grid, squad] = await Promise.all([
        current('party_positions', cid, person.id)
          .innerJoin('party_orgs as o', (j) =>
            j.onRef('o.community_id', '=', 'm.community_id').onRef('o.id', '=', 'm.parent_id'),
          )
          .leftJoin('compounds as c', (j) =>
            j.onRef('c.community_id', '=', 'o.community_id').onRef('c.id', '=', 'o.compound_id'),
          )
          .selectAll('m')
          .select(['o.name', 'o.kind', 'o.compound_id', 'o.building_id', 'c.name as compound_name'])
          .where('o.archived_at', 'is', null)
          .execute(),
        current('committee_members', cid, person.id)
          .innerJoin('owner_committees as oc', (j) =>
            j.onRef('oc.community_id', '=', 'm.community_id').onRef('oc.id', '=', 'm.parent_id'),
          )
          .innerJoin('compounds as c', (j) =>
            j.onRef('c.community_id', '=', 'oc.community_id').onRef('c.id', '=', 'oc.compound_id'),
          )
          .selectAll('m')
          .select(['oc.term_no', 'oc.compound_id', 'c.name as compound_name'])
          .where('oc.status', '!=', 'ended')
          .execute(),
        current('grid_workers', cid, person.id)
          .innerJoin('grids as g', (j) =>
            j.onRef('g.community_id', '=', 'm.community_id').onRef('g.id', '=', 'm.parent_id'),
          )
          .leftJoin('compounds as c', (j) =>
            j.onRef('c.community_id', '=', 'g.community_id').onRef('c.id', '=', 'g.compound_id'),
          )
          .selectAll('m')
          .select(['g.name', 'g.compound_id', 'c.name as compound_name'])
          .where('g.archived_at', 'is', null)
          .execute(),
        current('squad_members', cid, person.id)
          .innerJoin('squads as s', (j) =>
            j.onRef('s.community_id', '=', 'm.community_id').onRef('s.id', '=', 'm.parent_id'),
          )
          .leftJoin('compounds as c', (j) =>
            j.onRef('c.community_id', '=', 's.community_id').onRef('c.id', '=', 's.compound_id'),
          )
          .selectAll('m')
          .select(['s.name', 's.compound_id', 's.grid_id', 'c.name as compound_name'])
          .where('s.archived_at', 'is', null)
          .execute(),
      ]);

      const filter = visibleRows(req, 'org.read');
      const held: HeldPlace[] = [];
      const place = (
        m: MembershipView & { joined_at?: number; compound_id: string | null; compound_name: string | null },
      ) => ({
        membershipId: m.id,
        orgId: m.parent_id,
        compoundId: m.compound_id,
        compoundName: m.compound_name,
        position: m.position,
        since: membershipDates(m).since,
      });
      // Each place shows only when the caller may read its organisation.
      for (const m of party)
        if (rowVisible(filter, { compoundId: m.compound_id, buildingId: m.building_id }))
          held.push({ ...place(m), family: 'party', orgName: m.name, orgKind: m.kind, termNo: null });
      for (const m of committee)
        if (rowVisible(filter, { compoundId: m.compound_id }))
          held.push({ ...place(m), family: 'committee', orgName: null, orgKind: null, termNo: m.term_no });
      for (const m of grid)
        if (rowVisible(filter, { gridId: m.parent_id, compoundId: m.compound_id }))
          held.push({ ...place(m), family: 'grid', orgName: m.name, orgKind: null, termNo: null });
      for (const m of squad)
        if (rowVisible(filter, { squadId: m.parent_id, compoundId: m.compound_id, gridId: m.grid_id }))
          held.push({ ...place(m), family: 'squad', orgName: m.name, orgKind: null, termNo: null });

      // A person has no scope of their own: a caller scoped to part of the community learns of
      // them only through places in that part.
      if (!filter.all && !held.length) throw new AppError(404, 'not_found');
      return { personId: person.id, name: person.name, ...describePositions(held, req.locale) };
    },
  );
};
