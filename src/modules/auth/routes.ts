import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { endSessions, openSession, sessionCookie, sessionIdHash } from '../../core/auth/sessions';
import { hashPassword, passwordAcceptable, verifyPassword } from '../../core/auth/passwords';
import { AppError } from '../../core/errors';
import { access, principalOf } from '../../core/http/access';
import { Id, Ok, StringEnum, Text, Nullable } from '../../core/http/schemas';
import { maskPhone } from '../../core/personal';
import type { AccountsTable } from '../../core/db/schema';
import type { Deps } from '../../core/deps';
import { checkPassword, createAccount } from './service';

const Me = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  phone: Type.String({ description: 'masked' }),
  locale: Nullable(StringEnum(['zh-CN', 'en'] as const)),
  largeText: Type.Boolean(),
  platformAdmin: Type.Boolean(),
  mustChangePassword: Type.Boolean({ description: 'the password is a temporary one: ask for a new one now' }),
  csrfToken: Type.String({ description: 'send as x-csrf-token on every state-changing call' }),
  grants: Type.Array(
    Type.Object({
      role: Type.String(),
      scopeKind: Type.String(),
      scopeId: Type.String(),
      communityId: Nullable(Type.String()),
      streetId: Type.String(),
    }),
  ),
});

const Session = Type.Object({
  id: Type.String(),
  createdAt: Type.Integer(),
  lastSeenAt: Type.Integer(),
  expiresAt: Type.Integer(),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  current: Type.Boolean(),
});

const Credentials = Type.Object({
  phone: Text(30),
  password: Text(200),
});

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps: Deps = app.deps;
  const { db, vault, config } = deps;

  function setSessionCookie(reply: FastifyReply, token: string, expiresAt: number) {
    reply.setCookie(sessionCookie, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.cookieSecure,
      expires: new Date(expiresAt),
    });
  }

  function describe(
    account: AccountsTable,
    csrfToken: string,
    grants: ReturnType<typeof principalOf>['grants'],
  ) {
    return {
      id: account.id,
      displayName: account.display_name,
      phone: maskPhone(vault.open(account.phone_sealed)) ?? '',
      locale:
        account.locale === 'zh-CN' || account.locale === 'en' ? (account.locale as 'zh-CN' | 'en') : null,
      largeText: account.large_text === 1,
      platformAdmin: account.is_platform_admin === 1,
      mustChangePassword: account.password_expires_at !== null,
      csrfToken,
      grants: grants.map((g) => ({
        role: g.role,
        scopeKind: g.kind,
        scopeId: g.id,
        communityId: g.communityId ?? null,
        streetId: g.streetId,
      })),
    };
  }

  app.post(
    '/auth/login',
    {
      config: { access: access.public() },
      schema: {
        tags: ['auth'],
        summary: 'Log in with phone number and password',
        body: Credentials,
        response: { 200: Type.Object({ ok: Type.Literal(true), csrfToken: Type.String() }) },
      },
    },
    async (req, reply) => {
      const account = await checkPassword(db, vault, config, req.body.phone, req.body.password, req.ip);
      // A fresh session id at every login: a planted cookie is never promoted.
      const presented = req.cookies[sessionCookie];
      if (presented) await endSessions(db, { idHash: sessionIdHash(presented) }, 'replaced');
      const session = await openSession(db, config, account.id, {
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
      });
      setSessionCookie(reply, session.token, session.expiresAt);
      return { ok: true as const, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/auth/register',
    {
      config: { access: access.public() },
      schema: {
        tags: ['auth'],
        summary: 'Create a resident account (then join a household with an invitation code)',
        body: Type.Object({ phone: Text(30), password: Text(200), displayName: Text(40) }),
        response: { 201: Type.Object({ ok: Type.Literal(true), csrfToken: Type.String() }) },
      },
    },
    async (req, reply) => {
      const account = await createAccount(db, vault, req.body);
      const session = await openSession(db, config, account.id, {
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
      });
      setSessionCookie(reply, session.token, session.expiresAt);
      return reply.status(201).send({ ok: true as const, csrfToken: session.csrfToken });
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: access.session() },
      schema: { tags: ['auth'], summary: 'End this session', response: { 200: Ok } },
    },
    async (req, reply) => {
      await endSessions(db, { idHash: req.session!.id_hash }, 'logout');
      reply.clearCookie(sessionCookie, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    {
      config: { access: access.session() },
      schema: { tags: ['auth'], summary: 'Who am I, my grants and my CSRF token', response: { 200: Me } },
    },
    async (req) => describe(req.account!, req.session!.csrf_token, principalOf(req).grants),
  );

  app.patch(
    '/auth/me',
    {
      config: { access: access.session() },
      schema: {
        tags: ['auth'],
        summary: 'Change my name, language or large-text mode',
        body: Type.Object(
          {
            displayName: Type.Optional(Text(40)),
            locale: Type.Optional(Nullable(StringEnum(['zh-CN', 'en'] as const))),
            largeText: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Me },
      },
    },
    async (req) => {
      const { displayName, locale, largeText } = req.body;
      if (displayName !== undefined && !displayName.trim())
        throw new AppError(400, 'validation', { detail: 'displayName' });
      await db
        .updateTable('accounts')
        .set({
          ...(displayName !== undefined ? { display_name: displayName.trim() } : {}),
          ...(locale !== undefined ? { locale } : {}),
          ...(largeText !== undefined ? { large_text: largeText ? 1 : 0 } : {}),
        })
        .where('id', '=', req.account!.id)
        .execute();
      const account = await db
        .selectFrom('accounts')
        .selectAll()
        .where('id', '=', req.account!.id)
        .executeTakeFirstOrThrow();
      return describe(account, req.session!.csrf_token, principalOf(req).grants);
    },
  );

  app.post(
    '/auth/password',
    {
      config: { access: access.session() },
      schema: {
        tags: ['auth'],
        summary: 'Change my password; every other session ends',
        body: Type.Object({ current: Text(200), next: Text(200) }),
        response: { 200: Ok },
      },
    },
    async (req) => {
      const account = req.account!;
      if (!(await verifyPassword(req.body.current, account.password_hash)))
        throw new AppError(400, 'login_failed');
      if (!passwordAcceptable(req.body.next)) throw new AppError(400, 'weak_password');
      await db
        .updateTable('accounts')
        .set({
          password_hash: await hashPassword(req.body.next),
          password_changed_at: Date.now(),
          password_expires_at: null,
        })
        .where('id', '=', account.id)
        .execute();
      await db
        .updateTable('sessions')
        .set({ ended_at: Date.now(), ended_reason: 'password_changed' })
        .where('account_id', '=', account.id)
        .where('ended_at', 'is', null)
        .where('id_hash', '!=', req.session!.id_hash)
        .execute();
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/sessions',
    {
      config: { access: access.session() },
      schema: {
        tags: ['auth'],
        summary: 'My sessions that are still open',
        response: { 200: Type.Object({ items: Type.Array(Session) }) },
      },
    },
    async (req) => {
      const now = Date.now();
      const rows = await db
        .selectFrom('sessions')
        .selectAll()
        .where('account_id', '=', req.account!.id)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', now)
        .where('last_seen_at', '>', now - config.sessionIdleMinutes * 60_000)
        .orderBy('last_seen_at', 'desc')
        .execute();
      return {
        items: rows.map((s) => ({
          id: s.public_id,
          createdAt: s.created_at,
          lastSeenAt: s.last_seen_at,
          expiresAt: s.expires_at,
          ip: s.ip,
          userAgent: s.user_agent,
          current: s.id_hash === req.session!.id_hash,
        })),
      };
    },
  );

  app.delete(
    '/auth/sessions/:sessionId',
    {
      config: { access: access.session() },
      schema: {
        tags: ['auth'],
        summary: 'End one of my sessions',
        params: Type.Object({ sessionId: Id }),
        response: { 200: Ok },
      },
    },
    async (req) => {
      const ended = await endSessions(
        db,
        { accountId: req.account!.id, publicId: req.params.sessionId },
        'ended_by_user',
      );
      if (!ended) throw new AppError(404, 'not_found');
      return { ok: true as const };
    },
  );
};
