import type { FastifyPluginAsync } from 'fastify';
import { householdRoutes } from './households';
import { ownershipRoutes } from './ownerships';
import { personRoutes } from './people';

/** 居民、户、产权: the people register, households and who owns (and votes for) which room. */
export const peopleRoutes: FastifyPluginAsync = async (app) => {
  await app.register(personRoutes);
  await app.register(householdRoutes);
  await app.register(ownershipRoutes);
};
