import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { Type } from 'typebox';
import { canGrant, type RowFilter, type Target } from '../../core/access/policy';
import { roles, roleScopes, type Role, type ScopeKind } from '../../core/access/roles';
import { audit, auditPlatform } from '../../core/audit';
import { contains, paginate } from '../../core/db/query';
import type { AccountsTable, DB, GrantsTable, StreetGrantsTable } from '../../core/db/schema';
import { AppError, fieldError, badRequest } from '../../core/errors';
import { access, actor, communityOf, principalOf, visibleRows } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { maskPhone, normalizePhone } from '../../core/personal';
import { createAccount } from '../auth/service';
import { temporaryPassword } from './codes';
import { say } from './words';

/**
 * Role grants (授权): who holds which role on which scope. Community grants live in the tenant table
 * `grants`; a street administrator's grant on a street lives in `street_grants`. Granting and
 * revoking both follow canGrant (DESIGN §1): grants.manage covering the scope, and a role no higher
 * than one's own there. Every grant and revocation is audited.
 */

const communityScopeKinds = ['community', 'compound', 'building', 'grid', 'squad'] as const;
type CommunityScopeKind = (typeof communityScopeKinds)[number];

export const GrantView = Type.Object({
  id: Type.String(),
  communityId: Nullable(Type.String({ description: 'null for a grant on a street' })),
  streetId: Nullable(Type.String({ description: 'set only for a grant on a street' })),
  accountId: Type.String(),
  accountName: Type.String(),
  phone: Type.String({ description: 'masked' }),
  role: StringEnum(roles),
  scopeKind: StringEnum(['street', ...communityScopeKinds] as const),
  scopeId: Type.String(),
  grantedBy: Nullable(Type.String()),
  grantedAt: Type.Integer(),
  revokedBy: Nullable(Type.String()),
  revokedAt: Nullable(Type.Integer()),
});

const CreatedGrant = Type.Object({
  ...GrantView.properties,
  temporaryPassword: Nullable(
    Type.String({
      description: 'set only when this grant created the account: its one-time password, shown this once',
    }),
  ),
});

/** Who receives the role: an existing account, or a phone number (a new account then needs a name). */
const Grantee = {
  phone: Type.Optional(Text(30)),
  accountId: Type.Optional(Id),
  displayName: Type.Optional(Text(40)),
};

const GrantFilters = {
  role: Type.Optional(StringEnum(roles)),
  accountId: Type.Optional(Id),
  revoked: Type.Optional(Type.Boolean({ description: 'true: revoked grants instead of live ones' })),
};

const StreetParams = Type.Object({ streetId: Id });

/** A grant from either table, in one shape. */
interface GrantRecord {
  id: string;
  community_id: string | null;
  street_id: string | null;
  account_id: string;
  role: string;
  scope_kind: string;
  scope_id: string;
  granted_by: string | null;
  granted_at: number;
  revoked_by: string | null;
  revoked_at: number | null;
}
type Holder = Pick<AccountsTable, 'display_name' | 'phone_sealed'>;

const fromGrant = (g: GrantsTable): GrantRecord => ({ ...g, street_id: null });
const fromStreetGrant = (g: StreetGrantsTable): GrantRecord => ({
  ...g,
  community_id: null,
  scope_kind: 'street',
  scope_id: g.street_id,
});

/** A joined row split into the grant (safe to audit) and its holder (a sealed phone: never audited). */
function split<G>(row: G & Holder): { grant: G; holder: Holder } {
  const { display_name, phone_sealed, ...grant } = row;
  return { grant: grant as G, holder: { display_name, phone_sealed } };
}

/**
 * Where a scope sits in a community, as a policy target; null when the community has no such scope.
 * Archived scopes are found (a grant on one can still be revoked) but flagged.
 */
async function locateScope(
  db: Kysely<DB>,
  communityId: string,
  kind: CommunityScopeKind,
  id: string,
): Promise<{ target: Omit<Target, 'streetId' | 'communityId'>; archived: boolean } | null> {
  const found = <R extends { archived_at: number | null }>(
    row: R | undefined,
    target: (row: R) => Omit<Target, 'streetId' | 'communityId'>,
  ) => (row ? { target: target(row), archived: row.archived_at !== null } : null);
  switch (kind) {
    case 'community':
      return id === communityId ? { target: {}, archived: false } : null;
    case 'compound':
      return found(
        await db
          .selectFrom('compounds')
          .select(['id', 'archived_at'])
          .where('community_id', '=', communityId)
          .where('id', '=', id)
          .executeTakeFirst(),
        (r) => ({ compoundId: r.id }),
      );
    case 'building':
      return found(
        await db
          .selectFrom('buildings')
          .select(['id', 'compound_id', 'archived_at'])
          .where('community_id', '=', communityId)
          .where('id', '=', id)
          .executeTakeFirst(),
        (r) => ({ compoundId: r.compound_id, buildingId: r.id }),
      );
    case 'grid':
      return found(
        await db
          .selectFrom('grids')
          .select(['id', 'compound_id', 'archived_at'])
          .where('community_id', '=', communityId)
          .where('id', '=', id)
          .executeTakeFirst(),
        (r) => ({ compoundId: r.compound_id, gridId: r.id }),
      );
    case 'squad':
      return found(
        await db
          .selectFrom('squads')
          .select(['id', 'compound_id', 'grid_id', 'archived_at'])
          .where('community_id', '=', communityId)
          .where('id', '=', id)
          .executeTakeFirst(),
        (r) => ({ compoundId: r.compound_id, gridId: r.grid_id, squadId: r.id }),
      );
  }
}

/** The rows of `grants` a grants.manage holder below community level may see: those on its own scopes. */
function whereGrantVisible(eb: ExpressionBuilder<DB, 'grants'>, filter: RowFilter): Expression<SqlBool> {
  if (filter.all) return sql<SqlBool>`1 = 1`;
  const scoped: [ScopeKind, string[]][] = [
    ['compound', filter.compoundIds],
    ['building', filter.buildingIds],
    ['grid', filter.gridIds],
    ['squad', filter.squadIds],
  ];
  const ors = scoped
    .filter(([, ids]) => ids.length)
    .map(([kind, ids]) => eb.and([eb('grants.scope_kind', '=', kind), eb('grants.scope_id', 'in', ids)]));
  return ors.length ? eb.or(ors) : sql<SqlBool>`1 = 0`;
}

/** A role held on a kind of scope it cannot be held on is a mistake the caller can fix: 400, not 403. */
function requireScopeFits(req: FastifyRequest, role: Role, kind: ScopeKind) {
  if (!roleScopes[role].includes(kind))
    throw badRequest(
      say(
        req,
        `角色 ${role} 只能授予在这些范围上：${roleScopes[role].join('、')}`,
        `role ${role} can only be held on: ${roleScopes[role].join(', ')}`,
      ),
    );
}

const duplicate = (req: FastifyRequest) =>
  new AppError(409, 'duplicate', { what: say(req, '授权', 'grant') });

export const grantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, vault } = app.deps;

  const grantView = (g: GrantRecord, holder: Holder) => ({
    id: g.id,
    communityId: g.community_id,
    streetId: g.street_id,
    accountId: g.account_id,
    accountName: holder.display_name,
    phone: maskPhone(vault.open(holder.phone_sealed)) ?? '',
    role: g.role as Role,
    scopeKind: g.scope_kind as ScopeKind,
    scopeId: g.scope_id,
    grantedBy: g.granted_by,
    grantedAt: g.granted_at,
    revokedBy: g.revoked_by,
    revokedAt: g.revoked_at,
  });

  /** The grantee's account, creating it (with a one-time password) when a new phone number is given. */
  async function resolveGrantee(
    trx: Kysely<DB>,
    req: FastifyRequest,
    input: { phone?: string; accountId?: string; displayName?: string },
  ): Promise<{ account: AccountsTable; temporaryPassword: string | null }> {
    if ((input.phone === undefined) === (input.accountId === undefined))
      throw badRequest(
        say(req, '请填写手机号 phone 或账号 accountId（二者选一）', 'give either phone or accountId'),
      );
    if (input.accountId !== undefined) {
      const account = await trx
        .selectFrom('accounts')
        .selectAll()
        .where('id', '=', input.accountId)
        .executeTakeFirst();
      if (!account) throw new AppError(400, 'bad_reference', { what: say(req, '账号', 'account') });
      return { account, temporaryPassword: null };
    }
    const phone = normalizePhone(input.phone ?? '');
    if (!phone) throw fieldError(400, 'invalid_phone', 'phone');
    const account = await trx
      .selectFrom('accounts')
      .selectAll()
      .where('phone_hash', '=', vault.lookupHash(phone))
      .executeTakeFirst();
    if (account) return { account, temporaryPassword: null };
    const displayName = input.displayName?.trim();
    if (!displayName)
      throw badRequest(
        say(
          req,
          '该手机号还没有账号，请填写姓名 displayName',
          'this phone has no account yet: give displayName',
        ),
      );
    const password = temporaryPassword();
    return {
      account: await createAccount(trx, vault, { phone, displayName, password, temporary: true }),
      temporaryPassword: password,
    };
  }

  /**
   * One transaction: find or create the grantee, then `record` checks for a live duplicate, inserts
   * and audits in its own table.
   */
  async function grantTo(
    req: FastifyRequest,
    input: { phone?: string; accountId?: string; displayName?: string },
    record: (trx: Kysely<DB>, accountId: string, accountCreated: boolean) => Promise<GrantRecord>,
  ) {
    const { grant, account, password } = await db.transaction().execute(async (trx) => {
      const { account, temporaryPassword: password } = await resolveGrantee(trx, req, input);
      return { grant: await record(trx, account.id, password !== null), account, password };
    });
    return { ...grantView(grant, account), temporaryPassword: password };
  }

  // ---- community grants ----

  async function loadGrant(communityId: string, grantId: string) {
    const row = await db
      .selectFrom('grants')
      .innerJoin('accounts', 'accounts.id', 'grants.account_id')
      .selectAll('grants')
      .select(['accounts.display_name', 'accounts.phone_sealed'])
      .where('grants.community_id', '=', communityId)
      .where('grants.id', '=', grantId)
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found');
    return split<GrantsTable>(row);
  }

  /** canGrant for `role` on a scope of this request's community: the one rule for granting and revoking. */
  function requireMayGrant(
    req: FastifyRequest,
    role: Role,
    kind: ScopeKind,
    target: Omit<Target, 'streetId' | 'communityId'>,
  ) {
    const community = communityOf(req);
    const where = { ...target, communityId: community.id, streetId: community.streetId };
    if (!canGrant(principalOf(req), role, kind, where)) throw new AppError(403, 'grant_not_allowed');
  }

  app.get(
    '/communities/:communityId/grants',
    {
      config: { access: access.community('grants.manage') },
      schema: {
        tags: ['access'],
        summary: 'Role grants in a community, newest first (q searches the holder’s name)',
        params: CommunityParams,
        querystring: ListQuery({
          ...GrantFilters,
          scopeKind: Type.Optional(StringEnum(communityScopeKinds)),
          scopeId: Type.Optional(Id),
        }),
        response: { 200: Page(GrantView) },
      },
    },
    async (req) => {
      const filter = visibleRows(req, 'grants.manage');
      const { role, accountId, revoked, scopeKind, scopeId, q } = req.query;
      let query = db
        .selectFrom('grants')
        .innerJoin('accounts', 'accounts.id', 'grants.account_id')
        .selectAll('grants')
        .select(['accounts.display_name', 'accounts.phone_sealed'])
        .where('grants.community_id', '=', communityOf(req).id)
        .where((eb) => whereGrantVisible(eb, filter))
        .where('grants.revoked_at', revoked ? 'is not' : 'is', null);
      if (role) query = query.where('grants.role', '=', role);
      if (accountId) query = query.where('grants.account_id', '=', accountId);
      if (scopeKind) query = query.where('grants.scope_kind', '=', scopeKind);
      if (scopeId) query = query.where('grants.scope_id', '=', scopeId);
      if (q) query = query.where(contains('accounts.display_name', q));
      const page = await paginate(
        query.orderBy('grants.granted_at', req.query.order ?? 'desc').orderBy('grants.id'),
        req.query,
      );
      return {
        ...page,
        items: page.items.map((row) => {
          const { grant, holder } = split<GrantsTable>(row);
          return grantView(fromGrant(grant), holder);
        }),
      };
    },
  );

  app.post(
    '/communities/:communityId/grants',
    {
      config: { access: access.community('grants.manage') },
      schema: {
        tags: ['access'],
        summary:
          'Grant a role on a scope in the community; a phone number without an account creates one (then displayName is needed)',
        params: CommunityParams,
        body: Type.Object(
          { ...Grantee, role: StringEnum(roles), scopeKind: StringEnum(communityScopeKinds), scopeId: Id },
          { additionalProperties: false },
        ),
        response: { 201: CreatedGrant },
      },
    },
    async (req, reply) => {
      const community = communityOf(req);
      const { role, scopeKind, scopeId } = req.body;
      const scope = await locateScope(db, community.id, scopeKind, scopeId);
      if (!scope || scope.archived)
        throw new AppError(400, 'bad_reference', { what: say(req, '授权范围', 'scope') });
      requireScopeFits(req, role, scopeKind);
      requireMayGrant(req, role, scopeKind, scope.target);
      const created = await grantTo(req, req.body, async (trx, accountId, accountCreated) => {
        const live = await trx
          .selectFrom('grants')
          .select('id')
          .where('community_id', '=', community.id)
          .where('account_id', '=', accountId)
          .where('role', '=', role)
          .where('scope_kind', '=', scopeKind)
          .where('scope_id', '=', scopeId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (live) throw duplicate(req);
        const row: GrantsTable = {
          community_id: community.id,
          id: newId(),
          account_id: accountId,
          role,
          scope_kind: scopeKind,
          scope_id: scopeId,
          granted_by: principalOf(req).accountId,
          granted_at: Date.now(),
          revoked_by: null,
          revoked_at: null,
        };
        await trx.insertInto('grants').values(row).execute();
        await audit(trx, community.id, {
          ...actor(req),
          action: 'grant.create',
          targetType: 'grant',
          targetId: row.id,
          after: { ...row, accountCreated },
        });
        return fromGrant(row);
      });
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/communities/:communityId/grants/:grantId/revoke',
    {
      config: { access: access.community('grants.manage') },
      schema: {
        tags: ['access'],
        summary: 'Revoke a role grant (kept for the record); revoking twice changes nothing',
        params: Type.Object({ communityId: Id, grantId: Id }),
        response: { 200: GrantView },
      },
    },
    async (req) => {
      const community = communityOf(req);
      const { grant, holder } = await loadGrant(community.id, req.params.grantId);
      const scope = await locateScope(
        db,
        community.id,
        grant.scope_kind as CommunityScopeKind,
        grant.scope_id,
      );
      requireMayGrant(req, grant.role as Role, grant.scope_kind as ScopeKind, scope?.target ?? {});
      if (grant.revoked_at !== null) return grantView(fromGrant(grant), holder);
      const after: GrantsTable = { ...grant, revoked_at: Date.now(), revoked_by: principalOf(req).accountId };
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('grants')
          .set({ revoked_at: after.revoked_at, revoked_by: after.revoked_by })
          .where('community_id', '=', community.id)
          .where('id', '=', grant.id)
          .execute();
        await audit(trx, community.id, {
          ...actor(req),
          action: 'grant.revoke',
          targetType: 'grant',
          targetId: grant.id,
          before: grant,
          after,
        });
      });
      return grantView(fromGrant(after), holder);
    },
  );

  // ---- street grants (街道) ----

  async function loadStreetGrant(streetId: string, grantId: string) {
    const row = await db
      .selectFrom('street_grants')
      .innerJoin('accounts', 'accounts.id', 'street_grants.account_id')
      .selectAll('street_grants')
      .select(['accounts.display_name', 'accounts.phone_sealed'])
      .where('street_grants.street_id', '=', streetId)
      .where('street_grants.id', '=', grantId)
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found');
    return split<StreetGrantsTable>(row);
  }

  function requireMayGrantOnStreet(req: FastifyRequest, role: Role, streetId: string) {
    if (!canGrant(principalOf(req), role, 'street', { streetId }))
      throw new AppError(403, 'grant_not_allowed');
  }

  app.get(
    '/streets/:streetId/grants',
    {
      config: { access: access.street('grants.manage') },
      schema: {
        tags: ['access'],
        summary: 'Role grants on a street, newest first (q searches the holder’s name)',
        params: StreetParams,
        querystring: ListQuery(GrantFilters),
        response: { 200: Page(GrantView) },
      },
    },
    async (req) => {
      const { role, accountId, revoked, q } = req.query;
      let query = db
        .selectFrom('street_grants')
        .innerJoin('accounts', 'accounts.id', 'street_grants.account_id')
        .selectAll('street_grants')
        .select(['accounts.display_name', 'accounts.phone_sealed'])
        .where('street_grants.street_id', '=', req.params.streetId)
        .where('street_grants.revoked_at', revoked ? 'is not' : 'is', null);
      if (role) query = query.where('street_grants.role', '=', role);
      if (accountId) query = query.where('street_grants.account_id', '=', accountId);
      if (q) query = query.where(contains('accounts.display_name', q));
      const page = await paginate(
        query.orderBy('street_grants.granted_at', req.query.order ?? 'desc').orderBy('street_grants.id'),
        req.query,
      );
      return {
        ...page,
        items: page.items.map((row) => {
          const { grant, holder } = split<StreetGrantsTable>(row);
          return grantView(fromStreetGrant(grant), holder);
        }),
      };
    },
  );

  app.post(
    '/streets/:streetId/grants',
    {
      config: { access: access.street('grants.manage') },
      schema: {
        tags: ['access'],
        summary: 'Grant a role on the street; a phone number without an account creates one',
        params: StreetParams,
        body: Type.Object({ ...Grantee, role: StringEnum(roles) }, { additionalProperties: false }),
        response: { 201: CreatedGrant },
      },
    },
    async (req, reply) => {
      const { streetId } = req.params;
      const { role } = req.body;
      requireScopeFits(req, role, 'street');
      requireMayGrantOnStreet(req, role, streetId);
      const created = await grantTo(req, req.body, async (trx, accountId, accountCreated) => {
        const live = await trx
          .selectFrom('street_grants')
          .select('id')
          .where('street_id', '=', streetId)
          .where('account_id', '=', accountId)
          .where('role', '=', role)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (live) throw duplicate(req);
        const row: StreetGrantsTable = {
          id: newId(),
          street_id: streetId,
          account_id: accountId,
          role,
          granted_by: principalOf(req).accountId,
          granted_at: Date.now(),
          revoked_by: null,
          revoked_at: null,
        };
        await trx.insertInto('street_grants').values(row).execute();
        await auditPlatform(trx, streetId, {
          ...actor(req),
          action: 'grant.create',
          targetType: 'street_grant',
          targetId: row.id,
          after: { ...row, accountCreated },
        });
        return fromStreetGrant(row);
      });
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/streets/:streetId/grants/:grantId/revoke',
    {
      config: { access: access.street('grants.manage') },
      schema: {
        tags: ['access'],
        summary: 'Revoke a role grant on the street (kept for the record); revoking twice changes nothing',
        params: Type.Object({ streetId: Id, grantId: Id }),
        response: { 200: GrantView },
      },
    },
    async (req) => {
      const { streetId, grantId } = req.params;
      const { grant, holder } = await loadStreetGrant(streetId, grantId);
      requireMayGrantOnStreet(req, grant.role as Role, streetId);
      if (grant.revoked_at !== null) return grantView(fromStreetGrant(grant), holder);
      const after: StreetGrantsTable = {
        ...grant,
        revoked_at: Date.now(),
        revoked_by: principalOf(req).accountId,
      };
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('street_grants')
          .set({ revoked_at: after.revoked_at, revoked_by: after.revoked_by })
          .where('id', '=', grant.id)
          .execute();
        await auditPlatform(trx, streetId, {
          ...actor(req),
          action: 'grant.revoke',
          targetType: 'street_grant',
          targetId: grant.id,
          before: grant,
          after,
        });
      });
      return grantView(fromStreetGrant(after), holder);
    },
  );
};
