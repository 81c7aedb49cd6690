import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { body, errorCode, type Client } from '../../../test/support/client';
import { testPhoto, upload } from '../../../test/support/upload';
import { newId } from '../../core/ids';
import { todayInShanghai } from '../../core/time';
import { deliberationClock } from './actionClock';
import { addDays } from './actionRules';
import {
  addSomeone,
  addTopic,
  api,
  notificationsOf,
  planMeeting,
  startMeeting,
  topicOf,
  type ActionJson,
  type MeetingJson,
  type Someone,
} from './meetings.testkit';

let t: TestContext;
let A: string;
let staff: Client;
let owner: Someone;
let raiser: Someone;

beforeAll(async () => {
  t = await startTestApp();
  A = api(t.world.communityA);
  staff = await t.as('communityStaff');
  owner = await addSomeone(t, '周师傅');
  raiser = await addSomeone(t, '吴阿姨');
});
afterAll(() => t.close());

const today = () => todayInShanghai();

/** A meeting in progress that decides one item with these actions; ad-hoc when `topic` is false. */
async function decide(
  actions: { title: string; ownerAccountId?: string; ownerName?: string; dueDate: string }[],
  { compoundId = t.world.compoundA1, topic = true, isPublic = true } = {},
) {
  const topicId = topic
    ? await addTopic(t, {
        compound_id: compoundId,
        raised_by_account_id: raiser.accountId,
        is_public: isPublic ? 1 : 0,
      })
    : null;
  let m = await planMeeting(t, staff, { compoundId, ...(topicId ? { topicIds: [topicId] } : {}) });
  if (!topicId)
    m = body<MeetingJson>(await staff.post(`${A}/meetings/${m.id}/agenda`, { title: '临时动议' }), 201);
  await startMeeting(t, staff, m.id);
  const decided = body<MeetingJson>(
    await staff.post(`${A}/meetings/${m.id}/agenda/${m.agenda[0]!.id}/decision`, {
      text: '加装楼道照明',
      decidedBy: '联席会议',
      actions,
    }),
    201,
  );
  const decision = decided.agenda[0]!.decision!;
  return { meetingId: m.id, topicId, decisionId: decision.id, actions: decision.actions };
}

/** An item in the owner's own list (GET /me/action-items). */
type MyActionJson = ActionJson & {
  decisionText: string;
  photos: { id: string; mime: string; width: number; height: number; url: string; thumbUrl: string | null }[];
};

const photo = async (c: Client) =>
  body<{ id: string }>(await upload(c, t.world.communityA, await testPhoto(64, 48)), 201).id;

describe('action items to the end', () => {
  it('lets the owner mark theirs done with a photo on the phone, which finishes the topic', async () => {
    const { topicId, actions } = await decide([
      { title: '安装感应灯', ownerAccountId: owner.accountId, dueDate: addDays(today(), 3) },
    ]);
    const mine = body<{ items: ActionJson[] }>(
      await owner.client.get('/api/v1/me/action-items?state=open'),
      200,
    );
    expect(mine.items.map((a) => a.id)).toContain(actions[0]!.id);

    const fileId = await photo(owner.client);
    const done = body<ActionJson>(
      await owner.client.post(`/api/v1/me/action-items/${actions[0]!.id}/done`, {
        note: '已装好 6 盏',
        fileIds: [fileId],
      }),
      200,
    );
    expect(done).toMatchObject({ state: 'done', photoIds: [fileId], overdue: false });
    expect(await topicOf(t, topicId!)).toMatchObject({
      state: 'done',
      trail: ['scheduled', 'discussed', 'decided', 'action_added', 'action_done', 'done'],
    });
    expect(await notificationsOf(t, raiser.accountId, 'topic_done')).toHaveLength(1);
    // The owner's list says what the meeting decided, with the photo at the topic page's own address.
    const closed = body<{ items: MyActionJson[] }>(
      await owner.client.get('/api/v1/me/action-items?state=done'),
      200,
    ).items.find((a) => a.id === actions[0]!.id)!;
    expect(closed.decisionText).toBe('加装楼道照明');
    const url = `/api/v1/public/communities/${t.world.communityA}/topics/${topicId}/files/${fileId}`;
    expect(closed.photos).toEqual([
      { id: fileId, mime: 'image/jpeg', width: 64, height: 48, url, thumbUrl: null },
    ]);
    expect((await t.anonymous().get(url)).statusCode).toBe(200);
    // The photo shows the work: staff in scope and residents following the public topic see it.
    expect((await (await t.as('branch')).get(`${A}/files/${fileId}`)).statusCode).toBe(200);
    expect((await raiser.client.get(`${A}/files/${fileId}`)).statusCode).toBe(200);
    // Done is final.
    expect(
      errorCode(
        await owner.client.post(`/api/v1/me/action-items/${actions[0]!.id}/done`, { note: '再次' }),
        409,
      ),
    ).toBe('action_state');
  });

  it('finishes the topic when the last open item is done or cancelled, if one was done', async () => {
    const two = await decide([
      { title: '采购灯具', ownerName: '物业张经理', dueDate: today() },
      { title: '布线', ownerName: '物业李师傅', dueDate: today() },
    ]);
    body(
      await staff.post(`${A}/action-items/${two.actions[0]!.id}/cancel`, { reason: '社区已统一采购' }),
      200,
    );
    expect((await topicOf(t, two.topicId!)).state).toBe('decided');
    body(await staff.post(`${A}/action-items/${two.actions[1]!.id}/done`, { note: '完成' }), 200);
    expect((await topicOf(t, two.topicId!)).state).toBe('done');

    // Cancelling everything solved nothing: the topic stays decided.
    const none = await decide([{ title: '协调供电局', ownerName: '社区', dueDate: today() }]);
    body(await staff.post(`${A}/action-items/${none.actions[0]!.id}/cancel`, { reason: '不再需要' }), 200);
    expect((await topicOf(t, none.topicId!)).state).toBe('decided');
  });

  it('refuses what makes no sense', async () => {
    const { actions } = await decide([{ title: '清理', ownerAccountId: owner.accountId, dueDate: today() }]);
    const id = actions[0]!.id;
    // Someone else's item is not theirs to close, and they cannot tell it exists.
    expect(
      errorCode(await raiser.client.post(`/api/v1/me/action-items/${id}/done`, { note: '好了' }), 404),
    ).toBe('not_found');
    expect(
      errorCode(await owner.client.post(`/api/v1/me/action-items/${newId()}/done`, { note: '好了' }), 404),
    ).toBe('not_found');
    expect(errorCode(await staff.post(`${A}/action-items/${newId()}/done`, { note: '好了' }), 404)).toBe(
      'not_found',
    );
    expect(errorCode(await owner.client.post(`/api/v1/me/action-items/${id}/done`, {}), 400)).toBe(
      'validation',
    );
    expect(
      errorCode(await owner.client.post(`/api/v1/me/action-items/${id}/done`, { note: '   ' }), 400),
    ).toBe('topic_blank');
    expect(errorCode(await staff.post(`${A}/action-items/${id}/cancel`, {}), 400)).toBe('validation');
    // Someone else's upload cannot be passed off as evidence.
    const theirs = await photo(raiser.client);
    expect(
      errorCode(
        await owner.client.post(`/api/v1/me/action-items/${id}/done`, { note: '好了', fileIds: [theirs] }),
        400,
      ),
    ).toBe('files.unknown');
    // Nothing was changed by the refusals.
    const listed = body<{ items: ActionJson[] }>(
      await staff.get(`${A}/action-items?pageSize=200`),
      200,
    ).items;
    expect(listed.find((a) => a.id === id)).toMatchObject({ state: 'open', version: 1, photoIds: [] });
  });
});

describe('adding an action to a decision', () => {
  it('gives a decided topic whose items were all cancelled a new one, which then finishes it', async () => {
    const { topicId, decisionId, actions } = await decide([
      { title: '协调供电局增容', ownerName: '社区', dueDate: today() },
    ]);
    body(await staff.post(`${A}/action-items/${actions[0]!.id}/cancel`, { reason: '供电局不同意' }), 200);
    expect((await topicOf(t, topicId!)).state).toBe('decided');

    const added = body<ActionJson>(
      await staff.post(`${A}/decisions/${decisionId}/action-items`, {
        title: '改用太阳能路灯',
        ownerAccountId: owner.accountId,
        dueDate: addDays(today(), 5),
      }),
      201,
    );
    expect(added).toMatchObject({
      state: 'open',
      topicId,
      ownerName: '周师傅',
      ownerAccountId: owner.accountId,
    });
    expect((await notificationsOf(t, owner.accountId, 'action_assigned')).map((n) => n.link)).toContain(
      `/action-items/${added.id}`,
    );
    body(await owner.client.post(`/api/v1/me/action-items/${added.id}/done`, { note: '已安装' }), 200);
    expect(await topicOf(t, topicId!)).toMatchObject({
      state: 'done',
      trail: [
        'scheduled',
        'discussed',
        'decided',
        'action_added',
        'action_cancelled',
        'action_added',
        'action_done',
        'done',
      ],
    });
    // A done topic is closed: a new need is a new topic.
    expect(
      errorCode(
        await staff.post(`${A}/decisions/${decisionId}/action-items`, {
          title: '再加一项',
          ownerName: '物业',
          dueDate: today(),
        }),
        409,
      ),
    ).toBe('topic_state');
  });

  it('refuses bad input, unknown decisions and callers outside the meeting’s compound', async () => {
    const { decisionId } = await decide([], { topic: false });
    const add = (c: Client, fields: Record<string, unknown>, id = decisionId) =>
      c.post(`${A}/decisions/${id}/action-items`, fields);
    const valid = { title: '整理会议纪要', ownerName: '社区', dueDate: today() };
    expect(errorCode(await add(staff, {}), 400)).toBe('validation');
    expect(errorCode(await add(staff, { ...valid, title: '  ' }), 400)).toBe('topic_blank');
    expect(errorCode(await add(staff, { ...valid, dueDate: addDays(today(), -1) }), 400)).toBe(
      'action_due_past',
    );
    expect(errorCode(await add(staff, { ...valid, ownerName: undefined }), 400)).toBe(
      'action_owner_required',
    );
    expect(errorCode(await add(staff, { ...valid, ownerAccountId: newId() }), 400)).toBe('bad_reference');
    expect(errorCode(await add(staff, valid, newId()), 404)).toBe('not_found');
    // An ad-hoc item's decision takes actions too; the branch of A1 adds to A1's meetings only.
    const branch = await t.as('branch');
    expect(body<ActionJson>(await add(branch, valid), 201).topicId).toBeNull();
    const inA2 = await decide([], { compoundId: t.world.compoundA2, topic: false });
    expect((await add(branch, valid, inA2.decisionId)).statusCode).toBe(403);
    expect((await add(await t.as('gridWorker'), valid)).statusCode).toBe(403);
  });
});

describe('evidence photos', () => {
  it('reach the raiser of a topic that is not public, and nobody else outside the meeting', async () => {
    const { actions } = await decide(
      [{ title: '修补墙面', ownerAccountId: owner.accountId, dueDate: today() }],
      { isPublic: false },
    );
    const fileId = await photo(owner.client);
    body(
      await owner.client.post(`/api/v1/me/action-items/${actions[0]!.id}/done`, {
        note: '已修补',
        fileIds: [fileId],
      }),
      200,
    );
    expect((await raiser.client.get(`${A}/files/${fileId}`)).statusCode).toBe(200);
    expect((await owner.client.get(`${A}/files/${fileId}`)).statusCode).toBe(200);
    // Not on the public board: the owner's list points at the files route, which lets them in.
    const mine = body<{ items: MyActionJson[] }>(await owner.client.get('/api/v1/me/action-items'), 200);
    expect(mine.items.find((a) => a.id === actions[0]!.id)?.photos.map((p) => p.url)).toEqual([
      `${A}/files/${fileId}`,
    ]);
    expect((await (await t.as('branch')).get(`${A}/files/${fileId}`)).statusCode).toBe(200);
    const stranger = await addSomeone(t, '郑先生');
    expect((await stranger.client.get(`${A}/files/${fileId}`)).statusCode).toBe(404);
  });
});

describe('two people at once', () => {
  it('lets one of two simultaneous "done" presses win, with or without a topic', async () => {
    for (const topic of [true, false]) {
      const { actions } = await decide(
        [{ title: '修门禁', ownerAccountId: owner.accountId, dueDate: today() }],
        {
          topic,
        },
      );
      const id = actions[0]!.id;
      const results = await Promise.all([
        staff.post(`${A}/action-items/${id}/done`, { note: '社区确认完成' }),
        owner.client.post(`/api/v1/me/action-items/${id}/done`, { note: '我修好了' }),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const rows = await t.deps.db.selectFrom('action_items').selectAll().where('id', '=', id).execute();
      expect(rows).toMatchObject([{ state: 'done', version: 2 }]);
      const winner = results.find((r) => r.statusCode === 200)!.json<ActionJson>();
      expect(rows[0]!.done_note).toBe(winner.doneNote);
    }
  });

  it('finishes the topic once when its last two items are done at the same moment', async () => {
    const { topicId, actions } = await decide([
      { title: '刷墙', ownerName: '甲', dueDate: today() },
      { title: '换灯', ownerName: '乙', dueDate: today() },
    ]);
    const results = await Promise.all(
      actions.map((a) => staff.post(`${A}/action-items/${a.id}/done`, { note: '完成' })),
    );
    expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
    const topic = await topicOf(t, topicId!);
    expect(topic.state).toBe('done');
    expect(topic.trail.filter((k) => k === 'done')).toHaveLength(1);
  });
});

describe('the console list', () => {
  it('filters by state, lateness, topic and owner, within the caller’s compounds', async () => {
    const late = await decide([{ title: '补种绿化', ownerAccountId: owner.accountId, dueDate: today() }]);
    await t.deps.db
      .updateTable('action_items')
      .set({ due_date: addDays(today(), -2) })
      .where('id', '=', late.actions[0]!.id)
      .execute();
    const inA2 = await decide([{ title: '甲二小区修路', ownerName: '物业', dueDate: today() }], {
      compoundId: t.world.compoundA2,
    });
    const ids = async (c: Client, query = '') =>
      body<{ items: ActionJson[] }>(await c.get(`${A}/action-items?pageSize=200&${query}`), 200).items.map(
        (a) => a.id,
      );

    expect(await ids(staff, 'overdue=true')).toContain(late.actions[0]!.id);
    expect(await ids(staff, 'overdue=true')).not.toContain(inA2.actions[0]!.id);
    expect(await ids(staff, 'overdue=false')).not.toContain(late.actions[0]!.id);
    expect(await ids(staff, `topicId=${late.topicId}`)).toEqual([late.actions[0]!.id]);
    expect(await ids(staff, `ownerAccountId=${owner.accountId}&state=open&q=绿化`)).toEqual([
      late.actions[0]!.id,
    ]);
    expect(await ids(staff, `meetingId=${inA2.meetingId}`)).toEqual([inA2.actions[0]!.id]);
    const listed = body<{ items: ActionJson[] }>(
      await staff.get(`${A}/action-items?topicId=${late.topicId}`),
      200,
    );
    expect(listed.items[0]).toMatchObject({ overdue: true, dueSoon: false, meetingTitle: '五方联席会议' });

    // The branch of A1 sees and acts on A1's items only.
    const branch = await t.as('branch');
    expect(await ids(branch)).toContain(late.actions[0]!.id);
    expect(await ids(branch)).not.toContain(inA2.actions[0]!.id);
    expect(
      (await branch.post(`${A}/action-items/${inA2.actions[0]!.id}/done`, { note: 'x' })).statusCode,
    ).toBe(403);
    // A grid worker reads but does not close.
    expect(
      (await (await t.as('gridWorker')).post(`${A}/action-items/${late.actions[0]!.id}/done`, { note: 'x' }))
        .statusCode,
    ).toBe(403);
  });
});

describe('the deliberation clock', () => {
  it('reminds the day before, tells owner and convener once when late, and never about a closed item', async () => {
    const due = addDays(today(), 1);
    const { actions } = await decide([
      { title: '维修路灯', ownerAccountId: owner.accountId, dueDate: due },
      { title: '张贴告示', ownerAccountId: owner.accountId, dueDate: due },
      { title: '联系电工', ownerName: '物业前台', dueDate: due },
    ]);
    const [open, closed] = actions;
    body(await owner.client.post(`/api/v1/me/action-items/${closed!.id}/done`, { note: '已贴' }), 200);
    const told = async (kind: string) =>
      (await notificationsOf(t, owner.accountId, kind)).filter((n) => n.params_json.includes(due)).length;
    const convener = t.world.accounts.communityStaff;
    const overdueForConvener = async () =>
      (await notificationsOf(t, convener, 'action_overdue')).filter((n) => n.params_json.includes(due))
        .length;

    // Three days before: nothing yet.
    await deliberationClock.run(t.deps, Date.parse(`${addDays(due, -3)}T12:00:00+08:00`));
    expect(await told('action_due_soon')).toBe(0);
    // The day before, twice over (two servers): one reminder, for the open item only.
    const dayBefore = Date.parse(`${addDays(due, -1)}T09:00:00+08:00`);
    await Promise.all([deliberationClock.run(t.deps, dayBefore), deliberationClock.run(t.deps, dayBefore)]);
    await deliberationClock.run(t.deps, dayBefore + 3600_000);
    expect(await told('action_due_soon')).toBe(1);
    // The day after: late, told once to the owner and once to whoever convened the meeting.
    const dayAfter = Date.parse(`${addDays(due, 1)}T09:00:00+08:00`);
    await Promise.all([deliberationClock.run(t.deps, dayAfter), deliberationClock.run(t.deps, dayAfter)]);
    await deliberationClock.run(t.deps, dayAfter + 86_400_000);
    expect(await told('action_overdue')).toBe(1);
    // The item with a named owner only: the convener hears of it too.
    expect(await overdueForConvener()).toBe(2);
    const rows = await t.deps.db
      .selectFrom('action_items')
      .select(['id', 'reminded_at', 'overdue_notified_at'])
      .where('id', 'in', [open!.id, closed!.id])
      .execute();
    expect(rows.find((r) => r.id === closed!.id)).toMatchObject({
      reminded_at: null,
      overdue_notified_at: null,
    });
    expect(rows.find((r) => r.id === open!.id)!.overdue_notified_at).toBe(dayAfter);
  });
});
