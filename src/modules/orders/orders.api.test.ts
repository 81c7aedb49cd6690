import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { upload } from '../../../test/support/upload';
import { maskName, maskPhone } from '../../core/personal';
import {
  addResident,
  api,
  body,
  errorCode,
  notificationKinds,
  placeOrder,
  setUpOrderWorld,
  uploadPhoto,
  type OrderJson,
  type OrderWorld,
  type PageJson,
} from './orders.testkit';

/**
 * The loop of the articles, through the API: 居民点单 → 分队下单 → 党员接单 → 办结 → 评价; and what each
 * person sees on the way (DESIGN §7), the idempotency key, wrong steps, and photos on orders.
 */

let t: TestContext;
let ow: OrderWorld;
let staff: Client;
let A: string;

beforeAll(async () => {
  t = await startTestApp();
  ow = await setUpOrderWorld(t);
  staff = await t.as('communityStaff');
  A = api(t.world.communityA);
});
afterAll(() => t.close());

const residentPhone = () => ow.resident.phone;
const task = (id: string, step = '') => `/api/v1/me/tasks/${id}${step ? `/${step}` : ''}`;
const mine = (id: string, step = '') => `/api/v1/me/orders/${id}${step ? `/${step}` : ''}`;

describe('the whole loop', () => {
  let order: OrderJson;
  let photo: string;

  it('a resident orders for their household with a photo; it goes to the squad that works there', async () => {
    photo = await uploadPhoto(t, ow.resident.client);
    order = await placeOrder(ow, { fileIds: [photo], urgency: 'urgent' });
    expect(order).toMatchObject({
      state: 'submitted',
      squadId: t.world.squadA,
      roomNumber: '101',
      contactName: '赵大妈',
      contactPhone: residentPhone(),
      photoIds: [photo],
      version: 1,
    });
    expect(order.timeline.map((e) => e.type)).toEqual(['create']);
    // The squad's leader is told there is an order to dispatch.
    expect(await notificationKinds(ow.leader.client)).toContain('order_new');
  });

  it('staff see it in their list with the phone masked', async () => {
    const list = body<PageJson<OrderJson>>(await staff.get(`${A}/orders?state=submitted`), 200);
    const row = list.items.find((o) => o.id === order.id)!;
    expect(row.contactPhone).toBe(maskPhone(residentPhone()));
    expect(row.contactName).toBe('赵大妈');
    expect(row.roomNumber).toBe('101');
  });

  it('the leader is proposed the squad and the member with the right skill first', async () => {
    const proposal = body<{ squadId: string; members: { personId: string; matchingSkills: string[] }[] }>(
      await ow.leader.client.get(`${A}/orders/${order.id}/proposal`),
      200,
    );
    expect(proposal.squadId).toBe(t.world.squadA);
    expect(proposal.members[0]).toMatchObject({ personId: ow.members[0].personId, matchingSkills: ['水电'] });
    expect(proposal.members.map((m) => m.personId)).toContain(ow.members[1].personId);
  });

  it('the leader assigns it (指派); the member is told, and sees no door or phone yet', async () => {
    const assigned = body<OrderJson>(
      await ow.leader.client.post(`${A}/orders/${order.id}/assign`, { personId: ow.members[0].personId }),
      200,
    );
    expect(assigned).toMatchObject({ state: 'assigned', assigneePersonId: ow.members[0].personId });
    expect(await notificationKinds(ow.members[0].client)).toContain('order_assigned');
    const seen = body<OrderJson>(await ow.members[0].client.get(task(order.id)), 200);
    expect(seen).toMatchObject({
      handledByMe: true,
      contactName: maskName('赵大妈'),
      contactPhone: null,
      roomNumber: null,
      householdId: null,
    });
  });

  it('the member accepts (接单): the resident is told, and the member now sees the room and the phone', async () => {
    const accepted = body<OrderJson>(await ow.members[0].client.post(task(order.id, 'accept')), 200);
    expect(accepted).toMatchObject({
      state: 'accepted',
      roomNumber: '101',
      entranceName: '1单元',
      contactPhone: residentPhone(),
      contactName: maskName('赵大妈'),
    });
    expect(await notificationKinds(ow.resident.client)).toContain('order_accepted');
    // The other member of the squad sees none of it.
    expect(errorCode(await ow.members[1].client.get(task(order.id)), 404)).toBe('not_found');
  });

  it('the member notes progress with a photo and resolves it with the time spent', async () => {
    const workPhoto = await uploadPhoto(t, ow.members[0].client);
    const progressed = body<OrderJson>(
      await ow.members[0].client.post(task(order.id, 'progress'), {
        note: '已上门，换阀门',
        fileIds: [workPhoto],
      }),
      200,
    );
    expect(progressed.state).toBe('in_progress');
    expect(progressed.photoIds).toEqual([photo, workPhoto]);
    const resolved = body<OrderJson>(
      await ow.members[0].client.post(task(order.id, 'resolve'), { note: '已修好', minutesSpent: 90 }),
      200,
    );
    expect(resolved).toMatchObject({ state: 'resolved', minutesSpent: 90 });
    // Once the job is done the door and the number are no longer theirs to see.
    expect(resolved).toMatchObject({ roomNumber: null, contactPhone: null });
    expect(await notificationKinds(ow.resident.client)).toContain('order_resolved');
  });

  it('the resident confirms and rates it; staff log a return visit; the timeline tells the story', async () => {
    const closed = body<OrderJson>(
      await ow.resident.client.post(mine(order.id, 'confirm'), { rating: 5, comment: '师傅很专业' }),
      200,
    );
    expect(closed).toMatchObject({ state: 'closed', rating: 5 });
    const visited = body<OrderJson>(
      await staff.post(`${A}/orders/${order.id}/return-visits`, {
        note: '电话回访，居民满意',
        satisfied: true,
      }),
      200,
    );
    expect(visited.state).toBe('closed');
    expect(visited.timeline.map((e) => [e.type, e.toState, e.actorRole])).toEqual([
      ['create', 'submitted', 'resident'],
      ['assign', 'assigned', 'staff'],
      ['accept', 'accepted', 'member'],
      ['progress', 'in_progress', 'member'],
      ['resolve', 'resolved', 'member'],
      ['confirm', 'closed', 'resident'],
      ['return_visit', 'closed', 'staff'],
    ]);
    expect(visited.timeline[2]!.actorName).toBe('张水电');
    const own = body<PageJson<OrderJson>>(await ow.resident.client.get('/api/v1/me/orders'), 200);
    expect(own.items.map((o) => o.id)).toContain(order.id);
    const tasks = body<PageJson<OrderJson>>(
      await ow.members[0].client.get('/api/v1/me/tasks?state=closed'),
      200,
    );
    expect(tasks.items.map((o) => o.id)).toEqual([order.id]);
  });
});

describe('an idempotency key', () => {
  it('makes a retried submission return the same order, not a second one', async () => {
    const key = 'retry-key-0001';
    const first = await placeOrder(ow, { idempotencyKey: key, description: '楼道灯不亮' });
    const again = await ow.resident.client.request(
      'POST',
      '/api/v1/me/orders',
      { categoryId: ow.categories.utilities_repair, description: '楼道灯不亮' },
      { 'idempotency-key': key },
    );
    expect(body<OrderJson>(again, 200).id).toBe(first.id);
    const count = await t.deps.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('idempotency_key', '=', key)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('holds when the two submissions arrive at the same moment', async () => {
    const headers = { 'idempotency-key': 'same-moment-0001' };
    const send = () =>
      ow.resident.client.request(
        'POST',
        '/api/v1/me/orders',
        { categoryId: ow.categories.drain_clearing, description: '下水道堵了' },
        headers,
      );
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json<OrderJson>().id).toBe(b.json<OrderJson>().id);
  });

  it('is refused when it is too short to be one', async () => {
    const res = await ow.resident.client.request(
      'POST',
      '/api/v1/me/orders',
      { categoryId: ow.categories.utilities_repair, description: 'x' },
      { 'idempotency-key': 'short' },
    );
    expect(errorCode(res, 400)).toBe('order_idempotency_key');
  });
});

describe('a resident ordering', () => {
  it('needs a confirmed household', async () => {
    const stranger = await t.as('resident');
    const res = await stranger.post('/api/v1/me/orders', {
      categoryId: ow.categories.other,
      description: '求助',
    });
    expect(errorCode(res, 400)).toBe('order_no_household');
  });

  it('may name a public place in the compound, which then needs a few words saying where', async () => {
    const res = await ow.resident.client.post('/api/v1/me/orders', {
      categoryId: ow.categories.sanitation,
      description: '垃圾没人清',
      place: 'public',
    });
    expect(errorCode(res, 400)).toBe('order_place_text');
    const order = await placeOrder(ow, {
      categoryId: ow.categories.sanitation,
      description: '垃圾没人清',
      place: 'public',
      buildingId: t.world.buildingA1,
      placeText: '1栋门口垃圾桶',
    });
    expect(order).toMatchObject({ roomNumber: null, householdId: expect.any(String) });
    const elsewhere = await ow.resident.client.post('/api/v1/me/orders', {
      categoryId: ow.categories.sanitation,
      description: '垃圾',
      place: 'public',
      buildingId: t.world.buildingA2,
      placeText: '别的小区',
    });
    expect(errorCode(elsewhere, 400)).toBe('building_not_in_compound');
  });

  it('gets clear answers for bad input', async () => {
    const client = ow.resident.client;
    expect(errorCode(await client.post('/api/v1/me/orders', { description: '没有类别' }), 400)).toBe(
      'validation',
    );
    expect(
      errorCode(
        await client.post('/api/v1/me/orders', { categoryId: 'nope', description: '类别不存在' }),
        400,
      ),
    ).toBe('bad_reference');
    expect(
      errorCode(
        await client.post('/api/v1/me/orders', {
          categoryId: ow.categories.other,
          description: '电话不对',
          contactPhone: '12345',
        }),
        400,
      ),
    ).toBe('invalid_phone');
  });

  it('sees only their own orders', async () => {
    const order = await placeOrder(ow);
    const neighbour = await addResident(t, '钱大爷');
    expect(errorCode(await neighbour.client.get(mine(order.id)), 404)).toBe('not_found');
    expect(
      errorCode(await neighbour.client.post(mine(order.id, 'cancel'), { reason: '不是我的' }), 404),
    ).toBe('not_found');
    const theirs = body<PageJson<OrderJson>>(await neighbour.client.get('/api/v1/me/orders'), 200);
    expect(theirs.total).toBe(0);
  });
});

describe('steps that do not fit the order’s state', () => {
  it('are refused with 409 and a code saying so, in the caller’s language', async () => {
    const order = await placeOrder(ow);
    const res = await ow.resident.client.post(mine(order.id, 'confirm'), { rating: 4 });
    expect(errorCode(res, 409)).toBe('order_wrong_state');
    expect(res.json().error.message).toContain('待派单');
    expect(res.json().error.details).toEqual({ state: 'submitted', step: 'confirm' });
    ow.resident.client.locale = 'en';
    const english = await ow.resident.client.post(mine(order.id, 'reopen'), { reason: 'still broken' });
    ow.resident.client.locale = 'zh-CN';
    expect(english.json().error.message).toMatch(/waiting for dispatch.*reopen/);
  });

  it('a member cannot act on an order assigned to someone else, nor a resident cancel once it is taken', async () => {
    const order = await placeOrder(ow);
    await ow.leader.client.post(`${A}/orders/${order.id}/assign`, { personId: ow.members[0].personId });
    // The other member cannot even see it; the assignee's colleague gets nowhere.
    expect(errorCode(await ow.members[1].client.post(task(order.id, 'accept')), 404)).toBe('not_found');
    body(await ow.members[0].client.post(task(order.id, 'accept')), 200);
    expect(errorCode(await ow.members[0].client.post(task(order.id, 'accept')), 409)).toBe(
      'order_wrong_state',
    );
    expect(errorCode(await ow.resident.client.post(mine(order.id, 'cancel'), { reason: '算了' }), 409)).toBe(
      'order_wrong_state',
    );
    // Handing it on to oneself changes nothing.
    const self = await ow.members[0].client.post(task(order.id, 'transfer'), {
      reason: '转给自己',
      toPersonId: ow.members[0].personId,
    });
    expect(errorCode(self, 400)).toBe('order_step_invalid');
  });

  it('a resident may cancel before anyone takes it', async () => {
    const order = await placeOrder(ow);
    const cancelled = body<OrderJson>(
      await ow.resident.client.post(mine(order.id, 'cancel'), { reason: '自己修好了' }),
      200,
    );
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.timeline.at(-1)).toMatchObject({ type: 'cancel', reason: '自己修好了' });
  });
});

describe('declining, handing on and reopening', () => {
  it('a declined order goes back to dispatch and the leader is told', async () => {
    const order = await placeOrder(ow);
    await ow.leader.client.post(`${A}/orders/${order.id}/assign`, { personId: ow.members[1].personId });
    const declined = body<OrderJson>(
      await ow.members[1].client.post(task(order.id, 'decline'), { reason: '不会修水管' }),
      200,
    );
    expect(declined).toMatchObject({ state: 'submitted', assigneePersonId: null, squadId: t.world.squadA });
    expect(await notificationKinds(ow.leader.client)).toContain('order_declined');
  });

  it('a member hands an order on (转单) to a colleague, who must then accept it', async () => {
    const order = await placeOrder(ow);
    await ow.leader.client.post(`${A}/orders/${order.id}/assign`, { personId: ow.members[1].personId });
    await ow.members[1].client.post(task(order.id, 'accept'));
    const stranger = await ow.members[1].client.post(task(order.id, 'transfer'), {
      reason: '需要专业',
      toPersonId: ow.resident.personId,
    });
    expect(errorCode(stranger, 400)).toBe('order_not_squad_member');
    const handed = body<OrderJson>(
      await ow.members[1].client.post(task(order.id, 'transfer'), {
        reason: '需要专业',
        toPersonId: ow.members[0].personId,
      }),
      200,
    );
    expect(handed).toMatchObject({
      state: 'assigned',
      assigneePersonId: ow.members[0].personId,
      handledByMe: false,
    });
    body(await ow.members[0].client.post(task(order.id, 'accept')), 200);
  });

  it('a member cannot hand an order to a colleague already at the cap', async () => {
    const { openCap } = body<{ openCap: number }>(await staff.get(`${A}/order-settings`), 200);
    body(await staff.patch(`${A}/order-settings`, { openCap: 1 }), 200);
    onTestFinished(async () => void (await staff.patch(`${A}/order-settings`, { openCap })));
    const held = await placeOrder(ow);
    await ow.leader.client.post(`${A}/orders/${held.id}/assign`, { personId: ow.members[0].personId });
    const order = await placeOrder(ow);
    await ow.leader.client.post(`${A}/orders/${order.id}/assign`, { personId: ow.members[1].personId });
    await ow.members[1].client.post(task(order.id, 'accept'));
    const refused = await ow.members[1].client.post(task(order.id, 'transfer'), {
      reason: '忙不过来',
      toPersonId: ow.members[0].personId,
    });
    expect(errorCode(refused, 409)).toBe('order_cap_colleague');
    // Back to the squad is always possible: the leader decides who can carry it.
    const back = body<OrderJson>(
      await ow.members[1].client.post(task(order.id, 'transfer'), { reason: '忙不过来' }),
      200,
    );
    expect(back).toMatchObject({ state: 'submitted', assigneePersonId: null });
  });

  it('a resident reopens a resolved order with a reason; it goes back to the squad', async () => {
    const order = await placeOrder(ow);
    await ow.leader.client.post(`${A}/orders/${order.id}/assign`, { personId: ow.members[0].personId });
    await ow.members[0].client.post(task(order.id, 'accept'));
    await ow.members[0].client.post(task(order.id, 'resolve'), { note: '好了', minutesSpent: 30 });
    const reopened = body<OrderJson>(
      await ow.resident.client.post(mine(order.id, 'reopen'), { reason: '还在漏' }),
      200,
    );
    expect(reopened).toMatchObject({ state: 'reopened', assigneePersonId: null, squadId: t.world.squadA });
    expect(await notificationKinds(ow.members[0].client)).toContain('order_reopened');
    const again = body<OrderJson>(
      await ow.leader.client.post(`${A}/orders/${order.id}/assign`, { personId: ow.members[0].personId }),
      200,
    );
    expect(again.state).toBe('assigned');
  });
});

describe('photos on an order', () => {
  it('are read by the resident, the squad, staff in scope, and nobody else', async () => {
    const photo = await uploadPhoto(t, ow.resident.client);
    const order = await placeOrder(ow, { fileIds: [photo] });
    const url = `${A}/files/${photo}`;
    for (const who of [
      ow.resident.client,
      staff,
      ow.leader.client,
      await t.as('gridWorker'),
      await t.as('branch'),
    ])
      expect((await who.get(url)).statusCode).toBe(200);
    const neighbour = await addResident(t, '孙阿姨');
    const otherBranch = await t.holding('branch', 'compound', t.world.compoundA2);
    for (const who of [neighbour.client, otherBranch, await t.as('property'), ow.members[1].client])
      expect(errorCode(await who.get(url), 404), 'others learn nothing of it').toBe('not_found');
    // Published to the squad's board, its members may look before taking it.
    await ow.leader.client.post(`${A}/orders/${order.id}/publish`, {});
    expect((await ow.members[1].client.get(url)).statusCode).toBe(200);
  });

  it('must be the caller’s own fresh uploads, of a type the server takes', async () => {
    const othersPhoto = await uploadPhoto(t, ow.members[0].client);
    const res = await ow.resident.client.post('/api/v1/me/orders', {
      categoryId: ow.categories.other,
      description: '用别人的照片',
      fileIds: [othersPhoto],
    });
    expect(errorCode(res, 400)).toBe('files.unknown');
    const text = await upload(ow.resident.client, t.world.communityA, Buffer.from('not a photo'), {
      name: 'note.txt',
      type: 'text/plain',
    });
    expect(errorCode(text, 400)).toBe('files.type');
    // A PDF is a fine upload, but not a photo: the order says so and is not made.
    const pdf = body<{ id: string }>(
      await upload(ow.resident.client, t.world.communityA, Buffer.from('%PDF-1.4\n%%EOF\n'), {
        name: 'scan.pdf',
        type: 'application/pdf',
      }),
      201,
    ).id;
    const asPhoto = await ow.resident.client.post('/api/v1/me/orders', {
      categoryId: ow.categories.other,
      description: 'PDF 当照片',
      fileIds: [pdf],
    });
    expect(errorCode(asPhoto, 400)).toBe('files.not_image');
    // A refused order attaches nothing: the photo can still go on the next attempt.
    const photo = await uploadPhoto(t, ow.resident.client);
    const bad = await ow.resident.client.post('/api/v1/me/orders', {
      categoryId: ow.categories.other,
      description: '两张',
      fileIds: [photo, othersPhoto],
    });
    expect(errorCode(bad, 400)).toBe('files.unknown');
    expect((await placeOrder(ow, { fileIds: [photo] })).photoIds).toEqual([photo]);
  });
});

describe('the contact’s phone for staff', () => {
  it('is masked, and shown in full only through the audited unmask', async () => {
    const order = await placeOrder(ow);
    const seen = body<OrderJson>(await staff.get(`${A}/orders/${order.id}`), 200);
    expect(seen.contactPhone).toBe(maskPhone(residentPhone()));
    const full = body<{ contactPhone: string }>(await staff.post(`${A}/orders/${order.id}/unmask`), 200);
    expect(full.contactPhone).toBe(residentPhone());
    const entries = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'actor_account_id'])
      .where('target_id', '=', order.id)
      .execute();
    expect(entries).toEqual([{ action: 'order.unmask', actor_account_id: t.world.accounts.communityStaff }]);
    expect((await (await t.as('branch')).post(`${A}/orders/${order.id}/unmask`)).statusCode).toBe(403);
  });
});
