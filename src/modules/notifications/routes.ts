import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { contains, paginate } from '../../core/db/query';
import { AppError } from '../../core/errors';
import { access, communityOf, requireCan } from '../../core/http/access';
import {
  CommunityParams,
  Id,
  ListQuery,
  Nullable,
  Page,
  PageQuery,
  StringEnum,
} from '../../core/http/schemas';
import { streamEvents } from '../../core/http/sse';
import { accountTopic, Notification, notificationsReadEvent, notificationView } from './notify';

const deliveryStatuses = ['pending', 'sent', 'failed'] as const;

const Delivery = Type.Object({
  id: Type.String(),
  notificationId: Type.String(),
  accountId: Type.String(),
  accountName: Type.String(),
  kind: Type.String(),
  channel: Type.String(),
  status: StringEnum(deliveryStatuses),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Integer(),
  lastError: Nullable(Type.String()),
  createdAt: Type.Integer(),
  sentAt: Nullable(Type.Integer()),
});

export const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, events } = app.deps;
  const me = (req: FastifyRequest) => req.account!.id;

  const unreadCount = async (accountId: string) =>
    Number(
      (
        await db
          .selectFrom('notifications')
          .select(sql<number>`count(*)`.as('n'))
          .where('account_id', '=', accountId)
          .where('read_at', 'is', null)
          .executeTakeFirstOrThrow()
      ).n,
    );

  app.get(
    '/me/notifications',
    {
      config: { access: access.session() },
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first, with the number still unread',
        querystring: Type.Object({
          page: PageQuery.properties.page,
          pageSize: PageQuery.properties.pageSize,
          unread: Type.Optional(Type.Boolean({ description: 'only those not yet read' })),
          kind: Type.Optional(Type.String({ maxLength: 60 })),
          communityId: Type.Optional(Id),
        }),
        response: {
          200: Type.Object({ ...Page(Notification).properties, unread: Type.Integer() }),
        },
      },
    },
    async (req) => {
      const { unread, kind, communityId } = req.query;
      let query = db.selectFrom('notifications').selectAll().where('account_id', '=', me(req));
      if (unread) query = query.where('read_at', 'is', null);
      if (kind) query = query.where('kind', '=', kind);
      if (communityId) query = query.where('community_id', '=', communityId);
      const [page, count] = await Promise.all([
        paginate(query.orderBy('created_at', 'desc').orderBy('id', 'desc'), req.query),
        unreadCount(me(req)),
      ]);
      return { ...page, items: page.items.map((n) => notificationView(n, req.locale)), unread: count };
    },
  );

  app.post(
    '/me/notifications/:id/read',
    {
      config: { access: access.session() },
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of my notifications read (again is harmless)',
        params: Type.Object({ id: Id }),
        response: { 200: Notification },
      },
    },
    async (req) => {
      const mine = () =>
        db
          .selectFrom('notifications')
          .selectAll()
          .where('account_id', '=', me(req))
          .where('id', '=', req.params.id)
          .executeTakeFirst();
      const row = await mine();
      // Someone else's notification is as unknown as a made-up id.
      if (!row) throw new AppError(404, 'not_found');
      if (row.read_at === null) {
        await db
          .updateTable('notifications')
          .set({ read_at: Date.now() })
          .where('community_id', '=', row.community_id)
          .where('id', '=', row.id)
          .where('read_at', 'is', null)
          .execute();
        await events.publish(accountTopic(me(req)), notificationsReadEvent, { ids: [row.id] });
      }
      return notificationView((await mine())!, req.locale);
    },
  );

  app.post(
    '/me/notifications/read-all',
    {
      config: { access: access.session() },
      schema: {
        tags: ['notifications'],
        summary: 'Mark all my notifications read',
        response: { 200: Type.Object({ ok: Type.Literal(true), updated: Type.Integer() }) },
      },
    },
    async (req) => {
      const result = await db
        .updateTable('notifications')
        .set({ read_at: Date.now() })
        .where('account_id', '=', me(req))
        .where('read_at', 'is', null)
        .executeTakeFirst();
      const updated = Number(result.numUpdatedRows);
      if (updated) await events.publish(accountTopic(me(req)), notificationsReadEvent, { all: true });
      return { ok: true as const, updated };
    },
  );

  app.get(
    '/me/events',
    {
      config: { access: access.session() },
      schema: {
        tags: ['notifications'],
        summary:
          'Live events for me (server-sent events): `notification` with each new one, `notifications.read` when some are read',
        produces: ['text/event-stream'],
      },
    },
    (req, reply) => streamEvents(req, reply, [accountTopic(me(req))]),
  );

  app.get(
    '/communities/:communityId/notification-deliveries',
    {
      config: { access: access.community('audit.read') },
      schema: {
        tags: ['notifications'],
        summary: 'Notifications sent to outside channels (webhook): what is waiting, sent, or given up',
        params: CommunityParams,
        querystring: ListQuery({
          status: Type.Optional(StringEnum(deliveryStatuses)),
        }),
        response: { 200: Page(Delivery) },
      },
    },
    async (req) => {
      requireCan(req, 'audit.read', {});
      let query = db
        .selectFrom('notification_deliveries as d')
        .innerJoin('notifications as n', (j) =>
          j.onRef('n.community_id', '=', 'd.community_id').onRef('n.id', '=', 'd.notification_id'),
        )
        .innerJoin('accounts as a', 'a.id', 'n.account_id')
        .select([
          'd.id',
          'd.notification_id',
          'n.account_id',
          'a.display_name',
          'n.kind',
          'd.channel',
          'd.status',
          'd.attempts',
          'd.next_attempt_at',
          'd.last_error',
          'd.created_at',
          'd.sent_at',
        ])
        .where('d.community_id', '=', communityOf(req).id);
      if (req.query.status) query = query.where('d.status', '=', req.query.status);
      if (req.query.q) query = query.where(contains('d.last_error', req.query.q));
      const page = await paginate(
        query.orderBy('d.created_at', req.query.order ?? 'desc').orderBy('d.id'),
        req.query,
      );
      return {
        ...page,
        items: page.items.map((d) => ({
          id: d.id,
          notificationId: d.notification_id,
          accountId: d.account_id,
          accountName: d.display_name,
          kind: d.kind,
          channel: d.channel,
          status: d.status,
          attempts: d.attempts,
          nextAttemptAt: d.next_attempt_at,
          lastError: d.last_error,
          createdAt: d.created_at,
          sentAt: d.sent_at,
        })),
      };
    },
  );
};
