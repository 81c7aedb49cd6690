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
import { notificationJobs, notificationRoutes } from './notifications';
import { fileCleanupJob, fileRoutes } from './files';
import { voteRoutes } from './votes/routes';
import { assemblyClock } from './votes/jobs';
import { orderJobs, orderRoutes } from './orders';
import { careJobs, careRoutes } from './care';
import { deliberationJobs, deliberationRoutes } from './deliberation';
import { noticeJobs, noticesModule } from './notices';
import { volunteerJobs, volunteerRoutes } from './volunteers';
import { patrolClock, patrolRoutes } from './patrols';
import { surveysModule } from './surveys';
import { conventionJobs, conventionsModule } from './conventions';
import type { Job } from '../core/jobs';

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
  notificationRoutes,
  fileRoutes,
  voteRoutes,
  orderRoutes,
  careRoutes,
  deliberationRoutes,
  noticesModule,
  volunteerRoutes,
  patrolRoutes,
  surveysModule,
  conventionsModule,
];

/** Every capability's background jobs, run by `gongzhi serve` (src/core/jobs.ts). */
export const jobs: Job[] = [
  ...notificationJobs,
  fileCleanupJob,
  assemblyClock,
  ...orderJobs,
  ...careJobs,
  ...deliberationJobs,
  ...noticeJobs,
  ...volunteerJobs,
  patrolClock,
  ...conventionJobs,
];
