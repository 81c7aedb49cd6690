import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { body, errorCode } from '../../../test/support/client';

/**
 * The guard loads the session, the account and the grants in two queries per request (issue #10) and
 * keeps nothing about them between requests: a revoked grant, a grid's new building, a logout or a
 * disabled account is what the very next request sees.
 */

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const A = () => `/api/v1/communities/${t.world.communityA}`;

describe('the guard on every request', () => {
  it('refuses a revoked grant on the next request', async () => {
    const admin = await t.as('communityAdmin');
    const staff = await t.holding('communityStaff', 'community', t.world.communityA);
    const me = body<{ id: string }>(await staff.get('/api/v1/auth/me'), 200);
    const grant = await t.deps.db
      .selectFrom('grants')
      .select('id')
      .where('account_id', '=', me.id)
      .executeTakeFirstOrThrow();
    expect((await staff.get(`${A()}/orders`)).statusCode).toBe(200);
    body(await admin.post(`${A()}/grants/${grant.id}/revoke`), 200);
    expect(errorCode(await staff.get(`${A()}/orders`), 403)).toBe('forbidden');
  });

  it('widens and narrows a grid worker with its grid’s buildings at once', async () => {
    const admin = await t.as('communityAdmin');
    const worker = await t.holding('gridWorker', 'grid', t.world.gridA);
    const names = async () =>
      body<{ items: { name: string }[] }>(await worker.get(`${A()}/buildings`), 200)
        .items.map((b) => b.name)
        .sort();
    const before = await names();
    const added = body<{ id: string; name: string }>(
      await admin.post(`${A()}/buildings`, { compoundId: t.world.compoundA1, name: '网格新楼' }),
      201,
    );
    expect(await names()).toEqual(before);
    body(await admin.post(`${A()}/grids/${t.world.gridA}/buildings`, { buildingId: added.id }), 201);
    expect(await names()).toEqual([...before, added.name].sort());
    expect((await admin.delete(`${A()}/grids/${t.world.gridA}/buildings/${added.id}`)).statusCode).toBe(200);
    expect(await names()).toEqual(before);
  });

  it('ends with a logout, and with a disabled account, on the next request', async () => {
    const staff = await t.holding('communityStaff', 'community', t.world.communityA);
    const other = await t.holding('communityStaff', 'community', t.world.communityA);
    expect((await staff.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await staff.post('/api/v1/auth/logout')).statusCode).toBeLessThan(300);
    expect(errorCode(await staff.get(`${A()}/orders`), 401)).toBe('unauthenticated');

    const id = body<{ id: string }>(await other.get('/api/v1/auth/me'), 200).id;
    await t.deps.db.updateTable('accounts').set({ disabled_at: Date.now() }).where('id', '=', id).execute();
    expect(errorCode(await other.get(`${A()}/orders`), 401)).toBe('session_expired');
  });
});
