import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import {
  addHousehold,
  addPerson,
  api,
  auditOf,
  body,
  errorCode,
  holding,
  ids,
} from './organisations.testkit';
import { newId } from '../../core/ids';

interface PartyOrg {
  id: string;
  parentId: string | null;
  kind: string;
  name: string;
  compoundId: string | null;
  buildingId: string | null;
  householdId: string | null;
  archivedAt: number | null;
}
interface TreeNode {
  id: string;
  kind: string;
  name: string;
  members: Record<string, unknown>[];
  children: TreeNode[];
}
interface Position {
  id: string;
  personName: string;
  position: string;
  endedAt: number | null;
}

let t: TestContext;
let staff: Client;
let A: string;
const org = {} as Record<
  'committee' | 'branchA1' | 'groupA1' | 'householdA1' | 'branchA2' | 'groupA2',
  PartyOrg
>;
let householdA1: string;

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.as('communityStaff');
  A = api(t.world.communityA);
  householdA1 = await addHousehold(t, t.world.roomA1);
});
afterAll(() => t.close());

const create = async (input: Record<string, unknown>) =>
  body<PartyOrg>(await staff.post(`${A}/party-orgs`, input), 201);
const refused = async (input: Record<string, unknown>, status: number) =>
  errorCode(await staff.post(`${A}/party-orgs`, input), status);

describe('party organisations (党组织)', () => {
  it('build the chain 社区党委 → 小区党支部 → 楼栋党小组 → 党员中心户, each tied to its place', async () => {
    org.committee = await create({ kind: 'committee', name: '甲社区党委' });
    expect(org.committee).toMatchObject({
      parentId: null,
      compoundId: null,
      buildingId: null,
      archivedAt: null,
    });
    org.branchA1 = await create({
      kind: 'branch',
      name: '甲一小区党支部',
      parentId: org.committee.id,
      compoundId: t.world.compoundA1,
    });
    expect(org.branchA1.compoundId).toBe(t.world.compoundA1);
    org.groupA1 = await create({
      kind: 'group',
      name: '1栋党小组',
      parentId: org.branchA1.id,
      buildingId: t.world.buildingA1,
    });
    expect(org.groupA1).toMatchObject({ compoundId: t.world.compoundA1, buildingId: t.world.buildingA1 });
    org.householdA1 = await create({
      kind: 'central_household',
      name: '101党员中心户',
      parentId: org.groupA1.id,
      householdId: householdA1,
    });
    expect(org.householdA1).toMatchObject({
      compoundId: t.world.compoundA1,
      buildingId: t.world.buildingA1,
      householdId: householdA1,
    });
    org.branchA2 = await create({
      kind: 'branch',
      name: '甲二小区党支部',
      parentId: org.committee.id,
      compoundId: t.world.compoundA2,
    });
    org.groupA2 = await create({
      kind: 'group',
      name: '甲二1栋党小组',
      parentId: org.branchA2.id,
      buildingId: t.world.buildingA2,
    });

    expect(body<PartyOrg>(await staff.get(`${A}/party-orgs/${org.groupA1.id}`), 200)).toEqual(org.groupA1);
    expect(ids(await staff.get(`${A}/party-orgs?kind=branch`))).toEqual([org.branchA1.id, org.branchA2.id]);
    expect(ids(await staff.get(`${A}/party-orgs?parentId=${org.branchA2.id}`))).toEqual([org.groupA2.id]);
    expect(ids(await staff.get(`${A}/party-orgs?q=中心户`))).toEqual([org.householdA1.id]);
  });

  it('refuse a wrong parent kind, a misplaced place and a second community organisation', async () => {
    expect(await refused({ kind: 'committee', name: '又一个党委' }, 409)).toBe('party_committee_exists');
    expect(await refused({ kind: 'committee', name: 'X', parentId: org.committee.id }, 400)).toBe(
      'party_committee_no_parent',
    );
    expect(await refused({ kind: 'branch', name: 'X', compoundId: t.world.compoundA1 }, 400)).toBe(
      'party_branch_parent',
    );
    expect(
      await refused(
        { kind: 'branch', name: 'X', parentId: org.branchA1.id, compoundId: t.world.compoundA1 },
        400,
      ),
    ).toBe('party_branch_parent');
    expect(
      await refused(
        { kind: 'group', name: 'X', parentId: org.committee.id, buildingId: t.world.buildingA1 },
        400,
      ),
    ).toBe('party_group_parent');
    expect(
      await refused(
        { kind: 'central_household', name: 'X', parentId: org.branchA1.id, householdId: householdA1 },
        400,
      ),
    ).toBe('party_household_parent');
    // A group's building lies in its branch's compound; a household in its group's building.
    expect(
      await refused(
        { kind: 'group', name: 'X', parentId: org.branchA1.id, buildingId: t.world.buildingA2 },
        400,
      ),
    ).toBe('building_not_in_compound');
    expect(
      await refused(
        { kind: 'central_household', name: 'X', parentId: org.groupA2.id, householdId: householdA1 },
        400,
      ),
    ).toBe('household_not_in_building');
    expect(await refused({ kind: 'branch', name: 'X', parentId: org.committee.id }, 400)).toBe(
      'party_org_place',
    );
    expect(
      await refused(
        {
          kind: 'branch',
          name: 'X',
          parentId: org.committee.id,
          compoundId: t.world.compoundA1,
          buildingId: t.world.buildingA1,
        },
        400,
      ),
    ).toBe('party_org_place');
    expect(
      await refused({ kind: 'group', name: 'X', parentId: 'nope', buildingId: t.world.buildingA1 }, 400),
    ).toBe('bad_reference');
    expect(await refused({ kind: 'cell', name: 'X' }, 400)).toBe('validation');

    const res = await staff.post(`${A}/party-orgs`, {
      kind: 'group',
      name: 'X',
      parentId: org.committee.id,
      buildingId: t.world.buildingA1,
    });
    expect(res.json().error.message).toBe('党小组的上级必须是党支部');
  });

  it('positions go to party members only (预备党员 included), one secretary at a time, audited', async () => {
    const qian = await addPerson(t, '钱书记', 'party_member');
    const sun = await addPerson(t, '孙预备', 'probationary');
    const zhou = await addPerson(t, '周群众', 'masses');
    const wu = await addPerson(t, '吴党员', 'party_member');
    const P = `${A}/party-orgs/${org.branchA1.id}/positions`;

    const masses = await staff.post(P, { personId: zhou, position: 'secretary' });
    expect(errorCode(masses, 400)).toBe('not_party_member');
    expect(masses.json().error.message).toContain('周群众');
    expect(errorCode(await staff.post(P, { personId: zhou, position: 'member' }), 400)).toBe(
      'not_party_member',
    );

    const secretary = body<Position>(await staff.post(P, { personId: qian, position: 'secretary' }), 201);
    body(await staff.post(P, { personId: sun, position: 'member' }), 201);
    body(await staff.post(P, { personId: wu, position: 'committee_member' }), 201);
    expect(errorCode(await staff.post(P, { personId: wu, position: 'secretary' }), 409)).toBe(
      'already_member',
    );
    const another = await addPerson(t, '郑党员', 'party_member');
    expect(errorCode(await staff.post(P, { personId: another, position: 'secretary' }), 409)).toBe(
      'position_taken',
    );

    const roster = body<{ items: Position[] }>(await staff.get(P), 200).items;
    expect(roster.map((p) => [p.personName, p.position])).toEqual([
      ['钱书记', 'secretary'],
      ['吴党员', 'committee_member'],
      ['孙预备', 'member'],
    ]);
    expect((await auditOf(t, secretary.id)).map((a) => a.action)).toEqual(['party_position.appoint']);
    body(await staff.post(`${P}/${secretary.id}/end`, {}), 200);
    expect((await auditOf(t, secretary.id)).map((a) => a.action)).toEqual([
      'party_position.appoint',
      'party_position.end',
    ]);
    body(await staff.post(P, { personId: qian, position: 'secretary' }), 201);
  });

  it('the tree nests members (names and positions, nothing personal) under each organisation', async () => {
    const tree = body<{ items: TreeNode[] }>(await staff.get(`${A}/party-tree`), 200).items;
    expect(tree.map((n) => n.name)).toEqual(['甲社区党委']);
    const [branchA1, branchA2] = tree[0]!.children;
    expect(branchA1!.name).toBe('甲一小区党支部');
    expect(branchA2!.name).toBe('甲二小区党支部');
    expect(branchA1!.members.map((m) => m.name)).toEqual(['钱书记', '吴党员', '孙预备']);
    expect(Object.keys(branchA1!.members[0]!).sort()).toEqual(['name', 'personId', 'position']);
    expect(branchA1!.children.map((n) => n.name)).toEqual(['1栋党小组']);
    expect(branchA1!.children[0]!.children.map((n) => n.kind)).toEqual(['central_household']);
    expect(branchA2!.children.map((n) => n.name)).toEqual(['甲二1栋党小组']);
  });

  it('row scope: a compound branch sees its own subtree, a grid worker the groups in its buildings', async () => {
    const branchA1 = await t.as('branch');
    const tree = body<{ items: TreeNode[] }>(await branchA1.get(`${A}/party-tree`), 200).items;
    expect(tree.map((n) => n.name)).toEqual(['甲一小区党支部']);
    expect(tree[0]!.children[0]!.children).toHaveLength(1);
    expect(errorCode(await branchA1.get(`${A}/party-orgs/${org.branchA2.id}`), 403)).toBe('forbidden');
    expect(errorCode(await branchA1.get(`${A}/party-orgs/${org.committee.id}`), 403)).toBe('forbidden');
    expect(errorCode(await branchA1.get(`${A}/party-orgs/${org.branchA2.id}/positions`), 403)).toBe(
      'forbidden',
    );
    body(await branchA1.get(`${A}/party-orgs/${org.branchA1.id}/positions`), 200);
    const listed = ids(await branchA1.get(`${A}/party-orgs`));
    expect(listed.sort()).toEqual([org.branchA1.id, org.groupA1.id, org.householdA1.id].sort());

    const branchA2 = await holding(t, 'branch', 'compound', t.world.compoundA2);
    const treeA2 = body<{ items: TreeNode[] }>(await branchA2.get(`${A}/party-tree`), 200).items;
    expect(treeA2.map((n) => n.name)).toEqual(['甲二小区党支部']);

    const gridWorker = await t.as('gridWorker');
    const gridTree = body<{ items: TreeNode[] }>(await gridWorker.get(`${A}/party-tree`), 200).items;
    expect(gridTree.map((n) => n.name)).toEqual(['1栋党小组']);

    const street = await t.as('streetAdmin');
    expect(
      body<{ items: TreeNode[] }>(await street.get(`${api(t.world.communityB)}/party-tree`), 200).items,
    ).toEqual([]);
    expect(
      errorCode(await street.get(`${api(t.world.communityB)}/party-orgs/${org.committee.id}`), 404),
    ).toBe('not_found');
  });

  it('rename and archive: not while organisations hang under it; archiving ends its positions', async () => {
    const renamed = body<PartyOrg>(
      await staff.patch(`${A}/party-orgs/${org.groupA1.id}`, { name: '一栋党小组' }),
      200,
    );
    expect(renamed.name).toBe('一栋党小组');
    expect(errorCode(await staff.patch(`${A}/party-orgs/${org.groupA1.id}`, { name: '' }), 400)).toBe(
      'validation',
    );

    expect(errorCode(await staff.post(`${A}/party-orgs/${org.groupA1.id}/archive`), 409)).toBe(
      'has_active_children',
    );
    const member = await addPerson(t, '冯党员', 'party_member');
    const P = `${A}/party-orgs/${org.householdA1.id}/positions`;
    const pos = body<Position>(await staff.post(P, { personId: member, position: 'member' }), 201);
    const archived = body<PartyOrg>(await staff.post(`${A}/party-orgs/${org.householdA1.id}/archive`), 200);
    expect(archived.archivedAt).toEqual(expect.any(Number));
    expect(
      body<{ items: Position[] }>(await staff.get(`${P}?ended=true`), 200).items.map((p) => p.id),
    ).toEqual([pos.id]);
    expect(errorCode(await staff.post(P, { personId: member, position: 'member' }), 409)).toBe('org_closed');
    body(await staff.post(`${A}/party-orgs/${org.groupA1.id}/archive`), 200);
    expect(ids(await staff.get(`${A}/party-orgs?kind=group`))).toEqual([org.groupA2.id]);
  });

  it('unknown organisations are 404', async () => {
    const missing = newId();
    expect(errorCode(await staff.get(`${A}/party-orgs/${missing}`), 404)).toBe('not_found');
    expect(errorCode(await staff.patch(`${A}/party-orgs/${missing}`, { name: 'X' }), 404)).toBe('not_found');
    expect(errorCode(await staff.post(`${A}/party-orgs/${missing}/archive`), 404)).toBe('not_found');
    expect(errorCode(await staff.get(`${A}/party-orgs/${missing}/positions`), 404)).toBe('not_found');
    expect(
      errorCode(await staff.post(`${A}/party-orgs/${org.branchA1.id}/positions/${missing}/end`, {}), 404),
    ).toBe('not_found');
  });
});
