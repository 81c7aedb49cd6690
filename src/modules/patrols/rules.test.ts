import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  creditMinutes,
  dateOf,
  datesBetween,
  dayStart,
  isFlagged,
  isSlot,
  lapsedSlots,
  rosterSlots,
  rotate,
  runFlags,
  shiftTimes,
  slotsBetween,
  weekdayOf,
} from './rules';

const minute = 60_000;
const hour = 60 * minute;
const at = (date: string, time: string) =>
  dayStart(date) + (Number(time.slice(0, 2)) * 60 + Number(time.slice(3))) * minute;

describe('calendar in Asia/Shanghai', () => {
  it('starts a day at 00:00 Beijing time and knows its weekday', () => {
    expect(new Date(dayStart('2025-03-03')).toISOString()).toBe('2025-03-02T16:00:00.000Z');
    expect(weekdayOf('2025-03-03')).toBe(1); // a Monday
    expect(weekdayOf('2025-03-09')).toBe(7);
    expect(dateOf(dayStart('2025-03-03') + 23 * hour)).toBe('2025-03-03');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(datesBetween('2025-12-30', '2026-01-02')).toEqual([
      '2025-12-30',
      '2025-12-31',
      '2026-01-01',
      '2026-01-02',
    ]);
  });

  it('lists a route’s slots on its weekdays only, in order', () => {
    const schedule = { times: ['19:00', '07:00'], weekdays: [1, 3] };
    const slots = slotsBetween(schedule, dayStart('2025-03-03'), dayStart('2025-03-06'));
    expect(slots).toEqual([
      at('2025-03-03', '07:00'),
      at('2025-03-03', '19:00'),
      at('2025-03-05', '07:00'),
      at('2025-03-05', '19:00'),
    ]);
    expect(isSlot(schedule, at('2025-03-05', '07:00'))).toBe(true);
    expect(isSlot(schedule, at('2025-03-04', '07:00'))).toBe(false);
    expect(isSlot(schedule, at('2025-03-05', '07:01'))).toBe(false);
  });

  it('counts a slot as lapsed only once its grace has run out', () => {
    const schedule = { times: ['07:00'], weekdays: [1, 2, 3, 4, 5, 6, 7] };
    const since = dayStart('2025-03-03');
    expect(lapsedSlots(schedule, 60, since, at('2025-03-03', '07:59'))).toEqual([]);
    expect(lapsedSlots(schedule, 60, since, at('2025-03-03', '08:00'))).toEqual([at('2025-03-03', '07:00')]);
    expect(lapsedSlots(schedule, 60, since, at('2025-03-04', '09:00'))).toHaveLength(2);
  });

  it('runs a shift past midnight into the next day', () => {
    expect(shiftTimes('2025-03-03', { start: '20:00', end: '08:00' })).toEqual({
      startsAt: at('2025-03-03', '20:00'),
      endsAt: at('2025-03-04', '08:00'),
    });
    const allDay = shiftTimes('2025-03-03', { start: '00:00', end: '24:00' });
    expect(allDay.endsAt - allDay.startsAt).toBe(24 * hour);
  });
});

describe('run flags', () => {
  const checkpoints = [
    { id: 'gate', position: 1 },
    { id: 'garage', position: 2 },
    { id: 'pond', position: 3 },
  ];
  const base = { checkpoints, scheduledFor: 1_000_000, startedAt: 1_000_000, graceMinutes: 60 };

  it('passes a run that scanned every point in order, on time', () => {
    const flags = runFlags({
      ...base,
      scans: [
        { checkpointId: 'gate', scannedAt: 1 },
        { checkpointId: 'garage', scannedAt: 2 },
        { checkpointId: 'pond', scannedAt: 3 },
      ],
    });
    expect(flags).toEqual({ missedPoints: 0, outOfOrder: false, late: false });
    expect(isFlagged({ state: 'done', ...flags })).toBe(false);
  });

  it('counts the points never scanned, a scan twice counting once', () => {
    const flags = runFlags({
      ...base,
      scans: [
        { checkpointId: 'gate', scannedAt: 1 },
        { checkpointId: 'gate', scannedAt: 5 },
        { checkpointId: 'removed-point', scannedAt: 6 },
      ],
    });
    expect(flags).toMatchObject({ missedPoints: 2, outOfOrder: false });
    expect(isFlagged({ state: 'done', ...flags })).toBe(true);
  });

  it('flags points reached out of order, by each point’s first scan', () => {
    expect(
      runFlags({
        ...base,
        scans: [
          { checkpointId: 'garage', scannedAt: 1 },
          { checkpointId: 'gate', scannedAt: 2 },
          { checkpointId: 'pond', scannedAt: 3 },
        ],
      }).outOfOrder,
    ).toBe(true);
    // Going back to the gate after the round is not out of order: the gate was reached first.
    expect(
      runFlags({
        ...base,
        scans: [
          { checkpointId: 'gate', scannedAt: 1 },
          { checkpointId: 'pond', scannedAt: 3 },
          { checkpointId: 'gate', scannedAt: 4 },
        ],
      }),
    ).toEqual({ missedPoints: 1, outOfOrder: false, late: false });
  });

  it('flags a run started after its slot’s grace, never an ad-hoc one', () => {
    expect(runFlags({ ...base, scans: [], startedAt: 1_000_000 + 60 * minute }).late).toBe(false);
    expect(runFlags({ ...base, scans: [], startedAt: 1_000_000 + 60 * minute + 1 }).late).toBe(true);
    expect(runFlags({ ...base, scans: [], scheduledFor: null, startedAt: 9e12 }).late).toBe(false);
  });

  it('property: a run scanning every point in position order is never flagged; any swap of two is', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.nat(), fc.nat(), (n, a, b) => {
        const points = Array.from({ length: n }, (_, i) => ({ id: `p${i}`, position: i * 10 }));
        const inOrder = points.map((p, i) => ({ checkpointId: p.id, scannedAt: 100 + i }));
        expect(runFlags({ ...base, checkpoints: points, scans: inOrder })).toEqual({
          missedPoints: 0,
          outOfOrder: false,
          late: false,
        });
        const [i, j] = [a % n, b % n];
        if (i === j) return;
        const swapped = inOrder.map((s, k) => ({
          ...s,
          scannedAt: k === i ? inOrder[j]!.scannedAt : k === j ? inOrder[i]!.scannedAt : s.scannedAt,
        }));
        expect(runFlags({ ...base, checkpoints: points, scans: swapped }).outOfOrder).toBe(true);
      }),
    );
  });

  it('property: missed points are the live points with no scan', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.record({ point: fc.nat(14), at: fc.nat(1000) }), { maxLength: 30 }),
        (n, raw) => {
          const points = Array.from({ length: n }, (_, i) => ({ id: `p${i}`, position: i }));
          const scans = raw.map((s) => ({ checkpointId: `p${s.point}`, scannedAt: s.at }));
          const scanned = new Set(raw.map((s) => s.point).filter((p) => p < n));
          expect(runFlags({ ...base, checkpoints: points, scans }).missedPoints).toBe(n - scanned.size);
        },
      ),
    );
  });
});

describe('minutes credited', () => {
  it('credits whole minutes, capped, never negative', () => {
    expect(creditMinutes(0, 42 * minute + 20_000, 240)).toBe(42);
    expect(creditMinutes(0, 10 * hour, 240)).toBe(240);
    expect(creditMinutes(5 * minute, 0, 240)).toBe(0);
  });
});

describe('duty rotation (轮流值班)', () => {
  it('fills each slot of the range with the people in turn', () => {
    const slots = rosterSlots('2025-03-03', '2025-03-04', [{ code: 'am' }, { code: 'pm' }]);
    expect(
      rotate(['王', '李', '张'], slots, 1).map((a) => `${a.slot.date} ${a.slot.slotCode} ${a.person}`),
    ).toEqual(['2025-03-03 am 王', '2025-03-03 pm 李', '2025-03-04 am 张', '2025-03-04 pm 王']);
    // Weekends off: Saturday 8 and Sunday 9 March are left out.
    expect(rosterSlots('2025-03-07', '2025-03-10', [{ code: 'day' }], [6, 7]).map((s) => s.date)).toEqual([
      '2025-03-07',
      '2025-03-10',
    ]);
    expect(() => rotate(['王'], slots, 2)).toThrow(RangeError);
  });

  it('property: fair — counts differ by at most one — and nobody holds two places in one slot', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 9 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { maxLength: 6 }),
        (n, shifts, days, wanted, skip) => {
          const people = Array.from({ length: n }, (_, i) => `person${i}`);
          const perShift = Math.min(wanted, n);
          const pattern = Array.from({ length: shifts }, (_, i) => ({ code: `s${i}` }));
          const slots = rosterSlots('2025-03-01', addDays('2025-03-01', days - 1), pattern, skip);
          const rota = rotate(people, slots, perShift);
          expect(rota).toHaveLength(slots.length * perShift);
          const counts = people.map((p) => rota.filter((a) => a.person === p).length);
          expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
          const places = new Set(rota.map((a) => `${a.slot.date}|${a.slot.slotCode}|${a.person}`));
          expect(places.size).toBe(rota.length);
        },
      ),
    );
  });
});
