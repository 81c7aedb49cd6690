import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static, type TSchema } from 'typebox';
import { access, actor, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { contains, paginate, whereVisible } from '../../core/db/query';
import { rowVisible } from '../../core/access/policy';
import { audit } from '../../core/audit';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import type { MessageCode } from '../../core/i18n';
import type { PartyOrgsTable } from '../../core/db/schema';
import { mustFind, mustRefer } from './common';
import { endMemberships, membershipRoutes, membershipsWithNames } from './memberships';
import { buildPartyTree, parentKindOf, partyKinds, partyPositions, type PartyKind } from './party-tree';

/**
 * 党组织: the community party organisation (社区党委/党总支), compound branches (小区党支部),
 * building groups (楼栋党小组) and party-member central households (党员中心户), with who holds
 * which position in each.
 */

const KindHelp = 'committee 社区党组织 | branch 小区党支部 | group 楼栋党小组 | central_household 党员中心户';

const PartyOrg = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  parentId: Nullable(Type.String()),
  kind: StringEnum(partyKinds, { description: KindHelp }),
  name: Type.String(),
  compoundId: Nullable(Type.String()),
  buildingId: Nullable(Type.String()),
  householdId: Nullable(Type.String()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  archivedAt: Nullable(Type.Integer()),
});

const PartyOrgInput = Type.Object(
  {
    kind: StringEnum(partyKinds, { description: KindHelp }),
    name: Text(60),
    parentId: Type.Optional(Id),
    compoundId: Type.Optional(Type.String({ description: 'a branch’s compound' })),
    buildingId: Type.Optional(Type.String({ description: 'a group’s building' })),
    householdId: Type.Optional(Type.String({ description: 'a central household’s household' })),
  },
  { additionalProperties: false },
);

const OrgParams = Type.Object({ communityId: Id, orgId: Id });

// The party tree has four levels, so its schema nests four times (no recursive $ref needed).
const TreeMember = Type.Object({ personId: Type.String(), name: Type.String(), position: Type.String() });
const treeNode = <C extends TSchema>(children: C) =>
  Type.Object({
    id: Type.String(),
    kind: Type.String(),
    name: Type.String(),
    compoundId: Nullable(Type.String()),
    buildingId: Nullable(Type.String()),
    householdId: Nullable(Type.String()),
    members: Type.Array(TreeMember),
    children: Type.Array(children),
  });
const PartyTreeNode = treeNode(treeNode(treeNode(treeNode(Type.Object({}, { maxProperties: 0 })))));

const partyOrg = (o: PartyOrgsTable) => ({
  id: o.id,
  communityId: o.community_id,
  parentId: o.parent_id,
  kind: o.kind as PartyKind,
  name: o.name,
  compoundId: o.compound_id,
  buildingId: o.building_id,
  householdId: o.household_id,
  createdAt: o.created_at,
  updatedAt: o.updated_at,
  archivedAt: o.archived_at,
});

const partyScope = (o: PartyOrgsTable) => ({ compoundId: o.compound_id, buildingId: o.building_id });

const wrongParent: Record<PartyKind, MessageCode> = {
  committee: 'party_committee_no_parent',
  branch: 'party_branch_parent',
  group: 'party_group_parent',
  central_household: 'party_household_parent',
};

/** The field that places each kind: a branch sits in a compound, a group in a building, … */
const placeField = {
  committee: null,
  branch: 'compoundId',
  group: 'buildingId',
  central_household: 'householdId',
} as const;

export const partyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  /** Where a new organisation sits, checked against its parent: 400 on any mismatch. */
  async function placeOf(communityId: string, body: Static<typeof PartyOrgInput>) {
    const { kind } = body;
    for (const field of Object.values(placeField))
      if (field && field !== placeField[kind] && body[field] !== undefined)
        throw new AppError(400, 'party_org_place', { field });
    if (kind === 'committee') {
      if (body.parentId) throw new AppError(400, wrongParent[kind]);
      const existing = await db
        .selectFrom('party_orgs')
        .select('id')
        .where('community_id', '=', communityId)
        .where('kind', '=', 'committee')
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (existing) throw new AppError(409, 'party_committee_exists');
      return { parent_id: null, compound_id: null, building_id: null, household_id: null };
    }
    if (!body.parentId) throw new AppError(400, wrongParent[kind]);
    const parent = await mustRefer(db, 'party_orgs', communityId, body.parentId, 'parentId');
    if (parent.kind !== parentKindOf[kind]) throw new AppError(400, wrongParent[kind]);
    const field = placeField[kind];
    const placeId = body[field];
    if (!placeId) throw new AppError(400, 'party_org_place', { field });
    if (kind === 'branch') {
      const compound = await mustRefer(db, 'compounds', communityId, placeId, field);
      return { parent_id: parent.id, compound_id: compound.id, building_id: null, household_id: null };
    }
    if (kind === 'group') {
      const building = await mustRefer(db, 'buildings', communityId, placeId, field);
      if (building.compound_id !== parent.compound_id) throw new AppError(400, 'building_not_in_compound');
      return {
        parent_id: parent.id,
        compound_id: building.compound_id,
        building_id: building.id,
        household_id: null,
      };
    }
    const household = await mustRefer(db, 'households', communityId, placeId, field);
    if (household.building_id !== parent.building_id) throw new AppError(400, 'household_not_in_building');
    return {
      parent_id: parent.id,
      compound_id: household.compound_id,
      building_id: household.building_id,
      household_id: household.id,
    };
  }

  app.get(
    '/communities/:communityId/party-orgs',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['organisations'],
        summary: 'Party organisations (党组织), flat',
        params: CommunityParams,
        querystring: ListQuery({
          kind: Type.Optional(StringEnum(partyKinds)),
          parentId: Type.Optional(Id),
          compoundId: Type.Optional(Id),
          archived: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Page(PartyOrg) },
      },
    },
    async (req) => {
      const filter = visibleRows(req, 'org.read');
      const { kind, parentId, compoundId, archived, q } = req.query;
      let query = db
        .selectFrom('party_orgs')
        .selectAll()
        .where('community_id', '=', communityOf(req).id)
        .where((eb) => whereVisible(eb, filter, { compound: 'compound_id', building: 'building_id' }))
        .where('archived_at', archived ? 'is not' : 'is', null);
      if (kind) query = query.where('kind', '=', kind);
      if (parentId) query = query.where('parent_id', '=', parentId);
      if (compoundId) query = query.where('compound_id', '=', compoundId);
      if (q) query = query.where(contains('name', q));
      const page = await paginate(query.orderBy('name', req.query.order ?? 'asc').orderBy('id'), req.query);
      return { ...page, items: page.items.map(partyOrg) };
    },
  );

  app.get(
    '/communities/:communityId/party-tree',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['organisations'],
        summary: 'The party organisation tree with its members (names and positions only)',
        params: CommunityParams,
        response: { 200: Type.Object({ items: Type.Array(PartyTreeNode) }) },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const filter = visibleRows(req, 'org.read');
      const orgs = (
        await db
          .selectFrom('party_orgs')
          .selectAll()
          .where('community_id', '=', communityId)
          .where('archived_at', 'is', null)
          .execute()
      ).filter((o) => rowVisible(filter, partyScope(o)));
      const visible = new Set(orgs.map((o) => o.id));
      const members = (
        await membershipsWithNames(db, 'party_positions', communityId)
          .where('m.ended_at', 'is', null)
          .execute()
      ).filter((m) => visible.has(m.parent_id));
      return {
        items: buildPartyTree(
          orgs.map(partyOrg),
          members.map((m) => ({
            orgId: m.parent_id,
            personId: m.person_id,
            name: m.person_name,
            position: m.position,
          })),
        ),
      };
    },
  );

  app.get(
    '/communities/:communityId/party-orgs/:orgId',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['organisations'],
        summary: 'One party organisation',
        params: OrgParams,
        response: { 200: PartyOrg },
      },
    },
    async (req) => {
      const org = await mustFind(db, 'party_orgs', req.params.communityId, req.params.orgId);
      requireCan(req, 'org.read', partyScope(org));
      return partyOrg(org);
    },
  );

  app.post(
    '/communities/:communityId/party-orgs',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Set up a party organisation under its parent',
        description:
          'committee: no parent, no place. branch: parent a committee, compoundId. group: parent a branch, ' +
          'buildingId in its compound. central_household: parent a group, householdId in its building.',
        params: CommunityParams,
        body: PartyOrgInput,
        response: { 201: PartyOrg },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const place = await placeOf(communityId, req.body);
      requireCan(req, 'org.write', { compoundId: place.compound_id, buildingId: place.building_id });
      const now = Date.now();
      const row: PartyOrgsTable = {
        community_id: communityId,
        id: newId(),
        kind: req.body.kind,
        name: req.body.name.trim(),
        ...place,
        created_at: now,
        updated_at: now,
        archived_at: null,
      };
      await db.insertInto('party_orgs').values(row).execute();
      return reply.status(201).send(partyOrg(row));
    },
  );

  app.patch(
    '/communities/:communityId/party-orgs/:orgId',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Rename a party organisation',
        params: OrgParams,
        body: Type.Object({ name: Text(60) }, { additionalProperties: false }),
        response: { 200: PartyOrg },
      },
    },
    async (req) => {
      const org = await mustFind(db, 'party_orgs', req.params.communityId, req.params.orgId);
      requireCan(req, 'org.write', partyScope(org));
      await db
        .updateTable('party_orgs')
        .set({ name: req.body.name.trim(), updated_at: Date.now() })
        .where('community_id', '=', org.community_id)
        .where('id', '=', org.id)
        .execute();
      return partyOrg(await mustFind(db, 'party_orgs', org.community_id, org.id));
    },
  );

  app.post(
    '/communities/:communityId/party-orgs/:orgId/archive',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Archive a party organisation (its positions end; organisations under it must go first)',
        params: OrgParams,
        response: { 200: PartyOrg },
      },
    },
    async (req) => {
      const org = await mustFind(db, 'party_orgs', req.params.communityId, req.params.orgId);
      requireCan(req, 'org.write', partyScope(org));
      if (org.archived_at == null) {
        const child = await db
          .selectFrom('party_orgs')
          .select('id')
          .where('community_id', '=', org.community_id)
          .where('parent_id', '=', org.id)
          .where('archived_at', 'is', null)
          .executeTakeFirst();
        if (child) throw new AppError(409, 'has_active_children');
        await db.transaction().execute(async (trx) => {
          await endMemberships(trx, 'party_positions', org.community_id, org.id, actor(req));
          const now = Date.now();
          await trx
            .updateTable('party_orgs')
            .set({ archived_at: now, updated_at: now })
            .where('community_id', '=', org.community_id)
            .where('id', '=', org.id)
            .execute();
          await audit(trx, org.community_id, {
            ...actor(req),
            action: 'party_org.archive',
            targetType: 'party_orgs',
            targetId: org.id,
            before: { kind: org.kind, name: org.name },
          });
        });
      }
      return partyOrg(await mustFind(db, 'party_orgs', org.community_id, org.id));
    },
  );

  membershipRoutes(app, {
    table: 'party_positions',
    orgTable: 'party_orgs',
    orgPath: '/communities/:communityId/party-orgs/:orgId',
    orgParam: 'orgId',
    segment: 'positions',
    tag: 'organisations',
    noun: 'party position',
    positions: partyPositions,
    positionHelp: 'secretary 书记 | deputy_secretary 副书记 | committee_member 委员 | member 党员',
    soleHolder: ['secretary'],
    scopeOf: partyScope,
    isClosed: (o) => o.archived_at != null,
    // Only party members (including probationary ones, 预备党员) hold party positions.
    async checkCandidate(_db, person) {
      if (person.political_status !== 'party_member' && person.political_status !== 'probationary')
        throw new AppError(400, 'not_party_member', { name: person.name });
    },
  });
};
