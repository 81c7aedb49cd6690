import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registerFileAccess } from '../../core/files';
import { communityOf, principalOf } from '../../core/http/access';
import { declareExportSheet } from '../roster/export';
import { categoryRoutes } from './categories';
import { orderClocksJob } from './clocks';
import { consoleRoutes } from './console';
import { memberRoutes } from './member';
import { personsOf, squadServiceOf } from './people';
import { reportRoutes } from './report';
import { orderSheet } from './sheet';
import { residentRoutes } from './resident';
import { settingsRoutes } from './settings';
import { squadRoutes } from './squads';
import { memberSees, scopeOf, staffScope, staffSees } from './visibility';

/** 求助订单 (issue #4): categories, settings, the resident's, the members' and the console's routes. */
export const orderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  declareExportSheet('/communities/:communityId/orders', orderSheet);
  for (const routes of [
    categoryRoutes,
    settingsRoutes,
    consoleRoutes,
    reportRoutes,
    residentRoutes,
    memberRoutes,
    squadRoutes,
  ])
    await app.register(routes);

  // Photos on an order are read by whoever may read the order.
  registerFileAccess(app, 'order', async (req, orderId) => {
    const community = communityOf(req);
    const order = await db
      .selectFrom('orders')
      .selectAll()
      .where('community_id', '=', community.id)
      .where('id', '=', orderId)
      .executeTakeFirst();
    if (!order) return false;
    const principal = principalOf(req);
    if (order.requester_account_id === principal.accountId) return true;
    if (staffSees(staffScope(principal, 'orders.read', community.streetId, community.id), scopeOf(order)))
      return true;
    const [service, persons] = await Promise.all([
      squadServiceOf(db, principal.accountId),
      personsOf(db, principal.accountId),
    ]);
    return memberSees(
      { service, persons },
      {
        communityId: order.community_id,
        state: order.state,
        squadId: order.squad_id,
        assigneePersonId: order.assignee_person_id,
      },
    );
  });
};

export const orderJobs = [orderClocksJob];
