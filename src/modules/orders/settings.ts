import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import type { DB } from '../../core/db/schema';
import { access, actor, communityOf, requireCan } from '../../core/http/access';
import { CommunityParams, Nullable } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { defaultAutoCloseDays, defaultOpenCap } from './rules';

/** A community's own numbers for orders; the defaults hold until someone changes them. */

export interface OrderSettings {
  openCap: number;
  autoCloseDays: number;
}

export async function orderSettings(db: Kysely<DB>, communityId: string): Promise<OrderSettings> {
  const row = await db
    .selectFrom('order_settings')
    .select(['open_cap', 'auto_close_days'])
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  return {
    openCap: row?.open_cap ?? defaultOpenCap,
    autoCloseDays: row?.auto_close_days ?? defaultAutoCloseDays,
  };
}

const Settings = Type.Object({
  openCap: Type.Integer({ description: 'orders one member may hold open at once (抢单上限)' }),
  autoCloseDays: Type.Integer({
    description: 'days after resolution before an unconfirmed order closes itself',
  }),
  updatedAt: Nullable(Type.Integer()),
});

export const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  async function view(communityId: string) {
    const row = await db
      .selectFrom('order_settings')
      .select('updated_at')
      .where('community_id', '=', communityId)
      .executeTakeFirst();
    return { ...(await orderSettings(db, communityId)), updatedAt: row?.updated_at ?? null };
  }

  app.get(
    '/communities/:communityId/order-settings',
    {
      config: { access: access.community('orders.read') },
      schema: {
        tags: ['orders'],
        summary: 'The community’s order settings: open-order cap per member, days to auto-close',
        params: CommunityParams,
        response: { 200: Settings },
      },
    },
    async (req) => view(communityOf(req).id),
  );

  app.patch(
    '/communities/:communityId/order-settings',
    {
      config: { access: access.community('orders.manage') },
      schema: {
        tags: ['orders'],
        summary: 'Change the community’s order settings',
        params: CommunityParams,
        body: Type.Object(
          {
            openCap: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
            autoCloseDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Settings },
      },
    },
    async (req) => {
      requireCan(req, 'orders.manage', {});
      const communityId = communityOf(req).id;
      const before = await orderSettings(db, communityId);
      const after = { ...before, ...req.body };
      const now = Date.now();
      const values = {
        open_cap: after.openCap,
        auto_close_days: after.autoCloseDays,
        updated_by: req.account!.id,
        updated_at: now,
      };
      await db
        .insertInto('order_settings')
        .values({ community_id: communityId, id: newId(), ...values })
        .onConflict((oc) => oc.columns(['community_id']).doUpdateSet(values))
        .execute();
      await audit(db, communityId, {
        ...actor(req),
        action: 'order_settings.update',
        targetType: 'order_settings',
        targetId: communityId,
        before,
        after,
      });
      return view(communityId);
    },
  );
};
