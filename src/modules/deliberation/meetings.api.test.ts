import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { body, errorCode, type Client } from '../../../test/support/client';
import { newId } from '../../core/ids';
import {
  addBranch,
  addSomeone,
  addTopic,
  api,
  notificationsOf,
  planMeeting,
  startMeeting,
  topicOf,
  type MeetingJson,
  type Someone,
} from './meetings.testkit';
import { checkinUrl, qrSvg } from './qr';

let t: TestContext;
let A: string;
let staff: Client;
let branch: Client;
let resident: Someone;
let branchOrg: Awaited<ReturnType<typeof addBranch>>;

beforeAll(async () => {
  t = await startTestApp();
  A = api(t.world.communityA);
  staff = await t.as('communityStaff');
  branch = await t.as('branch'); // 小区党支部 on compound A1
  resident = await addSomeone(t, '赵大妈');
  branchOrg = await addBranch(t, t.world.compoundA1);
});
afterAll(() => t.close());

const get = (c: Client, id: string) => c.get(`${A}/meetings/${id}`).then((r) => body<MeetingJson>(r, 200));

describe('a meeting from plan to minutes', () => {
  it('plans, announces, signs in, decides, writes minutes and closes', async () => {
    const topicId = await addTopic(t, {
      compound_id: t.world.compoundA1,
      raised_by_account_id: resident.accountId,
    });
    const planned = await planMeeting(t, staff, {
      invitees: [
        { organisationId: branchOrg.orgId },
        { personId: resident.personId },
        { name: '李律师', partyLabel: '法律顾问' },
      ],
      topicIds: [topicId],
    });
    expect(planned.state).toBe('scheduled');
    expect(planned.invitedCount).toBe(3);
    expect(planned.invitees.map((i) => i.partyLabel)).toEqual(['党组织', null, '法律顾问']);
    expect(planned.agenda).toMatchObject([
      { topicId, title: '楼道堆物清理', outcome: 'pending', topicState: 'scheduled' },
    ]);
    expect(await topicOf(t, topicId)).toMatchObject({ state: 'scheduled', trail: ['scheduled'] });
    expect(planned.checkinPath).toMatch(/^\/checkin\/[A-Za-z0-9_-]{20,}$/);

    // The notice reaches the branch's secretary and the resident; the lawyer is phoned.
    const notice = body<{ notified: number; unreachable: string[] }>(
      await staff.post(`${A}/meetings/${planned.id}/notice`, {}),
      200,
    );
    expect(notice).toMatchObject({ notified: 2, unreachable: ['李律师'] });
    for (const who of [resident.accountId, branchOrg.secretary.accountId])
      expect(await notificationsOf(t, who, 'meeting_notice')).toHaveLength(1);
    // The notice opens the sign-in page (title, time, place and the button), a page residents have.
    expect((await notificationsOf(t, resident.accountId, 'meeting_notice'))[0]!.link).toBe(
      planned.checkinPath,
    );
    const inbox = body<{ items: { kind: string; text: string }[] }>(
      await resident.client.get('/api/v1/me/notifications'),
      200,
    );
    expect(inbox.items.find((n) => n.kind === 'meeting_notice')?.text).toContain('五方联席会议');

    // The QR code holds the sign-in page's address on the host the console used.
    const qr = await staff.get(`${A}/meetings/${planned.id}/checkin-qr.svg`);
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toContain('image/svg+xml');
    const token = planned.checkinPath!.split('/').pop()!;
    expect(qr.body).toBe(await qrSvg(checkinUrl('http://localhost:80', token)));

    await startMeeting(t, staff, planned.id);

    // The resident scans: invited, signed in once however often they scan.
    const before = body<{ invited: boolean; signedInAt: number | null; open: boolean; typeName: string }>(
      await resident.client.get(`/api/v1/me/checkin/${token}`),
      200,
    );
    expect(before).toMatchObject({ invited: true, signedInAt: null, open: true, typeName: '联席会议' });
    const english = await resident.client.request('GET', `/api/v1/me/checkin/${token}`, undefined, {
      'accept-language': 'en',
    });
    expect(body<{ type: string; typeName: string }>(english, 200)).toMatchObject({
      type: 'joint',
      typeName: 'Joint meeting',
    });
    const first = body<{ signedInAt: number }>(
      await resident.client.post(`/api/v1/me/checkin/${token}`),
      200,
    );
    const again = body<{ signedInAt: number }>(
      await resident.client.post(`/api/v1/me/checkin/${token}`),
      200,
    );
    expect(again.signedInAt).toBe(first.signedInAt);

    // The secretary signs in for the branch; a neighbour who was not invited is listed as a walk-in.
    const secretary = body<{ invited: boolean }>(
      await branchOrg.secretary.client.post(`/api/v1/me/checkin/${token}`),
      200,
    );
    expect(secretary.invited).toBe(true);
    const neighbour = await addSomeone(t, '钱大爷');
    for (let i = 0; i < 2; i++)
      expect(
        body<{ invited: boolean }>(await neighbour.client.post(`/api/v1/me/checkin/${token}`), 200).invited,
      ).toBe(false);

    // Staff tick off the lawyer.
    const lawyer = planned.invitees.find((i) => i.name === '李律师')!;
    const ticked = body<MeetingJson>(
      await staff.post(`${A}/meetings/${planned.id}/attendance/${lawyer.id}`),
      200,
    );
    expect(ticked.invitees.find((i) => i.id === lawyer.id)).toMatchObject({ signedInVia: 'staff' });
    expect(ticked).toMatchObject({ invitedCount: 3, signedInCount: 3, walkInCount: 2 });
    expect(ticked.invitees.filter((i) => !i.invited).map((i) => [i.name, i.organisationId])).toEqual(
      expect.arrayContaining([
        ['王书记', branchOrg.orgId],
        ['钱大爷', null],
      ]),
    );

    // The decision: an action for the resident and a service order for the work.
    const categories = body<{ items: { id: string }[] }>(await staff.get(`${A}/order-categories`), 200).items;
    const tomorrow = new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
    const decided = body<MeetingJson>(
      await staff.post(`${A}/meetings/${planned.id}/agenda/${planned.agenda[0]!.id}/decision`, {
        text: '物业一周内清理楼道，居民代表监督',
        decidedBy: '五方联席一致通过',
        votesFor: 9,
        votesAgainst: 0,
        votesAbstain: 1,
        actions: [{ title: '监督清理并拍照', ownerAccountId: resident.accountId, dueDate: tomorrow }],
        followUp: { kind: 'order', categoryId: categories[0]!.id },
      }),
      201,
    );
    const decision = decided.agenda[0]!.decision!;
    expect(decided.agenda[0]).toMatchObject({ outcome: 'decided', topicState: 'decided' });
    expect(decision.actions).toMatchObject([
      { title: '监督清理并拍照', ownerName: '赵大妈', state: 'open', dueDate: tomorrow, dueSoon: true },
    ]);
    expect(decision.followUpKind).toBe('order');
    const order = await t.deps.db
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', decision.followUpId!)
      .executeTakeFirstOrThrow();
    expect(order).toMatchObject({
      compound_id: t.world.compoundA1,
      description: '物业一周内清理楼道，居民代表监督',
      place_text: '3栋楼道',
      category_id: categories[0]!.id,
    });
    expect(await topicOf(t, topicId)).toMatchObject({
      state: 'decided',
      trail: ['scheduled', 'discussed', 'decided', 'action_added'],
    });
    expect(await notificationsOf(t, resident.accountId, 'action_assigned')).toHaveLength(1);
    expect(await notificationsOf(t, resident.accountId, 'topic_decided')).toHaveLength(1);
    // One decision per item, and no second order made for it.
    expect(
      errorCode(
        await staff.post(`${A}/meetings/${planned.id}/agenda/${planned.agenda[0]!.id}/decision`, {
          text: '再议',
          decidedBy: '主持人',
          followUp: { kind: 'order', categoryId: categories[0]!.id },
        }),
        409,
      ),
    ).toBe('agenda_item_settled');
    expect(
      await t.deps.db
        .selectFrom('orders')
        .select('id')
        .where('community_id', '=', t.world.communityA)
        .where('description', '=', '再议')
        .execute(),
    ).toEqual([]);

    // Minutes, cleaned of anything that could run in a reader's browser.
    const minutes = body<MeetingJson>(
      await staff.request('PUT', `${A}/meetings/${planned.id}/minutes`, {
        html:
          '<h1>会议纪要</h1><p onclick="steal()">到会 5 方</p><script>fetch("https://evil.example")</script>' +
          '<img src=x onerror=alert(1)><a href="javascript:alert(1)">链接</a><iframe src="https://evil.example"></iframe>',
      }),
      200,
    );
    expect(minutes.minutesHtml).toBe(
      '<h2>会议纪要</h2><p>到会 5 方</p><a rel="noopener noreferrer nofollow" target="_blank">链接</a>',
    );
    expect((await get(branch, planned.id)).minutesHtml).toBe(minutes.minutesHtml);

    // An ad-hoc item nobody decided is deferred when the meeting closes.
    const withItem = body<MeetingJson>(
      await staff.post(`${A}/meetings/${planned.id}/agenda`, { title: '下次活动安排' }),
      201,
    );
    expect(withItem.agenda.map((a) => a.title)).toEqual(['楼道堆物清理', '下次活动安排']);
    const closed = body<MeetingJson>(await staff.post(`${A}/meetings/${planned.id}/close`, {}), 200);
    expect(closed.state).toBe('held');
    expect(closed.agenda.map((a) => a.outcome)).toEqual(['decided', 'deferred']);
    // Minutes stay editable for the write-up; sign-in is over.
    expect(
      (await staff.request('PUT', `${A}/meetings/${planned.id}/minutes`, { html: '<p>补记</p>' })).statusCode,
    ).toBe(200);
    expect(errorCode(await neighbour.client.post(`/api/v1/me/checkin/${token}`), 409)).toBe('checkin_closed');
  });

  it('signs a walk-in in once when two scans arrive together, and only on the meeting’s day', async () => {
    const m = await planMeeting(t, staff);
    const token = m.checkinPath!.split('/').pop()!;
    const walkIn = await addSomeone(t, '郑先生');
    const both = await Promise.all([1, 2].map(() => walkIn.client.post(`/api/v1/me/checkin/${token}`)));
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
    expect((await get(staff, m.id)).invitees.filter((i) => i.name === '郑先生')).toHaveLength(1);
    // Someone from outside the community finds no meeting behind the code.
    expect(errorCode(await (await t.as('nobody')).get(`/api/v1/me/checkin/${token}`), 404)).toBe('not_found');

    const later = await planMeeting(t, staff, { startsAt: Date.now() + 3 * 86_400_000 });
    const laterToken = later.checkinPath!.split('/').pop()!;
    const page = body<{ open: boolean; opensAt: number }>(
      await walkIn.client.get(`/api/v1/me/checkin/${laterToken}`),
      200,
    );
    expect(page.open).toBe(false);
    expect(errorCode(await walkIn.client.post(`/api/v1/me/checkin/${laterToken}`), 409)).toBe(
      'checkin_closed',
    );
  });

  it('keeps a scan and a rewrite of the list that arrive together: both succeed, one row', async () => {
    const walkIn = await addSomeone(t, '冯女士');
    for (let round = 0; round < 4; round++) {
      const m = await planMeeting(t, staff);
      const token = m.checkinPath!.split('/').pop()!;
      const [edit, scan] = await Promise.all([
        staff.patch(`${A}/meetings/${m.id}`, { invitees: [{ personId: walkIn.personId }] }),
        walkIn.client.post(`/api/v1/me/checkin/${token}`),
      ]);
      expect([edit.statusCode, scan.statusCode], edit.body).toEqual([200, 200]);
      const rows = (await get(staff, m.id)).invitees.filter((i) => i.name === '冯女士');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.signedInAt).not.toBeNull();
    }
  });

  it('attaches files to the meeting for its readers', async () => {
    const m = await planMeeting(t, staff);
    const { upload, testPhoto } = await import('../../../test/support/upload');
    const fileId = body<{ id: string }>(
      await upload(staff, t.world.communityA, await testPhoto(40, 30)),
      201,
    ).id;
    const attached = body<MeetingJson>(
      await staff.post(`${A}/meetings/${m.id}/attachments`, { fileIds: [fileId] }),
      200,
    );
    expect(attached.attachments.map((f) => f.id)).toEqual([fileId]);
    expect((await branch.get(`${A}/files/${fileId}`)).statusCode).toBe(200);
    expect((await resident.client.get(`${A}/files/${fileId}`)).statusCode).toBe(404);
  });
});

describe('agenda and topics', () => {
  it('gives topics back to the queue when removed, deferred, or when the meeting is cancelled', async () => {
    const inA1 = () => addTopic(t, { compound_id: t.world.compoundA1 });
    const [t1, t2, t3] = [await inA1(), await inA1(), await inA1()];
    const m = await planMeeting(t, staff, { topicIds: [t1, t2] });
    const added = body<MeetingJson>(await staff.post(`${A}/meetings/${m.id}/agenda`, { topicId: t3 }), 201);
    expect(added.agenda.map((a) => a.topicId)).toEqual([t1, t2, t3]);
    // A topic cannot be listed twice, here or on another meeting while it is on this one.
    expect(errorCode(await staff.post(`${A}/meetings/${m.id}/agenda`, { topicId: t3 }), 409)).toBe(
      'meeting_topic_listed',
    );
    const other = await planMeeting(t, staff);
    expect(errorCode(await staff.post(`${A}/meetings/${other.id}/agenda`, { topicId: t3 }), 409)).toBe(
      'topic_state',
    );

    const item = (id: string) => added.agenda.find((a) => a.topicId === id)!.id;
    const removed = body<MeetingJson>(await staff.delete(`${A}/meetings/${m.id}/agenda/${item(t1)}`), 200);
    expect(removed.agenda.map((a) => a.topicId)).toEqual([t2, t3]);
    expect(await topicOf(t, t1)).toMatchObject({ state: 'accepted', trail: ['scheduled', 'unscheduled'] });

    const deferred = body<MeetingJson>(
      await staff.post(`${A}/meetings/${m.id}/agenda/${item(t2)}/defer`, {}),
      200,
    );
    expect(deferred.agenda.find((a) => a.topicId === t2)!.outcome).toBe('deferred');
    expect((await topicOf(t, t2)).state).toBe('accepted');
    expect(errorCode(await staff.delete(`${A}/meetings/${m.id}/agenda/${item(t2)}`), 409)).toBe(
      'agenda_item_settled',
    );

    const cancelled = body<MeetingJson>(await staff.post(`${A}/meetings/${m.id}/cancel`, {}), 200);
    expect(cancelled.state).toBe('cancelled');
    expect((await topicOf(t, t3)).state).toBe('accepted');
    expect(errorCode(await staff.post(`${A}/meetings/${m.id}/start`, {}), 409)).toBe('meeting_state');
    expect(errorCode(await staff.patch(`${A}/meetings/${m.id}`, { title: '改期' }), 409)).toBe(
      'meeting_state',
    );

    // Back on the queue, the topic goes on the next meeting.
    const next = await planMeeting(t, staff, { topicIds: [t1, t2, t3] });
    expect(next.agenda.map((a) => a.topicState)).toEqual(['scheduled', 'scheduled', 'scheduled']);
  });

  it('never leaves an item pending on a closed meeting, nor its topic stuck, when both happen at once', async () => {
    for (let round = 0; round < 3; round++) {
      const topicId = await addTopic(t, { compound_id: t.world.compoundA1 });
      const m = await planMeeting(t, staff);
      await startMeeting(t, staff, m.id);
      const [closed, added] = await Promise.all([
        staff.post(`${A}/meetings/${m.id}/close`, {}),
        staff.post(`${A}/meetings/${m.id}/agenda`, { topicId }),
      ]);
      expect(closed.statusCode).toBe(200);
      // Either the item came first and closing deferred it, or the meeting was already held.
      if (added.statusCode !== 201) expect(errorCode(added, 409)).toBe('meeting_state');
      const after = await get(staff, m.id);
      expect(after.state).toBe('held');
      expect(after.agenda.filter((a) => a.outcome === 'pending')).toEqual([]);
      expect((await topicOf(t, topicId)).state).toBe('accepted');
    }
  });

  it('finishes a topic at once when its decision needs no action', async () => {
    const topicId = await addTopic(t, { compound_id: t.world.compoundA1 });
    const m = await planMeeting(t, staff, { topicIds: [topicId] });
    await startMeeting(t, staff, m.id);
    body(
      await staff.post(`${A}/meetings/${m.id}/agenda/${m.agenda[0]!.id}/decision`, {
        text: '经协商，由居民自行清理',
        decidedBy: '议事会',
        followUp: { kind: 'assembly_matter' },
      }),
      201,
    );
    expect(await topicOf(t, topicId)).toMatchObject({
      state: 'done',
      trail: ['scheduled', 'discussed', 'decided', 'done'],
    });
  });

  it('keeps a compound’s meeting to its own topics', async () => {
    const inA2 = await addTopic(t, { compound_id: t.world.compoundA2 });
    const wide = await addTopic(t, { compound_id: null });
    for (const topicId of [inA2, wide])
      expect(errorCode(await staff.post(`${A}/meetings`, meetingBody({ topicIds: [topicId] })), 400)).toBe(
        'meeting_topic_scope',
      );
    // A community-wide meeting takes any topic of the community (the refused attempts scheduled nothing).
    const m = body<MeetingJson>(
      await staff.post(`${A}/meetings`, meetingBody({ compoundId: null, topicIds: [inA2, wide] })),
      201,
    );
    expect(m.agenda).toHaveLength(2);
    // Nor can the meeting move to a compound its topics are not in.
    expect(
      errorCode(await staff.patch(`${A}/meetings/${m.id}`, { compoundId: t.world.compoundA2 }), 400),
    ).toBe('meeting_topic_scope');
  });

  it('changes a meeting still to come, keeping who signed in', async () => {
    const someone = await addSomeone(t, '孙阿姨');
    const m = await planMeeting(t, staff, { invitees: [{ personId: someone.personId }] });
    const token = m.checkinPath!.split('/').pop()!;
    body(await someone.client.post(`/api/v1/me/checkin/${token}`), 200);
    const changed = body<MeetingJson>(
      await staff.patch(`${A}/meetings/${m.id}`, {
        title: '联席会议（改）',
        place: '小区广场',
        invitees: [{ organisationId: branchOrg.orgId }],
      }),
      200,
    );
    expect(changed.invitees.map((i) => i.name).sort()).toEqual(['孙阿姨', '甲一小区党支部'].sort());
    expect(changed.invitees.find((i) => i.name === '孙阿姨')!.signedInAt).not.toBeNull();
  });
});

const meetingBody = (extra: Record<string, unknown> = {}) => ({
  type: 'council',
  title: '议事会',
  compoundId: t.world.compoundA1,
  startsAt: Date.now() + 3600_000,
  ...extra,
});

describe('bad input and unknown ids', () => {
  it('answers 400 with the field at fault', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [meetingBody({ type: 'picnic' }), 'meeting_type_unknown'],
      [meetingBody({ endsAt: Date.now() }), 'meeting_time_order'],
      [meetingBody({ compoundId: newId() }), 'bad_reference'],
      [meetingBody({ topicIds: [newId()] }), 'bad_reference'],
      [meetingBody({ invitees: [{ personId: resident.personId, name: 'x' }] }), 'meeting_invitee_shape'],
      [meetingBody({ invitees: [{}] }), 'meeting_invitee_shape'],
      [meetingBody({ invitees: [{ organisationId: newId() }] }), 'bad_reference'],
      [meetingBody({ invitees: [{ accountId: t.world.accounts.nobody }] }), 'bad_reference'],
      [meetingBody({ title: '   ' }), 'topic_blank'],
      [meetingBody({ startsAt: 'tomorrow' }), 'validation'],
      [{}, 'validation'],
    ];
    for (const [payload, code] of bad)
      expect(errorCode(await staff.post(`${A}/meetings`, payload), 400)).toBe(code);

    const m = await planMeeting(t, staff);
    expect(errorCode(await staff.post(`${A}/meetings/${m.id}/agenda`, {}), 400)).toBe('agenda_item_shape');
    expect(
      errorCode(await staff.post(`${A}/meetings/${m.id}/agenda`, { title: 'x', topicId: newId() }), 400),
    ).toBe('agenda_item_shape');
    const tooLong = '<p>' + '议'.repeat(200_001) + '</p>';
    expect(
      errorCode(await staff.request('PUT', `${A}/meetings/${m.id}/minutes`, { html: tooLong }), 400),
    ).toBe('minutes_too_long');
    expect(errorCode(await staff.request('PUT', `${A}/meetings/${m.id}/minutes`, {}), 400)).toBe(
      'validation',
    );

    const withItem = body<MeetingJson>(
      await staff.post(`${A}/meetings/${m.id}/agenda`, { title: '临时动议' }),
      201,
    );
    const decide = (payload: unknown) =>
      staff.post(`${A}/meetings/${m.id}/agenda/${withItem.agenda[0]!.id}/decision`, payload);
    // Decisions wait for the meeting to start.
    expect(errorCode(await decide({ text: 'x', decidedBy: 'y' }), 409)).toBe('meeting_state');
    await startMeeting(t, staff, m.id);
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const badDecisions: [unknown, string][] = [
      [
        { text: 'x', decidedBy: 'y', actions: [{ title: 'a', ownerName: '甲', dueDate: yesterday }] },
        'action_due_past',
      ],
      [{ text: 'x', decidedBy: 'y', actions: [{ title: 'a', dueDate: today }] }, 'action_owner_required'],
      [
        { text: 'x', decidedBy: 'y', actions: [{ title: 'a', ownerAccountId: newId(), dueDate: today }] },
        'bad_reference',
      ],
      [{ text: 'x', decidedBy: 'y', followUp: { kind: 'order' } }, 'bad_reference'],
      [{ text: 'x', decidedBy: 'y', followUp: { kind: 'order', categoryId: newId() } }, 'bad_reference'],
      [{ text: 'x', decidedBy: 'y', votesFor: -1 }, 'validation'],
      [{ text: '  ', decidedBy: 'y' }, 'topic_blank'],
      [{}, 'validation'],
    ];
    for (const [payload, code] of badDecisions) expect(errorCode(await decide(payload), 400)).toBe(code);
    // None of the refused attempts left anything behind.
    expect((await get(staff, m.id)).agenda[0]).toMatchObject({ outcome: 'pending', decision: null });
  });

  it('answers 404 for ids it does not know', async () => {
    const m = await planMeeting(t, staff);
    const unknown = newId();
    expect(errorCode(await staff.get(`${A}/meetings/${unknown}`), 404)).toBe('not_found');
    expect(errorCode(await staff.post(`${A}/meetings/${unknown}/start`, {}), 404)).toBe('not_found');
    expect(errorCode(await staff.delete(`${A}/meetings/${m.id}/agenda/${unknown}`), 404)).toBe('not_found');
    expect(errorCode(await staff.post(`${A}/meetings/${m.id}/agenda/${unknown}/defer`, {}), 404)).toBe(
      'not_found',
    );
    expect(errorCode(await staff.post(`${A}/meetings/${m.id}/attendance/${unknown}`), 404)).toBe('not_found');
    expect(
      errorCode(
        await staff.post(`${A}/meetings/${m.id}/agenda/${unknown}/decision`, { text: 'x', decidedBy: 'y' }),
        404,
      ),
    ).toBe('not_found');
    expect(errorCode(await resident.client.get(`/api/v1/me/checkin/${'x'.repeat(32)}`), 404)).toBe(
      'not_found',
    );
    expect(errorCode(await resident.client.post(`/api/v1/me/checkin/short`), 400)).toBe('validation');
  });
});

describe('scope', () => {
  it('keeps a compound’s branch to its own compound’s meetings', async () => {
    const inA1 = await planMeeting(t, staff);
    const inA2 = await planMeeting(t, staff, { compoundId: t.world.compoundA2, title: '甲二小区议事会' });
    const wide = await planMeeting(t, staff, { compoundId: null, title: '社区联席会议' });

    // The branch of A1 runs A1's meetings…
    expect((await get(branch, inA1.id)).checkinPath).not.toBeNull();
    body(await branch.post(`${A}/meetings/${inA1.id}/agenda`, { title: '支部提议' }), 201);
    body(await branch.post(`${A}/meetings`, meetingBody()), 201);
    // …and nothing of A2's, nor the community's.
    for (const other of [inA2, wide]) {
      expect((await branch.get(`${A}/meetings/${other.id}`)).statusCode).toBe(403);
      expect((await branch.patch(`${A}/meetings/${other.id}`, { title: '改' })).statusCode).toBe(403);
      expect((await branch.post(`${A}/meetings/${other.id}/start`, {})).statusCode).toBe(403);
      expect((await branch.get(`${A}/meetings/${other.id}/checkin-qr.svg`)).statusCode).toBe(403);
    }
    expect(
      (await branch.post(`${A}/meetings`, meetingBody({ compoundId: t.world.compoundA2 }))).statusCode,
    ).toBe(403);
    expect((await branch.post(`${A}/meetings`, meetingBody({ compoundId: null }))).statusCode).toBe(403);
    const listed = body<{ items: MeetingJson[] }>(await branch.get(`${A}/meetings?pageSize=200`), 200).items;
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((m) => m.compoundId === t.world.compoundA1)).toBe(true);

    // A property company reads but does not run; it sees no sign-in link.
    const property = await t.as('property');
    expect((await get(property, inA1.id)).checkinPath).toBeNull();
    expect((await property.post(`${A}/meetings/${inA1.id}/start`, {})).statusCode).toBe(403);

    // Another community's URL finds none of A's meetings: staff of A hold nothing there, and even a
    // platform administrator finds no such meeting in B.
    const B = api(t.world.communityB);
    expect((await staff.get(`${B}/meetings/${inA1.id}`)).statusCode).toBe(403);
    const admin = await t.as('platformAdmin');
    expect(errorCode(await admin.get(`${B}/meetings/${inA1.id}`), 404)).toBe('not_found');
    expect(body<{ total: number }>(await admin.get(`${B}/meetings`), 200).total).toBe(0);
  });

  it('filters the list by state, type, compound, dates and text', async () => {
    const m = await planMeeting(t, staff, {
      type: 'after_dinner',
      title: '晚饭后议事：停车难',
      place: '3栋楼下',
    });
    const list = async (query: string) =>
      body<{ items: MeetingJson[] }>(await staff.get(`${A}/meetings?pageSize=200&${query}`), 200).items.map(
        (x) => x.id,
      );
    expect(await list('type=after_dinner')).toContain(m.id);
    expect(await list('type=joint')).not.toContain(m.id);
    expect(await list('q=停车')).toEqual([m.id]);
    expect(await list('q=3栋楼下')).toEqual([m.id]);
    expect(await list('state=held')).not.toContain(m.id);
    expect(await list(`compoundId=${t.world.compoundA2}`)).not.toContain(m.id);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(await list(`from=2000-01-01&to=2000-01-02`)).toEqual([]);
    expect(await list(`from=${today}`)).toContain(m.id);
  });
});
