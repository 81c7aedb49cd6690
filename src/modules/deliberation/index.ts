import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { rowVisible } from '../../core/access/policy';
import { registerFileAccess } from '../../core/files';
import { communityOf, principalOf, visibleRows } from '../../core/http/access';
import type { Job } from '../../core/jobs';
import { boardRoutes } from './board';
import { consoleRoutes } from './console';
import { dashboardRoutes } from './dashboard';
import { residentRoutes } from './resident';
import { settingsRoutes } from './settings';
import { residentReach, residentSees, topicRow, topicScope } from './topics';
import { deliberationClock } from './actionClock';
import { meetingScope } from './meetingStore';
import { actionRows } from './meetingViews';
import { meetingRoutes } from './meetings';

/** 有事大家议 (issue #6): topics and their public board, meetings, decisions and action items. */
export const deliberationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  for (const routes of [settingsRoutes, residentRoutes, consoleRoutes, dashboardRoutes, boardRoutes])
    await app.register(routes);
  await app.register(meetingRoutes);

  /** Whoever may open the topic: staff who read it in scope, its raiser, residents it is public to. */
  async function maySeeTopic(req: FastifyRequest, topicId: string) {
    const topic = await topicRow(db, communityOf(req).id, topicId);
    if (!topic) return false;
    if (rowVisible(visibleRows(req, 'deliberation.read'), topicScope(topic))) return true;
    const { reach } = await residentReach(db, principalOf(req).accountId);
    return residentSees(reach, topic);
  }

  // A topic's photos go to whoever may open the topic.
  registerFileAccess(app, 'topic', maySeeTopic);

  // Evidence photos of an action item: its owner, staff who read the meeting, and whoever may open
  // its topic (the topic's page shows the work that was done).
  registerFileAccess(app, 'action_item', async (req, itemId) => {
    const row = await actionRows(db)
      .where('a.community_id', '=', communityOf(req).id)
      .where('a.id', '=', itemId)
      .executeTakeFirst();
    if (!row) return false;
    if (row.owner_account_id === principalOf(req).accountId) return true;
    if (rowVisible(visibleRows(req, 'deliberation.read'), meetingScope(row))) return true;
    return !!row.topic_id && maySeeTopic(req, row.topic_id);
  });
};

/** Background jobs: action items' reminders and overdue notices. */
export const deliberationJobs: Job[] = [deliberationClock];
