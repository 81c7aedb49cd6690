import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { todayInShanghai } from '../../core/time';
import {
  actionStates,
  actionStepAllowed,
  addDays,
  dueByForReminders,
  isDueSoon,
  isOverdue,
  remindersOwed,
  type ActionClock,
  type ActionState,
  type Reminder,
} from './actionRules';

const at = (iso: string) => Date.parse(iso);
const open = (dueDate: string): ActionClock => ({
  state: 'open',
  dueDate,
  remindedAt: null,
  overdueNotifiedAt: null,
});

// Instants across a few years, and due dates near them.
const instant = fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2028-12-31T00:00:00Z') });
const dueDate = fc
  .integer({ min: at('2025-01-01T00:00:00Z'), max: at('2028-12-31T00:00:00Z') })
  .map((t) => new Date(t).toISOString().slice(0, 10));
const state = fc.constantFrom<ActionState>(...actionStates);
const maybeInstant = fc.option(instant, { nil: null });
const item = fc.record({ state, dueDate, remindedAt: maybeInstant, overdueNotifiedAt: maybeInstant });

/** What the clock job does to one item over a series of runs: sends what is owed, marks it sent. */
function runJob(start: ActionClock, runs: number[]) {
  let a = { ...start };
  const sent: Reminder[] = [];
  for (const now of [...runs].sort((x, y) => x - y))
    for (const r of remindersOwed(a, now)) {
      sent.push(r);
      a = r === 'overdue' ? { ...a, overdueNotifiedAt: now } : { ...a, remindedAt: now };
    }
  return { sent, after: a };
}

describe('action item clocks (Asia/Shanghai days)', () => {
  it('runs late only after the end of its due day in Shanghai', () => {
    // 2026-03-10 23:59 in Shanghai is 15:59 UTC; midnight Shanghai is 16:00 UTC.
    expect(isOverdue(open('2026-03-10'), at('2026-03-10T15:59:59Z'))).toBe(false);
    expect(isOverdue(open('2026-03-10'), at('2026-03-10T16:00:00Z'))).toBe(true);
  });

  it('is due soon from the day before (Shanghai) through its day', () => {
    expect(isDueSoon(open('2026-03-10'), at('2026-03-08T15:59:59Z'))).toBe(false); // 3-08 23:59
    expect(isDueSoon(open('2026-03-10'), at('2026-03-08T16:00:00Z'))).toBe(true); // 3-09 00:00
    expect(isDueSoon(open('2026-03-10'), at('2026-03-10T15:00:00Z'))).toBe(true);
    expect(isDueSoon(open('2026-03-10'), at('2026-03-10T16:00:00Z'))).toBe(false); // now overdue instead
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('property: no overdue item goes unflagged', () => {
    fc.assert(
      fc.property(item, instant, (a, now) => {
        if (a.state === 'open' && todayInShanghai(now) > a.dueDate) {
          expect(isOverdue(a, now)).toBe(true);
          if (a.overdueNotifiedAt == null) expect(remindersOwed(a, now)).toEqual(['overdue']);
        }
      }),
    );
  });

  it('property: a done or cancelled item is never flagged nor reminded', () => {
    fc.assert(
      fc.property(item, instant, (a, now) => {
        if (a.state === 'open') return;
        expect(isOverdue(a, now)).toBe(false);
        expect(isDueSoon(a, now)).toBe(false);
        expect(remindersOwed(a, now)).toEqual([]);
      }),
    );
  });

  it('property: over any runs of the job, each reminder goes at most once, and a late item is told once', () => {
    fc.assert(
      fc.property(dueDate, fc.array(instant, { maxLength: 12 }), (due, runs) => {
        const { sent, after } = runJob(open(due), runs);
        expect(sent.filter((r) => r === 'due_soon').length).toBeLessThanOrEqual(1);
        expect(sent.filter((r) => r === 'overdue').length).toBeLessThanOrEqual(1);
        const late = runs.some((t) => todayInShanghai(t) > due);
        expect(after.overdueNotifiedAt != null).toBe(late);
        // The reminder, when it went, went before the overdue notice.
        if (sent.length === 2) expect(sent).toEqual(['due_soon', 'overdue']);
      }),
    );
  });

  it('property: whatever is owed falls within the rows the job selects (due by tomorrow)', () => {
    fc.assert(
      fc.property(item, instant, (a, now) => {
        if (remindersOwed(a, now).length) expect(a.dueDate <= dueByForReminders(now)).toBe(true);
      }),
    );
  });

  it('lets only an open item be done or cancelled', () => {
    expect(actionStates.filter(actionStepAllowed)).toEqual(['open']);
  });
});
