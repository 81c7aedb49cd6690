import { orderStates, type OrderState } from './rules';

/**
 * The figures the articles quote (服务居民 800 多人, 累计开展志愿服务 48 次…), from order rows alone.
 * Pure: the figures route and the street's overview feed it rows; the tests feed it hand-made ones.
 */

export interface FigureRow {
  categoryCode: string;
  state: OrderState;
  createdAt: number;
  /** The first time a member took it. */
  acceptedAt: number | null;
  /** The last time it was resolved. */
  resolvedAt: number | null;
  /** Overdue (acceptance or resolution) as of the moment the figures are made. */
  overdue: boolean;
  rating: number | null;
  householdId: string | null;
  /** Minutes the members logged when resolving it. */
  minutesSpent: number;
}

export interface Period {
  /** Inclusive, epoch ms. */
  from: number;
  /** Exclusive, epoch ms. */
  to: number;
}

export interface Durations {
  count: number;
  /** Minutes, one decimal; null when nothing was measured. */
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface OrderFigures {
  total: number;
  byCategory: { code: string; count: number }[];
  byState: { state: OrderState; count: number }[];
  timeToAccept: Durations;
  timeToResolve: Durations;
  overdue: { count: number; share: number };
  satisfaction: {
    count: number;
    average: number | null;
    /** Share of ratings of 4 or 5 (满意率). */
    satisfiedShare: number | null;
    distribution: { rating: number; count: number }[];
  };
  /** Households with at least one order resolved in the period's orders (服务居民户数). */
  servedHouseholds: number;
  /** Hours the members logged on the period's resolved orders (志愿服务时长), one decimal. */
  volunteerHours: number;
}

const resolvedStates: readonly OrderState[] = ['resolved', 'closed', 'auto_closed'];

const round = (value: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

/** The median (mean of the two middle values for an even count). Input sorted ascending. */
export function median(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (!n) return null;
  const mid = Math.floor(n / 2);
  return n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export function percentile(sorted: readonly number[], p: number): number | null {
  const n = sorted.length;
  if (!n) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * n) - 1)]!;
}

function durations(ms: number[]): Durations {
  const minutes = ms.map((d) => d / 60_000).sort((a, b) => a - b);
  const m = median(minutes);
  const p = percentile(minutes, 90);
  return {
    count: minutes.length,
    medianMinutes: m == null ? null : round(m, 1),
    p90Minutes: p == null ? null : round(p, 1),
  };
}

function countBy<K extends string>(keys: readonly K[]): Map<K, number> {
  const counts = new Map<K, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/** Figures over the orders made in the period. */
export function orderFigures(rows: readonly FigureRow[], period: Period): OrderFigures {
  const inPeriod = rows.filter((r) => r.createdAt >= period.from && r.createdAt < period.to);
  const total = inPeriod.length;
  const categories = countBy(inPeriod.map((r) => r.categoryCode));
  const states = countBy(inPeriod.map((r) => r.state));
  const resolved = inPeriod.filter((r) => resolvedStates.includes(r.state));
  const ratings = inPeriod.map((r) => r.rating).filter((r): r is number => r != null);
  const overdue = inPeriod.filter((r) => r.overdue).length;
  return {
    total,
    byCategory: [...categories]
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    byState: orderStates.filter((s) => states.has(s)).map((state) => ({ state, count: states.get(state)! })),
    timeToAccept: durations(
      inPeriod.filter((r) => r.acceptedAt != null).map((r) => r.acceptedAt! - r.createdAt),
    ),
    timeToResolve: durations(
      resolved.filter((r) => r.resolvedAt != null).map((r) => r.resolvedAt! - r.createdAt),
    ),
    overdue: { count: overdue, share: total ? round(overdue / total, 4) : 0 },
    satisfaction: {
      count: ratings.length,
      average: ratings.length ? round(ratings.reduce((a, b) => a + b, 0) / ratings.length, 2) : null,
      satisfiedShare: ratings.length ? round(ratings.filter((r) => r >= 4).length / ratings.length, 4) : null,
      distribution: [1, 2, 3, 4, 5].map((rating) => ({
        rating,
        count: ratings.filter((r) => r === rating).length,
      })),
    },
    servedHouseholds: new Set(resolved.map((r) => r.householdId).filter((h) => h != null)).size,
    volunteerHours: round(resolved.reduce((sum, r) => sum + r.minutesSpent, 0) / 60, 1),
  };
}
