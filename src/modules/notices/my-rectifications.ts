import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { sql, type SqlBool } from 'kysely';
import { Type } from 'typebox';
import { paginate } from '../../core/db/query';
import { AppError } from '../../core/errors';
import { access } from '../../core/http/access';
import { Id, ListQuery, Page, StringEnum, Text } from '../../core/http/schemas';
import type { Job } from '../../core/jobs';
import { todayInShanghai } from '../../core/time';
import { notify } from '../notifications';
import { FileIds, fileTypes, setAttachments } from './attachments';
import { kindsOf } from './kinds';
import { accountsOfHouseholds, placesOf } from './places';
import { nextState, rectificationStates, type RectificationState } from './rectification-rules';
import {
  campaignOf,
  placeName,
  rectificationDetail,
  RectificationDetail,
  RectificationRow,
  rectificationRow,
  rectificationRows,
  type RectificationRecord,
} from './rectification-store';
import { areaTarget, reaches } from './visibility';

/**
 * 我的整改告知书: the notices to the caller's households. Opening one counts as delivery in the app
 * when nobody has recorded another; the household replies that it is done, with a photo, and staff
 * come to check. A notice posted on a stairwell (no household) can be read, not answered, by the
 * residents it concerns: its QR code leads here too.
 */

const MyRectification = Type.Object({
  ...RectificationRow.properties,
  campaignTitle: Type.String(),
  kindNameZh: Type.String(),
  kindNameEn: Type.String(),
});

export const myRectificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  /** The notice, if it is to one of the caller's households or to a place where they live; else 404. */
  async function mine(req: FastifyRequest, noticeId: string) {
    const n = await rectificationRows(db).where('n.id', '=', noticeId).executeTakeFirst();
    if (!n) throw new AppError(404, 'not_found');
    const places = await placesOf(db, req.account!.id, n.community_id);
    const own = !!n.household_id && places.some((p) => p.householdId === n.household_id);
    const area = {
      communityId: n.community_id,
      compoundId: n.compound_id,
      buildingId: n.building_id,
      entranceId: n.entrance_id,
    };
    const nearby = !n.household_id && places.some((p) => reaches(areaTarget(area), p));
    if (!own && !nearby) throw new AppError(404, 'not_found');
    return { n, own };
  }

  async function detail(n: RectificationRecord) {
    const campaign = await campaignOf(db, n.community_id, n.campaign_id);
    const kind = (await kindsOf(db, n.community_id)).find((k) => k.code === campaign.kind);
    return rectificationDetail(db, n, kind ?? { nameZh: campaign.kind, nameEn: campaign.kind });
  }

  const reload = async (n: RectificationRecord) =>
    await rectificationRows(db)
      .where('n.community_id', '=', n.community_id)
      .where('n.id', '=', n.id)
      .executeTakeFirstOrThrow();

  app.get(
    '/me/rectifications',
    {
      config: { access: access.session() },
      schema: {
        tags: ['rectification'],
        summary: 'Rectification notices to my households, newest first',
        querystring: ListQuery({ state: Type.Optional(StringEnum(rectificationStates)) }),
        response: { 200: Page(MyRectification) },
      },
    },
    async (req) => {
      const places = await placesOf(db, req.account!.id);
      let query = rectificationRows(db)
        .innerJoin('rectification_campaigns as rc', (j) =>
          j.onRef('rc.community_id', '=', 'n.community_id').onRef('rc.id', '=', 'n.campaign_id'),
        )
        .select(['rc.title as campaign_title', 'rc.kind as campaign_kind'])
        .where((eb) =>
          places.length
            ? eb.or(
                places.map((p) =>
                  eb.and([
                    eb('n.community_id', '=', p.communityId),
                    eb('n.household_id', '=', p.householdId),
                  ]),
                ),
              )
            : sql<SqlBool>`1 = 0`,
        );
      if (req.query.state) query = query.where('n.state', '=', req.query.state);
      const page = await paginate(
        query.orderBy('n.created_at', req.query.order ?? 'desc').orderBy('n.id'),
        req.query,
      );
      const kinds = new Map<string, Awaited<ReturnType<typeof kindsOf>>>();
      for (const c of new Set(page.items.map((n) => n.community_id))) kinds.set(c, await kindsOf(db, c));
      return {
        ...page,
        items: page.items.map((n) => {
          const kind = kinds.get(n.community_id)?.find((k) => k.code === n.campaign_kind);
          return {
            ...rectificationRow(n),
            campaignTitle: n.campaign_title,
            kindNameZh: kind?.nameZh ?? n.campaign_kind,
            kindNameEn: kind?.nameEn ?? n.campaign_kind,
          };
        }),
      };
    },
  );

  app.get(
    '/me/rectifications/:noticeId',
    {
      config: { access: access.session() },
      schema: {
        tags: ['rectification'],
        summary:
          'Open a rectification notice (the online copy the printed QR code leads to); counts as delivered in the app',
        params: Type.Object({ noticeId: Id }),
        response: { 200: RectificationDetail },
      },
    },
    async (req) => {
      const { n, own } = await mine(req, req.params.noticeId);
      if (own && n.read_at === null) {
        const now = Date.now();
        await db
          .updateTable('rectification_notices')
          .set({ read_at: now, read_by: req.account!.id, updated_at: now })
          .where('community_id', '=', n.community_id)
          .where('id', '=', n.id)
          .where('read_at', 'is', null)
          .execute();
        await db
          .updateTable('rectification_notices')
          .set({ delivery_method: 'read_in_app', delivered_at: now })
          .where('community_id', '=', n.community_id)
          .where('id', '=', n.id)
          .where('delivered_at', 'is', null)
          .execute();
      }
      return detail(await reload(n));
    },
  );

  app.post(
    '/me/rectifications/:noticeId/reply',
    {
      config: { access: access.session() },
      schema: {
        tags: ['rectification'],
        summary: 'Say it is done (已整改), with at least one photo; staff then come to check',
        params: Type.Object({ noticeId: Id }),
        body: Type.Object(
          { note: Type.Optional(Text(500)), fileIds: Type.Unsafe<string[]>({ ...FileIds, minItems: 1 }) },
          { additionalProperties: false },
        ),
        response: { 200: RectificationDetail },
      },
    },
    async (req) => {
      const { n, own } = await mine(req, req.params.noticeId);
      if (!own || !nextState(n.state as RectificationState, { type: 'reply' }))
        throw new AppError(409, 'rectification_state');
      const now = Date.now();
      const campaign = await campaignOf(db, n.community_id, n.campaign_id);
      const told = await db.transaction().execute(async (trx) => {
        const moved = await trx
          .updateTable('rectification_notices')
          .set({
            state: 'replied',
            replied_at: now,
            replied_by: req.account!.id,
            reply_note: req.body.note?.trim() || null,
            updated_at: now,
          })
          .where('community_id', '=', n.community_id)
          .where('id', '=', n.id)
          .where('state', '=', n.state)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) throw new AppError(409, 'rectification_state');
        await setAttachments(
          trx,
          n.community_id,
          { type: fileTypes.reply, id: n.id },
          req.body.fileIds,
          req.account!.id,
        );
        return notify(
          app.deps,
          n.community_id,
          [campaign.created_by],
          {
            kind: 'rectification_replied',
            params: { title: campaign.title, place: placeName(n) },
            link: `/console/rectifications/${campaign.id}`,
          },
          { trx },
        );
      });
      await told.publish();
      return detail(await reload(n));
    },
  );
};

/**
 * The day before a deadline, households that have not yet said they are done (state issued) are
 * reminded once; the mark makes a second run, or a second server, skip them.
 */
export const rectificationReminderJob: Job = {
  name: 'rectification.remind',
  everyMs: 60 * 60 * 1000,
  async run(deps, now) {
    const tomorrow = todayInShanghai(now + 24 * 3_600_000);
    const due = await deps.db
      .selectFrom('rectification_notices as n')
      .innerJoin('rectification_campaigns as c', (j) =>
        j.onRef('c.community_id', '=', 'n.community_id').onRef('c.id', '=', 'n.campaign_id'),
      )
      .select(['n.community_id', 'n.id', 'n.household_id', 'n.deadline', 'c.title'])
      .where('n.state', '=', 'issued')
      // Up to tomorrow, so a run missed yesterday still reminds before the deadline passes.
      .where('n.deadline', '>=', todayInShanghai(now))
      .where('n.deadline', '<=', tomorrow)
      .where('n.reminded_at', 'is', null)
      .where('n.household_id', 'is not', null)
      .limit(1000)
      .execute();
    for (const n of due) {
      const told = await deps.db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('rectification_notices')
          .set({ reminded_at: now })
          .where('community_id', '=', n.community_id)
          .where('id', '=', n.id)
          .where('reminded_at', 'is', null)
          .where('state', '=', 'issued')
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return null;
        const accounts = await accountsOfHouseholds(trx, n.community_id, [n.household_id!]);
        return notify(
          deps,
          n.community_id,
          accounts,
          {
            kind: 'rectification_due',
            params: { title: n.title, deadline: n.deadline },
            link: `/rectifications/${n.id}`,
          },
          { trx },
        );
      });
      await told?.publish();
    }
  },
};
