import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { newId } from '../../core/ids';
import {
  assemblies,
  body,
  closeVoting,
  draftAssembly,
  errorCode,
  openVoting,
  ownersCompound,
  vote,
  type OwnersCompound,
} from './votes.testkit';

let t: TestContext;
let c: OwnersCompound;
let assemblyId: string;
let canvass: string;
let second: Client;

beforeAll(async () => {
  t = await startTestApp();
  c = await ownersCompound(t);
  ({ assemblyId } = await draftAssembly(c));
  await openVoting(t, c, assemblyId);
  canvass = `${assemblies(c)}/${assemblyId}/canvass`;
  second = await t.holding('partyMember', 'compound', c.compoundId);
});
afterAll(() => t.close());

const accountOf = async (client: Client) => body<{ id: string }>(await client.get('/api/v1/auth/me'), 200).id;

describe('canvassing (扫楼)', () => {
  it('organisers assign volunteers who may canvass the building; nobody else', async () => {
    const volunteer = await accountOf(c.volunteer);
    const assignment = body<{ id: string; buildingName: string; accountId: string }>(
      await c.manager.post(`${canvass}/assignments`, { buildingId: c.buildings.b1, accountId: volunteer }),
      201,
    );
    expect(assignment).toMatchObject({ buildingName: '1栋', accountId: volunteer });
    expect(
      errorCode(
        await c.manager.post(`${canvass}/assignments`, { buildingId: c.buildings.b1, accountId: volunteer }),
        409,
      ),
    ).toBe('duplicate');
    // An owner's account holds no canvassing grant: an assignment would grant nothing.
    const stranger = c.accounts['张三'];
    expect(
      errorCode(
        await c.manager.post(`${canvass}/assignments`, { buildingId: c.buildings.b1, accountId: stranger }),
        400,
      ),
    ).toBe('canvass_account_cannot');
    expect(
      errorCode(
        await c.manager.post(`${canvass}/assignments`, {
          buildingId: t.world.buildingA1,
          accountId: volunteer,
        }),
        400,
      ),
    ).toBe('bad_reference');
    expect(
      (await c.volunteer.post(`${canvass}/assignments`, { buildingId: c.buildings.b2, accountId: volunteer }))
        .statusCode,
    ).toBe(403);
    body(
      await c.manager.post(`${canvass}/assignments`, {
        buildingId: c.buildings.b2,
        accountId: await accountOf(second),
      }),
      201,
    );
  });

  it('a volunteer records the doors of their own buildings only', async () => {
    const record = (client: Client, room: keyof typeof c.rooms, outcome: string, note?: string) =>
      client.post(`${canvass}/records`, { roomId: c.rooms[room], outcome, ...(note ? { note } : {}) });
    const first = body<{ outcome: string; roomNumber: string; note: string | null }>(
      await record(c.volunteer, '1-101', 'unreachable', '白天上班'),
      201,
    );
    expect(first).toMatchObject({ outcome: 'unreachable', roomNumber: '101', note: '白天上班' });
    body(await record(c.volunteer, '1-101', 'needs_paper', '晚上再来，老人要纸质票'), 201);
    body(await record(c.volunteer, '1-102', 'voted'), 201);
    body(await record(c.volunteer, '1-201', 'refused'), 201);
    expect(errorCode(await record(c.volunteer, '2-101', 'contacted'), 403)).toBe('canvass_not_assigned');
    body(await record(second, '2-101', 'contacted'), 201);
    expect(errorCode(await record(c.volunteer, '1-101', 'maybe'), 400)).toBe('validation');
    expect(
      errorCode(
        await c.volunteer.post(`${canvass}/records`, { roomId: t.world.roomA1, outcome: 'voted' }),
        400,
      ),
    ).toBe('bad_reference');
    // A volunteer sees their own work; organisers see everyone's.
    const own = body<{ items: { roomId: string }[]; total: number }>(
      await c.volunteer.get(`${canvass}/records`),
      200,
    );
    expect(own.total).toBe(4);
    const all = body<{ total: number }>(await c.manager.get(`${canvass}/records`), 200);
    expect(all.total).toBe(5);
    const mine = body<{ items: { buildingId: string }[] }>(
      await c.volunteer.get(`${canvass}/assignments`),
      200,
    );
    expect(mine.items.map((a) => a.buildingId)).toEqual([c.buildings.b1]);
    const paper = body<{ total: number }>(await c.manager.get(`${canvass}/records?outcome=needs_paper`), 200);
    expect(paper.total).toBe(1);
  });

  it('progress per building (each room’s latest outcome) and per volunteer', async () => {
    const progress = body<{
      buildings: {
        buildingName: string;
        rooms: number;
        visitedRooms: number;
        latest: Record<string, number>;
      }[];
      volunteers: {
        accountId: string;
        buildings: number;
        records: number;
        visitedRooms: number;
        outcomes: Record<string, number>;
      }[];
    }>(await c.manager.get(`${canvass}/progress`), 200);
    expect(progress.buildings).toEqual([
      {
        buildingId: c.buildings.b1,
        buildingName: '1栋',
        rooms: 4,
        visitedRooms: 3,
        latest: { contacted: 0, voted: 1, refused: 1, unreachable: 0, needs_paper: 1 },
      },
      {
        buildingId: c.buildings.b2,
        buildingName: '2栋',
        rooms: 4,
        visitedRooms: 1,
        latest: { contacted: 1, voted: 0, refused: 0, unreachable: 0, needs_paper: 0 },
      },
    ]);
    const volunteer = progress.volunteers.find((v) => v.records === 4)!;
    expect(volunteer).toMatchObject({
      buildings: 1,
      visitedRooms: 3,
      outcomes: { contacted: 0, voted: 1, refused: 1, unreachable: 1, needs_paper: 1 },
    });
    expect((await c.volunteer.get(`${canvass}/progress`)).statusCode).toBe(403);
  });

  it('an ended assignment stops further records; its records stay', async () => {
    const live = body<{ items: { id: string; buildingId: string }[] }>(
      await c.manager.get(`${canvass}/assignments`),
      200,
    );
    const b1 = live.items.find((a) => a.buildingId === c.buildings.b1)!;
    const ended = body<{ endedAt: number | null }>(
      await c.manager.post(`${canvass}/assignments/${b1.id}/end`),
      200,
    );
    expect(ended.endedAt).not.toBeNull();
    expect(
      errorCode(
        await c.volunteer.post(`${canvass}/records`, { roomId: c.rooms['1-202'], outcome: 'voted' }),
        403,
      ),
    ).toBe('canvass_not_assigned');
    expect(body<{ total: number }>(await c.volunteer.get(`${canvass}/records`), 200).total).toBe(4);
  });

  it('volunteers of another compound cannot reach this assembly', async () => {
    const outside = await t.as('volunteer'); // granted on community A: may canvass anywhere in it
    expect((await outside.get(`${canvass}/assignments`)).statusCode).toBe(200);
    const inB = await outside.get(
      `/api/v1/communities/${t.world.communityB}/assemblies/${assemblyId}/canvass/assignments`,
    );
    expect(inB.statusCode).toBe(403);
    const otherCompound = await t.holding('volunteer', 'compound', t.world.compoundA2);
    expect((await otherCompound.get(`${canvass}/assignments`)).statusCode).toBe(403);
  });
});

describe('who may be assigned (扫楼人员)', () => {
  let fresh: string;
  let gridWorker: Client;
  let buildingMember: Client;
  const listOf = async (query = '') =>
    body<{ items: { id: string; name: string; roles: string[] }[]; total: number }>(
      await c.manager.get(`${assemblies(c)}/${fresh}/canvass/canvassers${query}`),
      200,
    );

  beforeAll(async () => {
    ({ assemblyId: fresh } = await draftAssembly(c));
    // A grid of this compound covering 2栋 only, and a party member granted on 1栋 only.
    const gridId = newId();
    const now = Date.now();
    await t.deps.db
      .insertInto('grids')
      .values({
        community_id: c.communityId,
        id: gridId,
        compound_id: c.compoundId,
        name: '二栋网格',
        created_at: now,
        updated_at: now,
        archived_at: null,
      })
      .execute();
    await t.deps.db
      .insertInto('grid_buildings')
      .values({ community_id: c.communityId, grid_id: gridId, building_id: c.buildings.b2 })
      .execute();
    gridWorker = await t.holding('gridWorker', 'grid', gridId);
    buildingMember = await t.holding('partyMember', 'building', c.buildings.b1);
  });

  it('lists the accounts whose grants reach the compound, with the roles that do', async () => {
    const w = t.world.accounts;
    const expected = [
      // Granted on the whole community A.
      w.volunteer,
      w.partyMember,
      w.communityStaff,
      w.communityAdmin,
      // Granted on this compound, one of its buildings, or a grid over one of them.
      await accountOf(c.manager),
      await accountOf(c.checker),
      await accountOf(c.volunteer),
      await accountOf(second),
      await accountOf(gridWorker),
      await accountOf(buildingMember),
    ].sort();
    const all = await listOf('?pageSize=100');
    expect(all.items.map((x) => x.id).sort()).toEqual(expected);
    expect(all.total).toBe(expected.length);
    // Not: a grid worker and a branch of compound A1, a squad leader, the street, owners without grants.
    for (const outside of [w.gridWorker, w.branch, w.squadLeader, w.streetAdmin, c.accounts['张三']])
      expect(all.items.map((x) => x.id)).not.toContain(outside);
    expect(all.items.find((x) => x.id === w.communityStaff)).toMatchObject({
      name: 'communityStaff',
      roles: ['communityStaff'],
    });
    const page = await listOf('?pageSize=3&page=2');
    expect(page.items).toHaveLength(3);
    expect(page.total).toBe(expected.length);
    // q searches the name.
    const found = await listOf('?q=VOLUNTEER&pageSize=100');
    expect(found.items.map((x) => x.id).sort()).toEqual([w.volunteer, await accountOf(c.volunteer)].sort());
  });

  it('for one building, exactly those the assignment route then accepts for it', async () => {
    const forB2 = (await listOf(`?buildingId=${c.buildings.b2}&pageSize=100`)).items.map((x) => x.id);
    expect(forB2).toContain(await accountOf(gridWorker));
    expect(forB2).not.toContain(await accountOf(buildingMember));
    for (const accountId of forB2)
      body(
        await c.manager.post(`${assemblies(c)}/${fresh}/canvass/assignments`, {
          buildingId: c.buildings.b2,
          accountId,
        }),
        201,
      );
    expect(
      errorCode(
        await c.manager.post(`${assemblies(c)}/${fresh}/canvass/assignments`, {
          buildingId: c.buildings.b2,
          accountId: await accountOf(buildingMember),
        }),
        400,
      ),
    ).toBe('canvass_account_cannot');
    const forB1 = (await listOf(`?buildingId=${c.buildings.b1}&pageSize=100`)).items.map((x) => x.id);
    expect(forB1).toContain(await accountOf(buildingMember));
    expect(forB1).not.toContain(await accountOf(gridWorker));
  });

  it('is for organisers; a building of another compound is refused', async () => {
    expect((await c.volunteer.get(`${assemblies(c)}/${fresh}/canvass/canvassers`)).statusCode).toBe(403);
    expect(
      errorCode(
        await c.manager.get(`${assemblies(c)}/${fresh}/canvass/canvassers?buildingId=${t.world.buildingA1}`),
        400,
      ),
    ).toBe('bad_reference');
  });
});

describe('each room’s standing (门牌进度)', () => {
  let fresh: string;
  let matterId: string;
  const rooms = (client: Client, query = '') => client.get(`${assemblies(c)}/${fresh}/canvass/rooms${query}`);
  interface RoomStatus {
    roomId: string;
    label: string;
    outcome: string | null;
    note: string | null;
    recordedBy: string | null;
    voted: boolean | null;
  }
  const labels = (page: { items: RoomStatus[] }) => page.items.map((r) => r.label);

  beforeAll(async () => {
    ({
      assemblyId: fresh,
      matterIds: [matterId = ''],
    } = await draftAssembly(c));
    body(
      await c.manager.post(`${assemblies(c)}/${fresh}/canvass/assignments`, {
        buildingId: c.buildings.b1,
        accountId: await accountOf(c.volunteer),
      }),
      201,
    );
  });

  it('before voting opens: the latest door of each room, participation unknown', async () => {
    const record = body<{ buildingName: string; entranceName: string; roomNumber: string }>(
      await c.volunteer.post(`${assemblies(c)}/${fresh}/canvass/records`, {
        roomId: c.rooms['1-101'],
        outcome: 'unreachable',
      }),
      201,
    );
    expect(record).toMatchObject({ buildingName: '1栋', entranceName: '1单元', roomNumber: '101' });
    const page = body<{ items: RoomStatus[] }>(await rooms(c.volunteer), 200);
    expect(labels(page)).toEqual(['1栋-1单元-101', '1栋-1单元-102', '1栋-1单元-201', '1栋-1单元-202']);
    expect(page.items[0]).toMatchObject({ outcome: 'unreachable', voted: null });
    expect(page.items[1]).toMatchObject({ outcome: null, voted: null });
  });

  it('while voting: a volunteer sees their buildings, organisers all; whether the voter voted, never how', async () => {
    await openVoting(t, c, fresh);
    const door = (room: keyof typeof c.rooms, outcome: string, note?: string) =>
      c.volunteer.post(`${assemblies(c)}/${fresh}/canvass/records`, { roomId: c.rooms[room], outcome, note });
    body(await door('1-101', 'needs_paper', '老人要纸质票'), 201);
    body(await door('1-102', 'voted'), 201);
    body(await vote(await c.owner('张三'), fresh, matterId, { choice: 'no' }), 201);
    // 赵六 votes once for both his rooms, 1栋-201 and 2栋-101.
    body(await vote(await c.owner('赵六'), fresh, matterId, { choice: 'yes' }), 201);

    const mine = body<{ items: RoomStatus[]; total: number }>(await rooms(c.volunteer), 200);
    expect(mine.total).toBe(4);
    const byLabel = Object.fromEntries(mine.items.map((r) => [r.label, r]));
    expect(byLabel['1栋-1单元-101']).toMatchObject({
      outcome: 'needs_paper',
      note: '老人要纸质票',
      voted: true,
    });
    // The volunteer's note says 李四 voted; the chain says not yet: both are shown.
    expect(byLabel['1栋-1单元-102']).toMatchObject({ outcome: 'voted', voted: false });
    expect(byLabel['1栋-1单元-201']).toMatchObject({ outcome: null, voted: true });
    expect(byLabel['1栋-1单元-202']).toMatchObject({ outcome: null, voted: false });
    expect(byLabel['1栋-1单元-101']!.recordedBy).toBe('volunteer@compound');
    for (const item of mine.items)
      expect(Object.keys(item).sort()).toEqual(
        [
          'buildingId',
          'buildingName',
          'entranceName',
          'label',
          'note',
          'outcome',
          'recordedAt',
          'recordedBy',
          'roomId',
          'roomNumber',
          'voted',
        ].sort(),
      );
    expect(JSON.stringify(mine)).not.toMatch(/"(yes|no)"/);
    expect(errorCode(await rooms(c.volunteer, `?buildingId=${c.buildings.b2}`), 403)).toBe(
      'canvass_not_assigned',
    );

    const all = body<{ items: RoomStatus[]; total: number }>(await rooms(c.manager, '?pageSize=50'), 200);
    expect(all.total).toBe(8);
    expect(
      labels(body<{ items: RoomStatus[] }>(await rooms(c.manager, '?voted=true&pageSize=50'), 200)),
    ).toEqual(['1栋-1单元-101', '1栋-1单元-201', '2栋-1单元-101']);
    expect(
      labels(body<{ items: RoomStatus[] }>(await rooms(c.manager, '?status=unvisited&pageSize=50'), 200)),
    ).toHaveLength(6);
    expect(labels(body<{ items: RoomStatus[] }>(await rooms(c.manager, '?status=needs_paper'), 200))).toEqual(
      ['1栋-1单元-101'],
    );
    expect(
      labels(
        body<{ items: RoomStatus[] }>(
          await rooms(c.manager, `?buildingId=${c.buildings.b2}&voted=false&q=20`),
          200,
        ),
      ),
    ).toEqual(['2栋-1单元-201', '2栋-1单元-202']);
    expect(errorCode(await rooms(c.manager, '?status=maybe'), 400)).toBe('validation');
  });

  it('a canvasser with no building here sees nothing; other compounds’ volunteers cannot ask', async () => {
    const idle = await t.holding('volunteer', 'compound', c.compoundId);
    const none = body<{ items: RoomStatus[]; total: number }>(await rooms(idle), 200);
    expect(none).toMatchObject({ items: [], total: 0 });
    const elsewhere = await t.holding('volunteer', 'compound', t.world.compoundA2);
    expect((await rooms(elsewhere)).statusCode).toBe(403);
    expect(errorCode(await c.manager.get(`${assemblies(c)}/no-such-assembly/canvass/rooms`), 404)).toBe(
      'not_found',
    );
  });

  it('a volunteer finds their assignments through /me/canvass while the assembly runs', async () => {
    const mine = body<{ items: { assemblyId: string; buildingName: string; communityId: string }[] }>(
      await c.volunteer.get('/api/v1/me/canvass?pageSize=100'),
      200,
    );
    expect(mine.items.filter((x) => x.assemblyId === fresh)).toEqual([
      expect.objectContaining({
        communityId: c.communityId,
        buildingId: c.buildings.b1,
        buildingName: '1栋',
        assemblyStatus: 'voting',
      }),
    ]);
    // An owner holds no grant: nothing to canvass.
    const owner = body<{ total: number }>(await (await c.owner('张三')).get('/api/v1/me/canvass'), 200);
    expect(owner.total).toBe(0);
    // Once voting closes there is nothing left to canvass.
    await closeVoting(t, c, fresh);
    const after = body<{ items: { assemblyId: string }[] }>(
      await c.volunteer.get('/api/v1/me/canvass?pageSize=100'),
      200,
    );
    expect(after.items.filter((x) => x.assemblyId === fresh)).toEqual([]);
  });
});
