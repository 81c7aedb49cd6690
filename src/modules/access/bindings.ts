import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import { contains, paginate, whereVisible } from '../../core/db/query';
import type { AccountsTable, DB, GrantsTable } from '../../core/db/schema';
import { AppError, badRequest, invalidState } from '../../core/errors';
import { access, actor, communityOf, principalOf, requireCan, visibleRows } from '../../core/http/access';
import { Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { maskPhone } from '../../core/personal';
import { Binding, bindingStatuses, bindingsWithPlace, bindingView, type BindingWithPlace } from './places';
import { say } from './words';

/**
 * The staff side of joining (入户绑定): staff who manage invitations where a household lies see its
 * requests, and confirm one (the account becomes a person living there, with a resident's or an
 * owner's role on the compound) or reject it with a reason.
 */

const StaffBinding = Type.Object({
  ...Binding.properties,
  account: Type.Object({
    id: Type.String(),
    displayName: Type.String(),
    phone: Type.String({ description: 'masked' }),
  }),
  personId: Nullable(Type.String({ description: 'the person record, once confirmed' })),
  decidedBy: Nullable(Type.String()),
});

const BindingParams = Type.Object({ communityId: Id, bindingId: Id });

/** What the audit log keeps of a binding: no account phone. */
const bindingRecord = (b: BindingWithPlace) => ({
  id: b.id,
  household_id: b.household_id,
  account_id: b.account_id,
  invitation_id: b.invitation_id,
  claimed_name: b.claimed_name,
  kind: b.kind,
  relation: b.relation,
  status: b.status,
  person_id: b.person_id,
  decided_by: b.decided_by,
  decided_at: b.decided_at,
  reason: b.reason,
});

type Claimant = Pick<AccountsTable, 'id' | 'phone_hash' | 'phone_sealed'>;

/**
 * The person this account is in the community: the one already linked to it, else the unlinked
 * record staff entered with the same phone, else a new record under the name the resident gave.
 */
async function linkPerson(
  trx: Kysely<DB>,
  req: FastifyRequest,
  communityId: string,
  account: Claimant,
  name: string,
  now: number,
): Promise<{ id: string; created: boolean }> {
  const candidates = await trx
    .selectFrom('people')
    .select(['id', 'account_id'])
    .where('community_id', '=', communityId)
    .where('archived_at', 'is', null)
    .where((eb) => eb.or([eb('account_id', '=', account.id), eb('phone_hash', '=', account.phone_hash)]))
    .orderBy('created_at')
    .execute();
  const person =
    candidates.find((p) => p.account_id === account.id) ?? candidates.find((p) => p.account_id === null);
  if (person) {
    if (person.account_id === null)
      await trx
        .updateTable('people')
        .set({ account_id: account.id, updated_at: now })
        .where('community_id', '=', communityId)
        .where('id', '=', person.id)
        .execute();
    return { id: person.id, created: false };
  }
  if (candidates.length)
    throw invalidState(
      say(
        req,
        '社区里登记该手机号的人已关联到另一个账号',
        'the person with this phone is linked to another account',
      ),
    );
  const id = newId();
  await trx
    .insertInto('people')
    .values({
      community_id: communityId,
      id,
      name,
      phone_sealed: account.phone_sealed,
      phone_hash: account.phone_hash,
      id_number_sealed: null,
      id_number_hash: null,
      gender: null,
      birth_year: null,
      political_status: 'masses',
      flags: '[]',
      account_id: account.id,
      notes: null,
      created_at: now,
      updated_at: now,
      archived_at: null,
    })
    .execute();
  return { id, created: true };
}

export const bindingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, vault } = app.deps;

  const queue = () =>
    bindingsWithPlace(db)
      .innerJoin('accounts as a', 'a.id', 'b.account_id')
      .select(['a.display_name as account_name', 'a.phone_sealed as account_phone_sealed']);
  type QueueRow = BindingWithPlace & { account_name: string; account_phone_sealed: string };

  const staffView = (b: QueueRow) => ({
    ...bindingView(b),
    account: {
      id: b.account_id,
      displayName: b.account_name,
      phone: maskPhone(vault.open(b.account_phone_sealed)) ?? '',
    },
    personId: b.person_id,
    decidedBy: b.decided_by,
  });

  /** A pending binding the caller may decide on, or 404 / 403 / 409. */
  async function pendingBinding(req: FastifyRequest, bindingId: string) {
    const load = () =>
      queue()
        .where('b.community_id', '=', communityOf(req).id)
        .where('b.id', '=', bindingId)
        .executeTakeFirst();
    const binding = await load();
    if (!binding) throw new AppError(404, 'not_found');
    requireCan(req, 'invitations.manage', {
      compoundId: binding.compound_id,
      buildingId: binding.building_id,
    });
    if (binding.status !== 'pending')
      throw invalidState(
        say(req, `该申请已处理（${binding.status}）`, `already decided (${binding.status})`),
      );
    return { binding, reload: async () => staffView((await load())!) };
  }

  /** Moves the binding out of pending; a second decision racing this one finds nothing to move. */
  async function decide(
    trx: Kysely<DB>,
    req: FastifyRequest,
    binding: BindingWithPlace,
    change: { status: 'confirmed' | 'rejected'; reason?: string; person_id?: string },
  ) {
    const decided = { decided_by: principalOf(req).accountId, decided_at: Date.now(), ...change };
    const result = await trx
      .updateTable('household_bindings')
      .set(decided)
      .where('community_id', '=', binding.community_id)
      .where('id', '=', binding.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1)
      throw invalidState(say(req, '该申请已被他人处理', 'someone else decided this request just now'));
    return { ...bindingRecord(binding), ...decided };
  }

  app.get(
    '/communities/:communityId/household-bindings',
    {
      config: { access: access.community('invitations.manage') },
      schema: {
        tags: ['access'],
        summary: 'Requests to join households where I manage invitations, newest first (q searches names)',
        params: Type.Object({ communityId: Id }),
        querystring: ListQuery({
          status: Type.Optional(StringEnum(bindingStatuses)),
          householdId: Type.Optional(Id),
        }),
        response: { 200: Page(StaffBinding) },
      },
    },
    async (req) => {
      const filter = visibleRows(req, 'invitations.manage');
      let query = queue()
        .where('b.community_id', '=', communityOf(req).id)
        .where((eb) => whereVisible(eb, filter, { compound: 'h.compound_id', building: 'h.building_id' }));
      if (req.query.status) query = query.where('b.status', '=', req.query.status);
      if (req.query.householdId) query = query.where('b.household_id', '=', req.query.householdId);
      if (req.query.q) query = query.where(contains('b.claimed_name', req.query.q));
      const page = await paginate(
        query.orderBy('b.requested_at', req.query.order ?? 'desc').orderBy('b.id'),
        req.query,
      );
      return { ...page, items: page.items.map(staffView) };
    },
  );

  app.post(
    '/communities/:communityId/household-bindings/:bindingId/confirm',
    {
      config: { access: access.community('invitations.manage') },
      schema: {
        tags: ['access'],
        summary:
          'Confirm a request: the account becomes a person living in the household, with the owner or resident role on its compound',
        params: BindingParams,
        response: { 200: StaffBinding },
      },
    },
    async (req) => {
      const { binding, reload } = await pendingBinding(req, req.params.bindingId);
      if (binding.household_closed_at !== null)
        throw invalidState(say(req, '该户已注销', 'the household is closed'));
      const account = await db
        .selectFrom('accounts')
        .select(['id', 'phone_hash', 'phone_sealed'])
        .where('id', '=', binding.account_id)
        .executeTakeFirstOrThrow();
      const communityId = binding.community_id;
      await db.transaction().execute(async (trx) => {
        const now = Date.now();
        const person = await linkPerson(trx, req, communityId, account, binding.claimed_name, now);
        const after = await decide(trx, req, binding, { status: 'confirmed', person_id: person.id });

        const living = await trx
          .selectFrom('residencies')
          .select('id')
          .where('community_id', '=', communityId)
          .where('household_id', '=', binding.household_id)
          .where('person_id', '=', person.id)
          .where('until', 'is', null)
          .executeTakeFirst();
        const residencyId = living?.id ?? newId();
        if (!living)
          await trx
            .insertInto('residencies')
            .values({
              community_id: communityId,
              id: residencyId,
              household_id: binding.household_id,
              person_id: person.id,
              kind: binding.kind,
              relation: binding.relation,
              since: null,
              until: null,
              created_at: now,
              updated_at: now,
            })
            .execute();

        // 业主 or 居民 on the compound: what lets them vote, raise requests and read its notices.
        const role = binding.kind === 'owner' ? 'owner' : 'resident';
        const held = await trx
          .selectFrom('grants')
          .select('id')
          .where('community_id', '=', communityId)
          .where('account_id', '=', account.id)
          .where('role', '=', role)
          .where('scope_kind', '=', 'compound')
          .where('scope_id', '=', binding.compound_id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        let grantId = held?.id ?? null;
        if (!held) {
          const grant: GrantsTable = {
            community_id: communityId,
            id: newId(),
            account_id: account.id,
            role,
            scope_kind: 'compound',
            scope_id: binding.compound_id,
            granted_by: principalOf(req).accountId,
            granted_at: now,
            revoked_by: null,
            revoked_at: null,
          };
          grantId = grant.id;
          await trx.insertInto('grants').values(grant).execute();
          await audit(trx, communityId, {
            ...actor(req),
            action: 'grant.create',
            targetType: 'grant',
            targetId: grant.id,
            after: { ...grant, bindingId: binding.id },
          });
        }
        await audit(trx, communityId, {
          ...actor(req),
          action: 'binding.confirm',
          targetType: 'household_binding',
          targetId: binding.id,
          before: bindingRecord(binding),
          after: { ...after, personCreated: person.created, residencyId, grantId },
        });
      });
      return reload();
    },
  );

  app.post(
    '/communities/:communityId/household-bindings/:bindingId/reject',
    {
      config: { access: access.community('invitations.manage') },
      schema: {
        tags: ['access'],
        summary: 'Reject a request, saying why (the resident sees the reason)',
        params: BindingParams,
        body: Type.Object({ reason: Text(200) }, { additionalProperties: false }),
        response: { 200: StaffBinding },
      },
    },
    async (req) => {
      const reason = req.body.reason.trim();
      if (!reason) throw badRequest(say(req, '请填写拒绝原因 reason', 'reason must not be blank'));
      const { binding, reload } = await pendingBinding(req, req.params.bindingId);
      await db.transaction().execute(async (trx) => {
        const after = await decide(trx, req, binding, { status: 'rejected', reason });
        await audit(trx, binding.community_id, {
          ...actor(req),
          action: 'binding.reject',
          targetType: 'household_binding',
          targetId: binding.id,
          before: bindingRecord(binding),
          after,
        });
      });
      return reload();
    },
  );
};
