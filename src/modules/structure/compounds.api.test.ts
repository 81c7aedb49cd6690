import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const base = () => `/api/v1/communities/${t.world.communityA}/compounds`;

describe('compounds', () => {
  it('community staff add, change, find and archive a compound', async () => {
    const staff = await t.as('communityStaff');
    const created = await staff.post(base(), { name: ' 御景湾 ', address: '卜里坪街道', yearBuilt: 2008 });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect(created.json()).toMatchObject({ name: '御景湾', yearBuilt: 2008, propertyCompanyId: null });
    expect((await staff.patch(`${base()}/${id}`, { yearBuilt: null })).json().yearBuilt).toBeNull();
    const found = await staff.get(`${base()}?q=御景`);
    expect(found.json().items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await staff.post(`${base()}/${id}/archive`)).json().archivedAt).toEqual(expect.any(Number));
    expect((await staff.get(`${base()}?q=御景`)).json().total).toBe(0);
    expect(
      (await staff.get(`${base()}?archived=true`)).json().items.map((c: { id: string }) => c.id),
    ).toContain(id);
  });

  it('refuses a year of 0 or an unknown field instead of quietly changing them', async () => {
    const staff = await t.as('communityStaff');
    const zero = await staff.post(base(), { name: '零年小区', yearBuilt: 0 });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().error.details).toEqual([{ field: 'yearBuilt', message: '不能小于 1900' }]);
    const unknown = await staff.patch(`${base()}/${t.world.compoundA1}`, { propertyCompanyId: 'x' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('propertyCompanyId');
  });

  it('a compound’s party branch reads its own compound only and cannot change it', async () => {
    const branch = await t.as('branch');
    const list = await branch.get(base());
    expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([t.world.compoundA1]);
    expect((await branch.get(`${base()}/${t.world.compoundA2}`)).statusCode).toBe(403);
    expect((await branch.patch(`${base()}/${t.world.compoundA1}`, { name: 'x' })).statusCode).toBe(403);
  });

  it('a compound of community A is not found through community B', async () => {
    const admin = await t.as('platformAdmin');
    const res = await admin.get(`/api/v1/communities/${t.world.communityB}/compounds/${t.world.compoundA1}`);
    expect(res.statusCode).toBe(404);
  });

  it('an empty name and a name already in use say so', async () => {
    const staff = await t.as('communityStaff');
    expect((await staff.post(base(), { name: '' })).statusCode).toBe(400);
    expect((await staff.post(base(), { name: '   ' })).json().error.details).toEqual([
      { field: 'name', message: '不能为空' },
    ]);
    expect((await staff.post(base(), { name: '甲一小区' })).statusCode).toBe(409);
  });
});
