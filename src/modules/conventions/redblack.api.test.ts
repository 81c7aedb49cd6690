import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { body, errorCode, type Client } from '../../../test/support/client';
import { openEventStream } from '../../../test/support/sse';
import { testPhoto, upload } from '../../../test/support/upload';
import { newId } from '../../core/ids';
import { appealClock } from './appealClock';
import {
  addBuilding,
  addHome,
  addResident,
  api,
  auditOf,
  homeWithHead,
  meetingDecision,
  notificationsOf,
  twelveArticles,
} from './conventions.testkit';
import { dayMs } from './rules';
import type { Home } from '../notices/notices.testkit';

/**
 * The red/black list (红黑榜) through the API: proposals with evidence citing the convention article,
 * two reviews, publication for a period, the public list masked by the community's rule, appeals
 * decided with reasons (and the clock when they wait), removal. Every decision audited.
 */

let t: TestContext;
let A: string;
let publicUrl: string;
let branch: Client;
let committee: Client;
let staff: Client;
let grid: Client;
let zhang: Home & { headPersonId: string };
let li: Home & { headPersonId: string };
let homeA2: Home;
let conventionId: string;

interface EntryBody {
  id: string;
  state: string;
  underAppeal: boolean;
  branchReviewedBy: string | null;
  committeeReviewedBy: string | null;
  publishFrom: number | null;
  publishUntil: number | null;
  removalReason: string | null;
  files: { id: string }[];
  appeals: { state: string }[];
  publicLabel: { place: string | null; name: string | null };
}

async function propose(client: Client, household: string, over: Record<string, unknown> = {}) {
  return client.post(`${A}/red-black`, {
    householdId: household,
    list: 'black',
    title: '遛狗不牵绳',
    description: '多次在小区内遛狗不牵绳，经劝导未改',
    conventionId,
    articleNumber: 3,
    ...over,
  });
}

/** Proposed, reviewed by the branch and the committee, published. */
async function publishedEntry(household: string, over: Record<string, unknown> = {}) {
  const e = body<EntryBody>(await propose(grid, household, over), 201);
  body(await branch.post(`${A}/red-black/${e.id}/review`, { approve: true }), 200);
  body(await committee.post(`${A}/red-black/${e.id}/review`, { approve: true }), 200);
  return body<EntryBody>(await branch.post(`${A}/red-black/${e.id}/publish`, {}), 200);
}

const publicList = async () =>
  body<{ items: Record<string, unknown>[]; total: number }>(await t.anonymous().get(publicUrl), 200);

beforeAll(async () => {
  t = await startTestApp();
  A = api(t.world.communityA);
  publicUrl = `/api/v1/public/communities/${t.world.communityA}/red-black`;
  [branch, committee, staff, grid] = await Promise.all([
    t.as('branch'),
    t.as('committee'),
    t.as('communityStaff'),
    t.as('gridWorker'),
  ]);
  zhang = await homeWithHead(t, '张三丰');
  li = await homeWithHead(t, '李四海');
  const a2 = await addBuilding(t, t.world.compoundA2, '5栋');
  homeA2 = await addHome(t, { compoundId: t.world.compoundA2, ...a2 });
  const c = body<{ id: string }>(
    await branch.post(`${A}/conventions`, {
      title: '甲一小区居民公约',
      compoundId: t.world.compoundA1,
      articles: twelveArticles,
    }),
    201,
  );
  conventionId = c.id;
  const decisionId = await meetingDecision(t, '通过公约');
  body(
    await branch.post(`${A}/conventions/${conventionId}/adopt`, { kind: 'meeting_decision', decisionId }),
    200,
  );
});
afterAll(() => t.close());

describe('proposing', () => {
  it('a grid worker proposes a black-list entry citing the article breached, and reviewers are told', async () => {
    const e = body<EntryBody>(await propose(grid, zhang.householdId), 201);
    expect(e).toMatchObject({ state: 'proposed', branchReviewedBy: null, committeeReviewedBy: null });
    expect(await notificationsOf(t, t.world.accounts.branch, 'red_black_proposed')).toHaveLength(1);
    expect(await auditOf(t, 'red_black.proposed', e.id)).toHaveLength(1);
  });

  it('a black entry must cite an article of an adopted convention that covers the household', async () => {
    expect(errorCode(await propose(grid, zhang.householdId, { articleNumber: null }), 400)).toBe(
      'red_black_article_required',
    );
    expect(errorCode(await propose(grid, zhang.householdId, { conventionId: null }), 400)).toBe(
      'red_black_article_required',
    );
    expect(errorCode(await propose(grid, zhang.householdId, { articleNumber: 13 }), 400)).toBe(
      'convention_article_unknown',
    );
    expect(errorCode(await propose(grid, zhang.householdId, { conventionId: newId() }), 400)).toBe(
      'bad_reference',
    );
    // A red entry needs no article.
    const red = await propose(grid, li.householdId, {
      list: 'red',
      title: '义务清扫楼道',
      conventionId: null,
      articleNumber: null,
    });
    expect(body<EntryBody>(red, 201).state).toBe('proposed');
    expect((await grid.post(`${A}/red-black`, {})).statusCode).toBe(400);
    expect(errorCode(await propose(grid, newId()), 400)).toBe('bad_reference');
  });

  it('keeps to the proposer’s scope: a grid worker cannot propose outside the grid’s buildings', async () => {
    expect(errorCode(await propose(grid, homeA2.householdId, { conventionId: null, list: 'red' }), 403)).toBe(
      'forbidden',
    );
    const branchA2 = await t.holding('branch', 'compound', t.world.compoundA2);
    const list = body<{ items: { householdId: string }[] }>(await branchA2.get(`${A}/red-black`), 200);
    expect(list.items).toEqual([]);
    const mine = body<{ items: { householdId: string }[] }>(await grid.get(`${A}/red-black`), 200);
    expect(mine.items.length).toBeGreaterThanOrEqual(2);
  });
});

describe('reviewing', () => {
  it('needs two different reviewers, one of them the branch; a second committee member is not enough', async () => {
    const e = body<EntryBody>(
      await propose(grid, zhang.householdId, { title: '楼道堆放杂物', articleNumber: 7 }),
      201,
    );
    const first = body<EntryBody>(
      await committee.post(`${A}/red-black/${e.id}/review`, { approve: true }),
      200,
    );
    expect(first).toMatchObject({ state: 'proposed', committeeReviewedBy: t.world.accounts.committee });
    expect(errorCode(await committee.post(`${A}/red-black/${e.id}/review`, { approve: true }), 409)).toBe(
      'red_black_already_reviewed',
    );
    const committee2 = await t.holding('committee', 'compound', t.world.compoundA1);
    expect(errorCode(await committee2.post(`${A}/red-black/${e.id}/review`, { approve: true }), 409)).toBe(
      'red_black_needs_branch',
    );
    expect(errorCode(await branch.post(`${A}/red-black/${e.id}/publish`, {}), 409)).toBe('red_black_state');
    const approved = body<EntryBody>(
      await branch.post(`${A}/red-black/${e.id}/review`, { approve: true, note: '情况属实' }),
      200,
    );
    expect(approved).toMatchObject({ state: 'approved', branchReviewedBy: t.world.accounts.branch });
    const audits = await auditOf(t, 'red_black.reviewed', e.id);
    expect(audits.map((a) => a.actor_account_id).sort()).toEqual(
      [t.world.accounts.committee, t.world.accounts.branch].sort(),
    );
  });

  it('one rejection ends it, audited', async () => {
    const e = body<EntryBody>(await propose(grid, zhang.householdId, { title: '误报' }), 201);
    expect(
      body<EntryBody>(await branch.post(`${A}/red-black/${e.id}/review`, { approve: false }), 200).state,
    ).toBe('rejected');
    expect(await auditOf(t, 'red_black.rejected', e.id)).toHaveLength(1);
    expect(errorCode(await committee.post(`${A}/red-black/${e.id}/review`, { approve: true }), 409)).toBe(
      'red_black_state',
    );
  });

  it('tells open review queues of changes in their scope, live', async () => {
    const [mine, other] = await Promise.all([
      openEventStream(branch, `${A}/red-black/stream`),
      openEventStream(await t.holding('branch', 'compound', t.world.compoundA2), `${A}/red-black/stream`),
    ]);
    try {
      const e = body<EntryBody>(
        await propose(grid, zhang.householdId, { title: '噪音扰民', articleNumber: 9 }),
        201,
      );
      expect((await mine.next('red_black')).data).toEqual({
        id: e.id,
        compoundId: t.world.compoundA1,
        buildingId: t.world.buildingA1,
      });
      await expect(other.next('red_black', 300)).rejects.toThrow();
    } finally {
      mine.close();
      other.close();
    }
  });

  it('only reviewers review: a grid worker proposes but cannot approve', async () => {
    const e = body<EntryBody>(await propose(grid, zhang.householdId), 201);
    expect((await grid.post(`${A}/red-black/${e.id}/review`, { approve: true })).statusCode).toBe(403);
    expect((await branch.post(`${A}/red-black/${newId()}/review`, { approve: true })).statusCode).toBe(404);
    expect((await branch.post(`${A}/red-black/${e.id}/review`, {})).statusCode).toBe(400);
  });
});

describe('the public list', () => {
  let entry: EntryBody;

  it('shows a published entry in its period, naming only the building and entrance', async () => {
    entry = await publishedEntry(zhang.householdId);
    expect(entry.state).toBe('published');
    expect(entry.publishUntil! - entry.publishFrom!).toBe(30 * dayMs);
    expect(await auditOf(t, 'red_black.published', entry.id)).toHaveLength(1);
    expect(await notificationsOf(t, zhang.accountId, 'red_black_published_black')).toHaveLength(1);
    const list = await publicList();
    expect(list.items.map((e) => e.id)).toEqual([entry.id]);
    expect(list.items[0]).toMatchObject({ list: 'black', place: '1栋1单元', name: null, articleNumber: 3 });
    const text = JSON.stringify(list);
    for (const secret of ['张三丰', '张', zhang.householdId, '住户', 'householdId', 'proposedBy'])
      expect(text, secret).not.toContain(secret);
    expect(text).not.toMatch(/\b1[3-9]\d{9}\b/); // no phone number
  });

  it('masks by surname or not at all when the community says so; red may show a masked name', async () => {
    expect((await branch.patch(`${A}/red-black-settings`, { mask: 'surname' })).statusCode).toBe(403);
    body(await staff.patch(`${A}/red-black-settings`, { mask: 'surname', redShowsName: true }), 200);
    expect(await auditOf(t, 'red_black.settings_changed', t.world.communityA)).toHaveLength(1);
    expect((await publicList()).items[0]).toMatchObject({ place: null, name: '张*' });
    const red = await publishedEntry(li.householdId, {
      list: 'red',
      title: '义务清扫楼道',
      conventionId: null,
      articleNumber: null,
    });
    const list = await publicList();
    expect(list.items.find((e) => e.id === red.id)).toMatchObject({ place: '1栋1单元', name: '李*海' });
    expect(JSON.stringify(list)).not.toContain('李四海');
    body(await staff.patch(`${A}/red-black-settings`, { mask: 'none', redShowsName: false }), 200);
    expect((await publicList()).items.every((e) => e.place === null && e.name === null)).toBe(true);
    body(await staff.patch(`${A}/red-black-settings`, { mask: 'building_room' }), 200);
    body(await branch.post(`${A}/red-black/${red.id}/remove`, { reason: '测试完毕' }), 200);
  });

  it('drops entries whose period is over; the clock marks them expired', async () => {
    const old = await publishedEntry(zhang.householdId, { title: '电动车进楼充电', articleNumber: 8 });
    await t.deps.db
      .updateTable('red_black_entries')
      .set({ publish_from: Date.now() - 40 * dayMs, publish_until: Date.now() - 10 * dayMs })
      .where('id', '=', old.id)
      .execute();
    expect((await publicList()).items.map((e) => e.id)).not.toContain(old.id);
    const expired = body<{ items: { id: string }[] }>(await branch.get(`${A}/red-black?state=expired`), 200);
    expect(expired.items.map((e) => e.id)).toContain(old.id);
    await appealClock.run(t.deps, Date.now());
    const row = await t.deps.db
      .selectFrom('red_black_entries')
      .select(['state', 'expired_at'])
      .where('id', '=', old.id)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('expired');
    expect(row.expired_at).not.toBeNull();
  });

  it('is only of the community asked, and 404 for an unknown one', async () => {
    const other = await t.anonymous().get(`/api/v1/public/communities/${t.world.communityB}/red-black`);
    expect(body<{ items: unknown[] }>(other, 200).items).toEqual([]);
    expect((await t.anonymous().get(`/api/v1/public/communities/${newId()}/red-black`)).statusCode).toBe(404);
  });

  describe('appeals', () => {
    let appealId: string;

    it('the household concerned appeals; the entry stays listed marked 申诉中', async () => {
      const url = `/api/v1/me/red-black/${entry.id}/appeals`;
      expect((await li.client.post(url, { text: '不是我家' })).statusCode).toBe(404);
      const a = body<{ id: string; state: string }>(
        await zhang.client.post(url, { text: '当天狗是邻居家的，有监控为证', clientKey: 'ap-1' }),
        201,
      );
      expect(a.state).toBe('open');
      appealId = a.id;
      expect(
        body<{ id: string }>(await zhang.client.post(url, { text: '重复', clientKey: 'ap-1' }), 200).id,
      ).toBe(appealId);
      expect(errorCode(await zhang.client.post(url, { text: '再申诉一次' }), 409)).toBe(
        'red_black_appeal_open',
      );
      // Another member of the household sees the same entry and its open appeal.
      const spouse = await addResident(t, zhang.householdId);
      const mine = body<{ mine: { id: string; underAppeal: boolean; appeals: { state: string }[] }[] }>(
        await spouse.client.get('/api/v1/me/red-black'),
        200,
      );
      expect(mine.mine.find((e) => e.id === entry.id)).toMatchObject({
        underAppeal: true,
        appeals: [{ state: 'open' }],
      });
      // The household does not learn who proposed or reviewed it (neighbours may sit on the committee).
      expect(JSON.stringify(mine)).not.toMatch(/gridWorker|committee|branch|Reviewed/);
      expect((await publicList()).items.find((e) => e.id === entry.id)).toMatchObject({ underAppeal: true });
      expect(await notificationsOf(t, t.world.accounts.committee, 'red_black_appeal_filed')).toHaveLength(1);
    });

    it('waits visibly in the reviewers’ queue with its age; the clock tells them once after seven days', async () => {
      await t.deps.db
        .updateTable('red_black_appeals')
        .set({ created_at: Date.now() - 8 * dayMs })
        .where('id', '=', appealId)
        .execute();
      const queue = body<{ items: { id: string; ageDays: number; state: string }[] }>(
        await branch.get(`${A}/red-black-appeals?state=open`),
        200,
      );
      expect(queue.items).toEqual([expect.objectContaining({ id: appealId, ageDays: 8, state: 'open' })]);
      await appealClock.run(t.deps, Date.now());
      await appealClock.run(t.deps, Date.now());
      expect(await notificationsOf(t, t.world.accounts.branch, 'red_black_appeal_overdue')).toHaveLength(1);
      const branchA2 = await t.holding('branch', 'compound', t.world.compoundA2);
      expect(body<{ items: unknown[] }>(await branchA2.get(`${A}/red-black-appeals`), 200).items).toEqual([]);
      expect(
        (await branchA2.post(`${A}/red-black-appeals/${appealId}/decide`, { uphold: true, text: '成立' }))
          .statusCode,
      ).toBe(403);
    });

    it('is decided with reasons; upheld, the entry comes off the list; all audited; decided once', async () => {
      const blank = await branch.post(`${A}/red-black-appeals/${appealId}/decide`, {
        uphold: true,
        text: '  ',
      });
      expect(errorCode(blank, 400)).toBe('decision_text_required');
      const decided = body<{ state: string; decisionText: string }>(
        await branch.post(`${A}/red-black-appeals/${appealId}/decide`, {
          uphold: true,
          text: '经核查监控，申诉成立',
        }),
        200,
      );
      expect(decided).toMatchObject({ state: 'upheld', decisionText: '经核查监控，申诉成立' });
      const after = body<EntryBody>(await branch.get(`${A}/red-black/${entry.id}`), 200);
      expect(after).toMatchObject({
        state: 'removed',
        removalReason: '经核查监控，申诉成立',
        underAppeal: false,
      });
      expect((await publicList()).items.map((e) => e.id)).not.toContain(entry.id);
      expect(await auditOf(t, 'red_black.appeal_decided', appealId)).toHaveLength(1);
      expect(await auditOf(t, 'red_black.removed', entry.id)).toHaveLength(1);
      expect(await notificationsOf(t, zhang.accountId, 'red_black_appeal_decided')).toHaveLength(1);
      expect(
        errorCode(
          await committee.post(`${A}/red-black-appeals/${appealId}/decide`, { uphold: false, text: '驳回' }),
          409,
        ),
      ).toBe('red_black_appeal_decided');
      expect(
        (await branch.post(`${A}/red-black-appeals/${newId()}/decide`, { uphold: true, text: 'x' }))
          .statusCode,
      ).toBe(404);
    });

    it('a dismissed appeal leaves the entry listed', async () => {
      const e = await publishedEntry(zhang.householdId, { title: '高空抛物', articleNumber: 4 });
      const a = body<{ id: string }>(
        await zhang.client.post(`/api/v1/me/red-black/${e.id}/appeals`, { text: '不是我家' }),
        201,
      );
      body(
        await committee.post(`${A}/red-black-appeals/${a.id}/decide`, { uphold: false, text: '有邻居证实' }),
        200,
      );
      expect((await publicList()).items.find((x) => x.id === e.id)).toMatchObject({ underAppeal: false });
      const removed = body<EntryBody>(
        await branch.post(`${A}/red-black/${e.id}/remove`, { reason: '已整改' }),
        200,
      );
      expect(removed.state).toBe('removed');
      expect(await auditOf(t, 'red_black.removed', e.id)).toHaveLength(1);
      expect(errorCode(await branch.post(`${A}/red-black/${e.id}/remove`, { reason: '再撤' }), 409)).toBe(
        'red_black_state',
      );
    });
  });
});

describe('evidence, residents and exports', () => {
  it('attaches evidence seen by staff and the household, not the neighbours', async () => {
    const up = await upload(grid, t.world.communityA, await testPhoto(200, 200));
    const fileId = up.json<{ id: string }>().id;
    const e = await publishedEntry(zhang.householdId, {
      title: '占用消防通道',
      articleNumber: 5,
      fileIds: [fileId],
    });
    expect(e.files.map((f) => f.id)).toEqual([fileId]);
    const fileUrl = `${A}/files/${fileId}`;
    expect((await branch.get(fileUrl)).statusCode).toBe(200);
    expect((await zhang.client.get(fileUrl)).statusCode).toBe(200);
    expect((await li.client.get(fileUrl)).statusCode).toBe(404);
  });

  it('shows residents their compounds’ published lists, masked, and their own entries only', async () => {
    const seen = body<{ lists: Record<string, unknown>[]; mine: { householdId: string }[] }>(
      await li.client.get('/api/v1/me/red-black'),
      200,
    );
    expect(seen.lists.length).toBeGreaterThan(0);
    expect(JSON.stringify(seen.lists)).not.toContain('张三丰');
    expect(seen.mine.every((e) => e.householdId === li.householdId)).toBe(true);
    const far = body<{ lists: unknown[] }>(await homeA2.client.get('/api/v1/me/red-black'), 200);
    expect(far.lists).toEqual([]);
  });

  it('exports the list and the appeals', async () => {
    const path = (p: string) =>
      `/api/v1/export?path=${encodeURIComponent(`/communities/${t.world.communityA}/${p}`)}`;
    const list = await branch.get(`${path('red-black')}&list=black`);
    expect(list.statusCode).toBe(200);
    expect(Number(list.headers['x-export-rows'])).toBeGreaterThan(2);
    expect((await branch.get(path('red-black-appeals'))).statusCode).toBe(200);
  });

  it('a community B entry is not found through community A', async () => {
    expect((await staff.get(`${A}/red-black/${newId()}`)).statusCode).toBe(404);
  });
});
