import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';

/** Input the validator lets through or never sees, found by the reliability fuzzer: 400s, never 500s. */
let t: TestContext;
let staff: Client;
beforeAll(async () => {
  t = await startTestApp();
  staff = await t.as('communityStaff');
});
afterAll(() => t.close());

const entrances = () => `/api/v1/communities/${t.world.communityA}/entrances`;

describe('numbers and characters no handler can use', () => {
  it('a page of Infinity, 1e300 or past 2^53 is a 400 naming the field', async () => {
    for (const q of ['page=Infinity', 'pageSize=1e999', 'page=1e300', 'page=9007199254740993']) {
      const res = await staff.get(`${entrances()}?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.details[0].field, q).toBe(q.split('=')[0]);
    }
    expect((await staff.get(`${entrances()}?page=2`)).statusCode).toBe(200);
  });

  it('1e999 in a JSON body is a 400, not Infinity handed to the database', async () => {
    const res = await staff.request(
      'POST',
      `/api/v1/communities/${t.world.communityA}/rooms`,
      `{"buildingId":"${t.world.buildingA1}","entranceId":"${t.world.entranceA1}","number":"902","floor":1e999,"area":"80"}`,
      { 'content-type': 'application/json' },
    );
    expect(res.statusCode).toBe(400);
  });

  it('a NUL character in a path is a 4xx, and in a body a 400 naming the field, on both databases', async () => {
    // The gate looks the community up before validation: SQLite finds none (404), PostgreSQL refuses the text (400).
    const inPath = await staff.get(`/api/v1/communities/%00/entrances`);
    expect([400, 404]).toContain(inPath.statusCode);
    const inBody = await staff.post(`/api/v1/communities/${t.world.communityA}/compounds`, {
      name: '新\u0000小区',
    });
    expect(inBody.statusCode).toBe(400);
    expect(inBody.json().error.details[0].field).toBe('name');
  });
});

describe('what Fastify and Node refuse before any route runs, in the one error shape', () => {
  it('a path that is not valid percent-encoding', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/communities/%ED%A0%80/entrances',
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: { code: 'bad_url', message: 'The address is not valid; check that the link is complete' },
    });
  });

  it('a URL over the header limit, over a real socket', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: `/api/v1/me/orders?q=${'a'.repeat(40_000)}` }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
        .on('error', reject);
    });
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body).error.code).toBe('request_too_long');
  });
});
