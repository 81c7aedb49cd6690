import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { declareExportSheet } from '../roster/export';
import { patrolClock } from './clock';
import { consoleRoutes } from './console';
import { dutyRoutes } from './duty';
import { myDutyRoutes } from './myDuty';
import { runRoutes } from './runs';
import { dutyShiftSheet, patrolRunSheet } from './sheets';

/** 巡逻 and 值班 (issue #7): patrol routes, checkpoints, runs and findings; duty rosters and swaps. */
export const patrolRoutes: FastifyPluginAsyncTypebox = async (app) => {
  declareExportSheet('/communities/:communityId/patrol-runs', patrolRunSheet);
  declareExportSheet('/communities/:communityId/duty-shifts', dutyShiftSheet);
  for (const routes of [consoleRoutes, runRoutes, dutyRoutes, myDutyRoutes]) await app.register(routes);
};

/** The background job: missed patrol slots and runs left in progress. */
export { patrolClock };
export { calendarEntriesFor, patrolFigures, type CalendarEntry, type PatrolFigures } from './exports';
