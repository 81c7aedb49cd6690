import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { declareExportSheet } from '../roster/export';
import { caseRoutes } from './cases';
import { evaluationRoutes } from './evaluation';
import { historyRoutes } from './history';
import { surveyResidentRoutes } from './resident';
import { caseSheet, responseSheet, roundSheet, surveySheet } from './sheets';
import { surveyConsoleRoutes } from './surveys';

/** 问卷 and 物业评议 (issue #9): surveys, property evaluation rounds and their cases. */
export const surveysModule: FastifyPluginAsyncTypebox = async (app) => {
  declareExportSheet('/communities/:communityId/surveys', surveySheet);
  declareExportSheet('/communities/:communityId/surveys/:surveyId/responses', responseSheet);
  declareExportSheet('/communities/:communityId/evaluation-rounds', roundSheet);
  declareExportSheet('/communities/:communityId/property-companies/:companyId/evaluations', roundSheet);
  declareExportSheet('/communities/:communityId/evaluation-cases', caseSheet);
  for (const routes of [
    surveyConsoleRoutes,
    surveyResidentRoutes,
    evaluationRoutes,
    caseRoutes,
    historyRoutes,
  ])
    await app.register(routes);
};
