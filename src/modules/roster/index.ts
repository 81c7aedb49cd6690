import type { FastifyPluginAsync } from 'fastify';
import { exportRoutes } from './export';
import { rosterImportRoutes } from './routes';

/** 花名册: importing a compound's roster from Excel, and any list exported to Excel. */
export const rosterRoutes: FastifyPluginAsync = async (app) => {
  await app.register(rosterImportRoutes);
  await app.register(exportRoutes);
};
