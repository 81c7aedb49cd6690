import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { rowFilter, rowVisible } from '../../core/access/policy';
import { registerFileAccess } from '../../core/files';
import { communityOf, principalOf } from '../../core/http/access';
import { careContactClock } from './clock';
import { helpEscalationJob, helpRoutes } from './help';
import { mineRoutes } from './mine';
import { recordRoutes } from './records';
import { settingsRoutes } from './settings';
import { visitRoutes } from './visits';
import { careSheet } from './sheet';
import { declareExportSheet } from '../roster/export';
import { familyOf, pairedOf } from './recipients';
import { recordScope } from './store';

/** 关爱 and 走访 (issue #8): the care roster, pairings and plans, help alarms, door-knock visits. */
export const careRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  declareExportSheet('/communities/:communityId/care/records', careSheet);
  for (const routes of [settingsRoutes, recordRoutes, mineRoutes, helpRoutes, visitRoutes])
    await app.register(routes);

  // A contact's photo is as sensitive as the record: care.read where the person lives, their paired
  // volunteers, the person themself and the family they named.
  registerFileAccess(app, 'care_contact', async (req, logId) => {
    const community = communityOf(req);
    const log = await db
      .selectFrom('care_contact_logs as l')
      .innerJoin('care_records as r', (j) =>
        j.onRef('r.community_id', '=', 'l.community_id').onRef('r.id', '=', 'l.record_id'),
      )
      .innerJoin('people as p', (j) =>
        j.onRef('p.community_id', '=', 'r.community_id').onRef('p.id', '=', 'r.person_id'),
      )
      .select(['r.id', 'r.compound_id', 'r.building_id', 'r.grid_id', 'p.account_id'])
      .where('l.community_id', '=', community.id)
      .where('l.id', '=', logId)
      .executeTakeFirst();
    if (!log) return false;
    const principal = principalOf(req);
    if (rowVisible(rowFilter(principal, 'care.read', community.streetId, community.id), recordScope(log)))
      return true;
    if (log.account_id === principal.accountId) return true;
    const near = [
      ...(await pairedOf(db, community.id, log.id)),
      ...(await familyOf(db, community.id, log.id)),
    ];
    return near.includes(principal.accountId);
  });
};

export const careJobs = [careContactClock, helpEscalationJob];
