import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { api, body, ids, makeBuilding, makeEntrance, makeRoom, onCompound } from './structure.testkit';

interface Room {
  id: string;
  communityId: string;
  compoundId: string;
  compoundName: string;
  buildingId: string;
  buildingName: string;
  entranceId: string;
  entranceName: string;
  number: string;
  floor: number | null;
  area: string;
  areaSource: string;
  use: string;
  archivedAt: number | null;
}
interface ErrorBody {
  error: { code: string; message: string; details?: { field: string }[] };
}

let t: TestContext;
let staff: Client;
let A: string;
/** A second entrance of buildingA1, a second building of compound A1 outside grid A, and one in A2. */
let entranceA1b: string;
let buildingA1b: string;
let entranceA1b1: string;
let entranceA2: string;

const roomInput = (extra: Record<string, unknown> = {}) => ({
  entranceId: t.world.entranceA1,
  number: '201',
  area: '89.57',
  areaSource: 'register',
  use: 'residence',
  ...extra,
});

async function auditOf(roomId: string) {
  const rows = await t.deps.db
    .selectFrom('audit_log')
    .select(['community_id', 'actor_account_id', 'action', 'target_type', 'before_json', 'after_json'])
    .where('target_id', '=', roomId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    ...r,
    before: r.before_json === null ? null : (JSON.parse(r.before_json) as Record<string, unknown>),
    after: r.after_json === null ? null : (JSON.parse(r.after_json) as Record<string, unknown>),
  }));
}

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.as('communityStaff');
  A = api(t.world.communityA);
  const c = t.world.communityA;
  entranceA1b = await makeEntrance(staff, c, t.world.buildingA1, '2单元');
  buildingA1b = await makeBuilding(staff, c, t.world.compoundA1, '2栋');
  entranceA1b1 = await makeEntrance(staff, c, buildingA1b, '1单元');
  entranceA2 = await makeEntrance(staff, c, t.world.buildingA2, '1单元');
});
afterAll(() => t.close());

describe('rooms', () => {
  it('are added to an entrance, taking their building and compound from it, with the area exact', async () => {
    const made = body<Room>(await staff.post(`${A}/rooms`, roomInput({ number: '２０１', floor: 2 })), 201);
    expect(made).toMatchObject({
      communityId: t.world.communityA,
      compoundId: t.world.compoundA1,
      compoundName: '甲一小区',
      buildingId: t.world.buildingA1,
      buildingName: '1栋',
      entranceId: t.world.entranceA1,
      entranceName: '1单元',
      number: '201',
      floor: 2,
      area: '89.57',
      areaSource: 'register',
      use: 'residence',
      archivedAt: null,
    });
    expect(body<Room>(await staff.get(`${A}/rooms/${made.id}`), 200)).toEqual(made);
    const stored = await t.deps.db
      .selectFrom('rooms')
      .select('area_centi')
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    expect(stored.area_centi).toBe(8957);
  });

  it.each([
    [89.5, '89.50'],
    ['89.5', '89.50'],
    ['89.50', '89.50'],
    [0.29, '0.29'],
    ['0.29', '0.29'],
    [120, '120.00'],
    ['100000', '100000.00'],
  ])('takes the area %j and shows it as %s', async (area, shown) => {
    const number = `A-${String(area)}-${typeof area}`;
    const made = body<Room>(
      await staff.post(`${A}/rooms`, roomInput({ entranceId: entranceA1b, number, area })),
      201,
    );
    expect(made.area).toBe(shown);
  });

  it('never takes the building or compound from the body', async () => {
    const res = await staff.post(
      `${A}/rooms`,
      roomInput({ number: '999', buildingId: t.world.buildingA2, compoundId: t.world.compoundA2 }),
    );
    expect(body<ErrorBody>(res, 400).error.message).toContain('buildingId');
    expect(ids(await staff.get(`${A}/rooms?q=999`))).toEqual([]);
    const moved = await staff.patch(`${A}/rooms/${t.world.roomA1}`, { buildingId: t.world.buildingA2 });
    expect(moved.statusCode).toBe(400);
    expect(body<Room>(await staff.get(`${A}/rooms/${t.world.roomA1}`), 200).buildingId).toBe(
      t.world.buildingA1,
    );
  });

  it('refuses a room number already used in the same entrance with 409, full-width digits included', async () => {
    await makeRoom(staff, t.world.communityA, t.world.entranceA1, '301');
    for (const number of ['301', '３０１', ' 301 ']) {
      const dup = body<ErrorBody>(await staff.post(`${A}/rooms`, roomInput({ number })), 409);
      expect(dup.error.code).toBe('room_number_taken');
      expect(dup.error.message).toContain('301');
    }
    // The same number in another entrance is another room.
    await makeRoom(staff, t.world.communityA, entranceA1b, '301');
    const other = await makeRoom(staff, t.world.communityA, t.world.entranceA1, '302');
    const renamed = await staff.patch(`${A}/rooms/${other}`, { number: '301' });
    expect(body<ErrorBody>(renamed, 409).error.code).toBe('room_number_taken');
  });

  it('are listed with filters by compound, building, entrance, use and number', async () => {
    const shop = await makeRoom(staff, t.world.communityA, entranceA1b1, '商铺1', {
      use: 'shop',
      area: '40',
    });
    const parking = await makeRoom(staff, t.world.communityA, entranceA2, 'P-001', {
      use: 'parking',
      area: 12.5,
    });
    const inA2 = ids(await staff.get(`${A}/rooms?compoundId=${t.world.compoundA2}`));
    expect(inA2).toEqual([parking]);
    const inBuilding = ids(await staff.get(`${A}/rooms?buildingId=${buildingA1b}`));
    expect(inBuilding).toEqual([shop]);
    const inEntrance = ids(await staff.get(`${A}/rooms?entranceId=${t.world.entranceA1}&pageSize=200`));
    expect(inEntrance).toContain(t.world.roomA1);
    expect(inEntrance).not.toContain(shop);
    expect(ids(await staff.get(`${A}/rooms?use=shop`))).toEqual([shop]);
    expect(ids(await staff.get(`${A}/rooms?use=parking`))).toEqual([parking]);
    expect(ids(await staff.get(`${A}/rooms?q=p-00`))).toEqual([parking]);
    const bad = body<ErrorBody>(await staff.get(`${A}/rooms?use=garden`), 400);
    expect(bad.error.message).toContain('use');
  });

  it('are sorted by building, entrance or number, numbers as people read them', async () => {
    const building = await makeBuilding(staff, t.world.communityA, t.world.compoundA2, '9栋');
    const e1 = await makeEntrance(staff, t.world.communityA, building, '1单元');
    const e2 = await makeEntrance(staff, t.world.communityA, building, '2单元');
    const r1001 = await makeRoom(staff, t.world.communityA, e1, '1001');
    const r902 = await makeRoom(staff, t.world.communityA, e1, '902');
    const r201 = await makeRoom(staff, t.world.communityA, e2, '201');
    const list = (query: string) => staff.get(`${A}/rooms?buildingId=${building}&${query}`);
    expect(ids(await list('sort=building'))).toEqual([r902, r1001, r201]);
    expect(ids(await list(''))).toEqual([r902, r1001, r201]);
    expect(ids(await list('sort=entrance&order=desc'))).toEqual([r201, r1001, r902]);
    expect(ids(await list('sort=number'))).toEqual([r201, r902, r1001]);
    const page = body<{ items: Room[]; total: number; page: number }>(
      await list('sort=number&pageSize=2&page=2'),
      200,
    );
    expect(page).toMatchObject({ total: 3, page: 2 });
    expect(page.items.map((r) => r.number)).toEqual(['1001']);
  });

  it('are changed; a change of area is audited with before and after, other changes are not', async () => {
    const id = await makeRoom(staff, t.world.communityA, entranceA1b, '501', { area: '100.10' });
    const changed = body<Room>(
      await staff.patch(`${A}/rooms/${id}`, { area: 98.2, areaSource: 'survey', floor: 5, use: 'other' }),
      200,
    );
    expect(changed).toMatchObject({
      area: '98.20',
      areaSource: 'survey',
      floor: 5,
      use: 'other',
      number: '501',
    });
    body(await staff.patch(`${A}/rooms/${id}`, { floor: 6, area: '98.20' }), 200);

    const entries = await auditOf(id);
    expect(entries.map((e) => e.action)).toEqual(['room.create', 'room.area']);
    expect(entries[1]).toMatchObject({
      community_id: t.world.communityA,
      actor_account_id: t.world.accounts.communityStaff,
      target_type: 'room',
      before: { number: '501', area: '100.10', areaSource: 'register' },
      after: { number: '501', area: '98.20', areaSource: 'survey' },
    });
  });

  it('are archived: hidden from lists, kept with archived=true, audited once', async () => {
    const id = await makeRoom(staff, t.world.communityA, entranceA1b, '601');
    const archived = body<Room>(await staff.post(`${A}/rooms/${id}/archive`), 200);
    expect(archived.archivedAt).toEqual(expect.any(Number));
    expect(ids(await staff.get(`${A}/rooms?entranceId=${entranceA1b}&pageSize=200`))).not.toContain(id);
    expect(ids(await staff.get(`${A}/rooms?archived=true`))).toEqual([id]);
    body(await staff.post(`${A}/rooms/${id}/archive`), 200);
    const entries = await auditOf(id);
    expect(entries.map((e) => e.action)).toEqual(['room.create', 'room.archive']);
    expect(entries[1]).toMatchObject({ before: { number: '601', area: '89.57' }, after: null });
  });
});

describe('rooms: bad input and unknown ids', () => {
  it.each([
    ['abc', 'area_format', '面积（area）应为以平方米计的数字', 'area must be a number'],
    ['-3', 'area_range', '面积（area）应大于 0', 'area must be more than 0'],
    ['0', 'area_range', '面积（area）应大于 0', 'area must be more than 0'],
    ['100000.01', 'area_range', '不超过 100000 平方米', 'at most 100000 m²'],
    ['1.234', 'area_decimals', '面积（area）最多保留两位小数', 'area takes at most two decimals'],
    [1.005, 'area_decimals', '面积（area）最多保留两位小数', 'area takes at most two decimals'],
  ])('refuses the area %j on create and on change, in Chinese and English', async (area, code, zh, en) => {
    const zhRes = body<ErrorBody>(await staff.post(`${A}/rooms`, roomInput({ number: '701', area })), 400);
    expect(zhRes.error).toMatchObject({ code, details: [{ field: 'area' }] });
    expect(zhRes.error.message).toContain(zh);
    const english = await t.as('communityStaff');
    english.locale = 'en';
    const enRes = body<ErrorBody>(await english.patch(`${A}/rooms/${t.world.roomA1}`, { area }), 400);
    expect(enRes.error.code).toBe(code);
    expect(enRes.error.message).toContain(en);
    expect(body<Room>(await staff.get(`${A}/rooms/${t.world.roomA1}`), 200).area).toBe('89.57');
    expect(ids(await staff.get(`${A}/rooms?q=701`))).toEqual([]);
  });

  it('refuses a missing area, an unknown use or area source, an empty number and an absurd floor, naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [roomInput({ area: undefined }), 'area'],
      [roomInput({ area: null }), 'area'],
      [roomInput({ use: 'garden' }), 'use'],
      [roomInput({ areaSource: 'guess' }), 'areaSource'],
      [roomInput({ number: '' }), 'number'],
      [roomInput({ number: '  ' }), 'number'],
      [roomInput({ floor: 1000 }), 'floor'],
      [roomInput({ floor: 1.5 }), 'floor'],
    ];
    for (const [input, field] of cases) {
      const res = body<ErrorBody>(await staff.post(`${A}/rooms`, input), 400);
      expect(res.error.message, JSON.stringify(input)).toContain(field);
    }
    const zh = body<ErrorBody>(await staff.post(`${A}/rooms`, roomInput({ use: 'garden' })), 400);
    expect(zh.error.message).toContain('use 只能是：residence、shop、parking、other');
    const english = await t.as('communityStaff');
    english.locale = 'en';
    const en = body<ErrorBody>(await english.patch(`${A}/rooms/${t.world.roomA1}`, { use: 'garden' }), 400);
    expect(en.error.message).toContain('use must be one of: residence, shop, parking, other');
    const blank = body<ErrorBody>(await english.patch(`${A}/rooms/${t.world.roomA1}`, { number: ' ' }), 400);
    expect(blank.error.message).toContain('number must not be empty');
  });

  it('answers 404 for an unknown room or entrance', async () => {
    expect((await staff.get(`${A}/rooms/nope`)).statusCode).toBe(404);
    expect((await staff.patch(`${A}/rooms/nope`, { floor: 1 })).statusCode).toBe(404);
    expect((await staff.post(`${A}/rooms/nope/archive`)).statusCode).toBe(404);
    expect((await staff.post(`${A}/rooms`, roomInput({ entranceId: 'nope' }))).statusCode).toBe(404);
  });
});

describe('rooms: who sees and changes what', () => {
  let inA1b: string;
  let inA2: string;
  beforeAll(async () => {
    inA1b = await makeRoom(staff, t.world.communityA, entranceA1b1, '101');
    inA2 = await makeRoom(staff, t.world.communityA, entranceA2, '101');
  });

  it('a compound A1 party branch sees the rooms of compound A1, and gets 403 on a room in A2', async () => {
    const branch = await t.as('branch');
    const seen = ids(await branch.get(`${A}/rooms?pageSize=200`));
    expect(seen).toEqual(expect.arrayContaining([t.world.roomA1, inA1b]));
    expect(seen).not.toContain(inA2);
    expect(ids(await branch.get(`${A}/rooms?compoundId=${t.world.compoundA2}`))).toEqual([]);
    expect((await branch.get(`${A}/rooms/${t.world.roomA1}`)).statusCode).toBe(200);
    expect((await branch.get(`${A}/rooms/${inA2}`)).statusCode).toBe(403);
    expect((await branch.patch(`${A}/rooms/${inA2}`, { area: '1' })).statusCode).toBe(403);
    expect((await branch.post(`${A}/rooms/${inA2}/archive`)).statusCode).toBe(403);
    expect(
      (await branch.post(`${A}/rooms`, roomInput({ entranceId: entranceA2, number: '808' }))).statusCode,
    ).toBe(403);
  });

  it('the grid worker of grid A sees the rooms of building A1 only', async () => {
    const grid = await t.as('gridWorker');
    const seen = body<{ items: Room[] }>(await grid.get(`${A}/rooms?pageSize=200`), 200).items;
    expect(seen.map((r) => r.id)).toContain(t.world.roomA1);
    expect(new Set(seen.map((r) => r.buildingId))).toEqual(new Set([t.world.buildingA1]));
    expect((await grid.get(`${A}/rooms/${t.world.roomA1}`)).statusCode).toBe(200);
    expect((await grid.get(`${A}/rooms/${inA1b}`)).statusCode).toBe(403);
    expect((await grid.get(`${A}/rooms/${inA2}`)).statusCode).toBe(403);
  });

  it('writing needs org.write on the room’s compound', async () => {
    const a1Staff = await onCompound(t, 'communityStaff', t.world.compoundA1);
    const mine = await makeRoom(a1Staff, t.world.communityA, entranceA1b1, '102');
    expect((await a1Staff.patch(`${A}/rooms/${mine}`, { area: '70' })).statusCode).toBe(200);
    const create = await a1Staff.post(`${A}/rooms`, roomInput({ entranceId: entranceA2, number: '909' }));
    expect(create.statusCode).toBe(403);
    expect((await a1Staff.patch(`${A}/rooms/${inA2}`, { area: '1' })).statusCode).toBe(403);
    expect((await a1Staff.post(`${A}/rooms/${inA2}/archive`)).statusCode).toBe(403);
    expect(body<Room>(await staff.get(`${A}/rooms/${inA2}`), 200)).toMatchObject({
      area: '89.57',
      archivedAt: null,
    });
    expect((await auditOf(inA2)).map((e) => e.action)).toEqual(['room.create']);
  });

  it('a room of community B is unreachable through community A’s URL, even for a platform administrator', async () => {
    const admin = await t.as('platformAdmin');
    const c = t.world.communityB;
    const entranceB = await makeEntrance(
      admin,
      c,
      await makeBuilding(admin, c, t.world.compoundB1, '乙楼'),
      '1单元',
    );
    const inB = await makeRoom(admin, c, entranceB, '101');
    expect(ids(await admin.get(`${api(c)}/rooms`))).toEqual([inB]);

    expect(ids(await admin.get(`${A}/rooms?pageSize=200`))).not.toContain(inB);
    expect(ids(await admin.get(`${A}/rooms?entranceId=${entranceB}`))).toEqual([]);
    expect((await admin.get(`${A}/rooms/${inB}`)).statusCode).toBe(404);
    expect((await admin.patch(`${A}/rooms/${inB}`, { area: '1' })).statusCode).toBe(404);
    expect((await admin.post(`${A}/rooms/${inB}/archive`)).statusCode).toBe(404);
    expect(
      (await admin.post(`${A}/rooms`, roomInput({ entranceId: entranceB, number: '1' }))).statusCode,
    ).toBe(404);
    expect(body<Room>(await admin.get(`${api(c)}/rooms/${inB}`), 200)).toMatchObject({
      area: '89.57',
      archivedAt: null,
    });
  });
});
