import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { api, body, ids, makeBuilding, onCompound } from './structure.testkit';

interface Building {
  id: string;
  communityId: string;
  compoundId: string;
  compoundName: string;
  name: string;
  floors: number | null;
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

describe('buildings', () => {
  it('are added to a compound, tidied up, and come back with the compound’s name', async () => {
    const made = body<Building>(
      await staff.post(`${A}/buildings`, { compoundId: t.world.compoundA1, name: ' ２栋 ', floors: 6 }),
      201,
    );
    expect(made).toMatchObject({
      communityId: t.world.communityA,
      compoundId: t.world.compoundA1,
      compoundName: '甲一小区',
      name: '2栋',
      floors: 6,
      archivedAt: null,
    });
    const got = body<Building>(await staff.get(`${A}/buildings/${made.id}`), 200);
    expect(got).toEqual(made);
  });

  it('are listed by compound in natural order, filtered by compound and by text', async () => {
    const b10 = await makeBuilding(staff, t.world.communityA, t.world.compoundA1, '10栋');
    const b3 = await makeBuilding(staff, t.world.communityA, t.world.compoundA1, '3栋');
    const inA1 = ids(await staff.get(`${A}/buildings?compoundId=${t.world.compoundA1}`));
    expect(inA1.indexOf(t.world.buildingA1)).toBeLessThan(inA1.indexOf(b3));
    expect(inA1.indexOf(b3)).toBeLessThan(inA1.indexOf(b10));
    expect(inA1).not.toContain(t.world.buildingA2);
    expect(ids(await staff.get(`${A}/buildings?compoundId=${t.world.compoundA1}&order=desc`))[0]).toBe(b10);

    const all = ids(await staff.get(`${A}/buildings?pageSize=200`));
    expect(all).toEqual(expect.arrayContaining([t.world.buildingA1, t.world.buildingA2, b3, b10]));
    expect(ids(await staff.get(`${A}/buildings?q=10`))).toEqual([b10]);

    const page = body<{ items: unknown[]; total: number }>(await staff.get(`${A}/buildings?pageSize=2`), 200);
    expect(page.items).toHaveLength(2);
    expect(page.total).toBe(all.length);
  });

  it('are renamed and changed; a name already used in the compound is refused with 409', async () => {
    const id = await makeBuilding(staff, t.world.communityA, t.world.compoundA1, '5栋');
    const changed = body<Building>(
      await staff.patch(`${A}/buildings/${id}`, { name: '5号楼', floors: null }),
      200,
    );
    expect(changed).toMatchObject({ name: '5号楼', floors: null });

    const taken = body<ErrorBody>(await staff.patch(`${A}/buildings/${id}`, { name: '1栋' }), 409);
    expect(taken.error.code).toBe('building_name_taken');
    expect(taken.error.message).toContain('1栋');
    const dup = body<ErrorBody>(
      await staff.post(`${A}/buildings`, { compoundId: t.world.compoundA1, name: '5号楼' }),
      409,
    );
    expect(dup.error.code).toBe('building_name_taken');
    // Keeping its own name, or using a name from another compound, is fine.
    body(await staff.patch(`${A}/buildings/${id}`, { name: '5号楼' }), 200);
    await makeBuilding(staff, t.world.communityA, t.world.compoundA2, '5号楼');
  });

  it('are archived: hidden from the list, kept with archived=true, and archiving twice keeps the first time', async () => {
    const id = await makeBuilding(staff, t.world.communityA, t.world.compoundA2, '拆迁楼');
    const first = body<Building>(await staff.post(`${A}/buildings/${id}/archive`), 200);
    expect(first.archivedAt).toEqual(expect.any(Number));
    expect(ids(await staff.get(`${A}/buildings?pageSize=200`))).not.toContain(id);
    expect(ids(await staff.get(`${A}/buildings?archived=true`))).toContain(id);
    const again = body<Building>(await staff.post(`${A}/buildings/${id}/archive`), 200);
    expect(again.archivedAt).toBe(first.archivedAt);
  });

  it('cannot be added to an archived compound', async () => {
    const compound = body<{ id: string }>(await staff.post(`${A}/compounds`, { name: '待撤小区' }), 201);
    body(await staff.post(`${A}/compounds/${compound.id}/archive`), 200);
    const res = body<ErrorBody>(
      await staff.post(`${A}/buildings`, { compoundId: compound.id, name: '1栋' }),
      409,
    );
    expect(res.error.code).toBe('parent_archived');
    expect(res.error.message).toContain('待撤小区');
  });
});

describe('buildings: bad input and unknown ids', () => {
  it('refuses an empty or blank name with a message naming the field, in Chinese or English', async () => {
    for (const name of ['', '   ', '\u3000']) {
      const res = body<ErrorBody>(
        await staff.post(`${A}/buildings`, { compoundId: t.world.compoundA1, name }),
        400,
      );
      expect(res.error.code).toBe('validation');
      expect(res.error.message).toContain('name 不能为空');
    }
    const en = await t.as('communityStaff');
    en.locale = 'en';
    const res = body<ErrorBody>(await en.patch(`${A}/buildings/${t.world.buildingA1}`, { name: ' ' }), 400);
    expect(res.error.message).toContain('name must not be empty');
  });

  it('refuses a missing compound, an absurd number of floors and unknown fields', async () => {
    const missing = body<ErrorBody>(await staff.post(`${A}/buildings`, { name: '9栋' }), 400);
    expect(missing.error.message).toContain('compoundId');
    const floors = body<ErrorBody>(
      await staff.post(`${A}/buildings`, { compoundId: t.world.compoundA1, name: '9栋', floors: 0 }),
      400,
    );
    expect(floors.error.message).toContain('floors');
    const extra = body<ErrorBody>(
      await staff.patch(`${A}/buildings/${t.world.buildingA1}`, { compoundId: t.world.compoundA2 }),
      400,
    );
    expect(extra.error.message).toContain('compoundId');
    const after = body<Building>(await staff.get(`${A}/buildings/${t.world.buildingA1}`), 200);
    expect(after.compoundId).toBe(t.world.compoundA1);
  });

  it('answers 404 for an unknown building or compound', async () => {
    const unknown = 'no-such-building';
    expect((await staff.get(`${A}/buildings/${unknown}`)).statusCode).toBe(404);
    expect((await staff.patch(`${A}/buildings/${unknown}`, { name: 'x' })).statusCode).toBe(404);
    expect((await staff.post(`${A}/buildings/${unknown}/archive`)).statusCode).toBe(404);
    const res = await staff.post(`${A}/buildings`, { compoundId: 'no-such-compound', name: '1栋' });
    expect(res.statusCode).toBe(404);
  });
});

describe('buildings: who sees and changes what', () => {
  it('a compound A1 party branch lists and reads buildings in A1 only, and cannot add any', async () => {
    const branch = await t.as('branch');
    const listed = ids(await branch.get(`${A}/buildings?pageSize=200`));
    expect(listed).toContain(t.world.buildingA1);
    expect(listed).not.toContain(t.world.buildingA2);
    expect(ids(await branch.get(`${A}/buildings?compoundId=${t.world.compoundA2}`))).toEqual([]);
    expect((await branch.get(`${A}/buildings/${t.world.buildingA1}`)).statusCode).toBe(200);
    expect((await branch.get(`${A}/buildings/${t.world.buildingA2}`)).statusCode).toBe(403);
    const create = await branch.post(`${A}/buildings`, { compoundId: t.world.compoundA2, name: '8栋' });
    expect(create.statusCode).toBe(403);
    expect((await branch.patch(`${A}/buildings/${t.world.buildingA1}`, { name: 'x' })).statusCode).toBe(403);
  });

  it('a grid worker sees only the buildings of its grid', async () => {
    const grid = await t.as('gridWorker');
    const other = await makeBuilding(staff, t.world.communityA, t.world.compoundA1, '网格外楼');
    const listed = ids(await grid.get(`${A}/buildings?pageSize=200`));
    expect(listed).toEqual([t.world.buildingA1]);
    expect((await grid.get(`${A}/buildings/${other}`)).statusCode).toBe(403);
  });

  it('writing needs org.write on the building’s own compound', async () => {
    const a1Staff = await onCompound(t, 'communityStaff', t.world.compoundA1);
    const id = await makeBuilding(a1Staff, t.world.communityA, t.world.compoundA1, '甲一新楼');
    expect((await a1Staff.patch(`${A}/buildings/${id}`, { floors: 11 })).statusCode).toBe(200);
    const inA2 = await a1Staff.post(`${A}/buildings`, { compoundId: t.world.compoundA2, name: '甲二新楼' });
    expect(inA2.statusCode).toBe(403);
    expect((await a1Staff.patch(`${A}/buildings/${t.world.buildingA2}`, { floors: 3 })).statusCode).toBe(403);
    expect((await a1Staff.post(`${A}/buildings/${t.world.buildingA2}/archive`)).statusCode).toBe(403);
    const a2 = body<Building>(await staff.get(`${A}/buildings/${t.world.buildingA2}`), 200);
    expect(a2).toMatchObject({ floors: 18, archivedAt: null });
    expect(ids(await a1Staff.get(`${A}/buildings?pageSize=200`))).not.toContain(t.world.buildingA2);
  });

  it('a building of community B is unreachable through community A’s URL, even for a platform administrator', async () => {
    const admin = await t.as('platformAdmin');
    const B = api(t.world.communityB);
    const inB = await makeBuilding(admin, t.world.communityB, t.world.compoundB1, '乙1栋');
    expect(ids(await admin.get(`${B}/buildings`))).toEqual([inB]);

    expect(ids(await admin.get(`${A}/buildings?pageSize=200`))).not.toContain(inB);
    expect((await admin.get(`${A}/buildings/${inB}`)).statusCode).toBe(404);
    expect((await admin.patch(`${A}/buildings/${inB}`, { name: '改名' })).statusCode).toBe(404);
    expect((await admin.post(`${A}/buildings/${inB}/archive`)).statusCode).toBe(404);
    const intoB = await admin.post(`${A}/buildings`, { compoundId: t.world.compoundB1, name: '偷渡楼' });
    expect(intoB.statusCode).toBe(404);
    expect(body<Building>(await admin.get(`${B}/buildings/${inB}`), 200)).toMatchObject({
      name: '乙1栋',
      archivedAt: null,
    });
    // And community A's staff cannot even open B's list.
    expect((await staff.get(`${B}/buildings`)).statusCode).toBe(403);
  });
});
