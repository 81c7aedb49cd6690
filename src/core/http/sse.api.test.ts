import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { errorCode } from '../../../test/support/client';
import { openEventStream } from '../../../test/support/sse';

let t: TestContext;
let active = 0;
beforeAll(async () => {
  t = await startTestApp({ SSE_HEARTBEAT_SECONDS: '1' });
  // Count live subscriptions, to see a closed stream let go of its topics.
  const subscribe = t.deps.events.subscribe.bind(t.deps.events);
  t.deps.events.subscribe = (topic, listener) => {
    active++;
    const unsubscribe = subscribe(topic, listener);
    return () => {
      active--;
      unsubscribe();
    };
  };
});
afterAll(() => t.close());

const path = '/api/v1/me/events';

it('streams the caller’s own events, in order, with ids, and nobody else’s', async () => {
  const resident = await t.as('resident');
  const stream = await openEventStream(resident, path);
  const me = `account:${t.world.accounts.resident}`;
  await t.deps.events.publish(`account:${t.world.accounts.owner}`, 'notification', { id: 'not-mine' });
  await t.deps.events.publish(me, 'notification', { id: 'n1' });
  await t.deps.events.publish(me, 'order', { id: 'o1' });
  const first = await stream.next();
  expect(first).toMatchObject({ type: 'notification', topic: me, data: { id: 'n1' } });
  const second = await stream.next();
  expect(second).toMatchObject({ type: 'order', data: { id: 'o1' } });
  expect(Number(second.id)).toBeGreaterThan(Number(first.id));
  stream.close();
});

it('answers as an event stream that proxies and compression leave alone', async () => {
  const stream = await openEventStream(await t.as('owner'), path, { 'accept-encoding': 'gzip, br' });
  expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
  expect(stream.headers['cache-control']).toMatch(/no-cache/);
  expect(stream.headers['x-accel-buffering']).toBe('no');
  expect(stream.headers['content-encoding']).toBeUndefined();
  // Helmet's headers still apply to the hijacked reply.
  expect(stream.headers['x-content-type-options']).toBe('nosniff');
  stream.close();
});

it('keeps an idle stream alive with heartbeats', async () => {
  const stream = await openEventStream(await t.as('volunteer'), path);
  await expect.poll(() => stream.comments(), { timeout: 3_000 }).toBeGreaterThan(0);
  stream.close();
});

it('lets go of its topics when the client goes away', async () => {
  // Earlier tests' streams have all been closed by now.
  await expect.poll(() => active).toBe(0);
  const stream = await openEventStream(await t.as('partyMember'), path);
  expect(active).toBe(1);
  stream.close();
  await expect.poll(() => active).toBe(0);
});

it('needs a login', async () => {
  expect(errorCode(await t.anonymous().get(path), 401)).toBe('unauthenticated');
});

it('does not keep the server from closing', async () => {
  const other = await startTestApp();
  const stream = await openEventStream(await other.as('resident'), path);
  await other.close();
  await expect(stream.next(undefined, 2_000)).rejects.toThrow(/closed/);
});
