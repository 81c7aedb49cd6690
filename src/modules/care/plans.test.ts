import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  contactKinds,
  dueItem,
  everyDays,
  nextDue,
  planItems,
  shanghaiDay,
  wellbeings,
  type LoggedContact,
  type Plan,
} from './plans';

const weekly: Plan = { startsOn: '2025-03-01', callEveryDays: 7, visitEveryDays: 30 };

describe('contact plans', () => {
  it('a new pairing owes its first call a week after it starts, its first visit a month after', () => {
    const [call, visit] = planItems(weekly, [], '2025-03-05');
    expect(call).toMatchObject({
      kind: 'call',
      dueOn: '2025-03-08',
      daysLeft: 3,
      overdue: false,
      lastOn: null,
    });
    expect(visit).toMatchObject({ kind: 'visit', dueOn: '2025-03-31', overdue: false });
  });

  it('the due day itself is on time; the day after is overdue', () => {
    expect(dueItem(weekly, [], 'call', '2025-03-08').overdue).toBe(false);
    expect(dueItem(weekly, [], 'call', '2025-03-09')).toMatchObject({ overdue: true, daysLeft: -1 });
  });

  it('a call that reached them moves the next call on a week; a visit does not count as a call', () => {
    const contacts: LoggedContact[] = [
      { kind: 'call', on: '2025-03-07', wellbeing: 'good' },
      { kind: 'visit', on: '2025-03-20', wellbeing: 'poor' },
    ];
    const [call, visit] = planItems(weekly, contacts, '2025-03-16');
    expect(call).toMatchObject({ dueOn: '2025-03-14', lastOn: '2025-03-07', overdue: true });
    expect(visit?.overdue).toBe(false);
  });

  it('a call nobody answered leaves the call due', () => {
    const item = dueItem(
      weekly,
      [{ kind: 'call', on: '2025-03-07', wellbeing: 'not_reached' }],
      'call',
      '2025-03-09',
    );
    expect(item).toMatchObject({ overdue: true, lastOn: null });
  });

  it('months and years roll over on the calendar', () => {
    expect(addDays('2024-02-27', 3)).toBe('2024-03-01');
    expect(addDays('2025-12-29', 7)).toBe('2026-01-05');
    // 2025-01-31 16:30 UTC is already 1 February in Shanghai.
    expect(shanghaiDay(Date.parse('2025-01-31T16:30:00Z'))).toBe('2025-02-01');
  });

  it('the next item is the soonest due', () => {
    const items = planItems(weekly, [{ kind: 'call', on: '2025-03-28', wellbeing: 'good' }], '2025-03-29');
    expect(nextDue(items)).toMatchObject({ kind: 'visit', dueOn: '2025-03-31' });
  });
});

// ---- properties ----
const day = fc.integer({ min: 0, max: 400 }).map((n) => addDays('2024-12-01', n));
const plan = fc.record({
  startsOn: day,
  callEveryDays: fc.integer({ min: 1, max: 14 }),
  visitEveryDays: fc.integer({ min: 1, max: 60 }),
});
const contact = fc.record({
  kind: fc.constantFrom(...contactKinds),
  on: day,
  wellbeing: fc.constantFrom(...wellbeings),
});

describe('contact plan properties', () => {
  it('no missed contact goes unflagged: overdue exactly when nobody reached them in the last interval', () => {
    fc.assert(
      fc.property(plan, fc.array(contact, { maxLength: 12 }), day, (p, contacts, today) => {
        for (const kind of contactKinds) {
          const n = everyDays(p, kind);
          const windowStart = addDays(today, -n);
          const reachedInWindow = contacts.some(
            (c) => c.kind === kind && c.wellbeing !== 'not_reached' && c.on >= windowStart && c.on <= today,
          );
          const missed = !reachedInWindow && p.startsOn < windowStart;
          expect(dueItem(p, contacts, kind, today).overdue).toBe(missed);
        }
      }),
    );
  });

  it('a contact logged today clears exactly its own kind’s item and leaves the other as it was', () => {
    fc.assert(
      fc.property(
        plan,
        fc.array(contact, { maxLength: 12 }),
        day,
        fc.constantFrom(...contactKinds),
        fc.constantFrom('good', 'so_so', 'poor') as fc.Arbitrary<LoggedContact['wellbeing']>,
        (p, contacts, today, kind, wellbeing) => {
          fc.pre(p.startsOn <= today);
          const before = planItems(p, contacts, today);
          const after = planItems(p, [...contacts, { kind, on: today, wellbeing }], today);
          for (const [i, k] of contactKinds.entries()) {
            if (k === kind) {
              expect(after[i]).toMatchObject({
                overdue: false,
                lastOn: today,
                dueOn: addDays(today, everyDays(p, k)),
              });
            } else expect(after[i]).toEqual(before[i]);
          }
        },
      ),
    );
  });

  it('contacts logged after today change nothing today', () => {
    fc.assert(
      fc.property(plan, fc.array(contact, { maxLength: 8 }), day, contact, (p, contacts, today, later) => {
        fc.pre(later.on > today);
        expect(planItems(p, [...contacts, later], today)).toEqual(planItems(p, contacts, today));
      }),
    );
  });
});
