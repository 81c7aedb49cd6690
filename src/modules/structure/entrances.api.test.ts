import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { api, body, ids, makeBuilding, makeEntrance, onCompound } from './structure.testkit';

interface Entrance {
  id: string;
  communityId: string;
  compoundId: string;
  buildingId: string;
  buildingName: string;
  name: string;
  archivedAt: number | null;
}
interface ErrorBody {
  error: { code: string; message: string };
}

let t: TestContext;
let staff: Client;
let A: string;

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.as('communityStaff');
  A = api(t.world.communityA);
});
afterAll(() => t.close());

describe('entrances', () => {
  it('are added to a building and take its compound from it', async () => {
    const made = body<Entrance>(
      await staff.post(`${A}/entrances`, { buildingId: t.world.buildingA1, name: ' ２单元 ' }),
      201,
    );
    expect(made).toMatchObject({
      communityId: t.world.communityA,
      compoundId: t.world.compoundA1,
      buildingId: t.world.buildingA1,
      buildingName: '1栋',
      name: '2单元',
      archivedAt: null,
    });
    const listed = body<{ items: Entrance[] }>(
      await staff.get(`${A}/entrances?buildingId=${t.world.buildingA1}`),
      200,
    );
    expect(listed.items.map((e) => e.name)).toEqual(['1单元', '2单元']);
    expect(listed.items[1]).toEqual(made);
  });

  it('are listed per building, in natural order, searchable by name', async () => {
    const building = await makeBuilding(staff, t.world.communityA, t.world.compoundA2, '7栋');
    const e10 = await makeEntrance(staff, t.world.communityA, building, '10单元');
    const e9 = await makeEntrance(staff, t.world.communityA, building, '9单元');
    expect(ids(await staff.get(`${A}/entrances?buildingId=${building}`))).toEqual([e9, e10]);
    expect(ids(await staff.get(`${A}/entrances?buildingId=${building}&order=desc`))).toEqual([e10, e9]);
    expect(ids(await staff.get(`${A}/entrances?buildingId=${building}&q=10`))).toEqual([e10]);
    expect(ids(await staff.get(`${A}/entrances?pageSize=200`))).toEqual(
      expect.arrayContaining([t.world.entranceA1, e9, e10]),
    );
    // The console's compound switcher narrows the list to one compound's buildings.
    const inA2 = ids(await staff.get(`${A}/entrances?compoundId=${t.world.compoundA2}&pageSize=200`));
    expect(inA2).toEqual(expect.arrayContaining([e9, e10]));
    expect(inA2).not.toContain(t.world.entranceA1);
  });

  it('are renamed; a name already used in the building is refused with 409', async () => {
    const id = await makeEntrance(staff, t.world.communityA, t.world.buildingA1, '3单元');
    const renamed = body<Entrance>(await staff.patch(`${A}/entrances/${id}`, { name: '三单元' }), 200);
    expect(renamed).toMatchObject({ name: '三单元', buildingName: '1栋' });
    const taken = body<ErrorBody>(await staff.patch(`${A}/entrances/${id}`, { name: '1单元' }), 409);
    expect(taken.error.code).toBe('entrance_name_taken');
    const dup = body<ErrorBody>(
      await staff.post(`${A}/entrances`, { buildingId: t.world.buildingA1, name: '三单元' }),
      409,
    );
    expect(dup.error.message).toContain('三单元');
    // The same name in another building is another entrance.
    await makeEntrance(staff, t.world.communityA, t.world.buildingA2, '三单元');
  });

  it('are archived: hidden from the list, and nothing more can be added to them', async () => {
    const id = await makeEntrance(staff, t.world.communityA, t.world.buildingA1, '待拆单元');
    const archived = body<Entrance>(await staff.post(`${A}/entrances/${id}/archive`), 200);
    expect(archived.archivedAt).toEqual(expect.any(Number));
    expect(ids(await staff.get(`${A}/entrances?buildingId=${t.world.buildingA1}`))).not.toContain(id);
    expect(ids(await staff.get(`${A}/entrances?archived=true`))).toEqual([id]);
    const room = await staff.post(`${A}/rooms`, {
      entranceId: id,
      number: '101',
      area: '50',
      areaSource: 'register',
      use: 'residence',
    });
    expect(body<ErrorBody>(room, 409).error.code).toBe('parent_archived');
  });

  it('cannot be added to an archived building', async () => {
    const building = await makeBuilding(staff, t.world.communityA, t.world.compoundA1, '旧楼');
    body(await staff.post(`${A}/buildings/${building}/archive`), 200);
    const res = await staff.post(`${A}/entrances`, { buildingId: building, name: '1单元' });
    const err = body<ErrorBody>(res, 409);
    expect(err.error.code).toBe('parent_archived');
    expect(err.error.message).toContain('旧楼');
  });
});

describe('entrances: bad input and unknown ids', () => {
  it('refuses an empty name, naming the field in Chinese or English', async () => {
    const zh = body<ErrorBody>(
      await staff.post(`${A}/entrances`, { buildingId: t.world.buildingA1, name: '' }),
      400,
    );
    expect(zh.error.message).toContain('name 不能为空');
    const en = await t.as('communityStaff');
    en.locale = 'en';
    const res = body<ErrorBody>(await en.patch(`${A}/entrances/${t.world.entranceA1}`, { name: '  ' }), 400);
    expect(res.error.message).toContain('name must not be empty');
    const noBuilding = body<ErrorBody>(await en.post(`${A}/entrances`, { name: '5单元' }), 400);
    expect(noBuilding.error.message).toContain('buildingId is required');
  });

  it('answers 404 for an unknown entrance or building', async () => {
    expect((await staff.patch(`${A}/entrances/nope`, { name: 'x' })).statusCode).toBe(404);
    expect((await staff.post(`${A}/entrances/nope/archive`)).statusCode).toBe(404);
    expect((await staff.post(`${A}/entrances`, { buildingId: 'nope', name: '1单元' })).statusCode).toBe(404);
  });
});

describe('entrances: who sees and changes what', () => {
  it('a compound A1 party branch and the grid worker see entrances of their buildings only', async () => {
    const inA2 = await makeEntrance(staff, t.world.communityA, t.world.buildingA2, '甲二单元');
    const otherA1Building = await makeBuilding(staff, t.world.communityA, t.world.compoundA1, '网格外');
    const outsideGrid = await makeEntrance(staff, t.world.communityA, otherA1Building, '1单元');

    const branch = await t.as('branch');
    const seenByBranch = ids(await branch.get(`${A}/entrances?pageSize=200`));
    expect(seenByBranch).toEqual(expect.arrayContaining([t.world.entranceA1, outsideGrid]));
    expect(seenByBranch).not.toContain(inA2);
    expect(ids(await branch.get(`${A}/entrances?buildingId=${t.world.buildingA2}`))).toEqual([]);
    expect(
      (await branch.post(`${A}/entrances`, { buildingId: t.world.buildingA1, name: 'x' })).statusCode,
    ).toBe(403);

    const grid = await t.as('gridWorker');
    const seenByGrid = ids(await grid.get(`${A}/entrances?pageSize=200`));
    expect(seenByGrid).toContain(t.world.entranceA1);
    expect(seenByGrid).not.toContain(outsideGrid);
    expect(seenByGrid).not.toContain(inA2);
  });

  it('writing needs org.write on the building’s compound', async () => {
    const a1Staff = await onCompound(t, 'communityStaff', t.world.compoundA1);
    const mine = await makeEntrance(a1Staff, t.world.communityA, t.world.buildingA1, '甲一新单元');
    expect((await a1Staff.patch(`${A}/entrances/${mine}`, { name: '甲一改名' })).statusCode).toBe(200);
    const theirs = await makeEntrance(staff, t.world.communityA, t.world.buildingA2, '甲二新单元');
    const create = await a1Staff.post(`${A}/entrances`, { buildingId: t.world.buildingA2, name: 'x' });
    expect(create.statusCode).toBe(403);
    expect((await a1Staff.patch(`${A}/entrances/${theirs}`, { name: 'x' })).statusCode).toBe(403);
    expect((await a1Staff.post(`${A}/entrances/${theirs}/archive`)).statusCode).toBe(403);
    const still = body<{ items: Entrance[] }>(
      await staff.get(`${A}/entrances?buildingId=${t.world.buildingA2}`),
      200,
    );
    expect(still.items.find((e) => e.id === theirs)).toMatchObject({ name: '甲二新单元', archivedAt: null });
  });

  it('an entrance of community B is unreachable through community A’s URL', async () => {
    const admin = await t.as('platformAdmin');
    const buildingB = await makeBuilding(admin, t.world.communityB, t.world.compoundB1, '乙楼');
    const inB = await makeEntrance(admin, t.world.communityB, buildingB, '乙单元');
    expect(ids(await admin.get(`${A}/entrances?pageSize=200`))).not.toContain(inB);
    expect(ids(await admin.get(`${A}/entrances?buildingId=${buildingB}`))).toEqual([]);
    expect((await admin.patch(`${A}/entrances/${inB}`, { name: 'x' })).statusCode).toBe(404);
    expect((await admin.post(`${A}/entrances/${inB}/archive`)).statusCode).toBe(404);
    expect((await admin.post(`${A}/entrances`, { buildingId: buildingB, name: 'x' })).statusCode).toBe(404);
    expect(ids(await admin.get(`${api(t.world.communityB)}/entrances`))).toEqual([inB]);
  });
});
