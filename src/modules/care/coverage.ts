/**
 * Door-knock coverage as pure rules: the calendar quarter a day falls in (Asia/Shanghai dates) and
 * where a household stands in it from its visits. Only a visit where someone opened the door counts
 * (met, or refused to talk); a knock nobody answered leaves the household to visit again.
 */

export const visitOutcomes = ['met', 'not_home', 'refused'] as const;
export type VisitOutcome = (typeof visitOutcomes)[number];

export const coverageStatuses = ['visited', 'not_home', 'not_visited'] as const;
export type CoverageStatus = (typeof coverageStatuses)[number];

export interface Quarter {
  /** e.g. 2025-Q2 */
  code: string;
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function quarterOf(date: string): Quarter {
  const year = Number(date.slice(0, 4));
  const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
  return quarter(year, q);
}

function quarter(year: number, q: number): Quarter {
  const firstMonth = (q - 1) * 3 + 1;
  const lastDay = new Date(Date.UTC(year, firstMonth + 2, 0)).getUTCDate();
  return {
    code: `${year}-Q${q}`,
    from: `${year}-${pad(firstMonth)}-01`,
    to: `${year}-${pad(firstMonth + 2)}-${pad(lastDay)}`,
  };
}

/** A quarter from its code ('2025-Q2'), or null when it is not one. */
export function parseQuarter(code: string): Quarter | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(code);
  return m ? quarter(Number(m[1]), Number(m[2])) : null;
}

export function coverageStatus(outcomes: readonly string[]): CoverageStatus {
  if (outcomes.some((o) => o === 'met' || o === 'refused')) return 'visited';
  return outcomes.length ? 'not_home' : 'not_visited';
}
