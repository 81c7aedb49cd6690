import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { password } from '../../../test/support/world';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '50' });
});
afterAll(() => t.close());

describe('login and sessions', () => {
  it('logs in with phone and password, sets an httpOnly SameSite cookie, and /me answers with masked phone and grants', async () => {
    const anon = t.anonymous();
    const res = await anon.post('/api/v1/auth/login', { phone: ' 139-0000-0010 ', password });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'gz_sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    anon.csrf = res.json().csrfToken;
    const me = (await anon.get('/api/v1/auth/me')).json();
    expect(me.phone).toBe('139****0010');
    expect(me.grants).toEqual([
      expect.objectContaining({
        role: 'communityAdmin',
        scopeKind: 'community',
        communityId: t.world.communityA,
      }),
    ]);
  });

  it('a wrong password and an unknown phone fail the same way, in the caller’s language', async () => {
    const zh = await t
      .anonymous()
      .post('/api/v1/auth/login', { phone: t.world.phones.branch, password: 'wrong-1234' });
    expect(zh.statusCode).toBe(401);
    expect(zh.json().error).toEqual({ code: 'login_failed', message: '手机号或密码不正确' });
    const en = t.anonymous();
    en.locale = 'en-US,en;q=0.9';
    const unknown = await en.post('/api/v1/auth/login', { phone: '13700000000', password: 'wrong-1234' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.message).toBe('Wrong phone number or password');
  });

  it('throttles an account after repeated failures, even with the right password', async () => {
    const phone = t.world.phones.property;
    for (let i = 0; i < 3; i++)
      expect(
        (await t.anonymous().post('/api/v1/auth/login', { phone, password: 'nope-1234' })).statusCode,
      ).toBe(401);
    const blocked = await t.anonymous().post('/api/v1/auth/login', { phone, password });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.message).toContain('15 分钟');
    // Another account from the same address is unaffected.
    expect(
      (await t.anonymous().post('/api/v1/auth/login', { phone: t.world.phones.committee, password }))
        .statusCode,
    ).toBe(200);
  });

  it('state changes need the CSRF token', async () => {
    const client = await t.as('volunteer');
    const token = client.csrf;
    client.csrf = undefined;
    const res = await client.patch('/api/v1/auth/me', { largeText: true });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf');
    client.csrf = 'x'.repeat(token!.length);
    expect((await client.patch('/api/v1/auth/me', { largeText: true })).statusCode).toBe(403);
    client.csrf = token;
    const ok = await client.patch('/api/v1/auth/me', { largeText: true, locale: 'en' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ largeText: true, locale: 'en' });
  });

  it('the user’s language setting wins over Accept-Language', async () => {
    const client = await t.as('owner');
    await client.patch('/api/v1/auth/me', { locale: 'en' });
    const res = await client.get('/api/v1/communities/nope/compounds');
    expect(res.json().error.message).toBe('Not found');
    await client.patch('/api/v1/auth/me', { locale: null });
    expect((await client.get('/api/v1/communities/nope/compounds')).json().error.message).toBe(
      '找不到您要的内容',
    );
  });

  it('logout really ends the session: the old cookie no longer works', async () => {
    const client = await t.as('partyMember');
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(200);
    const stolen = t.anonymous();
    Object.assign(stolen, {
      cookies: new Map((client as unknown as { cookies: Map<string, string> }).cookies),
    });
    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(200);
    const after = await stolen.get('/api/v1/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
  });

  it('lists my sessions and ends another one', async () => {
    const phone = t.world.phones.squadLeader;
    const laptop = await t.as('squadLeader');
    const phoneClient = await t.as('squadLeader');
    const list = (await laptop.get('/api/v1/auth/sessions')).json().items as {
      id: string;
      current: boolean;
    }[];
    expect(list.length).toBeGreaterThanOrEqual(2);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    const other = list.find((s) => !s.current)!;
    expect((await laptop.delete(`/api/v1/auth/sessions/${other.id}`)).statusCode).toBe(200);
    expect((await phoneClient.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await laptop.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await laptop.delete(`/api/v1/auth/sessions/${other.id}`)).statusCode).toBe(404);
    expect(phone).toBeTruthy();
  });

  it('an idle session ends and says so', async () => {
    const client = await t.as('resident');
    await t.deps.db
      .updateTable('sessions')
      .set({ last_seen_at: Date.now() - 25 * 3_600_000 })
      .where('ended_at', 'is', null)
      .where('account_id', '=', t.world.accounts.resident)
      .execute();
    const res = await client.get('/api/v1/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('session_expired');
    const row = await t.deps.db
      .selectFrom('sessions')
      .select('ended_reason')
      .where('account_id', '=', t.world.accounts.resident)
      .executeTakeFirstOrThrow();
    expect(row.ended_reason).toBe('idle');
  });

  it('a session past its absolute lifetime ends even when active', async () => {
    const client = await t.as('gridWorker');
    await t.deps.db
      .updateTable('sessions')
      .set({ expires_at: Date.now() - 1 })
      .where('ended_at', 'is', null)
      .where('account_id', '=', t.world.accounts.gridWorker)
      .execute();
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('a new session id at every login: the cookie presented at login is ended', async () => {
    const client = await t.as('streetAdmin');
    const before = await t.deps.db
      .selectFrom('sessions')
      .select('id_hash')
      .where('account_id', '=', t.world.accounts.streetAdmin)
      .where('ended_at', 'is', null)
      .execute();
    await client.login(t.world.phones.streetAdmin, password);
    const after = await t.deps.db
      .selectFrom('sessions')
      .select('id_hash')
      .where('account_id', '=', t.world.accounts.streetAdmin)
      .where('ended_at', 'is', null)
      .execute();
    expect(after).toHaveLength(before.length);
    expect(after.map((s) => s.id_hash)).not.toEqual(before.map((s) => s.id_hash));
  });

  it('changing the password ends every other session and needs the current one', async () => {
    const a = await t.as('communityStaff');
    const b = await t.as('communityStaff');
    expect(
      (await a.post('/api/v1/auth/password', { current: 'wrong', next: 'new-pass-22' })).statusCode,
    ).toBe(400);
    const weak = await a.post('/api/v1/auth/password', { current: password, next: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('weak_password');
    expect(
      (await a.post('/api/v1/auth/password', { current: password, next: 'new-pass-22' })).statusCode,
    ).toBe(200);
    expect((await b.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await a.get('/api/v1/auth/me')).statusCode).toBe(200);
    await a.login(t.world.phones.communityStaff, 'new-pass-22');
  });

  it('registers a resident account once per phone, stores the phone only sealed', async () => {
    const anon = t.anonymous();
    const res = await anon.post('/api/v1/auth/register', {
      phone: '１３６ ００００ ０１２３',
      password: 'resident-88',
      displayName: '王阿姨',
    });
    expect(res.statusCode).toBe(201);
    anon.csrf = res.json().csrfToken;
    expect((await anon.get('/api/v1/auth/me')).json()).toMatchObject({
      displayName: '王阿姨',
      phone: '136****0123',
      grants: [],
    });
    const raw = await t.deps.db
      .selectFrom('accounts')
      .selectAll()
      .where('display_name', '=', '王阿姨')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(raw)).not.toContain('13600000123');
    expect(
      (
        await t
          .anonymous()
          .post('/api/v1/auth/register', { phone: '13600000123', password: 'resident-88', displayName: 'x' })
      ).statusCode,
    ).toBe(409);
    const bad = await t
      .anonymous()
      .post('/api/v1/auth/register', { phone: '12345', password: 'resident-88', displayName: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_phone');
    expect(bad.json().error.details).toEqual([{ field: 'phone', message: '手机号格式不正确' }]);
  });

  it('a disabled account cannot log in and its sessions stop working', async () => {
    const client = await t.as('committee');
    await t.deps.db
      .updateTable('accounts')
      .set({ disabled_at: Date.now() })
      .where('id', '=', t.world.accounts.committee)
      .execute();
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(401);
    const res = await t.anonymous().post('/api/v1/auth/login', { phone: t.world.phones.committee, password });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('account_disabled');
  });
});
