/**
 * Patrols (巡逻) and duty rosters (值班表) as pure rules: a route's schedule and its slots, the flags
 * of a run (points skipped, scanned out of order, started late), the minutes a run credits, and the
 * round-robin rotation of a duty roster. Times are epoch ms; dates 'YYYY-MM-DD' in Asia/Shanghai
 * (UTC+8 all year, no daylight saving).
 */

export const routeStates = ['active', 'archived'] as const;
export type RouteState = (typeof routeStates)[number];
export const runStates = ['in_progress', 'done', 'abandoned', 'missed'] as const;
export type RunState = (typeof runStates)[number];
export const dutyPlaceKinds = ['station', 'site', 'other'] as const;
export const shiftStates = ['planned', 'swapped', 'cancelled'] as const;
export type ShiftState = (typeof shiftStates)[number];
export const swapStates = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type SwapState = (typeof swapStates)[number];

const minute = 60_000;
const day = 24 * 60 * minute;
const shanghaiOffsetMs = 8 * 60 * minute;

/** "Every morning at seven" (每天早上): times of day and ISO weekdays (1 Monday … 7 Sunday). */
export interface Schedule {
  times: string[];
  weekdays: number[];
}

/** A shift of a duty place's pattern (班次): 08:00–12:00, or 00:00–24:00 for round-the-clock duty. */
export interface ShiftSlot {
  code: string;
  label: string;
  start: string;
  end: string;
}

export const timePattern = '^([01][0-9]|2[0-3]):[0-5][0-9]$';
/** A shift may end at 24:00 (midnight of the next day). */
export const endTimePattern = '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$';

const minutesOf = (time: string) => {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
};

/** 00:00 of the date in Asia/Shanghai, as epoch ms. */
export function dayStart(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!) - shanghaiOffsetMs;
}

/** The Shanghai date of an instant. */
export const dateOf = (at: number) => new Date(at + shanghaiOffsetMs).toISOString().slice(0, 10);

export const addDays = (date: string, n: number) => dateOf(dayStart(date) + n * day + 1);

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
export function weekdayOf(date: string): number {
  const w = new Date(dayStart(date) + shanghaiOffsetMs).getUTCDay();
  return w === 0 ? 7 : w;
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The number of days from `from` to `to`, both included (0 when `to` comes first). */
export const daysBetween = (from: string, to: string) =>
  to < from ? 0 : Math.round((dayStart(to) - dayStart(from)) / day) + 1;

/** The schedule's times on one date, as instants in order. */
export function slotsOn(schedule: Schedule, date: string): number[] {
  if (!schedule.weekdays.includes(weekdayOf(date))) return [];
  const start = dayStart(date);
  return [...new Set(schedule.times)].map((t) => start + minutesOf(t) * minute).sort((a, b) => a - b);
}

/** The scheduled slots in [from, to). */
export function slotsBetween(schedule: Schedule, from: number, to: number): number[] {
  if (to <= from) return [];
  return datesBetween(dateOf(from), dateOf(to - 1))
    .flatMap((d) => slotsOn(schedule, d))
    .filter((s) => s >= from && s < to);
}

export const isSlot = (schedule: Schedule, at: number) => slotsOn(schedule, dateOf(at)).includes(at);

/** The end of a slot's grace: a run not started by then is missed (or late, if it starts after). */
export const graceEnds = (slot: number, graceMinutes: number) => slot + graceMinutes * minute;

/** Slots since `since` whose grace had run out by `now`: the clock job records a missed run for each that has none. */
export const lapsedSlots = (schedule: Schedule, graceMinutes: number, since: number, now: number) =>
  slotsBetween(schedule, since, now - graceMinutes * minute + 1);

export interface RunFlagsInput {
  /** The route's live checkpoints, in any order; position gives the order to walk them in. */
  checkpoints: readonly { id: string; position: number }[];
  scans: readonly { checkpointId: string; scannedAt: number }[];
  scheduledFor: number | null;
  startedAt: number | null;
  graceMinutes: number;
}

export interface RunFlags {
  missedPoints: number;
  outOfOrder: boolean;
  late: boolean;
}

/**
 * What a run's scans say about it: how many checkpoints it never scanned, whether the ones it
 * scanned were reached out of the route's order (by each point's first scan, on the phone's clock),
 * and whether it started after its slot's grace. Scans of points no longer on the route count for
 * nothing.
 */
export function runFlags(input: RunFlagsInput): RunFlags {
  const positions = new Map(input.checkpoints.map((c) => [c.id, c.position]));
  const first = new Map<string, number>();
  for (const s of input.scans) {
    if (!positions.has(s.checkpointId)) continue;
    const seen = first.get(s.checkpointId);
    if (seen === undefined || s.scannedAt < seen) first.set(s.checkpointId, s.scannedAt);
  }
  const walked = [...first.entries()]
    .sort((a, b) => a[1] - b[1] || positions.get(a[0])! - positions.get(b[0])!)
    .map(([id]) => positions.get(id)!);
  return {
    missedPoints: input.checkpoints.length - first.size,
    outOfOrder: walked.some((p, i) => i > 0 && p < walked[i - 1]!),
    late:
      input.scheduledFor !== null &&
      input.startedAt !== null &&
      input.startedAt > graceEnds(input.scheduledFor, input.graceMinutes),
  };
}

/** A run that needs a look: missed, abandoned, or finished with a flag. */
export const isFlagged = (run: {
  state: RunState;
  missedPoints: number;
  outOfOrder: boolean;
  late: boolean;
}) =>
  run.state === 'missed' || run.state === 'abandoned' || run.missedPoints > 0 || run.outOfOrder || run.late;

/** Scans are taken while the run is under way; a finished or given-up run takes no more. */
export const takesScans = (state: RunState) => state === 'in_progress';

/** The service minutes a finished run credits: its length in whole minutes, at most the community's cap. */
export function creditMinutes(startedAt: number, finishedAt: number, maxMinutes: number): number {
  return Math.max(0, Math.min(Math.round((finishedAt - startedAt) / minute), maxMinutes));
}

/** A run left in progress this long was given up (the phone never said it finished). */
export const abandonAfterMs = 12 * 60 * minute;

/** The instants a shift runs on its date; an end at or before the start runs into the next day. */
export function shiftTimes(date: string, slot: Pick<ShiftSlot, 'start' | 'end'>) {
  const start = dayStart(date) + minutesOf(slot.start) * minute;
  let end = dayStart(date) + minutesOf(slot.end) * minute;
  if (end <= start) end += day;
  return { startsAt: start, endsAt: end };
}

/** Each date of the range with each shift of the pattern, in order, leaving out the weekdays to skip. */
export function rosterSlots(
  from: string,
  to: string,
  pattern: readonly Pick<ShiftSlot, 'code'>[],
  skipWeekdays: readonly number[] = [],
): { date: string; slotCode: string }[] {
  return datesBetween(from, to)
    .filter((d) => !skipWeekdays.includes(weekdayOf(d)))
    .flatMap((date) => pattern.map((p) => ({ date, slotCode: p.code })));
}

/**
 * 轮流值班: fills each slot with `perShift` people, taking them round-robin from the list. Over the
 * whole range everyone's count differs by at most one, and nobody holds two places in one slot
 * (as long as perShift ≤ the number of people, which the caller checks).
 */
export function rotate<P, S>(
  people: readonly P[],
  slots: readonly S[],
  perShift: number,
): { slot: S; person: P }[] {
  if (!people.length || perShift < 1 || perShift > people.length)
    throw new RangeError('perShift must be between 1 and the number of people');
  const out: { slot: S; person: P }[] = [];
  let next = 0;
  for (const slot of slots)
    for (let i = 0; i < perShift; i++) {
      out.push({ slot, person: people[next]! });
      next = (next + 1) % people.length;
    }
  return out;
}

/** A shift can be swapped or cancelled until its day has passed; cancelled shifts stay cancelled. */
export const shiftLive = (state: ShiftState) => state !== 'cancelled';

/** A shift pattern is usable when its codes are distinct and its times well formed. */
export function patternValid(pattern: readonly ShiftSlot[]): boolean {
  const time = new RegExp(timePattern);
  const end = new RegExp(endTimePattern);
  return (
    new Set(pattern.map((p) => p.code)).size === pattern.length &&
    pattern.every((p) => time.test(p.start) && end.test(p.end))
  );
}

/** The longest range one rotation may cover. */
export const maxRotationDays = 366;
