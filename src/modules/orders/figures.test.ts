import { describe, expect, it } from 'vitest';
import { median, orderFigures, percentile, type FigureRow } from './figures';

const minute = 60_000;
const row = (over: Partial<FigureRow>): FigureRow => ({
  categoryCode: 'repair_water',
  state: 'submitted',
  createdAt: 0,
  acceptedAt: null,
  resolvedAt: null,
  overdue: false,
  rating: null,
  householdId: null,
  minutesSpent: 0,
  ...over,
});

describe('median and p90', () => {
  it('take the middle (mean of two for an even count) and the nearest rank', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([1, 3, 10])).toBe(3);
    expect(median([1, 3, 5, 10])).toBe(4);
    // 10 values: the 9th is the smallest with 90% at or below it.
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
    expect(percentile([4], 90)).toBe(4);
  });
});

describe('order figures', () => {
  // Five orders in the period, one before it (left out), worked out by hand below.
  const rows: FigureRow[] = [
    row({
      categoryCode: 'repair_water',
      state: 'closed',
      createdAt: 0,
      acceptedAt: 10 * minute,
      resolvedAt: 120 * minute,
      rating: 5,
      householdId: 'h1',
      minutesSpent: 90,
    }),
    row({
      categoryCode: 'repair_water',
      state: 'auto_closed',
      createdAt: 100 * minute,
      acceptedAt: 140 * minute,
      resolvedAt: 400 * minute,
      householdId: 'h1',
      minutesSpent: 45,
      overdue: true,
    }),
    row({
      categoryCode: 'haircut',
      state: 'closed',
      createdAt: 200 * minute,
      acceptedAt: 205 * minute,
      resolvedAt: 260 * minute,
      rating: 3,
      householdId: 'h2',
      minutesSpent: 30,
    }),
    row({
      categoryCode: 'haircut',
      state: 'accepted',
      createdAt: 300 * minute,
      acceptedAt: 320 * minute,
      householdId: 'h3',
    }),
    row({ categoryCode: 'policy', state: 'cancelled', createdAt: 400 * minute, overdue: true }),
    row({
      categoryCode: 'policy',
      state: 'closed',
      createdAt: -1,
      rating: 1,
      minutesSpent: 600,
      householdId: 'h9',
    }),
  ];
  const figures = orderFigures(rows, { from: 0, to: 1000 * minute });

  it('count by category and state', () => {
    expect(figures.total).toBe(5);
    expect(figures.byCategory).toEqual([
      { code: 'haircut', count: 2 },
      { code: 'repair_water', count: 2 },
      { code: 'policy', count: 1 },
    ]);
    expect(figures.byState).toEqual([
      { state: 'accepted', count: 1 },
      { state: 'closed', count: 2 },
      { state: 'auto_closed', count: 1 },
      { state: 'cancelled', count: 1 },
    ]);
  });

  it('time to accept and to resolve: median and p90 in minutes', () => {
    // accepted after 10, 40, 5, 20 minutes → sorted 5, 10, 20, 40: median 15, p90 the 4th = 40
    expect(figures.timeToAccept).toEqual({ count: 4, medianMinutes: 15, p90Minutes: 40 });
    // resolved after 120, 300, 60 minutes → sorted 60, 120, 300: median 120, p90 the 3rd = 300
    expect(figures.timeToResolve).toEqual({ count: 3, medianMinutes: 120, p90Minutes: 300 });
  });

  it('overdue share, satisfaction, households served and volunteer hours', () => {
    expect(figures.overdue).toEqual({ count: 2, share: 0.4 });
    expect(figures.satisfaction).toEqual({
      count: 2,
      average: 4,
      satisfiedShare: 0.5,
      distribution: [
        { rating: 1, count: 0 },
        { rating: 2, count: 0 },
        { rating: 3, count: 1 },
        { rating: 4, count: 0 },
        { rating: 5, count: 1 },
      ],
    });
    // h1 twice and h2 once among the resolved; h3's order is still open.
    expect(figures.servedHouseholds).toBe(2);
    // 90 + 45 + 30 minutes = 2.75 h, one decimal
    expect(figures.volunteerHours).toBe(2.8);
  });

  it('are empty, not wrong, for a period without orders', () => {
    const none = orderFigures(rows, { from: 5000 * minute, to: 6000 * minute });
    expect(none).toMatchObject({
      total: 0,
      byCategory: [],
      timeToAccept: { count: 0, medianMinutes: null, p90Minutes: null },
      overdue: { count: 0, share: 0 },
      satisfaction: { count: 0, average: null, satisfiedShare: null },
      servedHouseholds: 0,
      volunteerHours: 0,
    });
  });
});
