/**
 * The rectification notice (整改告知书) as pure rules: its state machine and a campaign's summary.
 *
 *   issued ─reply (resident: 已整改)→ replied
 *     │  ▲                              │
 *     │  └──check not_done, no step ────┤   (staff looked: still there; the household tries again)
 *     ├──check done ────────────────────┴──→ done
 *     └──check not_done + next step ────────→ not_done   (second notice / law enforcement / deliberation)
 *
 * Delivery (posted, handed, or read in the app) is recorded beside the state, not as one: a notice
 * may be checked before anyone confirms it was delivered.
 */

export const rectificationStates = ['issued', 'replied', 'done', 'not_done'] as const;
export const campaignStates = ['open', 'closed'] as const;
export type RectificationState = (typeof rectificationStates)[number];
export const finalRectificationStates: readonly RectificationState[] = ['done', 'not_done'];
/** Still waiting for the household: what the reminder before the deadline goes to. */
export const pendingRectificationStates: readonly RectificationState[] = ['issued', 'replied'];

export const deliveryMethods = ['posted', 'handed', 'read_in_app'] as const;
export type DeliveryMethod = (typeof deliveryMethods)[number];
/** What staff record; read_in_app comes only from the resident opening the notice. */
export const staffDeliveryMethods = ['posted', 'handed'] as const;

export const checkResults = ['done', 'not_done'] as const;
export type CheckResult = (typeof checkResults)[number];

export const nextSteps = ['second_notice', 'law_enforcement', 'deliberation'] as const;
export type NextStep = (typeof nextSteps)[number];

export type RectificationEvent =
  { type: 'reply' } | { type: 'check'; result: CheckResult; nextStep: NextStep | null };

/** The state after `event`, or null when the event is not possible in `state`. */
export function nextState(state: RectificationState, event: RectificationEvent): RectificationState | null {
  if (finalRectificationStates.includes(state)) return null;
  if (event.type === 'reply') return state === 'issued' ? 'replied' : null;
  if (event.result === 'done') return event.nextStep ? null : 'done';
  return event.nextStep ? 'not_done' : 'issued';
}

export interface SummaryRow {
  state: RectificationState;
  round: number;
  deliveryMethod: DeliveryMethod | null;
  readAt: number | null;
  nextStep: NextStep | null;
  deadline: string;
  householdId: string | null;
}

export interface Figure {
  label: string;
  value: number;
  unit: string | null;
}

export interface CampaignSummary {
  notices: number;
  /** First-round notices: how many households or places the campaign found. */
  places: number;
  households: number;
  secondNotices: number;
  delivered: number;
  deliveredBy: Record<DeliveryMethod, number>;
  readInApp: number;
  replied: number;
  done: number;
  notDone: number;
  pending: number;
  /** Pending with the deadline passed (the day after the deadline, Shanghai calendar). */
  overdue: number;
  nextSteps: Record<NextStep, number>;
  figures: Figure[];
}

const countBy = <K extends string>(
  keys: readonly K[],
  rows: readonly SummaryRow[],
  key: (r: SummaryRow) => K | null,
) => Object.fromEntries(keys.map((k) => [k, rows.filter((r) => key(r) === k).length])) as Record<K, number>;

/** The campaign's figures, counted from its notices as they stand on `today` ('YYYY-MM-DD'). */
export function summarise(
  rows: readonly SummaryRow[],
  figures: readonly Figure[],
  today: string,
): CampaignSummary {
  const pending = rows.filter((r) => pendingRectificationStates.includes(r.state));
  const first = rows.filter((r) => r.round === 1);
  return {
    notices: rows.length,
    places: first.length,
    households: first.filter((r) => r.householdId !== null).length,
    secondNotices: rows.filter((r) => r.round > 1).length,
    delivered: rows.filter((r) => r.deliveryMethod !== null).length,
    deliveredBy: countBy(deliveryMethods, rows, (r) => r.deliveryMethod),
    readInApp: rows.filter((r) => r.readAt !== null).length,
    replied: rows.filter((r) => r.state === 'replied').length,
    done: rows.filter((r) => r.state === 'done').length,
    notDone: rows.filter((r) => r.state === 'not_done').length,
    pending: pending.length,
    overdue: pending.filter((r) => r.deadline < today).length,
    nextSteps: countBy(nextSteps, rows, (r) => r.nextStep),
    figures: [...figures],
  };
}
