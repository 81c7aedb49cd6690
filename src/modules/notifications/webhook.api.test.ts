import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { body, errorCode } from '../../../test/support/client';
import {
  notificationJobs,
  retryDelayMs,
  signatureHeader,
  timestampHeader,
  webhookSignature,
} from './channels';
import { notify } from './notify';

/** A gateway on loopback that can be told to work, fail, or not answer. */
interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}
let mode: 'ok' | 'fail' | 'hang' = 'ok';
const received: Received[] = [];
const receiver = http.createServer((req, res) => {
  let text = '';
  req.on('data', (c: Buffer) => (text += c.toString('utf8')));
  req.on('end', () => {
    received.push({ headers: req.headers, body: text });
    if (mode === 'hang') return;
    res.writeHead(mode === 'ok' ? 204 : 503, { 'content-type': 'text/plain' });
    res.end(mode === 'ok' ? '' : 'gateway busy');
  });
});

const secret = 'a-shared-secret-for-tests';
const maxAttempts = 3;
let t: TestContext;
const [deliver] = notificationJobs;

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  t = await startTestApp({
    NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${port}/gongzhi`,
    NOTIFY_WEBHOOK_SECRET: secret,
    NOTIFY_WEBHOOK_TIMEOUT_SECONDS: '1',
    NOTIFY_WEBHOOK_MAX_ATTEMPTS: String(maxAttempts),
  });
});
afterAll(async () => {
  await t.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

const delivery = (notificationId: string) =>
  t.deps.db
    .selectFrom('notification_deliveries')
    .selectAll()
    .where('notification_id', '=', notificationId)
    .executeTakeFirstOrThrow();

async function announce(title: string, who: keyof TestContext['world']['accounts'] = 'resident') {
  const { ids } = await notify(t.deps, t.world.communityA, [t.world.accounts[who]], {
    kind: 'announcement',
    params: { title },
    link: '/notices/7',
  });
  return ids[0]!;
}

describe('webhook channel', () => {
  it('posts each notification once, signed, its text in the reader’s language', async () => {
    mode = 'ok';
    received.length = 0;
    await t.deps.db
      .updateTable('accounts')
      .set({ locale: 'en' })
      .where('id', '=', t.world.accounts.owner)
      .execute();
    const id = await announce('Water off on Friday', 'owner');
    // Two processes running the job at the same moment still send it once.
    const now = Date.now();
    await Promise.all([deliver!.run(t.deps, now), deliver!.run(t.deps, now)]);
    expect(received).toHaveLength(1);
    const [{ headers, body: text }] = received as [Received];
    expect(JSON.parse(text)).toEqual({
      id,
      kind: 'announcement',
      communityId: t.world.communityA,
      accountId: t.world.accounts.owner,
      locale: 'en',
      text: 'Community notice: Water off on Friday',
      link: '/notices/7',
      createdAt: expect.any(Number),
    });
    expect(headers['content-type']).toMatch(/application\/json/);
    expect(headers[signatureHeader]).toBe(webhookSignature(secret, String(headers[timestampHeader]), text));
    expect(await delivery(id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    await deliver!.run(t.deps, now + 3_600_000);
    expect(received).toHaveLength(1);
  });

  it('a failing gateway is retried later with growing pauses, and the notification goes once it recovers', async () => {
    mode = 'fail';
    received.length = 0;
    const id = await announce('停电检修');
    const now = Date.now();
    await deliver!.run(t.deps, now);
    expect(await delivery(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'HTTP 503: gateway busy',
      next_attempt_at: now + retryDelayMs(1),
    });
    // Not due yet: nothing is sent.
    await deliver!.run(t.deps, now + retryDelayMs(1) - 1);
    expect(received).toHaveLength(1);
    mode = 'ok';
    await deliver!.run(t.deps, now + retryDelayMs(1));
    expect(received).toHaveLength(2);
    expect(JSON.parse(received[1]!.body)).toMatchObject({ id, locale: 'zh-CN', text: '社区通知：停电检修' });
    expect(await delivery(id)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
  });

  it('gives up after the last attempt and shows it to the community’s administrators', async () => {
    mode = 'hang';
    received.length = 0;
    const id = await announce('不会送达');
    let now = Date.now();
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      await deliver!.run(t.deps, now);
      now += retryDelayMs(attempt);
    }
    expect(received).toHaveLength(maxAttempts);
    await deliver!.run(t.deps, now + 86_400_000);
    expect(received).toHaveLength(maxAttempts);
    const row = await delivery(id);
    expect(row).toMatchObject({
      status: 'failed',
      attempts: maxAttempts,
      last_error: 'no answer within 1 s',
    });

    const admin = await t.as('communityAdmin');
    const failed = body<{
      items: { notificationId: string; status: string; lastError: string; accountName: string }[];
    }>(
      await admin.get(`/api/v1/communities/${t.world.communityA}/notification-deliveries?status=failed`),
      200,
    );
    expect(failed.items).toEqual([
      expect.objectContaining({
        notificationId: id,
        status: 'failed',
        lastError: 'no answer within 1 s',
        accountName: 'resident',
      }),
    ]);
    const sent = body<{ total: number }>(
      await admin.get(`/api/v1/communities/${t.world.communityA}/notification-deliveries?status=sent`),
      200,
    );
    expect(sent.total).toBe(2);
    // Staff who may not read the audit trail do not see the outbox either.
    const elsewhere = await t.as('communityStaff');
    expect(
      errorCode(
        await elsewhere.get(`/api/v1/communities/${t.world.communityA}/notification-deliveries`),
        403,
      ),
    ).toBe('forbidden');
    expect(
      errorCode(
        await admin.get(`/api/v1/communities/${t.world.communityA}/notification-deliveries?status=lost`),
        400,
      ),
    ).toBe('validation');
    mode = 'ok';
  });
});
