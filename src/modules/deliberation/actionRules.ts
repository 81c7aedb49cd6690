import { todayInShanghai } from '../../core/time';

/**
 * Action items (落实事项) decided at a meeting: who does what by which day. Pure rules, no I/O: the
 * state an item may move to, whether it runs late, and which reminders its owner is owed at a given
 * instant. Due dates are calendar days in Asia/Shanghai; an item is due by the end of its day.
 */

export const actionStates = ['open', 'done', 'cancelled'] as const;
export type ActionState = (typeof actionStates)[number];

export type ActionStep = 'done' | 'cancel';

/** Only an open item can be done or cancelled; done and cancelled are final. */
export function actionStepAllowed(state: ActionState): boolean {
  return state === 'open';
}

export const nextActionState = (step: ActionStep): ActionState => (step === 'done' ? 'done' : 'cancelled');

/** 'YYYY-MM-DD' moved by whole days. */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export interface ActionClock {
  state: ActionState;
  dueDate: string;
  remindedAt: number | null;
  overdueNotifiedAt: number | null;
}

/** Open past the end of its due day (Shanghai time). */
export function isOverdue(a: Pick<ActionClock, 'state' | 'dueDate'>, now: number): boolean {
  return a.state === 'open' && todayInShanghai(now) > a.dueDate;
}

/** Open, and due tomorrow or today: the owner should hear about it. */
export function isDueSoon(a: Pick<ActionClock, 'state' | 'dueDate'>, now: number): boolean {
  const today = todayInShanghai(now);
  return a.state === 'open' && today <= a.dueDate && addDays(today, 1) >= a.dueDate;
}

export type Reminder = 'due_soon' | 'overdue';

/**
 * What the owner is owed at `now` and has not had: one reminder the day before (or on the day, for an
 * item set that late), and one overdue notice once it runs late. An item already late when first
 * seen gets the overdue notice only.
 */
export function remindersOwed(a: ActionClock, now: number): Reminder[] {
  if (isOverdue(a, now)) return a.overdueNotifiedAt == null ? ['overdue'] : [];
  if (isDueSoon(a, now)) return a.remindedAt == null ? ['due_soon'] : [];
  return [];
}

/**
 * The latest due date the clock job needs to look at on `now`: items due later are owed nothing yet
 * (the SQL narrows the rows, remindersOwed decides).
 */
export const dueByForReminders = (now: number): string => addDays(todayInShanghai(now), 1);
