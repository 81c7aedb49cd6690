import type { FastifyPluginAsync } from 'fastify';
import { auditLogRoutes } from './audit-log';
import { bindingRoutes } from './bindings';
import { grantRoutes } from './grants';
import { invitationRoutes } from './invitations';
import { joiningRoutes } from './joining';

/** Who may do what, and how residents join their household: grants, invitations, bindings, audit log. */
export const accessRoutes: FastifyPluginAsync = async (app) => {
  for (const routes of [grantRoutes, invitationRoutes, joiningRoutes, bindingRoutes, auditLogRoutes])
    await app.register(routes);
};
