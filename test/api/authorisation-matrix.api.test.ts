import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleActions, roles, type Role } from '../../src/core/access/roles';
import { startTestApp, type TestContext } from '../support/app';
import type { Client } from '../support/client';

/**
 * Every route × every role × in scope / out of scope, generated from the route table: a route
 * added without declared access fails at start-up, and one whose gate lets the wrong role in
 * fails here. Bodies are left empty on purpose: the gate runs before validation, so a caller who
 * may act gets past it (to a 400 or 404) and one who may not gets 403.
 */
let t: TestContext;
const clients = {} as Record<Role | 'nobody' | 'platformAdmin', Client>;

beforeAll(async () => {
  t = await startTestApp();
  for (const who of [...roles, 'nobody', 'platformAdmin'] as const) clients[who] = await t.as(who);
});
afterAll(() => t.close());

function fill(url: string, community: string, street: string): string {
  return url
    .replace(':communityId', community)
    .replace(':streetId', street)
    .replace(/:(\w+)/g, (_, name: string) => `missing-${name}`);
}

describe('authorisation matrix', () => {
  it('every /api/v1 route declares its access', () => {
    const api = t.app.routeTable.filter((r) => r.url.startsWith('/api/v1'));
    expect(api.length).toBeGreaterThan(10);
    for (const r of api) expect(r.access, `${r.method} ${r.url}`).toBeDefined();
  });

  it('anonymous callers get 401 on every route that needs a login', async () => {
    const anon = t.anonymous();
    for (const r of t.app.routeTable.filter(
      (r) => r.url.startsWith('/api/v1') && r.access?.kind !== 'public',
    )) {
      const res = await anon.request(
        r.method,
        fill(r.url, t.world.communityA, t.world.streetS),
        r.method === 'GET' ? undefined : {},
      );
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
    }
  });

  it('community routes: a role passes the gate in its own community exactly when it holds the action, never elsewhere', async () => {
    const routes = t.app.routeTable.filter((r) => r.access?.kind === 'community');
    expect(routes.length).toBeGreaterThan(3);
    for (const r of routes) {
      const action = (r.access as { action: (typeof roleActions)[Role][number] }).action;
      const body = r.method === 'GET' ? undefined : {};
      // The roles of one route run at once: hundreds of routes × twelve roles, one by one, is slow.
      await Promise.all(
        roles.map(async (role) => {
          const client = clients[role];
          const inScope = await client.request(
            r.method,
            fill(r.url, t.world.communityA, t.world.streetS),
            body,
          );
          const label = `${role} ${r.method} ${r.url}`;
          if (roleActions[role].includes(action)) expect(inScope.statusCode, label).not.toBe(403);
          else expect(inScope.statusCode, label).toBe(403);
          for (const other of [t.world.communityB, t.world.communityC]) {
            const outside = await client.request(r.method, fill(r.url, other, t.world.streetS), body);
            // A street administrator of S legitimately reaches B (same street), never C.
            const sameStreet =
              role === 'streetAdmin' && other === t.world.communityB && roleActions[role].includes(action);
            if (sameStreet) expect(outside.statusCode, `${label} in B`).not.toBe(403);
            else expect(outside.statusCode, `${label} outside`).toBe(403);
          }
        }),
      );
      const nobody = await clients.nobody.request(
        r.method,
        fill(r.url, t.world.communityA, t.world.streetS),
        body,
      );
      expect(nobody.statusCode, `nobody ${r.method} ${r.url}`).toBe(403);
    }
  }, 120_000);

  it('street routes: only that street’s administrator (and platform administrators) pass', async () => {
    const routes = t.app.routeTable.filter((r) => r.access?.kind === 'street');
    for (const r of routes) {
      const action = (r.access as { action: (typeof roleActions)[Role][number] }).action;
      const body = r.method === 'GET' ? undefined : {};
      for (const role of roles) {
        const res = await clients[role].request(
          r.method,
          fill(r.url, t.world.communityA, t.world.streetS),
          body,
        );
        const allowed = role === 'streetAdmin' && roleActions.streetAdmin.includes(action);
        if (allowed) expect(res.statusCode, `${role} ${r.method} ${r.url}`).not.toBe(403);
        else expect(res.statusCode, `${role} ${r.method} ${r.url}`).toBe(403);
        const other = await clients[role].request(
          r.method,
          fill(r.url, t.world.communityC, t.world.streetT),
          body,
        );
        expect(other.statusCode, `${role} ${r.method} ${r.url} in T`).toBe(403);
      }
      const admin = await clients.platformAdmin.request(
        r.method,
        fill(r.url, t.world.communityA, t.world.streetS),
        body,
      );
      expect(admin.statusCode).not.toBe(403);
    }
  });

  it('platform routes: only platform administrators pass', async () => {
    for (const r of t.app.routeTable.filter((r) => r.access?.kind === 'platform')) {
      const body = r.method === 'GET' ? undefined : {};
      for (const role of roles) {
        const res = await clients[role].request(
          r.method,
          fill(r.url, t.world.communityA, t.world.streetS),
          body,
        );
        expect(res.statusCode, `${role} ${r.method} ${r.url}`).toBe(403);
      }
      const admin = await clients.platformAdmin.request(
        r.method,
        fill(r.url, t.world.communityA, t.world.streetS),
        body,
      );
      expect(admin.statusCode).not.toBe(403);
    }
  });
});
