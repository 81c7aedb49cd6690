import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { errorCode, type Client } from '../../../test/support/client';
import { addSquadMember, type Actor } from '../orders/orders.testkit';
import { quarterOf } from './coverage';
import { shanghaiDay } from './plans';
import { api, body, inbox, setUpCareWorld, type CareWorld } from './care.testkit';

let t: TestContext;
let w: CareWorld;
let A: string;
let staff: Client;
let grid: Client;
/** Households of buildingA1 (grid A): the elder's and three more; one in buildingA2 (grid B). */
let homes: string[];
let farHome: string;
let member: Actor;

beforeAll(async () => {
  t = await startTestApp();
  w = await setUpCareWorld(t);
  A = api(t.world.communityA);
  staff = await t.as('communityStaff');
  grid = await t.as('gridWorker');
  const add = async (roomId: string, name: string) =>
    body<{ id: string }>(await staff.post(`${A}/households`, { roomId, name }), 201).id;
  homes = [
    w.elder.householdId,
    await add(t.world.roomA1, '钱家'),
    await add(t.world.roomA1, '孙家'),
    await add(t.world.roomA1, '李家'),
  ];
  farHome = await add(w.roomA2, '周家');
  member = await addSquadMember(t, '吴党员', t.world.squadA);
});
afterAll(() => t.close());

interface RoundJson {
  id: string;
  gridId: string | null;
  compoundId: string;
  buildingIds: string[];
  households: number;
  visited: number;
  state: string;
  items: { householdId: string; status: string; lastOutcome: string | null; visitorName: string | null }[];
}
interface VisitJson {
  id: string;
  householdId: string;
  outcome: string;
  opinions: string | null;
  problems: string | null;
  orderId: string | null;
  topicId: string | null;
  visitorName: string;
  gridId: string | null;
}
interface Coverage {
  quarter: string;
  totals: { households: number; visited: number; notHome: number; notVisited: number };
  buildings: {
    buildingId: string;
    households: number;
    visited: number;
    notHome: number;
    notVisited: number;
  }[];
}

describe('敲门行动: rounds and visits', () => {
  let round: RoundJson;

  it('a grid worker plans a round over the grid’s households', async () => {
    round = body<RoundJson>(
      await grid.post(`${A}/visit-rounds`, { title: '五月敲门行动', gridId: t.world.gridA }),
      201,
    );
    expect(round).toMatchObject({
      gridId: t.world.gridA,
      compoundId: t.world.compoundA1,
      buildingIds: [t.world.buildingA1],
      households: 4,
      visited: 0,
      state: 'open',
    });
    expect(
      errorCode(
        await grid.post(`${A}/visit-rounds`, {
          title: '两样都给',
          gridId: t.world.gridA,
          buildingIds: [t.world.buildingA1],
        }),
        400,
      ),
    ).toBe('visits_round_scope');
    expect((await grid.post(`${A}/visit-rounds`, { title: '别的网格', gridId: w.gridB })).statusCode).toBe(
      403,
    );
    expect(
      (await grid.post(`${A}/visit-rounds`, { title: '别的楼', buildingIds: [t.world.buildingA2] }))
        .statusCode,
    ).toBe(403);
    // The compound's party branch may plan one over its buildings too, not over another compound's.
    const branch = await t.as('branch');
    body(
      await branch.post(`${A}/visit-rounds`, { title: '支部走访', buildingIds: [t.world.buildingA1] }),
      201,
    );
    expect(
      (await branch.post(`${A}/visit-rounds`, { title: '越界', buildingIds: [t.world.buildingA2] }))
        .statusCode,
    ).toBe(403);
    expect(
      body<{ total: number }>(
        await (await t.holding('gridWorker', 'grid', w.gridB)).get(`${A}/visit-rounds`),
        200,
      ).total,
    ).toBe(0);
  });

  it('records each visit: met with opinions, nobody home, refused; the round shows where each stands', async () => {
    const met = body<VisitJson>(
      await grid.post(`${A}/visits`, {
        roundId: round.id,
        householdId: homes[1],
        outcome: 'met',
        opinions: '希望楼道装感应灯',
        problems: '三楼楼道灯不亮',
      }),
      201,
    );
    expect(met).toMatchObject({ outcome: 'met', visitorName: 'gridWorker', gridId: t.world.gridA });
    body(
      await grid.post(`${A}/visits`, { roundId: round.id, householdId: homes[2], outcome: 'not_home' }),
      201,
    );
    body(
      await grid.post(`${A}/visits`, { roundId: round.id, householdId: homes[3], outcome: 'refused' }),
      201,
    );
    expect(
      errorCode(
        await grid.post(`${A}/visits`, { roundId: round.id, householdId: farHome, outcome: 'met' }),
        403,
      ),
    ).toBe('forbidden');
    expect(
      errorCode(
        await staff.post(`${A}/visits`, { roundId: round.id, householdId: farHome, outcome: 'met' }),
        400,
      ),
    ).toBe('visits_not_in_round');
    expect((await grid.post(`${A}/visits`, { householdId: homes[1], outcome: 'maybe' })).statusCode).toBe(
      400,
    );
    expect(errorCode(await grid.post(`${A}/visits`, { householdId: 'no-such', outcome: 'met' }), 400)).toBe(
      'bad_reference',
    );
    const detail = body<RoundJson>(await grid.get(`${A}/visit-rounds/${round.id}`), 200);
    expect(detail.visited).toBe(2);
    expect(Object.fromEntries(detail.items.map((i) => [i.householdId, i.status]))).toEqual({
      [homes[0]!]: 'not_visited',
      [homes[1]!]: 'visited',
      [homes[2]!]: 'not_home',
      [homes[3]!]: 'visited',
    });
    const list = body<{ items: VisitJson[] }>(
      await grid.get(`${A}/visits?roundId=${round.id}&outcome=met`),
      200,
    );
    expect(list.items.map((v) => v.opinions)).toEqual(['希望楼道装感应灯']);
    expect(body<{ total: number }>(await grid.get(`${A}/visits?q=感应灯`), 200).total).toBe(1);
  });

  it('coverage this quarter per building, and who still needs a knock', async () => {
    const coverage = body<Coverage>(await grid.get(`${A}/visit-coverage`), 200);
    expect(coverage.quarter).toBe(quarterOf(shanghaiDay(Date.now())).code);
    expect(coverage.totals).toEqual({ households: 4, visited: 2, notHome: 1, notVisited: 1 });
    expect(coverage.buildings.map((b) => b.buildingId)).toEqual([t.world.buildingA1]);
    // Staff see the whole community, grid B's household included.
    const all = body<Coverage>(await staff.get(`${A}/visit-coverage`), 200);
    expect(all.totals).toEqual({ households: 5, visited: 2, notHome: 1, notVisited: 2 });
    const perGrid = body<Coverage>(await staff.get(`${A}/visit-coverage?gridId=${w.gridB}`), 200);
    expect(perGrid.totals.households).toBe(1);
    const toKnock = body<{ items: { householdId: string; status: string }[] }>(
      await grid.get(`${A}/visit-coverage/households?status=not_visited`),
      200,
    );
    expect(toKnock.items.map((h) => h.householdId)).toEqual([homes[0]]);
    const notHome = body<{ items: { householdId: string }[] }>(
      await grid.get(`${A}/visit-coverage/households?status=not_home`),
      200,
    );
    expect(notHome.items.map((h) => h.householdId)).toEqual([homes[2]]);
    // An earlier quarter: nobody was visited then.
    const old = body<Coverage>(await grid.get(`${A}/visit-coverage?quarter=2020-Q1`), 200);
    expect(old.totals).toMatchObject({ visited: 0, notVisited: 4 });
    expect((await grid.get(`${A}/visit-coverage?quarter=2020-Q5`)).statusCode).toBe(400);
  });

  it('problems found become a service order, or a topic for the neighbours, once each', async () => {
    const [visit] = body<{ items: VisitJson[] }>(await grid.get(`${A}/visits?outcome=met`), 200).items;
    const categories = body<{ items: { id: string }[] }>(
      await w.elder.client.get(`${A}/order-categories`),
      200,
    );
    const ordered = body<VisitJson>(
      await grid.post(`${A}/visits/${visit!.id}/order`, { categoryId: categories.items[0]!.id }),
      201,
    );
    expect(ordered.orderId).toBeTruthy();
    const order = await t.deps.db
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', ordered.orderId!)
      .executeTakeFirstOrThrow();
    expect(order).toMatchObject({
      household_id: homes[1],
      description: '三楼楼道灯不亮',
      channel: 'walk_in',
    });
    expect(
      errorCode(
        await grid.post(`${A}/visits/${visit!.id}/order`, { categoryId: categories.items[0]!.id }),
        409,
      ),
    ).toBe('care_already_ordered');
    expect(errorCode(await grid.post(`${A}/visits/${visit!.id}/topic`, { category: 'astrology' }), 400)).toBe(
      'topic_category_unknown',
    );
    const raised = body<VisitJson>(
      await grid.post(`${A}/visits/${visit!.id}/topic`, { category: 'facilities', title: '楼道感应灯' }),
      201,
    );
    const topic = await t.deps.db
      .selectFrom('topics')
      .selectAll()
      .where('id', '=', raised.topicId!)
      .executeTakeFirstOrThrow();
    expect(topic).toMatchObject({
      title: '楼道感应灯',
      body: '三楼楼道灯不亮',
      compound_id: t.world.compoundA1,
      state: 'raised',
    });
    expect(
      errorCode(await grid.post(`${A}/visits/${visit!.id}/topic`, { category: 'facilities' }), 409),
    ).toBe('visits_already_topic');
    // A party member who did not make the visit and holds no order rights cannot turn it into one.
    expect(
      (
        await (
          await t.as('partyMember')
        ).post(`${A}/visits/${visit!.id}/order`, { categoryId: categories.items[0]!.id })
      ).statusCode,
    ).toBe(403);
  });

  it('a closed round takes no more visits', async () => {
    body(await grid.post(`${A}/visit-rounds/${round.id}/close`), 200);
    expect(
      errorCode(
        await grid.post(`${A}/visits`, { roundId: round.id, householdId: homes[0], outcome: 'met' }),
        409,
      ),
    ).toBe('visits_round_closed');
  });
});

describe('党员联系户', () => {
  it('households assigned to a party member show under /me; their visits count the same way', async () => {
    const assigned = body<{ id: string; personName: string; visitedThisQuarter: boolean }>(
      await grid.post(`${A}/contact-assignments`, { householdId: homes[0], personId: member.personId }),
      201,
    );
    expect(assigned).toMatchObject({ personName: '吴党员', visitedThisQuarter: false });
    expect(
      errorCode(
        await grid.post(`${A}/contact-assignments`, { householdId: homes[0], personId: member.personId }),
        409,
      ),
    ).toBe('visits_already_assigned');
    expect(
      (await grid.post(`${A}/contact-assignments`, { householdId: farHome, personId: member.personId }))
        .statusCode,
    ).toBe(403);
    expect(await inbox(member.client)).toContain('visit_assigned');
    const mine = body<{ items: { householdId: string; visitedThisQuarter: boolean }[] }>(
      await member.client.get('/api/v1/me/contact-households'),
      200,
    );
    expect(mine.items).toEqual([
      expect.objectContaining({ householdId: homes[0], visitedThisQuarter: false }),
    ]);
    const visit = body<VisitJson>(
      await member.client.post('/api/v1/me/visits', {
        householdId: homes[0],
        outcome: 'met',
        opinions: '身体还行',
      }),
      201,
    );
    expect(visit.visitorName).toBe('吴党员');
    expect(
      (await member.client.post('/api/v1/me/visits', { householdId: homes[1], outcome: 'met' })).statusCode,
    ).toBe(404);
    const after = body<{ items: { visitedThisQuarter: boolean; lastOutcome: string | null }[] }>(
      await member.client.get('/api/v1/me/contact-households'),
      200,
    );
    expect(after.items[0]).toMatchObject({ visitedThisQuarter: true, lastOutcome: 'met' });
    const coverage = body<Coverage>(await grid.get(`${A}/visit-coverage`), 200);
    expect(coverage.totals).toMatchObject({ visited: 3, notVisited: 0 });
    const listed = body<{ items: { householdId: string; assignedTo: string[] }[] }>(
      await grid.get(`${A}/visit-coverage/households?status=visited`),
      200,
    );
    expect(listed.items.find((h) => h.householdId === homes[0])?.assignedTo).toEqual(['吴党员']);
    expect(body<{ total: number }>(await member.client.get('/api/v1/me/visits'), 200).total).toBe(1);
    // The assignment ends: the household leaves their list; the visit stays.
    body(await grid.post(`${A}/contact-assignments/${assigned.id}/end`), 200);
    expect(body<{ total: number }>(await member.client.get('/api/v1/me/contact-households'), 200).total).toBe(
      0,
    );
    expect(body<{ total: number }>(await grid.get(`${A}/visits?householdId=${homes[0]}`), 200).total).toBe(1);
  });
});
