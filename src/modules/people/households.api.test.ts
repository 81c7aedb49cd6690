import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { todayInShanghai } from '../../core/time';
import {
  addCompound,
  addRoom,
  api,
  body,
  errorCode,
  ids,
  moveIn,
  newHousehold,
  newPerson,
} from './people.testkit';

interface Member {
  residencyId: string;
  personId: string;
  name: string;
  phone: string | null;
  kind: string;
  relation: string | null;
  since: string | null;
  until: string | null;
}
interface Household {
  id: string;
  roomId: string;
  roomNumber: string;
  compoundId: string;
  buildingId: string;
  name: string;
  headPersonId: string | null;
  headName: string | null;
  closedAt: number | null;
  closedBy: string | null;
  members: Member[];
}
interface Residency {
  id: string;
  householdId: string;
  personId: string;
  kind: string;
  relation: string | null;
  since: string | null;
  until: string | null;
}

let t: TestContext;
let staff: Client;
let A: string;
let roomA2: string;

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.as('communityStaff');
  A = api(t.world.communityA);
  roomA2 = await addRoom(t, { compoundId: t.world.compoundA2, buildingId: t.world.buildingA2 }, '1801');
});
afterAll(() => t.close());

describe('households', () => {
  it('open in a room, taking the room’s compound and building', async () => {
    const made = body<Household>(
      await staff.post(`${A}/households`, { roomId: t.world.roomA1, name: ' 刘家 ' }),
      201,
    );
    expect(made).toMatchObject({
      roomId: t.world.roomA1,
      roomNumber: '101',
      compoundId: t.world.compoundA1,
      buildingId: t.world.buildingA1,
      name: '刘家',
      headPersonId: null,
      closedAt: null,
      members: [],
    });
    expect(body<Household>(await staff.get(`${A}/households/${made.id}`), 200)).toEqual(made);
  });

  it('refuse an unknown room, a blank name and unknown fields with 400; 404 an unknown household', async () => {
    expect(errorCode(await staff.post(`${A}/households`, { roomId: 'no-room', name: '某家' }), 400)).toBe(
      'unknown_room',
    );
    expect(errorCode(await staff.post(`${A}/households`, { roomId: t.world.roomA1, name: ' ' }), 400)).toBe(
      'validation',
    );
    expect(errorCode(await staff.post(`${A}/households`, {}), 400)).toBe('validation');
    expect(
      errorCode(await staff.post(`${A}/households`, { roomId: t.world.roomA1, name: '某', x: 1 }), 400),
    ).toBe('validation');
    expect(errorCode(await staff.get(`${A}/households/nope`), 404)).toBe('not_found');
    expect(errorCode(await staff.patch(`${A}/households/nope`, { name: '某' }), 404)).toBe('not_found');
    expect(errorCode(await staff.post(`${A}/households/nope/close`), 404)).toBe('not_found');
  });

  it('are listed by compound, building, room and name', async () => {
    const place = await addCompound(t, '列表小区');
    const room1 = await addRoom(t, place, '301');
    const room2 = await addRoom(t, place, '302');
    const h1 = await newHousehold(staff, t.world.communityA, room1, '列表户1');
    const h2 = await newHousehold(staff, t.world.communityA, room2, '列表户2');
    const inA2 = await newHousehold(staff, t.world.communityA, roomA2, '列表户3');
    expect(ids(await staff.get(`${A}/households?q=列表户`))).toEqual([h1, h2, inA2]);
    expect(ids(await staff.get(`${A}/households?compoundId=${place.compoundId}`))).toEqual([h1, h2]);
    expect(ids(await staff.get(`${A}/households?buildingId=${t.world.buildingA2}&q=列表户`))).toEqual([inA2]);
    expect(ids(await staff.get(`${A}/households?roomId=${room2}`))).toEqual([h2]);
    expect(ids(await staff.get(`${A}/households?q=列表户&pageSize=1&page=3`))).toEqual([inA2]);
    expect((await staff.get(`${A}/households?closed=perhaps`)).statusCode).toBe(400);
  });
});

describe('members', () => {
  let household: string;
  let wang: string;
  let li: string;

  beforeAll(async () => {
    household = await newHousehold(staff, t.world.communityA, t.world.roomA1, '王家');
    wang = await newPerson(staff, t.world.communityA, { name: '王大', phone: '13812340001' });
    li = await newPerson(staff, t.world.communityA, { name: '李二' });
  });

  it('move in as owner, tenant or family with their relation to the head, shown masked', async () => {
    const residency = body<Residency>(
      await staff.post(`${A}/households/${household}/residencies`, {
        personId: wang,
        kind: 'owner',
        relation: '本人',
        since: '2015-06-01',
      }),
      201,
    );
    expect(residency).toMatchObject({ householdId: household, personId: wang, kind: 'owner', until: null });
    await moveIn(staff, t.world.communityA, household, li, { relation: '配偶' });
    const got = body<Household>(await staff.get(`${A}/households/${household}`), 200);
    expect(got.members).toEqual([
      {
        residencyId: residency.id,
        personId: wang,
        name: '王大',
        phone: '138****0001',
        kind: 'owner',
        relation: '本人',
        since: '2015-06-01',
        until: null,
      },
      expect.objectContaining({ personId: li, kind: 'family', relation: '配偶', phone: null }),
    ]);
    expect(JSON.stringify(got)).not.toContain('13812340001');
  });

  it('refuse a second current residency in the same household, unknown people and bad input', async () => {
    const url = `${A}/households/${household}/residencies`;
    expect(errorCode(await staff.post(url, { personId: wang, kind: 'family' }), 409)).toBe(
      'already_resident',
    );
    expect(errorCode(await staff.post(url, { personId: 'nobody', kind: 'family' }), 400)).toBe(
      'unknown_person',
    );
    expect(errorCode(await staff.post(url, { personId: li, kind: 'lodger' }), 400)).toBe('validation');
    const tooLong = await staff.post(url, { personId: li, kind: 'family', relation: '一'.repeat(21) });
    expect(body<{ error: { message: string } }>(tooLong, 400).error.message).toContain('relation');
    expect(errorCode(await staff.post(url, {}), 400)).toBe('validation');
    expect(
      errorCode(await staff.post(`${A}/households/nope/residencies`, { personId: li, kind: 'family' }), 404),
    ).toBe('not_found');
  });

  it('an archived person cannot move in', async () => {
    const gone = await newPerson(staff, t.world.communityA, { name: '已归档' });
    await staff.post(`${A}/people/${gone}/archive`);
    const res = await staff.post(`${A}/households/${household}/residencies`, {
      personId: gone,
      kind: 'family',
    });
    expect(errorCode(res, 409)).toBe('person_archived');
  });

  it('the head must be a current member', async () => {
    const stranger = await newPerson(staff, t.world.communityA, { name: '路人' });
    const url = `${A}/households/${household}`;
    expect(errorCode(await staff.patch(url, { headPersonId: stranger }), 400)).toBe('head_not_member');
    const named = body<Household>(await staff.patch(url, { headPersonId: wang, name: '王大家' }), 200);
    expect(named).toMatchObject({ headPersonId: wang, headName: '王大', name: '王大家' });
    expect(body<Household>(await staff.patch(url, { headPersonId: null }), 200).headPersonId).toBeNull();
  });

  it('move out on a date, today by default; not twice, not before moving in', async () => {
    const person = await newPerson(staff, t.world.communityA, { name: '搬走' });
    const residency = await moveIn(staff, t.world.communityA, household, person, { since: '2020-01-01' });
    const url = `${A}/households/${household}/residencies/${residency}/end`;
    expect(errorCode(await staff.post(url, { until: '2019-12-31' }), 400)).toBe('until_before_since');
    expect(errorCode(await staff.post(url, { until: '31/12/2024' }), 400)).toBe('validation');
    const ended = body<Residency>(await staff.request('POST', url), 200); // no body at all
    expect(ended.until).toBe(todayInShanghai());
    expect(errorCode(await staff.post(url, {}), 409)).toBe('already_ended');
    const members = body<Household>(await staff.get(`${A}/households/${household}`), 200).members;
    expect(members.map((m) => m.personId)).not.toContain(person);
    // Moving back in later is a new residency.
    await moveIn(staff, t.world.communityA, household, person);
    expect(errorCode(await staff.post(`${A}/households/${household}/residencies/nope/end`, {}), 404)).toBe(
      'not_found',
    );
  });

  it('a residency belongs to its household: ending it through another one is 404', async () => {
    const other = await newHousehold(staff, t.world.communityA, t.world.roomA1, '别家');
    const person = await newPerson(staff, t.world.communityA, { name: '串门' });
    const residency = await moveIn(staff, t.world.communityA, household, person);
    expect(
      errorCode(await staff.post(`${A}/households/${other}/residencies/${residency}/end`, {}), 404),
    ).toBe('not_found');
  });
});

describe('closing a household', () => {
  it('keeps it with who closed it and when, ends its residencies, and freezes it', async () => {
    const household = await newHousehold(staff, t.world.communityA, t.world.roomA1, '注销户');
    const person = await newPerson(staff, t.world.communityA, { name: '注销成员' });
    const residency = await moveIn(staff, t.world.communityA, household, person);
    const closed = body<Household>(await staff.post(`${A}/households/${household}/close`), 200);
    expect(closed).toMatchObject({
      closedAt: expect.any(Number),
      closedBy: t.world.accounts.communityStaff,
      members: [],
    });
    const row = await t.deps.db
      .selectFrom('residencies')
      .selectAll()
      .where('id', '=', residency)
      .executeTakeFirstOrThrow();
    expect(row.until).toBe(todayInShanghai());

    expect(ids(await staff.get(`${A}/households?q=注销户`))).toEqual([]);
    expect(ids(await staff.get(`${A}/households?q=注销户&closed=true`))).toEqual([household]);
    expect(errorCode(await staff.post(`${A}/households/${household}/close`), 409)).toBe('household_closed');
    expect(errorCode(await staff.patch(`${A}/households/${household}`, { name: '复活' }), 409)).toBe(
      'household_closed',
    );
    expect(
      errorCode(
        await staff.post(`${A}/households/${household}/residencies`, { personId: person, kind: 'family' }),
        409,
      ),
    ).toBe('household_closed');
    expect(
      errorCode(
        await staff.post(`${A}/people`, {
          name: '新',
          residence: { householdId: household, kind: 'family' },
        }),
        409,
      ),
    ).toBe('household_closed');
  });
});

describe('who reaches which household', () => {
  let inA1: string;
  let inA2: string;

  beforeAll(async () => {
    inA1 = await newHousehold(staff, t.world.communityA, t.world.roomA1, '范围户1');
    inA2 = await newHousehold(staff, t.world.communityA, roomA2, '范围户2');
  });

  it('a grid worker and a compound branch see only the households where they work', async () => {
    for (const role of ['gridWorker', 'branch'] as const) {
      const client = await t.as(role);
      expect(ids(await client.get(`${A}/households?q=范围户`)), role).toEqual([inA1]);
      expect((await client.get(`${A}/households/${inA1}`)).statusCode, role).toBe(200);
      expect(errorCode(await client.get(`${A}/households/${inA2}`), 403), role).toBe('forbidden');
    }
    expect(ids(await staff.get(`${A}/households?q=范围户`))).toEqual([inA1, inA2]);
  });

  it('a grid worker keeps its grid’s households and nobody else’s', async () => {
    const grid = await t.as('gridWorker');
    expect(
      (await grid.post(`${A}/households`, { roomId: t.world.roomA1, name: '网格新户' })).statusCode,
    ).toBe(201);
    expect(errorCode(await grid.post(`${A}/households`, { roomId: roomA2, name: '越界户' }), 403)).toBe(
      'forbidden',
    );
    expect(errorCode(await grid.patch(`${A}/households/${inA2}`, { name: '改' }), 403)).toBe('forbidden');
    expect(errorCode(await grid.post(`${A}/households/${inA2}/close`), 403)).toBe('forbidden');
    const person = await newPerson(grid, t.world.communityA, {
      name: '网格居民',
      residence: { householdId: inA1, kind: 'family' },
    });
    expect(
      errorCode(
        await grid.post(`${A}/households/${inA2}/residencies`, { personId: person, kind: 'family' }),
        403,
      ),
    ).toBe('forbidden');
  });

  it('a branch reads but does not write', async () => {
    const branch = await t.as('branch');
    expect(errorCode(await branch.patch(`${A}/households/${inA1}`, { name: '改' }), 403)).toBe('forbidden');
  });

  it('another community’s households are not found from here', async () => {
    const admin = await t.as('platformAdmin');
    const b = await addCompound(t, '乙二小区', t.world.communityB);
    const roomB = await addRoom(t, b, '101');
    const householdB = await newHousehold(admin, t.world.communityB, roomB, '乙家');
    expect(errorCode(await staff.get(`${A}/households/${householdB}`), 404)).toBe('not_found');
    expect(errorCode(await staff.post(`${A}/households`, { roomId: roomB, name: '偷' }), 400)).toBe(
      'unknown_room',
    );
    expect(ids(await staff.get(`${A}/households?roomId=${roomB}`))).toEqual([]);
  });
});
