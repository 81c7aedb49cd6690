import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { body, errorCode, type Client } from '../../../test/support/client';
import { todayInShanghai } from '../../core/time';
import { addSquadMember, api, staffOfB, type Actor } from '../orders/orders.testkit';
import { calendarEntriesFor } from './exports';
import { addDays } from './rules';

/**
 * 值班表 end to end: duty places with their shifts, a fair rotation (and what happens when shifts are
 * already planned), single shifts, swaps asked on the phone, agreed by the colleague and approved in
 * the console, today's duty on the resident home page with masked names, and who sees what.
 */

let t: TestContext;
let A: string;
let staff: Client;
let leader: Client;
let branch: Client;
let people: Actor[];
const today = todayInShanghai();

interface PlaceJson {
  id: string;
  compoundId: string | null;
  squadId: string | null;
  name: string;
  shiftPattern: { code: string; label: string; start: string; end: string }[];
}
interface ShiftJson {
  id: string;
  placeId: string;
  placeName: string;
  date: string;
  slotCode: string;
  slotLabel: string;
  startsAt: number;
  endsAt: number;
  personId: string;
  name: string;
  state: string;
  pendingSwapId: string | null;
}
interface SwapJson {
  id: string;
  shiftId: string;
  fromPersonId: string;
  toPersonId: string;
  state: string;
  acceptedAt: number | null;
}
interface MyDuty {
  shifts: (ShiftJson & { colleagues: { personId: string; name: string }[] })[];
  swapRequests: SwapJson[];
}

const station = {
  name: '党群服务站',
  kind: 'station',
  shiftPattern: [
    { code: 'am', label: '上午', start: '08:30', end: '12:00' },
    { code: 'pm', label: '下午', start: '14:00', end: '17:30' },
  ],
};

beforeAll(async () => {
  t = await startTestApp();
  A = api(t.world.communityA);
  [staff, leader, branch] = await Promise.all([t.as('communityStaff'), t.as('squadLeader'), t.as('branch')]);
  people = [
    await addSquadMember(t, '周值班', t.world.squadA),
    await addSquadMember(t, '吴值班', t.world.squadA),
    await addSquadMember(t, '郑值班', t.world.squadA),
  ];
});
afterAll(() => t.close());

describe('duty places and rotation', () => {
  let place: PlaceJson;
  let site: PlaceJson;

  it('staff add the community’s service station; a squad leader the squad’s building site', async () => {
    place = body<PlaceJson>(await staff.post(`${A}/duty-places`, station), 201);
    expect(place).toMatchObject({ compoundId: null, squadId: null, name: '党群服务站' });
    site = body<PlaceJson>(
      await leader.post(`${A}/duty-places`, {
        name: '3栋管网改造施工现场',
        kind: 'site',
        compoundId: t.world.compoundA1,
        squadId: t.world.squadA,
        shiftPattern: [{ code: 'day', label: '24小时', start: '00:00', end: '24:00' }],
      }),
      201,
    );
    expect(site.shiftPattern[0]).toMatchObject({ end: '24:00' });
    // A squad leader cannot open a community-wide place.
    expect(errorCode(await leader.post(`${A}/duty-places`, station), 403)).toBe('forbidden');
    expect(
      errorCode(
        await staff.post(`${A}/duty-places`, {
          ...station,
          shiftPattern: [station.shiftPattern[0], station.shiftPattern[0]],
        }),
        400,
      ),
    ).toBe('duty_pattern_codes');
  });

  it('scopes places: the leader sees the squad’s, the branch its compound’s, community B none', async () => {
    const names = async (c: Client) =>
      body<{ items: PlaceJson[] }>(await c.get(`${A}/duty-places`), 200).items.map((p) => p.name);
    expect(await names(staff)).toEqual(['3栋管网改造施工现场', '党群服务站']);
    expect(await names(leader)).toEqual(['3栋管网改造施工现场']);
    expect(await names(branch)).toEqual(['3栋管网改造施工现场']);
    expect(errorCode(await leader.patch(`${A}/duty-places/${place.id}`, { name: '改名' }), 403)).toBe(
      'forbidden',
    );
    expect(errorCode(await staff.patch(`${A}/duty-places/nope`, { name: '改名' }), 404)).toBe('not_found');
    const b = await staffOfB(t);
    expect(body<{ total: number }>(await b.get(`${api(t.world.communityB)}/duty-places`), 200).total).toBe(0);
    expect(
      errorCode(await b.patch(`${api(t.world.communityB)}/duty-places/${place.id}`, { name: 'x' }), 404),
    ).toBe('not_found');
  });

  it('rotates three people fairly over a week of two shifts a day', async () => {
    const to = addDays(today, 6);
    const made = body<{ created: number; replaced: number; counts: { personId: string; shifts: number }[] }>(
      await staff.post(`${A}/duty-places/${place.id}/rotation`, {
        from: today,
        to,
        people: people.map((p) => p.personId),
      }),
      201,
    );
    expect(made.created).toBe(14);
    expect(made.counts.map((c) => c.shifts).sort()).toEqual([4, 5, 5]);
    const grid = body<{ items: ShiftJson[]; total: number }>(
      await staff.get(`${A}/duty-shifts?placeId=${place.id}&from=${today}&to=${to}&pageSize=100`),
      200,
    );
    expect(grid.total).toBe(14);
    expect(grid.items[0]).toMatchObject({ date: today, slotCode: 'am', slotLabel: '上午', name: '周值班' });
    expect(grid.items[0]!.endsAt - grid.items[0]!.startsAt).toBe(210 * 60_000);
  });

  it('refuses to rotate over planned shifts unless told to replace them', async () => {
    const res = await staff.post(`${A}/duty-places/${place.id}/rotation`, {
      from: addDays(today, 5),
      to: addDays(today, 8),
      people: [people[1]!.personId, people[2]!.personId],
    });
    expect(errorCode(res, 409)).toBe('duty_clash');
    expect(res.json<{ error: { details: unknown[] } }>().error.details).toHaveLength(4);
    const replaced = body<{ created: number; replaced: number }>(
      await staff.post(`${A}/duty-places/${place.id}/rotation`, {
        from: addDays(today, 5),
        to: addDays(today, 8),
        people: [people[1]!.personId, people[2]!.personId],
        perShift: 2,
        replace: true,
      }),
      201,
    );
    expect(replaced).toEqual(expect.objectContaining({ created: 16, replaced: 4 }));
    const day6 = body<{ items: ShiftJson[] }>(
      await staff.get(
        `${A}/duty-shifts?placeId=${place.id}&from=${addDays(today, 6)}&to=${addDays(today, 6)}`,
      ),
      200,
    );
    expect(day6.items.map((s) => s.name).sort()).toEqual(['吴值班', '吴值班', '郑值班', '郑值班']);
    expect(
      errorCode(
        await staff.post(`${A}/duty-places/${place.id}/rotation`, {
          from: today,
          to: today,
          people: [people[0]!.personId],
          perShift: 2,
          replace: true,
        }),
        400,
      ),
    ).toBe('duty_per_shift');
    expect(
      errorCode(
        await staff.post(`${A}/duty-places/${place.id}/rotation`, {
          from: today,
          to: addDays(today, -1),
          people: [people[0]!.personId],
        }),
        400,
      ),
    ).toBe('duty_range');
    expect(
      errorCode(
        await staff.post(`${A}/duty-places/${place.id}/rotation`, {
          from: today,
          to: today,
          people: ['nobody-here'],
        }),
        400,
      ),
    ).toBe('duty_person_unknown');
  });

  it('adds and cancels single shifts; the same person twice on one shift is refused', async () => {
    const one = { placeId: site.id, date: today, slotCode: 'day', personId: people[0]!.personId };
    const shift = body<ShiftJson>(await leader.post(`${A}/duty-shifts`, one), 201);
    expect(shift).toMatchObject({ state: 'planned', name: '周值班', slotLabel: '24小时' });
    expect(errorCode(await leader.post(`${A}/duty-shifts`, one), 409)).toBe('duty_shift_taken');
    expect(errorCode(await leader.post(`${A}/duty-shifts`, { ...one, slotCode: 'night' }), 400)).toBe(
      'duty_slot_unknown',
    );
    expect(body<ShiftJson>(await leader.delete(`${A}/duty-shifts/${shift.id}`), 200).state).toBe('cancelled');
    // Put back: the cancelled shift comes back rather than a twin.
    expect(body<ShiftJson>(await leader.post(`${A}/duty-shifts`, one), 201).id).toBe(shift.id);
    expect(errorCode(await leader.delete(`${A}/duty-shifts/nope`), 404)).toBe('not_found');
    const list = body<{ total: number }>(await staff.get(`${A}/duty-shifts?placeId=${site.id}`), 200);
    expect(list.total).toBe(1);
  });

  it('exports the roster as a workbook', async () => {
    const res = await staff.get(
      `/api/v1/export?path=/communities/${t.world.communityA}/duty-shifts&placeId=${place.id}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-export-rows']).toBe('26');
  });
});

describe('swaps and today’s duty on the phone', () => {
  let mine: MyDuty['shifts'][number];
  let swap: SwapJson;

  it('shows my shifts with the colleagues I could ask', async () => {
    const duty = body<MyDuty>(
      await people[0]!.client.get(`/api/v1/me/duty?from=${today}&to=${addDays(today, 4)}`),
      200,
    );
    expect(duty.shifts.length).toBeGreaterThan(0);
    expect(duty.shifts.every((s) => s.personId === people[0]!.personId)).toBe(true);
    mine = duty.shifts.find((s) => s.placeName === '党群服务站')!;
    expect(mine.colleagues.map((c) => c.name).sort()).toEqual(['吴值班', '郑值班']);
  });

  it('asks a colleague, who agrees; staff approve and the shift is theirs', async () => {
    const ask = (to: string) =>
      people[0]!.client.post(`/api/v1/me/duty-shifts/${mine.id}/swap`, {
        toPersonId: to,
        reason: '家里有事',
      });
    swap = body<SwapJson>(await ask(people[1]!.personId), 201);
    expect(swap).toMatchObject({ state: 'pending', fromPersonId: people[0]!.personId, acceptedAt: null });
    expect(errorCode(await ask(people[2]!.personId), 409)).toBe('duty_swap_pending');
    expect(
      errorCode(
        await people[1]!.client.post(`/api/v1/me/duty-shifts/${mine.id}/swap`, {
          toPersonId: people[2]!.personId,
        }),
        404,
      ),
    ).toBe('not_found');

    const asked = body<MyDuty>(await people[1]!.client.get('/api/v1/me/duty'), 200);
    expect(asked.swapRequests.map((s) => s.id)).toEqual([swap.id]);
    const told = await t.deps.db
      .selectFrom('notifications')
      .select('kind')
      .where('account_id', '=', people[1]!.accountId)
      .execute();
    expect(told.map((n) => n.kind)).toContain('duty_swap_requested');
    const agreed = body<SwapJson>(
      await people[1]!.client.post(`/api/v1/me/duty-swaps/${swap.id}/accept`),
      200,
    );
    expect(agreed.acceptedAt).not.toBeNull();
    expect(errorCode(await people[2]!.client.post(`/api/v1/me/duty-swaps/${swap.id}/accept`), 404)).toBe(
      'not_found',
    );

    const waiting = body<{ items: SwapJson[] }>(await staff.get(`${A}/duty-swaps?state=pending`), 200);
    expect(waiting.items.map((s) => s.id)).toEqual([swap.id]);
    // The squad leader does not run the community's station.
    expect(errorCode(await leader.post(`${A}/duty-swaps/${swap.id}/approve`, {}), 403)).toBe('forbidden');
    const approved = body<SwapJson>(
      await staff.post(`${A}/duty-swaps/${swap.id}/approve`, { note: '同意' }),
      200,
    );
    expect(approved.state).toBe('approved');
    expect(errorCode(await staff.post(`${A}/duty-swaps/${swap.id}/reject`, {}), 409)).toBe('duty_swap_state');
    const shift = body<{ items: ShiftJson[] }>(
      await staff.get(`${A}/duty-shifts?placeId=${mine.placeId}&from=${mine.date}&to=${mine.date}`),
      200,
    ).items.find((s) => s.id === mine.id)!;
    expect(shift).toMatchObject({ personId: people[1]!.personId, name: '吴值班', state: 'swapped' });
    const decided = await t.deps.db
      .selectFrom('notifications')
      .select('kind')
      .where('account_id', '=', people[0]!.accountId)
      .execute();
    expect(decided.map((n) => n.kind)).toContain('duty_swap_approved');
    const audited = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', swap.id)
      .execute();
    expect(audited.map((a) => a.action)).toEqual(['duty.swap_approved']);
  });

  it('turns a swap down and leaves the shift where it was', async () => {
    const duty = body<MyDuty>(await people[2]!.client.get('/api/v1/me/duty'), 200);
    const shift = duty.shifts[0]!;
    const asked = body<SwapJson>(
      await people[2]!.client.post(`/api/v1/me/duty-shifts/${shift.id}/swap`, {
        toPersonId: people[0]!.personId,
      }),
      201,
    );
    expect(
      errorCode(
        await people[2]!.client.post(`/api/v1/me/duty-shifts/${shift.id}/swap`, {
          toPersonId: people[2]!.personId,
        }),
        409,
      ),
    ).toBe('duty_swap_pending');
    const rejected = body<SwapJson>(await staff.post(`${A}/duty-swaps/${asked.id}/reject`), 200);
    expect(rejected.state).toBe('rejected');
    const after = body<MyDuty>(await people[2]!.client.get('/api/v1/me/duty'), 200);
    expect(after.shifts.map((s) => s.id)).toContain(shift.id);
    expect(
      errorCode(
        await people[2]!.client.post(`/api/v1/me/duty-shifts/${shift.id}/swap`, {
          toPersonId: people[2]!.personId,
        }),
        400,
      ),
    ).toBe('duty_swap_self');
    expect(errorCode(await staff.post(`${A}/duty-swaps/nope/approve`), 404)).toBe('not_found');
  });

  it('keeps one swap waiting when two requests for a shift arrive together', async () => {
    const duty = body<MyDuty>(await people[2]!.client.get('/api/v1/me/duty'), 200);
    const shift = duty.shifts.find((s) => !s.pendingSwapId) ?? duty.shifts[0]!;
    const both = await Promise.all(
      [people[0]!, people[1]!].map((p) =>
        people[2]!.client.post(`/api/v1/me/duty-shifts/${shift.id}/swap`, { toPersonId: p.personId }),
      ),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(both.map((r) => r.json<{ error?: { code: string } }>().error?.code).filter(Boolean)).toEqual([
      'duty_swap_pending',
    ]);
    const waiting = body<{ items: SwapJson[] }>(await staff.get(`${A}/duty-swaps?state=pending`), 200).items;
    expect(waiting.filter((w) => w.shiftId === shift.id)).toHaveLength(1);
    for (const w of waiting) body(await staff.post(`${A}/duty-swaps/${w.id}/reject`), 200);
  });

  it('refuses to swap a shift already over', async () => {
    const place = body<{ items: PlaceJson[] }>(await staff.get(`${A}/duty-places?q=党群`), 200).items[0]!;
    const past = body<ShiftJson>(
      await staff.post(`${A}/duty-shifts`, {
        placeId: place.id,
        date: addDays(today, -1),
        slotCode: 'am',
        personId: people[0]!.personId,
      }),
      201,
    );
    expect(
      errorCode(
        await people[0]!.client.post(`/api/v1/me/duty-shifts/${past.id}/swap`, {
          toPersonId: people[1]!.personId,
        }),
        409,
      ),
    ).toBe('duty_shift_past');
  });

  it('shows today’s duty to the compound’s people with masked names', async () => {
    const cards = body<{ placeName: string; slots: { code: string; start: string; people: string[] }[] }[]>(
      await people[2]!.client.get('/api/v1/me/duty-today'),
      200,
    );
    const stationToday = cards.find((c) => c.placeName === '党群服务站')!;
    expect(stationToday.slots.map((s) => s.code)).toEqual(['am', 'pm']);
    // Today's morning went to 吴值班 by the swap; the afternoon is 吴值班's by the rotation.
    expect(stationToday.slots[0]!.people).toEqual(['吴*班']);
    const site = cards.find((c) => c.placeName === '3栋管网改造施工现场')!;
    expect(site.slots[0]!.people).toEqual(['周*班']);
    const nobody = await t.as('nobody');
    expect(body<unknown[]>(await nobody.get('/api/v1/me/duty-today'), 200)).toEqual([]);
  });

  it('gives the volunteers module a person’s duty on the calendar', async () => {
    const entries = await calendarEntriesFor(
      t.deps.db,
      t.world.communityA,
      people[1]!.personId,
      today,
      today,
    );
    expect(entries.filter((e) => e.kind === 'duty').map((e) => e.title)).toEqual([
      '党群服务站 上午',
      '党群服务站 下午',
    ]);
  });
});
