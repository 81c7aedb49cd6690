import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { openEventStream } from '../../../test/support/sse';
import { activityClock } from './activityClock';
import {
  addSquadMember,
  api,
  body,
  errorCode,
  notificationKinds,
  publishedActivity,
  residents,
  staffOfB,
  tokenOf,
  type Actor,
  type ActivityJson,
  type EntryJson,
  type PageJson,
  type SignupJson,
} from './volunteers.testkit';

let t: TestContext;
let A: string;
let leader: Client;
let staff: Client;
let people: (Actor & { householdId: string })[];
const hour = 3_600_000;
const me = (path: string) => `/api/v1/me/${path}`;

beforeAll(async () => {
  t = await startTestApp();
  A = api(t.world.communityA);
  leader = await t.as('squadLeader');
  staff = await t.as('communityStaff');
  people = await residents(t, ['赵一', '钱二', '孙三', '李四', '周五']);
});
afterAll(() => t.close());

const signup = (who: Actor, activityId: string, extra: Record<string, unknown> = {}) =>
  who.client.post(me(`activities/${activityId}/signup`), extra);
const signupsOf = async (activityId: string) =>
  body<PageJson<SignupJson>>(await leader.get(`${A}/activities/${activityId}/signups?pageSize=50`), 200)
    .items;

describe('open sign-up with a waiting list', () => {
  let a: ActivityJson;
  beforeAll(async () => {
    a = await publishedActivity(t, leader, { capacity: 2 });
  });

  it('confirms while places remain, then puts people on the waiting list in order', async () => {
    const first = body<ActivityJson>(await signup(people[0]!, a.id), 201);
    expect(first).toMatchObject({ confirmedCount: 1, placesLeft: 1, mySignup: { state: 'confirmed' } });
    body(await signup(people[1]!, a.id), 201);
    const third = body<ActivityJson>(await signup(people[2]!, a.id), 201);
    expect(third).toMatchObject({ placesLeft: 0, mySignup: { state: 'waitlisted', waitlistPlace: 1 } });
    const fourth = body<ActivityJson>(await signup(people[3]!, a.id), 201);
    expect(fourth.mySignup).toMatchObject({ state: 'waitlisted', waitlistPlace: 2 });
  });

  it('signing up again answers with the first sign-up, never a second row', async () => {
    const again = body<ActivityJson>(await signup(people[0]!, a.id), 200);
    expect(again.mySignup?.state).toBe('confirmed');
    expect((await signupsOf(a.id)).filter((s) => s.name === '赵一')).toHaveLength(1);
  });

  it('a confirmed person withdrawing moves the first in line up, who is told', async () => {
    const left = body<ActivityJson>(await people[1]!.client.delete(me(`activities/${a.id}/signup`)), 200);
    expect(left.mySignup?.state).toBe('cancelled');
    const third = body<ActivityJson>(await people[2]!.client.get(me(`activities/${a.id}`)), 200);
    expect(third.mySignup).toMatchObject({ state: 'confirmed', waitlistPlace: null });
    expect(await notificationKinds(people[2]!.client)).toContain('activity_promoted');
    const fourth = body<ActivityJson>(await people[3]!.client.get(me(`activities/${a.id}`)), 200);
    expect(fourth.mySignup).toMatchObject({ state: 'waitlisted', waitlistPlace: 1 });
    // Nothing more to withdraw.
    expect((await people[1]!.client.delete(me(`activities/${a.id}/signup`))).statusCode).toBe(404);
  });

  it('more places move the waiting list up; fewer than those confirmed is refused', async () => {
    expect(errorCode(await leader.patch(`${A}/activities/${a.id}`, { capacity: 1 }), 409)).toBe(
      'activity_capacity_below_confirmed',
    );
    const bigger = body<ActivityJson>(await leader.patch(`${A}/activities/${a.id}`, { capacity: 3 }), 200);
    expect(bigger).toMatchObject({ capacity: 3, confirmedCount: 3, waitlistCount: 0 });
    expect(await notificationKinds(people[3]!.client)).toContain('activity_promoted');
  });

  it('a repeated sign-up with the same clientKey after withdrawing finds the first, not a new one', async () => {
    const b = await publishedActivity(t, leader);
    const key = 'phone-retry-1';
    const first = body<ActivityJson>(await signup(people[4]!, b.id, { clientKey: key }), 201);
    const replay = body<ActivityJson>(await signup(people[4]!, b.id, { clientKey: key }), 200);
    expect(replay.mySignup?.id).toBe(first.mySignup?.id);
    expect(await signupsOf(b.id)).toHaveLength(1);
  });
});

describe('the last place, taken by five at once', () => {
  it('exactly one gets it; the others wait in line', async () => {
    const a = await publishedActivity(t, leader, { capacity: 1 });
    const answers = await Promise.all(
      people.map((p) => signup(p, a.id, { clientKey: `race-${p.personId}` })),
    );
    expect(answers.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    const states = answers.map((r) => r.json<ActivityJson>().mySignup?.state);
    expect(states.filter((s) => s === 'confirmed')).toHaveLength(1);
    expect(states.filter((s) => s === 'waitlisted')).toHaveLength(4);
    const list = await signupsOf(a.id);
    expect(list.filter((s) => s.state === 'confirmed')).toHaveLength(1);
    expect(
      list
        .filter((s) => s.state === 'waitlisted')
        .map((s) => s.waitlistPlace)
        .sort(),
    ).toEqual([1, 2, 3, 4]);
  });

  it('two taps of one phone at once make one sign-up', async () => {
    const a = await publishedActivity(t, leader, { capacity: 5 });
    const taps = await Promise.all(
      [1, 2, 3].map(() => signup(people[0]!, a.id, { clientKey: 'double-tap' })),
    );
    expect(taps.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    expect(await signupsOf(a.id)).toHaveLength(1);
  });
});

describe('screened sign-up (自主报名+筛选) and check-in at the door', () => {
  let a: ActivityJson;
  let volunteer: Actor;
  beforeAll(async () => {
    a = await publishedActivity(t, leader, { capacity: 1, signupMode: 'screened', type: 'culture' });
    volunteer = await addSquadMember(t, '吴志愿', t.world.squadA);
  });

  it('everyone waits for the leader, who confirms one and waitlists the next', async () => {
    expect(body<ActivityJson>(await signup(people[0]!, a.id), 201).mySignup?.state).toBe('pending');
    expect(body<ActivityJson>(await signup(people[1]!, a.id), 201).mySignup?.state).toBe('pending');
    const [s0, s1] = await signupsOf(a.id);
    const approved = body<ActivityJson>(
      await leader.post(`${A}/activities/${a.id}/signups/${s0!.id}/approve`),
      200,
    );
    expect(approved).toMatchObject({ confirmedCount: 1, pendingCount: 1 });
    expect(await notificationKinds(people[0]!.client)).toContain('activity_signup_confirmed');
    body(await leader.post(`${A}/activities/${a.id}/signups/${s1!.id}/approve`), 200);
    expect((await signupsOf(a.id)).find((s) => s.id === s1!.id)).toMatchObject({
      state: 'waitlisted',
      waitlistPlace: 1,
    });
    expect(await notificationKinds(people[1]!.client)).toContain('activity_signup_waitlisted');
    // Deciding twice is refused.
    expect(errorCode(await leader.post(`${A}/activities/${a.id}/signups/${s0!.id}/approve`), 409)).toBe(
      'signup_state',
    );
  });

  it('rejecting the confirmed one gives the place to the waiting one', async () => {
    const [s0, s1] = await signupsOf(a.id);
    body(await leader.post(`${A}/activities/${a.id}/signups/${s0!.id}/reject`), 200);
    expect(await notificationKinds(people[0]!.client)).toContain('activity_signup_rejected');
    expect((await signupsOf(a.id)).find((s) => s.id === s1!.id)?.state).toBe('confirmed');
    expect(await notificationKinds(people[1]!.client)).toContain('activity_promoted');
  });

  it('the QR page shows the activity; only a confirmed sign-up checks in, once', async () => {
    const token = tokenOf(a);
    const page = body<{ open: boolean; activity: ActivityJson }>(
      await people[1]!.client.get(me(`activity-checkin/${token}`)),
      200,
    );
    expect(page).toMatchObject({ open: true, activity: { id: a.id, mySignup: { state: 'confirmed' } } });
    expect(errorCode(await people[0]!.client.post(me(`activity-checkin/${token}`)), 409)).toBe(
      'activity_not_confirmed',
    );
    const done = body<{ activity: ActivityJson }>(
      await people[1]!.client.post(me(`activity-checkin/${token}`)),
      200,
    );
    const at = done.activity.mySignup?.checkedInAt;
    expect(at).toBeTypeOf('number');
    const again = body<{ activity: ActivityJson }>(
      await people[1]!.client.post(me(`activity-checkin/${token}`)),
      200,
    );
    expect(again.activity.mySignup?.checkedInAt).toBe(at);
    // A wrong code, and a stranger to the community, find nothing.
    expect((await people[1]!.client.get(me(`activity-checkin/${'x'.repeat(32)}`))).statusCode).toBe(404);
    expect((await (await t.as('nobody')).get(me(`activity-checkin/${token}`))).statusCode).toBe(404);
  });

  it('held with a summary, it credits its length to the volunteers checked in — once', async () => {
    const b = await publishedActivity(t, leader, { capacity: null });
    body(await signup(volunteer, b.id, { asVolunteer: true }), 201);
    const s = (await signupsOf(b.id))[0]!;
    expect(s.asVolunteer).toBe(true);
    const checked = body<ActivityJson>(
      await leader.post(`${A}/activities/${b.id}/signups/${s.id}/checkin`),
      200,
    );
    expect(checked.checkedInCount).toBe(1);
    const hold = { summary: '演出圆满，观众六十余人', servedCount: 60 };
    const held = body<ActivityJson>(await leader.post(`${A}/activities/${b.id}/hold`, hold), 200);
    expect(held).toMatchObject({ state: 'held', servedCount: 60 });
    // Corrected summary: held again, still one entry.
    body(await leader.post(`${A}/activities/${b.id}/hold`, { ...hold, servedCount: 65 }), 200);
    const entries = body<PageJson<EntryJson>>(
      await staff.get(`${A}/service-entries?sourceKind=activity&personId=${volunteer.personId}`),
      200,
    );
    expect(entries.items).toEqual([
      expect.objectContaining({
        sourceId: b.id,
        minutes: 120,
        source: expect.objectContaining({ title: '重阳节文艺汇演' }),
      }),
    ]);
  });
});

describe('the activity’s life and what people see', () => {
  it('a draft is not shown to residents; published ones in my compound are; cancelling tells those signed up', async () => {
    const now = Date.now();
    const draft = body<ActivityJson>(
      await leader.post(`${A}/activities`, {
        title: '垃圾分类宣传',
        type: 'environment',
        startsAt: now + 5 * hour,
        endsAt: now + 6 * hour,
        squadId: t.world.squadA,
        compoundId: t.world.compoundA1,
      }),
      201,
    );
    expect(draft.state).toBe('draft');
    expect((await people[0]!.client.get(me(`activities/${draft.id}`))).statusCode).toBe(404);
    expect(errorCode(await signup(people[0]!, draft.id), 404)).toBe('not_found');
    body(await leader.post(`${A}/activities/${draft.id}/publish`), 200);
    expect(errorCode(await leader.post(`${A}/activities/${draft.id}/publish`), 409)).toBe('activity_state');
    const upcoming = body<PageJson<ActivityJson>>(
      await people[0]!.client.get(me('activities?pageSize=50')),
      200,
    );
    expect(upcoming.items.map((x) => x.id)).toContain(draft.id);
    body(await signup(people[0]!, draft.id), 201);
    const mine = body<PageJson<ActivityJson>>(
      await people[0]!.client.get(me('activities?view=mine&pageSize=50')),
      200,
    );
    expect(mine.items.map((x) => x.id)).toContain(draft.id);
    const cancelled = body<ActivityJson>(await leader.post(`${A}/activities/${draft.id}/cancel`), 200);
    expect(cancelled.state).toBe('cancelled');
    expect(await notificationKinds(people[0]!.client)).toContain('activity_cancelled');
    expect(errorCode(await signup(people[1]!, draft.id), 409)).toBe('activity_signup_closed');
  });

  it('an activity of compound A2 is out of reach for A1’s people and its branch, and B’s staff see nothing', async () => {
    const a2 = await publishedActivity(t, staff, { compoundId: t.world.compoundA2, squadId: null });
    expect((await people[0]!.client.get(me(`activities/${a2.id}`))).statusCode).toBe(404);
    const branch = await t.as('branch');
    expect((await branch.get(`${A}/activities/${a2.id}`)).statusCode).toBe(403);
    expect((await branch.patch(`${A}/activities/${a2.id}`, { title: '改名' })).statusCode).toBe(403);
    expect((await leader.post(`${A}/activities/${a2.id}/cancel`)).statusCode).toBe(403);
    const listed = body<PageJson<ActivityJson>>(await branch.get(`${A}/activities?pageSize=200`), 200);
    expect(listed.items.map((x) => x.id)).not.toContain(a2.id);
    expect(
      body<PageJson<ActivityJson>>(await staff.get(`${A}/activities?pageSize=200`), 200).items.map(
        (x) => x.id,
      ),
    ).toContain(a2.id);
    const B = api(t.world.communityB);
    const staffB = await staffOfB(t);
    expect((await staffB.get(`${B}/activities/${a2.id}`)).statusCode).toBe(404);
    expect((await staffB.get(`${A}/activities/${a2.id}`)).statusCode).toBe(403);
  });

  it('refuses bad input with 400 and unknown ids with 404', async () => {
    const now = Date.now();
    const base = { title: '活动', type: 'other', startsAt: now + hour, endsAt: now + 2 * hour };
    expect(errorCode(await staff.post(`${A}/activities`, { ...base, endsAt: now }), 400)).toBe(
      'activity_time_order',
    );
    expect((await staff.post(`${A}/activities`, { ...base, type: 'party_games' })).statusCode).toBe(400);
    expect(
      (await staff.post(`${A}/activities`, { ...base, compoundId: t.world.compoundB1 })).statusCode,
    ).toBe(400);
    expect((await staff.post(`${A}/activities`, { ...base, capacity: 0 })).statusCode).toBe(400);
    expect((await staff.get(`${A}/activities/no-such-activity`)).statusCode).toBe(404);
    expect(
      (await staff.post(`${A}/activities/no-such-activity/hold`, { summary: 's', servedCount: 1 }))
        .statusCode,
    ).toBe(404);
    const a = await publishedActivity(t, staff);
    expect((await staff.post(`${A}/activities/${a.id}/signups/nope/approve`)).statusCode).toBe(404);
    expect(
      (await staff.post(`${A}/activities/${a.id}/hold`, { summary: '', servedCount: -1 })).statusCode,
    ).toBe(400);
  });

  it('the calendar groups activities by day, for a compound with the community-wide ones', async () => {
    const day = new Date(Date.now() + 8 * hour + hour).toISOString().slice(0, 10);
    const cal = body<{ days: { date: string; activities: { id: string; compoundId: string | null }[] }[] }>(
      await staff.get(`${A}/activity-calendar?from=${day}&to=${day}&compoundId=${t.world.compoundA2}`),
      200,
    );
    const ids = cal.days.flatMap((d) => d.activities);
    expect(ids.every((x) => x.compoundId === t.world.compoundA2 || x.compoundId === null)).toBe(true);
    expect((await staff.get(`${A}/activity-calendar?from=2026-01-01&to=2026-12-31`)).statusCode).toBe(400);
  });

  it('my calendar lists the activities I signed up for', async () => {
    const from = new Date(Date.now() + 8 * hour - 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 8 * hour + 86_400_000).toISOString().slice(0, 10);
    const items = body<{ kind: string; id: string }[]>(
      await people[0]!.client.get(me(`calendar?from=${from}&to=${to}`)),
      200,
    );
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.kind === 'activity')).toBe(true);
  });
});

describe('live changes', () => {
  it('the console hears of a sign-up in its scope, and a branch of A2 does not', async () => {
    const a = await publishedActivity(t, leader);
    const stream = await openEventStream(leader, `${A}/activity-stream`);
    const branchA2 = await t.holding('branch', 'compound', t.world.compoundA2);
    const other = await openEventStream(branchA2, `${A}/activity-stream`);
    try {
      body(await signup(people[3]!, a.id), 201);
      const event = await stream.next('activity');
      expect(event.data).toMatchObject({ activityId: a.id, compoundId: t.world.compoundA1 });
      await expect(other.next('activity', 300)).rejects.toThrow();
    } finally {
      stream.close();
      other.close();
    }
  });
});

describe('the reminder clock', () => {
  it('reminds each confirmed person once, two hours before', async () => {
    const a = await publishedActivity(t, leader);
    const who = people[4]!;
    body(await signup(who, a.id), 201);
    const reminders = async () =>
      body<PageJson<{ kind: string; link: string }>>(
        await who.client.get(me('notifications?pageSize=100')),
        200,
      ).items.filter((n) => n.kind === 'activity_reminder' && n.link === `/activities/${a.id}`).length;
    await activityClock.run(t.deps, Date.now() - 2 * hour);
    expect(await reminders()).toBe(0);
    await activityClock.run(t.deps, Date.now());
    await activityClock.run(t.deps, Date.now());
    expect(await reminders()).toBe(1);
  });
});
