import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { todayInShanghai } from '../../core/time';
import { currentOn } from '../people/store';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import { paginate } from '../../core/db/query';
import type { HouseholdBindingsTable } from '../../core/db/schema';
import { AppError, badRequest } from '../../core/errors';
import { access, actor } from '../../core/http/access';
import { ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { maskName, maskPhone } from '../../core/personal';
import { throttleVerdict } from '../auth/service';
import { codeHash, invitationStatus, normalizeCode } from './codes';
import {
  Binding,
  bindingStatuses,
  bindingsWithPlace,
  bindingView,
  Place,
  placeView,
  residencyKinds,
} from './places';
import { say } from './words';

/**
 * A resident's side of joining (入户绑定): register, enter the household's invitation code, wait for
 * staff to confirm (bindings.ts), then see the household under /me.
 */

/** Bad codes an account may enter per login window before it must wait (a code has 32^10 values). */
export const badCodeLimit = 10;

/**
 * Bad codes are recorded in login_attempts under keys of their own, so they are throttled like
 * password guesses without counting against anyone's login.
 */
const accountKey = (accountId: string) => `invitation:${accountId}`;
const addressKey = (ip: string) => `invitation:${ip}`;

const Member = Type.Object({
  name: Type.String({ description: 'masked' }),
  phone: Nullable(Type.String({ description: 'masked' })),
  kind: StringEnum(residencyKinds),
  relation: Nullable(Type.String()),
  isMe: Type.Boolean(),
});

const MyHousehold = Type.Object({
  bindingId: Type.String(),
  kind: StringEnum(residencyKinds),
  ...Place.properties,
  members: Type.Array(Member),
});

export const joiningRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, vault, config } = app.deps;

  async function badCodesSince(column: 'phone_hash' | 'ip', key: string, since: number) {
    const row = await db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(column, '=', key)
      .where('at', '>=', since)
      .where('succeeded', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function requireNotThrottled(req: FastifyRequest) {
    const since = Date.now() - config.loginWindowMinutes * 60_000;
    const [account, address] = await Promise.all([
      badCodesSince('phone_hash', accountKey(req.account!.id), since),
      badCodesSince('ip', addressKey(req.ip), since),
    ]);
    const limits = { perAccount: badCodeLimit, perAddress: config.loginMaxFailuresPerAddress };
    if (throttleVerdict({ account, address }, limits))
      throw new AppError(429, 'invitation_throttled', { minutes: config.loginWindowMinutes });
  }

  /** One answer for unknown, expired, revoked and used-up codes, so codes cannot be probed. */
  async function invalidCode(req: FastifyRequest): Promise<never> {
    await db
      .insertInto('login_attempts')
      .values({
        id: newId(),
        phone_hash: accountKey(req.account!.id),
        ip: addressKey(req.ip),
        at: Date.now(),
        succeeded: 0,
      })
      .execute();
    throw new AppError(400, 'invitation_invalid');
  }

  const mine = (req: FastifyRequest) => bindingsWithPlace(db).where('b.account_id', '=', req.account!.id);

  app.post(
    '/me/household-bindings',
    {
      config: { access: access.session() },
      schema: {
        tags: ['access'],
        summary: 'Ask to join a household with its invitation code; staff then confirm',
        body: Type.Object(
          {
            code: Text(40),
            name: Text(40),
            kind: StringEnum(residencyKinds),
            relation: Type.Optional(Nullable(Text(20))),
          },
          { additionalProperties: false },
        ),
        response: { 201: Binding },
      },
    },
    async (req, reply) => {
      await requireNotThrottled(req);
      const name = req.body.name.trim();
      if (!name) throw badRequest(say(req, '请填写称呼 name', 'name must not be blank'));
      const code = normalizeCode(req.body.code);
      const now = Date.now();
      const invitation = code
        ? await db
            .selectFrom('invitations as i')
            .innerJoin('households as h', (j) =>
              j.onRef('h.community_id', '=', 'i.community_id').onRef('h.id', '=', 'i.household_id'),
            )
            .selectAll('i')
            .select('h.closed_at as household_closed_at')
            .where('i.code_hash', '=', codeHash(vault, code))
            .executeTakeFirst()
        : undefined;
      if (
        !invitation ||
        invitationStatus(invitation, now) !== 'active' ||
        invitation.household_closed_at !== null
      )
        return invalidCode(req);

      const accountId = req.account!.id;
      const already = await db
        .selectFrom('household_bindings')
        .select('id')
        .where('community_id', '=', invitation.community_id)
        .where('household_id', '=', invitation.household_id)
        .where('account_id', '=', accountId)
        .where('status', 'in', ['pending', 'confirmed'])
        .executeTakeFirst();
      if (already)
        throw new AppError(409, 'duplicate', {
          what: say(req, '入户申请', 'request to join this household'),
        });

      const row: HouseholdBindingsTable = {
        community_id: invitation.community_id,
        id: newId(),
        household_id: invitation.household_id,
        account_id: accountId,
        invitation_id: invitation.id,
        claimed_name: name,
        kind: req.body.kind,
        relation: req.body.relation?.trim() || null,
        status: 'pending',
        person_id: null,
        requested_at: now,
        decided_by: null,
        decided_at: null,
        reason: null,
      };
      await db.transaction().execute(async (trx) => {
        // Counted in the same statement that checks it, so two people racing for the last use cannot both win.
        const taken = await trx
          .updateTable('invitations')
          .set((eb) => ({ uses: eb('uses', '+', 1) }))
          .where('community_id', '=', invitation.community_id)
          .where('id', '=', invitation.id)
          .where('revoked_at', 'is', null)
          .where('expires_at', '>', now)
          .where((eb) => eb('uses', '<', eb.ref('max_uses')))
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) !== 1) throw new AppError(400, 'invitation_invalid');
        await trx.insertInto('household_bindings').values(row).execute();
        await audit(trx, row.community_id, {
          ...actor(req),
          action: 'binding.request',
          targetType: 'household_binding',
          targetId: row.id,
          after: row,
        });
      });
      const created = await mine(req)
        .where('b.community_id', '=', row.community_id)
        .where('b.id', '=', row.id)
        .executeTakeFirstOrThrow();
      return reply.status(201).send(bindingView(created));
    },
  );

  app.get(
    '/me/household-bindings',
    {
      config: { access: access.session() },
      schema: {
        tags: ['access'],
        summary: 'My requests to join households and what became of them, newest first',
        querystring: ListQuery({ status: Type.Optional(StringEnum(bindingStatuses)) }),
        response: { 200: Page(Binding) },
      },
    },
    async (req) => {
      let query = mine(req);
      if (req.query.status) query = query.where('b.status', '=', req.query.status);
      const page = await paginate(
        query.orderBy('b.requested_at', req.query.order ?? 'desc').orderBy('b.id'),
        req.query,
      );
      return { ...page, items: page.items.map(bindingView) };
    },
  );

  app.get(
    '/me/households',
    {
      config: { access: access.session() },
      schema: {
        tags: ['access'],
        summary: 'The households I have been confirmed in, with their current members (masked)',
        querystring: ListQuery({}),
        response: { 200: Page(MyHousehold) },
      },
    },
    async (req) => {
      const accountId = req.account!.id;
      const page = await paginate(
        mine(req)
          .where('b.status', '=', 'confirmed')
          .where('h.closed_at', 'is', null)
          .orderBy('b.requested_at', req.query.order ?? 'desc')
          .orderBy('b.id'),
        req.query,
      );
      const members = page.items.length
        ? await db
            .selectFrom('residencies as res')
            .innerJoin('people as p', (j) =>
              j.onRef('p.community_id', '=', 'res.community_id').onRef('p.id', '=', 'res.person_id'),
            )
            .select([
              'res.community_id',
              'res.household_id',
              'res.kind',
              'res.relation',
              'p.name',
              'p.phone_sealed',
              'p.account_id',
            ])
            .where((eb) =>
              eb.or(
                page.items.map((b) =>
                  eb.and([
                    eb('res.community_id', '=', b.community_id),
                    eb('res.household_id', '=', b.household_id),
                  ]),
                ),
              ),
            )
            .where((eb) => currentOn(eb, 'res.until', todayInShanghai()))
            .where('p.archived_at', 'is', null)
            .orderBy('res.created_at')
            .orderBy('res.id')
            .execute()
        : [];
      return {
        ...page,
        items: page.items.map((b) => ({
          bindingId: b.id,
          kind: b.kind as (typeof residencyKinds)[number],
          ...placeView(b),
          members: members
            .filter((m) => m.community_id === b.community_id && m.household_id === b.household_id)
            .map((m) => ({
              name: maskName(m.name),
              phone: m.phone_sealed ? maskPhone(vault.open(m.phone_sealed)) : null,
              kind: m.kind as (typeof residencyKinds)[number],
              relation: m.relation,
              isMe: m.account_id === accountId,
            })),
        })),
      };
    },
  );
};
