import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { testPhoto, upload } from '../../../test/support/upload';
import { assemblyClock } from './jobs';
import {
  assemblies,
  body,
  closeVoting,
  draftAssembly,
  errorCode,
  openVoting,
  ownersCompound,
  samplePdf,
  timeTravel,
  uploadPdf,
  type OwnersCompound,
} from './votes.testkit';

let t: TestContext;
let c: OwnersCompound;
const day = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  t = await startTestApp();
  c = await ownersCompound(t);
});
afterAll(() => t.close());

interface Attachment {
  id: string;
  name: string;
  mime: string;
  size: number;
}

type Assembly = {
  id: string;
  status: string;
  noticeDays: number;
  totalHeads: number | null;
  totalAreaCenti: number | null;
};

const get = async (id: string) => body<Assembly>(await c.manager.get(`${assemblies(c)}/${id}`), 200);

describe('drafting', () => {
  it('a draft takes matters typed by art. 278 item: 6–8 special, 3 as an election, the rest ordinary', async () => {
    const { assemblyId, matterIds } = await draftAssembly(c, [
      { item: 9, title: '安装停车道闸' },
      { item: 6, title: '筹集维修资金' },
      { item: 3, title: '选举第一届业主委员会', election: true, seats: 5 },
      { item: 3, title: '罢免一名委员' },
    ]);
    const list = body<{ items: { id: string; kind: string; position: number }[] }>(
      await c.manager.get(`${assemblies(c)}/${assemblyId}/matters`),
      200,
    );
    expect(list.items.map((m) => [m.id, m.kind, m.position])).toEqual([
      [matterIds[0], 'ordinary', 1],
      [matterIds[1], 'special', 2],
      [matterIds[2], 'election', 3],
      [matterIds[3], 'ordinary', 4],
    ]);
    expect((await get(assemblyId)).status).toBe('draft');
  });

  it('refuses wrong combinations: an election outside item 3, even or out-of-range seats, two elections', async () => {
    const { assemblyId } = await draftAssembly(c, []);
    const add = (m: Record<string, unknown>) => c.manager.post(`${assemblies(c)}/${assemblyId}/matters`, m);
    expect(errorCode(await add({ item: 4, title: 'x', election: true, seats: 5 }), 400)).toBe(
      'matter_election_item',
    );
    expect(errorCode(await add({ item: 3, title: 'x', election: true }), 400)).toBe('matter_seats_required');
    expect(errorCode(await add({ item: 3, title: 'x', election: true, seats: 6 }), 400)).toBe(
      'matter_seats_invalid',
    );
    // Eight rooms: a small compound may have 3 seats.
    body(await add({ item: 3, title: '选举', election: true, seats: 3 }), 201);
    expect(errorCode(await add({ item: 3, title: '再选', election: true, seats: 5 }), 409)).toBe(
      'matter_one_election',
    );
    expect(errorCode(await add({ item: 10, title: 'x' }), 400)).toBe('validation');
    expect(errorCode(await add({ item: 1, title: '   ' }), 400)).toBe('validation');
  });

  it('a voting window must end after it starts', async () => {
    const now = Date.now();
    const res = await c.manager.post(assemblies(c), {
      compoundId: c.compoundId,
      title: '倒过来的',
      votingStartsAt: now + 20 * day,
      votingEndsAt: now + 20 * day,
    });
    expect(errorCode(res, 400)).toBe('assembly_window_order');
  });

  it('attachments: uploaded files attach to a matter once; a file someone else uploaded is refused', async () => {
    const { assemblyId } = await draftAssembly(c, []);
    const plan = await uploadPdf(c.manager, c.communityId);
    const m = body<{ id: string; attachments: Attachment[] }>(
      await c.manager.post(`${assemblies(c)}/${assemblyId}/matters`, {
        item: 9,
        title: '改造方案',
        attachmentIds: [plan],
      }),
      201,
    );
    expect(m.attachments).toEqual([
      { id: plan, name: 'sheet.pdf', mime: 'application/pdf', size: samplePdf.length },
    ]);
    const theirs = await uploadPdf(c.checker, c.communityId);
    const res = await c.manager.patch(`${assemblies(c)}/${assemblyId}/matters/${m.id}`, {
      attachmentIds: [theirs],
    });
    expect(errorCode(res, 400)).toBe('files.unknown');
    // An owner of the compound reads the plan once the assembly is announced, not before.
    const owner = await c.owner('张三');
    const file = `/api/v1/communities/${c.communityId}/files/${plan}`;
    expect((await owner.get(file)).statusCode).toBe(404);
    body(await c.manager.post(`${assemblies(c)}/${assemblyId}/announce`), 200);
    expect((await owner.get(file)).statusCode).toBe(200);
  });

  it('attachments are listed by the name they were uploaded under (made safe), their type and size', async () => {
    const { assemblyId, matterIds } = await draftAssembly(c);
    const matter = `${assemblies(c)}/${assemblyId}/matters/${matterIds[0]}`;
    // A name as some browsers send it, with a path and characters that have no place in a file name.
    const budget = body<Attachment & { width: number | null }>(
      await upload(c.manager, c.communityId, samplePdf, {
        name: 'C:\\fakepath\\2026 预算<草案>.pdf',
        type: 'application/pdf',
      }),
      201,
    );
    expect(budget).toMatchObject({ name: '2026 预算草案.pdf', mime: 'application/pdf', width: null });
    const photo = body<Attachment>(
      await upload(c.manager, c.communityId, await testPhoto(640, 480), { name: '../../南门现状.jpg' }),
      201,
    );
    expect(photo.name).toBe('南门现状.jpg');
    body(await c.manager.patch(matter, { attachmentIds: [budget.id, photo.id] }), 200);
    const expected = [
      { id: budget.id, name: '2026 预算草案.pdf', mime: 'application/pdf', size: budget.size },
      { id: photo.id, name: '南门现状.jpg', mime: 'image/jpeg', size: photo.size },
    ];
    expect(body<{ attachments: Attachment[] }>(await c.manager.get(matter), 200).attachments).toEqual(
      expected,
    );
    const list = body<{ items: { attachments: Attachment[] }[] }>(
      await c.manager.get(`${assemblies(c)}/${assemblyId}/matters`),
      200,
    );
    expect(list.items[0]!.attachments).toEqual(expected);
    // Owners see the same list once the assembly is announced.
    body(await c.manager.post(`${assemblies(c)}/${assemblyId}/announce`), 200);
    const mine = body<{ matters: { attachments: Attachment[] }[] }>(
      await (await c.owner('周八')).get(`/api/v1/me/assemblies/${assemblyId}`),
      200,
    );
    expect(mine.matters[0]!.attachments).toEqual(expected);
  });
});

describe('the lifecycle', () => {
  it('runs draft → announced → voting → closed → published → archived, each step audited', async () => {
    const { assemblyId } = await draftAssembly(c);
    const step = (name: string) => c.manager.post(`${assemblies(c)}/${assemblyId}/${name}`);
    expect(errorCode(await step('open'), 409)).toBe('assembly_step_invalid');
    expect(body<Assembly>(await step('announce'), 200).status).toBe('announced');
    expect(errorCode(await step('announce'), 409)).toBe('assembly_step_invalid');
    // Voting cannot open before its start, nor close before its deadline.
    expect(errorCode(await step('open'), 409)).toBe('assembly_not_started');
    await timeTravel(t, c, assemblyId, 16 * day + 60_000);
    expect(body<Assembly>(await step('open'), 200).status).toBe('voting');
    expect(errorCode(await step('close'), 409)).toBe('assembly_deadline_not_reached');
    expect(errorCode(await step('publish'), 409)).toBe('assembly_step_invalid');
    await closeVoting(t, c, assemblyId);
    expect((await get(assemblyId)).status).toBe('closed');
    expect(body<Assembly>(await step('publish'), 200).status).toBe('published');
    expect(body<Assembly>(await step('archive'), 200).status).toBe('archived');
    expect(errorCode(await step('cancel'), 400)).toBe('validation');
    expect(
      errorCode(await c.manager.post(`${assemblies(c)}/${assemblyId}/cancel`, { reason: '晚了' }), 409),
    ).toBe('assembly_step_invalid');
    const log = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('community_id', '=', c.communityId)
      .where('target_id', '=', assemblyId)
      .orderBy('at')
      .execute();
    expect(log.map((l) => l.action)).toEqual([
      'assembly.create',
      'assembly.announce',
      'assembly.open',
      'assembly.close',
      'assembly.publish',
      'assembly.archive',
    ]);
  });

  it('announcing needs the notice period set for the community, and at least one matter', async () => {
    const staff = await t.as('communityStaff');
    body(
      await staff.patch(`/api/v1/communities/${c.communityId}/assembly-settings`, { noticeDays: 20 }),
      200,
    );
    try {
      const { assemblyId } = await draftAssembly(c); // voting starts in 16 days
      const res = await c.manager.post(`${assemblies(c)}/${assemblyId}/announce`);
      expect(errorCode(res, 409)).toBe('assembly_notice_too_short');
      expect(res.json().error.message).toContain('20');
      const later = Date.now() + 21 * day;
      body(
        await c.manager.patch(`${assemblies(c)}/${assemblyId}`, {
          votingStartsAt: later,
          votingEndsAt: later + 7 * day,
        }),
        200,
      );
      expect(
        body<Assembly>(await c.manager.post(`${assemblies(c)}/${assemblyId}/announce`), 200).noticeDays,
      ).toBe(20);
      // Announced: what owners were told no longer changes.
      expect(errorCode(await c.manager.patch(`${assemblies(c)}/${assemblyId}`, { title: '改名' }), 409)).toBe(
        'assembly_not_editable',
      );
    } finally {
      body(
        await staff.patch(`/api/v1/communities/${c.communityId}/assembly-settings`, { noticeDays: 15 }),
        200,
      );
    }
    const empty = await draftAssembly(c, []);
    expect(errorCode(await c.manager.post(`${assemblies(c)}/${empty.assemblyId}/announce`), 409)).toBe(
      'assembly_no_matters',
    );
  });

  it('community settings belong to community staff: a compound committee cannot change them', async () => {
    const res = await c.manager.patch(`/api/v1/communities/${c.communityId}/assembly-settings`, {
      noticeDays: 1,
    });
    expect(res.statusCode).toBe(403);
    expect(
      body<{ noticeDays: number }>(
        await c.manager.get(`/api/v1/communities/${c.communityId}/assembly-settings`),
        200,
      ).noticeDays,
    ).toBe(15);
  });

  it('the deadline is extended once, with its reason published to owners', async () => {
    const { assemblyId } = await draftAssembly(c);
    await openVoting(t, c, assemblyId);
    const a = (await get(assemblyId)) as Assembly & { votingEndsAt: number };
    const extend = (body: Record<string, unknown>) =>
      c.manager.post(`${assemblies(c)}/${assemblyId}/extend`, body);
    expect(errorCode(await extend({ votingEndsAt: a.votingEndsAt - 1, reason: '参与不足' }), 400)).toBe(
      'assembly_extend_earlier',
    );
    expect(errorCode(await extend({ votingEndsAt: a.votingEndsAt + day, reason: '  ' }), 400)).toBe(
      'validation',
    );
    const extended = body<{ votingEndsAt: number; originalEndsAt: number; extensionReason: string }>(
      await extend({ votingEndsAt: a.votingEndsAt + 7 * day, reason: '参与表决面积不足三分之二' }),
      200,
    );
    expect(extended).toMatchObject({
      originalEndsAt: a.votingEndsAt,
      extensionReason: '参与表决面积不足三分之二',
    });
    expect(errorCode(await extend({ votingEndsAt: a.votingEndsAt + 9 * day, reason: '再延' }), 409)).toBe(
      'assembly_already_extended',
    );
    const owner = await c.owner('孙七');
    const mine = body<{ extensionReason: string; votingEndsAt: number }>(
      await owner.get(`/api/v1/me/assemblies/${assemblyId}`),
      200,
    );
    expect(mine).toMatchObject({
      extensionReason: '参与表决面积不足三分之二',
      votingEndsAt: a.votingEndsAt + 7 * day,
    });
  });

  it('a draft or announced assembly can be cancelled with a reason; owners told of it hear why', async () => {
    const { assemblyId } = await draftAssembly(c);
    body(await c.manager.post(`${assemblies(c)}/${assemblyId}/announce`), 200);
    const cancelled = body<{ status: string; cancelReason: string }>(
      await c.manager.post(`${assemblies(c)}/${assemblyId}/cancel`, { reason: '方案需重新征求意见' }),
      200,
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '方案需重新征求意见' });
    const inbox = await t.deps.db
      .selectFrom('notifications')
      .select(['kind', 'params_json'])
      .where('account_id', '=', c.accounts['周八'])
      .where('kind', '=', 'assembly_cancelled')
      .execute();
    expect(inbox.map((n) => JSON.parse(n.params_json).reason)).toContain('方案需重新征求意见');
  });

  it('the clock opens voting when its start comes and closes it at the deadline; a second run does nothing', async () => {
    const { assemblyId } = await draftAssembly(c);
    body(await c.manager.post(`${assemblies(c)}/${assemblyId}/announce`), 200);
    const a = (await get(assemblyId)) as Assembly & { votingStartsAt: number; votingEndsAt: number };
    await assemblyClock.run(t.deps, a.votingStartsAt - 1);
    expect((await get(assemblyId)).status).toBe('announced');
    await assemblyClock.run(t.deps, a.votingStartsAt);
    expect((await get(assemblyId)).status).toBe('voting');
    expect((await get(assemblyId)).totalHeads).toBe(6);
    await assemblyClock.run(t.deps, a.votingStartsAt);
    await assemblyClock.run(t.deps, a.votingEndsAt);
    expect((await get(assemblyId)).status).toBe('closed');
    await assemblyClock.run(t.deps, a.votingEndsAt + day);
    const opens = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('community_id', '=', c.communityId)
      .where('target_id', '=', assemblyId)
      .where('action', 'in', ['assembly.open', 'assembly.close'])
      .execute();
    expect(opens).toHaveLength(2);
  });
});

describe('notifications', () => {
  it('the compound’s owners hear when an assembly is announced, opens and publishes its results', async () => {
    const { assemblyId } = await draftAssembly(c, [{ item: 9, title: '通知测试' }], {
      title: '通知测试大会',
    });
    await openVoting(t, c, assemblyId);
    await closeVoting(t, c, assemblyId);
    body(await c.manager.post(`${assemblies(c)}/${assemblyId}/publish`), 200);
    const owner = await c.owner('王五');
    const inbox = body<{ items: { kind: string; text: string; link: string }[] }>(
      await owner.get('/api/v1/me/notifications?pageSize=100'),
      200,
    );
    const mine = inbox.items.filter((n) => n.link === `/assemblies/${assemblyId}`);
    expect(mine.map((n) => n.kind).sort()).toEqual([
      'assembly_announced',
      'assembly_opened',
      'assembly_published',
    ]);
    expect(mine.find((n) => n.kind === 'assembly_announced')?.text).toBe('业主大会公告：通知测试大会');
    // Staff who own nothing there are not told.
    const staffInbox = await t.deps.db
      .selectFrom('notifications')
      .select('id')
      .where('account_id', '=', t.world.accounts.communityStaff)
      .where('link', '=', `/assemblies/${assemblyId}`)
      .execute();
    expect(staffInbox).toEqual([]);
  });
});

describe('the electorate frozen at opening', () => {
  it('holds every room with its area and source, voters per §6, and the totals', async () => {
    const { assemblyId } = await draftAssembly(c);
    await openVoting(t, c, assemblyId);
    const a = await get(assemblyId);
    expect(a).toMatchObject({ totalAreaCenti: c.totalAreaCenti, totalHeads: 6 });
    const roll = body<{
      items: {
        roomId: string;
        areaCenti: number;
        areaSource: string;
        voter: string;
        developer: boolean;
        voterName: string | null;
      }[];
      total: number;
    }>(await c.manager.get(`${assemblies(c)}/${assemblyId}/electorate?pageSize=50`), 200);
    expect(roll.total).toBe(8);
    const voterOf = (room: keyof typeof c.rooms) => roll.items.find((r) => r.roomId === c.rooms[room])!;
    // The multi-room buyer is one voter for both rooms; so is the developer for its unsold rooms.
    expect(voterOf('1-201').voter).toBe(voterOf('2-101').voter);
    expect(voterOf('2-102').voter).toBe(voterOf('2-201').voter);
    expect(voterOf('2-102')).toMatchObject({ developer: true, voterName: null });
    // Co-owners share one voter: the one marked (李四), shown masked.
    expect(voterOf('1-102').voterName).toBe('李*');
    expect(new Set(roll.items.map((r) => r.voter)).size).toBe(6);
    expect(roll.items.every((r) => /^v[1-6]$/.test(r.voter) && r.areaSource === 'register')).toBe(true);
    expect(voterOf('1-202').areaCenti).toBe(12000);
  });

  it('does not change when ownership changes after opening', async () => {
    const { assemblyId } = await draftAssembly(c);
    await openVoting(t, c, assemblyId);
    const before = body<{ items: unknown[] }>(
      await c.manager.get(`${assemblies(c)}/${assemblyId}/electorate?pageSize=50`),
      200,
    );
    // 周八 sells 1栋-202 to 张三 after voting opened.
    const staff = await t.as('communityStaff');
    const owners = body<{ items: { id: string; personId: string }[] }>(
      await staff.get(`/api/v1/communities/${c.communityId}/rooms/${c.rooms['1-202']}/owners`),
      200,
    ).items;
    const zhou = owners.find((o) => o.personId === c.people['周八'])!;
    body(
      await staff.post(
        `/api/v1/communities/${c.communityId}/rooms/${c.rooms['1-202']}/owners/${zhou.id}/end`,
        {},
      ),
      200,
    );
    body(
      await staff.post(`/api/v1/communities/${c.communityId}/rooms/${c.rooms['1-202']}/owners`, {
        personId: c.people['张三'],
      }),
      201,
    );
    const live = body<{ heads: number }>(
      await staff.get(`/api/v1/communities/${c.communityId}/compounds/${c.compoundId}/electorate`),
      200,
    );
    expect(live.heads).toBe(5);
    const after = body<{ items: unknown[] }>(
      await c.manager.get(`${assemblies(c)}/${assemblyId}/electorate?pageSize=50`),
      200,
    );
    expect(after.items).toEqual(before.items);
    expect((await get(assemblyId)).totalHeads).toBe(6);
    // Put the room back for the other tests.
    const now = await staff.get(`/api/v1/communities/${c.communityId}/rooms/${c.rooms['1-202']}/owners`);
    const zhang = body<{ items: { id: string; personId: string }[] }>(now, 200).items.find(
      (o) => o.personId === c.people['张三'],
    )!;
    body(
      await staff.post(
        `/api/v1/communities/${c.communityId}/rooms/${c.rooms['1-202']}/owners/${zhang.id}/end`,
        {},
      ),
      200,
    );
    body(
      await staff.post(`/api/v1/communities/${c.communityId}/rooms/${c.rooms['1-202']}/owners`, {
        personId: c.people['周八'],
      }),
      201,
    );
  });

  it('refuses to open while a room has no owner on record', async () => {
    const other = await ownersCompound(t);
    const { addRoom } = await import('../people/people.testkit');
    await addRoom(
      t,
      { communityId: other.communityId, compoundId: other.compoundId, buildingId: other.buildings.b1 },
      '301',
    );
    const { assemblyId } = await draftAssembly(other);
    body(await other.manager.post(`${assemblies(other)}/${assemblyId}/announce`), 200);
    await timeTravel(t, other, assemblyId, 16 * day + 60_000);
    const res = await other.manager.post(`${assemblies(other)}/${assemblyId}/open`);
    expect(errorCode(res, 409)).toBe('assembly_roll_incomplete');
    expect(res.json().error.message).toContain('1 套');
    expect((await other.manager.get(`${assemblies(other)}/${assemblyId}`)).json().status).toBe('announced');
  });
});

describe('who may see and run assemblies', () => {
  it('a committee of another compound, or another community, neither sees nor runs them', async () => {
    const { assemblyId } = await draftAssembly(c);
    const elsewhere = await t.as('committee'); // committee of compound A1
    expect((await elsewhere.get(`${assemblies(c)}/${assemblyId}`)).statusCode).toBe(403);
    expect((await elsewhere.post(`${assemblies(c)}/${assemblyId}/announce`)).statusCode).toBe(403);
    const list = body<{ items: { id: string }[] }>(await elsewhere.get(assemblies(c)), 200);
    expect(list.items.map((i) => i.id)).not.toContain(assemblyId);
    const outsider = await t.as('communityStaff');
    const inB = await outsider.get(`/api/v1/communities/${t.world.communityB}/assemblies/${assemblyId}`);
    expect(inB.statusCode).toBe(403);
    expect((await outsider.get(`${assemblies(c)}/nope`)).statusCode).toBe(404);
  });

  it('a grid worker whose grid covers one of the compound’s buildings can follow the assembly', async () => {
    const { assemblyId } = await draftAssembly(c);
    const gridId = (
      await t.deps.db
        .selectFrom('grids')
        .select('id')
        .where('id', '=', t.world.gridA)
        .executeTakeFirstOrThrow()
    ).id;
    await t.deps.db
      .insertInto('grids')
      .values({
        community_id: c.communityId,
        id: `${gridId}-h`,
        compound_id: c.compoundId,
        name: `和谐网格${assemblyId.slice(-4)}`,
        created_at: Date.now(),
        updated_at: Date.now(),
        archived_at: null,
      })
      .execute();
    await t.deps.db
      .insertInto('grid_buildings')
      .values({ community_id: c.communityId, grid_id: `${gridId}-h`, building_id: c.buildings.b2 })
      .execute();
    const worker = await t.holding('gridWorker', 'grid', `${gridId}-h`);
    expect((await worker.get(`${assemblies(c)}/${assemblyId}`)).statusCode).toBe(200);
    const list = body<{ items: { id: string }[] }>(
      await worker.get(`${assemblies(c)}?compoundId=${c.compoundId}`),
      200,
    );
    expect(list.items.map((i) => i.id)).toContain(assemblyId);
    expect((await worker.post(`${assemblies(c)}/${assemblyId}/announce`)).statusCode).toBe(403);
  });
});
