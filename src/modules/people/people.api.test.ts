import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import {
  addRoom,
  api,
  body,
  errorCode,
  idNumber,
  ids,
  moveIn,
  newHousehold,
  newPerson,
} from './people.testkit';

interface Person {
  id: string;
  name: string;
  phone: string | null;
  idNumber: string | null;
  gender: string | null;
  birthYear: number | null;
  politicalStatus: string;
  flags: string[] | null;
  notes: string | null;
  homes: {
    householdId: string;
    compoundId: string;
    buildingId: string;
    kind: string;
    relation: string | null;
  }[];
  archivedAt: number | null;
}

let t: TestContext;
let staff: Client;
let A: string;
/** a household in roomA1 (building A1, compound A1, grid A) and one in compound A2 */
let householdA1: string;
let householdA2: string;

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.as('communityStaff');
  A = api(t.world.communityA);
  householdA1 = await newHousehold(staff, t.world.communityA, t.world.roomA1, '一号户');
  const roomA2 = await addRoom(t, { compoundId: t.world.compoundA2, buildingId: t.world.buildingA2 }, '201');
  householdA2 = await newHousehold(staff, t.world.communityA, roomA2, '二号户');
});
afterAll(() => t.close());

describe('registering a person', () => {
  it('normalises the phone and ID number, seals them at rest and only ever answers them masked', async () => {
    const id = idNumber(1);
    const made = body<Person>(
      await staff.post(`${A}/people`, {
        name: ' 王秀英 ',
        phone: '+86 １３８-1234-5678',
        idNumber: id.toLowerCase(),
        gender: 'female',
        birthYear: 1941,
        politicalStatus: 'party_member',
        flags: ['living_alone', 'elderly_80'],
        notes: '女儿在长沙',
      }),
      201,
    );
    expect(made).toMatchObject({
      name: '王秀英',
      phone: '138****5678',
      idNumber: `4301**********${id.slice(-4)}`,
      gender: 'female',
      birthYear: 1941,
      politicalStatus: 'party_member',
      flags: ['living_alone', 'elderly_80'],
      notes: '女儿在长沙',
      homes: [],
      archivedAt: null,
    });

    const raw = await t.deps.db
      .selectFrom('people')
      .selectAll()
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    const stored = JSON.stringify(raw);
    expect(stored).not.toContain('13812345678');
    expect(stored).not.toContain('12345678');
    expect(stored).not.toContain(id.slice(0, 14));
    // Sealed, not thrown away: the key opens it again.
    expect(t.deps.vault.open(raw.phone_sealed!)).toBe('13812345678');
    expect(t.deps.vault.open(raw.id_number_sealed!)).toBe(id);

    for (const res of [
      await staff.get(`${A}/people/${made.id}`),
      await staff.get(`${A}/people?q=王秀英`),
      await staff.patch(`${A}/people/${made.id}`, { notes: '女儿在长沙，每周来' }),
    ]) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain('13812345678');
      expect(res.body).not.toContain(id.slice(0, 14));
      expect(res.body).toContain('138****5678');
    }
  });

  it('defaults to the masses, no flags and no numbers', async () => {
    const made = body<Person>(await staff.post(`${A}/people`, { name: '李四' }), 201);
    expect(made).toMatchObject({ phone: null, idNumber: null, politicalStatus: 'masses', flags: [] });
  });

  it('refuses a number that is not one, in the caller’s language', async () => {
    expect(errorCode(await staff.post(`${A}/people`, { name: '甲', phone: '12345' }), 400)).toBe(
      'invalid_phone',
    );
    const badCheck = idNumber(2).slice(0, 17) + (idNumber(2).endsWith('1') ? '2' : '1');
    expect(errorCode(await staff.post(`${A}/people`, { name: '甲', idNumber: badCheck }), 400)).toBe(
      'invalid_id_number',
    );
    staff.locale = 'en';
    const res = await staff.post(`${A}/people`, { name: '甲', phone: '0731-1234' });
    staff.locale = 'zh-CN';
    expect(body<{ error: { message: string } }>(res, 400).error.message).toBe(
      'Not a valid mobile phone number',
    );
  });

  it('refuses bad input with 400 and names the field', async () => {
    const cases: [unknown, string][] = [
      [{}, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: '甲', flags: ['rich'] }, 'flags'],
      [{ name: '甲', flags: ['disabled', 'disabled'] }, 'flags'],
      [{ name: '甲', politicalStatus: 'member' }, 'politicalStatus'],
      [{ name: '甲', birthYear: 1800 }, 'birthYear'],
      [{ name: '甲', residence: { householdId: householdA1, kind: 'friend' } }, 'residence.kind'],
      [{ name: '甲', nickname: '小甲' }, 'nickname'],
    ];
    for (const [payload, field] of cases) {
      const res = await staff.post(`${A}/people`, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.message).toContain(field);
    }
  });

  it('refuses a second person with the same ID number in the community, however it is typed', async () => {
    const id = idNumber(3);
    const first = await newPerson(staff, t.world.communityA, { name: '赵一', idNumber: id });
    expect(
      errorCode(await staff.post(`${A}/people`, { name: '赵二', idNumber: ` ${id.toLowerCase()} ` }), 409),
    ).toBe('duplicate_id_number');
    const other = await newPerson(staff, t.world.communityA, { name: '赵三' });
    expect(errorCode(await staff.patch(`${A}/people/${other}`, { idNumber: id }), 409)).toBe(
      'duplicate_id_number',
    );
    // Saving one's own number again is no duplicate.
    expect((await staff.patch(`${A}/people/${first}`, { idNumber: id })).statusCode).toBe(200);
    // Another community keeps its own register.
    const admin = await t.as('platformAdmin');
    expect(
      (await admin.post(`${api(t.world.communityB)}/people`, { name: '赵一', idNumber: id })).statusCode,
    ).toBe(201);
  });

  it('can be registered straight into a household', async () => {
    const made = body<Person>(
      await staff.post(`${A}/people`, {
        name: '周小明',
        residence: { householdId: householdA1, kind: 'family', relation: '孙子', since: '2020-09-01' },
      }),
      201,
    );
    expect(made.homes).toEqual([
      expect.objectContaining({
        householdId: householdA1,
        compoundId: t.world.compoundA1,
        buildingId: t.world.buildingA1,
        kind: 'family',
        relation: '孙子',
      }),
    ]);
    const res = await staff.post(`${A}/people`, {
      name: '周',
      residence: { householdId: 'nope', kind: 'family' },
    });
    expect(errorCode(res, 400)).toBe('unknown_household');
  });
});

describe('changing and archiving a person', () => {
  it('changes details, replaces or clears numbers, and 404s an unknown person', async () => {
    const id = await newPerson(staff, t.world.communityA, {
      name: '钱五',
      phone: '13900001111',
      idNumber: idNumber(4),
      flags: ['disabled'],
    });
    const changed = body<Person>(
      await staff.patch(`${A}/people/${id}`, {
        phone: '13722223333',
        idNumber: null,
        flags: ['low_income', 'disabled'],
        politicalStatus: 'league',
        notes: '',
      }),
      200,
    );
    expect(changed).toMatchObject({
      name: '钱五',
      phone: '137****3333',
      idNumber: null,
      flags: ['disabled', 'low_income'],
      politicalStatus: 'league',
      notes: null,
    });
    expect(errorCode(await staff.patch(`${A}/people/${id}`, { phone: '110' }), 400)).toBe('invalid_phone');
    expect(errorCode(await staff.patch(`${A}/people/no-such-person`, { name: '某' }), 404)).toBe('not_found');
    expect(errorCode(await staff.get(`${A}/people/no-such-person`), 404)).toBe('not_found');
  });

  it('archives: kept and readable, gone from the usual list, shown among the archived', async () => {
    const id = await newPerson(staff, t.world.communityA, { name: '孙已迁' });
    const archived = body<Person>(await staff.post(`${A}/people/${id}/archive`), 200);
    expect(archived.archivedAt).toEqual(expect.any(Number));
    expect(ids(await staff.get(`${A}/people?q=孙已迁`))).toEqual([]);
    expect(ids(await staff.get(`${A}/people?q=孙已迁&archived=true`))).toEqual([id]);
    expect(body<Person>(await staff.get(`${A}/people/${id}`), 200).archivedAt).toBe(archived.archivedAt);
  });
});

describe('listing people', () => {
  let party: string;
  let alone: string;
  let inA2: string;

  beforeAll(async () => {
    party = await newPerson(staff, t.world.communityA, {
      name: '列表1',
      phone: '13655556666',
      politicalStatus: 'probationary',
      residence: { householdId: householdA1, kind: 'owner' },
    });
    alone = await newPerson(staff, t.world.communityA, {
      name: '列表2',
      flags: ['living_alone', 'empty_nest'],
      residence: { householdId: householdA1, kind: 'tenant' },
    });
    inA2 = await newPerson(staff, t.world.communityA, {
      name: '列表3',
      flags: ['empty_nest'],
      residence: { householdId: householdA2, kind: 'owner' },
    });
  });

  it('filters by name, political status and flag', async () => {
    expect(ids(await staff.get(`${A}/people?q=列表`))).toEqual([party, alone, inA2]);
    expect(ids(await staff.get(`${A}/people?q=列表&order=desc`))).toEqual([inA2, alone, party]);
    expect(ids(await staff.get(`${A}/people?q=列表&politicalStatus=probationary`))).toEqual([party]);
    expect(ids(await staff.get(`${A}/people?q=列表&flag=empty_nest`))).toEqual([alone, inA2]);
    expect(ids(await staff.get(`${A}/people?q=列表&flag=living_alone`))).toEqual([alone]);
    expect((await staff.get(`${A}/people?flag=rich`)).statusCode).toBe(400);
  });

  it('finds someone by exact phone, however it is typed, through the look-up hash', async () => {
    expect(ids(await staff.get(`${A}/people?phone=136%205555%206666`))).toEqual([party]);
    expect(ids(await staff.get(`${A}/people?phone=13655556667`))).toEqual([]);
    expect(errorCode(await staff.get(`${A}/people?phone=5555`), 400)).toBe('invalid_phone');
  });

  it('filters by where people currently live', async () => {
    const inA1 = ids(await staff.get(`${A}/people?compoundId=${t.world.compoundA1}&q=列表`));
    expect(inA1).toEqual([party, alone]);
    expect(ids(await staff.get(`${A}/people?buildingId=${t.world.buildingA2}&q=列表`))).toEqual([inA2]);
    expect(ids(await staff.get(`${A}/people?householdId=${householdA1}&q=列表`))).toEqual([party, alone]);
    expect(
      ids(await staff.get(`${A}/people?householdId=${householdA1}&compoundId=${t.world.compoundA2}`)),
    ).toEqual([]);
  });

  it('pages', async () => {
    const page = body<{ items: Person[]; total: number }>(
      await staff.get(`${A}/people?q=列表&pageSize=2&page=2`),
      200,
    );
    expect(page.total).toBe(3);
    expect(page.items.map((p) => p.id)).toEqual([inA2]);
  });
});

describe('who sees whom', () => {
  let inGrid: string;
  let inA2: string;
  let homeless: string;
  let both: string;
  let grid: Client;
  let branch: Client;

  beforeAll(async () => {
    grid = await t.as('gridWorker');
    branch = await t.as('branch');
    inGrid = await newPerson(staff, t.world.communityA, {
      name: '范围1',
      phone: '13511112222',
      residence: { householdId: householdA1, kind: 'owner' },
    });
    inA2 = await newPerson(staff, t.world.communityA, {
      name: '范围2',
      residence: { householdId: householdA2, kind: 'owner' },
    });
    homeless = await newPerson(staff, t.world.communityA, { name: '范围3' });
    both = await newPerson(staff, t.world.communityA, {
      name: '范围4',
      residence: { householdId: householdA1, kind: 'owner' },
    });
    await moveIn(staff, t.world.communityA, householdA2, both, { kind: 'tenant' });
  });

  const listed = async (client: Client) => ids(await client.get(`${A}/people?q=范围`));

  it('community-wide roles see everyone, including people with no home', async () => {
    expect(await listed(staff)).toEqual([inGrid, inA2, homeless, both]);
    expect(await listed(await t.as('communityAdmin'))).toEqual([inGrid, inA2, homeless, both]);
    expect(await listed(await t.as('streetAdmin'))).toEqual([inGrid, inA2, homeless, both]);
  });

  it('a grid worker sees the people living in its grid’s buildings, and nobody else', async () => {
    expect(await listed(grid)).toEqual([inGrid, both]);
    expect((await grid.get(`${A}/people/${inGrid}`)).statusCode).toBe(200);
    expect(errorCode(await grid.get(`${A}/people/${inA2}`), 403)).toBe('forbidden');
    expect(errorCode(await grid.get(`${A}/people/${homeless}`), 403)).toBe('forbidden');
    expect(errorCode(await grid.patch(`${A}/people/${inA2}`, { notes: 'x' }), 403)).toBe('forbidden');
    expect(errorCode(await grid.post(`${A}/people/${inA2}/archive`), 403)).toBe('forbidden');
    expect((await grid.patch(`${A}/people/${inGrid}`, { notes: '已走访' })).statusCode).toBe(200);
  });

  it('a compound branch sees the people living in its compound', async () => {
    expect(await listed(branch)).toEqual([inGrid, both]);
    expect((await branch.get(`${A}/people/${inGrid}`)).statusCode).toBe(200);
    expect(errorCode(await branch.get(`${A}/people/${inA2}`), 403)).toBe('forbidden');
    expect(errorCode(await branch.get(`${A}/people/${homeless}`), 403)).toBe('forbidden');
  });

  it('circumstances (独居, 残疾…) show only to those who hold the care roster there, and filter only there', async () => {
    await staff.patch(`${A}/people/${inGrid}`, { flags: ['living_alone'] });
    expect(body<Person>(await staff.get(`${A}/people/${inGrid}`), 200).flags).toEqual(['living_alone']);
    expect(body<Person>(await grid.get(`${A}/people/${inGrid}`), 200).flags).toEqual(['living_alone']);
    // The branch sees the person, not that she lives alone: neither in the row nor by filtering for it.
    expect(body<Person>(await branch.get(`${A}/people/${inGrid}`), 200).flags).toBeNull();
    expect(await listed(branch)).toContain(inGrid);
    expect(ids(await branch.get(`${A}/people?q=范围&flag=living_alone`))).toEqual([]);
    expect(ids(await grid.get(`${A}/people?q=范围&flag=living_alone`))).toEqual([inGrid]);
    expect(ids(await (await t.as('streetAdmin')).get(`${A}/people?q=范围&flag=living_alone`))).toEqual([]);
  });

  it('a squad leader, whose scope holds no homes, sees nobody', async () => {
    expect(await listed(await t.as('squadLeader'))).toEqual([]);
  });

  it('shows each caller only the homes it may see', async () => {
    const forStaff = body<Person>(await staff.get(`${A}/people/${both}`), 200);
    expect(forStaff.homes.map((h) => h.householdId).sort()).toEqual([householdA1, householdA2].sort());
    const forBranch = body<Person>(await branch.get(`${A}/people/${both}`), 200);
    expect(forBranch.homes.map((h) => h.householdId)).toEqual([householdA1]);
  });

  it('follows people as they move: out of the grid when the residency ends, not before', async () => {
    const mover = await newPerson(staff, t.world.communityA, { name: '范围5' });
    const residency = await moveIn(staff, t.world.communityA, householdA1, mover);
    expect(await listed(grid)).toContain(mover);
    const leave = (until: string) =>
      staff.post(`${A}/households/${householdA1}/residencies/${residency}/end`, { until });
    expect((await leave('2999-12-31')).statusCode).toBe(200); // moving out later: still lives here
    expect(await listed(grid)).toContain(mover);
    expect((await leave('2000-01-01')).statusCode).toBe(200);
    expect(await listed(grid)).not.toContain(mover);
    expect(errorCode(await grid.get(`${A}/people/${mover}`), 403)).toBe('forbidden');
  });

  it('a grid worker registers newcomers into households in its grid only', async () => {
    expect(errorCode(await grid.post(`${A}/people`, { name: '新来' }), 403)).toBe('forbidden');
    expect(
      errorCode(
        await grid.post(`${A}/people`, {
          name: '新来',
          residence: { householdId: householdA2, kind: 'tenant' },
        }),
        403,
      ),
    ).toBe('forbidden');
    const made = body<Person>(
      await grid.post(`${A}/people`, {
        name: '新来',
        residence: { householdId: householdA1, kind: 'tenant' },
      }),
      201,
    );
    expect((await grid.get(`${A}/people/${made.id}`)).statusCode).toBe(200);
  });

  it('a grid worker cannot pull someone it does not reach into its grid', async () => {
    expect(
      errorCode(
        await grid.post(`${A}/households/${householdA1}/residencies`, { personId: inA2, kind: 'family' }),
        403,
      ),
    ).toBe('forbidden');
    expect(
      errorCode(
        await grid.post(`${A}/households/${householdA1}/residencies`, { personId: homeless, kind: 'family' }),
        403,
      ),
    ).toBe('forbidden');
    expect(errorCode(await grid.get(`${A}/people/${homeless}`), 403)).toBe('forbidden');
  });

  it('another community’s people are not found from here', async () => {
    const admin = await t.as('platformAdmin');
    const elsewhere = await newPerson(admin, t.world.communityB, { name: '范围外' });
    expect(errorCode(await staff.get(`${A}/people/${elsewhere}`), 404)).toBe('not_found');
    expect(errorCode(await staff.patch(`${A}/people/${elsewhere}`, { name: '改' }), 404)).toBe('not_found');
    expect(await listed(staff)).not.toContain(elsewhere);
  });
});

describe('unmasking', () => {
  let person: string;
  const id = idNumber(9);

  beforeAll(async () => {
    person = await newPerson(staff, t.world.communityA, {
      name: '解密甲',
      phone: '13877778888',
      idNumber: id,
      residence: { householdId: householdA1, kind: 'owner' },
    });
  });

  const auditRows = () =>
    t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('community_id', '=', t.world.communityA)
      .where('action', '=', 'person.unmask')
      .where('target_id', '=', person)
      .execute();

  it('gives the full numbers and writes who looked, when and at whom, never the numbers', async () => {
    const before = Date.now();
    const res = body(await staff.post(`${A}/people/${person}/unmask`), 200);
    expect(res).toEqual({ personId: person, phone: '13877778888', idNumber: id });
    const rows = await auditRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_account_id: t.world.accounts.communityStaff,
      action: 'person.unmask',
      target_type: 'person',
      target_id: person,
    });
    expect(rows[0]!.at).toBeGreaterThanOrEqual(before);
    expect(JSON.stringify(rows[0])).not.toContain('13877778888');
    expect(JSON.stringify(rows[0])).not.toContain(id);
  });

  it('a grid worker may unmask people in its grid, and each use is audited again', async () => {
    const grid = await t.as('gridWorker');
    expect(body(await grid.post(`${A}/people/${person}/unmask`), 200)).toMatchObject({
      phone: '13877778888',
    });
    const rows = await auditRows();
    expect(rows.map((r) => r.actor_account_id)).toContain(t.world.accounts.gridWorker);
  });

  it('roles without people.unmask get 403 and leave no trace of numbers', async () => {
    const count = (await auditRows()).length;
    for (const role of [
      'branch',
      'committee',
      'squadLeader',
      'property',
      'streetAdmin',
      'platformAdmin',
    ] as const) {
      const res = await (await t.as(role)).post(`${A}/people/${person}/unmask`);
      expect(res.statusCode, role).toBe(403);
      expect(res.body).not.toContain('13877778888');
    }
    expect(await auditRows()).toHaveLength(count);
  });

  it('a grid worker may not unmask someone outside its grid', async () => {
    const grid = await t.as('gridWorker');
    const outside = await newPerson(staff, t.world.communityA, {
      name: '解密乙',
      phone: '13877779999',
      residence: { householdId: householdA2, kind: 'owner' },
    });
    expect(errorCode(await grid.post(`${A}/people/${outside}/unmask`), 403)).toBe('forbidden');
    expect(errorCode(await staff.post(`${A}/people/no-such-person/unmask`), 404)).toBe('not_found');
  });
});
