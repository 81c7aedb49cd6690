import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activityMinutes,
  activityStepAllowed,
  applySignupOp,
  checkinOpen,
  creditKey,
  dayRange,
  hoursOf,
  newCredits,
  periodStarts,
  pointsFor,
  reminderDue,
  signupOpen,
  waitingList,
  type Credit,
  type Roster,
  type SignupOp,
  type SourceKind,
} from './rules';

const hour = 3_600_000;

/** Applies ops one by one, keeping the roster as the store would (failed steps change nothing). */
function run(
  start: Roster,
  ops: SignupOp[],
  check?: (before: Roster, op: SignupOp, after: Roster, promoted: string[]) => void,
) {
  let roster = start;
  for (const op of ops) {
    const out = applySignupOp(roster, op);
    if (!out.ok) continue;
    const byId = new Map(roster.entries.map((e) => [e.id, e]));
    for (const c of out.changes) byId.set(c.id, c);
    const after: Roster = {
      ...roster,
      capacity: op.kind === 'resize' ? op.capacity : roster.capacity,
      entries: [...byId.values()],
    };
    check?.(roster, op, after, out.promoted);
    roster = after;
  }
  return roster;
}

const confirmed = (r: Roster) => r.entries.filter((e) => e.state === 'confirmed').length;

/** Random steps on ten people's sign-ups, the kinds a month of activities sees. */
const opArb: fc.Arbitrary<SignupOp> = fc.oneof(
  fc.record({ kind: fc.constant('signup' as const), id: fc.integer({ min: 0, max: 9 }).map(String) }),
  fc.record({ kind: fc.constant('approve' as const), id: fc.integer({ min: 0, max: 9 }).map(String) }),
  fc.record({ kind: fc.constant('reject' as const), id: fc.integer({ min: 0, max: 9 }).map(String) }),
  fc.record({ kind: fc.constant('cancel' as const), id: fc.integer({ min: 0, max: 9 }).map(String) }),
  fc.record({
    kind: fc.constant('resize' as const),
    capacity: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
  }),
);
const rosterArb = fc.record({
  mode: fc.constantFrom('open' as const, 'screened' as const),
  capacity: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
});

/** A sign-up op on a fresh id each time (people re-signing after a cancellation get new rows). */
function freshIds(ops: SignupOp[]): SignupOp[] {
  let n = 0;
  return ops.map((op) => (op.kind === 'signup' ? { ...op, id: `${op.id}-${n++}` } : op));
}
function liveIds(ops: SignupOp[]): SignupOp[] {
  // approve/reject/cancel name a person (0–9): aim them at that person's latest sign-up.
  const latest = new Map<string, string>();
  return ops.map((op) => {
    if (op.kind === 'signup') {
      latest.set(op.id.split('-')[0]!, op.id);
      return op;
    }
    if (op.kind === 'resize') return op;
    return { ...op, id: latest.get(op.id) ?? op.id };
  });
}
const scenario = fc
  .tuple(rosterArb, fc.array(opArb, { maxLength: 60 }))
  .map(([r, ops]) => ({ roster: { ...r, entries: [] } as Roster, ops: liveIds(freshIds(ops)) }));

describe('sign-ups and the waiting list', () => {
  it('open mode confirms while places remain, then waitlists in order', () => {
    const r = run({ mode: 'open', capacity: 2, entries: [] }, [
      { kind: 'signup', id: 'a' },
      { kind: 'signup', id: 'b' },
      { kind: 'signup', id: 'c' },
      { kind: 'signup', id: 'd' },
    ]);
    expect(r.entries.map((e) => [e.id, e.state])).toEqual([
      ['a', 'confirmed'],
      ['b', 'confirmed'],
      ['c', 'waitlisted'],
      ['d', 'waitlisted'],
    ]);
    expect(waitingList(r.entries).map((e) => e.id)).toEqual(['c', 'd']);
  });

  it('a cancellation of a confirmed place moves the first in line up, and only them', () => {
    const start: Roster = {
      mode: 'open',
      capacity: 1,
      entries: [
        { id: 'a', state: 'confirmed', position: null },
        { id: 'b', state: 'waitlisted', position: 1 },
        { id: 'c', state: 'waitlisted', position: 2 },
      ],
    };
    const out = applySignupOp(start, { kind: 'cancel', id: 'a' });
    expect(out).toEqual({
      ok: true,
      changes: [
        { id: 'a', state: 'cancelled', position: null },
        { id: 'b', state: 'confirmed', position: null },
      ],
      promoted: ['b'],
    });
    // Someone on the waiting list leaving moves nobody up.
    expect(applySignupOp(start, { kind: 'cancel', id: 'c' })).toMatchObject({ ok: true, promoted: [] });
  });

  it('screened mode: everyone waits for the leader, who confirms while places remain', () => {
    const r = run({ mode: 'screened', capacity: 1, entries: [] }, [
      { kind: 'signup', id: 'a' },
      { kind: 'signup', id: 'b' },
      { kind: 'signup', id: 'c' },
    ]);
    expect(r.entries.every((e) => e.state === 'pending')).toBe(true);
    const after = run(r, [
      { kind: 'approve', id: 'b' },
      { kind: 'approve', id: 'a' },
      { kind: 'reject', id: 'c' },
    ]);
    expect(Object.fromEntries(after.entries.map((e) => [e.id, e.state]))).toEqual({
      a: 'waitlisted',
      b: 'confirmed',
      c: 'rejected',
    });
    // A waitlisted sign-up cannot be approved past a full activity.
    expect(applySignupOp(after, { kind: 'approve', id: 'a' })).toEqual({ ok: false, error: 'activity_full' });
    // Rejecting the confirmed one makes room for the waiting one.
    expect(applySignupOp(after, { kind: 'reject', id: 'b' })).toMatchObject({ ok: true, promoted: ['a'] });
  });

  it('refuses steps the sign-up’s state does not allow', () => {
    const r: Roster = {
      mode: 'screened',
      capacity: null,
      entries: [
        { id: 'a', state: 'cancelled', position: null },
        { id: 'b', state: 'confirmed', position: null },
      ],
    };
    expect(applySignupOp(r, { kind: 'cancel', id: 'a' })).toEqual({ ok: false, error: 'signup_state' });
    expect(applySignupOp(r, { kind: 'approve', id: 'b' })).toEqual({ ok: false, error: 'signup_state' });
    expect(applySignupOp(r, { kind: 'signup', id: 'b' })).toEqual({ ok: false, error: 'signup_state' });
    expect(applySignupOp(r, { kind: 'approve', id: 'nobody' })).toEqual({ ok: false, error: 'signup_state' });
    expect(applySignupOp({ ...r, capacity: 3 }, { kind: 'resize', capacity: 0 })).toEqual({
      ok: false,
      error: 'activity_capacity_below_confirmed',
    });
  });

  it('more places move the waiting list up', () => {
    const r = run({ mode: 'open', capacity: 1, entries: [] }, [
      { kind: 'signup', id: 'a' },
      { kind: 'signup', id: 'b' },
      { kind: 'signup', id: 'c' },
      { kind: 'resize', capacity: 2 },
    ]);
    expect(r.entries.map((e) => e.state)).toEqual(['confirmed', 'confirmed', 'waitlisted']);
  });

  it('property: never more confirmed than places, whatever happens', () => {
    fc.assert(
      fc.property(scenario, ({ roster, ops }) => {
        run(roster, ops, (_before, _op, after) => {
          if (after.capacity !== null) expect(confirmed(after)).toBeLessThanOrEqual(after.capacity);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('property: the waiting list moves up in order, and no place stays empty while someone waits', () => {
    fc.assert(
      fc.property(scenario, ({ roster, ops }) => {
        run(roster, ops, (before, _op, after, promoted) => {
          const line = waitingList(before.entries).map((e) => e.id);
          const leftInLine = waitingList(after.entries).map((e) => e.id);
          // Those moved up are the first in line, in order (the newcomer, if waitlisted, is last).
          const stillThere = line.filter((id) => !promoted.includes(id));
          expect(promoted).toEqual(line.slice(0, promoted.length));
          // Those still waiting keep their order.
          expect(leftInLine.filter((id) => stillThere.includes(id))).toEqual(
            stillThere.filter((id) => leftInLine.includes(id)),
          );
          if (after.capacity === null || confirmed(after) < after.capacity) expect(leftInLine).toEqual([]);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('property: one person’s sign-up, confirmed once, stays confirmed until they leave or are rejected', () => {
    fc.assert(
      fc.property(scenario, ({ roster, ops }) => {
        run(roster, ops, (before, op, after) => {
          for (const e of before.entries.filter((x) => x.state === 'confirmed')) {
            const now = after.entries.find((x) => x.id === e.id)!;
            if (now.state !== 'confirmed') expect((op as { id?: string }).id).toBe(e.id);
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('activity steps and times', () => {
  const a = { state: 'published' as const, startsAt: 10 * hour, endsAt: 12 * hour, signupClosesAt: null };

  it('allows each step only from its states', () => {
    expect(activityStepAllowed('draft', 'publish')).toBe(true);
    expect(activityStepAllowed('published', 'publish')).toBe(false);
    expect(activityStepAllowed('held', 'cancel')).toBe(false);
    expect(activityStepAllowed('cancelled', 'signup')).toBe(false);
    expect(activityStepAllowed('held', 'hold')).toBe(true);
  });

  it('sign-up closes at its deadline or at the start, whichever comes first', () => {
    expect(signupOpen(a, 9 * hour)).toBe(true);
    expect(signupOpen(a, 10 * hour)).toBe(false);
    expect(signupOpen({ ...a, signupClosesAt: 8 * hour }, 9 * hour)).toBe(false);
    expect(signupOpen({ ...a, state: 'draft' }, 0)).toBe(false);
  });

  it('check-in is open from two hours before to two hours after', () => {
    expect(checkinOpen(a, 8 * hour - 1)).toBe(false);
    expect(checkinOpen(a, 8 * hour)).toBe(true);
    expect(checkinOpen({ ...a, state: 'held' }, 14 * hour)).toBe(true);
    expect(checkinOpen(a, 14 * hour + 1)).toBe(false);
    expect(checkinOpen({ ...a, state: 'cancelled' }, 11 * hour)).toBe(false);
  });

  it('reminds a confirmed sign-up once, in the two hours before the start', () => {
    const s = { state: 'confirmed' as const, remindedAt: null };
    expect(reminderDue(a, s, 7 * hour)).toBe(false);
    expect(reminderDue(a, s, 8 * hour)).toBe(true);
    expect(reminderDue(a, { ...s, remindedAt: 8 * hour }, 9 * hour)).toBe(false);
    expect(reminderDue(a, { ...s, state: 'waitlisted' }, 9 * hour)).toBe(false);
    expect(reminderDue(a, s, 10 * hour)).toBe(false);
  });

  it('an activity credits its length', () => {
    expect(activityMinutes(a)).toBe(120);
    expect(activityMinutes({ startsAt: 5, endsAt: 1 })).toBe(0);
  });
});

describe('service hours', () => {
  const creditArb: fc.Arbitrary<Credit> = fc.record({
    personId: fc.constantFrom('p1', 'p2', 'p3'),
    sourceKind: fc.constantFrom<SourceKind>('order', 'activity', 'patrol', 'visit'),
    sourceId: fc.constantFrom('s1', 's2', 's3'),
    minutes: fc.integer({ min: 1, max: 240 }),
  });

  it('property: hours are never counted twice for one source, however often it is credited', () => {
    fc.assert(
      fc.property(fc.array(fc.array(creditArb, { maxLength: 10 }), { maxLength: 8 }), (batches) => {
        // The ledger as the store keeps it: each batch adds only what newCredits lets through.
        const ledger: Credit[] = [];
        for (const batch of batches) ledger.push(...newCredits(ledger.map(creditKey), batch));
        const keys = ledger.map(creditKey);
        expect(new Set(keys).size).toBe(keys.length);
        // Every source credited at least once is in the ledger, with its first minutes.
        const first = new Map<string, number>();
        for (const c of batches.flat()) if (!first.has(creditKey(c))) first.set(creditKey(c), c.minutes);
        expect(new Map(ledger.map((c) => [creditKey(c), c.minutes]))).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out credits of no time', () => {
    expect(newCredits([], [{ personId: 'p', sourceKind: 'order', sourceId: 'o', minutes: 0 }])).toEqual([]);
  });

  it('derives points from minutes only when points are on', () => {
    expect(pointsFor(90, { pointsEnabled: true, pointsPerHour: 10 })).toBe(15);
    expect(pointsFor(59, { pointsEnabled: true, pointsPerHour: 1 })).toBe(0);
    expect(pointsFor(90, { pointsEnabled: false, pointsPerHour: 10 })).toBeNull();
    expect(hoursOf(90)).toBe(1.5);
    expect(hoursOf(100)).toBe(1.7);
  });

  it('reads days and periods in Shanghai time', () => {
    const { fromMs, toMs } = dayRange('2026-03-01', '2026-03-31');
    expect(new Date(fromMs).toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(new Date(toMs).toISOString()).toBe('2026-03-31T16:00:00.000Z');
    // 2026-01-01 01:00 in Shanghai is still 2025 in UTC.
    const now = Date.parse('2025-12-31T17:00:00Z');
    expect(periodStarts(now)).toEqual({
      monthStart: Date.parse('2025-12-31T16:00:00Z'),
      yearStart: Date.parse('2025-12-31T16:00:00Z'),
    });
  });
});
