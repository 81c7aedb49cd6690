import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { registerFileAccess } from '../../core/files';
import { can } from '../../core/access/policy';
import { communityOf, principalOf } from '../../core/http/access';
import { declareExportSheet } from '../roster/export';
import { noticeAnnouncerJob } from './announce';
import { fileTypes } from './attachments';
import { campaignRoutes } from './campaigns';
import { kindRoutes } from './kinds';
import { myNoticeRoutes } from './my-notices';
import { myRectificationRoutes, rectificationReminderJob } from './my-rectifications';
import { noticeRoutes } from './notices';
import { placesOf, targetsOf } from './places';
import { campaignListSheet, noticeListSheet, receiptSheet, rectificationSheet } from './sheets';
import { areaTarget, reaches, targetScope, visibleAt, type NoticeState } from './visibility';

/** 公告 and 整改告知书 (issue #8): notices with read receipts; rectification campaigns and their notices. */
export const noticesModule: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  declareExportSheet('/communities/:communityId/notices', noticeListSheet);
  declareExportSheet('/communities/:communityId/notices/:noticeId/receipts', receiptSheet);
  declareExportSheet('/communities/:communityId/rectification-campaigns', campaignListSheet);
  declareExportSheet(
    '/communities/:communityId/rectification-campaigns/:campaignId/notices',
    rectificationSheet,
  );
  for (const routes of [noticeRoutes, myNoticeRoutes, kindRoutes, campaignRoutes, myRectificationRoutes])
    await app.register(routes);

  /** Staff may act here: the action covers the place, as requireCan would say. */
  const staffCan = (
    req: FastifyRequest,
    action: 'notices.manage' | 'rectification.manage',
    where: object,
  ) => {
    const community = communityOf(req);
    return can(principalOf(req), action, {
      ...where,
      communityId: community.id,
      streetId: community.streetId,
    });
  };

  // A notice's pictures and PDFs: to the residents it reaches (while they see it) and the staff managing it.
  registerFileAccess(app, fileTypes.notice, async (req, noticeId) => {
    const communityId = communityOf(req).id;
    const n = await db
      .selectFrom('notices')
      .selectAll()
      .where('community_id', '=', communityId)
      .where('id', '=', noticeId)
      .executeTakeFirst();
    if (!n) return false;
    const targets = (await targetsOf(db, communityId, 'notice', [n.id])).get(n.id) ?? [];
    if (targets.every((t) => staffCan(req, 'notices.manage', targetScope(t)))) return true;
    const places = await placesOf(db, principalOf(req).accountId, communityId);
    const timing = { state: n.state as NoticeState, publishAt: n.publish_at, expireAt: n.expire_at };
    return places.some((p) => visibleAt(timing, targets, p, Date.now()));
  });

  // Photos of a reply or a check: to the household (or, for a place notice, the residents there) and staff.
  const rectificationFiles = async (req: FastifyRequest, noticeId: string) => {
    const communityId = communityOf(req).id;
    const n = await db
      .selectFrom('rectification_notices')
      .select(['compound_id', 'building_id', 'entrance_id', 'household_id'])
      .where('community_id', '=', communityId)
      .where('id', '=', noticeId)
      .executeTakeFirst();
    if (!n) return false;
    if (staffCan(req, 'rectification.manage', { compoundId: n.compound_id, buildingId: n.building_id }))
      return true;
    const places = await placesOf(db, principalOf(req).accountId, communityId);
    if (n.household_id) return places.some((p) => p.householdId === n.household_id);
    const area = {
      communityId,
      compoundId: n.compound_id,
      buildingId: n.building_id,
      entranceId: n.entrance_id,
    };
    return places.some((p) => reaches(areaTarget(area), p));
  };
  registerFileAccess(app, fileTypes.reply, rectificationFiles);
  registerFileAccess(app, fileTypes.check, async (req, checkId) => {
    const check = await db
      .selectFrom('rectification_checks')
      .select('notice_id')
      .where('community_id', '=', communityOf(req).id)
      .where('id', '=', checkId)
      .executeTakeFirst();
    return !!check && rectificationFiles(req, check.notice_id);
  });
};

export const noticeJobs = [noticeAnnouncerJob, rectificationReminderJob];
