import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../support/app';
import { password } from '../support/world';
import { buildApp } from '../../src/server';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('one error shape, never a stack trace', () => {
  it('a body that is not JSON is a 400 in the caller’s language', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"phone": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'invalid_json', message: '请求内容不是有效的 JSON' } });
  });

  it('a form post is refused as an unsupported type (no cross-site form CSRF)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      payload: 'phone=1&password=2',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.message).toBe('Unsupported content type; send JSON');
  });

  it('validation problems name each field, in Chinese or English', async () => {
    const zh = await t.anonymous().post('/api/v1/auth/login', { phone: '' });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.code).toBe('validation');
    expect(zh.json().error.message).toContain('password 必须填写');
    expect(zh.json().error.details).toEqual(
      expect.arrayContaining([{ field: 'phone', message: '不能为空' }]),
    );
    const en = t.anonymous();
    en.locale = 'en';
    const res = await en.post('/api/v1/auth/login', { phone: 'x'.repeat(31), password: 'y' });
    expect(res.json().error.message).toBe('The request is not valid: phone takes at most 30 characters');
  });

  it('an unknown endpoint says which', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/nothing-here?x=1',
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toEqual({
      code: 'route_not_found',
      message: 'No such endpoint: GET /api/v1/nothing-here',
    });
  });

  it('a duplicate is a 409, not a 500', async () => {
    const admin = await t.as('platformAdmin');
    expect((await admin.post('/api/v1/streets', { name: '新街道', code: 'NEW-1' })).statusCode).toBe(201);
    const again = await admin.post('/api/v1/streets', { name: '新街道', code: 'NEW-1' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');
  });

  it('an oversized body is refused with 413', async () => {
    const res = await t
      .anonymous()
      .post('/api/v1/auth/login', { phone: '1', password: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });
});

describe('operations', () => {
  it('answers health and readiness', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject('/readyz')).json()).toEqual({ status: 'ready' });
  });

  it('echoes a request id and sets security headers', async () => {
    const res = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('the OpenAPI document lists every /api/v1 route with its method', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    const listed = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>))
      for (const method of Object.keys(ops)) listed.add(`${method.toUpperCase()} ${path}`);
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/v1'));
    for (const r of routes)
      expect(listed, `${r.method} ${r.url}`).toContain(`${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
  });

  it('serves the interactive reference from local files', async () => {
    const page = await t.app.inject('/api/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui');
    const bundle = await t.app.inject('/api/docs/static/swagger-ui-bundle.js');
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body.length).toBeGreaterThan(100_000);
  });

  it('works over a real socket, cookies and all', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${address}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: t.world.phones.communityStaff, password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const me = await fetch(`${address}/api/v1/auth/me`, { headers: { cookie } });
    expect(((await me.json()) as { displayName: string }).displayName).toBe('communityStaff');
  });
});

describe('schemas compiled at start (serve) and on first use (tests, commands)', () => {
  it('every route’s schemas compile when the server starts, and both ways answer alike', async () => {
    // `gongzhi serve` compiles eagerly: a schema Ajv or fast-json-stringify cannot compile stops it here.
    const eager = await buildApp(t.deps, { logger: false });
    await eager.ready();
    try {
      const bad = { method: 'POST' as const, url: '/api/v1/auth/login', payload: { phone: 5 } };
      const [lazyBad, eagerBad] = [await t.app.inject(bad), await eager.inject(bad)];
      expect(lazyBad.statusCode).toBe(400);
      expect(lazyBad.json()).toEqual(eagerBad.json());
      const login = { phone: t.world.phones.communityStaff, password };
      const ok = { method: 'POST' as const, url: '/api/v1/auth/login', payload: login };
      const [lazyOk, eagerOk] = [await t.app.inject(ok), await eager.inject(ok)];
      expect(lazyOk.statusCode).toBe(200);
      // The response schema shapes the body the same way: same keys, nothing sealed let through.
      expect(Object.keys(lazyOk.json()).sort()).toEqual(Object.keys(eagerOk.json()).sort());
    } finally {
      await eager.close();
    }
  });
});
