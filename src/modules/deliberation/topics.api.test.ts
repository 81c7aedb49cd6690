import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { body, errorCode, type Client } from '../../../test/support/client';
import { openEventStream } from '../../../test/support/sse';
import { notificationKinds, staffOfB, uploadPhoto } from '../orders/orders.testkit';
import {
  addResident,
  advance,
  api,
  raise,
  roomInA2,
  type PageJson,
  type TopicJson,
} from './deliberation.testkit';
import { announceTopic, recordTopicEvent } from './trail';

let t: TestContext;
let A: string;
type Resident = Awaited<ReturnType<typeof addResident>>;
let zhao: Resident; // raises topics in compound A1
let qian: Resident; // a neighbour in A1
let sun: Resident; // lives in compound A2
let staff: Client;
let branch: Client; // compound A1
let gridWorker: Client; // gridA (building A1), read only

beforeAll(async () => {
  t = await startTestApp();
  A = api(t.world.communityA);
  zhao = await addResident(t, '赵大妈');
  qian = await addResident(t, '钱大爷');
  sun = await addResident(t, '孙阿姨', await roomInA2(t));
  staff = await t.as('communityStaff');
  branch = await t.as('branch');
  gridWorker = await t.as('gridWorker');
});
afterAll(() => t.close());

const mine = (c: Client, topicId: string) => c.get(`/api/v1/me/topics/${topicId}`);

describe('deliberation settings', () => {
  it('start from the defaults and change with a community-wide grant only', async () => {
    const s = body<{
      supportThreshold: number;
      meetingTypes: { code: string }[];
      topicCategories: unknown[];
    }>(await staff.get(`${A}/deliberation-settings`), 200);
    expect(s.supportThreshold).toBe(10);
    expect(s.meetingTypes.map((m) => m.code)).toContain('after_dinner');
    expect(s.topicCategories).toHaveLength(7);

    expect(errorCode(await branch.patch(`${A}/deliberation-settings`, { supportThreshold: 3 }), 403)).toBe(
      'forbidden',
    );
    const changed = body<{ supportThreshold: number; updatedAt: number }>(
      await staff.patch(`${A}/deliberation-settings`, { supportThreshold: 3 }),
      200,
    );
    expect(changed.supportThreshold).toBe(3);
    expect(changed.updatedAt).toBeGreaterThan(0);
    expect(
      body<{ supportThreshold: number }>(await branch.get(`${A}/deliberation-settings`), 200),
    ).toMatchObject({ supportThreshold: 3 });
  });

  it('refuse a zero threshold and repeated codes', async () => {
    expect((await staff.patch(`${A}/deliberation-settings`, { supportThreshold: 0 })).statusCode).toBe(400);
    expect((await staff.patch(`${A}/deliberation-settings`, {})).statusCode).toBe(400);
    const twice = { code: 'x', nameZh: '甲', nameEn: 'X' };
    expect(
      errorCode(await staff.patch(`${A}/deliberation-settings`, { meetingTypes: [twice, twice] }), 400),
    ).toBe('deliberation_codes_repeat');
  });
});

describe('raising a topic from the phone', () => {
  it('makes a raised topic with its photo and the first trail entry, mine in full', async () => {
    const photo = await uploadPhoto(t, zhao.client);
    const topic = await raise(zhao.client, { fileIds: [photo] });
    expect(topic).toMatchObject({
      compoundId: t.world.compoundA1,
      buildingId: t.world.buildingA1,
      category: 'parking',
      categoryName: '停车交通',
      state: 'raised',
      stage: 'raised',
      raiserName: '赵大妈',
      raisedByMe: true,
      channel: 'app',
      isPublic: true,
      supportCount: 0,
    });
    expect(topic.trail.map((e) => e.kind)).toEqual(['raised']);
    expect(topic.photos.map((p) => p.id)).toEqual([photo]);
    const list = body<PageJson<TopicJson>>(await zhao.client.get('/api/v1/me/topics'), 200);
    expect(list.items.map((i) => i.id)).toContain(topic.id);
  });

  it('refuses an unknown category, blank text, a foreign photo and a caller with no household', async () => {
    expect(
      errorCode(
        await zhao.client.post('/api/v1/me/topics', { category: 'nope', title: 'x', body: 'y' }),
        400,
      ),
    ).toBe('topic_category_unknown');
    expect(
      errorCode(
        await zhao.client.post('/api/v1/me/topics', { category: 'parking', title: '   ', body: 'y' }),
        400,
      ),
    ).toBe('topic_blank');
    expect((await zhao.client.post('/api/v1/me/topics', { category: 'parking' })).statusCode).toBe(400);
    const qiansPhoto = await uploadPhoto(t, qian.client);
    expect(
      errorCode(
        await zhao.client.post('/api/v1/me/topics', {
          category: 'parking',
          title: '照片',
          body: '别人的照片',
          fileIds: [qiansPhoto],
        }),
        400,
      ),
    ).toBe('files.unknown');
    const nobody = await t.as('nobody');
    expect(
      errorCode(await nobody.post('/api/v1/me/topics', { category: 'parking', title: 'x', body: 'y' }), 400),
    ).toBe('topic_no_household');
  });

  it('offers my households and the categories of their community', async () => {
    const o = body<{
      households: { compoundName: string; communityId: string }[];
      communities: { supportThreshold: number; categories: { code: string }[] }[];
    }>(await sun.client.get('/api/v1/me/topic-options'), 200);
    expect(o.households).toEqual([
      expect.objectContaining({ compoundName: '甲二小区', communityId: t.world.communityA }),
    ]);
    expect(o.communities[0]!.categories.map((c) => c.code)).toContain('environment');
  });
});

describe('who sees a topic', () => {
  it('neighbours in the compound see it masked; residents of another compound do not see it at all', async () => {
    const topic = await raise(zhao.client, { title: '垃圾站异味' });
    const seen = body<TopicJson>(await mine(qian.client, topic.id), 200);
    expect(seen.raiserName).toBe('赵*妈');
    expect(seen.raisedByMe).toBe(false);
    const nearby = body<PageJson<TopicJson>>(
      await qian.client.get('/api/v1/me/topics?view=nearby&pageSize=100'),
      200,
    );
    expect(nearby.items.map((i) => i.id)).toContain(topic.id);

    expect(errorCode(await mine(sun.client, topic.id), 404)).toBe('topic_not_found');
    const sunsNearby = body<PageJson<TopicJson>>(await sun.client.get('/api/v1/me/topics?view=nearby'), 200);
    expect(sunsNearby.items.map((i) => i.id)).not.toContain(topic.id);
    expect(errorCode(await sun.client.post(`/api/v1/me/topics/${topic.id}/support`), 404)).toBe(
      'topic_not_found',
    );
  });

  it('a topic that is not public is its raiser’s and staff’s only', async () => {
    const topic = await raise(zhao.client, { title: '私下反映', isPublic: false });
    expect(errorCode(await mine(qian.client, topic.id), 404)).toBe('topic_not_found');
    expect(body<TopicJson>(await mine(zhao.client, topic.id), 200).isPublic).toBe(false);
    expect(body<TopicJson>(await staff.get(`${A}/topics/${topic.id}`), 200).raiserName).toBe('赵大妈');
  });

  it('an unknown topic is 404 for residents and staff', async () => {
    expect(errorCode(await mine(zhao.client, 'no-such-topic'), 404)).toBe('topic_not_found');
    expect(errorCode(await staff.get(`${A}/topics/no-such-topic`), 404)).toBe('topic_not_found');
    expect(errorCode(await staff.post(`${A}/topics/no-such-topic/accept`), 404)).toBe('topic_not_found');
  });
});

describe('supports (附议)', () => {
  it('count once per neighbour, not the raiser, and can be withdrawn', async () => {
    const topic = await raise(zhao.client, { title: '路灯不亮' });
    expect(errorCode(await zhao.client.post(`/api/v1/me/topics/${topic.id}/support`), 409)).toBe(
      'topic_own_support',
    );
    const once = body<TopicJson>(await qian.client.post(`/api/v1/me/topics/${topic.id}/support`), 200);
    expect(once).toMatchObject({ supportCount: 1, mySupport: true });
    const twice = body<TopicJson>(await qian.client.post(`/api/v1/me/topics/${topic.id}/support`), 200);
    expect(twice.supportCount).toBe(1);
    const withdrawn = body<TopicJson>(await qian.client.delete(`/api/v1/me/topics/${topic.id}/support`), 200);
    expect(withdrawn).toMatchObject({ supportCount: 0, mySupport: false });
  });

  it('reaching the threshold puts the topic on the agenda queue once, even when neighbours press at once', async () => {
    body(await staff.patch(`${A}/deliberation-settings`, { supportThreshold: 4 }), 200);
    const topic = await raise(zhao.client, { title: '增设充电桩' });
    const neighbours = [qian];
    for (let i = 0; i < 6; i++) neighbours.push(await addResident(t, `邻居${i}`));
    const results = await Promise.all(
      neighbours.map((n) => n.client.post(`/api/v1/me/topics/${topic.id}/support`)),
    );
    expect(results.map((r) => r.statusCode)).toEqual(neighbours.map(() => 200));
    const after = body<TopicJson>(await staff.get(`${A}/topics/${topic.id}`), 200);
    expect(after.supportCount).toBe(7);
    expect(after.state).toBe('accepted');
    expect(after.trail.filter((e) => e.kind === 'supported_threshold')).toHaveLength(1);
    expect(after.trail.find((e) => e.kind === 'supported_threshold')!.data).toMatchObject({ threshold: 4 });
    const rows = await t.deps.db
      .selectFrom('topic_supports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('topic_id', '=', topic.id)
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(7);
    expect(await notificationKinds(zhao.client)).toContain('topic_accepted');
    body(await staff.patch(`${A}/deliberation-settings`, { supportThreshold: 10 }), 200);
  });
});

describe('comments', () => {
  it('are added, hidden by staff, and then gone for residents but marked for staff', async () => {
    const topic = await raise(zhao.client, { title: '楼道堆物' });
    const commented = body<TopicJson>(
      await qian.client.post(`/api/v1/me/topics/${topic.id}/comments`, { body: '确实影响通行' }),
      201,
    );
    expect(commented.commentCount).toBe(1);
    expect(commented.comments[0]).toMatchObject({ authorName: '钱大爷', mine: true, hidden: false });
    expect(body<TopicJson>(await mine(zhao.client, topic.id), 200).comments[0]!.authorName).toBe('钱*爷');
    expect((await qian.client.post(`/api/v1/me/topics/${topic.id}/comments`, { body: '' })).statusCode).toBe(
      400,
    );

    const commentId = commented.comments[0]!.id;
    expect(errorCode(await gridWorker.post(`${A}/topics/${topic.id}/comments/${commentId}/hide`), 403)).toBe(
      'forbidden',
    );
    const hidden = body<TopicJson>(
      await branch.post(`${A}/topics/${topic.id}/comments/${commentId}/hide`),
      200,
    );
    expect(hidden.comments[0]!.hidden).toBe(true);
    expect(hidden.commentCount).toBe(0);
    expect(body<TopicJson>(await mine(zhao.client, topic.id), 200).comments).toEqual([]);
    expect(errorCode(await branch.post(`${A}/topics/${topic.id}/comments/nope/hide`), 404)).toBe(
      'topic_comment_not_found',
    );
  });
});

describe('the console', () => {
  let inA1: TopicJson;
  let inA2: TopicJson;
  let wide: TopicJson;
  beforeAll(async () => {
    inA1 = await raise(zhao.client, { title: '甲一的事' });
    inA2 = await raise(sun.client, { title: '甲二的事', category: 'environment' });
    wide = body<TopicJson>(
      await staff.post(`${A}/topics`, {
        compoundId: null,
        category: 'safety',
        title: '全社区的事',
        body: '社区主干道夜间照明不足',
        raiserName: '居民代表',
      }),
      201,
    );
  });

  it('lists what each grant covers: community staff all, the branch its compound, the grid worker its buildings', async () => {
    const ids = async (c: Client, query = '') =>
      body<PageJson<TopicJson>>(await c.get(`${A}/topics?pageSize=200${query}`), 200).items.map((i) => i.id);
    expect(await ids(staff)).toEqual(expect.arrayContaining([inA1.id, inA2.id, wide.id]));
    const branchSees = await ids(branch);
    expect(branchSees).toContain(inA1.id);
    expect(branchSees).not.toContain(inA2.id);
    expect(branchSees).not.toContain(wide.id); // a community-wide topic is for community-wide grants
    const gridSees = await ids(gridWorker);
    expect(gridSees).toContain(inA1.id);
    expect(gridSees).not.toContain(inA2.id);
    expect(await ids(staff, `&compoundId=${t.world.compoundA2}`)).toEqual([inA2.id]);
    expect(await ids(staff, '&communityWide=true')).toEqual([wide.id]);
    expect(await ids(staff, '&category=environment&q=甲二')).toEqual([inA2.id]);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(await ids(staff, `&raisedFrom=${today}&raisedTo=${today}`)).toContain(inA1.id);
    expect(await ids(staff, '&raisedTo=2000-01-01')).toEqual([]);
    expect((await staff.get(`${A}/topics?raisedFrom=yesterday`)).statusCode).toBe(400);
  });

  it('keeps other compounds’ and communities’ topics out of reach', async () => {
    expect(errorCode(await branch.get(`${A}/topics/${inA2.id}`), 404)).toBe('topic_not_found');
    expect(errorCode(await branch.post(`${A}/topics/${inA2.id}/accept`), 404)).toBe('topic_not_found');
    expect(errorCode(await branch.post(`${A}/topics/${wide.id}/accept`), 404)).toBe('topic_not_found');
    const staffB = await staffOfB(t);
    expect((await staffB.get(`${api(t.world.communityB)}/topics/${inA1.id}`)).statusCode).toBe(404);
    expect((await staffB.get(`${A}/topics/${inA1.id}`)).statusCode).toBe(403);
    expect(
      errorCode(
        await branch.post(`${A}/topics`, { compoundId: null, category: 'safety', title: 'x', body: 'y' }),
        403,
      ),
    ).toBe('forbidden');
    expect(
      errorCode(
        await branch.post(`${A}/topics`, {
          compoundId: t.world.compoundA2,
          category: 'safety',
          title: 'x',
          body: 'y',
        }),
        403,
      ),
    ).toBe('forbidden');
    expect(errorCode(await gridWorker.post(`${A}/topics/${inA1.id}/accept`), 403)).toBe('forbidden');
  });

  it('accepts and declines, refusing a step the topic is past, and tells the raiser', async () => {
    const accepted = body<TopicJson>(await branch.post(`${A}/topics/${inA1.id}/accept`), 200);
    expect(accepted.state).toBe('accepted');
    expect(accepted.trail.at(-1)).toMatchObject({ kind: 'accepted', actorName: 'branch' });
    expect(errorCode(await branch.post(`${A}/topics/${inA1.id}/accept`), 409)).toBe('topic_state');

    expect((await staff.post(`${A}/topics/${inA2.id}/decline`, {})).statusCode).toBe(400);
    expect(errorCode(await staff.post(`${A}/topics/${inA2.id}/decline`, { reason: '  ' }), 400)).toBe(
      'topic_blank',
    );
    const declined = body<TopicJson>(
      await staff.post(`${A}/topics/${inA2.id}/decline`, { reason: '属物业合同范围，已转物业' }),
      200,
    );
    expect(declined).toMatchObject({ state: 'declined', declineReason: '属物业合同范围，已转物业' });
    expect(errorCode(await staff.post(`${A}/topics/${inA2.id}/decline`, { reason: '再拒' }), 409)).toBe(
      'topic_state',
    );
    expect(await notificationKinds(sun.client)).toContain('topic_declined');
    expect(errorCode(await qian.client.post(`/api/v1/me/topics/${inA2.id}/support`), 404)).toBe(
      'topic_not_found',
    );
    expect(
      errorCode(await sun.client.post(`/api/v1/me/topics/${inA2.id}/comments`, { body: '为什么' }), 409),
    ).toBe('topic_closed');
  });

  it('names staff on the trail by the role they acted in for residents and the public, in full for staff', async () => {
    // inA1 was raised by 赵大妈 in the app and accepted by the compound's branch (above).
    const raiserView = body<TopicJson>(await mine(zhao.client, inA1.id), 200);
    expect(raiserView.trail[0]).toMatchObject({ kind: 'raised', actorName: '赵大妈', actorRole: 'resident' });
    expect(raiserView.trail.at(-1)).toMatchObject({
      kind: 'accepted',
      actorName: '小区党支部',
      actorRole: 'branch',
    });
    const neighbourView = body<TopicJson>(await mine(qian.client, inA1.id), 200);
    expect(neighbourView.trail[0]).toMatchObject({ kind: 'raised', actorName: '赵*妈' });
    expect(neighbourView.trail.at(-1)).toMatchObject({ actorName: '小区党支部' });
    const english = await zhao.client.request('GET', `/api/v1/me/topics/${inA1.id}`, undefined, {
      'accept-language': 'en',
    });
    expect(body<TopicJson>(english, 200).trail.at(-1)).toMatchObject({ actorName: 'Party branch' });
    const board = body<TopicJson>(
      await t.anonymous().get(`/api/v1/public/communities/${t.world.communityA}/topics/${inA1.id}`),
      200,
    );
    expect(board.trail.map((e) => e.actorName)).toEqual(['赵*妈', '小区党支部']);
    // Staff read the names in full.
    const staffView = body<TopicJson>(await staff.get(`${A}/topics/${inA1.id}`), 200);
    expect(staffView.trail.map((e) => e.actorName)).toEqual(['赵大妈', 'branch']);

    // Community staff declined inA2; its raiser reads who by their role.
    const declined = body<TopicJson>(await mine(sun.client, inA2.id), 200);
    expect(declined.trail.at(-1)).toMatchObject({
      kind: 'declined',
      actorName: '社区工作人员',
      actorRole: 'community_staff',
    });

    // A row from before roles were kept reads as neutral staff; the system's steps name no one.
    await t.deps.db
      .transaction()
      .execute((trx) =>
        recordTopicEvent(
          trx,
          t.world.communityA,
          inA1.id,
          'discussed',
          { accountId: t.world.accounts.communityStaff, name: '周主任' },
          {},
        ),
      );
    const old = body<TopicJson>(await mine(qian.client, inA1.id), 200).trail.at(-1);
    expect(old).toMatchObject({ kind: 'discussed', actorName: '工作人员', actorRole: 'staff' });
  });

  it('raises a topic for a resident by person, who then follows it in the app', async () => {
    const person = zhao.personId;
    const made = body<TopicJson>(
      await branch.post(`${A}/topics`, {
        compoundId: t.world.compoundA1,
        buildingId: t.world.buildingA1,
        category: 'facilities',
        title: '电话反映：电梯异响',
        body: '赵大妈来电反映电梯运行有异响',
        personId: person,
      }),
      201,
    );
    expect(made).toMatchObject({ channel: 'staff', raiserName: '赵大妈' });
    expect(made.trail[0]).toMatchObject({ kind: 'raised', actorName: 'branch' });
    expect(body<TopicJson>(await mine(zhao.client, made.id), 200).raisedByMe).toBe(true);
    expect(
      errorCode(
        await staff.post(`${A}/topics`, {
          compoundId: t.world.compoundA2,
          buildingId: t.world.buildingA1,
          category: 'facilities',
          title: 'x',
          body: 'y',
        }),
        400,
      ),
    ).toBe('topic_compound_mismatch');
    expect(
      errorCode(
        await staff.post(`${A}/topics`, {
          compoundId: 'nope',
          category: 'facilities',
          title: 'x',
          body: 'y',
        }),
        400,
      ),
    ).toBe('bad_reference');
  });

  it('turns an order into a topic once, keeping the link both ways', async () => {
    const categories = body<{ items: { id: string; code: string }[] }>(
      await zhao.client.get(`${A}/order-categories?pageSize=50`),
      200,
    ).items;
    const orderPhoto = await uploadPhoto(t, zhao.client);
    const order = body<{ id: string }>(
      await zhao.client.post('/api/v1/me/orders', {
        categoryId: categories[0]!.id,
        description: '小区门口的道路坑洼积水，老人经过容易摔倒，需要整体修复',
        fileIds: [orderPhoto],
      }),
      201,
    );
    const made = body<TopicJson>(await branch.post(`${A}/orders/${order.id}/topic`, {}), 201);
    expect(made).toMatchObject({
      channel: 'order',
      sourceOrderId: order.id,
      raiserName: '赵大妈',
      raisedByMe: false,
      compoundId: t.world.compoundA1,
      category: 'other',
    });
    expect(made.title).toBe('小区门口的道路坑洼积水，老人经过容易摔倒，需要整体修复'.slice(0, 30));
    expect(made.trail.map((e) => e.kind)).toEqual(['raised', 'linked_order']);
    const row = await t.deps.db
      .selectFrom('orders')
      .select('deliberation_topic_id')
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(row.deliberation_topic_id).toBe(made.id);
    expect(errorCode(await branch.post(`${A}/orders/${order.id}/topic`, {}), 409)).toBe('order_has_topic');
    expect(errorCode(await branch.post(`${A}/orders/no-such-order/topic`, {}), 404)).toBe('not_found');
    // The raiser follows it in the app, without the order id ever being theirs to guess.
    expect(body<TopicJson>(await mine(zhao.client, made.id), 200).raisedByMe).toBe(true);
    // A neighbour sees the topic, not the order behind it, nor the photos of the raiser's home.
    const seen = body<TopicJson>(await mine(qian.client, made.id), 200);
    expect(seen.sourceOrderId).toBeNull();
    expect(seen.photos).toEqual([]);
    // Staff see the order's photo, at an address that serves it (the files route, not the board).
    const staffPhoto = made.photos.find((p) => p.id === orderPhoto)!;
    expect(staffPhoto.url).toBe(`${A}/files/${orderPhoto}`);
    expect((await branch.get(staffPhoto.url)).statusCode).toBe(200);
  });
});

describe('ratings (暖民心)', () => {
  it('only once the topic is done, once per resident, 1 to 5 stars, on the trail', async () => {
    const topic = await raise(zhao.client, { title: '健身器材损坏' });
    expect(errorCode(await qian.client.post(`/api/v1/me/topics/${topic.id}/rating`, { stars: 5 }), 409)).toBe(
      'topic_not_done',
    );
    await advance(t, topic.id, ['accept', 'schedule', 'decide', 'finish']);
    await announceTopic(t.deps, t.world.communityA, topic.id, 'done');
    expect(await notificationKinds(zhao.client)).toContain('topic_done');
    expect((await qian.client.post(`/api/v1/me/topics/${topic.id}/rating`, { stars: 6 })).statusCode).toBe(
      400,
    );
    const rated = body<TopicJson>(
      await qian.client.post(`/api/v1/me/topics/${topic.id}/rating`, { stars: 4, comment: '修得很快' }),
      201,
    );
    expect(rated.myRating).toMatchObject({ stars: 4 });
    expect(rated.ratings).toEqual([
      expect.objectContaining({ stars: 4, comment: '修得很快', raterName: '钱大爷' }),
    ]);
    expect(rated.trail.at(-1)).toMatchObject({ kind: 'rated', data: { stars: 4 } });
    expect(errorCode(await qian.client.post(`/api/v1/me/topics/${topic.id}/rating`, { stars: 1 }), 409)).toBe(
      'topic_rated',
    );
    const byRaiser = body<TopicJson>(
      await zhao.client.post(`/api/v1/me/topics/${topic.id}/rating`, { stars: 5 }),
      201,
    );
    expect(byRaiser.ratingAverage).toBe(4.5);
    expect(byRaiser.ratings.map((r) => r.raterName)).toEqual(['钱*爷', '赵大妈']);
  });
});

describe('live changes', () => {
  it('reach the topic’s page and the consoles that cover it, with no personal data', async () => {
    const topic = await raise(zhao.client, { title: '自行车棚漏雨' });
    const [page, board, elsewhere] = await Promise.all([
      openEventStream(zhao.client, `/api/v1/me/topics/${topic.id}/stream`),
      openEventStream(branch, `${A}/topics/stream`),
      openEventStream(await t.holding('branch', 'compound', t.world.compoundA2), `${A}/topics/stream`),
    ]);
    await qian.client.post(`/api/v1/me/topics/${topic.id}/support`);
    const seen = await page.next('topic');
    expect(seen.data).toMatchObject({ id: topic.id, event: 'supported', supportCount: 1, state: 'raised' });
    expect(JSON.stringify(seen.data)).not.toContain(zhao.accountId);
    expect((await board.next('topic')).data).toMatchObject({ id: topic.id });
    await expect(elsewhere.next('topic', 500)).rejects.toThrow();
    for (const s of [page, board, elsewhere]) s.close();
    await expect(openEventStream(sun.client, `/api/v1/me/topics/${topic.id}/stream`)).rejects.toThrow(/404/);
  });
});
