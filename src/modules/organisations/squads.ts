import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access, actor, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { contains, paginate, whereVisible } from '../../core/db/query';
import { audit } from '../../core/audit';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import type { SquadsTable } from '../../core/db/schema';
import { defined, mustFind, mustRefer } from './common';
import { endMemberships, membershipRoutes } from './memberships';
import { squadTypes } from './squad-types';

/**
 * 志愿服务分队: volunteer squads, often one per grid, each with its speciality (宣教文艺, 环保卫生,
 * 安全巡逻, 矛盾调处, 爱心帮困…), a leader (分队长) and members.
 */

const types = squadTypes;
const TypeHelp =
  'publicity_arts 宣教文艺 | environment 环保卫生 | safety_patrol 安全巡逻 | mediation 矛盾调处 | ' +
  'care 爱心帮困 | repair 维修服务 | general 综合';

const Squad = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  name: Type.String(),
  type: StringEnum(types, { description: TypeHelp }),
  compoundId: Nullable(Type.String()),
  gridId: Nullable(Type.String()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  archivedAt: Nullable(Type.Integer()),
});

const SquadInput = Type.Object(
  {
    name: Text(60),
    type: StringEnum(types, { description: TypeHelp }),
    compoundId: Type.Optional(Nullable(Id)),
    gridId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);

const SquadParams = Type.Object({ communityId: Id, squadId: Id });

const squad = (s: SquadsTable) => ({
  id: s.id,
  communityId: s.community_id,
  name: s.name,
  type: s.type as (typeof types)[number],
  compoundId: s.compound_id,
  gridId: s.grid_id,
  createdAt: s.created_at,
  updatedAt: s.updated_at,
  archivedAt: s.archived_at,
});

const squadScope = (s: SquadsTable) => ({ squadId: s.id, compoundId: s.compound_id, gridId: s.grid_id });

export const squadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  /** Where a squad works: a grid implies its compound; a grid in another compound is a mistake (400). */
  async function placeOf(communityId: string, compoundId: string | null, gridId: string | null) {
    if (compoundId) await mustRefer(db, 'compounds', communityId, compoundId, 'compoundId');
    if (!gridId) return { compound_id: compoundId, grid_id: null };
    const grid = await mustRefer(db, 'grids', communityId, gridId, 'gridId');
    if (compoundId && grid.compound_id && grid.compound_id !== compoundId)
      throw new AppError(400, 'grid_not_in_compound');
    return { compound_id: compoundId ?? grid.compound_id, grid_id: grid.id };
  }

  app.get(
    '/communities/:communityId/squads',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['organisations'],
        summary: 'Volunteer squads (志愿服务分队)',
        params: CommunityParams,
        querystring: ListQuery({
          type: Type.Optional(StringEnum(types)),
          compoundId: Type.Optional(Id),
          gridId: Type.Optional(Id),
          archived: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Page(Squad) },
      },
    },
    async (req) => {
      const filter = visibleRows(req, 'org.read');
      const { type, compoundId, gridId, archived, q } = req.query;
      let query = db
        .selectFrom('squads')
        .selectAll()
        .where('community_id', '=', communityOf(req).id)
        .where((eb) => whereVisible(eb, filter, { squad: 'id', compound: 'compound_id', grid: 'grid_id' }))
        .where('archived_at', archived ? 'is not' : 'is', null);
      if (type) query = query.where('type', '=', type);
      if (compoundId) query = query.where('compound_id', '=', compoundId);
      if (gridId) query = query.where('grid_id', '=', gridId);
      if (q) query = query.where(contains('name', q));
      const page = await paginate(query.orderBy('name', req.query.order ?? 'asc').orderBy('id'), req.query);
      return { ...page, items: page.items.map(squad) };
    },
  );

  app.get(
    '/communities/:communityId/squads/:squadId',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['organisations'],
        summary: 'One squad',
        params: SquadParams,
        response: { 200: Squad },
      },
    },
    async (req) => {
      const row = await mustFind(db, 'squads', req.params.communityId, req.params.squadId);
      requireCan(req, 'org.read', squadScope(row));
      return squad(row);
    },
  );

  app.post(
    '/communities/:communityId/squads',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Form a squad',
        params: CommunityParams,
        body: SquadInput,
        response: { 201: Squad },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const place = await placeOf(communityId, req.body.compoundId ?? null, req.body.gridId ?? null);
      requireCan(req, 'org.write', { compoundId: place.compound_id, gridId: place.grid_id });
      const now = Date.now();
      const row: SquadsTable = {
        community_id: communityId,
        id: newId(),
        name: req.body.name.trim(),
        type: req.body.type,
        ...place,
        created_at: now,
        updated_at: now,
        archived_at: null,
      };
      await db.insertInto('squads').values(row).execute();
      return reply.status(201).send(squad(row));
    },
  );

  app.patch(
    '/communities/:communityId/squads/:squadId',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Change a squad',
        params: SquadParams,
        body: Type.Partial(SquadInput, { additionalProperties: false }),
        response: { 200: Squad },
      },
    },
    async (req) => {
      const row = await mustFind(db, 'squads', req.params.communityId, req.params.squadId);
      requireCan(req, 'org.write', squadScope(row));
      const { name, type, compoundId, gridId } = req.body;
      const moving = compoundId !== undefined || gridId !== undefined;
      const place = moving
        ? await placeOf(
            row.community_id,
            compoundId === undefined ? row.compound_id : compoundId,
            gridId === undefined ? row.grid_id : gridId,
          )
        : {};
      await db
        .updateTable('squads')
        .set({ ...defined({ name: name?.trim(), type }), ...place, updated_at: Date.now() })
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.id)
        .execute();
      return squad(await mustFind(db, 'squads', row.community_id, row.id));
    },
  );

  app.post(
    '/communities/:communityId/squads/:squadId/archive',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Disband a squad (kept for the record; its members’ places end)',
        params: SquadParams,
        response: { 200: Squad },
      },
    },
    async (req) => {
      const row = await mustFind(db, 'squads', req.params.communityId, req.params.squadId);
      requireCan(req, 'org.write', squadScope(row));
      if (row.archived_at == null)
        await db.transaction().execute(async (trx) => {
          await endMemberships(trx, 'squad_members', row.community_id, row.id, actor(req));
          const now = Date.now();
          await trx
            .updateTable('squads')
            .set({ archived_at: now, updated_at: now })
            .where('community_id', '=', row.community_id)
            .where('id', '=', row.id)
            .execute();
          await audit(trx, row.community_id, {
            ...actor(req),
            action: 'squad.archive',
            targetType: 'squads',
            targetId: row.id,
            before: { name: row.name },
          });
        });
      return squad(await mustFind(db, 'squads', row.community_id, row.id));
    },
  );

  membershipRoutes(app, {
    table: 'squad_members',
    orgTable: 'squads',
    orgPath: '/communities/:communityId/squads/:squadId',
    orgParam: 'squadId',
    segment: 'members',
    tag: 'organisations',
    noun: 'squad member',
    positions: ['leader', 'member'],
    positionHelp: 'leader 分队长 | member 队员',
    soleHolder: ['leader'],
    scopeOf: squadScope,
    isClosed: (s) => s.archived_at != null,
  });
};
