import fp from 'fastify-plugin';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { allows, canWithin } from '../access/policy';
import { loadPrincipal } from '../access/principal';
import { resumeSession, sessionCookie } from '../auth/sessions';
import { AppError } from '../errors';
import { localeFromHeader } from '../i18n';
import type { Locale } from '../config';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Sessions, CSRF and route-level authorisation for every route. A route under /api/v1 that does
 * not declare its access fails at start-up, so no endpoint is open by omission.
 */
export const guard = fp(async (app) => {
  app.decorate('routeTable', []);
  app.decorateRequest('locale', 'zh-CN' as Locale);
  app.decorateRequest('principal', null);
  app.decorateRequest('account', null);
  app.decorateRequest('session', null);
  app.decorateRequest('sessionEnded', null);
  app.decorateRequest('community', null);

  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.url.startsWith('/api/v1') && !access)
      throw new Error(`route ${methods.join(',')} ${route.url} declares no access`);
    for (const method of methods)
      if (method !== 'HEAD') app.routeTable.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (req) => {
    const { config, db } = app.deps;
    req.locale = localeFromHeader(req.headers['accept-language'], config.defaultLocale);
    const state = await resumeSession(db, config, req.cookies[sessionCookie]);
    if (state.kind === 'ended') req.sessionEnded = state.reason;
    if (state.kind !== 'active') return;
    req.session = state.session;
    req.account = state.account;
    if (state.account.locale === 'zh-CN' || state.account.locale === 'en') req.locale = state.account.locale;
    req.principal = await loadPrincipal(db, state.account.id, state.account.is_platform_admin === 1);
  });

  // Communities are never moved to another street nor deleted (they are archived), so where each one
  // lies can be kept for the life of the process: a query less on every console request.
  const streetOf = new Map<string, string>();
  async function communityRef(communityId: string) {
    const streetId = streetOf.get(communityId);
    if (streetId !== undefined) return { id: communityId, streetId };
    const row = await app.deps.db
      .selectFrom('communities')
      .select(['id', 'street_id'])
      .where('id', '=', communityId)
      .executeTakeFirst();
    if (!row) return undefined;
    streetOf.set(row.id, row.street_id);
    return { id: row.id, streetId: row.street_id };
  }

  app.addHook('preValidation', async (req) => {
    const access = req.routeOptions.config.access;
    if (!access || access.kind === 'public') return;
    const principal = req.principal;
    if (!principal) throw new AppError(401, req.sessionEnded ? 'session_expired' : 'unauthenticated');
    checkCsrf(req);
    switch (access.kind) {
      case 'session':
        return;
      case 'platform':
        if (!principal.platformAdmin) throw new AppError(403, 'forbidden');
        return;
      case 'street': {
        const streetId = (req.params as Record<string, string>).streetId ?? '';
        const street = await app.deps.db
          .selectFrom('streets')
          .select('id')
          .where('id', '=', streetId)
          .executeTakeFirst();
        if (!street) throw new AppError(404, 'not_found');
        const allowed =
          principal.platformAdmin ||
          principal.grants.some((g) => g.kind === 'street' && g.id === streetId && allows(g, access.action));
        if (!allowed) throw new AppError(403, 'forbidden');
        return;
      }
      case 'community': {
        const community = await communityRef((req.params as Record<string, string>).communityId ?? '');
        if (!community) throw new AppError(404, 'not_found');
        if (!canWithin(principal, access.action, community.streetId, community.id))
          throw new AppError(403, 'forbidden');
        req.community = community;
        return;
      }
    }
  });

  function checkCsrf(req: FastifyRequest) {
    if (!unsafeMethods.has(req.method) || !req.session) return;
    const sent = req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !tokensEqual(sent, req.session.csrf_token))
      throw new AppError(403, 'csrf');
  }
});
