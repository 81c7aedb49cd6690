import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { addBuilding, addPerson, api, auditOf, body, errorCode, holding, ids } from './organisations.testkit';

interface Grid {
  id: string;
  compoundId: string | null;
  name: string;
  buildings: { id: string; name: string; compoundId: string }[];
  archivedAt: number | null;
}
interface Worker {
  id: string;
  orgId: string;
  personId: string;
  personName: string;
  position: string;
  since: string | null;
  until: string | null;
  endedAt: number | null;
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

const makeGrid = async (name: string, compoundId: string | null = t.world.compoundA1) =>
  body<Grid>(await staff.post(`${A}/grids`, { name, compoundId }), 201);

describe('grids', () => {
  it('are created, read, listed, searched and renamed', async () => {
    const grid = await makeGrid(' 第二网格 ');
    expect(grid).toMatchObject({
      name: '第二网格',
      compoundId: t.world.compoundA1,
      buildings: [],
      archivedAt: null,
    });
    expect(body<Grid>(await staff.get(`${A}/grids/${grid.id}`), 200)).toEqual(grid);

    const gridA2 = await makeGrid('甲二网格', t.world.compoundA2);
    expect(ids(await staff.get(`${A}/grids?compoundId=${t.world.compoundA1}`))).toEqual(
      expect.arrayContaining([t.world.gridA, grid.id]),
    );
    expect(ids(await staff.get(`${A}/grids?compoundId=${t.world.compoundA1}`))).not.toContain(gridA2.id);
    expect(ids(await staff.get(`${A}/grids?q=甲二`))).toEqual([gridA2.id]);

    const renamed = body<Grid>(await staff.patch(`${A}/grids/${grid.id}`, { name: '第二网格（东）' }), 200);
    expect(renamed.name).toBe('第二网格（东）');
    expect(renamed.compoundId).toBe(t.world.compoundA1);

    // The world's grid shows the building it covers.
    const gridA = body<Grid>(await staff.get(`${A}/grids/${t.world.gridA}`), 200);
    expect(gridA.buildings.map((b) => b.id)).toEqual([t.world.buildingA1]);
  });

  it('refuse bad input with 400 and unknown ids with 404', async () => {
    expect(errorCode(await staff.post(`${A}/grids`, { name: '' }), 400)).toBe('validation');
    expect(errorCode(await staff.post(`${A}/grids`, { name: 'X', compoundId: 'nope' }), 400)).toBe(
      'bad_reference',
    );
    expect(errorCode(await staff.post(`${A}/grids`, { name: 'X', extra: 1 }), 400)).toBe('validation');
    expect(errorCode(await staff.get(`${A}/grids/nope`), 404)).toBe('not_found');
    expect(errorCode(await staff.patch(`${A}/grids/nope`, { name: 'X' }), 404)).toBe('not_found');
    expect(errorCode(await staff.post(`${A}/grids/nope/archive`), 404)).toBe('not_found');
    expect(errorCode(await staff.get(`${A}/grids/nope/workers`), 404)).toBe('not_found');
    // Two grids of one name in a community would confuse everyone.
    expect(errorCode(await staff.post(`${A}/grids`, { name: '第一网格' }), 409)).toBe('conflict');
  });

  it('cover buildings: one grid per building (409 otherwise), only in their own compound', async () => {
    const grid = await makeGrid('楼栋网格');
    const { building } = await addBuilding(t, t.world.compoundA1, '5栋');

    const added = await staff.post(`${A}/grids/${grid.id}/buildings`, { buildingId: building });
    expect(body<Grid>(added, 201).buildings.map((b) => b.name)).toEqual(['5栋']);
    // Adding it again changes nothing.
    expect(
      body<Grid>(await staff.post(`${A}/grids/${grid.id}/buildings`, { buildingId: building }), 200)
        .buildings,
    ).toHaveLength(1);
    expect(ids(await staff.get(`${A}/grids?buildingId=${building}`))).toEqual([grid.id]);

    const taken = await staff.post(`${A}/grids/${grid.id}/buildings`, { buildingId: t.world.buildingA1 });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('building_in_other_grid');
    expect(taken.json().error.message).toContain('第一网格');

    const elsewhere = await staff.post(`${A}/grids/${grid.id}/buildings`, { buildingId: t.world.buildingA2 });
    expect(errorCode(elsewhere, 400)).toBe('building_not_in_compound');
    expect(errorCode(await staff.post(`${A}/grids/${grid.id}/buildings`, { buildingId: 'nope' }), 400)).toBe(
      'bad_reference',
    );
    // Tying the grid to another compound would strand its building.
    expect(
      errorCode(await staff.patch(`${A}/grids/${grid.id}`, { compoundId: t.world.compoundA2 }), 400),
    ).toBe('building_not_in_compound');

    const removed = await staff.delete(`${A}/grids/${grid.id}/buildings/${building}`);
    expect(body<Grid>(removed, 200).buildings).toEqual([]);
    expect(errorCode(await staff.delete(`${A}/grids/${grid.id}/buildings/${building}`), 404)).toBe(
      'not_found',
    );
    expect((await auditOf(t, grid.id)).map((a) => a.action)).toEqual([
      'grid.add_building',
      'grid.remove_building',
    ]);
  });

  it('have one grid leader (网格长) and any number of grid workers, with dates, ended not deleted', async () => {
    const grid = await makeGrid('人员网格');
    const wang = await addPerson(t, '王网格长');
    const li = await addPerson(t, '李网格员');
    const zhao = await addPerson(t, '赵某');
    const W = `${A}/grids/${grid.id}/workers`;

    const leader = body<Worker>(
      await staff.post(W, { personId: wang, position: 'leader', since: '2024-03-01' }),
      201,
    );
    expect(leader).toMatchObject({
      orgId: grid.id,
      personName: '王网格长',
      position: 'leader',
      since: '2024-03-01',
      until: null,
      endedAt: null,
    });
    const worker = body<Worker>(await staff.post(W, { personId: li, position: 'worker' }), 201);
    expect(worker.since).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const second = await staff.post(W, { personId: zhao, position: 'leader' });
    expect(errorCode(second, 409)).toBe('position_taken');
    expect(second.json().error.message).toContain('王网格长');
    expect(errorCode(await staff.post(W, { personId: li, position: 'worker' }), 409)).toBe('already_member');
    expect(errorCode(await staff.post(W, { personId: 'nobody', position: 'worker' }), 400)).toBe(
      'bad_reference',
    );
    expect(errorCode(await staff.post(W, { personId: zhao, position: 'captain' }), 400)).toBe('validation');
    const outsider = await addPerson(t, '乙社区居民', 'masses', t.world.communityB);
    expect(errorCode(await staff.post(W, { personId: outsider, position: 'worker' }), 400)).toBe(
      'bad_reference',
    );

    const roster = body<{ items: Worker[] }>(await staff.get(W), 200).items;
    expect(roster.map((w) => w.personName)).toEqual(['王网格长', '李网格员']);

    expect(errorCode(await staff.post(`${W}/${leader.id}/end`, { until: '2024-01-01' }), 400)).toBe(
      'date_order',
    );
    const ended = body<Worker>(await staff.post(`${W}/${leader.id}/end`, { until: '2025-06-30' }), 200);
    expect(ended.until).toBe('2025-06-30');
    expect(ended.endedAt).toEqual(expect.any(Number));
    // Ending twice is harmless (a retried tap on a phone).
    expect(body<Worker>(await staff.post(`${W}/${leader.id}/end`, {}), 200).until).toBe('2025-06-30');
    expect(errorCode(await staff.post(`${W}/nope/end`, {}), 404)).toBe('not_found');

    expect(body<{ items: Worker[] }>(await staff.get(W), 200).items.map((w) => w.personName)).toEqual([
      '李网格员',
    ]);
    expect(body<{ items: Worker[] }>(await staff.get(`${W}?ended=true`), 200).items.map((w) => w.id)).toEqual(
      [leader.id],
    );
    // Now that the leader has gone, someone else can lead.
    body<Worker>(await staff.post(W, { personId: zhao, position: 'leader' }), 201);

    const trail = await auditOf(t, leader.id);
    expect(trail.map((a) => a.action)).toEqual(['grid_worker.appoint', 'grid_worker.end']);
    expect(trail[0]!.actor_account_id).toBe(t.world.accounts.communityStaff);
  });

  it('archived: buildings released, workers’ places ended, no new appointments', async () => {
    const grid = await makeGrid('撤销网格');
    const { building } = await addBuilding(t, t.world.compoundA1, '6栋');
    body(await staff.post(`${A}/grids/${grid.id}/buildings`, { buildingId: building }), 201);
    const person = await addPerson(t, '钱网格员');
    const w = body<Worker>(
      await staff.post(`${A}/grids/${grid.id}/workers`, { personId: person, position: 'worker' }),
      201,
    );

    const archived = body<Grid>(await staff.post(`${A}/grids/${grid.id}/archive`), 200);
    expect(archived.archivedAt).toEqual(expect.any(Number));
    expect(archived.buildings).toEqual([]);
    expect(ids(await staff.get(`${A}/grids`))).not.toContain(grid.id);
    expect(ids(await staff.get(`${A}/grids?archived=true`))).toContain(grid.id);
    const workers = body<{ items: Worker[] }>(
      await staff.get(`${A}/grids/${grid.id}/workers?ended=true`),
      200,
    );
    expect(workers.items.map((x) => x.id)).toEqual([w.id]);
    expect(
      errorCode(
        await staff.post(`${A}/grids/${grid.id}/workers`, { personId: person, position: 'worker' }),
        409,
      ),
    ).toBe('org_closed');

    // The released building can join another grid.
    const next = await makeGrid('接收网格');
    body(await staff.post(`${A}/grids/${next.id}/buildings`, { buildingId: building }), 201);
  });

  it('row scope: a grid worker reads their own grid only; a compound branch reads its compound’s grids', async () => {
    const other = await makeGrid('别的网格');
    const gridWorker = await t.as('gridWorker');
    expect(body<Grid>(await gridWorker.get(`${A}/grids/${t.world.gridA}`), 200).id).toBe(t.world.gridA);
    body(await gridWorker.get(`${A}/grids/${t.world.gridA}/workers`), 200);
    expect(errorCode(await gridWorker.get(`${A}/grids/${other.id}`), 403)).toBe('forbidden');
    expect(errorCode(await gridWorker.get(`${A}/grids/${other.id}/workers`), 403)).toBe('forbidden');
    expect(ids(await gridWorker.get(`${A}/grids`))).toEqual([t.world.gridA]);

    const inA2 = await makeGrid('甲二第二网格', t.world.compoundA2);
    const branchA1 = await t.as('branch');
    const seen = ids(await branchA1.get(`${A}/grids?pageSize=200`));
    expect(seen).toContain(t.world.gridA);
    expect(seen).not.toContain(inA2.id);
    expect(errorCode(await branchA1.get(`${A}/grids/${inA2.id}`), 403)).toBe('forbidden');
    const branchA2 = await holding(t, 'branch', 'compound', t.world.compoundA2);
    body(await branchA2.get(`${A}/grids/${inA2.id}`), 200);

    // Community B does not see A's grids, even for a street administrator who may read both.
    const street = await t.as('streetAdmin');
    expect(errorCode(await street.get(`${api(t.world.communityB)}/grids/${t.world.gridA}`), 404)).toBe(
      'not_found',
    );
    expect(ids(await street.get(`${api(t.world.communityB)}/grids`))).toEqual([]);
  });
});
