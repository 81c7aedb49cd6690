import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { rowVisible } from '../../core/access/policy';
import { registerFileAccess } from '../../core/files';
import { communityOf, principalOf, visibleRows } from '../../core/http/access';
import type { Job } from '../../core/jobs';
import { householdsOf } from '../orders/people';
import { declareExportSheet } from '../roster/export';
import { appealClock } from './appealClock';
import { conventionRoutes } from './conventions';
import { dutyRuleRoutes } from './dutyRules';
import { publicRoutes } from './public';
import { entryFileType, entryScope, redBlackRoutes } from './redblack';
import { residentRoutes } from './resident';
import { appealSheet, entrySheet, opinionSheet, reportSheet } from './sheets';

/** 居民公约, 红黑榜 and 九不准 (issue #9). */
export const conventionsModule: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  declareExportSheet('/communities/:communityId/red-black', entrySheet);
  declareExportSheet('/communities/:communityId/red-black-appeals', appealSheet);
  declareExportSheet('/communities/:communityId/conventions/:conventionId/opinions', opinionSheet);
  declareExportSheet('/communities/:communityId/duty-rule-reports', reportSheet);
  for (const routes of [conventionRoutes, redBlackRoutes, dutyRuleRoutes, residentRoutes, publicRoutes])
    await app.register(routes);

  // Evidence: to whoever may propose or review where the household lives, and to the household itself.
  registerFileAccess(app, entryFileType, async (req, entryId) => {
    const communityId = communityOf(req).id;
    const e = await db
      .selectFrom('red_black_entries')
      .select(['compound_id', 'building_id', 'household_id', 'state'])
      .where('community_id', '=', communityId)
      .where('id', '=', entryId)
      .executeTakeFirst();
    if (!e) return false;
    if (rowVisible(visibleRows(req, 'redBlack.propose'), { communityId, ...entryScope(e) })) return true;
    if (!['published', 'expired', 'removed'].includes(e.state)) return false;
    const homes = await householdsOf(db, principalOf(req).accountId);
    return homes.some((h) => h.communityId === communityId && h.householdId === e.household_id);
  });
};

export const conventionJobs: Job[] = [appealClock];
