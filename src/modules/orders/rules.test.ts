import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyOrderEvent,
  autoCloseDue,
  escalationTargets,
  finalStates,
  levelFor,
  orderClocks,
  orderStates,
  overdueNow,
  replay,
  type ActorRole,
  type OrderActor,
  type OrderEvent,
  type OrderSnapshot,
  type OrderState,
  type RecordedEvent,
} from './rules';

/**
 * The machine as the issue describes it, written out again by hand so the tests do not read the
 * implementation's own table: `from --event[roles]--> to`. `*` keeps the state; `member!` means only
 * the member handling the order.
 */
const spec = `
  - --create[resident,staff]--> submitted
  submitted --publish[staff]--> published
  reopened --publish[staff]--> published
  published --publish[staff]--> published
  assigned --publish[staff]--> published
  submitted --assign[staff]--> assigned
  reopened --assign[staff]--> assigned
  published --assign[staff]--> assigned
  assigned --assign[staff]--> assigned
  published --grab[member]--> accepted
  assigned --accept[member!]--> accepted
  assigned --decline[member!]--> submitted
  accepted --transfer[member!]--> submitted|assigned
  in_progress --transfer[member!]--> submitted|assigned
  accepted --progress[member!]--> in_progress
  in_progress --progress[member!]--> in_progress
  accepted --resolve[member!]--> resolved
  in_progress --resolve[member!]--> resolved
  resolved --confirm[resident,staff]--> closed
  resolved --reopen[resident]--> reopened
  submitted --cancel[resident,staff]--> cancelled
  published --cancel[resident,staff]--> cancelled
  assigned --cancel[resident,staff]--> cancelled
  reopened --cancel[resident,staff]--> cancelled
  resolved --auto_close[system]--> auto_closed
  submitted --escalate[staff,member!]--> *
  published --escalate[staff,member!]--> *
  assigned --escalate[staff,member!]--> *
  accepted --escalate[staff,member!]--> *
  in_progress --escalate[staff,member!]--> *
  resolved --escalate[staff,member!]--> *
  reopened --escalate[staff,member!]--> *
  submitted --overdue[system]--> *
  published --overdue[system]--> *
  assigned --overdue[system]--> *
  reopened --overdue[system]--> *
  accepted --overdue[system]--> *
  in_progress --overdue[system]--> *
  resolved --return_visit[staff]--> *
  closed --return_visit[staff]--> *
  auto_closed --return_visit[staff]--> *
`;

interface Rule {
  to: string[];
  roles: ActorRole[];
  assigneeOnly: boolean;
}
const allowed = new Map<string, Rule>();
for (const line of spec.trim().split('\n')) {
  const m = /^\s*(\S+) --(\w+)\[([\w,!]+)\]--> (\S+)$/.exec(line);
  if (!m) throw new Error(`bad spec line: ${line}`);
  const [, from, event, roles, to] = m as unknown as [string, string, string, string, string];
  allowed.set(`${from}/${event}`, {
    to: to.split('|'),
    roles: roles.split(',').map((r) => r.replace('!', '') as ActorRole),
    assigneeOnly: roles.includes('member!'),
  });
}

const squads = ['s1', 's2'];
const persons = ['p1', 'p2', 'p3'];

const snapshotArb: fc.Arbitrary<OrderSnapshot> = fc.record({
  state: fc.constantFrom(...orderStates),
  squadId: fc.constantFrom(null, ...squads),
  assigneeId: fc.constantFrom(null, ...persons),
  escalatedTo: fc.constantFrom(null, ...escalationTargets),
});

const eventArb: fc.Arbitrary<OrderEvent> = fc.oneof(
  fc.record({
    type: fc.constant('create' as const),
    squadId: fc.constantFrom(null, ...squads),
    urgency: fc.constantFrom('normal' as const, 'urgent' as const),
  }),
  fc.record({ type: fc.constant('publish' as const), squadId: fc.constantFrom(...squads) }),
  fc.record({
    type: fc.constant('assign' as const),
    squadId: fc.constantFrom(...squads),
    personId: fc.constantFrom(...persons),
  }),
  fc.record({ type: fc.constant('grab' as const), personId: fc.constantFrom(...persons) }),
  fc.constant({ type: 'accept' as const }),
  fc.constant({ type: 'decline' as const, reason: '没空' }),
  fc.record({
    type: fc.constant('transfer' as const),
    reason: fc.constant('不会修'),
    toPersonId: fc.constantFrom(null, ...persons),
  }),
  fc.constant({ type: 'progress' as const, note: '已上门', fileIds: [] as string[] }),
  fc.record({
    type: fc.constant('resolve' as const),
    note: fc.constant('修好了'),
    minutesSpent: fc.integer({ min: 1, max: 600 }),
    fileIds: fc.constant([] as string[]),
  }),
  fc.record({
    type: fc.constant('confirm' as const),
    rating: fc.integer({ min: 1, max: 5 }),
    comment: fc.constant(null),
  }),
  fc.constant({ type: 'reopen' as const, reason: '还在漏' }),
  fc.constant({ type: 'cancel' as const, reason: '不需要了' }),
  fc.constant({ type: 'auto_close' as const, days: 7 }),
  fc.record({
    type: fc.constant('escalate' as const),
    to: fc.constantFrom(...escalationTargets),
    reason: fc.constant('大事'),
  }),
  fc.record({
    type: fc.constant('overdue' as const),
    clock: fc.constantFrom('accept' as const, 'resolve' as const),
    level: fc.constantFrom(1 as const, 2 as const, 3 as const),
  }),
  fc.record({
    type: fc.constant('return_visit' as const),
    note: fc.constant('满意'),
    satisfied: fc.constantFrom(true, false, null),
  }),
);

const actorArb: fc.Arbitrary<OrderActor> = fc.record({
  role: fc.constantFrom<ActorRole>('resident', 'member', 'staff', 'system'),
  personId: fc.constantFrom(null, ...persons),
  squadIds: fc.subarray(squads),
});

describe('the order state machine', () => {
  it('accepts no transition the issue does not allow, and leads where it says', () => {
    fc.assert(
      fc.property(fc.option(snapshotArb, { nil: null }), eventArb, actorArb, (order, event, actor) => {
        const step = applyOrderEvent(order, event, actor);
        const rule = allowed.get(`${order?.state ?? '-'}/${event.type}`);
        if (!step.ok) return;
        expect(rule, `${order?.state} ${event.type}`).toBeDefined();
        expect(rule!.roles).toContain(actor.role);
        if (actor.role === 'member' && rule!.assigneeOnly) expect(actor.personId).toBe(order!.assigneeId);
        if (event.type === 'grab') {
          expect(actor.personId).toBe(event.personId);
          expect(actor.squadIds).toContain(order!.squadId);
          expect(step.next.assigneeId).toBe(actor.personId);
        }
        const expected = rule!.to.map((s) => (s === '*' ? order!.state : s));
        expect(expected).toContain(step.next.state);
        if (order && finalStates.includes(order.state)) expect(step.next.state).toBe(order.state);
      }),
      { numRuns: 20_000 },
    );
  });

  it('accepts every transition the issue allows when the right person takes it', () => {
    fc.assert(
      fc.property(snapshotArb, eventArb, (order, event) => {
        const rule = allowed.get(`${order.state}/${event.type}`);
        fc.pre(!!rule);
        // Steps that make no sense in themselves are refused as invalid, not as illegal.
        fc.pre(!(event.type === 'transfer' && event.toPersonId === order.assigneeId));
        fc.pre(!(event.type === 'escalate' && event.to === order.escalatedTo));
        const role = rule!.roles[0]!;
        fc.pre(role !== 'member' || !rule!.assigneeOnly || order.assigneeId != null);
        fc.pre(event.type !== 'grab' || order.squadId != null);
        const personId = event.type === 'grab' ? event.personId : order.assigneeId;
        const step = applyOrderEvent(order, event, {
          role,
          personId,
          squadIds: order.squadId ? [order.squadId] : [],
        });
        expect(step.ok, `${order.state} ${event.type} by ${role}`).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('answers with the reason a step is refused', () => {
    const assigned: OrderSnapshot = { state: 'assigned', squadId: 's1', assigneeId: 'p1', escalatedTo: null };
    expect(
      applyOrderEvent(assigned, { type: 'accept' }, { role: 'member', personId: 'p2', squadIds: ['s1'] }),
    ).toEqual({
      ok: false,
      error: 'not_assignee',
      state: 'assigned',
    });
    expect(applyOrderEvent(assigned, { type: 'accept' }, { role: 'resident' })).toMatchObject({
      error: 'wrong_role',
    });
    expect(
      applyOrderEvent(
        assigned,
        { type: 'resolve', note: '', minutesSpent: 5, fileIds: [] },
        { role: 'member', personId: 'p1' },
      ),
    ).toMatchObject({ error: 'wrong_state' });
    const onBoard: OrderSnapshot = { ...assigned, state: 'published', assigneeId: null };
    expect(
      applyOrderEvent(
        onBoard,
        { type: 'grab', personId: 'p2' },
        { role: 'member', personId: 'p2', squadIds: ['s2'] },
      ),
    ).toMatchObject({ error: 'not_in_squad' });
    const taken = applyOrderEvent(
      onBoard,
      { type: 'grab', personId: 'p2' },
      { role: 'member', personId: 'p2', squadIds: ['s1'] },
    );
    expect(taken).toMatchObject({ ok: true, next: { state: 'accepted', assigneeId: 'p2' } });
    // The second member to grab finds it gone.
    if (taken.ok)
      expect(
        applyOrderEvent(
          taken.next,
          { type: 'grab', personId: 'p3' },
          { role: 'member', personId: 'p3', squadIds: ['s1'] },
        ),
      ).toMatchObject({ error: 'wrong_state', state: 'accepted' });
    const accepted: OrderSnapshot = { ...assigned, state: 'accepted' };
    expect(
      applyOrderEvent(
        accepted,
        { type: 'transfer', reason: 'x', toPersonId: 'p1' },
        { role: 'member', personId: 'p1' },
      ),
    ).toMatchObject({ error: 'invalid' });
  });

  /** A step someone may take next, if there is one, trying each kind of actor. */
  function nextSteps(order: OrderSnapshot | null): OrderSnapshot[] {
    const events: OrderEvent[] = [
      { type: 'create', squadId: 's1', urgency: 'normal' },
      { type: 'cancel', reason: '' },
      { type: 'resolve', note: '', minutesSpent: 1, fileIds: [] },
      { type: 'accept' },
      { type: 'confirm', rating: 5, comment: null },
      { type: 'auto_close', days: 7 },
      { type: 'publish', squadId: 's1' },
    ];
    const actors: OrderActor[] = [
      { role: 'staff' },
      { role: 'resident' },
      { role: 'system' },
      { role: 'member', personId: order?.assigneeId ?? null, squadIds: squads },
    ];
    return events.flatMap((e) =>
      actors.flatMap((a) => {
        const step = applyOrderEvent(order, e, a);
        return step.ok ? [step.next] : [];
      }),
    );
  }

  it('every order, wherever it stands, can still reach a final state', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(eventArb, actorArb), { maxLength: 40 }), (walk) => {
        let order: OrderSnapshot | null = null;
        for (const [event, actor] of walk) {
          const step = applyOrderEvent(order, event, actor);
          if (step.ok) order = step.next;
        }
        // Breadth-first from where the walk stopped: a final state within a few steps.
        let frontier: (OrderSnapshot | null)[] = [order];
        for (let depth = 0; depth < 4; depth++) {
          if (frontier.some((o) => o && finalStates.includes(o.state))) return;
          frontier = frontier.flatMap(nextSteps);
        }
        expect.fail(`stuck at ${JSON.stringify(order)}`);
      }),
      { numRuns: 3_000 },
    );
  });
});

const minute = 60_000;
const category = { acceptMinutes: 30, resolveMinutes: 24 * 60 };
const timeline = (...steps: [number, OrderEvent][]): RecordedEvent[] =>
  steps.map(([minutes, event], i) => ({ seq: i + 1, at: minutes * minute, event }));
const create = (urgency: 'normal' | 'urgent' = 'normal'): OrderEvent => ({
  type: 'create',
  squadId: 's1',
  urgency,
});
const publish: OrderEvent = { type: 'publish', squadId: 's1' };
const grab: OrderEvent = { type: 'grab', personId: 'p1' };
const resolve = (minutesSpent: number): OrderEvent => ({
  type: 'resolve',
  note: '',
  minutesSpent,
  fileIds: [],
});

describe('clocks', () => {
  it('marks acceptance late only when the order waited past its deadline', () => {
    const onTime = timeline([0, create()], [5, publish], [20, grab]);
    expect(orderClocks(onTime, category, 60 * minute)).toMatchObject({
      acceptDueAt: 30 * minute,
      resolveDueAt: 1440 * minute,
      firstAcceptedAt: 20 * minute,
      acceptOverdue: false,
      resolveOverdue: false,
      level: 0,
    });
    const late = timeline([0, create()], [5, publish], [45, grab]);
    expect(orderClocks(late, category, 60 * minute)).toMatchObject({ acceptOverdue: true, acceptLevel: 0 });
  });

  it('climbs the escalation ladder one clock length at a time while nobody takes it', () => {
    const waiting = timeline([0, create()]);
    expect(orderClocks(waiting, category, 30 * minute).level).toBe(0);
    expect(orderClocks(waiting, category, 31 * minute).level).toBe(1);
    expect(orderClocks(waiting, category, 60 * minute + 1).level).toBe(2);
    expect(orderClocks(waiting, category, 90 * minute + 1).level).toBe(3);
    expect(orderClocks(waiting, category, 5000 * minute).level).toBe(3);
    expect(levelFor(0, 30 * minute)).toBe(0);
  });

  it('runs urgent orders on half the clocks', () => {
    const urgent = timeline([0, create('urgent')]);
    expect(orderClocks(urgent, category, 16 * minute)).toMatchObject({
      acceptDueAt: 15 * minute,
      resolveDueAt: 720 * minute,
      acceptOverdue: true,
      level: 1,
    });
  });

  it('stops the resolution clock at resolution, restarts both on reopening, and sums logged minutes', () => {
    const events = timeline(
      [0, create()],
      [5, publish],
      [10, grab],
      [1500, resolve(90)],
      [1600, { type: 'reopen', reason: '还漏' }],
    );
    const reopened = orderClocks(events, category, 1610 * minute);
    expect(reopened).toMatchObject({
      roundStartedAt: 1600 * minute,
      acceptDueAt: 1630 * minute,
      acceptOverdue: false,
      resolveOverdue: false,
      firstAcceptedAt: 10 * minute,
      lastResolvedAt: 1500 * minute,
      minutesSpent: 90,
    });
    const before = orderClocks(events.slice(0, 4), category, 1550 * minute);
    expect(before).toMatchObject({ resolveOverdue: true, level: 0 });
  });

  it('remembers the levels already marked in this round', () => {
    const events = timeline([0, create()], [31, { type: 'overdue', clock: 'accept', level: 1 }]);
    expect(orderClocks(events, category, 61 * minute)).toMatchObject({
      markedAcceptLevel: 1,
      acceptLevel: 2,
    });
  });

  it('says when a resolved order closes itself', () => {
    expect(autoCloseDue('resolved', 0, 7, 7 * 86_400_000 - 1)).toBe(false);
    expect(autoCloseDue('resolved', 0, 7, 7 * 86_400_000)).toBe(true);
    expect(autoCloseDue('closed', 0, 7, 8 * 86_400_000)).toBe(false);
  });

  it('overdue now: the marks, or a deadline passed while the clock still runs', () => {
    const row = {
      state: 'submitted' as OrderState,
      acceptOverdue: false,
      resolveOverdue: false,
      acceptDueAt: 10,
      resolveDueAt: 100,
    };
    expect(overdueNow(row, 10)).toBe(false);
    expect(overdueNow(row, 11)).toBe(true);
    expect(overdueNow({ ...row, state: 'accepted' }, 50)).toBe(false);
    expect(overdueNow({ ...row, state: 'resolved' }, 500)).toBe(false);
    expect(overdueNow({ ...row, state: 'closed', resolveOverdue: true }, 5)).toBe(true);
  });

  /** A random legal timeline: a walk through the machine at increasing times. */
  const timelineArb = fc
    .array(fc.tuple(eventArb, actorArb, fc.integer({ min: 0, max: 2000 })), { maxLength: 30 })
    .map((walk) => {
      const events: RecordedEvent[] = [];
      let order: OrderSnapshot | null = null;
      let at = 0;
      for (const [event, actor, gap] of [
        [create(), { role: 'resident' } as OrderActor, 0] as const,
        ...walk,
      ]) {
        const step = applyOrderEvent(order, event, actor);
        if (!step.ok) continue;
        at += gap * minute;
        order = step.next;
        events.push({ seq: events.length + 1, at, event });
      }
      return { events, order: order! };
    });

  it('are the same however the events are read, and replaying them gives the order’s state', () => {
    fc.assert(
      fc.property(
        timelineArb,
        fc.integer({ min: 0, max: 100_000 }),
        fc.infiniteStream(fc.nat()),
        (t, extra, ranks) => {
          const now = (t.events.at(-1)?.at ?? 0) + extra * minute;
          const shuffled = t.events
            .map((e) => ({ e, r: ranks.next().value }))
            .sort((a, b) => a.r - b.r)
            .map((x) => x.e);
          const clocks = orderClocks(t.events, category, now);
          expect(orderClocks(shuffled, category, now)).toEqual(clocks);
          expect(orderClocks(t.events, category, now)).toEqual(clocks);
          expect(replay(shuffled)).toEqual(t.order);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('never lift an overdue mark as time passes without events', () => {
    fc.assert(
      fc.property(timelineArb, fc.nat(5000), fc.nat(5000), (t, a, b) => {
        const last = t.events.at(-1)!.at;
        const early = orderClocks(t.events, category, last + Math.min(a, b) * minute);
        const later = orderClocks(t.events, category, last + Math.max(a, b) * minute);
        if (early.acceptOverdue) expect(later.acceptOverdue).toBe(true);
        if (early.resolveOverdue) expect(later.resolveOverdue).toBe(true);
        expect(later.level).toBeGreaterThanOrEqual(early.level);
      }),
      { numRuns: 2_000 },
    );
  });
});
