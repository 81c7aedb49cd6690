import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { paginate } from '../../core/db/query';
import { access, communityOf } from '../../core/http/access';
import { Id, ListQuery, Nullable, Page, StringEnum } from '../../core/http/schemas';
import { Round, roundRows, roundView } from './evaluationStore';
import { caseStates } from './rules';
import { reachOf, whereReach } from './store';

/**
 * A property company's record (物业评议档案): every round across the compounds it serves, in a
 * community for its staff and across a street's communities for the street, grouped by company.
 */

const tags = ['evaluation'];

export const historyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/communities/:communityId/property-companies/:companyId/evaluations',
    {
      config: { access: access.community('surveys.read') },
      schema: {
        tags,
        summary: 'A property company’s rounds in this community’s compounds (in my reach), newest first',
        params: Type.Object({ communityId: Id, companyId: Id }),
        querystring: ListQuery({ compoundId: Type.Optional(Id) }),
        response: { 200: Page(Round) },
      },
    },
    async (req) => {
      const reach = await reachOf(req, 'surveys.read');
      let query = roundRows(db)
        .where('r.community_id', '=', communityOf(req).id)
        .where('r.property_company_id', '=', req.params.companyId)
        .where((eb) => whereReach(eb, reach, 'r.compound_id'));
      if (req.query.compoundId) query = query.where('r.compound_id', '=', req.query.compoundId);
      const page = await paginate(
        query.orderBy('r.created_at', req.query.order ?? 'desc').orderBy('r.id', req.query.order ?? 'desc'),
        req.query,
      );
      return { ...page, items: page.items.map(roundView) };
    },
  );

  app.get(
    '/streets/:streetId/property-evaluations',
    {
      config: { access: access.street('surveys.read') },
      schema: {
        tags,
        summary: 'The street’s property companies with every closed round in its communities, newest first',
        params: Type.Object({ streetId: Id }),
        querystring: Type.Object({ propertyCompanyId: Type.Optional(Id) }),
        response: {
          200: Type.Object({
            companies: Type.Array(
              Type.Object({
                propertyCompanyId: Type.String(),
                name: Type.String(),
                rounds: Type.Integer(),
                roundsBelow: Type.Integer({ description: 'closed rounds with anything below the threshold' }),
                openCases: Type.Integer(),
                latestRate: Nullable(Type.Number()),
                history: Type.Array(
                  Type.Object({
                    roundId: Type.String(),
                    communityId: Type.String(),
                    communityName: Type.String(),
                    compoundId: Type.String(),
                    compoundName: Type.String(),
                    period: Type.String(),
                    responses: Type.Integer(),
                    overallRate: Nullable(Type.Number()),
                    below: Type.Array(Type.String()),
                    caseState: Nullable(StringEnum(caseStates)),
                    closedAt: Nullable(Type.Integer()),
                  }),
                ),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      let query = roundRows(db)
        .innerJoin('communities as cm', 'cm.id', 'r.community_id')
        .select('cm.name as community_name')
        .where('cm.street_id', '=', req.params.streetId)
        .where('r.state', '=', 'closed');
      if (req.query.propertyCompanyId)
        query = query.where('r.property_company_id', '=', req.query.propertyCompanyId);
      const rows = await query.orderBy('r.closed_at', 'desc').orderBy('r.id', 'desc').execute();
      const entry = (row: (typeof rows)[number]) => {
        const r = roundView(row);
        return {
          roundId: r.id,
          communityId: r.communityId,
          communityName: row.community_name,
          compoundId: r.compoundId,
          compoundName: r.compoundName,
          period: r.period,
          responses: r.responses,
          overallRate: r.overallRate,
          below: r.below,
          caseState: r.caseState,
          closedAt: r.closedAt,
        };
      };
      const companies = new Map<string, { name: string; history: ReturnType<typeof entry>[] }>();
      for (const row of rows) {
        const c = companies.get(row.property_company_id) ?? { name: row.company_name, history: [] };
        c.history.push(entry(row));
        companies.set(row.property_company_id, c);
      }
      return {
        companies: [...companies.entries()]
          .map(([id, c]) => ({
            propertyCompanyId: id,
            name: c.name,
            rounds: c.history.length,
            roundsBelow: c.history.filter((h) => h.below.length).length,
            openCases: c.history.filter(
              (h) => h.caseState && !['closed_resolved', 'escalated'].includes(h.caseState),
            ).length,
            latestRate: c.history[0]?.overallRate ?? null,
            history: c.history,
          }))
          .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
      };
    },
  );
};
