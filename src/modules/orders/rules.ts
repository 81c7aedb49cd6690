/**
 * The service order (求助订单) as pure rules: its state machine, and the clocks and escalation computed
 * from its list of events. No I/O: the routes, the clocks job and the tests all call these.
 *
 *   create → submitted ─publish→ published ─grab→ accepted ─progress→ in_progress ─resolve→ resolved
 *              │  └────────assign→ assigned ─accept→ ┘                                       │
 *              │        decline / transfer (转单) go back to submitted (or to a named member)  ├─confirm→ closed
 *              └─cancel (before acceptance)→ cancelled                      reopened ←reopen──┤
 *                                                                        auto_closed ←auto_close┘
 *
 * Escalation by hand (to the property company or the community, "大事") and the overdue marks of the
 * clocks are flags on the order, not states: they change who looks at it, not where it stands.
 */

export const orderStates = [
  'submitted', // 待派单
  'published', // 待抢单: on a squad's board
  'assigned', // 已指派, waiting for the member to accept
  'accepted', // 已接单
  'in_progress', // 处理中
  'resolved', // 已办结, waiting for the resident's confirmation
  'reopened', // 已重开: the resident was not satisfied; back to dispatch
  'closed', // 已确认 (评价)
  'auto_closed', // 超时自动关闭
  'cancelled', // 已取消
] as const;
export type OrderState = (typeof orderStates)[number];

export const finalStates: readonly OrderState[] = ['closed', 'auto_closed', 'cancelled'];
/** Waiting for someone to take it: the acceptance clock runs. */
export const waitingStates: readonly OrderState[] = ['submitted', 'published', 'assigned', 'reopened'];
/** Taken by a member and not yet resolved. */
export const activeStates: readonly OrderState[] = ['accepted', 'in_progress'];
/** Not yet resolved: the resolution clock runs. */
export const unresolvedStates: readonly OrderState[] = [...waitingStates, ...activeStates];
/** Where a dispatcher (squad leader, grid worker, staff) may send it to a squad or a member. */
export const dispatchableStates: readonly OrderState[] = ['submitted', 'reopened', 'published', 'assigned'];
/** Still on someone's plate: what counts against a member's cap of open orders. */
export const openForMember: readonly OrderState[] = ['assigned', 'accepted', 'in_progress'];

export const urgencies = ['normal', 'urgent'] as const;
export type Urgency = (typeof urgencies)[number];
export const escalationTargets = ['property', 'community'] as const;
export type EscalationTarget = (typeof escalationTargets)[number];
export const clockKinds = ['accept', 'resolve'] as const;
export type ClockKind = (typeof clockKinds)[number];
/** Who is told when a clock runs over, level by level: 分队长, then 网格员, then 社区工作人员. */
export const escalationLadder = ['squad_leader', 'grid_worker', 'community_staff'] as const;
export type EscalationLevel = 0 | 1 | 2 | 3;

export type OrderEvent =
  | { type: 'create'; squadId: string | null; urgency: Urgency }
  | { type: 'publish'; squadId: string }
  | { type: 'assign'; squadId: string; personId: string }
  | { type: 'grab'; personId: string }
  | { type: 'accept' }
  | { type: 'decline'; reason: string }
  | { type: 'transfer'; reason: string; toPersonId: string | null }
  | { type: 'progress'; note: string; fileIds: string[] }
  | { type: 'resolve'; note: string; minutesSpent: number; fileIds: string[] }
  | { type: 'confirm'; rating: number; comment: string | null }
  | { type: 'reopen'; reason: string }
  | { type: 'cancel'; reason: string }
  | { type: 'auto_close'; days: number }
  | { type: 'escalate'; to: EscalationTarget; reason: string }
  | { type: 'overdue'; clock: ClockKind; level: 1 | 2 | 3 }
  | { type: 'return_visit'; note: string; satisfied: boolean | null };
export type OrderEventType = OrderEvent['type'];

/**
 * Who acts: the resident who ordered, a squad member (by person), a dispatcher or other staff holding
 * the order actions in scope, or the clocks job.
 */
export type ActorRole = 'resident' | 'member' | 'staff' | 'system';
export interface OrderActor {
  role: ActorRole;
  /** For a member: their person in the order's community. */
  personId?: string | null;
  /** For a member: the squads they currently serve in. */
  squadIds?: readonly string[];
}

/** What the machine needs of an order; the rest of the row is data it does not decide on. */
export interface OrderSnapshot {
  state: OrderState;
  squadId: string | null;
  /** The member (person) handling it: set while assigned, accepted, in progress and once resolved. */
  assigneeId: string | null;
  escalatedTo: EscalationTarget | null;
}

interface Move {
  from: readonly (OrderState | null)[];
  by: readonly ActorRole[];
  /** Members may do it only to the order they handle (not to any order of their squad). */
  assigneeOnly?: boolean;
}

const live = orderStates.filter((s) => !finalStates.includes(s));

/** The transition table: from which states, by whom. Where each event leads is in `transition`. */
export const moves: Record<OrderEventType, Move> = {
  create: { from: [null], by: ['resident', 'staff'] },
  publish: { from: dispatchableStates, by: ['staff'] },
  assign: { from: dispatchableStates, by: ['staff'] },
  grab: { from: ['published'], by: ['member'] },
  accept: { from: ['assigned'], by: ['member'], assigneeOnly: true },
  decline: { from: ['assigned'], by: ['member'], assigneeOnly: true },
  transfer: { from: activeStates, by: ['member'], assigneeOnly: true },
  progress: { from: activeStates, by: ['member'], assigneeOnly: true },
  resolve: { from: activeStates, by: ['member'], assigneeOnly: true },
  // Staff confirm for a caller who has no app (代客下单 by phone), with the rating they gave.
  confirm: { from: ['resolved'], by: ['resident', 'staff'] },
  reopen: { from: ['resolved'], by: ['resident'] },
  cancel: { from: ['submitted', 'published', 'assigned', 'reopened'], by: ['resident', 'staff'] },
  auto_close: { from: ['resolved'], by: ['system'] },
  escalate: { from: live, by: ['staff', 'member'], assigneeOnly: true },
  overdue: { from: unresolvedStates, by: ['system'] },
  return_visit: { from: ['resolved', 'closed', 'auto_closed'], by: ['staff'] },
};

/** Every kind of step, as the table lists them. */
export const orderEventTypes = Object.keys(moves) as OrderEventType[];

export type OrderRuleError =
  | 'wrong_state' // not possible from this state (409)
  | 'wrong_role' // this kind of actor never does this (403)
  | 'not_assignee' // a member acting on an order someone else handles (403)
  | 'not_in_squad' // grabbing from the board of a squad one does not serve in (403)
  | 'invalid'; // the step itself makes no sense (transfer to oneself, escalate where it already is): 400

export type OrderStep =
  { ok: true; next: OrderSnapshot } | { ok: false; error: OrderRuleError; state: OrderState | null };

/** Where an event takes an order, without asking who did it (replaying a recorded timeline). */
export function transition(order: OrderSnapshot | null, event: OrderEvent): OrderStep {
  const state = order?.state ?? null;
  if (!moves[event.type].from.includes(state)) return { ok: false, error: 'wrong_state', state };
  const current = order ?? { state: 'submitted', squadId: null, assigneeId: null, escalatedTo: null };
  const to = (next: Partial<OrderSnapshot>): OrderStep => ({ ok: true, next: { ...current, ...next } });
  switch (event.type) {
    case 'create':
      return to({ state: 'submitted', squadId: event.squadId });
    case 'publish':
      return to({ state: 'published', squadId: event.squadId, assigneeId: null });
    case 'assign':
      return to({ state: 'assigned', squadId: event.squadId, assigneeId: event.personId });
    case 'grab':
      return to({ state: 'accepted', assigneeId: event.personId });
    case 'accept':
      return to({ state: 'accepted' });
    case 'decline':
      return to({ state: 'submitted', assigneeId: null });
    case 'transfer':
      if (event.toPersonId === current.assigneeId) return { ok: false, error: 'invalid', state };
      return event.toPersonId
        ? to({ state: 'assigned', assigneeId: event.toPersonId })
        : to({ state: 'submitted', assigneeId: null });
    case 'progress':
      return to({ state: 'in_progress' });
    case 'resolve':
      return to({ state: 'resolved' });
    case 'confirm':
      return to({ state: 'closed' });
    case 'reopen':
      return to({ state: 'reopened', assigneeId: null });
    case 'cancel':
      return to({ state: 'cancelled' });
    case 'auto_close':
      return to({ state: 'auto_closed' });
    case 'escalate':
      if (event.to === current.escalatedTo) return { ok: false, error: 'invalid', state };
      return to({ escalatedTo: event.to });
    case 'overdue':
    case 'return_visit':
      return to({});
  }
}

/** One step as a person or the job takes it: the move must be open to this actor on this order. */
export function applyOrderEvent(
  order: OrderSnapshot | null,
  event: OrderEvent,
  actor: OrderActor,
): OrderStep {
  const step = transition(order, event);
  if (!step.ok) return step;
  const state = order?.state ?? null;
  const move = moves[event.type];
  if (!move.by.includes(actor.role)) return { ok: false, error: 'wrong_role', state };
  if (actor.role === 'member') {
    if (!actor.personId) return { ok: false, error: 'wrong_role', state };
    if (event.type === 'grab') {
      if (event.personId !== actor.personId) return { ok: false, error: 'wrong_role', state };
      if (!order?.squadId || !actor.squadIds?.includes(order.squadId))
        return { ok: false, error: 'not_in_squad', state };
    }
    if (move.assigneeOnly && order?.assigneeId !== actor.personId)
      return { ok: false, error: 'not_assignee', state };
  }
  return step;
}

/** An event as recorded: its place in the order's timeline and when it happened. */
export interface RecordedEvent {
  seq: number;
  at: number;
  event: OrderEvent;
}

/** The order as its recorded timeline makes it; steps that no longer apply are skipped. */
export function replay(events: readonly RecordedEvent[]): OrderSnapshot | null {
  let order: OrderSnapshot | null = null;
  for (const e of inOrder(events)) {
    const step = transition(order, e.event);
    if (step.ok) order = step.next;
  }
  return order;
}

const inOrder = (events: readonly RecordedEvent[]) =>
  [...events].sort((a, b) => a.seq - b.seq || a.at - b.at);

export interface CategoryClocks {
  /** 接单时限: minutes from the request (or its reopening) to a member taking it. */
  acceptMinutes: number;
  /** 办结时限: minutes from the request (or its reopening) to its resolution. */
  resolveMinutes: number;
}

export interface OrderClocks {
  /** When the current round began: the request, or the last reopening. */
  roundStartedAt: number;
  acceptDueAt: number;
  resolveDueAt: number;
  /** The first time any member took it (for the figures' time to accept). */
  firstAcceptedAt: number | null;
  /** The last resolution (for the figures' time to resolve and for auto-closing). */
  lastResolvedAt: number | null;
  /** Waiting for a member at some moment past the acceptance deadline, in this round. */
  acceptOverdue: boolean;
  /** Not resolved at some moment past the resolution deadline, in this round. */
  resolveOverdue: boolean;
  /** How far each running clock is over, as a level of the escalation ladder (0: not over). */
  acceptLevel: EscalationLevel;
  resolveLevel: EscalationLevel;
  level: EscalationLevel;
  /** The highest level already marked (and notified) per clock in this round. */
  markedAcceptLevel: EscalationLevel;
  markedResolveLevel: EscalationLevel;
  /** Minutes the members logged when resolving, over all rounds. */
  minutesSpent: number;
}

/** Urgent orders run on half the category's clocks. */
export function clockLengths(clocks: CategoryClocks, urgency: Urgency) {
  const factor = urgency === 'urgent' ? 0.5 : 1;
  return {
    acceptMs: Math.round(clocks.acceptMinutes * factor * 60_000),
    resolveMs: Math.round(clocks.resolveMinutes * factor * 60_000),
  };
}

/**
 * Overdue by `overMs` on a clock of `lengthMs`: level 1 as soon as it is over (the squad leader), then
 * one level more for every further clock length (the grid worker, then community staff).
 */
export function levelFor(overMs: number, lengthMs: number): EscalationLevel {
  if (overMs <= 0) return 0;
  return Math.min(3, 1 + Math.floor(overMs / Math.max(lengthMs, 60_000))) as EscalationLevel;
}

/**
 * The order's clocks at `now`, from its events and its category alone: the same list gives the same
 * answer however often, in whatever order it is read (events are taken in their recorded sequence).
 */
export function orderClocks(
  events: readonly RecordedEvent[],
  category: CategoryClocks,
  now: number,
): OrderClocks {
  const sorted = inOrder(events);
  const created = sorted.find((e) => e.event.type === 'create');
  const urgency = created?.event.type === 'create' ? created.event.urgency : 'normal';
  const { acceptMs, resolveMs } = clockLengths(category, urgency);
  const start = created?.at ?? now;
  const clocks: OrderClocks = {
    roundStartedAt: start,
    acceptDueAt: start + acceptMs,
    resolveDueAt: start + resolveMs,
    firstAcceptedAt: null,
    lastResolvedAt: null,
    acceptOverdue: false,
    resolveOverdue: false,
    acceptLevel: 0,
    resolveLevel: 0,
    level: 0,
    markedAcceptLevel: 0,
    markedResolveLevel: 0,
    minutesSpent: 0,
  };
  let order: OrderSnapshot | null = null;
  let since = start;
  // The state held over [since, until): does that stretch run past a deadline?
  const judge = (state: OrderState, until: number) => {
    if (waitingStates.includes(state) && until > clocks.acceptDueAt) clocks.acceptOverdue = true;
    if (unresolvedStates.includes(state) && until > clocks.resolveDueAt) clocks.resolveOverdue = true;
  };
  for (const { at, event } of sorted) {
    const step = transition(order, event);
    if (!step.ok) continue;
    if (order) judge(order.state, at);
    order = step.next;
    since = at;
    if (event.type === 'create' || event.type === 'reopen') {
      clocks.roundStartedAt = at;
      clocks.acceptDueAt = at + acceptMs;
      clocks.resolveDueAt = at + resolveMs;
      clocks.acceptOverdue = false;
      clocks.resolveOverdue = false;
      clocks.markedAcceptLevel = 0;
      clocks.markedResolveLevel = 0;
    }
    if ((event.type === 'grab' || event.type === 'accept') && clocks.firstAcceptedAt == null)
      clocks.firstAcceptedAt = at;
    if (event.type === 'resolve') {
      clocks.lastResolvedAt = at;
      clocks.minutesSpent += event.minutesSpent;
    }
    if (event.type === 'overdue') {
      const key = event.clock === 'accept' ? 'markedAcceptLevel' : 'markedResolveLevel';
      clocks[key] = Math.max(clocks[key], event.level) as EscalationLevel;
    }
  }
  if (!order) return clocks;
  judge(order.state, Math.max(now, since));
  if (waitingStates.includes(order.state)) clocks.acceptLevel = levelFor(now - clocks.acceptDueAt, acceptMs);
  if (unresolvedStates.includes(order.state))
    clocks.resolveLevel = levelFor(now - clocks.resolveDueAt, resolveMs);
  clocks.level = Math.max(clocks.acceptLevel, clocks.resolveLevel) as EscalationLevel;
  return clocks;
}

/**
 * Overdue right now, from what the order row keeps (its marks and deadlines): what lists and figures use
 * between two runs of the clocks job.
 */
export function overdueNow(
  row: {
    state: OrderState;
    acceptOverdue: boolean;
    resolveOverdue: boolean;
    acceptDueAt: number;
    resolveDueAt: number;
  },
  now: number,
): boolean {
  return (
    row.acceptOverdue ||
    row.resolveOverdue ||
    (waitingStates.includes(row.state) && now > row.acceptDueAt) ||
    (unresolvedStates.includes(row.state) && now > row.resolveDueAt)
  );
}

/** Resolved orders nobody confirmed close themselves after this many days, unless the community says otherwise. */
export const defaultAutoCloseDays = 7;
/** Orders one member may hold open at once, unless the community says otherwise. */
export const defaultOpenCap = 3;

export function autoCloseDue(state: OrderState, lastResolvedAt: number | null, days: number, now: number) {
  return state === 'resolved' && lastResolvedAt != null && now >= lastResolvedAt + days * 86_400_000;
}
