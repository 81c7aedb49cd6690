import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDeps, testDialect } from '../../test/support/deps';
import { openDatabase, type Database } from './db';
import { PgEventBus, type BusEvent, type EventBus } from './events';

let deps: Awaited<ReturnType<typeof freshDeps>>;
beforeAll(async () => {
  deps = await freshDeps();
});
afterAll(() => deps.cleanup());

const quiet = { error: () => {}, warn: () => {} };

/** Collects what a topic delivers, and waits for the n-th event. */
function collect(bus: EventBus, topic: string) {
  const seen: BusEvent[] = [];
  const unsubscribe = bus.subscribe(topic, (e) => seen.push(e));
  return {
    seen,
    unsubscribe,
    count: (n: number) => expect.poll(() => seen.length, { timeout: 5_000 }).toBe(n),
  };
}

describe('in this process', () => {
  it('delivers to every subscriber of the topic and to nobody else', async () => {
    const one = collect(deps.events, 'account:1');
    const two = collect(deps.events, 'account:1');
    const other = collect(deps.events, 'account:2');
    await deps.events.publish('account:1', 'notification', { id: 'n1', kind: 'order_assigned' });
    expect(one.seen).toEqual([
      { topic: 'account:1', type: 'notification', data: { id: 'n1', kind: 'order_assigned' } },
    ]);
    expect(two.seen).toHaveLength(1);
    expect(other.seen).toEqual([]);
    for (const c of [one, two, other]) c.unsubscribe();
  });

  it('stops delivering once unsubscribed', async () => {
    const c = collect(deps.events, 'orders:A');
    c.unsubscribe();
    await deps.events.publish('orders:A', 'order', { id: 'o1' });
    expect(c.seen).toEqual([]);
  });

  it('a failing subscriber does not keep the event from the others', async () => {
    const stop = deps.events.subscribe('assembly:x', () => {
      throw new Error('socket gone');
    });
    const c = collect(deps.events, 'assembly:x');
    await deps.events.publish('assembly:x', 'turnout', { id: 'x' });
    expect(c.seen).toHaveLength(1);
    stop();
    c.unsubscribe();
  });

  it('data too large for one NOTIFY keeps only its ids', async () => {
    const c = collect(deps.events, 'orders:big');
    await deps.events.publish('orders:big', 'order', {
      id: 'o9',
      communityId: 'c1',
      note: 'x'.repeat(20_000),
    });
    expect(c.seen[0]!.data).toEqual({ id: 'o9', communityId: 'c1', truncated: true });
    c.unsubscribe();
  });
});

describe.runIf(testDialect === 'postgres')('across processes on one PostgreSQL database', () => {
  let otherDatabase: Database;
  let other: PgEventBus;
  beforeAll(async () => {
    // A second server process, as far as the database can tell: its own pool and listener.
    otherDatabase = openDatabase({ databaseUrl: deps.config.databaseUrl, dataDir: deps.config.dataDir });
    other = new PgEventBus(otherDatabase, quiet);
    await other.ready();
    await (deps.events as PgEventBus).ready();
  });
  afterAll(async () => {
    await other.close();
    await otherDatabase.close();
  });

  it('each delivers the other’s events, and its own exactly once', async () => {
    const there = collect(other, 'account:9');
    const here = collect(deps.events, 'account:9');
    await deps.events.publish('account:9', 'notification', { id: 'n1' });
    await there.count(1);
    expect(there.seen[0]).toEqual({ topic: 'account:9', type: 'notification', data: { id: 'n1' } });
    await other.publish('account:9', 'notification', { id: 'n2' });
    await here.count(2);
    expect(here.seen.map((e) => (e.data as { id: string }).id)).toEqual(['n1', 'n2']);
    // Its own NOTIFY coming back is not delivered a second time.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(here.seen).toHaveLength(2);
    expect(there.seen).toHaveLength(2);
    here.unsubscribe();
    there.unsubscribe();
  });

  it('listens again after its connection is killed', async () => {
    const there = collect(other, 'orders:C');
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
              where query ilike 'LISTEN%' and pid <> pg_backend_pid() and datname = current_database()`.execute(
      otherDatabase.db,
    );
    // Publish until the reconnected listener hears one: the first may fall in the gap.
    await expect
      .poll(
        async () => {
          await deps.events.publish('orders:C', 'order', { id: 'o1' });
          return there.seen.length;
        },
        { timeout: 10_000, interval: 300 },
      )
      .toBeGreaterThan(0);
    there.unsubscribe();
  });
});
