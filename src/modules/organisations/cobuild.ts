import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { contains, paginate, whereVisible } from '../../core/db/query';
import { newId } from '../../core/ids';
import { toHalfWidth } from '../../core/personal';
import type { CobuildUnitsTable } from '../../core/db/schema';
import { defined, mustFind } from './common';

/**
 * 共建单位: utilities, telecoms, government offices, firms, schools and hospitals that work with the
 * community (双报到, 挂点结对). Community-wide rows: only community-wide roles see them.
 */

const kinds = ['utility', 'telecom', 'government', 'enterprise', 'school', 'hospital', 'other'] as const;
const KindHelp =
  'utility 水电气 | telecom 通信 | government 机关 | enterprise 企业 | school 学校 | hospital 医院 | other 其他';

const CobuildUnit = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  name: Type.String(),
  kind: StringEnum(kinds, { description: KindHelp }),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String({ description: 'the organisation’s contact line, shown in full' })),
  notes: Nullable(Type.String()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  archivedAt: Nullable(Type.Integer()),
});

const CobuildInput = Type.Object(
  {
    name: Text(100),
    kind: StringEnum(kinds, { description: KindHelp }),
    contactName: Type.Optional(Nullable(Text(30))),
    contactPhone: Type.Optional(Nullable(Text(30))),
    notes: Type.Optional(Nullable(Text(1000))),
  },
  { additionalProperties: false },
);

const UnitParams = Type.Object({ communityId: Id, unitId: Id });

const unit = (u: CobuildUnitsTable) => ({
  id: u.id,
  communityId: u.community_id,
  name: u.name,
  kind: u.kind as (typeof kinds)[number],
  contactName: u.contact_name,
  contactPhone: u.contact_phone,
  notes: u.notes,
  createdAt: u.created_at,
  updatedAt: u.updated_at,
  archivedAt: u.archived_at,
});

/** Blank text clears a field; undefined leaves it alone. */
const tidy = (text: string | null | undefined) =>
  text === undefined ? undefined : toHalfWidth(text ?? '').trim() || null;

export const cobuildRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/communities/:communityId/cobuild-units',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['organisations'],
        summary: 'Co-building units (共建单位)',
        params: CommunityParams,
        querystring: ListQuery({
          kind: Type.Optional(StringEnum(kinds)),
          archived: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Page(CobuildUnit) },
      },
    },
    async (req) => {
      const filter = visibleRows(req, 'org.read');
      const { kind, archived, q } = req.query;
      let query = db
        .selectFrom('cobuild_units')
        .selectAll()
        .where('community_id', '=', communityOf(req).id)
        .where((eb) => whereVisible(eb, filter, {}))
        .where('archived_at', archived ? 'is not' : 'is', null);
      if (kind) query = query.where('kind', '=', kind);
      if (q) query = query.where(contains('name', q));
      const page = await paginate(query.orderBy('name', req.query.order ?? 'asc').orderBy('id'), req.query);
      return { ...page, items: page.items.map(unit) };
    },
  );

  app.get(
    '/communities/:communityId/cobuild-units/:unitId',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['organisations'],
        summary: 'One co-building unit',
        params: UnitParams,
        response: { 200: CobuildUnit },
      },
    },
    async (req) => {
      const row = await mustFind(db, 'cobuild_units', req.params.communityId, req.params.unitId);
      requireCan(req, 'org.read', {});
      return unit(row);
    },
  );

  app.post(
    '/communities/:communityId/cobuild-units',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Add a co-building unit',
        params: CommunityParams,
        body: CobuildInput,
        response: { 201: CobuildUnit },
      },
    },
    async (req, reply) => {
      requireCan(req, 'org.write', {});
      const now = Date.now();
      const row: CobuildUnitsTable = {
        community_id: communityOf(req).id,
        id: newId(),
        name: req.body.name.trim(),
        kind: req.body.kind,
        contact_name: tidy(req.body.contactName) ?? null,
        contact_phone: tidy(req.body.contactPhone) ?? null,
        notes: tidy(req.body.notes) ?? null,
        created_at: now,
        updated_at: now,
        archived_at: null,
      };
      await db.insertInto('cobuild_units').values(row).execute();
      return reply.status(201).send(unit(row));
    },
  );

  app.patch(
    '/communities/:communityId/cobuild-units/:unitId',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Change a co-building unit',
        params: UnitParams,
        body: Type.Partial(CobuildInput, { additionalProperties: false }),
        response: { 200: CobuildUnit },
      },
    },
    async (req) => {
      const row = await mustFind(db, 'cobuild_units', req.params.communityId, req.params.unitId);
      requireCan(req, 'org.write', {});
      const { name, kind, contactName, contactPhone, notes } = req.body;
      await db
        .updateTable('cobuild_units')
        .set({
          ...defined({
            name: name?.trim(),
            kind,
            contact_name: tidy(contactName),
            contact_phone: tidy(contactPhone),
            notes: tidy(notes),
          }),
          updated_at: Date.now(),
        })
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.id)
        .execute();
      return unit(await mustFind(db, 'cobuild_units', row.community_id, row.id));
    },
  );

  app.post(
    '/communities/:communityId/cobuild-units/:unitId/archive',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Archive a co-building unit (kept for the record, hidden from lists)',
        params: UnitParams,
        response: { 200: CobuildUnit },
      },
    },
    async (req) => {
      const row = await mustFind(db, 'cobuild_units', req.params.communityId, req.params.unitId);
      requireCan(req, 'org.write', {});
      const now = Date.now();
      await db
        .updateTable('cobuild_units')
        .set({ archived_at: row.archived_at ?? now, updated_at: now })
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.id)
        .execute();
      return unit(await mustFind(db, 'cobuild_units', row.community_id, row.id));
    },
  );
};
