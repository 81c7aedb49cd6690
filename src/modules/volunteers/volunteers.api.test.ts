import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { placeOrder, setUpOrderWorld, type OrderWorld } from '../orders/orders.testkit';
import { creditService } from './ledger';
import {
  addResident,
  addSquadMember,
  api,
  body,
  errorCode,
  notificationKinds,
  publishedActivity,
  staffOfB,
  type Actor,
  type EntryJson,
  type PageJson,
} from './volunteers.testkit';

let t: TestContext;
let A: string;
let staff: Client;
let leader: Client;
let ow: OrderWorld;
const me = (path: string) => `/api/v1/me/${path}`;
const put = (client: Client, url: string, payload: unknown) => client.request('PUT', url, payload);

interface VolunteerJson {
  personId: string;
  name: string;
  skills: { code: string; name: string }[];
  tags: string[];
  availability: { weekdays: number[]; slots: string[] };
  compoundId: string | null;
  isPartyMember: boolean;
  status: string;
  squads: { id: string; name: string; role: string }[];
  minutes: number;
  hours: number;
}
interface MyVolunteerJson {
  communityId: string | null;
  profile: VolunteerJson | null;
  squads: { id: string }[];
  minutes: { month: number; year: number; all: number };
  hours: { month: number; year: number; all: number };
  points: { month: number; year: number; all: number } | null;
  recentEntries: EntryJson[];
}

beforeAll(async () => {
  t = await startTestApp();
  A = api(t.world.communityA);
  staff = await t.as('communityStaff');
  leader = await t.as('squadLeader');
  ow = await setUpOrderWorld(t);
});
afterAll(() => t.close());

describe('settings', () => {
  it('has the defaults until changed; only a community-wide manager changes them, and it is audited', async () => {
    const s = body<{
      skills: { code: string }[];
      pointsEnabled: boolean;
      orderMinutes: number;
      visitMinutes: number;
    }>(await leader.get(`${A}/volunteer-settings`), 200);
    expect(s).toMatchObject({ pointsEnabled: false, orderMinutes: 60, visitMinutes: 30 });
    expect(s.skills.map((k) => k.code)).toContain('haircut');
    expect((await leader.patch(`${A}/volunteer-settings`, { pointsEnabled: true })).statusCode).toBe(403);
    expect(errorCode(await staff.patch(`${A}/volunteer-settings`, {}), 400)).toBe('validation');
    const changed = body<{ pointsEnabled: boolean; pointsPerHour: number }>(
      await staff.patch(`${A}/volunteer-settings`, { pointsEnabled: true, pointsPerHour: 12 }),
      200,
    );
    expect(changed).toMatchObject({ pointsEnabled: true, pointsPerHour: 12 });
    const logged = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('community_id', '=', t.world.communityA)
      .where('action', '=', 'volunteer_settings.update')
      .execute();
    expect(logged).toHaveLength(1);
  });
});

describe('hours credited from orders and visits', () => {
  it('an order resolved credits its member with the minutes per order, once, with the order as source', async () => {
    const member = ow.members[0];
    const order = await placeOrder(ow);
    const task = (step: string) => me(`tasks/${order.id}/${step}`);
    body(await ow.leader.client.post(`${A}/orders/${order.id}/assign`, { personId: member.personId }), 200);
    body(await member.client.post(task('accept')), 200);
    body(await member.client.post(task('resolve'), { note: '已修好', minutesSpent: 90 }), 200);
    const mine = body<MyVolunteerJson>(await member.client.get(me('volunteer')), 200);
    expect(mine.minutes.all).toBe(60);
    expect(mine.hours.all).toBe(1);
    // 12 points an hour, as set above.
    expect(mine.points?.all).toBe(12);
    expect(mine.recentEntries[0]).toMatchObject({
      sourceKind: 'order',
      sourceId: order.id,
      source: { kind: 'order', title: '水电维修', link: `/tasks/${order.id}` },
    });
    // Crediting the same order again (a retried step) changes nothing.
    await t.deps.db
      .transaction()
      .execute((trx) =>
        creditService(trx, t.world.communityA, [
          { personId: member.personId, sourceKind: 'order', sourceId: order.id, minutes: 60, at: Date.now() },
        ]),
      );
    expect(body<MyVolunteerJson>(await member.client.get(me('volunteer')), 200).minutes.all).toBe(60);
  });

  it('a door-knock visit credits the visitor’s person with the minutes per visit', async () => {
    const member = ow.members[1];
    body(
      await staff.post(`${A}/contact-assignments`, {
        householdId: ow.resident.householdId,
        personId: member.personId,
      }),
      201,
    );
    const visit = body<{ id: string }>(
      await member.client.post(me('visits'), { householdId: ow.resident.householdId, outcome: 'met' }),
      201,
    );
    const entries = body<PageJson<EntryJson>>(await member.client.get(me('service-entries')), 200);
    expect(entries.items).toEqual([
      expect.objectContaining({
        sourceKind: 'visit',
        sourceId: visit.id,
        minutes: 30,
        source: expect.objectContaining({ title: '1栋 101' }),
      }),
    ]);
  });

  it('someone on no community’s rolls has no service entries (an empty page, not an error)', async () => {
    const stranger = await t.as('nobody');
    const entries = body<PageJson<EntryJson>>(await stranger.get(me('service-entries')), 200);
    expect(entries).toMatchObject({ items: [], total: 0 });
  });
});

describe('profiles', () => {
  let resident: Actor;
  beforeAll(async () => {
    resident = await addResident(t, '郑小红');
  });

  it('a resident becomes a volunteer with skills, tags and when they are free; the place comes from their home', async () => {
    expect(body<MyVolunteerJson>(await resident.client.get(me('volunteer')), 200)).toMatchObject({
      communityId: t.world.communityA,
      profile: null,
    });
    const made = body<MyVolunteerJson>(
      await put(resident.client, me('volunteer'), {
        communityId: t.world.communityA,
        skills: ['haircut', 'companion'],
        tags: ['周末有空'],
        availability: { weekdays: [6, 7], slots: ['morning'] },
      }),
      200,
    );
    expect(made.profile).toMatchObject({
      name: '郑小红',
      skills: [
        { code: 'haircut', name: '理发' },
        { code: 'companion', name: '陪护' },
      ],
      compoundId: t.world.compoundA1,
      isPartyMember: false,
      status: 'active',
    });
    const changed = body<MyVolunteerJson>(
      await put(resident.client, me('volunteer'), { communityId: t.world.communityA, skills: ['legal'] }),
      200,
    );
    expect(changed.profile?.skills.map((s) => s.code)).toEqual(['legal']);
    expect(changed.profile?.tags).toEqual(['周末有空']);
    expect(
      errorCode(
        await put(resident.client, me('volunteer'), {
          communityId: t.world.communityA,
          skills: ['juggling'],
        }),
        400,
      ),
    ).toBe('volunteer_skill_unknown');
    expect(
      errorCode(
        await put(resident.client, me('volunteer'), {
          communityId: t.world.communityA,
          skills: [],
          availability: { weekdays: [8], slots: [] },
        }),
        400,
      ),
    ).toBe('validation');
  });

  it('two taps on “become a volunteer” at once make one profile, and both answer with it', async () => {
    const twice = await addResident(t, '卫双击');
    const taps = await Promise.all(
      [0, 1].map(() =>
        put(twice.client, me('volunteer'), { communityId: t.world.communityA, skills: ['legal'] }),
      ),
    );
    for (const tap of taps) expect(body<MyVolunteerJson>(tap, 200).profile).toMatchObject({ name: '卫双击' });
    const rows = await t.deps.db
      .selectFrom('volunteer_profiles')
      .select('id')
      .where('community_id', '=', t.world.communityA)
      .where('person_id', '=', twice.personId)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('someone on no community’s rolls cannot become a volunteer there', async () => {
    const nobody = await t.as('nobody');
    expect(
      errorCode(await put(nobody, me('volunteer'), { communityId: t.world.communityA, skills: [] }), 409),
    ).toBe('volunteer_no_person');
    expect(body<MyVolunteerJson>(await nobody.get(me('volunteer')), 200)).toMatchObject({
      communityId: null,
      profile: null,
    });
  });

  it('staff make a profile for a person, find it by skill and name, and pause it (audited)', async () => {
    const made = body<VolunteerJson>(
      await staff.post(`${A}/volunteers`, {
        personId: ow.members[0].personId,
        skills: ['repair'],
        tags: ['水电'],
      }),
      201,
    );
    expect(made).toMatchObject({
      name: '张水电',
      isPartyMember: true,
      squads: [{ id: t.world.squadA }],
      minutes: 60,
    });
    expect(errorCode(await staff.post(`${A}/volunteers`, { personId: ow.members[0].personId }), 409)).toBe(
      'volunteer_profile_exists',
    );
    expect((await staff.post(`${A}/volunteers`, { personId: 'nobody-here' })).statusCode).toBe(400);
    const bySkill = body<PageJson<VolunteerJson>>(await staff.get(`${A}/volunteers?skill=repair`), 200);
    expect(bySkill.items.map((v) => v.name)).toEqual(['张水电']);
    const byName = body<PageJson<VolunteerJson>>(
      await staff.get(`${A}/volunteers?q=${encodeURIComponent('郑')}`),
      200,
    );
    expect(byName.items.map((v) => v.name)).toEqual(['郑小红']);
    const paused = body<VolunteerJson>(
      await staff.patch(`${A}/volunteers/${ow.members[0].personId}`, { status: 'paused' }),
      200,
    );
    expect(paused.status).toBe('paused');
    expect(body<PageJson<VolunteerJson>>(await staff.get(`${A}/volunteers?status=paused`), 200).total).toBe(
      1,
    );
    const logged = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'volunteer.status')
      .execute();
    expect(logged).toHaveLength(1);
  });

  it('a squad leader sees the profiles of the squad’s members only, and B’s staff none of A’s', async () => {
    const listed = body<PageJson<VolunteerJson>>(await leader.get(`${A}/volunteers`), 200);
    expect(listed.items.map((v) => v.name)).toEqual(['张水电']);
    const residentPerson = body<PageJson<VolunteerJson>>(
      await staff.get(`${A}/volunteers?q=${encodeURIComponent('郑')}`),
      200,
    ).items[0]!.personId;
    expect((await leader.get(`${A}/volunteers/${residentPerson}`)).statusCode).toBe(403);
    expect((await leader.patch(`${A}/volunteers/${residentPerson}`, { status: 'left' })).statusCode).toBe(
      403,
    );
    expect((await leader.get(`${A}/volunteers/no-such-person`)).statusCode).toBe(404);
    const staffB = await staffOfB(t);
    expect((await staffB.get(`${A}/volunteers`)).statusCode).toBe(403);
    expect(
      body<PageJson<VolunteerJson>>(await staffB.get(`${api(t.world.communityB)}/volunteers`), 200).total,
    ).toBe(0);
  });

  it('a branch cannot move a volunteer of its compound into a compound it does not run', async () => {
    const branch = await t.as('branch');
    const zheng = body<PageJson<VolunteerJson>>(
      await staff.get(`${A}/volunteers?q=${encodeURIComponent('郑')}`),
      200,
    ).items[0]!;
    expect(zheng.compoundId).toBe(t.world.compoundA1);
    const url = `${A}/volunteers/${zheng.personId}`;
    expect((await branch.patch(url, { tags: ['楼长'] })).statusCode).toBe(200);
    expect(errorCode(await branch.patch(url, { compoundId: t.world.compoundA2 }), 403)).toBe('forbidden');
    expect(body<VolunteerJson>(await staff.get(url), 200)).toMatchObject({
      compoundId: t.world.compoundA1,
      tags: ['楼长'],
    });
  });
});

describe('squads: campaigns, joining and leaving', () => {
  let campaign: { id: string; signupPath: string; open: boolean };
  let recruit: Actor;
  const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    recruit = await addResident(t, '冯新人');
  });

  it('a leader opens a campaign for the squad; its public page needs no login', async () => {
    campaign = body(
      await leader.post(`${A}/campaigns`, {
        title: '帮帮快递先锋队招募',
        body: '欢迎有一技之长的居民加入',
        squadId: t.world.squadA,
        skillsWanted: ['repair', 'haircut'],
        startsOn: today(),
        endsOn: '2099-12-31',
      }),
      201,
    );
    expect(campaign.open).toBe(true);
    expect(
      errorCode(
        await leader.post(`${A}/campaigns`, { title: 'x', body: 'y', startsOn: today(), endsOn: today() }),
        403,
      ),
    ).toBe('forbidden');
    expect(
      errorCode(
        await staff.post(`${A}/campaigns`, {
          title: 'x',
          body: 'y',
          startsOn: '2026-02-01',
          endsOn: '2026-01-01',
        }),
        400,
      ),
    ).toBe('date_order');
    const page = body<{
      title: string;
      squad: { id: string } | null;
      skillsWanted: { name: string }[];
      open: boolean;
    }>(await t.anonymous().get(`/api/v1${campaign.signupPath}`), 200);
    expect(page).toMatchObject({ title: '帮帮快递先锋队招募', squad: { id: t.world.squadA }, open: true });
    expect(page.skillsWanted.map((s) => s.name)).toEqual(['水电维修', '理发']);
    expect((await t.anonymous().get(`/api/v1/recruit/${'z'.repeat(32)}`)).statusCode).toBe(404);
    const qr = await leader.get(`${A}/campaigns/${campaign.id}/qr.svg`);
    expect(qr.statusCode).toBe(200);
    expect(qr.body).toContain('<svg');
  });

  it('signing up through it asks to join the squad (once); the leader is told and approves', async () => {
    const token = campaign.signupPath.split('/').pop()!;
    const first = body<{ kind: string; joinRequestId: string }>(
      await recruit.client.post(me(`recruit/${token}`), { message: '会理发', skills: ['haircut'] }),
      200,
    );
    expect(first.kind).toBe('join_request');
    const again = body<{ joinRequestId: string }>(await recruit.client.post(me(`recruit/${token}`), {}), 200);
    expect(again.joinRequestId).toBe(first.joinRequestId);
    expect(await notificationKinds(leader)).toContain('squad_join_requested');
    const queue = body<PageJson<{ id: string; name: string; campaignTitle: string; state: string }>>(
      await leader.get(`${A}/join-requests?state=pending`),
      200,
    );
    expect(queue.items).toEqual([
      expect.objectContaining({ name: '冯新人', campaignTitle: '帮帮快递先锋队招募' }),
    ]);
    const approved = body<{ state: string }>(
      await leader.post(`${A}/join-requests/${first.joinRequestId}/approve`, { note: '欢迎' }),
      200,
    );
    expect(approved.state).toBe('approved');
    expect(errorCode(await leader.post(`${A}/join-requests/${first.joinRequestId}/reject`, {}), 409)).toBe(
      'join_request_decided',
    );
    expect(await notificationKinds(recruit.client)).toContain('squad_join_approved');
    const mine = body<MyVolunteerJson>(await recruit.client.get(me('volunteer')), 200);
    expect(mine.squads.map((s) => s.id)).toEqual([t.world.squadA]);
    expect(mine.profile?.skills.map((s) => s.code)).toEqual(['haircut']);
    const options = body<{ id: string; member: boolean }[]>(
      await recruit.client.get(me('squad-options')),
      200,
    );
    expect(options.find((o) => o.id === t.world.squadA)?.member).toBe(true);
    expect(errorCode(await recruit.client.post(me(`squads/${t.world.squadA}/join`), {}), 409)).toBe(
      'squad_already_member',
    );
  });

  it('a member leaves; asking again makes a new request which can be rejected', async () => {
    body(await recruit.client.post(me(`squads/${t.world.squadA}/leave`)), 200);
    expect((await recruit.client.post(me(`squads/${t.world.squadA}/leave`))).statusCode).toBe(404);
    const request = body<{ id: string; state: string }>(
      await recruit.client.post(me(`squads/${t.world.squadA}/join`), {}),
      201,
    );
    expect(
      body<{ id: string }>(await recruit.client.post(me(`squads/${t.world.squadA}/join`), {}), 200).id,
    ).toBe(request.id);
    body(await staff.post(`${A}/join-requests/${request.id}/reject`), 200);
    expect(await notificationKinds(recruit.client)).toContain('squad_join_rejected');
    const mine = body<PageJson<{ state: string }>>(await recruit.client.get(me('join-requests')), 200);
    expect(mine.items.map((r) => r.state)).toEqual(['rejected', 'approved']);
    expect((await recruit.client.post(me('squads/no-such-squad/join'), {})).statusCode).toBe(404);
  });

  it('a branch of compound A2 sees no requests of squadA and cannot decide them; closing stops the link', async () => {
    const branchA2 = await t.holding('branch', 'compound', t.world.compoundA2);
    expect(body<PageJson<unknown>>(await branchA2.get(`${A}/join-requests`), 200).total).toBe(0);
    const req = body<{ id: string }>(await recruit.client.post(me(`squads/${t.world.squadA}/join`), {}), 201);
    expect((await branchA2.post(`${A}/join-requests/${req.id}/approve`)).statusCode).toBe(403);
    expect((await leader.post(`${A}/join-requests/no-such/approve`)).statusCode).toBe(404);
    const closed = body<{ state: string; open: boolean }>(
      await leader.post(`${A}/campaigns/${campaign.id}/close`),
      200,
    );
    expect(closed).toMatchObject({ state: 'closed', open: false });
    const token = campaign.signupPath.split('/').pop()!;
    expect(errorCode(await recruit.client.post(me(`recruit/${token}`), {}), 409)).toBe('campaign_closed');
  });
});

describe('the ledger and the figures', () => {
  it('staff enter service by hand and void a wrong entry (both audited); voided entries count for nothing', async () => {
    const member = await addSquadMember(t, '陈补录', t.world.squadA);
    const entry = body<EntryJson>(
      await leader.post(`${A}/service-entries`, {
        personId: member.personId,
        minutes: 45,
        at: Date.now() - 3_600_000,
        note: '协助社区搬运物资',
        squadId: t.world.squadA,
      }),
      201,
    );
    expect(entry).toMatchObject({
      sourceKind: 'manual',
      minutes: 45,
      source: { title: '协助社区搬运物资', link: null },
    });
    expect(
      (
        await leader.post(`${A}/service-entries`, {
          personId: member.personId,
          minutes: 45,
          at: Date.now(),
          note: 'x',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      errorCode(
        await leader.post(`${A}/service-entries`, {
          personId: member.personId,
          minutes: 45,
          at: Date.now() + 86_400_000,
          note: 'x',
          squadId: t.world.squadA,
        }),
        400,
      ),
    ).toBe('service_entry_time');
    const voided = body<EntryJson>(
      await leader.post(`${A}/service-entries/${entry.id}/void`, { reason: '重复录入' }),
      200,
    );
    expect(voided.voidedAt).toBeTypeOf('number');
    expect(
      errorCode(await leader.post(`${A}/service-entries/${entry.id}/void`, { reason: '再次' }), 409),
    ).toBe('service_entry_voided');
    expect(body<MyVolunteerJson>(await member.client.get(me('volunteer')), 200).minutes.all).toBe(0);
    const actions = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', 'service_entry')
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['service_entry.create', 'service_entry.void']);
  });

  it('every figure is the count of the rows its source list returns', async () => {
    // An activity held with people served, so every figure has something to count.
    const held = await publishedActivity(t, leader);
    body(await leader.post(`${A}/activities/${held.id}/hold`, { summary: '完成', servedCount: 40 }), 200);
    const figures = body<{
      volunteersActive: number;
      minutes: number;
      activitiesHeld: number;
      residentsServed: number;
      byKind: Record<string, { entries: number; minutes: number }>;
      bySquad: { squadId: string; minutes: number }[];
      patrols: { runsDone: number; findings: number } | null;
      sources: Record<string, { path: string; query: Record<string, string> }>;
    }>(await staff.get(`${A}/volunteer-figures`), 200);
    const list = async (s: { path: string; query: Record<string, string> }) =>
      body<PageJson<{ personId?: string; minutes?: number; servedCount?: number }>>(
        await staff.get(`${A}/${s.path}?${new URLSearchParams({ ...s.query, pageSize: '200' })}`),
        200,
      ).items;
    const entries = await list(figures.sources.hours!);
    expect(figures.minutes).toBe(entries.reduce((n, e) => n + e.minutes!, 0));
    expect(figures.volunteersActive).toBe(new Set(entries.map((e) => e.personId)).size);
    expect(figures.byKind.order).toMatchObject({ entries: 1, minutes: 60 });
    expect(figures.byKind.visit).toMatchObject({ entries: 1, minutes: 30 });
    expect(figures.byKind.manual).toMatchObject({ entries: 0, minutes: 0 });
    const activities = await list(figures.sources.activitiesHeld!);
    expect(figures.activitiesHeld).toBe(activities.length);
    expect(figures.residentsServed).toBe(activities.reduce((n, a) => n + (a.servedCount ?? 0), 0));
    expect(figures.residentsServed).toBe(40);
    expect(figures.patrols).toMatchObject({ runsDone: 0, findings: 0 });
    // The squad leader's figures cover the squad's rows only.
    const squadOnly = body<{ minutes: number; bySquad: { squadId: string }[]; patrols: unknown }>(
      await leader.get(`${A}/volunteer-figures`),
      200,
    );
    // Patrol counts cover the community: not for a squad leader unless asked for their squad.
    expect(squadOnly.patrols).toBeNull();
    expect(
      body<{ patrols: unknown }>(await leader.get(`${A}/volunteer-figures?squadId=${t.world.squadA}`), 200)
        .patrols,
    ).not.toBeNull();
    expect(squadOnly.bySquad.every((s) => s.squadId === t.world.squadA)).toBe(true);
    expect(squadOnly.minutes).toBe(60);
  });
});
