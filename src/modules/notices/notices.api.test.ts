import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { body, errorCode, type Client } from '../../../test/support/client';
import { readBack } from '../roster/roster.testkit';
import { noticeAnnouncerJob } from './announce';
import {
  addBuilding,
  addEntrance,
  addHome,
  addResident,
  api,
  notificationsOf,
  photoOf,
  type Home,
} from './notices.testkit';
import { visibleAt, type Target, type TargetKind } from './visibility';

/**
 * 公告: who sees a notice (its places and its publish window), read receipts and the list of
 * households that have not read, and who may write to which places.
 */

let t: TestContext;
let A: string;
let staff: Client;
/** h1 and h1b: building A1 (entrances 1 and 2); h2: building 2 of compound A1; h3: compound A2. */
let h1: Home, h1b: Home, h2: Home, h3: Home;
let building2: string;
let entranceA1b: string;

interface NoticeDetail {
  id: string;
  status: string;
  pinned: boolean;
  audienceHouseholds: number;
  readHouseholds: number;
  files: { id: string }[];
  targets: { kind: string; id: string; name: string }[];
}

beforeAll(async () => {
  t = await startTestApp();
  const w = t.world;
  A = api(w.communityA);
  staff = await t.as('communityStaff');
  entranceA1b = await addEntrance(t, w.buildingA1, '2单元');
  const b2 = await addBuilding(t, w.compoundA1, '2栋');
  building2 = b2.buildingId;
  const a2Entrance = await addEntrance(t, w.buildingA2, '1单元');
  h1 = await addHome(
    t,
    { compoundId: w.compoundA1, buildingId: w.buildingA1, entranceId: w.entranceA1 },
    '301',
  );
  h1b = await addHome(
    t,
    { compoundId: w.compoundA1, buildingId: w.buildingA1, entranceId: entranceA1b },
    '201',
  );
  h2 = await addHome(t, { compoundId: w.compoundA1, ...b2 }, '102');
  h3 = await addHome(
    t,
    { compoundId: w.compoundA2, buildingId: w.buildingA2, entranceId: a2Entrance },
    '103',
  );
});
afterAll(() => t.close());

const draft = (targets: { kind: TargetKind; id?: string }[], extra: Record<string, unknown> = {}) => ({
  title: '停水通知',
  bodyHtml: '<p>因管道维修，明日 9:00–17:00 停水。</p><script>alert(1)</script>',
  targets,
  ...extra,
});

async function publishTo(targets: { kind: TargetKind; id?: string }[], extra: Record<string, unknown> = {}) {
  const created = body<NoticeDetail>(await staff.post(`${A}/notices`, draft(targets, extra)), 201);
  return body<NoticeDetail>(await staff.post(`${A}/notices/${created.id}/publish`, {}), 200);
}

const myIds = async (home: Home) =>
  body<{ items: { id: string }[] }>(await home.client.get('/api/v1/me/notices?pageSize=200'), 200).items.map(
    (i) => i.id,
  );

describe('who sees a notice', () => {
  it('a building-1 notice reaches building 1’s households and nobody else', async () => {
    const n = await publishTo([{ kind: 'building', id: t.world.buildingA1 }]);
    expect(n.status).toBe('published');
    expect(n.audienceHouseholds).toBe(2);
    expect(await myIds(h1)).toContain(n.id);
    expect(await myIds(h1b)).toContain(n.id);
    expect(await myIds(h2)).not.toContain(n.id);
    expect(await myIds(h3)).not.toContain(n.id);
    expect(errorCode(await h2.client.get(`/api/v1/me/notices/${n.id}`), 404)).toBe('not_found');
    // The text was cleaned on the way in.
    const opened = body<{ bodyHtml: string }>(await h1.client.get(`/api/v1/me/notices/${n.id}`), 200);
    expect(opened.bodyHtml).toContain('停水');
    expect(opened.bodyHtml).not.toContain('script');
  });

  it('the lists agree with the pure rule for every kind of place', async () => {
    const w = t.world;
    const cases: { kind: TargetKind; id?: string }[][] = [
      [{ kind: 'community' }],
      [{ kind: 'compound', id: w.compoundA1 }],
      [{ kind: 'compound', id: w.compoundA2 }],
      [{ kind: 'entrance', id: entranceA1b }],
      [
        { kind: 'entrance', id: w.entranceA1 },
        { kind: 'building', id: building2 },
      ],
    ];
    const homes = [h1, h1b, h2, h3];
    const lists = new Map<Home, string[]>();
    const published: { id: string; targets: Target[] }[] = [];
    for (const targets of cases) {
      const n = await publishTo(targets);
      const stored = await t.deps.db
        .selectFrom('notice_targets')
        .selectAll()
        .where('subject_id', '=', n.id)
        .execute();
      published.push({
        id: n.id,
        targets: stored.map((s) => ({
          kind: s.kind as TargetKind,
          communityId: s.community_id,
          compoundId: s.compound_id,
          buildingId: s.building_id,
          entranceId: s.entrance_id,
        })),
      });
    }
    for (const home of homes) lists.set(home, await myIds(home));
    const now = Date.now();
    for (const n of published)
      for (const home of homes) {
        const place = { communityId: w.communityA, ...home };
        const expected = visibleAt(
          { state: 'published', publishAt: 0, expireAt: null },
          n.targets,
          place,
          now,
        );
        expect(lists.get(home)!.includes(n.id), `${n.id} for ${home.householdId}`).toBe(expected);
      }
  });

  it('drafts, notices not yet due, expired and withdrawn notices are not shown', async () => {
    const building = [{ kind: 'building' as const, id: t.world.buildingA1 }];
    const unpublished = body<NoticeDetail>(await staff.post(`${A}/notices`, draft(building)), 201);
    const later = await publishTo(building, { publishAt: Date.now() + 3_600_000 });
    expect(later.status).toBe('scheduled');
    const expiring = await publishTo(building);
    await t.deps.db
      .updateTable('notices')
      .set({ publish_at: Date.now() - 7_200_000, expire_at: Date.now() - 1 })
      .where('id', '=', expiring.id)
      .execute();
    const withdrawn = await publishTo(building);
    body(await staff.post(`${A}/notices/${withdrawn.id}/withdraw`, { reason: '内容有误' }), 200);
    const seen = await myIds(h1);
    for (const n of [unpublished, later, expiring, withdrawn]) {
      expect(seen).not.toContain(n.id);
      expect(errorCode(await h1.client.get(`/api/v1/me/notices/${n.id}`), 404)).toBe('not_found');
    }
    const statuses = body<{ items: { id: string; status: string }[] }>(
      await staff.get(`${A}/notices?pageSize=200`),
      200,
    ).items;
    const status = (id: string) => statuses.find((s) => s.id === id)?.status;
    expect([unpublished, later, expiring, withdrawn].map((n) => status(n.id))).toEqual([
      'draft',
      'scheduled',
      'expired',
      'withdrawn',
    ]);
    expect(
      body<{ items: { id: string }[] }>(await staff.get(`${A}/notices?status=expired`), 200).items.map(
        (i) => i.id,
      ),
    ).toEqual([expiring.id]);
  });

  it('a notice published ahead of time tells its residents once its time comes, once', async () => {
    const n = await publishTo([{ kind: 'entrance', id: entranceA1b }], { publishAt: Date.now() + 60_000 });
    const before = (await notificationsOf(t, h1b.accountId, 'notice_published')).length;
    await noticeAnnouncerJob.run(t.deps, Date.now());
    expect(await notificationsOf(t, h1b.accountId, 'notice_published')).toHaveLength(before);
    await Promise.all([
      noticeAnnouncerJob.run(t.deps, Date.now() + 120_000),
      noticeAnnouncerJob.run(t.deps, Date.now() + 120_000),
    ]);
    const after = await notificationsOf(t, h1b.accountId, 'notice_published');
    expect(after).toHaveLength(before + 1);
    expect(after.some((a) => a.link === `/notices/${n.id}`)).toBe(true);
    expect(
      (await notificationsOf(t, h1.accountId, 'notice_published')).some((a) => a.link === `/notices/${n.id}`),
    ).toBe(false);
  });
});

describe('read receipts', () => {
  it('record each account and household once, even opened at once on two phones, and list who has not read', async () => {
    const n = await publishTo([{ kind: 'building', id: t.world.buildingA1 }], { pinned: true });
    // Publishing told both households of building 1.
    for (const home of [h1, h1b])
      expect((await notificationsOf(t, home.accountId, 'notice_published')).map((x) => x.link)).toContain(
        `/notices/${n.id}`,
      );
    expect((await notificationsOf(t, h2.accountId, 'notice_published')).map((x) => x.link)).not.toContain(
      `/notices/${n.id}`,
    );

    const unread = body<{ count: number }>(await h1.client.get('/api/v1/me/notices/unread-count'), 200).count;
    const first = body<{ items: { id: string; read: boolean; pinned: boolean }[] }>(
      await h1.client.get('/api/v1/me/notices?pageSize=200'),
      200,
    ).items;
    expect(first[0]).toMatchObject({ id: n.id, pinned: true, read: false });

    const second = await addResident(t, h1.householdId);
    const opens = await Promise.all([
      ...Array.from({ length: 4 }, () => h1.client.get(`/api/v1/me/notices/${n.id}`)),
      ...Array.from({ length: 3 }, () => second.client.get(`/api/v1/me/notices/${n.id}`)),
    ]);
    for (const res of opens) expect(res.statusCode, res.body).toBe(200);
    const reads = await t.deps.db
      .selectFrom('notice_reads')
      .selectAll()
      .where('notice_id', '=', n.id)
      .execute();
    expect(reads.map((r) => r.account_id).sort()).toEqual([h1.accountId, second.accountId].sort());
    const homeReads = await t.deps.db
      .selectFrom('notice_household_reads')
      .selectAll()
      .where('notice_id', '=', n.id)
      .execute();
    expect(homeReads.map((r) => r.household_id)).toEqual([h1.householdId]);

    expect(body<{ count: number }>(await h1.client.get('/api/v1/me/notices/unread-count'), 200).count).toBe(
      unread - 1,
    );
    const readNow = body<{ items: { id: string; read: boolean }[] }>(
      await h1.client.get('/api/v1/me/notices?pageSize=200'),
      200,
    ).items;
    expect(readNow.find((i) => i.id === n.id)?.read).toBe(true);

    const receipts = body<{
      items: { householdId: string; read: boolean; roomNumber: string }[];
      total: number;
      audience: number;
      readCount: number;
      unreadCount: number;
    }>(await staff.get(`${A}/notices/${n.id}/receipts`), 200);
    expect(receipts).toMatchObject({ audience: 2, readCount: 1, unreadCount: 1, total: 2 });
    expect(receipts.items.map((i) => [i.householdId, i.read])).toEqual(
      expect.arrayContaining([
        [h1.householdId, true],
        [h1b.householdId, false],
      ]),
    );
    const notRead = body<{ items: { householdId: string; entranceName: string }[]; total: number }>(
      await staff.get(`${A}/notices/${n.id}/receipts?read=false`),
      200,
    );
    expect(notRead.items.map((i) => i.householdId)).toEqual([h1b.householdId]);
    expect(notRead.items[0]!.entranceName).toBe('2单元');
    // The not-read list as a sheet for the door-knock round, through the generic export.
    const sheet = await staff.get(`/api/v1/export?path=${A}/notices/${n.id}/receipts&read=false`);
    expect(sheet.statusCode, sheet.body).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
    const rows = (book.worksheets[0]!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows).toEqual([
      ['小区', '楼栋', '单元', '房号', '户', '已读', '阅读时间'],
      ['甲一小区', '1栋', '2单元', '201', '住户201', '否'],
    ]);
    const detail = body<NoticeDetail & { title: string }>(await staff.get(`${A}/notices/${n.id}`), 200);
    expect([detail.audienceHouseholds, detail.readHouseholds]).toEqual([2, 1]);
    // The list of notices itself, as a sheet in the desk's words: its row says how many have read it.
    const list = await staff.request(
      'GET',
      `/api/v1/export?path=${A}/notices&q=${encodeURIComponent(detail.title)}`,
      undefined,
      { 'accept-language': 'en' },
    );
    expect(list.statusCode, list.body).toBe(200);
    const listRows = await readBack(list.rawPayload);
    expect(listRows[0]).toEqual([
      'Title',
      'Status',
      'Pinned',
      'Sent to',
      'Publish at',
      'Published',
      'Shown until',
      'Households reached',
      'Households read',
      'Withdrawn',
      'Created',
    ]);
    expect(listRows[1]!.slice(0, 4)).toEqual([
      detail.title,
      'Published',
      detail.pinned ? 'Yes' : 'No',
      '甲一小区 1栋',
    ]);
    expect(listRows[1]!.slice(7, 9)).toEqual([2, 1]);
  });
});

describe('writing notices', () => {
  it('edits a draft, not a published notice; attachments reach only the residents it goes to', async () => {
    const photo = await photoOf(t, staff);
    const created = body<NoticeDetail>(
      await staff.post(`${A}/notices`, draft([{ kind: 'building', id: building2 }], { fileIds: [photo] })),
      201,
    );
    expect(created.files.map((f) => f.id)).toEqual([photo]);
    const changed = body<NoticeDetail & { title: string }>(
      await staff.patch(`${A}/notices/${created.id}`, { title: '停水通知（更正）', pinned: true }),
      200,
    );
    expect(changed).toMatchObject({ title: '停水通知（更正）', pinned: true, status: 'draft' });
    body(await staff.post(`${A}/notices/${created.id}/publish`, {}), 200);
    expect(errorCode(await staff.patch(`${A}/notices/${created.id}`, { title: '再改' }), 409)).toBe(
      'notice_not_draft',
    );
    expect(errorCode(await staff.post(`${A}/notices/${created.id}/publish`, {}), 409)).toBe(
      'notice_not_draft',
    );
    expect((await h2.client.get(`${A}/files/${photo}`)).statusCode).toBe(200);
    expect((await h1.client.get(`${A}/files/${photo}`)).statusCode).toBe(404);
  });

  it('refuses blank text, an end before the start, unknown places and unknown notices', async () => {
    const building = [{ kind: 'building' as const, id: t.world.buildingA1 }];
    expect(errorCode(await staff.post(`${A}/notices`, draft(building, { title: '   ' })), 400)).toBe(
      'notice_blank',
    );
    expect(
      errorCode(
        await staff.post(`${A}/notices`, draft(building, { bodyHtml: '<p> </p><script>x</script>' })),
        400,
      ),
    ).toBe('notice_blank');
    expect(
      errorCode(
        await staff.post(
          `${A}/notices`,
          draft(building, { publishAt: Date.now() + 7_200_000, expireAt: Date.now() + 3_600_000 }),
        ),
        400,
      ),
    ).toBe('notice_times');
    expect(errorCode(await staff.post(`${A}/notices`, draft([{ kind: 'building', id: 'nope' }])), 400)).toBe(
      'bad_reference',
    );
    expect(errorCode(await staff.post(`${A}/notices`, draft([{ kind: 'compound' }])), 400)).toBe(
      'bad_reference',
    );
    expect(errorCode(await staff.post(`${A}/notices`, draft([])), 400)).toBe('validation');
    expect(errorCode(await staff.get(`${A}/notices/nope`), 404)).toBe('not_found');
    expect(errorCode(await staff.get(`${A}/notices/nope/receipts`), 404)).toBe('not_found');
    expect(errorCode(await h1.client.get('/api/v1/me/notices/nope'), 404)).toBe('not_found');
  });

  it('a compound A1 branch writes to A1’s places only, a grid worker to its grid’s buildings only', async () => {
    const w = t.world;
    const branch = await t.as('branch');
    const grid = await t.as('gridWorker');
    expect(
      (await branch.post(`${A}/notices`, draft([{ kind: 'building', id: w.buildingA1 }]))).statusCode,
    ).toBe(201);
    for (const targets of [
      [{ kind: 'building' as const, id: w.buildingA2 }],
      [{ kind: 'community' as const }],
      [
        { kind: 'building' as const, id: w.buildingA1 },
        { kind: 'compound' as const, id: w.compoundA2 },
      ],
    ])
      expect(errorCode(await branch.post(`${A}/notices`, draft(targets)), 403)).toBe('forbidden');
    expect(
      (await grid.post(`${A}/notices`, draft([{ kind: 'entrance', id: w.entranceA1 }]))).statusCode,
    ).toBe(201);
    expect(
      errorCode(await grid.post(`${A}/notices`, draft([{ kind: 'building', id: building2 }])), 403),
    ).toBe('forbidden');
    expect(
      errorCode(await grid.post(`${A}/notices`, draft([{ kind: 'compound', id: w.compoundA1 }])), 403),
    ).toBe('forbidden');

    // Reading and changing follow the same rule: every place must be in scope.
    const a2 = body<NoticeDetail>(
      await staff.post(`${A}/notices`, draft([{ kind: 'building', id: w.buildingA2 }])),
      201,
    );
    const mixed = body<NoticeDetail>(
      await staff.post(
        `${A}/notices`,
        draft([
          { kind: 'building', id: w.buildingA1 },
          { kind: 'building', id: w.buildingA2 },
        ]),
      ),
      201,
    );
    for (const id of [a2.id, mixed.id]) {
      expect(errorCode(await branch.get(`${A}/notices/${id}`), 403)).toBe('forbidden');
      expect(errorCode(await branch.post(`${A}/notices/${id}/publish`, {}), 403)).toBe('forbidden');
      expect(errorCode(await branch.get(`${A}/notices/${id}/receipts`), 403)).toBe('forbidden');
    }
    const branchList = body<{ items: { id: string; targetsText: string }[] }>(
      await branch.get(`${A}/notices?pageSize=200`),
      200,
    ).items;
    expect(branchList.map((i) => i.id)).not.toContain(a2.id);
    expect(branchList.map((i) => i.id)).not.toContain(mixed.id);
    expect(branchList.every((i) => !i.targetsText.includes('甲二'))).toBe(true);
    const wide = body<NoticeDetail>(await staff.post(`${A}/notices`, draft([{ kind: 'community' }])), 201);
    const compoundWide = body<NoticeDetail>(
      await staff.post(`${A}/notices`, draft([{ kind: 'compound', id: w.compoundA1 }])),
      201,
    );
    const gridList = body<{ items: { id: string; targetsText: string }[] }>(
      await grid.get(`${A}/notices?pageSize=200`),
      200,
    ).items;
    expect(gridList.length).toBeGreaterThan(0);
    expect(gridList.every((i) => i.targetsText.startsWith('甲一小区 1栋'))).toBe(true);
    expect(gridList.map((i) => i.id)).not.toContain(compoundWide.id);
    const branchIds = body<{ items: { id: string }[] }>(
      await branch.get(`${A}/notices?pageSize=200`),
      200,
    ).items.map((i) => i.id);
    expect(branchIds).toContain(compoundWide.id);
    expect(branchIds).not.toContain(wide.id);
    const staffList = body<{ items: { id: string }[] }>(
      await staff.get(`${A}/notices?pageSize=200`),
      200,
    ).items;
    expect(staffList.map((i) => i.id)).toEqual(expect.arrayContaining([a2.id, mixed.id]));
  });
});

describe('every route of the module', () => {
  it('answers an empty body or an unknown id with a 4xx, never a 500', async () => {
    const routes = t.app.routeTable.filter((r) => /notice|rectification/.test(r.url));
    expect(routes.length).toBeGreaterThan(20);
    for (const who of [staff, h1.client])
      for (const r of routes) {
        const url = r.url.replace(':communityId', t.world.communityA).replace(/:(\w+)/g, 'missing-$1');
        const res = await who.request(r.method, url, r.method === 'GET' ? undefined : {});
        expect(res.statusCode, `${r.method} ${r.url} ${res.body}`).toBeLessThan(500);
      }
  });
});
