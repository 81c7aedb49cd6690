import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { body, errorCode, type Client } from '../../../test/support/client';
import { todayInShanghai } from '../../core/time';
import { rectificationReminderJob } from './my-rectifications';
import {
  addBuilding,
  addEntrance,
  addHome,
  api,
  notificationsOf,
  pageCount,
  pdfCharacters,
  pdfSquares,
  pdfStreams,
  photoOf,
  type Home,
} from './notices.testkit';
import { readBack } from '../roster/roster.testkit';
import { defaultKinds } from './kinds';
import { onlineCopyUrl, qrModules } from './print';
import { summarise, type SummaryRow } from './rectification-rules';

/**
 * 整改告知书 end to end: a campaign, its notices, delivery, the resident reading and replying with a
 * photo, the staff's checks and outcomes, the summary, the printed PDF, and who may do what.
 */

let t: TestContext;
let A: string;
let staff: Client;
let h1: Home, h1b: Home, h2: Home;
let building2: string;
const day = 24 * 3_600_000;
const inDays = (n: number) => todayInShanghai(Date.now() + n * day);

interface Row {
  id: string;
  seq: number;
  round: number;
  state: string;
  householdId: string | null;
  placeName: string;
  deliveryMethod: string | null;
  readAt: number | null;
  nextStep: string | null;
  deadline: string;
}
interface Detail extends Row {
  replyPhotos: { id: string }[];
  checks: { result: string; photos: { id: string }[] }[];
  nextNoticeId: string | null;
  campaignTitle: string;
}
interface Campaign {
  id: string;
  summary: Record<string, unknown> & { figures: unknown[] };
}

beforeAll(async () => {
  t = await startTestApp();
  const w = t.world;
  A = api(w.communityA);
  staff = await t.as('communityStaff');
  const entranceA1b = await addEntrance(t, w.buildingA1, '2单元');
  const b2 = await addBuilding(t, w.compoundA1, '2栋');
  building2 = b2.buildingId;
  h1 = await addHome(
    t,
    { compoundId: w.compoundA1, buildingId: w.buildingA1, entranceId: w.entranceA1 },
    '301',
  );
  h1b = await addHome(
    t,
    { compoundId: w.compoundA1, buildingId: w.buildingA1, entranceId: entranceA1b },
    '401',
  );
  h2 = await addHome(t, { compoundId: w.compoundA1, ...b2 }, '302');
});
afterAll(() => t.close());

const campaignBody = (targets: { kind: string; id: string }[], extra: Record<string, unknown> = {}) => ({
  kind: 'corridor_clutter',
  title: '1栋楼道堆物清理',
  problem: '您门前楼道堆放杂物，占用疏散通道，存在火灾隐患。',
  requirement: '自行清理楼道内堆放的杂物、纸箱和电动车',
  legalBasis: '《中华人民共和国消防法》第二十八条',
  issuer: '甲社区居民委员会',
  deadline: inDays(7),
  targets,
  ...extra,
});

async function newCampaign(client: Client, targets: { kind: string; id: string }[]) {
  return body<Campaign>(await client.post(`${A}/rectification-campaigns`, campaignBody(targets)), 201);
}

const rowsOf = async (campaignId: string) =>
  body<{ items: Row[] }>(
    await staff.get(`${A}/rectification-campaigns/${campaignId}/notices?pageSize=200`),
    200,
  ).items;

describe('a rectification campaign', () => {
  it('goes from notices to delivery, reading in the app, a reply with a photo, checks and outcomes', async () => {
    const w = t.world;
    const c = await newCampaign(staff, [{ kind: 'building', id: w.buildingA1 }]);
    const issued = body<{ created: number; skipped: number; items: Row[] }>(
      await staff.post(`${A}/rectification-campaigns/${c.id}/notices`, {
        allHouseholds: true,
        places: [{ entranceId: w.entranceA1, placeText: '一楼楼梯间' }],
      }),
      201,
    );
    expect(issued).toMatchObject({ created: 3, skipped: 0 });
    // The campaigns list exports in the desk's words, with the count of notices issued.
    const sheet = await staff.get(`/api/v1/export?path=${A}/rectification-campaigns`);
    expect(sheet.statusCode, sheet.body).toBe(200);
    const campaigns = await readBack(sheet.rawPayload);
    expect(campaigns[0]!.slice(0, 6)).toEqual(['名称', '类型', '范围', '整改期限', '状态', '告知书']);
    expect(campaigns.find((r) => r[0] === '1栋楼道堆物清理')?.slice(4, 6)).toEqual(['进行中', 3]);
    expect(issued.items.map((i) => i.seq)).toEqual([1, 2, 3]);
    const mine = issued.items.find((i) => i.householdId === h1.householdId)!;
    const theirs = issued.items.find((i) => i.householdId === h1b.householdId)!;
    const stairwell = issued.items.find((i) => i.householdId === null)!;
    expect(stairwell.placeName).toBe('甲一小区 1栋 1单元 一楼楼梯间');
    // Issuing again skips the households already served.
    expect(
      body(await staff.post(`${A}/rectification-campaigns/${c.id}/notices`, { allHouseholds: true }), 201),
    ).toMatchObject({ created: 0, skipped: 2 });
    expect((await notificationsOf(t, h1.accountId, 'rectification_issued')).map((n) => n.link)).toEqual([
      `/rectifications/${mine.id}`,
    ]);
    expect(await notificationsOf(t, h2.accountId, 'rectification_issued')).toEqual([]);

    // The resident finds it and opens it: delivered in the app.
    const list = body<{ items: Row[] }>(await h1.client.get('/api/v1/me/rectifications'), 200).items;
    expect(list.map((i) => i.id)).toEqual([mine.id]);
    const opened = body<Detail>(await h1.client.get(`/api/v1/me/rectifications/${mine.id}`), 200);
    expect(opened).toMatchObject({
      deliveryMethod: 'read_in_app',
      state: 'issued',
      campaignTitle: '1栋楼道堆物清理',
    });
    expect(opened.readAt).not.toBeNull();
    expect(
      errorCode(
        await staff.post(`${A}/rectification-notices/${mine.id}/delivery`, { method: 'handed' }),
        409,
      ),
    ).toBe('rectification_delivered');
    expect(
      body<Detail>(
        await staff.post(`${A}/rectification-notices/${theirs.id}/delivery`, { method: 'posted' }),
        200,
      ).deliveryMethod,
    ).toBe('posted');
    // Residents of the entrance read its stairwell's notice (not theirs to answer); other entrances don't.
    expect(
      body<Detail>(await h1.client.get(`/api/v1/me/rectifications/${stairwell.id}`), 200).readAt,
    ).toBeNull();
    expect(errorCode(await h1b.client.get(`/api/v1/me/rectifications/${stairwell.id}`), 404)).toBe(
      'not_found',
    );
    expect(
      errorCode(
        await h1.client.post(`/api/v1/me/rectifications/${stairwell.id}/reply`, { fileIds: ['x'] }),
        409,
      ),
    ).toBe('rectification_state');
    expect(errorCode(await h2.client.get(`/api/v1/me/rectifications/${mine.id}`), 404)).toBe('not_found');
    expect(errorCode(await h2.client.get(`/api/v1/me/rectifications/${stairwell.id}`), 404)).toBe(
      'not_found',
    );

    // The reply needs a photo; it reaches the campaign's creator.
    expect(
      errorCode(await h1.client.post(`/api/v1/me/rectifications/${mine.id}/reply`, { note: '已清理' }), 400),
    ).toBe('validation');
    const photo = await photoOf(t, h1.client);
    const replied = body<Detail>(
      await h1.client.post(`/api/v1/me/rectifications/${mine.id}/reply`, {
        note: '已清理',
        fileIds: [photo],
      }),
      200,
    );
    expect(replied.state).toBe('replied');
    expect(replied.replyPhotos.map((p) => p.id)).toEqual([photo]);
    expect(
      errorCode(
        await h1.client.post(`/api/v1/me/rectifications/${mine.id}/reply`, {
          fileIds: [await photoOf(t, h1.client)],
        }),
        409,
      ),
    ).toBe('rectification_state');
    expect(
      (await notificationsOf(t, t.world.accounts.communityStaff, 'rectification_replied')).map((n) => n.link),
    ).toContain(`/console/rectifications/${c.id}`);
    expect((await staff.get(`${A}/files/${photo}`)).statusCode).toBe(200);
    expect((await h2.client.get(`${A}/files/${photo}`)).statusCode).toBe(404);

    // Staff look: still there → back to the household; they reply again; staff find it done.
    expect(
      body<Detail>(
        await staff.post(`${A}/rectification-notices/${mine.id}/checks`, {
          result: 'not_done',
          note: '还有纸箱',
        }),
        200,
      ).state,
    ).toBe('issued');
    body(
      await h1.client.post(`/api/v1/me/rectifications/${mine.id}/reply`, {
        fileIds: [await photoOf(t, h1.client)],
      }),
      200,
    );
    const checkPhoto = await photoOf(t, staff);
    const done = body<Detail>(
      await staff.post(`${A}/rectification-notices/${mine.id}/checks`, {
        result: 'done',
        fileIds: [checkPhoto],
      }),
      200,
    );
    expect(done.state).toBe('done');
    expect(done.checks.map((k) => k.result)).toEqual(['not_done', 'done']);
    expect(done.checks[1]!.photos.map((p) => p.id)).toEqual([checkPhoto]);
    expect((await h1.client.get(`${A}/files/${checkPhoto}`)).statusCode).toBe(200);
    expect(
      errorCode(await staff.post(`${A}/rectification-notices/${mine.id}/checks`, { result: 'done' }), 409),
    ).toBe('rectification_state');

    // The other household did nothing: a second notice with a new deadline.
    expect(
      errorCode(
        await staff.post(`${A}/rectification-notices/${theirs.id}/checks`, {
          result: 'not_done',
          nextStep: 'second_notice',
        }),
        400,
      ),
    ).toBe('rectification_second_deadline');
    const escalated = body<Detail>(
      await staff.post(`${A}/rectification-notices/${theirs.id}/checks`, {
        result: 'not_done',
        nextStep: 'second_notice',
        nextStepNote: '拒不整改',
        deadline: inDays(3),
      }),
      200,
    );
    expect(escalated).toMatchObject({ state: 'not_done', nextStep: 'second_notice' });
    const second = body<Detail>(await staff.get(`${A}/rectification-notices/${escalated.nextNoticeId}`), 200);
    expect(second).toMatchObject({
      round: 2,
      seq: 4,
      state: 'issued',
      deadline: inDays(3),
      householdId: h1b.householdId,
    });
    expect((await notificationsOf(t, h1b.accountId, 'rectification_issued')).map((n) => n.link)).toContain(
      `/rectifications/${second.id}`,
    );
    body(
      await staff.post(`${A}/rectification-notices/${stairwell.id}/checks`, {
        result: 'not_done',
        nextStep: 'law_enforcement',
        nextStepNote: '移交综合执法',
      }),
      200,
    );

    // The summary counts exactly the rows.
    const figures = [
      { label: '清理单元', value: 5, unit: '个' },
      { label: '清运杂物', value: 8, unit: '车' },
    ];
    const summed = body<Campaign>(
      await staff.request('PUT', `${A}/rectification-campaigns/${c.id}/summary`, {
        figures,
        note: '楼道全部清空',
      }),
      200,
    );
    const rows = await rowsOf(c.id);
    const expected = summarise(
      rows.map((r): SummaryRow => ({
        state: r.state as SummaryRow['state'],
        round: r.round,
        deliveryMethod: r.deliveryMethod as SummaryRow['deliveryMethod'],
        readAt: r.readAt,
        nextStep: r.nextStep as SummaryRow['nextStep'],
        deadline: r.deadline,
        householdId: r.householdId,
      })),
      figures,
      todayInShanghai(),
    );
    expect(summed.summary).toEqual(expected);
    expect(summed.summary).toMatchObject({
      notices: 4,
      places: 3,
      households: 2,
      secondNotices: 1,
      delivered: 2,
      readInApp: 1,
      done: 1,
      notDone: 2,
      pending: 1,
      nextSteps: { second_notice: 1, law_enforcement: 1, deliberation: 0 },
    });
    const notDone = body<{ items: Row[] }>(
      await staff.get(`${A}/rectification-campaigns/${c.id}/notices?state=not_done`),
      200,
    ).items;
    expect(notDone.map((r) => r.id).sort()).toEqual([theirs.id, stairwell.id].sort());
  });

  it('prints each notice, and the campaign, as A4 pages with Chinese text and a QR code to the online copy', async () => {
    const c = await newCampaign(staff, [{ kind: 'building', id: building2 }]);
    const { items } = body<{ items: Row[] }>(
      await staff.post(`${A}/rectification-campaigns/${c.id}/notices`, {
        allHouseholds: true,
        places: [{ buildingId: building2, placeText: '消防通道' }],
      }),
      201,
    );
    const res = await staff.request(
      'GET',
      `${A}/rectification-notices/${items[0]!.id}/notice.pdf`,
      undefined,
      {
        host: 'gz.example.cn',
      },
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pageCount(pdf)).toBe(1);
    const chars = pdfCharacters(pdf);
    for (const ch of '整改告知书甲一小区栋楼道堆物消防法居民委员会') expect(chars.has(ch), ch).toBe(true);

    // The filled squares on the page are exactly the QR code of the notice's online address.
    const squares = pdfStreams(pdf).flatMap((s) => pdfSquares(s));
    const modules = qrModules(onlineCopyUrl('http://gz.example.cn', items[0]!.id));
    const size = squares[0]!.size;
    const left = Math.min(...squares.map((s) => s.x));
    const top = Math.min(...squares.map((s) => s.y));
    const drawn = new Set(
      squares.map((s) => `${Math.round((s.y - top) / size)},${Math.round((s.x - left) / size)}`),
    );
    const dark = new Set<string>();
    for (let r = 0; r < modules.size; r++)
      for (let col = 0; col < modules.size; col++) if (modules.get(r, col)) dark.add(`${r},${col}`);
    expect(drawn).toEqual(dark);

    const batch = await staff.get(`${A}/rectification-campaigns/${c.id}/notices.pdf`);
    expect(batch.statusCode).toBe(200);
    expect(pageCount(batch.rawPayload)).toBe(items.length);
    expect(items.length).toBe(2);
  });

  it('numbers notices issued from two desks at once without gaps or twins', async () => {
    const c = await newCampaign(staff, [{ kind: 'compound', id: t.world.compoundA1 }]);
    const issue = () =>
      staff.post(`${A}/rectification-campaigns/${c.id}/notices`, {
        allHouseholds: true,
        places: [{ buildingId: building2, placeText: '车棚' }],
      });
    const results = await Promise.all([issue(), issue(), issue()]);
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    const rows = await rowsOf(c.id);
    // Each household once; the shed once per request (a place may be served again).
    expect(rows.filter((r) => r.householdId).length).toBe(3);
    expect(rows.filter((r) => !r.householdId).length).toBe(3);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reminds households that have not answered the day before the deadline, once', async () => {
    const c = await newCampaign(staff, [{ kind: 'building', id: building2 }]);
    body(
      await staff.post(`${A}/rectification-campaigns/${c.id}/notices`, { householdIds: [h2.householdId] }),
      201,
    );
    const deadlineDay = Date.parse(`${inDays(7)}T09:00:00+08:00`);
    const before = (await notificationsOf(t, h2.accountId, 'rectification_due')).length;
    await rectificationReminderJob.run(t.deps, deadlineDay - 3 * day);
    expect(await notificationsOf(t, h2.accountId, 'rectification_due')).toHaveLength(before);
    await Promise.all([
      rectificationReminderJob.run(t.deps, deadlineDay - day),
      rectificationReminderJob.run(t.deps, deadlineDay - day),
    ]);
    await rectificationReminderJob.run(t.deps, deadlineDay - day + 3_600_000);
    // Both campaigns on building 2 with this deadline: one reminder each.
    const reminders = await notificationsOf(t, h2.accountId, 'rectification_due');
    expect(reminders.length - before).toBe(
      (
        await t.deps.db
          .selectFrom('rectification_notices')
          .select('id')
          .where('household_id', '=', h2.householdId)
          .where('deadline', '=', inDays(7))
          .where('state', '=', 'issued')
          .execute()
      ).length,
    );
    expect(reminders.length - before).toBeGreaterThan(0);
  });

  it('refuses unknown kinds, past deadlines, places outside the campaign and work on a closed campaign', async () => {
    const w = t.world;
    expect(
      errorCode(
        await staff.post(
          `${A}/rectification-campaigns`,
          campaignBody([{ kind: 'building', id: w.buildingA1 }], { kind: 'noise' }),
        ),
        400,
      ),
    ).toBe('rectification_kind_unknown');
    expect(
      errorCode(
        await staff.post(
          `${A}/rectification-campaigns`,
          campaignBody([{ kind: 'building', id: w.buildingA1 }], { deadline: inDays(-1) }),
        ),
        400,
      ),
    ).toBe('rectification_deadline');
    const c = await newCampaign(staff, [{ kind: 'entrance', id: w.entranceA1 }]);
    expect(errorCode(await staff.post(`${A}/rectification-campaigns/${c.id}/notices`, {}), 400)).toBe(
      'rectification_nothing',
    );
    expect(
      errorCode(
        await staff.post(`${A}/rectification-campaigns/${c.id}/notices`, { householdIds: [h1b.householdId] }),
        400,
      ),
    ).toBe('rectification_outside');
    expect(
      errorCode(
        await staff.post(`${A}/rectification-campaigns/${c.id}/notices`, {
          places: [{ buildingId: building2, placeText: '车棚' }],
        }),
        400,
      ),
    ).toBe('rectification_outside');
    body(await staff.post(`${A}/rectification-campaigns/${c.id}/close`, {}), 200);
    expect(
      errorCode(
        await staff.post(`${A}/rectification-campaigns/${c.id}/notices`, { allHouseholds: true }),
        409,
      ),
    ).toBe('rectification_campaign_closed');
    expect(errorCode(await staff.get(`${A}/rectification-notices/nope`), 404)).toBe('not_found');
    expect(errorCode(await staff.get(`${A}/rectification-campaigns/nope/notices.pdf`), 404)).toBe(
      'not_found',
    );
    expect(
      errorCode(await h1.client.post('/api/v1/me/rectifications/nope/reply', { fileIds: ['x'] }), 404),
    ).toBe('not_found');

    // Kinds are the community's to set.
    const kinds = [...defaultKinds, { code: 'noise', nameZh: '噪音扰民', nameEn: 'Noise' }];
    expect(body(await staff.request('PUT', `${A}/rectification-settings`, { kinds }), 200)).toEqual({
      kinds,
    });
    expect(
      (
        await staff.post(
          `${A}/rectification-campaigns`,
          campaignBody([{ kind: 'building', id: w.buildingA1 }], { kind: 'noise' }),
        )
      ).statusCode,
    ).toBe(201);
    expect(
      errorCode(await (await t.as('branch')).request('PUT', `${A}/rectification-settings`, { kinds }), 403),
    ).toBe('forbidden');
  });

  it('keeps each desk to its places: a compound A1 branch and a grid worker', async () => {
    const w = t.world;
    const branch = await t.as('branch');
    const grid = await t.as('gridWorker');
    expect(
      errorCode(
        await branch.post(
          `${A}/rectification-campaigns`,
          campaignBody([{ kind: 'building', id: w.buildingA2 }]),
        ),
        403,
      ),
    ).toBe('forbidden');
    const own = await newCampaign(grid, [{ kind: 'building', id: w.buildingA1 }]);
    const wide = await newCampaign(branch, [{ kind: 'compound', id: w.compoundA1 }]);
    const a2 = await newCampaign(staff, [{ kind: 'building', id: w.buildingA2 }]);
    const { items } = body<{ items: Row[] }>(
      await branch.post(`${A}/rectification-campaigns/${wide.id}/notices`, {
        householdIds: [h2.householdId],
      }),
      201,
    );
    expect(errorCode(await grid.get(`${A}/rectification-campaigns/${wide.id}`), 403)).toBe('forbidden');
    expect(errorCode(await grid.get(`${A}/rectification-notices/${items[0]!.id}`), 403)).toBe('forbidden');
    expect(errorCode(await grid.get(`${A}/rectification-notices/${items[0]!.id}/notice.pdf`), 403)).toBe(
      'forbidden',
    );
    expect(errorCode(await branch.get(`${A}/rectification-campaigns/${a2.id}`), 403)).toBe('forbidden');
    const gridList = body<{ items: { id: string }[] }>(
      await grid.get(`${A}/rectification-campaigns?pageSize=200`),
      200,
    ).items.map((i) => i.id);
    expect(gridList).toContain(own.id);
    expect(gridList).not.toContain(wide.id);
    const branchList = body<{ items: { id: string }[] }>(
      await branch.get(`${A}/rectification-campaigns?pageSize=200`),
      200,
    ).items.map((i) => i.id);
    expect(branchList).toEqual(expect.arrayContaining([own.id, wide.id]));
    expect(branchList).not.toContain(a2.id);
  });
});
