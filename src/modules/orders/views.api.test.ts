import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { newId } from '../../core/ids';
import { maskName } from '../../core/personal';
import { readBack } from '../roster/roster.testkit';
import {
  api,
  body,
  errorCode,
  placeOrder,
  setUpOrderWorld,
  staffOfB,
  type OrderJson,
  type OrderWorld,
  type PageJson,
} from './orders.testkit';

/**
 * What the pages read beyond the orders themselves: a member's squads with the cap and their
 * colleagues (转单 to a named colleague), the names on the timeline (and whose stay masked), the
 * compound plan's counts by building, the buildings a resident may name for a public place, and
 * the dispatch board's sheet with its own headers.
 */

let t: TestContext;
let ow: OrderWorld;
let staff: Client;
let A: string;
/** A second building in compound A1, outside grid A's list of buildings. */
let building2: string;

beforeAll(async () => {
  t = await startTestApp();
  ow = await setUpOrderWorld(t);
  staff = await t.as('communityStaff');
  A = api(t.world.communityA);
  building2 = newId();
  const now = Date.now();
  await t.deps.db
    .insertInto('buildings')
    .values({
      community_id: t.world.communityA,
      id: building2,
      compound_id: t.world.compoundA1,
      name: '2栋',
      floors: 6,
      created_at: now,
      updated_at: now,
      archived_at: null,
    })
    .execute();
});
afterAll(() => t.close());

const tasks = '/api/v1/me/tasks';
const task = (id: string, step = '') => `${tasks}/${id}${step ? `/${step}` : ''}`;

interface Colleague {
  personId: string;
  name: string;
  role: string;
  skills: string[];
  openOrders: number;
  atCap: boolean;
  hasAccount: boolean;
  me: boolean;
}
interface MySquad {
  communityId: string;
  communityName: string;
  squadId: string;
  squadName: string;
  squadType: string;
  compoundName: string | null;
  gridName: string | null;
  personId: string;
  role: string;
  skills: string[];
  openCap: number;
  openOrders: number;
  members: Colleague[];
}
const squadsOf = async (client: Client) =>
  body<{ items: MySquad[] }>(await client.get('/api/v1/me/squads'), 200).items;

/** Resolves every order the members hold, so each test counts from none. */
async function clearPlate() {
  for (const m of ow.members) {
    const open = body<PageJson<OrderJson>>(await m.client.get(`${tasks}?open=true&pageSize=100`), 200);
    for (const o of open.items) {
      if (o.state === 'assigned') body(await m.client.post(task(o.id, 'accept')), 200);
      if (o.state !== 'resolved')
        body(await m.client.post(task(o.id, 'resolve'), { note: '好了', minutesSpent: 10 }), 200);
    }
  }
}

describe('my squads (GET /me/squads)', () => {
  it('tell a member where they serve, their load against the cap, and their colleagues by name', async () => {
    await clearPlate();
    const [plumber, barber] = ow.members;
    const order = await placeOrder(ow);
    body(await ow.leader.client.post(`${A}/orders/${order.id}/assign`, { personId: barber.personId }), 200);

    const [squad, ...more] = await squadsOf(plumber.client);
    expect(more).toEqual([]);
    expect(squad).toMatchObject({
      communityId: t.world.communityA,
      communityName: '甲社区',
      squadId: t.world.squadA,
      squadName: '第一分队',
      squadType: 'repair',
      compoundName: '甲一小区',
      gridName: '第一网格',
      personId: plumber.personId,
      role: 'member',
      skills: ['水电', '管道'],
      openCap: 3,
      openOrders: 0,
    });
    // Leaders first, then by name; names in full among the squad, and nothing else about them.
    expect(squad!.members.map((m) => [m.name, m.role, m.openOrders, m.me])).toEqual([
      ['李队长', 'leader', 0, false],
      ['王理发', 'member', 1, false],
      ['张水电', 'member', 0, true],
    ]);
    expect(squad!.members[1]).toEqual({
      personId: barber.personId,
      name: '王理发',
      role: 'member',
      skills: ['理发'],
      openOrders: 1,
      atCap: false,
      hasAccount: true,
      me: false,
    });
    expect(JSON.stringify(squad)).not.toMatch(/phone|\b1\d{10}\b/i);
    // The barber sees the same squad with their own order counted.
    expect((await squadsOf(barber.client))[0]).toMatchObject({ openOrders: 1, role: 'member' });
    // The squad's leader serves in it as 分队长.
    expect((await squadsOf(ow.leader.client))[0]).toMatchObject({ role: 'leader', skills: ['协调'] });
  });

  it('follow the community’s cap as staff change it', async () => {
    body(await staff.patch(`${A}/order-settings`, { openCap: 1 }), 200);
    const [squad] = await squadsOf(ow.members[1].client);
    expect(squad).toMatchObject({ openCap: 1, openOrders: 1 });
    expect(squad!.members.find((m) => m.me)).toMatchObject({ atCap: true });
    body(await staff.patch(`${A}/order-settings`, { openCap: 3 }), 200);
  });

  it('let a member hand an order on to the colleague they pick there', async () => {
    const [plumber, barber] = ow.members;
    const order = body<{ items: OrderJson[] }>(await barber.client.get(`${tasks}?state=assigned`), 200)
      .items[0]!;
    body(await barber.client.post(task(order.id, 'accept')), 200);
    const colleague = (await squadsOf(barber.client))[0]!.members.find((m) => m.name === '张水电')!;
    const handed = body<OrderJson>(
      await barber.client.post(task(order.id, 'transfer'), {
        reason: '水管的活张师傅熟',
        toPersonId: colleague.personId,
      }),
      200,
    );
    expect(handed).toMatchObject({ state: 'assigned', assigneePersonId: plumber.personId });
    const loads = (await squadsOf(plumber.client))[0]!.members.map((m) => [m.name, m.openOrders]);
    expect(loads).toEqual([
      ['李队长', 0],
      ['王理发', 0],
      ['张水电', 1],
    ]);
    await clearPlate();
  });

  it('are none for residents, strangers and members who left', async () => {
    expect(await squadsOf(ow.resident.client)).toEqual([]);
    expect(await squadsOf(await t.as('volunteer'))).toEqual([]);
    expect(await squadsOf(await staffOfB(t))).toEqual([]);
    const [, barber] = ow.members;
    await t.deps.db
      .updateTable('squad_members')
      .set({ left_at: Date.now() })
      .where('community_id', '=', t.world.communityA)
      .where('person_id', '=', barber.personId)
      .execute();
    expect(await squadsOf(barber.client)).toEqual([]);
    expect((await squadsOf(ow.members[0].client))[0]!.members.map((m) => m.name)).toEqual([
      '李队长',
      '张水电',
    ]);
    await t.deps.db
      .updateTable('squad_members')
      .set({ left_at: null })
      .where('community_id', '=', t.world.communityA)
      .where('person_id', '=', barber.personId)
      .execute();
  });
});

describe('names on the timeline', () => {
  let order: OrderJson;
  beforeAll(async () => {
    const [plumber, barber] = ow.members;
    // The resident's phone goes by another name than the household knows her by.
    body(await ow.resident.client.patch('/api/v1/auth/me', { displayName: '赵家手机' }), 200);
    order = await placeOrder(ow);
    body(await staff.post(`${A}/orders/${order.id}/publish`, {}), 200);
    body(await ow.leader.client.post(`${A}/orders/${order.id}/assign`, { personId: barber.personId }), 200);
    body(await barber.client.post(task(order.id, 'accept')), 200);
    body(
      await barber.client.post(task(order.id, 'transfer'), { reason: '换人', toPersonId: plumber.personId }),
      200,
    );
    body(await plumber.client.post(task(order.id, 'accept')), 200);
  });
  afterAll(async () => {
    body(await ow.resident.client.patch('/api/v1/auth/me', { displayName: '赵大妈' }), 200);
    await clearPlate();
  });

  it('name staff by their person, else their account, and the members each step names', async () => {
    const seen = body<OrderJson>(await staff.get(`${A}/orders/${order.id}`), 200);
    expect(
      seen.timeline.map((e) => ({
        type: e.type,
        actorName: e.actorName,
        personName: e.personName,
        squadName: e.squadName,
      })),
    ).toEqual([
      { type: 'create', actorName: '赵大妈', personName: null, squadName: '第一分队' },
      // Community staff have no person here: their account's name.
      { type: 'publish', actorName: 'communityStaff', personName: null, squadName: '第一分队' },
      // The squad leader acts at the desk as staff, and is named as the person they are.
      { type: 'assign', actorName: '李队长', personName: '王理发', squadName: '第一分队' },
      { type: 'accept', actorName: '王理发', personName: null, squadName: null },
      // 指派给/转单给 name whoever it was, not only whoever holds the order now.
      { type: 'transfer', actorName: '王理发', personName: '张水电', squadName: null },
      { type: 'accept', actorName: '张水电', personName: null, squadName: null },
    ]);
  });

  it('keep the resident’s name masked to members, and whole to the resident and staff', async () => {
    const resident = body<OrderJson>(await ow.resident.client.get(`/api/v1/me/orders/${order.id}`), 200);
    expect(resident.timeline[0]!.actorName).toBe('赵大妈');
    const member = body<OrderJson>(await ow.members[0].client.get(task(order.id)), 200);
    expect(member.contactName).toBe(maskName('赵大妈'));
    expect(member.timeline[0]!.actorName).toBe(maskName('赵大妈'));
    expect(JSON.stringify(member.timeline)).not.toContain('赵大妈');
    expect(JSON.stringify(member.timeline)).not.toContain('赵家手机');
    // Members and staff are named in full to the member.
    expect(member.timeline.map((e) => e.personName)).toContain('王理发');
    expect(member.timeline[2]!.actorName).toBe('李队长');
  });
});

describe('the compound plan (GET …/orders/by-building)', () => {
  interface Counts {
    open: number;
    overdue: number;
    escalated: number;
  }
  type Plan = {
    compoundId: string;
    buildings: ({ buildingId: string | null; buildingName: string | null } & Counts)[];
    grids: ({ gridId: string | null; gridName: string | null } & Counts)[];
  };
  const planOf = async (client: Client, compoundId = t.world.compoundA1) =>
    body<Plan>(await client.get(`${A}/orders/by-building?compoundId=${compoundId}`), 200);
  const byBuilding = (plan: Plan) =>
    Object.fromEntries(plan.buildings.map((b) => [b.buildingName ?? '—', [b.open, b.overdue, b.escalated]]));

  beforeAll(async () => {
    // Start from nothing open in the compound: the earlier tests' orders are finished or cancelled.
    await clearPlate();
    const open = body<PageJson<OrderJson>>(await staff.get(`${A}/orders?open=true&pageSize=200`), 200);
    for (const o of open.items) {
      if (o.state === 'resolved')
        body(await ow.resident.client.post(`/api/v1/me/orders/${o.id}/confirm`, { rating: 5 }), 200);
      else body(await staff.post(`${A}/orders/${o.id}/cancel`, { reason: '测试清理' }), 200);
    }
    await placeOrder(ow, { description: '家里水管' });
    const big = await placeOrder(ow, { description: '外墙渗水' });
    body(await staff.post(`${A}/orders/${big.id}/escalate`, { to: 'property', reason: '公共部位' }), 200);
    const late = await placeOrder(ow, {
      description: '2栋门口路灯不亮',
      place: 'public',
      buildingId: building2,
    });
    await t.deps.db
      .updateTable('orders')
      .set({ accept_due_at: 1 })
      .where('community_id', '=', t.world.communityA)
      .where('id', '=', late.id)
      .execute();
    await placeOrder(ow, { description: '花坛垃圾', place: 'public', placeText: '中心花坛' });
    const cancelled = await placeOrder(ow, { description: '不要了' });
    body(await staff.post(`${A}/orders/${cancelled.id}/cancel`, { reason: '重复' }), 200);
  });

  it('counts open, overdue and escalated orders by building and by grid', async () => {
    const plan = await planOf(staff);
    expect(plan.compoundId).toBe(t.world.compoundA1);
    expect(byBuilding(plan)).toEqual({ '1栋': [2, 0, 1], '2栋': [1, 1, 0], '—': [1, 0, 0] });
    // The compound has one grid: the orders by its buildings and around it all fall in it.
    expect(plan.grids).toEqual([
      { gridId: t.world.gridA, gridName: '第一网格', open: 4, overdue: 1, escalated: 1 },
    ]);
    // The same numbers the board's own filters give.
    const listed = body<PageJson<OrderJson>>(
      await staff.get(
        `${A}/orders?compoundId=${t.world.compoundA1}&buildingId=${t.world.buildingA1}&open=true`,
      ),
      200,
    );
    expect(listed.total).toBe(2);
  });

  it('follow the caller’s scope', async () => {
    // The property company sees what was escalated to it, nothing else.
    expect(byBuilding(await planOf(await t.as('property')))).toEqual({ '1栋': [1, 0, 1] });
    // A branch of another compound sees none of this one.
    const branchA2 = await t.holding('branch', 'compound', t.world.compoundA2);
    expect(await planOf(branchA2)).toEqual({ compoundId: t.world.compoundA1, buildings: [], grids: [] });
    // The grid worker of grid A sees all four, since all four fall in grid A.
    expect(byBuilding(await planOf(await t.as('gridWorker')))).toEqual(byBuilding(await planOf(staff)));
    // Residents and other communities are turned away.
    expect(
      (await ow.resident.client.get(`${A}/orders/by-building?compoundId=${t.world.compoundA1}`)).statusCode,
    ).toBe(403);
    expect(
      errorCode(
        await (await staffOfB(t)).get(`${A}/orders/by-building?compoundId=${t.world.compoundA1}`),
        403,
      ),
    ).toBe('forbidden');
  });

  it('answers 404 for a compound not in the community and 400 without one', async () => {
    expect(errorCode(await staff.get(`${A}/orders/by-building?compoundId=${t.world.compoundB1}`), 404)).toBe(
      'not_found',
    );
    expect(errorCode(await staff.get(`${A}/orders/by-building?compoundId=nope`), 404)).toBe('not_found');
    expect(errorCode(await staff.get(`${A}/orders/by-building`), 400)).toBe('validation');
  });
});

describe('a public place for a resident’s order', () => {
  type Buildings = PageJson<{ id: string; name: string; compoundId: string; compoundName: string }>;

  it('is chosen among the buildings of the resident’s own compound', async () => {
    const mine = body<Buildings>(await ow.resident.client.get('/api/v1/me/buildings'), 200);
    expect(mine.items.map((b) => [b.name, b.compoundName])).toEqual([
      ['1栋', '甲一小区'],
      ['2栋', '甲一小区'],
    ]);
    expect(mine.items.map((b) => b.id)).not.toContain(t.world.buildingA2);
    const filtered = body<Buildings>(
      await ow.resident.client.get(`/api/v1/me/buildings?compoundId=${t.world.compoundA2}`),
      200,
    );
    expect(filtered.total).toBe(0);
    expect(body<Buildings>(await ow.resident.client.get('/api/v1/me/buildings?q=2'), 200).total).toBe(1);
    // Someone who lives nowhere here has none.
    expect(body<Buildings>(await (await t.as('volunteer')).get('/api/v1/me/buildings'), 200).total).toBe(0);
  });

  it('may be a building alone, a building and a few words, or the words alone; not nothing', async () => {
    const byBuilding = await placeOrder(ow, {
      description: '楼道灯坏了',
      place: 'public',
      buildingId: building2,
    });
    expect(byBuilding).toMatchObject({ roomNumber: null });
    expect(byBuilding).toMatchObject({ buildingName: '2栋', placeText: null, placeKind: 'public' });
    const both = await placeOrder(ow, {
      description: '楼道灯坏了',
      place: 'public',
      buildingId: building2,
      placeText: '3 楼楼梯口',
    });
    expect(both).toMatchObject({ buildingName: '2栋', placeText: '3 楼楼梯口' });
    const neither = await ow.resident.client.post('/api/v1/me/orders', {
      categoryId: ow.categories.sanitation,
      description: '垃圾',
      place: 'public',
      placeText: '  ',
    });
    expect(errorCode(neither, 400)).toBe('order_place_text');
    for (const id of [byBuilding.id, both.id])
      body(await ow.resident.client.post(`/api/v1/me/orders/${id}/cancel`, { reason: '测试' }), 200);
  });
});

describe('the dispatch board as a sheet', () => {
  const exportPath = () =>
    `/api/v1/export?path=${encodeURIComponent(`/communities/${t.world.communityA}/orders`)}`;

  it('has the board’s own headers and words, in the caller’s language', async () => {
    const zh = await readBack((await staff.get(`${exportPath()}&state=submitted`)).rawPayload);
    expect(zh[0]).toEqual([
      '下单时间',
      '服务类别',
      '诉求',
      '紧急程度',
      '状态',
      '小区',
      '楼栋',
      '单元',
      '房号',
      '地点',
      '具体位置',
      '网格',
      '联系人',
      '联系电话',
      '家中有人时间',
      '来源',
      '服务分队',
      '接单队员',
      '接单时限',
      '接单时间',
      '办结时限',
      '办结时间',
      '是否超时',
      '上报至',
      '服务时长（分钟）',
      '评分',
      '评价',
      '关闭时间',
    ]);
    const row = zh.find((r) => r[2] === '家里水管')!;
    expect(row.slice(1, 6)).toEqual(['水电维修', '家里水管', '一般', '待派单', '甲一小区']);
    expect(row[11]).toBe('第一网格');
    expect(row[15]).toBe('居民点单');

    const english = await t.as('communityStaff');
    english.locale = 'en';
    const res = await english.get(`${exportPath()}&state=submitted`);
    expect(res.headers['content-disposition']).toContain('Service%20orders');
    const en = await readBack(res.rawPayload);
    expect(en[0]!.slice(0, 5)).toEqual(['Ordered', 'Category', 'Request', 'Urgency', 'State']);
    expect(en.find((r) => r[2] === '家里水管')!.slice(1, 5)).toEqual([
      'Water and electrics repair',
      '家里水管',
      'Normal',
      'waiting for dispatch',
    ]);
  });
});
