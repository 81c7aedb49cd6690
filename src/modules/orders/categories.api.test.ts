import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { newId } from '../../core/ids';
import { defaultCategories, ensureCategories } from './categories';
import { addResident, api, body, errorCode, staffOfB, type PageJson } from './orders.testkit';

/**
 * Order categories per community (defaults copied in on first use), the community's order settings,
 * and the skills of squad members that dispatch proposes by.
 */

interface Category {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  squadType: string;
  acceptMinutes: number;
  resolveMinutes: number;
  archivedAt: number | null;
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

const listed = async (client: Client, query = '') =>
  body<PageJson<Category>>(await client.get(`${A}/order-categories?pageSize=100${query}`), 200).items;

describe('order categories', () => {
  it('start from the articles’ list, readable by residents of the community', async () => {
    const resident = await addResident(t, '赵大妈');
    const items = await listed(resident.client);
    expect(items.map((c) => c.nameZh)).toEqual(defaultCategories.map((c) => c.nameZh));
    expect(items.find((c) => c.code === 'utilities_repair')).toMatchObject({
      nameZh: '水电维修',
      squadType: 'repair',
      acceptMinutes: 30,
      resolveMinutes: 1440,
    });
    // Copying them again changes nothing, even twice at once.
    await Promise.all([
      ensureCategories(t.deps.db, t.world.communityA),
      ensureCategories(t.deps.db, t.world.communityA),
    ]);
    expect(await listed(staff)).toHaveLength(defaultCategories.length);
  });

  it('are closed to strangers and to other communities’ people', async () => {
    expect(errorCode(await (await t.as('nobody')).get(`${A}/order-categories`), 403)).toBe('forbidden');
    expect(errorCode(await (await staffOfB(t)).get(`${A}/order-categories`), 403)).toBe('forbidden');
    expect(errorCode(await staff.get(`${api('missing')}/order-categories`), 404)).toBe('not_found');
  });

  it('staff add, change and archive them; codes are unique; clocks must make sense', async () => {
    const made = body<Category>(
      await staff.post(`${A}/order-categories`, {
        code: 'elder_meal',
        nameZh: '助餐送餐',
        nameEn: 'Meals for elders',
        squadType: 'care',
        acceptMinutes: 60,
        resolveMinutes: 240,
      }),
      201,
    );
    expect((await listed(staff)).at(-1)!.id).toBe(made.id);
    const again = await staff.post(`${A}/order-categories`, {
      code: 'elder_meal',
      nameZh: '助餐',
      nameEn: 'Meals',
      squadType: 'care',
      acceptMinutes: 60,
      resolveMinutes: 240,
    });
    expect(errorCode(again, 409)).toBe('order_category_code_taken');
    const backwards = await staff.patch(`${A}/order-categories/${made.id}`, { resolveMinutes: 30 });
    expect(errorCode(backwards, 400)).toBe('order_category_clocks');
    expect(backwards.json().error.details[0].field).toBe('resolveMinutes');
    const changed = body<Category>(
      await staff.patch(`${A}/order-categories/${made.id}`, { acceptMinutes: 30 }),
      200,
    );
    expect(changed.acceptMinutes).toBe(30);
    const archived = body<Category>(await staff.post(`${A}/order-categories/${made.id}/archive`), 200);
    expect(archived.archivedAt).toEqual(expect.any(Number));
    expect((await listed(staff)).map((c) => c.id)).not.toContain(made.id);
    expect((await listed(staff, '&archived=true')).map((c) => c.id)).toEqual([made.id]);
    expect(errorCode(await staff.post(`${A}/order-categories`, { code: 'Bad Code' }), 400)).toBe(
      'validation',
    );
    expect(errorCode(await staff.patch(`${A}/order-categories/missing`, { acceptMinutes: 30 }), 404)).toBe(
      'not_found',
    );
  });

  it('are managed by staff only', async () => {
    for (const role of ['gridWorker', 'squadLeader', 'branch'] as const)
      expect((await (await t.as(role)).post(`${A}/order-categories`, {})).statusCode).toBe(403);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'order_category.%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'order_category.archive',
      'order_category.create',
      'order_category.update',
    ]);
  });
});

describe('order settings', () => {
  it('default to a cap of 3 open orders and 7 days to close; staff change them', async () => {
    const branch = await t.as('branch');
    expect(body(await branch.get(`${A}/order-settings`), 200)).toEqual({
      openCap: 3,
      autoCloseDays: 7,
      updatedAt: null,
    });
    expect((await branch.patch(`${A}/order-settings`, { openCap: 5 })).statusCode).toBe(403);
    expect(body(await staff.patch(`${A}/order-settings`, { openCap: 5 }), 200)).toMatchObject({
      openCap: 5,
      autoCloseDays: 7,
    });
    expect(body(await staff.patch(`${A}/order-settings`, { autoCloseDays: 10 }), 200)).toMatchObject({
      openCap: 5,
      autoCloseDays: 10,
    });
    expect(errorCode(await staff.patch(`${A}/order-settings`, { openCap: 0 }), 400)).toBe('validation');
  });
});

describe('squad members’ skills (一技之长)', () => {
  it('are given on joining, changed later, and listed with the members', async () => {
    const person = newId();
    const now = Date.now();
    await t.deps.db
      .insertInto('people')
      .values({
        community_id: t.world.communityA,
        id: person,
        name: '孙电工',
        phone_sealed: null,
        phone_hash: null,
        id_number_sealed: null,
        id_number_hash: null,
        gender: null,
        birth_year: null,
        political_status: 'party_member',
        flags: '[]',
        account_id: null,
        notes: null,
        created_at: now,
        updated_at: now,
        archived_at: null,
      })
      .execute();
    const members = `${A}/squads/${t.world.squadA}/members`;
    const joined = body<{ id: string; skills: string[] }>(
      await staff.post(members, {
        personId: person,
        position: 'member',
        skills: [' 水电 ', '水电', '电工'],
      }),
      201,
    );
    expect(joined.skills).toEqual(['水电', '电工']);
    const changed = body<{ skills: string[] }>(
      await staff.patch(`${members}/${joined.id}`, { skills: ['家电维修'] }),
      200,
    );
    expect(changed.skills).toEqual(['家电维修']);
    const list = body<PageJson<{ personId: string; skills: string[] }>>(await staff.get(members), 200);
    expect(list.items.find((m) => m.personId === person)!.skills).toEqual(['家电维修']);
    expect(
      (await (await t.as('squadLeader')).patch(`${members}/${joined.id}`, { skills: [] })).statusCode,
    ).toBe(403);
    expect(errorCode(await staff.patch(`${members}/missing`, { skills: [] }), 404)).toBe('not_found');
    // Other kinds of membership keep no skills.
    const grid = body<PageJson<Record<string, unknown>>>(
      await staff.get(`${A}/grids/${t.world.gridA}/workers`),
      200,
    );
    for (const w of grid.items) expect(w).not.toHaveProperty('skills');
  });
});
