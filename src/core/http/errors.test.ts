import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { databaseUnavailable, installErrorHandling, unusableValueAt } from './errors';

describe('databaseUnavailable', () => {
  it('knows a database that is away: refused, dropped, shutting down, starting up, busy', () => {
    for (const code of [
      'ECONNREFUSED',
      'ECONNRESET',
      '57P01',
      '57P02',
      '57P03',
      '08006',
      '08001',
      'SQLITE_BUSY',
    ])
      expect(databaseUnavailable({ code }), code).toBe(true);
    for (const message of [
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'timeout exceeded when trying to connect',
    ])
      expect(databaseUnavailable({ message }), message).toBe(true);
  });

  it('leaves the caller’s mistakes and our bugs alone', () => {
    for (const err of [
      { code: '23505' },
      { code: '22021' },
      { code: 'SQLITE_CONSTRAINT_UNIQUE' },
      { message: 'x is undefined' },
      {},
    ])
      expect(databaseUnavailable(err), JSON.stringify(err)).toBe(false);
  });
});

describe('unusableValueAt', () => {
  it('finds numbers no handler can use and text PostgreSQL cannot store, by path', () => {
    expect(unusableValueAt({ page: Infinity })).toEqual({ field: 'page', why: 'number' });
    expect(unusableValueAt({ a: [1, { b: NaN }] })).toEqual({ field: 'a.1.b', why: 'number' });
    expect(unusableValueAt({ n: 2 ** 53 })).toEqual({ field: 'n', why: 'number' });
    expect(unusableValueAt({ name: 'a\u0000b' })).toEqual({ field: 'name', why: 'nul' });
  });

  it('accepts what people send: safe integers, decimals, text of any script', () => {
    expect(
      unusableValueAt({ at: Date.now(), fen: -123_456, area: 89.57, text: '楼道灯不亮 \u202E 👍', list: [] }),
    ).toBe(null);
    expect(unusableValueAt(null)).toBe(null);
  });
});

describe('a database that is away', () => {
  it('answers 503 with a clear code, a message and Retry-After, not a 500', async () => {
    const app = Fastify();
    app.addHook('onRequest', async (req) => {
      req.locale = 'en';
    });
    installErrorHandling(app);
    app.get('/refused', async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    });
    app.get('/dropped', async () => {
      throw new Error('Connection terminated unexpectedly');
    });
    app.get('/nul', async () => {
      throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    });
    for (const url of ['/refused', '/dropped']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toEqual({
        error: {
          code: 'database_unavailable',
          message: 'The database cannot be reached right now; please try again in a moment',
        },
      });
    }
    const nul = await app.inject('/nul');
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.code).toBe('validation');
    await app.close();
  });
});
