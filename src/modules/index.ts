import type { FastifyPluginAsync } from 'fastify';
import { authRoutes } from './auth/routes';
import { tenancyRoutes } from './tenancy/routes';
import { compoundRoutes } from './structure/compounds';
import { buildingRoutes } from './structure/buildings';
import { entranceRoutes } from './structure/entrances';
import { roomRoutes } from './structure/rooms';
import { peopleRoutes } from './people/routes';
import { accessRoutes } from './access/routes';
import { organisationRoutes } from './organisations';
import { rosterRoutes } from './roster';

/** Every capability's routes, mounted under /api/v1. */
export const modules: FastifyPluginAsync[] = [
  authRoutes,
  tenancyRoutes,
  compoundRoutes,
  buildingRoutes,
  entranceRoutes,
  roomRoutes,
  peopleRoutes,
  accessRoutes,
  organisationRoutes,
  rosterRoutes,
];
