import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { openEventStream } from '../../../test/support/sse';
import { newId } from '../../core/ids';
import { readBack } from '../roster/roster.testkit';
import {
  addSquadMember,
  api,
  body,
  errorCode,
  staffOfB,
  notificationKinds,
  placeOrder,
  setUpOrderWorld,
  type OrderJson,
  type OrderWorld,
  type PageJson,
} from './orders.testkit';

/**
 * Dispatch: the squad's board and 抢单 (one winner, a cap per member), escalation to the property
 * company or the community, who sees which orders (scope), 代客下单, and the live streams.
 */

let t: TestContext;
let ow: OrderWorld;
let staff: Client;
let A: string;
/** A household in compound A2 (outside grid A and squad A's reach). */
let householdA2: string;

beforeAll(async () => {
  t = await startTestApp();
  ow = await setUpOrderWorld(t);
  staff = await t.as('communityStaff');
  A = api(t.world.communityA);
  const room = newId();
  const entrance = newId();
  const now = Date.now();
  const life = { created_at: now, updated_at: now, archived_at: null };
  await t.deps.db
    .insertInto('entrances')
    .values({
      community_id: t.world.communityA,
      id: entrance,
      building_id: t.world.buildingA2,
      name: '2单元',
      ...life,
    })
    .execute();
  await t.deps.db
    .insertInto('rooms')
    .values({
      community_id: t.world.communityA,
      id: room,
      compound_id: t.world.compoundA2,
      building_id: t.world.buildingA2,
      entrance_id: entrance,
      number: '1801',
      floor: 18,
      area_centi: 12000,
      area_source: 'register',
      use: 'residence',
      ...life,
    })
    .execute();
  householdA2 = body<{ id: string }>(
    await staff.post(`${A}/households`, { roomId: room, name: '周家' }),
    201,
  ).id;
});
afterAll(() => t.close());

const grab = (client: Client, id: string) => client.post(`/api/v1/me/board/${id}/grab`);

async function published(fields: Record<string, unknown> = {}) {
  const order = await placeOrder(ow, fields);
  return body<OrderJson>(await ow.leader.client.post(`${A}/orders/${order.id}/publish`, {}), 200);
}

/** Finishes the member's open orders so each test starts them with none. */
async function clearPlate() {
  for (const m of ow.members) {
    const open = body<PageJson<OrderJson>>(
      await m.client.get('/api/v1/me/tasks?open=true&pageSize=100'),
      200,
    );
    for (const o of open.items) {
      if (o.state === 'assigned') await m.client.post(`/api/v1/me/tasks/${o.id}/accept`);
      if (o.state !== 'resolved')
        body(
          await m.client.post(`/api/v1/me/tasks/${o.id}/resolve`, { note: '好了', minutesSpent: 10 }),
          200,
        );
    }
  }
}

describe('the squad’s board (抢单)', () => {
  it('shows published orders to the squad’s members, who are told, with the door hidden', async () => {
    const order = await published();
    expect(order.state).toBe('published');
    for (const m of ow.members) {
      expect(await notificationKinds(m.client)).toContain('order_board');
      const board = body<PageJson<OrderJson>>(await m.client.get('/api/v1/me/board'), 200);
      const item = board.items.find((o) => o.id === order.id)!;
      expect(item).toMatchObject({ roomNumber: null, contactPhone: null, contactName: '赵*妈' });
    }
    // Someone outside the squad sees no board and cannot take from it.
    const outsider = await t.as('volunteer');
    expect(body<PageJson<OrderJson>>(await outsider.get('/api/v1/me/board'), 200).total).toBe(0);
    expect(errorCode(await grab(outsider, order.id), 404)).toBe('not_found');
  });

  it('two members grabbing the same order at once: exactly one wins', async () => {
    await clearPlate();
    for (let round = 0; round < 3; round++) {
      const order = await published();
      const [a, b] = await Promise.all([
        grab(ow.members[0].client, order.id),
        grab(ow.members[1].client, order.id),
      ]);
      const codes = [a.statusCode, b.statusCode].sort();
      expect(codes).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expect(loser.json().error.code).toBe('order_taken');
      const winner = (a.statusCode === 200 ? a : b).json<OrderJson>();
      expect(winner).toMatchObject({ state: 'accepted', handledByMe: true, roomNumber: '101' });
      const events = await t.deps.db
        .selectFrom('order_events')
        .select('type')
        .where('order_id', '=', order.id)
        .where('type', '=', 'grab')
        .execute();
      expect(events).toHaveLength(1);
      await clearPlate();
    }
  });

  it('a member may hold only so many open orders, even grabbing several at once', async () => {
    await clearPlate();
    body(await staff.patch(`${A}/order-settings`, { openCap: 2 }), 200);
    const first = await published();
    body(await grab(ow.members[0].client, first.id), 200);
    const orders: OrderJson[] = [];
    for (let i = 0; i < 6; i++) orders.push(await published());
    const results = await Promise.all(orders.map((o) => grab(ow.members[0].client, o.id)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    const x = orders[0]!;
    const refused = results.find((r) => r.statusCode === 409)!;
    expect(refused.json().error.code).toBe('order_cap');
    expect(refused.json().error.message).toContain('上限 2 张');
    // The proposal shows who is at their cap.
    const proposal = body<{ members: { personId: string; openOrders: number; atCap: boolean }[] }>(
      await ow.leader.client.get(`${A}/orders/${x.id}/proposal`),
      200,
    );
    expect(proposal.members.find((m) => m.personId === ow.members[0].personId)).toMatchObject({
      openOrders: 2,
      atCap: true,
    });
    body(await staff.patch(`${A}/order-settings`, { openCap: 3 }), 200);
    await clearPlate();
  });
});

describe('dispatching', () => {
  it('only to members of the squad, by leaders of that squad', async () => {
    const order = await placeOrder(ow);
    const res = await ow.leader.client.post(`${A}/orders/${order.id}/assign`, {
      personId: ow.resident.personId,
    });
    expect(errorCode(res, 400)).toBe('order_not_squad_member');
    // Another squad's leader cannot touch squad A's orders, nor send them to their squad.
    const squadB = newId();
    const now = Date.now();
    await t.deps.db
      .insertInto('squads')
      .values({
        community_id: t.world.communityA,
        id: squadB,
        name: '第二分队',
        type: 'care',
        compound_id: t.world.compoundA1,
        grid_id: null,
        created_at: now,
        updated_at: now,
        archived_at: null,
      })
      .execute();
    const otherLeader = await t.holding('squadLeader', 'squad', squadB);
    expect((await otherLeader.post(`${A}/orders/${order.id}/publish`, { squadId: squadB })).statusCode).toBe(
      403,
    );
    expect(
      (await ow.leader.client.post(`${A}/orders/${order.id}/publish`, { squadId: squadB })).statusCode,
    ).toBe(403);
    // Staff may route it there; its members then see it on their board.
    const helper = await addSquadMember(t, '陈护工', squadB, ['理发']);
    body(await staff.post(`${A}/orders/${order.id}/publish`, { squadId: squadB }), 200);
    const board = body<PageJson<OrderJson>>(await helper.client.get('/api/v1/me/board'), 200);
    expect(board.items.map((o) => o.id)).toContain(order.id);
    expect(errorCode(await staff.post(`${A}/orders/${order.id}/publish`, { squadId: 'nope' }), 400)).toBe(
      'bad_reference',
    );
  });

  it('a leader who serves in the squad may assign to themselves', async () => {
    const order = await placeOrder(ow);
    const assigned = body<OrderJson>(
      await ow.leader.client.post(`${A}/orders/${order.id}/assign`, { personId: ow.leader.personId }),
      200,
    );
    expect(assigned.state).toBe('assigned');
    const mine = body<OrderJson>(await ow.leader.client.post(`/api/v1/me/tasks/${order.id}/accept`), 200);
    expect(mine).toMatchObject({ state: 'accepted', handledByMe: true, roomNumber: '101' });
  });
});

describe('escalation (大事)', () => {
  it('to the property company: it alone of the property’s orders appears to it, and it is told', async () => {
    const quiet = await placeOrder(ow);
    const big = await placeOrder(ow, { description: '外墙渗水，整栋楼都受影响' });
    const property = await t.as('property');
    expect(body<PageJson<OrderJson>>(await property.get(`${A}/orders`), 200).total).toBe(0);
    expect((await property.get(`${A}/orders/${quiet.id}`)).statusCode).toBe(403);
    const escalated = body<OrderJson>(
      await ow.leader.client.post(`${A}/orders/${big.id}/escalate`, {
        to: 'property',
        reason: '公共部位维修',
      }),
      200,
    );
    expect(escalated.escalatedTo).toBe('property');
    const seen = body<PageJson<OrderJson>>(await property.get(`${A}/orders`), 200);
    expect(seen.items.map((o) => o.id)).toEqual([big.id]);
    expect(seen.items[0]!.contactPhone).toMatch(/\*{4}/);
    expect(await notificationKinds(property)).toContain('order_escalated_property');
    // Escalating to where it already is changes nothing.
    const again = await staff.post(`${A}/orders/${big.id}/escalate`, { to: 'property', reason: '再报' });
    expect(errorCode(again, 400)).toBe('order_step_invalid');
    // A property company in another compound does not see it.
    const elsewhere = await t.holding('property', 'compound', t.world.compoundA2);
    expect(body<PageJson<OrderJson>>(await elsewhere.get(`${A}/orders`), 200).total).toBe(0);
  });

  it('to the community, by the member handling it', async () => {
    const order = await placeOrder(ow);
    await ow.leader.client.post(`${A}/orders/${order.id}/assign`, { personId: ow.members[0].personId });
    await ow.members[0].client.post(`/api/v1/me/tasks/${order.id}/accept`);
    const escalated = body<OrderJson>(
      await ow.members[0].client.post(`/api/v1/me/tasks/${order.id}/escalate`, {
        to: 'community',
        reason: '需要社区协调',
      }),
      200,
    );
    expect(escalated).toMatchObject({ escalatedTo: 'community', state: 'accepted' });
    expect(await notificationKinds(staff)).toContain('order_escalated_community');
    const list = body<PageJson<OrderJson>>(await staff.get(`${A}/orders?escalatedTo=community`), 200);
    expect(list.items.map((o) => o.id)).toEqual([order.id]);
    await clearPlate();
  });
});

describe('who sees which orders', () => {
  let inA1: OrderJson;
  let inA2: OrderJson;
  beforeAll(async () => {
    inA1 = await placeOrder(ow, { description: 'A1 的订单' });
    inA2 = body<OrderJson>(
      await staff.post(`${A}/orders`, {
        categoryId: ow.categories.policy_advice,
        description: 'A2 的订单',
        householdId: householdA2,
        callerName: '周先生',
        callerPhone: '13912345678',
        channel: 'phone',
      }),
      201,
    );
  });

  const idsFor = async (client: Client, query = '') =>
    body<PageJson<OrderJson>>(await client.get(`${A}/orders?pageSize=200${query}`), 200).items.map(
      (o) => o.id,
    );

  it('a compound’s branch sees that compound only; a grid worker their grid only', async () => {
    const branchA1 = await t.as('branch');
    expect(await idsFor(branchA1)).toContain(inA1.id);
    expect(await idsFor(branchA1)).not.toContain(inA2.id);
    expect((await branchA1.get(`${A}/orders/${inA2.id}`)).statusCode).toBe(403);
    const branchA2 = await t.holding('branch', 'compound', t.world.compoundA2);
    expect(await idsFor(branchA2)).toEqual([inA2.id]);
    const grid = await t.as('gridWorker');
    expect(await idsFor(grid)).toContain(inA1.id);
    expect(await idsFor(grid)).not.toContain(inA2.id);
    // The grid worker's own filter narrows further, never widens.
    expect(await idsFor(grid, `&compoundId=${t.world.compoundA2}`)).toEqual([]);
    const all = await idsFor(staff);
    expect(all).toEqual(expect.arrayContaining([inA1.id, inA2.id]));
  });

  it('export to Excel through the generic export, as the caller sees them', async () => {
    const branchA1 = await t.as('branch');
    const path = encodeURIComponent(`/communities/${t.world.communityA}/orders`);
    const res = await branchA1.get(`/api/v1/export?path=${path}&compoundId=${t.world.compoundA1}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readBack(res.rawPayload);
    const listed = await idsFor(branchA1, `&compoundId=${t.world.compoundA1}`);
    expect(rows.length - 1).toBe(listed.length);
    const cells = JSON.stringify(rows);
    expect(cells).not.toContain(ow.resident.phone);
    expect(cells).toContain(ow.resident.phone.slice(0, 3) + '****');
    expect(cells).not.toContain('A2 的订单');
  });

  it('a squad leader sees their squad’s orders, and dispatches only those', async () => {
    expect(await idsFor(ow.leader.client)).toContain(inA1.id);
    expect(await idsFor(ow.leader.client)).not.toContain(inA2.id);
    expect((await ow.leader.client.get(`${A}/orders/${inA2.id}/proposal`)).statusCode).toBe(403);
  });

  it('community B’s people see nothing of community A, and A’s order ids mean nothing in B', async () => {
    const staffB = await staffOfB(t);
    expect(errorCode(await staffB.get(`${A}/orders`), 403)).toBe('forbidden');
    expect(errorCode(await staffB.get(`${A}/orders/${inA1.id}`), 403)).toBe('forbidden');
    expect(body<PageJson<OrderJson>>(await staffB.get(`${api(t.world.communityB)}/orders`), 200).total).toBe(
      0,
    );
    expect(errorCode(await staffB.get(`${api(t.world.communityB)}/orders/${inA1.id}`), 404)).toBe(
      'not_found',
    );
    await expect(openEventStream(staffB, `${A}/orders/stream`)).rejects.toThrow(/403/);
    const outsider = await t.as('nobody');
    expect((await outsider.get(`${A}/orders`)).statusCode).toBe(403);
    const streetAdmin = await t.as('streetAdmin');
    const inB = await streetAdmin.get(`${api(t.world.communityB)}/orders/${inA1.id}`);
    expect(errorCode(inB, 404)).toBe('not_found');
  });

  it('filters: state, overdue, category, free text', async () => {
    expect(await idsFor(staff, `&categoryId=${ow.categories.policy_advice}`)).toEqual([inA2.id]);
    expect(await idsFor(staff, '&q=A2%20的')).toEqual([inA2.id]);
    expect(await idsFor(staff, '&q=周先生')).toEqual([inA2.id]);
    expect(await idsFor(staff, '&overdue=true')).toEqual([]);
    expect(await idsFor(staff, '&state=cancelled&compoundId=' + t.world.compoundA2)).toEqual([]);
  });
});

describe('ordering for someone who phoned or walked in (代客下单)', () => {
  it('for a household member with the app: they can follow and confirm it themselves', async () => {
    const made = body<OrderJson>(
      await (
        await t.as('gridWorker')
      ).post(`${A}/orders`, {
        categoryId: ow.categories.home_haircut,
        description: '老人行动不便，想上门理发',
        householdId: ow.resident.householdId,
        personId: ow.resident.personId,
        channel: 'walk_in',
      }),
      201,
    );
    expect(made).toMatchObject({
      contactName: '赵大妈',
      contactPhone: expect.stringContaining('****'),
      roomNumber: '101',
    });
    const followed = body<OrderJson>(await ow.resident.client.get(`/api/v1/me/orders/${made.id}`), 200);
    expect(followed.contactPhone).toBe(ow.resident.phone);
    expect(followed.timeline[0]).toMatchObject({ type: 'create', actorRole: 'staff' });
  });

  it('for a caller with no household on file: a name, a phone and a place in a compound', async () => {
    const res = await staff.post(`${A}/orders`, {
      categoryId: ow.categories.safety_hazard,
      description: '小区门口井盖松动',
      channel: 'phone',
      callerName: '路人甲',
    });
    expect(errorCode(res, 400)).toBe('order_caller_required');
    const noCompound = await staff.post(`${A}/orders`, {
      categoryId: ow.categories.safety_hazard,
      description: '小区门口井盖松动',
      channel: 'phone',
      callerName: '路人甲',
      callerPhone: '13800001111',
      placeText: '东门',
    });
    expect(errorCode(noCompound, 400)).toBe('order_compound_required');
    const made = body<OrderJson>(
      await staff.post(`${A}/orders`, {
        categoryId: ow.categories.safety_hazard,
        description: '小区门口井盖松动',
        channel: 'phone',
        callerName: '路人甲',
        callerPhone: '13800001111',
        compoundId: t.world.compoundA1,
        placeText: '东门',
        idempotencyKey: 'phone-call-0001',
      }),
      201,
    );
    expect(made).toMatchObject({ householdId: null, contactPhone: '138****1111', urgency: 'normal' });
    const again = await staff.post(`${A}/orders`, {
      categoryId: ow.categories.safety_hazard,
      description: '小区门口井盖松动',
      channel: 'phone',
      callerName: '路人甲',
      callerPhone: '13800001111',
      compoundId: t.world.compoundA1,
      placeText: '东门',
      idempotencyKey: 'phone-call-0001',
    });
    expect(body<OrderJson>(again, 200).id).toBe(made.id);
    // Nobody can confirm in the app, so staff confirm with the caller's rating after the work.
    await ow.leader.client.post(`${A}/orders/${made.id}/assign`, { personId: ow.members[0].personId });
    await ow.members[0].client.post(`/api/v1/me/tasks/${made.id}/accept`);
    await ow.members[0].client.post(`/api/v1/me/tasks/${made.id}/resolve`, {
      note: '已固定',
      minutesSpent: 20,
    });
    const closed = body<OrderJson>(await staff.post(`${A}/orders/${made.id}/confirm`, { rating: 4 }), 200);
    expect(closed).toMatchObject({ state: 'closed', rating: 4 });
  });

  it('is open to grid workers and staff within their scope only', async () => {
    const branch = await t.as('branch');
    expect((await branch.post(`${A}/orders`, {})).statusCode).toBe(403);
    const grid = await t.as('gridWorker');
    const outside = await grid.post(`${A}/orders`, {
      categoryId: ow.categories.other,
      description: '别的小区',
      householdId: householdA2,
      callerName: '周先生',
      channel: 'phone',
    });
    expect(outside.statusCode).toBe(403);
  });

  it('staff cannot confirm for a resident who has the app', async () => {
    const order = await placeOrder(ow);
    expect(errorCode(await staff.post(`${A}/orders/${order.id}/confirm`, { rating: 5 }), 409)).toBe(
      'order_resident_confirms',
    );
  });
});

describe('live updates', () => {
  it('the console’s stream carries the orders in the caller’s scope only', async () => {
    const branchA2 = await t.holding('branch', 'compound', t.world.compoundA2);
    const [all, narrow] = await Promise.all([
      openEventStream(staff, `${A}/orders/stream`),
      openEventStream(branchA2, `${A}/orders/stream`),
    ]);
    const order = await placeOrder(ow);
    const seen = await all.next('order');
    expect(seen.data).toMatchObject({ id: order.id, event: 'create', state: 'submitted' });
    expect(JSON.stringify(seen.data)).not.toContain(ow.resident.phone);
    await expect(narrow.next('order', 500)).rejects.toThrow(/no order/);
    all.close();
    narrow.close();
  });

  it('the stream needs orders.read in that community', async () => {
    await expect(openEventStream(await t.as('nobody'), `${A}/orders/stream`)).rejects.toThrow(/403/);
    await expect(openEventStream(await t.as('resident'), `${A}/orders/stream`)).rejects.toThrow(/403/);
    await expect(openEventStream(staff, `${api('missing')}/orders/stream`)).rejects.toThrow(/404/);
    // Anything but an event-stream request is told so at once rather than left hanging.
    expect(errorCode(await staff.get(`${A}/orders/stream`), 406)).toBe('stream_accept');
    expect(errorCode(await ow.members[0].client.get('/api/v1/me/board/stream'), 406)).toBe('stream_accept');
  });

  it('members hear of new items on their board; the resident hears of their order', async () => {
    const board = await openEventStream(ow.members[1].client, '/api/v1/me/board/stream');
    const resident = await openEventStream(ow.resident.client, '/api/v1/me/events');
    const order = await published();
    expect((await board.next('order')).data).toMatchObject({ id: order.id, event: 'create' });
    expect((await board.next('order')).data).toMatchObject({
      id: order.id,
      event: 'publish',
      state: 'published',
    });
    expect((await resident.next('order')).data).toMatchObject({ id: order.id, event: 'create' });
    board.close();
    resident.close();
  });
});

describe('members outside any squad', () => {
  it('have an empty board and no tasks, and a member who left the squad loses its board', async () => {
    const leaving = await addSquadMember(t, '刘临时', t.world.squadA);
    const order = await published();
    expect(
      body<PageJson<OrderJson>>(await leaving.client.get('/api/v1/me/board'), 200).items.map((o) => o.id),
    ).toContain(order.id);
    await t.deps.db
      .updateTable('squad_members')
      .set({ left_at: Date.now() })
      .where('person_id', '=', leaving.personId)
      .execute();
    expect(body<PageJson<OrderJson>>(await leaving.client.get('/api/v1/me/board'), 200).total).toBe(0);
    expect(errorCode(await grab(leaving.client, order.id), 404)).toBe('not_found');
  });
});
