import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql, type Expression, type SqlBool } from 'kysely';
import { Type, type Static } from 'typebox';
import { contains, paginate } from '../../core/db/query';
import type { PlatformAuditLogTable, AuditLogTable } from '../../core/db/schema';
import { access, communityOf, requireCan } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Nullable, Page } from '../../core/http/schemas';

/** Reading the append-only audit logs: a community's, and the platform's for one street. */

const Entry = Type.Object({
  id: Type.String(),
  at: Type.Integer(),
  actorAccountId: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Nullable(Type.String()),
  before: Type.Unknown({ description: 'the record before the change, as it was written' }),
  after: Type.Unknown({ description: 'the record after the change' }),
  ip: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
});

const AuditQuery = ListQuery({
  action: Type.Optional(Type.String({ maxLength: 100, description: 'exact action, e.g. grant.create' })),
  targetType: Type.Optional(Type.String({ maxLength: 100 })),
  targetId: Type.Optional(Id),
  actor: Type.Optional(Id),
  from: Type.Optional(Type.Integer({ minimum: 0, description: 'epoch ms, inclusive' })),
  to: Type.Optional(Type.Integer({ minimum: 0, description: 'epoch ms, exclusive' })),
});

/** The filters both logs share; their columns have the same names. q searches the action. */
function conditions(query: Static<typeof AuditQuery>): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  const equal = (column: string, value: string | undefined) => {
    if (value !== undefined) out.push(sql<SqlBool>`${sql.ref(column)} = ${value}`);
  };
  equal('action', query.action);
  equal('target_type', query.targetType);
  equal('target_id', query.targetId);
  equal('actor_account_id', query.actor);
  if (query.from !== undefined) out.push(sql<SqlBool>`${sql.ref('at')} >= ${query.from}`);
  if (query.to !== undefined) out.push(sql<SqlBool>`${sql.ref('at')} < ${query.to}`);
  if (query.q) out.push(contains('action', query.q));
  return out;
}

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

export const auditLogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  /** Entries as the API shows them, with the actors' names looked up once per page. */
  async function entries(rows: (AuditLogTable | PlatformAuditLogTable)[]) {
    const actorIds = [...new Set(rows.flatMap((r) => (r.actor_account_id ? [r.actor_account_id] : [])))];
    const names = new Map(
      actorIds.length
        ? (
            await db
              .selectFrom('accounts')
              .select(['id', 'display_name'])
              .where('id', 'in', actorIds)
              .execute()
          ).map((a) => [a.id, a.display_name])
        : [],
    );
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorAccountId: r.actor_account_id,
      actorName: r.actor_account_id ? (names.get(r.actor_account_id) ?? null) : null,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      before: parse(r.before_json),
      after: parse(r.after_json),
      ip: r.ip,
      requestId: r.request_id,
    }));
  }

  app.get(
    '/communities/:communityId/audit',
    {
      config: { access: access.community('audit.read') },
      schema: {
        tags: ['access'],
        summary: 'The community’s audit log, newest first',
        params: CommunityParams,
        querystring: AuditQuery,
        response: { 200: Page(Entry) },
      },
    },
    async (req) => {
      requireCan(req, 'audit.read', {});
      const order = req.query.order ?? 'desc';
      const page = await paginate(
        db
          .selectFrom('audit_log')
          .selectAll()
          .where('community_id', '=', communityOf(req).id)
          .where((eb) => eb.and(conditions(req.query)))
          .orderBy('at', order)
          .orderBy('id', order),
        req.query,
      );
      return { ...page, items: await entries(page.items) };
    },
  );

  app.get(
    '/streets/:streetId/audit',
    {
      config: { access: access.street('audit.read') },
      schema: {
        tags: ['access'],
        summary:
          'The platform audit log for a street (its communities opened, its street grants), newest first',
        params: Type.Object({ streetId: Id }),
        querystring: AuditQuery,
        response: { 200: Page(Entry) },
      },
    },
    async (req) => {
      const order = req.query.order ?? 'desc';
      const page = await paginate(
        db
          .selectFrom('platform_audit_log')
          .selectAll()
          .where('street_id', '=', req.params.streetId)
          .where((eb) => eb.and(conditions(req.query)))
          .orderBy('at', order)
          .orderBy('id', order),
        req.query,
      );
      return { ...page, items: await entries(page.items) };
    },
  );
};
