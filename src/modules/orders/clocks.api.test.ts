import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { todayInShanghai } from '../../core/time';
import { orderClocksJob } from './clocks';
import {
  addResident,
  api,
  body,
  errorCode,
  notificationKinds,
  placeOrder,
  setUpOrderWorld,
  type OrderJson,
  type OrderWorld,
  type PageJson,
} from './orders.testkit';

/**
 * The clocks job, run with a chosen `now`: overdue marks and escalation up the ladder, told once per
 * level however often (and however many servers) run it; unconfirmed orders closing themselves.
 * Then the figures, checked against the records they come from.
 */

let t: TestContext;
let ow: OrderWorld;
let staff: Client;
let A: string;
const minute = 60_000;
const day = 24 * 60 * minute;

beforeAll(async () => {
  t = await startTestApp();
  ow = await setUpOrderWorld(t);
  staff = await t.as('communityStaff');
  A = api(t.world.communityA);
});
afterAll(() => t.close());

const run = (now: number) => orderClocksJob.run(t.deps, now);
const view = async (id: string) =>
  body<OrderJson & { acceptDueAt: number; resolveDueAt: number }>(await staff.get(`${A}/orders/${id}`), 200);
const overdueEvents = async (id: string) =>
  (
    await t.deps.db
      .selectFrom('order_events')
      .select('data_json')
      .where('order_id', '=', id)
      .where('type', '=', 'overdue')
      .orderBy('seq')
      .execute()
  ).map((e) => JSON.parse(e.data_json) as { clock: string; level: number });
const count = (kinds: string[], kind: string) => kinds.filter((k) => k === kind).length;

async function resolvedOrder(minutesSpent = 30) {
  const order = await placeOrder(ow);
  await ow.leader.client.post(`${A}/orders/${order.id}/assign`, { personId: ow.members[0].personId });
  body(await ow.members[0].client.post(`/api/v1/me/tasks/${order.id}/accept`), 200);
  return body<OrderJson>(
    await ow.members[0].client.post(`/api/v1/me/tasks/${order.id}/resolve`, { note: '好了', minutesSpent }),
    200,
  );
}

describe('overdue acceptance', () => {
  it('climbs from the squad leader to the grid worker to community staff, telling each once', async () => {
    const order = await view((await placeOrder(ow)).id);
    const leader = ow.leader.client;
    const grid = await t.as('gridWorker');
    const before = {
      leader: count(await notificationKinds(leader), 'order_overdue_accept'),
      grid: count(await notificationKinds(grid), 'order_overdue_accept'),
      staff: count(await notificationKinds(staff), 'order_overdue_accept'),
    };

    await run(order.acceptDueAt - minute);
    expect(await overdueEvents(order.id)).toEqual([]);

    await run(order.acceptDueAt + minute);
    await run(order.acceptDueAt + 2 * minute);
    expect(await overdueEvents(order.id)).toEqual([{ clock: 'accept', level: 1 }]);
    expect(count(await notificationKinds(leader), 'order_overdue_accept')).toBe(before.leader + 1);
    expect(await view(order.id)).toMatchObject({ acceptOverdue: true, overdue: true, escalationLevel: 1 });

    // Two servers running the job at the same moment mark the next level once.
    const second = order.acceptDueAt + 31 * minute;
    await Promise.all([run(second), run(second)]);
    expect(await overdueEvents(order.id)).toEqual([
      { clock: 'accept', level: 1 },
      { clock: 'accept', level: 2 },
    ]);
    expect(count(await notificationKinds(grid), 'order_overdue_accept')).toBe(before.grid + 1);

    await run(order.acceptDueAt + 61 * minute);
    expect((await overdueEvents(order.id)).at(-1)).toEqual({ clock: 'accept', level: 3 });
    expect(count(await notificationKinds(staff), 'order_overdue_accept')).toBe(before.staff + 1);
    expect(await view(order.id)).toMatchObject({ escalationLevel: 3, state: 'submitted' });

    const overdue = body<PageJson<OrderJson>>(await staff.get(`${A}/orders?overdue=true`), 200);
    expect(overdue.items.map((o) => o.id)).toContain(order.id);
  });

  it('stops climbing once someone takes it; then the resolution clock runs', async () => {
    const order = await view((await placeOrder(ow)).id);
    await ow.leader.client.post(`${A}/orders/${order.id}/assign`, { personId: ow.members[1].personId });
    body(await ow.members[1].client.post(`/api/v1/me/tasks/${order.id}/accept`), 200);
    await run(order.acceptDueAt + 100 * minute);
    expect(await overdueEvents(order.id)).toEqual([]);
    await run(order.resolveDueAt + minute);
    expect(await overdueEvents(order.id)).toEqual([{ clock: 'resolve', level: 1 }]);
    expect(await view(order.id)).toMatchObject({
      resolveOverdue: true,
      acceptOverdue: false,
      state: 'accepted',
    });
    expect(await notificationKinds(ow.leader.client)).toContain('order_overdue_resolve');
  });
});

describe('unconfirmed resolved orders', () => {
  it('close themselves after the community’s days (7 by default), and the resident is told', async () => {
    const order = await resolvedOrder();
    const resolvedAt = order.resolvedAt!;
    await run(resolvedAt + 7 * day - minute);
    expect((await view(order.id)).state).toBe('resolved');
    await run(resolvedAt + 7 * day);
    const closed = await view(order.id);
    expect(closed).toMatchObject({ state: 'auto_closed', rating: null });
    expect(closed.timeline.at(-1)).toMatchObject({
      type: 'auto_close',
      actorRole: 'system',
      actorName: null,
    });
    expect(await notificationKinds(ow.resident.client)).toContain('order_auto_closed');
    // Closed is closed: the resident can no longer confirm or reopen it.
    expect(
      errorCode(
        await ow.resident.client.post(`/api/v1/me/orders/${order.id}/reopen`, { reason: '晚了' }),
        409,
      ),
    ).toBe('order_wrong_state');
  });

  it('close sooner when the community says so', async () => {
    body(await staff.patch(`${A}/order-settings`, { autoCloseDays: 3 }), 200);
    const order = await resolvedOrder();
    await run(order.resolvedAt! + 3 * day);
    expect((await view(order.id)).state).toBe('auto_closed');
    body(await staff.patch(`${A}/order-settings`, { autoCloseDays: 7 }), 200);
  });
});

describe('figures', () => {
  // A fresh community B of its own, so the figures cover only the orders made here.
  let fresh: TestContext;
  let fw: OrderWorld;
  let FA: string;
  beforeAll(async () => {
    fresh = await startTestApp();
    fw = await setUpOrderWorld(fresh);
    FA = api(fresh.world.communityA);
    const neighbour = await addResident(fresh, '钱大爷');
    const handle = async (order: OrderJson, member: 0 | 1, minutesSpent: number, rating: number | null) => {
      await fw.leader.client.post(`${FA}/orders/${order.id}/assign`, {
        personId: fw.members[member].personId,
      });
      body(await fw.members[member].client.post(`/api/v1/me/tasks/${order.id}/accept`), 200);
      body(
        await fw.members[member].client.post(`/api/v1/me/tasks/${order.id}/resolve`, {
          note: '好了',
          minutesSpent,
        }),
        200,
      );
      if (rating)
        body(await fw.resident.client.post(`/api/v1/me/orders/${order.id}/confirm`, { rating }), 200);
    };
    await handle(await placeOrder(fw), 0, 90, 5);
    const haircut = await placeOrder(
      fw,
      { categoryId: fw.categories.home_haircut, description: '上门理发' },
      neighbour.client,
    );
    await fw.leader.client.post(`${FA}/orders/${haircut.id}/assign`, { personId: fw.members[1].personId });
    body(await fw.members[1].client.post(`/api/v1/me/tasks/${haircut.id}/accept`), 200);
    body(
      await fw.members[1].client.post(`/api/v1/me/tasks/${haircut.id}/resolve`, {
        note: '剪好了',
        minutesSpent: 30,
      }),
      200,
    );
    body(await neighbour.client.post(`/api/v1/me/orders/${haircut.id}/confirm`, { rating: 3 }), 200);
    await handle(await placeOrder(fw), 0, 45, null);
    const cancelled = await placeOrder(fw);
    await fw.resident.client.post(`/api/v1/me/orders/${cancelled.id}/cancel`, { reason: '不用了' });
    await placeOrder(fw, { categoryId: fw.categories.policy_advice, description: '咨询医保' });
  });
  afterAll(() => fresh.close());

  interface Figures {
    total: number;
    byCategory: { code: string; nameZh: string; count: number }[];
    byState: { state: string; count: number }[];
    timeToAccept: { count: number; medianMinutes: number | null; p90Minutes: number | null };
    timeToResolve: { count: number; medianMinutes: number | null; p90Minutes: number | null };
    overdue: { count: number; share: number };
    satisfaction: {
      count: number;
      average: number | null;
      satisfiedShare: number | null;
      distribution: { rating: number; count: number }[];
    };
    servedHouseholds: number;
    volunteerHours: number;
  }

  it('add up from the order records', async () => {
    const staffF = await fresh.as('communityStaff');
    const figures = body<Figures>(await staffF.get(`${FA}/orders/figures`), 200);
    const records = body<
      PageJson<OrderJson & { categoryCode: string; createdAt: number; householdId: string }>
    >(await staffF.get(`${FA}/orders?pageSize=200`), 200).items;
    expect(figures.total).toBe(records.length);
    expect(figures.total).toBe(5);
    const tally = (key: (o: (typeof records)[number]) => string) =>
      Object.fromEntries(
        [...new Set(records.map(key))].map((k) => [k, records.filter((o) => key(o) === k).length]),
      );
    expect(Object.fromEntries(figures.byCategory.map((c) => [c.code, c.count]))).toEqual(
      tally((o) => o.categoryCode),
    );
    expect(Object.fromEntries(figures.byState.map((s) => [s.state, s.count]))).toEqual({
      closed: 2,
      resolved: 1,
      cancelled: 1,
      submitted: 1,
    });
    expect(figures.byCategory.find((c) => c.code === 'home_haircut')!.nameZh).toBe('上门理发');
    expect(figures.satisfaction).toMatchObject({
      count: 2,
      average: 4,
      satisfiedShare: 0.5,
      distribution: [
        { rating: 1, count: 0 },
        { rating: 2, count: 0 },
        { rating: 3, count: 1 },
        { rating: 4, count: 0 },
        { rating: 5, count: 1 },
      ],
    });
    // Two households had orders resolved; 90 + 30 + 45 minutes were logged.
    expect(figures.servedHouseholds).toBe(2);
    expect(figures.volunteerHours).toBe(2.8);
    const accepted = records.filter((o) => o.acceptedAt != null);
    expect(figures.timeToAccept.count).toBe(accepted.length);
    const slowest = Math.max(...accepted.map((o) => o.acceptedAt! - o.createdAt)) / minute;
    expect(figures.timeToAccept.p90Minutes).toBe(Math.round(slowest * 10) / 10);
    expect(figures.timeToResolve.count).toBe(3);
    expect(figures.overdue).toEqual({ count: 0, share: 0 });
  });

  it('follow the caller’s scope and filters, and the period asked for', async () => {
    const branchA2 = await fresh.holding('branch', 'compound', fresh.world.compoundA2);
    expect(body<Figures>(await branchA2.get(`${FA}/orders/figures`), 200).total).toBe(0);
    const grid = await fresh.as('gridWorker');
    expect(body<Figures>(await grid.get(`${FA}/orders/figures?gridId=${fresh.world.gridA}`), 200).total).toBe(
      5,
    );
    const staffF = await fresh.as('communityStaff');
    const today = todayInShanghai();
    expect(body<Figures>(await staffF.get(`${FA}/orders/figures?from=${today}&to=${today}`), 200).total).toBe(
      5,
    );
    expect(
      body<Figures>(await staffF.get(`${FA}/orders/figures?from=2020-01-01&to=2020-01-31`), 200).total,
    ).toBe(0);
    expect(errorCode(await staffF.get(`${FA}/orders/figures?from=2020-02-01&to=2020-01-01`), 400)).toBe(
      'date_order',
    );
    expect(errorCode(await staffF.get(`${FA}/orders/figures?from=yesterday`), 400)).toBe('validation');
  });

  it('the street sees its communities together and one by one', async () => {
    const street = await fresh.as('streetAdmin');
    const overview = body<Figures & { communities: { communityId: string; figures: Figures }[] }>(
      await street.get(`/api/v1/streets/${fresh.world.streetS}/orders/figures`),
      200,
    );
    expect(overview.total).toBe(5);
    expect(overview.communities.find((c) => c.communityId === fresh.world.communityA)!.figures.total).toBe(5);
    expect(overview.communities.find((c) => c.communityId === fresh.world.communityB)!.figures.total).toBe(0);
    expect(
      (await (await fresh.as('communityStaff')).get(`/api/v1/streets/${fresh.world.streetS}/orders/figures`))
        .statusCode,
    ).toBe(403);
  });
});
