import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachFiles } from '../../core/files';
import { newId } from '../../core/ids';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { body, errorCode, type Client } from '../../../test/support/client';
import { uploadPhoto } from '../orders/orders.testkit';
import {
  addResident,
  advance,
  api,
  note,
  raise,
  roomInA2,
  type PageJson,
  type TopicJson,
} from './deliberation.testkit';

/**
 * The public results board and the figures: counts that are the sum of the rows listed, whole trails
 * with the meeting, decision, actions and ratings, masked names and no ids of people, and figures per
 * scope. Meetings, decisions and actions are written straight into their tables here, as the
 * meetings' routes would.
 */

let t: TestContext;
let A: string;
let anon: Client;
let staff: Client;
type Resident = Awaited<ReturnType<typeof addResident>>;
let zhao: Resident;
let qian: Resident;
let sun: Resident;
const topics: Record<string, TopicJson> = {};
let meetingId: string;
let actionIds: string[];
let actionPhoto: string;
let topicPhoto: string;
const hour = 3600_000;

const board = (query = '') =>
  anon.get(`/api/v1/public/communities/${t.world.communityA}/board?pageSize=200${query}`);
const publicTopic = (id: string, community = t.world.communityA) =>
  anon.get(`/api/v1/public/communities/${community}/topics/${id}`);

async function insertMeeting(
  state: string,
  startsAt: number,
  invitees: { invited: 0 | 1; signed: boolean }[],
) {
  const { db } = t.deps;
  const id = newId();
  const now = Date.now();
  await db
    .insertInto('meetings')
    .values({
      community_id: t.world.communityA,
      id,
      compound_id: t.world.compoundA1,
      type: 'after_dinner',
      title: '六月晚饭后议事会',
      starts_at: startsAt,
      ends_at: startsAt + 2 * hour,
      place: '小区议事厅',
      state,
      notice_sent_at: null,
      checkin_token: newId(),
      minutes_html: null,
      minutes_updated_at: null,
      minutes_updated_by: null,
      created_by: t.world.accounts.communityStaff,
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const [i, inv] of invitees.entries())
    await db
      .insertInto('meeting_invitees')
      .values({
        community_id: t.world.communityA,
        id: newId(),
        meeting_id: id,
        organisation_kind: null,
        organisation_id: null,
        person_id: null,
        account_id: null,
        name: `参会人${i}`,
        party_label: null,
        invited: inv.invited,
        signed_in_at: inv.signed ? startsAt : null,
        signed_in_via: inv.signed ? 'staff' : null,
      })
      .execute();
  return id;
}

beforeAll(async () => {
  t = await startTestApp();
  A = api(t.world.communityA);
  anon = t.anonymous();
  staff = await t.as('communityStaff');
  zhao = await addResident(t, '赵大妈');
  qian = await addResident(t, '钱大爷');
  sun = await addResident(t, '孙阿姨', await roomInA2(t));
  const raised = async (key: string, who: Resident, fields: Record<string, unknown> = {}) =>
    (topics[key] = await raise(who.client, { title: key, ...fields }));
  topicPhoto = await uploadPhoto(t, zhao.client);
  await raised('raised1', zhao);
  await raised('raised2', qian);
  await raised('accepted', zhao);
  await raised('scheduled', zhao);
  await raised('decided', zhao);
  await raised('done1', zhao, { fileIds: [topicPhoto], category: 'environment' });
  await raised('done2', qian);
  await raised('declined', zhao);
  await raised('private', zhao, { isPublic: false });
  await raised('inA2', sun);
  topics.wide = body<TopicJson>(
    await staff.post(`${A}/topics`, { compoundId: null, category: 'safety', title: 'wide', body: '全社区' }),
    201,
  );
  const at = Date.now();
  await advance(t, topics.accepted!.id, ['accept']);
  await advance(t, topics.scheduled!.id, ['accept', 'schedule']);
  await advance(t, topics.decided!.id, ['accept', 'schedule', 'decide'], at + 10 * hour);
  for (const key of ['done2', 'private', 'wide']) {
    await advance(t, topics[key]!.id, ['accept', 'schedule', 'decide'], at + 30 * hour);
    await advance(t, topics[key]!.id, ['finish'], at + 40 * hour);
  }
  await advance(t, topics.declined!.id, ['decline']);

  // done1's story: a meeting that decided it, two actions (one with an evidence photo), then done.
  const done1 = topics.done1!.id;
  meetingId = await insertMeeting('held', at + hour, [
    { invited: 1, signed: true },
    { invited: 1, signed: true },
    { invited: 1, signed: true },
    { invited: 1, signed: false },
    { invited: 0, signed: true },
  ]);
  await insertMeeting('cancelled', at + 2 * hour, [{ invited: 1, signed: false }]);
  const { db } = t.deps;
  const itemId = newId();
  await db
    .insertInto('agenda_items')
    .values({
      community_id: t.world.communityA,
      id: itemId,
      meeting_id: meetingId,
      topic_id: done1,
      title: 'done1',
      position: 1,
      outcome: 'decided',
      created_at: at,
    })
    .execute();
  await advance(t, done1, ['accept', 'schedule'], at + hour);
  await note(t, done1, 'discussed', { meetingId });
  const decisionId = newId();
  await db
    .insertInto('decisions')
    .values({
      community_id: t.world.communityA,
      id: decisionId,
      meeting_id: meetingId,
      agenda_item_id: itemId,
      topic_id: done1,
      text: '物业一周内清运垃圾站并每日消杀',
      decided_by: '五方联席一致通过',
      votes_for: 9,
      votes_against: 0,
      votes_abstain: 1,
      follow_up_kind: 'none',
      follow_up_id: null,
      created_by: t.world.accounts.communityStaff,
      created_at: at + 2 * hour,
    })
    .execute();
  await advance(t, done1, ['decide'], at + 2 * hour);
  actionIds = [newId(), newId(), newId()];
  const action = (id: string, state: string, due: string, owner: string) => ({
    community_id: t.world.communityA,
    id,
    decision_id: decisionId,
    topic_id: done1,
    title: '清运垃圾站',
    owner_account_id: t.world.accounts.property,
    owner_name: owner,
    due_date: due,
    state,
    done_at: state === 'done' ? at + 6 * hour : null,
    done_note: state === 'done' ? '已清运' : null,
    cancelled_at: null,
    cancel_reason: null,
    reminded_at: null,
    overdue_notified_at: null,
    created_at: at + 2 * hour,
    updated_at: at + 2 * hour,
    version: 1,
  });
  await db
    .insertInto('action_items')
    .values([
      action(actionIds[0]!, 'done', '2030-01-01', '王经理'),
      action(actionIds[1]!, 'done', '2030-01-01', '李师傅'),
      action(actionIds[2]!, 'open', '2000-01-01', '张主任'), // an open, overdue one (not done1's finish)
    ])
    .execute();
  await db.updateTable('action_items').set({ topic_id: null }).where('id', '=', actionIds[2]!).execute();
  const propertyClient = await t.as('property');
  actionPhoto = await uploadPhoto(t, propertyClient);
  await attachFiles(
    db,
    t.world.communityA,
    [actionPhoto],
    { type: 'action_item', id: actionIds[0]! },
    t.world.accounts.property,
  );
  await note(t, done1, 'action_done', { actionItemId: actionIds[0], ownerName: '王经理' });
  await advance(t, done1, ['finish'], at + 8 * hour);
  body(await qian.client.post(`/api/v1/me/topics/${done1}/rating`, { stars: 5, comment: '干净多了' }), 201);
});
afterAll(() => t.close());

describe('the public results board', () => {
  it('counts each column from the very rows it lists, without login', async () => {
    const all = body<{ counts: Record<string, number> } & PageJson<TopicJson>>(await board(), 200);
    expect(all.counts).toEqual({ raised: 4, discussed: 1, decided: 1, done: 3, total: 9 });
    expect(all.total).toBe(all.counts.total);
    for (const stage of ['raised', 'discussed', 'decided', 'done']) {
      const column = body<PageJson<TopicJson>>(await board(`&state=${stage}`), 200);
      expect(column.total, stage).toBe(all.counts[stage]);
      expect(column.items.every((i) => i.stage === stage)).toBe(true);
    }
    const listed = all.items.map((i) => i.title);
    expect(listed).not.toContain('private');
    expect(listed).not.toContain('declined');
  });

  it('says how many supports put a raised topic on the agenda, as the community has set it', async () => {
    const threshold = async () =>
      body<{ supportThreshold: number }>(await board(`&compoundId=${t.world.compoundA2}`), 200)
        .supportThreshold;
    expect(await threshold()).toBe(10);
    body(await staff.patch(`${A}/deliberation-settings`, { supportThreshold: 4 }), 200);
    expect(await threshold()).toBe(4);
    body(await staff.patch(`${A}/deliberation-settings`, { supportThreshold: 10 }), 200);
  });

  it('narrows to one compound', async () => {
    const a2 = body<{ counts: Record<string, number> } & PageJson<TopicJson>>(
      await board(`&compoundId=${t.world.compoundA2}`),
      200,
    );
    expect(a2.counts).toEqual({ raised: 1, discussed: 0, decided: 0, done: 0, total: 1 });
    expect(a2.items.map((i) => i.title)).toEqual(['inA2']);
  });

  it('masks names and carries no account, person, phone or order ids', async () => {
    const res = await board();
    const page = body<PageJson<TopicJson>>(res, 200);
    expect(page.items.find((i) => i.title === 'raised1')!.raiserName).toBe('赵*妈');
    expect(page.items.every((i) => i.sourceOrderId === null && i.raisedByMe === false)).toBe(true);
    const detail = await publicTopic(topics.done1!.id);
    for (const text of [res.body, detail.body])
      for (const secret of [
        zhao.accountId,
        zhao.personId,
        zhao.phone,
        qian.accountId,
        t.world.accounts.property,
        t.world.accounts.communityStaff,
        '赵大妈',
        '钱大爷',
        '王经理',
      ])
        expect(text).not.toContain(secret);
  });

  it('shows a finished topic’s whole trail in order, with meeting, decision, actions, photos and ratings', async () => {
    const d = body<
      TopicJson & {
        meeting: { title: string; typeName: string };
        decisions: { text: string; decidedBy: string; votesFor: number }[];
        actions: { title: string; ownerName: string; state: string; photos: { url: string }[] }[];
      }
    >(await publicTopic(topics.done1!.id), 200);
    expect(d.trail.map((e) => e.kind)).toEqual([
      'raised',
      'accepted',
      'scheduled',
      'discussed',
      'decided',
      'action_done',
      'done',
      'rated',
    ]);
    expect(d.trail.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Which action, yes; who owns it, not for the public.
    expect(d.trail.find((e) => e.kind === 'action_done')!.data).toEqual({ actionItemId: actionIds[0] });
    expect(d.meeting).toMatchObject({ title: '六月晚饭后议事会', typeName: '晚饭后议事' });
    expect(d.decisions).toEqual([
      expect.objectContaining({
        text: '物业一周内清运垃圾站并每日消杀',
        decidedBy: '五方联席一致通过',
        votesFor: 9,
      }),
    ]);
    expect(d.actions.map((a) => [a.ownerName, a.state])).toEqual([
      ['王*理', 'done'],
      ['李*傅', 'done'],
    ]);
    expect(d.ratings).toEqual([
      { stars: 5, comment: '干净多了', raterName: '钱*爷', createdAt: expect.any(Number) },
    ]);
    expect(d.comments).toEqual([]);

    const [evidence] = d.actions[0]!.photos;
    const photo = await anon.get(evidence!.url);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect((await anon.get(`${evidence!.url}?size=thumb`)).statusCode).toBe(200);
    expect((await anon.get(d.photos[0]!.url)).statusCode).toBe(200);
    // A file of another topic through this topic's address: 404.
    const other = `/api/v1/public/communities/${t.world.communityA}/topics/${topics.done2!.id}/files/${actionPhoto}`;
    expect((await anon.get(other)).statusCode).toBe(404);
  });

  it('is 404 for a topic not on the board, in another community, or an unknown or archived community', async () => {
    expect(errorCode(await publicTopic(topics.private!.id), 404)).toBe('topic_not_found');
    expect(errorCode(await publicTopic(topics.declined!.id), 404)).toBe('topic_not_found');
    expect(errorCode(await publicTopic('no-such-topic'), 404)).toBe('topic_not_found');
    expect((await publicTopic(topics.done1!.id, t.world.communityB)).statusCode).toBe(404);
    expect(
      (
        await anon.get(
          `/api/v1/public/communities/${t.world.communityA}/topics/${topics.private!.id}/files/${topicPhoto}`,
        )
      ).statusCode,
    ).toBe(404);
    expect((await anon.get('/api/v1/public/communities/nowhere/board')).statusCode).toBe(404);
    await t.deps.db
      .updateTable('communities')
      .set({ archived_at: Date.now() })
      .where('id', '=', t.world.communityC)
      .execute();
    expect((await anon.get(`/api/v1/public/communities/${t.world.communityC}/board`)).statusCode).toBe(404);
    expect(
      (await anon.get(`/api/v1/public/communities/${t.world.communityA}/board?state=nope`)).statusCode,
    ).toBe(400);
  });

  it('lets a neighbour open the topic’s photo through the files route too', async () => {
    const d = body<TopicJson>(await qian.client.get(`/api/v1/me/topics/${topics.done1!.id}`), 200);
    expect(d.photos).toHaveLength(1);
    const viaFiles = await qian.client.get(`${A}/files/${topicPhoto}`);
    expect(viaFiles.statusCode).toBe(200);
    expect((await sun.client.get(`${A}/files/${topicPhoto}`)).statusCode).toBe(404);
  });
});

describe('deliberation figures', () => {
  interface Figures {
    topics: {
      total: number;
      byState: Record<string, number>;
      byCategory: { code: string; name: string; count: number }[];
    };
    medianHoursRaisedToDecided: number | null;
    medianHoursDecidedToDone: number | null;
    meetings: { held: number; cancelled: number; attendanceRate: number | null; walkIns: number };
    actions: { open: number; overdue: number; done: number };
  }
  it('count topics, time to decide and finish, attendance and actions in the caller’s scope', async () => {
    const f = body<Figures>(await staff.get(`${A}/deliberation-figures`), 200);
    expect(f.topics.total).toBe(11);
    expect(f.topics.byState).toEqual({
      raised: 3,
      accepted: 1,
      scheduled: 1,
      decided: 1,
      done: 4,
      declined: 1,
    });
    expect(f.topics.byCategory[0]).toMatchObject({ code: 'parking', name: '停车交通' });
    expect(f.medianHoursRaisedToDecided).toBeGreaterThan(9);
    expect(f.medianHoursDecidedToDone).toBeGreaterThan(5);
    expect(f.meetings).toMatchObject({ held: 1, cancelled: 1, attendanceRate: 0.75, walkIns: 1 });
    expect(f.actions).toMatchObject({ open: 1, overdue: 1, done: 2 });

    const branch = await t.as('branch');
    const inA1 = body<Figures>(await branch.get(`${A}/deliberation-figures`), 200);
    expect(inA1.topics.total).toBe(9); // not A2's, not the community-wide one
    const a2 = body<Figures>(
      await staff.get(`${A}/deliberation-figures?compoundId=${t.world.compoundA2}`),
      200,
    );
    expect(a2.topics.total).toBe(1);
    expect(a2.meetings.held).toBe(0);
    const past = body<Figures>(
      await staff.get(`${A}/deliberation-figures?from=2000-01-01&to=2000-12-31`),
      200,
    );
    expect(past.topics.total).toBe(0);
    expect((await staff.get(`${A}/deliberation-figures?from=2024-02-01&to=2024-01-01`)).statusCode).toBe(400);
  });
});
