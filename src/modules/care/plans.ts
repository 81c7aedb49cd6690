import { todayInShanghai } from '../../core/time';

/**
 * Contact plans (每周一次问候、每月一次上门探望) as pure rules: given a pairing's plan and the contacts
 * logged for it, what is due and what is overdue on a day (Asia/Shanghai calendar dates). A contact
 * counts for its own kind only (a call does not stand in for a visit), and only when the person was
 * reached: a call nobody answered is logged but leaves the item due.
 */

export const contactKinds = ['call', 'visit'] as const;
export type ContactKind = (typeof contactKinds)[number];

export const wellbeings = ['good', 'so_so', 'poor', 'not_reached'] as const;
export type Wellbeing = (typeof wellbeings)[number];

export interface Plan {
  /** The plan's first day: the first contact of each kind is due one interval after it. */
  startsOn: string;
  callEveryDays: number;
  visitEveryDays: number;
}

export interface LoggedContact {
  kind: ContactKind;
  on: string;
  wellbeing: Wellbeing;
}

export interface DueItem {
  kind: ContactKind;
  /** The last day the contact may be made on time. */
  dueOn: string;
  /** The day of the last contact of this kind that reached the person, if any. */
  lastOn: string | null;
  /** Days from today to dueOn: negative once overdue. */
  daysLeft: number;
  overdue: boolean;
}

const dayMs = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / dayMs;
export const addDays = (date: string, days: number) =>
  new Date((dayNumber(date) + days) * dayMs).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string) => dayNumber(to) - dayNumber(from);

export const everyDays = (plan: Plan, kind: ContactKind) =>
  kind === 'call' ? plan.callEveryDays : plan.visitEveryDays;

export const reached = (c: Pick<LoggedContact, 'wellbeing'>) => c.wellbeing !== 'not_reached';

/** One kind's item on `today`: due one interval after the last contact that reached them (or the start). */
export function dueItem(
  plan: Plan,
  contacts: readonly LoggedContact[],
  kind: ContactKind,
  today: string,
): DueItem {
  let lastOn: string | null = null;
  for (const c of contacts)
    if (c.kind === kind && reached(c) && c.on <= today && (lastOn === null || c.on > lastOn)) lastOn = c.on;
  const dueOn = addDays(lastOn && lastOn > plan.startsOn ? lastOn : plan.startsOn, everyDays(plan, kind));
  const daysLeft = daysBetween(today, dueOn);
  return { kind, dueOn, lastOn, daysLeft, overdue: daysLeft < 0 };
}

/** Both kinds' items of a plan on `today`. */
export function planItems(plan: Plan, contacts: readonly LoggedContact[], today: string): DueItem[] {
  return contactKinds.map((kind) => dueItem(plan, contacts, kind, today));
}

/** The item to show first: an overdue one before one due later, the soonest first. */
export function nextDue(items: readonly DueItem[]): DueItem | null {
  return [...items].sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.kind.localeCompare(b.kind))[0] ?? null;
}

export const shanghaiDay = (ms: number) => todayInShanghai(ms);
