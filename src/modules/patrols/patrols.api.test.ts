import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { body, errorCode, type Client } from '../../../test/support/client';
import { openEventStream } from '../../../test/support/sse';
import { testPhoto, upload } from '../../../test/support/upload';
import { addSquadMember, api, staffOfB, type Actor } from '../orders/orders.testkit';
import { pageCount, pdfCharacters } from '../notices/notices.testkit';
import { patrolClock } from './clock';
import { calendarEntriesFor, patrolFigures } from './exports';
import { dateOf, dayStart } from './rules';

/**
 * 巡逻 end to end: routes and checkpoints in the console with their QR sheet, a volunteer walking a
 * run on the phone (scans by QR code and by hand, a finding that becomes a service order with its
 * photo, a basement's scans replayed — also all at once — without doubling), finishing with flags
 * and service hours, the clock's missed slots, and who sees what.
 */

let t: TestContext;
let A: string;
let staff: Client;
let leader: Client;
let branch: Client;
let grid: Client;
let volunteer: Actor;
let outsider: Actor;

const minute = 60_000;
/** 'HH:mm' in Asia/Shanghai of an instant (rounded down to the minute). */
const hhmm = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(11, 16);
const slotOf = (at: number) => {
  const date = dateOf(at);
  const [h, m] = hhmm(at).split(':').map(Number);
  return dayStart(date) + (h! * 60 + m!) * minute;
};
let seq = 0;
const key = (what = 'k') => `${what}-${++seq}-${Date.now()}`;

interface RouteJson {
  id: string;
  compoundId: string;
  squadId: string | null;
  gridId: string | null;
  name: string;
  state: string;
  checkpointCount: number;
  schedule: { times: string[]; weekdays: number[] };
  checkpoints: { id: string; position: number; name: string; qrToken: string; scanPath: string }[];
}
interface RunJson {
  id: string;
  routeId: string;
  state: string;
  scheduledFor: number | null;
  runnerName: string | null;
  missedPoints: number;
  outOfOrder: boolean;
  late: boolean;
  flagged: boolean;
  findings: number;
  checkpoints: { id: string; scanned: boolean; firstScannedAt: number | null }[];
  scans: { id: string; checkpointId: string; finding: boolean; findingOrderId: string | null }[];
}
interface ScanJson {
  scan: {
    id: string;
    checkpointId: string;
    finding: boolean;
    findingOrderId: string | null;
    scannedAt: number;
  };
  run: RunJson;
}

const everyDay = [1, 2, 3, 4, 5, 6, 7];

async function makeRoute(client: Client, fields: Record<string, unknown>, points: string[]) {
  const route = body<RouteJson>(
    await client.post(`${A}/patrol-routes`, {
      compoundId: t.world.compoundA1,
      name: '东区夜巡',
      ...fields,
    }),
    201,
  );
  for (const name of points)
    body(
      await client.post(`${A}/patrol-routes/${route.id}/checkpoints`, { name, placeHint: `${name}旁` }),
      201,
    );
  return body<RouteJson>(await client.get(`${A}/patrol-routes/${route.id}`), 200);
}

beforeAll(async () => {
  t = await startTestApp();
  A = api(t.world.communityA);
  [staff, leader, branch, grid] = await Promise.all([
    t.as('communityStaff'),
    t.as('squadLeader'),
    t.as('branch'),
    t.as('gridWorker'),
  ]);
  volunteer = await addSquadMember(t, '赵银发', t.world.squadA);
  // A party member of the community who serves in no squad of compound A1.
  outsider = await addSquadMember(t, '钱路人', t.world.squadA);
  await t.deps.db
    .updateTable('squad_members')
    .set({ left_at: Date.now() })
    .where('person_id', '=', outsider.personId)
    .execute();
});
afterAll(() => t.close());

describe('routes and checkpoints in the console', () => {
  let route: RouteJson;

  it('a squad leader lays out the squad’s morning route with its checkpoints in order', async () => {
    route = await makeRoute(
      leader,
      { squadId: t.world.squadA, schedule: { times: ['07:00'], weekdays: everyDay }, graceMinutes: 60 },
      ['东门', '地下车库', '荷花池'],
    );
    expect(route).toMatchObject({ squadId: t.world.squadA, state: 'active', checkpointCount: 3 });
    expect(route.checkpoints.map((k) => [k.position, k.name])).toEqual([
      [1, '东门'],
      [2, '地下车库'],
      [3, '荷花池'],
    ]);
    expect(route.checkpoints[0]!.scanPath).toBe(`/patrol/scan/${route.checkpoints[0]!.qrToken}`);
    expect(new Set(route.checkpoints.map((k) => k.qrToken)).size).toBe(3);
  });

  it('reorders, renames and takes a checkpoint off; a bad order is refused', async () => {
    const [gate, garage, pond] = route.checkpoints;
    const reordered = body<RouteJson>(
      await leader.post(`${A}/patrol-routes/${route.id}/checkpoints/reorder`, {
        ids: [pond!.id, gate!.id, garage!.id],
      }),
      200,
    );
    expect(reordered.checkpoints.map((k) => k.name)).toEqual(['荷花池', '东门', '地下车库']);
    expect(
      errorCode(
        await leader.post(`${A}/patrol-routes/${route.id}/checkpoints/reorder`, { ids: [gate!.id] }),
        400,
      ),
    ).toBe('patrol_reorder_ids');
    const extra = body<{ id: string }>(
      await leader.post(`${A}/patrol-routes/${route.id}/checkpoints`, { name: '临时点' }),
      201,
    );
    body(
      await leader.patch(`${A}/patrol-checkpoints/${extra.id}`, { name: '配电房', placeHint: '3栋北' }),
      200,
    );
    const removed = body<{ archivedAt: number | null; name: string }>(
      await leader.delete(`${A}/patrol-checkpoints/${extra.id}`),
      200,
    );
    expect(removed).toMatchObject({ name: '配电房' });
    expect(removed.archivedAt).not.toBeNull();
    route = body<RouteJson>(
      await leader.post(`${A}/patrol-routes/${route.id}/checkpoints/reorder`, {
        ids: [gate!.id, garage!.id, pond!.id],
      }),
      200,
    );
    expect(route.checkpoints.map((k) => k.name)).toEqual(['东门', '地下车库', '荷花池']);
  });

  it('prints the QR sheet: one code per checkpoint, with its name', async () => {
    const res = await leader.get(`${A}/patrol-routes/${route.id}/qr-sheet.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pageCount(pdf)).toBe(1);
    const chars = pdfCharacters(pdf);
    for (const ch of '东门地下车库荷花池') expect(chars.has(ch), ch).toBe(true);
  });

  it('refuses bad input with 400 and unknown ids with 404', async () => {
    expect(
      errorCode(await staff.post(`${A}/patrol-routes`, { compoundId: t.world.compoundA1, name: '  ' }), 400),
    ).toBe('patrol_blank');
    expect(
      errorCode(
        await staff.post(`${A}/patrol-routes`, {
          compoundId: t.world.compoundA1,
          name: '西区',
          schedule: { times: ['25:00'], weekdays: [1] },
        }),
        400,
      ),
    ).toBe('validation');
    expect(
      errorCode(
        await staff.post(`${A}/patrol-routes`, {
          compoundId: t.world.compoundA2,
          name: '西区',
          squadId: t.world.squadA,
        }),
        400,
      ),
    ).toBe('patrol_squad_elsewhere');
    expect(errorCode(await staff.get(`${A}/patrol-routes/nope`), 404)).toBe('not_found');
    expect(errorCode(await staff.get(`${A}/patrol-runs/nope`), 404)).toBe('not_found');
    expect(errorCode(await staff.patch(`${A}/patrol-checkpoints/nope`, { name: 'x' }), 404)).toBe(
      'not_found',
    );
  });

  it('scopes routes: the branch of A1 not A2, the grid worker by grid, community B never', async () => {
    const inA2 = await makeRoute(staff, { compoundId: t.world.compoundA2, name: '甲二小区巡逻' }, ['北门']);
    const inGrid = await makeRoute(grid, { name: '网格巡查', gridId: t.world.gridA }, ['1栋']);
    const names = async (c: Client) =>
      body<{ items: RouteJson[] }>(await c.get(`${A}/patrol-routes?pageSize=100`), 200).items.map(
        (r) => r.name,
      );
    expect(await names(staff)).toEqual(expect.arrayContaining(['东区夜巡', '甲二小区巡逻', '网格巡查']));
    expect(await names(branch)).toEqual(expect.arrayContaining(['东区夜巡', '网格巡查']));
    expect(await names(branch)).not.toContain('甲二小区巡逻');
    expect(await names(leader)).toEqual(['东区夜巡']);
    expect(await names(grid)).toEqual(['网格巡查']);
    expect(errorCode(await branch.get(`${A}/patrol-routes/${inA2.id}`), 403)).toBe('forbidden');
    expect(errorCode(await grid.patch(`${A}/patrol-routes/${route.id}`, { name: '改名' }), 403)).toBe(
      'forbidden',
    );
    // A squad leader cannot move the squad's route out of the squad (the route would leave their reach).
    expect(errorCode(await leader.patch(`${A}/patrol-routes/${route.id}`, { squadId: null }), 403)).toBe(
      'forbidden',
    );
    const b = await staffOfB(t);
    const B = api(t.world.communityB);
    expect(body<{ total: number }>(await b.get(`${B}/patrol-routes`), 200).total).toBe(0);
    expect(errorCode(await b.get(`${B}/patrol-routes/${route.id}`), 404)).toBe('not_found');
    expect(inGrid.gridId).toBe(t.world.gridA);
  });
});

describe('a volunteer’s patrol run', () => {
  let route: RouteJson;
  let run: RunJson;
  let slot: number;

  beforeAll(async () => {
    // A slot a few minutes from now, so the run may start and is not late.
    slot = slotOf(Date.now() + 5 * minute);
    route = await makeRoute(
      leader,
      {
        name: '银发先锋晨巡',
        squadId: t.world.squadA,
        schedule: { times: [hhmm(slot)], weekdays: everyDay },
      },
      ['一号岗', '二号岗', '三号岗'],
    );
  });

  it('lists the routes I may walk with today’s slot; an outsider sees none of them', async () => {
    const mine = body<{ items: { id: string; today: { scheduledFor: number; runId: string | null }[] }[] }>(
      await volunteer.client.get('/api/v1/me/patrol-routes'),
      200,
    ).items;
    const morning = mine.find((r) => r.id === route.id)!;
    expect(morning.today).toEqual([expect.objectContaining({ scheduledFor: slot, runId: null })]);
    const theirs = body<{ items: { id: string }[] }>(
      await outsider.client.get('/api/v1/me/patrol-routes'),
      200,
    );
    expect(theirs.items.map((r) => r.id)).not.toContain(route.id);
  });

  it('starts the slot’s run once: the same key again, even five at once, finds the same run', async () => {
    const clientKey = key('start');
    const start = () =>
      volunteer.client.post('/api/v1/me/patrol-runs', { routeId: route.id, scheduledFor: slot, clientKey });
    const first = await start();
    run = body<RunJson>(first, 201);
    expect(run).toMatchObject({
      state: 'in_progress',
      scheduledFor: slot,
      runnerName: '赵银发',
      late: false,
    });
    expect(run.checkpoints.map((k) => k.scanned)).toEqual([false, false, false]);
    const replays = await Promise.all(Array.from({ length: 5 }, start));
    for (const r of replays) expect(body<RunJson>(r, 200).id).toBe(run.id);
    // Someone else cannot start the same slot.
    const other = await addSquadMember(t, '孙队员', t.world.squadA);
    expect(
      errorCode(
        await other.client.post('/api/v1/me/patrol-runs', {
          routeId: route.id,
          scheduledFor: slot,
          clientKey: key(),
        }),
        409,
      ),
    ).toBe('patrol_slot_taken');
    expect(
      errorCode(
        await outsider.client.post('/api/v1/me/patrol-runs', { routeId: route.id, clientKey: key() }),
        404,
      ),
    ).toBe('not_found');
    expect(
      errorCode(
        await volunteer.client.post('/api/v1/me/patrol-runs', {
          routeId: route.id,
          scheduledFor: slot + minute,
          clientKey: key(),
        }),
        400,
      ),
    ).toBe('patrol_not_a_slot');
  });

  it('shows who is walking a slot: my own name in full, a squad mate’s masked', async () => {
    type Routes = { items: { id: string; today: { runId: string | null; runnerName: string | null }[] }[] };
    const slotSeenBy = async (client: Client) =>
      body<Routes>(await client.get('/api/v1/me/patrol-routes'), 200).items.find((r) => r.id === route.id)!
        .today[0]!;
    expect(await slotSeenBy(volunteer.client)).toMatchObject({ runId: run.id, runnerName: '赵银发' });
    const mate = await addSquadMember(t, '李队友', t.world.squadA);
    expect(await slotSeenBy(mate.client)).toMatchObject({ runId: run.id, runnerName: '赵*发' });
  });
  it('tells which checkpoint a QR code is, and my run on it', async () => {
    const target = body<{ checkpointName: string; position: number; openRunId: string | null }>(
      await volunteer.client.get(`/api/v1/patrol/scan-target/${route.checkpoints[1]!.qrToken}`),
      200,
    );
    expect(target).toMatchObject({ checkpointName: '二号岗', position: 2, openRunId: run.id });
    expect(
      errorCode(
        await outsider.client.get(`/api/v1/patrol/scan-target/${route.checkpoints[1]!.qrToken}`),
        404,
      ),
    ).toBe('not_found');
  });

  it('scans by QR code and by hand; a replay of a basement scan, even five at once, adds no row', async () => {
    const now = Date.now();
    const first = body<ScanJson>(
      await volunteer.client.post(`/api/v1/me/patrol-runs/${run.id}/scans`, {
        qrToken: route.checkpoints[0]!.qrToken,
        scannedAt: now,
        clientKey: key('scan'),
      }),
      201,
    );
    expect(first.run.checkpoints.map((k) => k.scanned)).toEqual([true, false, false]);

    // Offline in the garage: the phone kept the scan and sends it again and again when the signal returns.
    const offline = {
      checkpointId: route.checkpoints[1]!.id,
      scannedAt: now + minute,
      note: '车库灯正常',
      clientKey: key('basement'),
    };
    const sent = await Promise.all(
      Array.from({ length: 5 }, () =>
        volunteer.client.post(`/api/v1/me/patrol-runs/${run.id}/scans`, offline),
      ),
    );
    const statuses = sent.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 201]);
    const ids = new Set(sent.map((r) => r.json<ScanJson>().scan.id));
    expect(ids.size).toBe(1);
    const again = body<ScanJson>(
      await volunteer.client.post(`/api/v1/me/patrol-runs/${run.id}/scans`, offline),
      200,
    );
    expect(again.scan.id).toBe([...ids][0]);
    expect(again.run.scans).toHaveLength(2);
  });

  it('refuses a scan without a point, of another route’s point, or with an impossible time', async () => {
    const other = await makeRoute(staff, { name: '别的路线' }, ['别处']);
    const scan = (fields: Record<string, unknown>) =>
      volunteer.client.post(`/api/v1/me/patrol-runs/${run.id}/scans`, {
        scannedAt: Date.now(),
        clientKey: key(),
        ...fields,
      });
    expect(errorCode(await scan({}), 400)).toBe('patrol_checkpoint_required');
    expect(errorCode(await scan({ qrToken: other.checkpoints[0]!.qrToken }), 400)).toBe(
      'patrol_checkpoint_not_on_route',
    );
    expect(
      errorCode(
        await scan({ qrToken: route.checkpoints[2]!.qrToken, scannedAt: Date.now() + 3_600_000 }),
        400,
      ),
    ).toBe('patrol_scan_time');
    expect(errorCode(await scan({ qrToken: route.checkpoints[2]!.qrToken, finding: true }), 400)).toBe(
      'patrol_finding_note',
    );
    expect(errorCode(await outsider.client.get(`/api/v1/me/patrol-runs/${run.id}`), 404)).toBe('not_found');
  });

  it('turns a finding into a service order with its photo; a replay makes no second order', async () => {
    const photo = body<{ id: string }>(
      await upload(volunteer.client, t.world.communityA, await testPhoto()),
      201,
    );
    const finding = {
      qrToken: route.checkpoints[2]!.qrToken,
      scannedAt: Date.now() + 2 * minute,
      finding: true,
      note: '消防通道被电动车堵住',
      fileIds: [photo.id],
      clientKey: key('finding'),
    };
    const made = body<ScanJson>(
      await volunteer.client.post(`/api/v1/me/patrol-runs/${run.id}/scans`, finding),
      201,
    );
    expect(made.scan.finding).toBe(true);
    const orderId = made.scan.findingOrderId!;
    expect(orderId).toBeTruthy();
    const replay = body<ScanJson>(
      await volunteer.client.post(`/api/v1/me/patrol-runs/${run.id}/scans`, finding),
      200,
    );
    expect(replay.scan.findingOrderId).toBe(orderId);

    const order = body<{
      channel: string;
      description: string;
      placeText: string;
      compoundId: string;
      photoIds: string[];
      categoryId: string;
    }>(await staff.get(`${A}/orders/${orderId}`), 200);
    expect(order).toMatchObject({ channel: 'patrol', compoundId: t.world.compoundA1, photoIds: [photo.id] });
    expect(order.description).toContain('消防通道被电动车堵住');
    expect(order.placeText).toContain('三号岗');
    const orders = await t.deps.db
      .selectFrom('orders')
      .select('id')
      .where('community_id', '=', t.world.communityA)
      .where('channel', '=', 'patrol')
      .execute();
    expect(orders).toHaveLength(1);
  });

  it('finishes with no flags, credits the time once, and takes no more scans', async () => {
    // The walk took three quarters of an hour.
    await t.deps.db
      .updateTable('patrol_runs')
      .set({ started_at: Date.now() - 45 * minute })
      .where('id', '=', run.id)
      .execute();
    const done = body<RunJson>(
      await volunteer.client.post(`/api/v1/me/patrol-runs/${run.id}/finish`, {
        note: '一切正常',
        clientKey: key(),
      }),
      200,
    );
    expect(done).toMatchObject({
      state: 'done',
      missedPoints: 0,
      outOfOrder: false,
      late: false,
      flagged: false,
    });
    expect(done.findings).toBe(1);
    body(await volunteer.client.post(`/api/v1/me/patrol-runs/${run.id}/finish`, {}), 200);
    const credited = await t.deps.db
      .selectFrom('service_entries')
      .selectAll()
      .where('source_kind', '=', 'patrol')
      .where('source_id', '=', run.id)
      .execute();
    expect(credited).toHaveLength(1);
    expect(credited[0]).toMatchObject({
      person_id: volunteer.personId,
      squad_id: t.world.squadA,
      minutes: 45,
    });
    expect(
      errorCode(
        await volunteer.client.post(`/api/v1/me/patrol-runs/${run.id}/scans`, {
          qrToken: route.checkpoints[0]!.qrToken,
          scannedAt: Date.now(),
          clientKey: key(),
        }),
        409,
      ),
    ).toBe('patrol_run_closed');
  });

  it('flags an ad-hoc run that skipped a point and walked out of order, live on the leader’s console', async () => {
    const stream = await openEventStream(leader, `${A}/patrol-runs/events`);
    const adhoc = body<RunJson>(
      await volunteer.client.post('/api/v1/me/patrol-runs', { routeId: route.id, clientKey: key('adhoc') }),
      201,
    );
    expect(adhoc.scheduledFor).toBeNull();
    const now = Date.now();
    for (const [i, point] of [route.checkpoints[2]!, route.checkpoints[0]!].entries())
      body(
        await volunteer.client.post(`/api/v1/me/patrol-runs/${adhoc.id}/scans`, {
          checkpointId: point.id,
          scannedAt: now + i * minute,
          clientKey: key(),
        }),
        201,
      );
    const done = body<RunJson>(
      await volunteer.client.post(`/api/v1/me/patrol-runs/${adhoc.id}/finish`, {}),
      200,
    );
    expect(done).toMatchObject({ missedPoints: 1, outOfOrder: true, late: false, flagged: true });
    try {
      expect((await stream.next('patrol_run')).data).toMatchObject({ id: adhoc.id, state: 'in_progress' });
    } finally {
      stream.close();
    }
  });

  it('lists runs in the console with filters; the leader sees the squad’s, community B none', async () => {
    const all = body<{ items: RunJson[] }>(await leader.get(`${A}/patrol-runs?routeId=${route.id}`), 200);
    expect(all.items).toHaveLength(2);
    const flagged = body<{ items: RunJson[] }>(
      await leader.get(`${A}/patrol-runs?routeId=${route.id}&flagged=true`),
      200,
    );
    expect(flagged.items.map((r) => r.outOfOrder)).toEqual([true]);
    const clean = body<{ items: RunJson[] }>(
      await leader.get(`${A}/patrol-runs?routeId=${route.id}&flagged=false`),
      200,
    );
    expect(clean.items.map((r) => r.id)).toEqual([run.id]);
    const byName = body<{ total: number }>(await staff.get(`${A}/patrol-runs?q=赵银`), 200);
    expect(byName.total).toBe(2);
    const today = dateOf(Date.now());
    const dated = body<{ total: number }>(
      await staff.get(`${A}/patrol-runs?from=${today}&to=${today}&state=done`),
      200,
    );
    expect(dated.total).toBe(2);
    const detail = body<RunJson>(await leader.get(`${A}/patrol-runs/${run.id}`), 200);
    expect(detail.scans).toHaveLength(3);
    expect(errorCode(await grid.get(`${A}/patrol-runs/${run.id}`), 403)).toBe('forbidden');
    const b = await staffOfB(t);
    expect(body<{ total: number }>(await b.get(`${api(t.world.communityB)}/patrol-runs`), 200).total).toBe(0);
    expect(errorCode(await b.get(`${api(t.world.communityB)}/patrol-runs/${run.id}`), 404)).toBe('not_found');
  });

  it('gives the volunteers module its figures and calendar entries', async () => {
    const today = dateOf(Date.now());
    const figures = await patrolFigures(t.deps.db, t.world.communityA, {
      from: today,
      to: today,
      squadId: t.world.squadA,
    });
    expect(figures).toMatchObject({
      runsDone: 2,
      runsMissed: 0,
      runsFlagged: 1,
      findings: 1,
      findingOrders: 1,
    });
    const entries = await calendarEntriesFor(t.deps.db, t.world.communityA, volunteer.personId, today, today);
    expect(entries).toContainEqual(
      expect.objectContaining({
        kind: 'patrol',
        id: `${route.id}:${slot}`,
        title: '银发先锋晨巡',
        startsAt: slot,
      }),
    );
  });
});

describe('the patrol clock', () => {
  it('records a missed run once per lapsed slot; a late runner takes it over, flagged late', async () => {
    const slot = slotOf(Date.now() - 10 * minute);
    const route = await makeRoute(
      leader,
      {
        name: '午间巡查',
        squadId: t.world.squadA,
        schedule: { times: [hhmm(slot)], weekdays: everyDay },
        graceMinutes: 5,
      },
      ['甲点', '乙点'],
    );
    // The route has been there since yesterday.
    await t.deps.db
      .updateTable('patrol_routes')
      .set({ created_at: Date.now() - 86_400_000 })
      .where('id', '=', route.id)
      .execute();
    const now = Date.now();
    await Promise.all([patrolClock.run(t.deps, now), patrolClock.run(t.deps, now)]);
    await patrolClock.run(t.deps, now + minute);
    const missed = body<{ items: RunJson[] }>(
      await leader.get(`${A}/patrol-runs?routeId=${route.id}&state=missed`),
      200,
    );
    expect(missed.items).toHaveLength(1);
    expect(missed.items[0]).toMatchObject({
      scheduledFor: slot,
      missedPoints: 2,
      flagged: true,
      runnerName: null,
    });

    const late = body<RunJson>(
      await volunteer.client.post('/api/v1/me/patrol-runs', {
        routeId: route.id,
        scheduledFor: slot,
        clientKey: key(),
      }),
      201,
    );
    expect(late).toMatchObject({
      id: missed.items[0]!.id,
      state: 'in_progress',
      late: true,
      runnerName: '赵银发',
    });
  });

  it('closes a run left in progress half a day as abandoned, with no hours', async () => {
    const route = await makeRoute(leader, { name: '被遗忘的巡逻', squadId: t.world.squadA }, ['某点']);
    const run = body<RunJson>(
      await volunteer.client.post('/api/v1/me/patrol-runs', { routeId: route.id, clientKey: key() }),
      201,
    );
    await patrolClock.run(t.deps, Date.now() + 13 * 3_600_000);
    const after = body<RunJson>(await volunteer.client.get(`/api/v1/me/patrol-runs/${run.id}`), 200);
    expect(after).toMatchObject({ state: 'abandoned', missedPoints: 1, flagged: true });
    const credited = await t.deps.db
      .selectFrom('service_entries')
      .select('id')
      .where('source_id', '=', run.id)
      .execute();
    expect(credited).toHaveLength(0);
  });
});
