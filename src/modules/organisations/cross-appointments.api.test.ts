import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { newId } from '../../core/ids';
import { addOwnership, addPerson, api, body, errorCode, holding } from './organisations.testkit';

interface Positions {
  personId: string;
  name: string;
  positions: { family: string; title: string; position: string; membershipId: string; orgId: string }[];
  crossAppointed: boolean;
  oneShoulder: { compoundId: string; compoundName: string | null }[];
}

let t: TestContext;
let staff: Client;
let A: string;
let qian: string;
let gridLeader: { id: string };
let squadA2: string;

const created = async (res: Promise<LightMyRequestResponse>) => body<{ id: string }>(await res, 201);

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.as('communityStaff');
  A = api(t.world.communityA);

  // 钱荣华: branch secretary who was then elected committee chair (一肩挑), also grid leader and volunteer.
  qian = await addPerson(t, '钱荣华', 'party_member');
  await addOwnership(t, qian, t.world.roomA1);
  const committee = await created(staff.post(`${A}/party-orgs`, { kind: 'committee', name: '甲社区党委' }));
  const branch = await created(
    staff.post(`${A}/party-orgs`, {
      kind: 'branch',
      name: '甲一小区党支部',
      parentId: committee.id,
      compoundId: t.world.compoundA1,
    }),
  );
  await created(
    staff.post(`${A}/party-orgs/${branch.id}/positions`, { personId: qian, position: 'secretary' }),
  );
  const term = await created(
    staff.post(`${A}/owner-committees`, { compoundId: t.world.compoundA1, termNo: 1, status: 'serving' }),
  );
  await created(
    staff.post(`${A}/owner-committees/${term.id}/members`, { personId: qian, position: 'chair' }),
  );
  gridLeader = await created(
    staff.post(`${A}/grids/${t.world.gridA}/workers`, { personId: qian, position: 'leader' }),
  );
  await created(staff.post(`${A}/squads/${t.world.squadA}/members`, { personId: qian, position: 'member' }));
  squadA2 = (
    await created(
      staff.post(`${A}/squads`, { name: '甲二环保队', type: 'environment', compoundId: t.world.compoundA2 }),
    )
  ).id;
});
afterAll(() => t.close());

const positionsOf = (client: Client, personId: string) => client.get(`${A}/people/${personId}/positions`);

describe('cross-appointments (双向进入、交叉任职)', () => {
  it('list every current place across party, committee, grid and squad, with readable titles and 一肩挑', async () => {
    const got = body<Positions>(await positionsOf(staff, qian), 200);
    expect(got.name).toBe('钱荣华');
    expect(got.positions.map((p) => p.title)).toEqual([
      '甲一小区党支部书记',
      '甲一小区第1届业主委员会主任',
      '第一网格网格长',
      '第一分队队员',
    ]);
    expect(got.positions.map((p) => p.family)).toEqual(['party', 'committee', 'grid', 'squad']);
    expect(got.crossAppointed).toBe(true);
    expect(got.oneShoulder).toEqual([{ compoundId: t.world.compoundA1, compoundName: '甲一小区' }]);

    staff.locale = 'en';
    const en = body<Positions>(await positionsOf(staff, qian), 200);
    staff.locale = 'zh-CN';
    expect(en.positions[0]!.title).toBe('Secretary, 甲一小区党支部');
    expect(en.positions[1]!.title).toBe("Chair, Owners' committee of 甲一小区, term 1");
  });

  it('drop places that have ended', async () => {
    body(await staff.post(`${A}/grids/${t.world.gridA}/workers/${gridLeader.id}/end`, {}), 200);
    const got = body<Positions>(await positionsOf(staff, qian), 200);
    expect(got.positions.map((p) => p.family)).toEqual(['party', 'committee', 'squad']);
  });

  it('someone with no place gets an empty list; an unknown person 404', async () => {
    const nobody = await addPerson(t, '普通居民');
    expect(body<Positions>(await positionsOf(staff, nobody), 200)).toMatchObject({
      positions: [],
      crossAppointed: false,
      oneShoulder: [],
    });
    expect(errorCode(await positionsOf(staff, newId()), 404)).toBe('not_found');
    const street = await t.as('streetAdmin');
    expect(errorCode(await street.get(`${api(t.world.communityB)}/people/${qian}/positions`), 404)).toBe(
      'not_found',
    );
  });

  it('row scope: a scoped caller sees only places inside their scope, and nobody outside it', async () => {
    await created(staff.post(`${A}/squads/${squadA2}/members`, { personId: qian, position: 'leader' }));
    const branchA2 = await holding(t, 'branch', 'compound', t.world.compoundA2);
    const fromA2 = body<Positions>(await positionsOf(branchA2, qian), 200);
    expect(fromA2.positions.map((p) => p.title)).toEqual(['甲二环保队分队长']);
    expect(fromA2.crossAppointed).toBe(false);
    expect(fromA2.oneShoulder).toEqual([]);

    const squadLeader = await t.as('squadLeader');
    expect(body<Positions>(await positionsOf(squadLeader, qian), 200).positions.map((p) => p.family)).toEqual(
      ['squad'],
    );

    // A person with places only in compound A1 does not exist for the A2 branch.
    const onlyA1 = await addPerson(t, '孙委员', 'party_member');
    await created(
      staff.post(`${A}/squads/${t.world.squadA}/members`, { personId: onlyA1, position: 'member' }),
    );
    expect(errorCode(await positionsOf(branchA2, onlyA1), 404)).toBe('not_found');
  });
});
