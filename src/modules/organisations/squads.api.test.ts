import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { newId } from '../../core/ids';
import { addPerson, api, auditOf, body, errorCode, ids } from './organisations.testkit';

interface Squad {
  id: string;
  name: string;
  type: string;
  compoundId: string | null;
  gridId: string | null;
  archivedAt: number | null;
}
interface Member {
  id: string;
  personName: string;
  position: string;
  since: string | null;
  until: string | null;
  endedAt: number | null;
}

let t: TestContext;
let staff: Client;
let A: string;
let patrol: Squad;
let squadA2: Squad;

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.as('communityStaff');
  A = api(t.world.communityA);
});
afterAll(() => t.close());

describe('volunteer squads (志愿服务分队)', () => {
  it('are formed on a grid (taking its compound), read, listed, filtered and changed', async () => {
    patrol = body<Squad>(
      await staff.post(`${A}/squads`, {
        name: '安全巡逻服务队',
        type: 'safety_patrol',
        gridId: t.world.gridA,
      }),
      201,
    );
    expect(patrol).toMatchObject({ compoundId: t.world.compoundA1, gridId: t.world.gridA, archivedAt: null });
    squadA2 = body<Squad>(
      await staff.post(`${A}/squads`, {
        name: '宣教文艺服务队',
        type: 'publicity_arts',
        compoundId: t.world.compoundA2,
      }),
      201,
    );
    expect(body<Squad>(await staff.get(`${A}/squads/${patrol.id}`), 200)).toEqual(patrol);
    expect(ids(await staff.get(`${A}/squads?type=safety_patrol`))).toEqual([patrol.id]);
    expect(ids(await staff.get(`${A}/squads?compoundId=${t.world.compoundA2}`))).toEqual([squadA2.id]);
    expect(ids(await staff.get(`${A}/squads?gridId=${t.world.gridA}`)).sort()).toEqual(
      [patrol.id, t.world.squadA].sort(),
    );
    expect(ids(await staff.get(`${A}/squads?q=宣教`))).toEqual([squadA2.id]);

    const changed = body<Squad>(
      await staff.patch(`${A}/squads/${squadA2.id}`, { name: '宣教文艺队', type: 'general' }),
      200,
    );
    expect(changed).toMatchObject({ name: '宣教文艺队', type: 'general', compoundId: t.world.compoundA2 });
  });

  it('refuse a grid outside their compound, unknown places and unknown types', async () => {
    const wrong = { name: 'X', type: 'care', compoundId: t.world.compoundA2, gridId: t.world.gridA };
    expect(errorCode(await staff.post(`${A}/squads`, wrong), 400)).toBe('grid_not_in_compound');
    expect(errorCode(await staff.patch(`${A}/squads/${squadA2.id}`, { gridId: t.world.gridA }), 400)).toBe(
      'grid_not_in_compound',
    );
    expect(errorCode(await staff.post(`${A}/squads`, { name: 'X', type: 'care', gridId: 'nope' }), 400)).toBe(
      'bad_reference',
    );
    expect(errorCode(await staff.post(`${A}/squads`, { name: 'X', type: 'dance' }), 400)).toBe('validation');
  });

  it('have one leader (分队长) and members who join and leave, audited', async () => {
    const M = `${A}/squads/${patrol.id}/members`;
    const zhang = await addPerson(t, '张队长');
    const liu = await addPerson(t, '刘队员');
    const chen = await addPerson(t, '陈队员');
    const leader = body<Member>(
      await staff.post(M, { personId: zhang, position: 'leader', since: '2024-02-01' }),
      201,
    );
    expect(leader).toMatchObject({
      personName: '张队长',
      position: 'leader',
      since: '2024-02-01',
      until: null,
    });
    const liuM = body<Member>(await staff.post(M, { personId: liu, position: 'member' }), 201);
    expect(errorCode(await staff.post(M, { personId: chen, position: 'leader' }), 409)).toBe(
      'position_taken',
    );
    expect(errorCode(await staff.post(M, { personId: liu, position: 'member' }), 409)).toBe('already_member');

    const left = body<Member>(await staff.post(`${M}/${liuM.id}/end`, {}), 200);
    expect(left.until).toBe(liuM.since); // joined and left today
    expect(left.endedAt).toEqual(expect.any(Number));
    expect(body<{ items: Member[] }>(await staff.get(M), 200).items.map((m) => m.personName)).toEqual([
      '张队长',
    ]);
    expect(body<{ items: Member[] }>(await staff.get(`${M}?ended=true`), 200).items.map((m) => m.id)).toEqual(
      [liuM.id],
    );
    // Someone who left may join again.
    body(await staff.post(M, { personId: liu, position: 'member' }), 201);
    expect((await auditOf(t, liuM.id)).map((a) => a.action)).toEqual([
      'squad_member.appoint',
      'squad_member.end',
    ]);
  });

  it('row scope: a squad leader reads their squad only; a grid worker the squads of their grid', async () => {
    const leader = await t.as('squadLeader');
    body(await leader.get(`${A}/squads/${t.world.squadA}`), 200);
    body(await leader.get(`${A}/squads/${t.world.squadA}/members`), 200);
    expect(errorCode(await leader.get(`${A}/squads/${patrol.id}`), 403)).toBe('forbidden');
    expect(errorCode(await leader.get(`${A}/squads/${patrol.id}/members`), 403)).toBe('forbidden');
    expect(ids(await leader.get(`${A}/squads`))).toEqual([t.world.squadA]);

    const gridWorker = await t.as('gridWorker');
    body(await gridWorker.get(`${A}/squads/${patrol.id}`), 200);
    expect(errorCode(await gridWorker.get(`${A}/squads/${squadA2.id}`), 403)).toBe('forbidden');
    expect(ids(await gridWorker.get(`${A}/squads`)).sort()).toEqual([patrol.id, t.world.squadA].sort());

    const branchA1 = await t.as('branch');
    expect(ids(await branchA1.get(`${A}/squads`))).not.toContain(squadA2.id);

    const street = await t.as('streetAdmin');
    expect(errorCode(await street.get(`${api(t.world.communityB)}/squads/${t.world.squadA}`), 404)).toBe(
      'not_found',
    );
  });

  it('disbanding ends every member’s place and takes no one new', async () => {
    const M = `${A}/squads/${patrol.id}/members`;
    const archived = body<Squad>(await staff.post(`${A}/squads/${patrol.id}/archive`), 200);
    expect(archived.archivedAt).toEqual(expect.any(Number));
    expect(body<{ items: Member[] }>(await staff.get(M), 200).items).toEqual([]);
    expect(ids(await staff.get(`${A}/squads`))).not.toContain(patrol.id);
    expect(ids(await staff.get(`${A}/squads?archived=true`))).toEqual([patrol.id]);
    const newcomer = await addPerson(t, '新队员');
    expect(errorCode(await staff.post(M, { personId: newcomer, position: 'member' }), 409)).toBe(
      'org_closed',
    );
  });

  it('unknown squads are 404', async () => {
    const missing = newId();
    expect(errorCode(await staff.get(`${A}/squads/${missing}`), 404)).toBe('not_found');
    expect(errorCode(await staff.patch(`${A}/squads/${missing}`, { name: 'X' }), 404)).toBe('not_found');
    expect(errorCode(await staff.post(`${A}/squads/${missing}/archive`), 404)).toBe('not_found');
    expect(
      errorCode(
        await staff.post(`${A}/squads/${missing}/members`, { personId: missing, position: 'member' }),
        404,
      ),
    ).toBe('not_found');
  });
});
