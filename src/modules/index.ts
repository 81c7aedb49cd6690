import type { FastifyPluginAsync } from 'fastify';
import { authRoutes } from './auth/routes';
import { tenancyRoutes } from './tenancy/routes';
import { compoundRoutes } from './structure/compounds';

/** Every capability's routes, mounted under /api/v1. */
export const modules: FastifyPluginAsync[] = [authRoutes, tenancyRoutes, compoundRoutes];
