import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import { contains, paginate } from '../../core/db/query';
import type { DB, NoticesTable } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { access, actor, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { announceNotice } from './announce';
import { Attachment, attachmentsOf, FileIds, fileTypes, setAttachments } from './attachments';
import { excerpt, plainText, sanitizeNoticeHtml } from './body';
import {
  insertTargets,
  reachedHouseholds,
  replaceTargets,
  resolveTargets,
  TargetInput,
  targetsOf,
  TargetView,
  whereAllTargetsVisible,
} from './places';
import { noticeStatus, noticeStatuses, targetScope, type NoticeStatus, type Target } from './visibility';

/**
 * 公告 in the console: staff write a notice to places in their scope, publish it (now or at a set
 * time), pin it, withdraw it, and see which households have read it and which have not (the list the
 * door-knock round takes).
 */

const action = 'notices.manage';

export const NoticeItem = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  title: Type.String(),
  excerpt: Type.String(),
  status: StringEnum(noticeStatuses),
  pinned: Type.Boolean(),
  targetsText: Type.String({ description: 'the places, named, separated by 、' }),
  publishAt: Nullable(Type.Integer()),
  expireAt: Nullable(Type.Integer()),
  audienceHouseholds: Type.Integer({ description: 'live households the notice goes to' }),
  readHouseholds: Type.Integer(),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  publishedAt: Nullable(Type.Integer()),
  withdrawnAt: Nullable(Type.Integer()),
});

export const NoticeDetail = Type.Object({
  ...NoticeItem.properties,
  bodyHtml: Type.String({ description: 'sanitised HTML' }),
  targets: Type.Array(TargetView),
  files: Type.Array(Attachment),
  notifiedAt: Nullable(Type.Integer()),
  withdrawReason: Nullable(Type.String()),
});

const Receipt = Type.Object({
  householdId: Type.String(),
  householdName: Type.String(),
  compoundName: Type.String(),
  buildingName: Type.String(),
  entranceName: Type.String(),
  roomNumber: Type.String(),
  read: Type.Boolean(),
  readAt: Nullable(Type.Integer()),
});

const NoticeInput = Type.Object(
  {
    title: Text(100),
    bodyHtml: Text(50_000),
    targets: Type.Array(TargetInput, { minItems: 1, maxItems: 200 }),
    pinned: Type.Optional(Type.Boolean()),
    publishAt: Type.Optional(
      Nullable(Type.Integer({ minimum: 0, description: 'epoch ms; null: when published' })),
    ),
    expireAt: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
    fileIds: Type.Optional(FileIds),
  },
  { additionalProperties: false },
);

const NoticeParams = Type.Object({ communityId: Id, noticeId: Id });

type Db = Kysely<DB>;

export function noticeRows(db: Db, communityId: string) {
  return db.selectFrom('notices as n').selectAll('n').where('n.community_id', '=', communityId);
}

/** The SQL form of visibility.ts noticeStatus, on notices aliased `n`. */
export function whereStatus<D extends DB, T extends keyof D>(
  eb: ExpressionBuilder<D, T>,
  status: NoticeStatus,
  now: number,
): Expression<SqlBool> {
  const col = (name: string) => sql.ref(`n.${name}`);
  if (status === 'draft' || status === 'withdrawn') return eb(col('state'), '=', status);
  const published = eb(col('state'), '=', 'published');
  if (status === 'scheduled') return eb.and([published, eb(col('publish_at'), '>', now)]);
  const started = eb(col('publish_at'), '<=', now);
  if (status === 'expired') return eb.and([published, started, eb(col('expire_at'), '<=', now)]);
  return eb.and([
    published,
    started,
    eb.or([eb(col('expire_at'), 'is', null), eb(col('expire_at'), '>', now)]),
  ]);
}

async function noticeItems(db: Db, rows: NoticesTable[], now: number) {
  if (!rows.length) return [];
  const communityId = rows[0]!.community_id;
  const targets = await targetsOf(
    db,
    communityId,
    'notice',
    rows.map((r) => r.id),
  );
  return Promise.all(
    rows.map(async (n) => {
      const [audience, read] = await Promise.all([
        reachedHouseholds(db, communityId, 'notice', n.id)
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirst(),
        db
          .selectFrom('notice_household_reads')
          .select(sql<number>`count(*)`.as('n'))
          .where('community_id', '=', communityId)
          .where('notice_id', '=', n.id)
          .executeTakeFirst(),
      ]);
      return {
        id: n.id,
        communityId: n.community_id,
        title: n.title,
        excerpt: excerpt(n.body_html),
        status: noticeStatus(
          { state: n.state as 'draft', publishAt: n.publish_at, expireAt: n.expire_at },
          now,
        ),
        pinned: n.pinned === 1,
        targetsText: (targets.get(n.id) ?? []).map((t) => t.name).join('、'),
        publishAt: n.publish_at,
        expireAt: n.expire_at,
        audienceHouseholds: Number(audience?.n ?? 0),
        readHouseholds: Number(read?.n ?? 0),
        createdAt: n.created_at,
        updatedAt: n.updated_at,
        publishedAt: n.published_at,
        withdrawnAt: n.withdrawn_at,
        targets: targets.get(n.id) ?? [],
      };
    }),
  );
}

export const noticeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  /** The notice, if the caller manages every place it goes to; 404 when there is none. */
  async function load(req: FastifyRequest, noticeId: string) {
    const communityId = communityOf(req).id;
    const row = await noticeRows(db, communityId).where('n.id', '=', noticeId).executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found');
    const targets = (await targetsOf(db, communityId, 'notice', [row.id])).get(row.id) ?? [];
    requireTargets(req, targets);
    return row;
  }

  function requireTargets(req: FastifyRequest, targets: readonly Target[]) {
    for (const t of targets) requireCan(req, action, targetScope(t));
  }

  async function detail(row: NoticesTable) {
    const now = Date.now();
    const [item] = await noticeItems(db, [row], now);
    const files = await attachmentsOf(db, row.community_id, fileTypes.notice, [row.id]);
    return {
      ...item!,
      bodyHtml: row.body_html,
      files: files.get(row.id) ?? [],
      notifiedAt: row.notified_at,
      withdrawReason: row.withdraw_reason,
    };
  }

  /** Title and text as stored: trimmed, sanitised, not blank. */
  function cleanText(title: string | undefined, bodyHtml: string | undefined) {
    const out: { title?: string; body_html?: string } = {};
    if (title !== undefined) {
      out.title = title.trim();
      if (!out.title) throw fieldError(400, 'notice_blank', 'title');
    }
    if (bodyHtml !== undefined) {
      out.body_html = sanitizeNoticeHtml(bodyHtml);
      if (!plainText(out.body_html)) throw fieldError(400, 'notice_blank', 'bodyHtml');
    }
    return out;
  }

  function checkTimes(publishAt: number | null, expireAt: number | null, now: number) {
    if (expireAt !== null && expireAt <= Math.max(publishAt ?? now, now))
      throw fieldError(400, 'notice_times', 'expireAt');
  }

  app.get(
    '/communities/:communityId/notices',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['notices'],
        summary: 'Notices to places in my scope, pinned first, newest first',
        params: Type.Object({ communityId: Id }),
        querystring: ListQuery({
          status: Type.Optional(StringEnum(noticeStatuses)),
          compoundId: Type.Optional(Id),
          pinned: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Page(NoticeItem) },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const now = Date.now();
      const filter = visibleRows(req, action);
      let query = noticeRows(db, communityId).where((eb) =>
        whereAllTargetsVisible(eb, filter, 'notice', 'n'),
      );
      if (req.query.status) query = query.where((eb) => whereStatus(eb, req.query.status!, now));
      if (req.query.pinned !== undefined) query = query.where('n.pinned', '=', req.query.pinned ? 1 : 0);
      if (req.query.compoundId) {
        const compoundId = req.query.compoundId;
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('notice_targets as t')
              .select('t.id')
              .whereRef('t.community_id', '=', 'n.community_id')
              .whereRef('t.subject_id', '=', 'n.id')
              .where('t.subject_type', '=', 'notice')
              .where('t.compound_id', '=', compoundId),
          ),
        );
      }
      if (req.query.q) query = query.where(contains('n.title', req.query.q));
      const page = await paginate(
        query
          .orderBy('n.pinned', 'desc')
          .orderBy(sql`coalesce(n.publish_at, n.created_at)`, req.query.order ?? 'desc')
          .orderBy('n.id'),
        req.query,
      );
      const items = await noticeItems(db, page.items, now);
      return { ...page, items: items.map(({ targets: _targets, ...item }) => item) };
    },
  );

  app.post(
    '/communities/:communityId/notices',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['notices'],
        summary: 'Write a notice (a draft until published)',
        params: Type.Object({ communityId: Id }),
        body: NoticeInput,
        response: { 201: NoticeDetail },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const b = req.body;
      const targets = await resolveTargets(db, communityId, b.targets);
      requireTargets(req, targets);
      const now = Date.now();
      checkTimes(b.publishAt ?? null, b.expireAt ?? null, now);
      const text = cleanText(b.title, b.bodyHtml);
      const row: NoticesTable = {
        community_id: communityId,
        id: newId(),
        title: text.title!,
        body_html: text.body_html!,
        pinned: b.pinned ? 1 : 0,
        state: 'draft',
        publish_at: b.publishAt ?? null,
        expire_at: b.expireAt ?? null,
        notified_at: null,
        created_by: req.account!.id,
        created_at: now,
        updated_at: now,
        published_at: null,
        published_by: null,
        withdrawn_at: null,
        withdrawn_by: null,
        withdraw_reason: null,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('notices').values(row).execute();
        await insertTargets(trx, { type: 'notice', id: row.id }, targets);
        await setAttachments(
          trx,
          communityId,
          { type: fileTypes.notice, id: row.id },
          b.fileIds ?? [],
          req.account!.id,
        );
      });
      return reply.status(201).send(await detail(row));
    },
  );

  app.get(
    '/communities/:communityId/notices/:noticeId',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['notices'],
        summary: 'One notice',
        params: NoticeParams,
        response: { 200: NoticeDetail },
      },
    },
    async (req) => detail(await load(req, req.params.noticeId)),
  );

  app.patch(
    '/communities/:communityId/notices/:noticeId',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['notices'],
        summary: 'Change a draft (a published notice is withdrawn and written again instead)',
        params: NoticeParams,
        body: Type.Partial(NoticeInput, { additionalProperties: false }),
        response: { 200: NoticeDetail },
      },
    },
    async (req) => {
      const row = await load(req, req.params.noticeId);
      if (row.state !== 'draft') throw new AppError(409, 'notice_not_draft');
      const b = req.body;
      const targets = b.targets ? await resolveTargets(db, row.community_id, b.targets) : null;
      if (targets) requireTargets(req, targets);
      const publishAt = b.publishAt !== undefined ? b.publishAt : row.publish_at;
      const expireAt = b.expireAt !== undefined ? b.expireAt : row.expire_at;
      const now = Date.now();
      checkTimes(publishAt, expireAt, now);
      await db.transaction().execute(async (trx) => {
        const changed = await trx
          .updateTable('notices')
          .set({
            ...cleanText(b.title, b.bodyHtml),
            ...(b.pinned !== undefined ? { pinned: b.pinned ? 1 : 0 } : {}),
            publish_at: publishAt,
            expire_at: expireAt,
            updated_at: now,
          })
          .where('community_id', '=', row.community_id)
          .where('id', '=', row.id)
          .where('state', '=', 'draft')
          .executeTakeFirst();
        if (Number(changed.numUpdatedRows) !== 1) throw new AppError(409, 'notice_not_draft');
        if (targets) await replaceTargets(trx, row.community_id, { type: 'notice', id: row.id }, targets);
        if (b.fileIds)
          await setAttachments(
            trx,
            row.community_id,
            { type: fileTypes.notice, id: row.id },
            b.fileIds,
            req.account!.id,
          );
      });
      return detail(await load(req, row.id));
    },
  );

  app.post(
    '/communities/:communityId/notices/:noticeId/publish',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['notices'],
        summary: 'Publish a draft: residents see it (and are told) from its publish time, now if none is set',
        params: NoticeParams,
        response: { 200: NoticeDetail },
      },
    },
    async (req) => {
      const row = await load(req, req.params.noticeId);
      if (row.state !== 'draft') throw new AppError(409, 'notice_not_draft');
      const now = Date.now();
      const publishAt = row.publish_at !== null && row.publish_at > now ? row.publish_at : now;
      checkTimes(publishAt, row.expire_at, now);
      const done = await db
        .updateTable('notices')
        .set({
          state: 'published',
          publish_at: publishAt,
          published_at: now,
          published_by: req.account!.id,
          updated_at: now,
        })
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.id)
        .where('state', '=', 'draft')
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw new AppError(409, 'notice_not_draft');
      await audit(db, row.community_id, {
        ...actor(req),
        action: 'notice.publish',
        targetType: 'notice',
        targetId: row.id,
        after: { title: row.title, publishAt, expireAt: row.expire_at },
      });
      // Due now: tell the residents at once; a later publish time is the announcer job's.
      await announceNotice(app.deps, row.community_id, row.id, now);
      return detail(await load(req, row.id));
    },
  );

  app.post(
    '/communities/:communityId/notices/:noticeId/withdraw',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['notices'],
        summary: 'Withdraw a notice: residents no longer see it; kept for the record',
        params: NoticeParams,
        body: Type.Object({ reason: Type.Optional(Text(200)) }, { additionalProperties: false }),
        response: { 200: NoticeDetail },
      },
    },
    async (req) => {
      const row = await load(req, req.params.noticeId);
      if (row.state === 'withdrawn') throw new AppError(409, 'notice_withdrawn');
      const now = Date.now();
      await db
        .updateTable('notices')
        .set({
          state: 'withdrawn',
          withdrawn_at: now,
          withdrawn_by: req.account!.id,
          withdraw_reason: req.body.reason?.trim() || null,
          updated_at: now,
        })
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.id)
        .where('state', '!=', 'withdrawn')
        .execute();
      await audit(db, row.community_id, {
        ...actor(req),
        action: 'notice.withdraw',
        targetType: 'notice',
        targetId: row.id,
        before: { state: row.state },
        after: { reason: req.body.reason ?? null },
      });
      return detail(await load(req, row.id));
    },
  );

  app.post(
    '/communities/:communityId/notices/:noticeId/pin',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['notices'],
        summary: 'Pin a notice to the top of residents’ lists, or unpin it',
        params: NoticeParams,
        body: Type.Object({ pinned: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: NoticeDetail },
      },
    },
    async (req) => {
      const row = await load(req, req.params.noticeId);
      if (row.state === 'withdrawn') throw new AppError(409, 'notice_withdrawn');
      await db
        .updateTable('notices')
        .set({ pinned: req.body.pinned ? 1 : 0, updated_at: Date.now() })
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.id)
        .execute();
      return detail(await load(req, row.id));
    },
  );

  app.get(
    '/communities/:communityId/notices/:noticeId/receipts',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['notices'],
        summary:
          'Read receipts per household (已读/未读), with counts; read=false is the list of households that have not read',
        params: NoticeParams,
        querystring: ListQuery({
          read: Type.Optional(Type.Boolean()),
          compoundId: Type.Optional(Id),
          buildingId: Type.Optional(Id),
          entranceId: Type.Optional(Id),
        }),
        response: {
          200: Type.Object({
            ...Page(Receipt).properties,
            audience: Type.Integer({ description: 'households the notice goes to' }),
            readCount: Type.Integer(),
            unreadCount: Type.Integer(),
          }),
        },
      },
    },
    async (req) => {
      const row = await load(req, req.params.noticeId);
      const q = req.query;
      const base = reachedHouseholds(db, row.community_id, 'notice', row.id).leftJoin(
        'notice_household_reads as hr',
        (j) =>
          j
            .onRef('hr.community_id', '=', 'h.community_id')
            .onRef('hr.household_id', '=', 'h.id')
            .on('hr.notice_id', '=', row.id),
      );
      const counts = await base
        .select([sql<number>`count(*)`.as('audience'), sql<number>`count(hr.id)`.as('read')])
        .executeTakeFirst();
      let query = base.select([
        'h.id as householdId',
        'h.name as householdName',
        'c.name as compoundName',
        'b.name as buildingName',
        'e.name as entranceName',
        'r.number as roomNumber',
        'hr.read_at as readAt',
      ]);
      if (q.read !== undefined) query = query.where('hr.id', q.read ? 'is not' : 'is', null);
      if (q.compoundId) query = query.where('h.compound_id', '=', q.compoundId);
      if (q.buildingId) query = query.where('h.building_id', '=', q.buildingId);
      if (q.entranceId) query = query.where('r.entrance_id', '=', q.entranceId);
      if (q.q) query = query.where((eb) => eb.or([contains('h.name', q.q!), contains('r.number', q.q!)]));
      const order = q.order ?? 'asc';
      const page = await paginate(
        query
          .orderBy('c.name', order)
          .orderBy('b.name', order)
          .orderBy('e.name', order)
          .orderBy('r.number', order)
          .orderBy('h.id'),
        q,
      );
      const audience = Number(counts?.audience ?? 0);
      const readCount = Number(counts?.read ?? 0);
      return {
        ...page,
        items: page.items.map((i) => ({ ...i, read: i.readAt !== null, readAt: i.readAt ?? null })),
        audience,
        readCount,
        unreadCount: audience - readCount,
      };
    },
  );
};
