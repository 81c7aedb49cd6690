import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deliberationFigures, median, type FigureTopic } from './figures';

const h = 60 * 60 * 1000;
const topic = (over: Partial<FigureTopic>): FigureTopic => ({
  state: 'raised',
  category: 'other',
  created_at: 0,
  decided_at: null,
  done_at: null,
  ...over,
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('has as many values at or below it as at or above it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1 }), (xs) => {
        const m = median(xs)!;
        expect(xs.filter((x) => x <= m).length).toBeGreaterThanOrEqual(xs.length / 2);
        expect(xs.filter((x) => x >= m).length).toBeGreaterThanOrEqual(xs.length / 2);
      }),
    );
  });
});

describe('deliberation figures', () => {
  it('counts topics by state and category, most frequent category first', () => {
    const f = deliberationFigures(
      [
        topic({ state: 'raised', category: 'parking' }),
        topic({ state: 'done', category: 'environment' }),
        topic({ state: 'done', category: 'parking' }),
        topic({ state: 'declined', category: 'safety' }),
      ],
      [],
      [],
      '2024-06-01',
    );
    expect(f.topics.total).toBe(4);
    expect(f.topics.byState).toEqual({
      raised: 1,
      accepted: 0,
      scheduled: 0,
      decided: 0,
      done: 2,
      declined: 1,
    });
    expect(f.topics.byCategory).toEqual([
      { code: 'parking', count: 2 },
      { code: 'environment', count: 1 },
      { code: 'safety', count: 1 },
    ]);
  });

  it('takes the median hours from raised to decided and from decided to done, over topics that got there', () => {
    const f = deliberationFigures(
      [
        topic({ created_at: 0, decided_at: 10 * h, done_at: 30 * h, state: 'done' }),
        topic({ created_at: 0, decided_at: 20 * h, state: 'decided' }),
        topic({ created_at: 0, decided_at: 60 * h, done_at: 61 * h, state: 'done' }),
        topic({ created_at: 0 }),
      ],
      [],
      [],
      '2024-06-01',
    );
    expect(f.medianHoursRaisedToDecided).toBe(20);
    expect(f.medianHoursDecidedToDone).toBe(10.5);
    expect(deliberationFigures([topic({})], [], [], '2024-06-01').medianHoursRaisedToDecided).toBeNull();
  });

  it('rates attendance over held meetings only, walk-ins apart', () => {
    const f = deliberationFigures(
      [],
      [
        { state: 'held', invited: 10, invitedSignedIn: 7, walkIns: 3 },
        { state: 'held', invited: 6, invitedSignedIn: 5, walkIns: 0 },
        { state: 'cancelled', invited: 8, invitedSignedIn: 0, walkIns: 0 },
        { state: 'scheduled', invited: 4, invitedSignedIn: 0, walkIns: 0 },
      ],
      [],
      '2024-06-01',
    );
    expect(f.meetings).toEqual({
      held: 2,
      cancelled: 1,
      upcoming: 1,
      invited: 16,
      signedIn: 12,
      walkIns: 3,
      attendanceRate: 0.75,
    });
    expect(deliberationFigures([], [], [], '2024-06-01').meetings.attendanceRate).toBeNull();
  });

  it('calls an open action overdue from the day after its due date', () => {
    const f = deliberationFigures(
      [],
      [],
      [
        { state: 'open', due_date: '2024-05-31' },
        { state: 'open', due_date: '2024-06-01' },
        { state: 'done', due_date: '2024-01-01' },
        { state: 'cancelled', due_date: '2024-01-01' },
      ],
      '2024-06-01',
    );
    expect(f.actions).toEqual({ open: 2, overdue: 1, done: 1, cancelled: 1 });
  });
});
