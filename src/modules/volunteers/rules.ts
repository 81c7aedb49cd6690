/**
 * Volunteers and activities as pure rules: an activity's states, where a sign-up lands (confirmed,
 * waiting list, or waiting for the leader in 自主报名+筛选), how the waiting list moves up, when
 * sign-up and check-in are open, and how service hours (服务时长) are credited and counted. No I/O:
 * the routes, the clock and the tests all call these.
 */

export const activityTypes = [
  'culture', // 宣教文艺
  'environment', // 环保卫生
  'safety', // 安全巡逻
  'mediation', // 矛盾调处
  'care', // 爱心帮困
  'party', // 党建
  'other',
] as const;
export type ActivityType = (typeof activityTypes)[number];

export const activityStates = ['draft', 'published', 'cancelled', 'held'] as const;
export type ActivityState = (typeof activityStates)[number];

export const audiences = ['all', 'elders', 'children', 'party_members', 'volunteers'] as const;
export type Audience = (typeof audiences)[number];

/** open: first come, first served; screened (自主报名+筛选): everyone waits for the leader. */
export const signupModes = ['open', 'screened'] as const;
export type SignupMode = (typeof signupModes)[number];

export const signupStates = ['pending', 'confirmed', 'waitlisted', 'rejected', 'cancelled'] as const;
export type SignupState = (typeof signupStates)[number];
/** A sign-up still in play: one per account and activity. */
export const liveSignupStates: readonly SignupState[] = ['pending', 'confirmed', 'waitlisted'];

export const sourceKinds = ['order', 'activity', 'patrol', 'visit', 'manual'] as const;
export type SourceKind = (typeof sourceKinds)[number];

export const profileStatuses = ['active', 'paused', 'left'] as const;
export const joinStates = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export const campaignStates = ['open', 'closed'] as const;
export const daySlots = ['morning', 'afternoon', 'evening'] as const;

// --- Activities -------------------------------------------------------------------------------

export type ActivityStep = 'edit' | 'publish' | 'cancel' | 'hold' | 'signup' | 'decide' | 'checkin';

const stepFrom: Record<ActivityStep, readonly ActivityState[]> = {
  edit: ['draft', 'published'],
  publish: ['draft'],
  cancel: ['draft', 'published'],
  // Held once, the summary and the number served may still be corrected.
  hold: ['published', 'held'],
  signup: ['published'],
  decide: ['published'],
  checkin: ['published', 'held'],
};

export function activityStepAllowed(state: ActivityState, step: ActivityStep): boolean {
  return stepFrom[step].includes(state);
}

export interface ActivityTimes {
  state: ActivityState;
  startsAt: number;
  endsAt: number;
  signupClosesAt: number | null;
}

/** Sign-up is taken while published, before it closes (and never once the activity has started). */
export function signupOpen(a: ActivityTimes, now: number): boolean {
  return a.state === 'published' && now < Math.min(a.signupClosesAt ?? a.startsAt, a.startsAt);
}

/** A resident may withdraw until the activity starts. */
export function withdrawable(a: ActivityTimes, now: number): boolean {
  return a.state === 'published' && now < a.startsAt;
}

export const checkinLeadMs = 2 * 60 * 60_000;

/** The door opens two hours before the start and closes two hours after the end. */
export function checkinWindow(a: Pick<ActivityTimes, 'startsAt' | 'endsAt'>) {
  return { opensAt: a.startsAt - checkinLeadMs, closesAt: a.endsAt + checkinLeadMs };
}

export function checkinOpen(a: ActivityTimes, now: number): boolean {
  const w = checkinWindow(a);
  return activityStepAllowed(a.state, 'checkin') && now >= w.opensAt && now <= w.closesAt;
}

/** The minutes an activity credits to each volunteer who served at it. */
export function activityMinutes(a: Pick<ActivityTimes, 'startsAt' | 'endsAt'>): number {
  return Math.max(0, Math.round((a.endsAt - a.startsAt) / 60_000));
}

export const reminderLeadMs = 2 * 60 * 60_000;

/** A confirmed sign-up is reminded once, in the two hours before the start. */
export function reminderDue(
  a: Pick<ActivityTimes, 'state' | 'startsAt'>,
  s: { state: SignupState; remindedAt: number | null },
  now: number,
): boolean {
  return (
    a.state === 'published' &&
    s.state === 'confirmed' &&
    s.remindedAt === null &&
    now >= a.startsAt - reminderLeadMs &&
    now < a.startsAt
  );
}

// --- Sign-ups and the waiting list -----------------------------------------------------------

/** One sign-up as the rules see it: `position` orders the waiting list (lower goes first). */
export interface RosterEntry {
  id: string;
  state: SignupState;
  position: number | null;
}

export interface Roster {
  mode: SignupMode;
  /** null: no limit. */
  capacity: number | null;
  entries: readonly RosterEntry[];
}

export type SignupOp =
  | { kind: 'signup'; id: string }
  | { kind: 'approve'; id: string }
  | { kind: 'reject'; id: string }
  | { kind: 'cancel'; id: string }
  | { kind: 'resize'; capacity: number | null };

export type SignupRuleError =
  | 'signup_state' // not possible from the sign-up's state (409)
  | 'activity_full' // no place for a waitlisted sign-up the leader wants in (409)
  | 'activity_capacity_below_confirmed'; // fewer places than people already confirmed (409)

export type SignupOutcome =
  | {
      ok: true;
      /** Entries whose state or position changed, the new one included, as they now are. */
      changes: RosterEntry[];
      /** Sign-ups moved up from the waiting list by this step, first in line first. */
      promoted: string[];
    }
  | { ok: false; error: SignupRuleError };

const confirmedCount = (entries: readonly RosterEntry[]) =>
  entries.filter((e) => e.state === 'confirmed').length;

export function placesLeft(capacity: number | null, confirmed: number): number | null {
  return capacity === null ? null : Math.max(0, capacity - confirmed);
}

const hasPlace = (capacity: number | null, entries: readonly RosterEntry[]) =>
  capacity === null || confirmedCount(entries) < capacity;

/** The next place at the back of the waiting list. */
export function nextPosition(entries: readonly RosterEntry[]): number {
  return Math.max(0, ...entries.map((e) => e.position ?? 0)) + 1;
}

/** The waiting list in its order. */
export function waitingList(entries: readonly RosterEntry[]): RosterEntry[] {
  return entries
    .filter((e) => e.state === 'waitlisted')
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.id.localeCompare(b.id));
}

/**
 * One step on an activity's sign-ups:
 * - sign-up: open mode confirms while places remain, else joins the waiting list; screened mode
 *   waits for the leader (pending);
 * - approve (leader): a pending sign-up is confirmed if a place is free, else waitlisted; a
 *   waitlisted one is confirmed only if a place is free;
 * - reject (leader) and cancel (the resident) end a live sign-up;
 * - resize: the number of places changes (never below those already confirmed).
 * Whenever places are free and people wait, the first in line move up, in order.
 */
export function applySignupOp(roster: Roster, op: SignupOp): SignupOutcome {
  let entries = roster.entries.map((e) => ({ ...e }));
  let capacity = roster.capacity;
  const changed = new Map<string, RosterEntry>();
  const set = (e: RosterEntry, state: SignupState, position: number | null) => {
    e.state = state;
    e.position = position;
    changed.set(e.id, e);
  };
  const find = (id: string) => entries.find((e) => e.id === id);
  const live = (e: RosterEntry | undefined): e is RosterEntry => !!e && liveSignupStates.includes(e.state);

  switch (op.kind) {
    case 'signup': {
      if (find(op.id)) return { ok: false, error: 'signup_state' };
      const entry: RosterEntry = { id: op.id, state: 'pending', position: null };
      if (roster.mode === 'open') {
        if (hasPlace(capacity, entries)) entry.state = 'confirmed';
        else Object.assign(entry, { state: 'waitlisted', position: nextPosition(entries) });
      }
      entries = [...entries, entry];
      changed.set(entry.id, entry);
      break;
    }
    case 'approve': {
      const e = find(op.id);
      if (!e || (e.state !== 'pending' && e.state !== 'waitlisted'))
        return { ok: false, error: 'signup_state' };
      if (hasPlace(capacity, entries)) set(e, 'confirmed', null);
      else if (e.state === 'pending') set(e, 'waitlisted', nextPosition(entries));
      else return { ok: false, error: 'activity_full' };
      break;
    }
    case 'reject':
    case 'cancel': {
      const e = find(op.id);
      if (!live(e)) return { ok: false, error: 'signup_state' };
      set(e, op.kind === 'reject' ? 'rejected' : 'cancelled', null);
      break;
    }
    case 'resize': {
      if (op.capacity !== null && op.capacity < confirmedCount(entries))
        return { ok: false, error: 'activity_capacity_below_confirmed' };
      capacity = op.capacity;
      break;
    }
  }

  const promoted: string[] = [];
  for (const next of waitingList(entries)) {
    if (!hasPlace(capacity, entries)) break;
    set(next, 'confirmed', null);
    promoted.push(next.id);
  }
  return { ok: true, changes: [...changed.values()], promoted };
}

// --- Service hours ---------------------------------------------------------------------------

export interface Credit {
  personId: string;
  sourceKind: SourceKind;
  sourceId: string;
  minutes: number;
}

/** What makes a credit the same credit: one person, one source. */
export const creditKey = (c: Pick<Credit, 'personId' | 'sourceKind' | 'sourceId'>) =>
  `${c.sourceKind}:${c.sourceId}:${c.personId}`;

/**
 * The credits to record, given the keys already in the ledger: a source already credited to a
 * person, or repeated within the batch, is left out (the first one stands).
 */
export function newCredits<T extends Credit>(recorded: Iterable<string>, batch: readonly T[]): T[] {
  const seen = new Set(recorded);
  const out: T[] = [];
  for (const c of batch) {
    const key = creditKey(c);
    if (seen.has(key) || c.minutes <= 0) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}

/** Points (积分) are derived, never stored: whole points for the minutes served, when turned on. */
export function pointsFor(
  minutes: number,
  s: { pointsEnabled: boolean; pointsPerHour: number },
): number | null {
  return s.pointsEnabled ? Math.floor((minutes * s.pointsPerHour) / 60) : null;
}

/** Minutes as hours with one decimal, as a volunteer's page shows them. */
export const hoursOf = (minutes: number) => Math.round(minutes / 6) / 10;

// --- Calendar --------------------------------------------------------------------------------

const shanghaiOffsetMs = 8 * 60 * 60_000;
const dayMs = 86_400_000;

/** The instants of a range of Shanghai days, from the first day's midnight to the end of the last. */
export function dayRange(from: string, to: string): { fromMs: number; toMs: number } {
  return {
    fromMs: Date.parse(`${from}T00:00:00Z`) - shanghaiOffsetMs,
    toMs: Date.parse(`${to}T00:00:00Z`) - shanghaiOffsetMs + dayMs,
  };
}

/** The Shanghai day an instant falls on. */
export const shanghaiDay = (ms: number) => new Date(ms + shanghaiOffsetMs).toISOString().slice(0, 10);

/** Where this month and this year began, in Shanghai. */
export function periodStarts(now: number): { monthStart: number; yearStart: number } {
  const day = shanghaiDay(now);
  return {
    monthStart: dayRange(`${day.slice(0, 7)}-01`, day).fromMs,
    yearStart: dayRange(`${day.slice(0, 4)}-01-01`, day).fromMs,
  };
}
