import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import { contains, paginate } from '../../core/db/query';
import type { DB, OrderCategoriesTable } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { access, actor, communityOf, requireCan } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { squadTypes, type SquadType } from '../organisations/squad-types';
import { requireCommunityMember } from './people';

/**
 * Order categories (服务类别) per community, each with the kind of squad that usually serves it and
 * its two clocks. A community starts from the services the articles list (seed 001: 水电维修, 管道疏通,
 * 家电维修, 上门理发, 政策咨询, 证件代办, 图书借阅, 就业信息; seed 004: 环境卫生, 安全隐患, 邻里纠纷)
 * and adapts them: the defaults are copied in on first use, then belong to the community.
 */

interface DefaultCategory {
  code: string;
  nameZh: string;
  nameEn: string;
  squadType: SquadType;
  acceptMinutes: number;
  resolveMinutes: number;
}

const hour = 60;
const day = 24 * hour;

export const defaultCategories: readonly DefaultCategory[] = [
  {
    code: 'utilities_repair',
    nameZh: '水电维修',
    nameEn: 'Water and electrics repair',
    squadType: 'repair',
    acceptMinutes: 30,
    resolveMinutes: day,
  },
  {
    code: 'drain_clearing',
    nameZh: '管道疏通',
    nameEn: 'Drain clearing',
    squadType: 'repair',
    acceptMinutes: 30,
    resolveMinutes: day,
  },
  {
    code: 'appliance_repair',
    nameZh: '家电维修',
    nameEn: 'Appliance repair',
    squadType: 'repair',
    acceptMinutes: hour,
    resolveMinutes: 2 * day,
  },
  {
    code: 'home_haircut',
    nameZh: '上门理发',
    nameEn: 'Haircut at home',
    squadType: 'care',
    acceptMinutes: 4 * hour,
    resolveMinutes: 3 * day,
  },
  {
    code: 'policy_advice',
    nameZh: '政策咨询',
    nameEn: 'Policy advice',
    squadType: 'general',
    acceptMinutes: 2 * hour,
    resolveMinutes: day,
  },
  {
    code: 'paperwork',
    nameZh: '证件代办',
    nameEn: 'Help with certificates',
    squadType: 'general',
    acceptMinutes: 4 * hour,
    resolveMinutes: 5 * day,
  },
  {
    code: 'book_lending',
    nameZh: '图书借阅',
    nameEn: 'Book lending',
    squadType: 'publicity_arts',
    acceptMinutes: 4 * hour,
    resolveMinutes: 3 * day,
  },
  {
    code: 'job_information',
    nameZh: '就业信息',
    nameEn: 'Job information',
    squadType: 'general',
    acceptMinutes: 4 * hour,
    resolveMinutes: 3 * day,
  },
  {
    code: 'sanitation',
    nameZh: '环境卫生',
    nameEn: 'Cleanliness',
    squadType: 'environment',
    acceptMinutes: hour,
    resolveMinutes: day,
  },
  {
    code: 'safety_hazard',
    nameZh: '安全隐患',
    nameEn: 'Safety hazard',
    squadType: 'safety_patrol',
    acceptMinutes: 15,
    resolveMinutes: 4 * hour,
  },
  {
    code: 'neighbour_dispute',
    nameZh: '邻里纠纷',
    nameEn: 'Neighbour dispute',
    squadType: 'mediation',
    acceptMinutes: hour,
    resolveMinutes: 2 * day,
  },
  {
    code: 'other',
    nameZh: '其他',
    nameEn: 'Other',
    squadType: 'general',
    acceptMinutes: 2 * hour,
    resolveMinutes: 2 * day,
  },
];

/**
 * Copies the default categories into a community that has none yet (archived ones count: a community
 * that retired a default keeps it retired). Safe to run twice at once: an existing code is left alone.
 */
export async function ensureCategories(db: Kysely<DB>, communityId: string, now = Date.now()): Promise<void> {
  const any = await db
    .selectFrom('order_categories')
    .select('id')
    .where('community_id', '=', communityId)
    .limit(1)
    .executeTakeFirst();
  if (any) return;
  await db
    .insertInto('order_categories')
    .values(
      defaultCategories.map((c, position) => ({
        community_id: communityId,
        id: newId(),
        code: c.code,
        name_zh: c.nameZh,
        name_en: c.nameEn,
        squad_type: c.squadType,
        accept_minutes: c.acceptMinutes,
        resolve_minutes: c.resolveMinutes,
        position,
        created_at: now,
        updated_at: now,
        archived_at: null,
      })),
    )
    .onConflict((oc) => oc.columns(['community_id', 'code']).doNothing())
    .execute();
}

const SquadTypeEnum = StringEnum(squadTypes, { description: 'the kind of squad that usually serves it' });

export const OrderCategory = Type.Object({
  id: Type.String(),
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  squadType: SquadTypeEnum,
  acceptMinutes: Type.Integer({ description: '接单时限: minutes from the request to a member taking it' }),
  resolveMinutes: Type.Integer({ description: '办结时限: minutes from the request to its resolution' }),
  position: Type.Integer({ description: 'where it comes in the list residents choose from' }),
  archivedAt: Nullable(Type.Integer()),
});

const CategoryInput = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', description: 'lower-case letters, digits and _' }),
    nameZh: Text(20),
    nameEn: Text(60),
    squadType: SquadTypeEnum,
    acceptMinutes: Type.Integer({ minimum: 5, maximum: 7 * day }),
    resolveMinutes: Type.Integer({ minimum: 15, maximum: 90 * day }),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 999 })),
  },
  { additionalProperties: false },
);

export const categoryView = (c: OrderCategoriesTable) => ({
  id: c.id,
  code: c.code,
  nameZh: c.name_zh,
  nameEn: c.name_en,
  squadType: c.squad_type as SquadType,
  acceptMinutes: c.accept_minutes,
  resolveMinutes: c.resolve_minutes,
  position: c.position,
  archivedAt: c.archived_at,
});

const CategoryParams = Type.Object({ communityId: Id, categoryId: Id });

/** Resolving cannot be due before accepting is. */
function checkClocks(accept: number, resolve: number) {
  if (resolve < accept) throw fieldError(400, 'order_category_clocks', 'resolveMinutes');
}

export const categoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  async function load(communityId: string, categoryId: string) {
    const row = await db
      .selectFrom('order_categories')
      .selectAll()
      .where('community_id', '=', communityId)
      .where('id', '=', categoryId)
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found');
    return row;
  }

  app.get(
    '/communities/:communityId/order-categories',
    {
      // Residents choose from it too: anyone who belongs to the community may read it.
      config: { access: access.session() },
      schema: {
        tags: ['orders'],
        summary: 'Order categories (服务类别) of a community, in the order residents see them',
        params: CommunityParams,
        querystring: ListQuery({ archived: Type.Optional(Type.Boolean()) }),
        response: { 200: Page(OrderCategory) },
      },
    },
    async (req) => {
      const communityId = await requireCommunityMember(req, req.params.communityId);
      await ensureCategories(db, communityId);
      let query = db
        .selectFrom('order_categories')
        .selectAll()
        .where('community_id', '=', communityId)
        .where('archived_at', req.query.archived ? 'is not' : 'is', null);
      if (req.query.q)
        query = query.where((eb) =>
          eb.or([contains('name_zh', req.query.q!), contains('name_en', req.query.q!)]),
        );
      const page = await paginate(
        query
          .orderBy('position', req.query.order ?? 'asc')
          .orderBy('code')
          .orderBy('id'),
        req.query,
      );
      return { ...page, items: page.items.map(categoryView) };
    },
  );

  app.post(
    '/communities/:communityId/order-categories',
    {
      config: { access: access.community('orders.manage') },
      schema: {
        tags: ['orders'],
        summary: 'Add an order category',
        params: CommunityParams,
        body: CategoryInput,
        response: { 201: OrderCategory },
      },
    },
    async (req, reply) => {
      requireCan(req, 'orders.manage', {});
      const communityId = communityOf(req).id;
      await ensureCategories(db, communityId);
      const b = req.body;
      checkClocks(b.acceptMinutes, b.resolveMinutes);
      const taken = await db
        .selectFrom('order_categories')
        .select('id')
        .where('community_id', '=', communityId)
        .where('code', '=', b.code)
        .executeTakeFirst();
      if (taken) throw new AppError(409, 'order_category_code_taken', { code: b.code });
      const now = Date.now();
      const last = await db
        .selectFrom('order_categories')
        .select((eb) => eb.fn.max('position').as('p'))
        .where('community_id', '=', communityId)
        .executeTakeFirst();
      const row: OrderCategoriesTable = {
        community_id: communityId,
        id: newId(),
        code: b.code,
        name_zh: b.nameZh.trim(),
        name_en: b.nameEn.trim(),
        squad_type: b.squadType,
        accept_minutes: b.acceptMinutes,
        resolve_minutes: b.resolveMinutes,
        position: b.position ?? Number(last?.p ?? -1) + 1,
        created_at: now,
        updated_at: now,
        archived_at: null,
      };
      await db.insertInto('order_categories').values(row).execute();
      await audit(db, communityId, {
        ...actor(req),
        action: 'order_category.create',
        targetType: 'order_category',
        targetId: row.id,
        after: categoryView(row),
      });
      return reply.status(201).send(categoryView(row));
    },
  );

  app.patch(
    '/communities/:communityId/order-categories/:categoryId',
    {
      config: { access: access.community('orders.manage') },
      schema: {
        tags: ['orders'],
        summary: 'Change a category: its names, squad type, clocks or place in the list (its code stays)',
        params: CategoryParams,
        body: Type.Partial(Type.Omit(CategoryInput, ['code']), { additionalProperties: false }),
        response: { 200: OrderCategory },
      },
    },
    async (req) => {
      requireCan(req, 'orders.manage', {});
      const row = await load(req.params.communityId, req.params.categoryId);
      const b = req.body;
      checkClocks(b.acceptMinutes ?? row.accept_minutes, b.resolveMinutes ?? row.resolve_minutes);
      const changes = {
        ...(b.nameZh !== undefined ? { name_zh: b.nameZh.trim() } : {}),
        ...(b.nameEn !== undefined ? { name_en: b.nameEn.trim() } : {}),
        ...(b.squadType !== undefined ? { squad_type: b.squadType } : {}),
        ...(b.acceptMinutes !== undefined ? { accept_minutes: b.acceptMinutes } : {}),
        ...(b.resolveMinutes !== undefined ? { resolve_minutes: b.resolveMinutes } : {}),
        ...(b.position !== undefined ? { position: b.position } : {}),
      };
      await db
        .updateTable('order_categories')
        .set({ ...changes, updated_at: Date.now() })
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.id)
        .execute();
      const after = await load(row.community_id, row.id);
      await audit(db, row.community_id, {
        ...actor(req),
        action: 'order_category.update',
        targetType: 'order_category',
        targetId: row.id,
        before: categoryView(row),
        after: categoryView(after),
      });
      return categoryView(after);
    },
  );

  app.post(
    '/communities/:communityId/order-categories/:categoryId/archive',
    {
      config: { access: access.community('orders.manage') },
      schema: {
        tags: ['orders'],
        summary: 'Archive a category: residents no longer choose it; its orders keep it',
        params: CategoryParams,
        response: { 200: OrderCategory },
      },
    },
    async (req) => {
      requireCan(req, 'orders.manage', {});
      const row = await load(req.params.communityId, req.params.categoryId);
      if (row.archived_at == null) {
        const now = Date.now();
        await db
          .updateTable('order_categories')
          .set({ archived_at: now, updated_at: now })
          .where('community_id', '=', row.community_id)
          .where('id', '=', row.id)
          .execute();
        await audit(db, row.community_id, {
          ...actor(req),
          action: 'order_category.archive',
          targetType: 'order_category',
          targetId: row.id,
          before: categoryView(row),
        });
      }
      return categoryView(await load(row.community_id, row.id));
    },
  );
};
