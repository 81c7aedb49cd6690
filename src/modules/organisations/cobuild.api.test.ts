import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { newId } from '../../core/ids';
import { api, body, errorCode, ids } from './organisations.testkit';

interface Unit {
  id: string;
  name: string;
  kind: string;
  contactName: string | null;
  contactPhone: string | null;
  notes: string | null;
  archivedAt: number | null;
}

let t: TestContext;
let staff: Client;
let A: string;
let water: Unit;
let school: Unit;

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.as('communityStaff');
  A = api(t.world.communityA);
});
afterAll(() => t.close());

describe('co-building units (共建单位)', () => {
  it('are added with an organisation contact shown in full, listed by kind and name, changed', async () => {
    water = body<Unit>(
      await staff.post(`${A}/cobuild-units`, {
        name: '市自来水公司',
        kind: 'utility',
        contactName: '抢修班',
        contactPhone: '0731-96565',
        notes: '停水提前三天通知',
      }),
      201,
    );
    expect(water).toMatchObject({ kind: 'utility', contactPhone: '0731-96565', archivedAt: null });
    school = body<Unit>(await staff.post(`${A}/cobuild-units`, { name: '实验小学', kind: 'school' }), 201);
    expect(body<Unit>(await staff.get(`${A}/cobuild-units/${water.id}`), 200)).toEqual(water);
    expect(ids(await staff.get(`${A}/cobuild-units?kind=school`))).toEqual([school.id]);
    expect(ids(await staff.get(`${A}/cobuild-units?q=自来水`))).toEqual([water.id]);

    const changed = body<Unit>(
      await staff.patch(`${A}/cobuild-units/${water.id}`, {
        contactName: ' ',
        notes: null,
        kind: 'government',
      }),
      200,
    );
    expect(changed).toMatchObject({
      contactName: null,
      notes: null,
      kind: 'government',
      contactPhone: '0731-96565',
    });
  });

  it('refuse unknown kinds and unknown ids', async () => {
    expect(errorCode(await staff.post(`${A}/cobuild-units`, { name: 'X', kind: 'bank' }), 400)).toBe(
      'validation',
    );
    expect(errorCode(await staff.post(`${A}/cobuild-units`, { kind: 'school' }), 400)).toBe('validation');
    const missing = newId();
    expect(errorCode(await staff.get(`${A}/cobuild-units/${missing}`), 404)).toBe('not_found');
    expect(errorCode(await staff.patch(`${A}/cobuild-units/${missing}`, { name: 'X' }), 404)).toBe(
      'not_found',
    );
    expect(errorCode(await staff.post(`${A}/cobuild-units/${missing}/archive`), 404)).toBe('not_found');
  });

  it('are community-wide: a compound branch sees none; community B none of A’s', async () => {
    const branch = await t.as('branch');
    expect(ids(await branch.get(`${A}/cobuild-units`))).toEqual([]);
    expect(errorCode(await branch.get(`${A}/cobuild-units/${water.id}`), 403)).toBe('forbidden');
    const street = await t.as('streetAdmin');
    expect(ids(await street.get(`${A}/cobuild-units`)).sort()).toEqual([water.id, school.id].sort());
    expect(errorCode(await street.get(`${api(t.world.communityB)}/cobuild-units/${water.id}`), 404)).toBe(
      'not_found',
    );
  });

  it('are archived, not deleted', async () => {
    const archived = body<Unit>(await staff.post(`${A}/cobuild-units/${school.id}/archive`), 200);
    expect(archived.archivedAt).toEqual(expect.any(Number));
    expect(ids(await staff.get(`${A}/cobuild-units`))).toEqual([water.id]);
    expect(ids(await staff.get(`${A}/cobuild-units?archived=true`))).toEqual([school.id]);
  });
});
