import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import { paginate } from '../../core/db/query';
import type { InvitationsTable } from '../../core/db/schema';
import { AppError, invalidState } from '../../core/errors';
import { access, actor, communityOf, principalOf, requireCan } from '../../core/http/access';
import { Id, ListQuery, Nullable, Page, StringEnum } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { codeHash, invitationStatus, randomCode } from './codes';
import { say } from './words';

/**
 * Invitation codes (邀请码): staff hand a household a code; whoever lives there registers and joins
 * with it (bindings.ts). The code is shown once at issue; only its keyed hash is stored.
 */

const dayMs = 24 * 60 * 60_000;

const Invitation = Type.Object({
  id: Type.String(),
  householdId: Type.String(),
  status: StringEnum(['active', 'revoked', 'expired', 'used_up'] as const),
  expiresAt: Type.Integer(),
  maxUses: Type.Integer(),
  uses: Type.Integer(),
  createdBy: Nullable(Type.String()),
  createdAt: Type.Integer(),
  revokedAt: Nullable(Type.Integer()),
});

const IssuedInvitation = Type.Object({
  ...Invitation.properties,
  code: Type.String({ description: 'shown only in this response: write it down or share the link now' }),
  joinUrl: Type.String({ description: 'relative link a resident opens to join' }),
});

const HouseholdParams = Type.Object({ communityId: Id, householdId: Id });

const invitationView = (i: InvitationsTable, now = Date.now()) => ({
  id: i.id,
  householdId: i.household_id,
  status: invitationStatus(i, now),
  expiresAt: i.expires_at,
  maxUses: i.max_uses,
  uses: i.uses,
  createdBy: i.created_by,
  createdAt: i.created_at,
  revokedAt: i.revoked_at,
});

export const invitationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, vault } = app.deps;

  /** The household, after checking the caller manages invitations where it lies. */
  async function managedHousehold(req: FastifyRequest, householdId: string) {
    const household = await db
      .selectFrom('households')
      .selectAll()
      .where('community_id', '=', communityOf(req).id)
      .where('id', '=', householdId)
      .executeTakeFirst();
    if (!household) throw new AppError(404, 'not_found');
    requireCan(req, 'invitations.manage', {
      compoundId: household.compound_id,
      buildingId: household.building_id,
    });
    return household;
  }

  app.post(
    '/communities/:communityId/households/:householdId/invitations',
    {
      config: { access: access.community('invitations.manage') },
      schema: {
        tags: ['access'],
        summary: 'Issue an invitation code for a household; the code is in this response only',
        params: HouseholdParams,
        body: Type.Object(
          {
            expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 14 })),
            maxUses: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 5 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: IssuedInvitation },
      },
    },
    async (req, reply) => {
      const household = await managedHousehold(req, req.params.householdId);
      if (household.closed_at !== null) throw invalidState(say(req, '该户已注销', 'the household is closed'));
      const code = randomCode();
      const now = Date.now();
      const row: InvitationsTable = {
        community_id: household.community_id,
        id: newId(),
        household_id: household.id,
        code_hash: codeHash(vault, code),
        expires_at: now + (req.body.expiresInDays ?? 14) * dayMs,
        max_uses: req.body.maxUses ?? 5,
        uses: 0,
        created_by: principalOf(req).accountId,
        created_at: now,
        revoked_at: null,
      };
      const view = invitationView(row, now);
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('invitations').values(row).execute();
        await audit(trx, row.community_id, {
          ...actor(req),
          action: 'invitation.issue',
          targetType: 'invitation',
          targetId: row.id,
          after: view,
        });
      });
      return reply.status(201).send({ ...view, code, joinUrl: `/join?code=${encodeURIComponent(code)}` });
    },
  );

  app.get(
    '/communities/:communityId/households/:householdId/invitations',
    {
      config: { access: access.community('invitations.manage') },
      schema: {
        tags: ['access'],
        summary: 'A household’s invitations, newest first (never their codes)',
        params: HouseholdParams,
        querystring: ListQuery({
          active: Type.Optional(Type.Boolean({ description: 'true: only codes that can still be used' })),
        }),
        response: { 200: Page(Invitation) },
      },
    },
    async (req) => {
      const household = await managedHousehold(req, req.params.householdId);
      const now = Date.now();
      let query = db
        .selectFrom('invitations')
        .selectAll()
        .where('community_id', '=', household.community_id)
        .where('household_id', '=', household.id);
      if (req.query.active)
        query = query
          .where('revoked_at', 'is', null)
          .where('expires_at', '>', now)
          .where((eb) => eb('uses', '<', eb.ref('max_uses')));
      const page = await paginate(
        query.orderBy('created_at', req.query.order ?? 'desc').orderBy('id'),
        req.query,
      );
      return { ...page, items: page.items.map((i) => invitationView(i, now)) };
    },
  );

  app.post(
    '/communities/:communityId/households/:householdId/invitations/:invitationId/revoke',
    {
      config: { access: access.community('invitations.manage') },
      schema: {
        tags: ['access'],
        summary: 'Revoke an invitation code so nobody else can join with it; revoking twice changes nothing',
        params: Type.Object({ communityId: Id, householdId: Id, invitationId: Id }),
        response: { 200: Invitation },
      },
    },
    async (req) => {
      const household = await managedHousehold(req, req.params.householdId);
      const row = await db
        .selectFrom('invitations')
        .selectAll()
        .where('community_id', '=', household.community_id)
        .where('household_id', '=', household.id)
        .where('id', '=', req.params.invitationId)
        .executeTakeFirst();
      if (!row) throw new AppError(404, 'not_found');
      if (row.revoked_at !== null) return invitationView(row);
      const after: InvitationsTable = { ...row, revoked_at: Date.now() };
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('invitations')
          .set({ revoked_at: after.revoked_at })
          .where('community_id', '=', row.community_id)
          .where('id', '=', row.id)
          .execute();
        await audit(trx, row.community_id, {
          ...actor(req),
          action: 'invitation.revoke',
          targetType: 'invitation',
          targetId: row.id,
          before: invitationView(row),
          after: invitationView(after),
        });
      });
      return invitationView(after);
    },
  );
};
