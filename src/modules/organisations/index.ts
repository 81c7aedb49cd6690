import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { cobuildRoutes } from './cobuild';
import { committeeRoutes } from './committees';
import { crossAppointmentRoutes } from './cross-appointments';
import { gridRoutes } from './grids';
import { partyRoutes } from './party';
import { propertyRoutes } from './property';
import { squadRoutes } from './squads';

/** The organisations of a community: grids, party tree, owners' committees, property, co-builders, squads. */
export const organisationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const routes of [
    gridRoutes,
    partyRoutes,
    committeeRoutes,
    propertyRoutes,
    cobuildRoutes,
    squadRoutes,
    crossAppointmentRoutes,
  ])
    await app.register(routes);
};
