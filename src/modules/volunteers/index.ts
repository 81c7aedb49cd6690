import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { rowVisible } from '../../core/access/policy';
import { registerFileAccess } from '../../core/files';
import { communityOf, principalOf, visibleRows } from '../../core/http/access';
import type { Job } from '../../core/jobs';
import { declareExportSheet } from '../roster/export';
import { activityRoutes } from './activities';
import { activityClock } from './activityClock';
import { activityRows, activityScope } from './activityStore';
import { campaignRoutes } from './campaigns';
import { figureRoutes } from './figures';
import { joinRoutes } from './joins';
import { mineRoutes } from './mine';
import { activityReach, myActivityRoutes, reaches } from './myActivities';
import { profileRoutes } from './profiles';
import { serviceEntryRoutes } from './serviceEntries';
import { settingsRoutes } from './settings';
import { activitySheet, serviceEntrySheet, signupSheet, volunteerSheet } from './sheets';

/** Volunteers and activities (issue #7): profiles, recruitment, squads joined, the service ledger, activities. */
export const volunteerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  for (const routes of [
    settingsRoutes,
    profileRoutes,
    campaignRoutes,
    joinRoutes,
    serviceEntryRoutes,
    activityRoutes,
    myActivityRoutes,
    mineRoutes,
    figureRoutes,
  ])
    await app.register(routes);

  declareExportSheet('/communities/:communityId/volunteers', volunteerSheet);
  declareExportSheet('/communities/:communityId/service-entries', serviceEntrySheet);
  declareExportSheet('/communities/:communityId/activities', activitySheet);
  declareExportSheet('/communities/:communityId/activities/:activityId/signups', signupSheet);

  // An activity's cover and photos: staff who read it in scope, and residents it is shown to.
  registerFileAccess(app, 'activity', async (req, activityId) => {
    const a = await activityRows(db)
      .where('a.community_id', '=', communityOf(req).id)
      .where('a.id', '=', activityId)
      .executeTakeFirst();
    if (!a) return false;
    if (rowVisible(visibleRows(req, 'volunteers.read'), activityScope(a))) return true;
    return reaches(await activityReach(db, principalOf(req).accountId), a);
  });
};

/** Background jobs: reminders before activities. */
export const volunteerJobs: Job[] = [activityClock];
