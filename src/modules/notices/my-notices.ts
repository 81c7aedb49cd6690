import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { contains, paginate } from '../../core/db/query';
import { newId } from '../../core/ids';
import { AppError } from '../../core/errors';
import { access } from '../../core/http/access';
import { Id, ListQuery, Nullable, Page } from '../../core/http/schemas';
import { Attachment, attachmentsOf, fileTypes } from './attachments';
import { excerpt } from './body';
import { whereStatus } from './notices';
import { placesOf, targetReachesPlaces, targetsOf, type MyPlace } from './places';
import { visibleAt, type NoticeState } from './visibility';

/**
 * 我的公告: the notices that reach the caller's households, pinned first, unread marked. Opening one
 * records a read receipt for the account and for each of its households the notice goes to, once.
 */

const MyNotice = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  title: Type.String(),
  excerpt: Type.String(),
  pinned: Type.Boolean(),
  publishAt: Type.Integer(),
  expireAt: Nullable(Type.Integer()),
  read: Type.Boolean(),
  readAt: Nullable(Type.Integer()),
});

const MyNoticeDetail = Type.Object({
  ...MyNotice.properties,
  bodyHtml: Type.String({ description: 'sanitised HTML' }),
  files: Type.Array(Attachment),
});

export const myNoticeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  /** The notices reaching `places` now, with the account's read receipt. */
  function reachingMe(req: FastifyRequest, places: readonly MyPlace[], now: number) {
    return db
      .selectFrom('notices as n')
      .leftJoin('notice_reads as nr', (j) =>
        j
          .onRef('nr.community_id', '=', 'n.community_id')
          .onRef('nr.notice_id', '=', 'n.id')
          .on('nr.account_id', '=', req.account!.id),
      )
      .where('n.community_id', 'in', places.length ? [...new Set(places.map((p) => p.communityId))] : [''])
      .where((eb) => whereStatus(eb, 'published', now))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('notice_targets as t')
            .select('t.id')
            .whereRef('t.community_id', '=', 'n.community_id')
            .whereRef('t.subject_id', '=', 'n.id')
            .where('t.subject_type', '=', 'notice')
            .where((inner) => targetReachesPlaces(inner, places)),
        ),
      );
  }

  app.get(
    '/me/notices',
    {
      config: { access: access.session() },
      schema: {
        tags: ['notices'],
        summary: 'Notices to my households, pinned first, then newest',
        querystring: ListQuery({ unread: Type.Optional(Type.Boolean()) }),
        response: { 200: Page(MyNotice) },
      },
    },
    async (req) => {
      const places = await placesOf(db, req.account!.id);
      let query = reachingMe(req, places, Date.now()).select([
        'n.id',
        'n.community_id',
        'n.title',
        'n.body_html',
        'n.pinned',
        'n.publish_at',
        'n.expire_at',
        'nr.read_at',
      ]);
      if (req.query.unread !== undefined)
        query = query.where('nr.id', req.query.unread ? 'is' : 'is not', null);
      if (req.query.q) query = query.where(contains('n.title', req.query.q));
      const page = await paginate(
        query
          .orderBy('n.pinned', 'desc')
          .orderBy('n.publish_at', req.query.order ?? 'desc')
          .orderBy('n.id'),
        req.query,
      );
      return {
        ...page,
        items: page.items.map((n) => ({
          id: n.id,
          communityId: n.community_id,
          title: n.title,
          excerpt: excerpt(n.body_html),
          pinned: n.pinned === 1,
          publishAt: n.publish_at!,
          expireAt: n.expire_at,
          read: n.read_at !== null,
          readAt: n.read_at ?? null,
        })),
      };
    },
  );

  app.get(
    '/me/notices/unread-count',
    {
      config: { access: access.session() },
      schema: {
        tags: ['notices'],
        summary: 'How many notices to my households I have not opened (the badge)',
        response: { 200: Type.Object({ count: Type.Integer() }) },
      },
    },
    async (req) => {
      const places = await placesOf(db, req.account!.id);
      const row = await reachingMe(req, places, Date.now())
        .where('nr.id', 'is', null)
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirst();
      return { count: Number(row?.n ?? 0) };
    },
  );

  app.get(
    '/me/notices/:noticeId',
    {
      config: { access: access.session() },
      schema: {
        tags: ['notices'],
        summary: 'Open a notice: the first opening records the read receipt of my account and my households',
        params: Type.Object({ noticeId: Id }),
        response: { 200: MyNoticeDetail },
      },
    },
    async (req) => {
      const accountId = req.account!.id;
      const n = await db
        .selectFrom('notices')
        .selectAll()
        .where('id', '=', req.params.noticeId)
        .executeTakeFirst();
      if (!n) throw new AppError(404, 'not_found');
      const now = Date.now();
      const [places, targets] = await Promise.all([
        placesOf(db, accountId, n.community_id),
        targetsOf(db, n.community_id, 'notice', [n.id]).then((m) => m.get(n.id) ?? []),
      ]);
      const timing = { state: n.state as NoticeState, publishAt: n.publish_at, expireAt: n.expire_at };
      const mine = places.filter((p) => visibleAt(timing, targets, p, now));
      if (!mine.length) throw new AppError(404, 'not_found');
      // Both inserts do nothing when the receipt exists: opening twice, or on two phones at once, is one read.
      await db
        .insertInto('notice_reads')
        .values({
          community_id: n.community_id,
          id: newId(),
          notice_id: n.id,
          account_id: accountId,
          read_at: now,
        })
        .onConflict((oc) => oc.columns(['community_id', 'notice_id', 'account_id']).doNothing())
        .execute();
      await db
        .insertInto('notice_household_reads')
        .values(
          mine.map((p) => ({
            community_id: n.community_id,
            id: newId(),
            notice_id: n.id,
            household_id: p.householdId,
            account_id: accountId,
            read_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(['community_id', 'notice_id', 'household_id']).doNothing())
        .execute();
      const [receipt, files] = await Promise.all([
        db
          .selectFrom('notice_reads')
          .select('read_at')
          .where('community_id', '=', n.community_id)
          .where('notice_id', '=', n.id)
          .where('account_id', '=', accountId)
          .executeTakeFirstOrThrow(),
        attachmentsOf(db, n.community_id, fileTypes.notice, [n.id]),
      ]);
      return {
        id: n.id,
        communityId: n.community_id,
        title: n.title,
        excerpt: excerpt(n.body_html),
        bodyHtml: n.body_html,
        pinned: n.pinned === 1,
        publishAt: n.publish_at!,
        expireAt: n.expire_at,
        read: true,
        readAt: receipt.read_at,
        files: files.get(n.id) ?? [],
      };
    },
  );
};
