import type { TFunction } from 'i18next';
import type {
  ClockKind,
  EscalationTarget,
  OrderEventType,
  OrderState,
  Urgency,
} from '../../src/modules/orders/rules';

/**
 * Service orders (求助订单) as both shells read them: the API's shapes (src/modules/orders/views.ts)
 * and the words for states and timeline steps, whose texts live in the shared catalogue under `order`.
 */

export type { OrderState };
export { orderStates } from '../../src/modules/orders/rules';

export interface Order {
  id: string;
  communityId: string;
  state: OrderState;
  categoryId: string;
  categoryCode: string;
  categoryNameZh: string;
  categoryNameEn: string;
  description: string;
  urgency: Urgency;
  homeHours: string | null;
  placeKind: 'home' | 'public';
  placeText: string | null;
  compoundId: string;
  compoundName: string;
  buildingId: string | null;
  buildingName: string | null;
  entranceName: string | null;
  roomNumber: string | null;
  householdId: string | null;
  gridId: string | null;
  squadId: string | null;
  squadName: string | null;
  assigneePersonId: string | null;
  assigneeName: string | null;
  handledByMe: boolean;
  contactName: string;
  contactPhone: string | null;
  channel: 'app' | 'phone' | 'walk_in' | 'patrol';
  escalatedTo: EscalationTarget | null;
  escalationLevel: number;
  acceptDueAt: number;
  resolveDueAt: number;
  acceptOverdue: boolean;
  resolveOverdue: boolean;
  overdue: boolean;
  acceptedAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  minutesSpent: number;
  rating: number | null;
  ratingComment: string | null;
  /** The topic (议题) this order became, when it was a 大事 for the residents' meetings. */
  deliberationTopicId: string | null;
  createdAt: number;
  updatedAt: number;
  version: number;
}

export interface TimelineEntry {
  seq: number;
  type: OrderEventType;
  fromState: OrderState | null;
  toState: OrderState;
  at: number;
  actorRole: 'resident' | 'member' | 'staff' | 'system';
  actorName: string | null;
  reason: string | null;
  note: string | null;
  rating: number | null;
  comment: string | null;
  minutesSpent: number | null;
  fileIds: string[];
  squadId: string | null;
  squadName: string | null;
  personId: string | null;
  personName: string | null;
  escalatedTo: EscalationTarget | null;
  clock: ClockKind | null;
  level: number | null;
  satisfied: boolean | null;
}

export interface OrderDetail extends Order {
  photoIds: string[];
  timeline: TimelineEntry[];
}

export interface OrderCategory {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  squadType: string;
  acceptMinutes: number;
  resolveMinutes: number;
  position: number;
  archivedAt: number | null;
}

/** A live event about an order (src/modules/orders/effects.ts): where it sits now, no personal data. */
export interface LiveOrder {
  id: string;
  communityId: string;
  event: OrderEventType;
  state: OrderState;
}

/** The category's name in the reader's language. */
export const categoryName = (c: { nameZh: string; nameEn: string }, language: string) =>
  language === 'en' ? c.nameEn : c.nameZh;
export const orderCategoryName = (o: Order, language: string) =>
  categoryName({ nameZh: o.categoryNameZh, nameEn: o.categoryNameEn }, language);

/** How a state looks: waiting for someone, being worked on, done, or stopped. Never by colour alone. */
type StateTone = 'waiting' | 'working' | 'done' | 'stopped';
const tones: Record<OrderState, StateTone> = {
  submitted: 'waiting',
  published: 'waiting',
  assigned: 'waiting',
  reopened: 'waiting',
  accepted: 'working',
  in_progress: 'working',
  resolved: 'done',
  closed: 'done',
  auto_closed: 'done',
  cancelled: 'stopped',
};
export const stateTone = (state: OrderState): StateTone => tones[state];
/** A mark shown before the state's name, so it reads without colour. */
export const toneMark: Record<StateTone, string> = { waiting: '○', working: '◐', done: '✓', stopped: '✕' };

/** Where the order is, in words: the room while the viewer may see it, else the building or the place named. */
export function placeText(o: Order, t: TFunction): string {
  const room = [o.buildingName, o.entranceName, o.roomNumber].filter(Boolean).join(' ');
  if (o.placeKind === 'home')
    return `${o.compoundName} ${o.roomNumber ? room : (o.buildingName ?? t('order.place.homeHidden'))}`.trim();
  return [o.compoundName, o.buildingName, o.placeText].filter(Boolean).join(' · ');
}

/** Minutes as a person says them: "45 分钟", "2 小时 30 分钟", "1 天 2 小时". */
export function durationText(minutes: number, t: TFunction): string {
  const m = Math.round(minutes);
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const rest = m % 60;
  const parts = [
    days ? t('order.duration.days', { count: days }) : '',
    hours ? t('order.duration.hours', { count: hours }) : '',
    rest || (!days && !hours) ? t('order.duration.minutes', { count: rest }) : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** Who took a step, in words: their name, else what they are (居民, 队员, 工作人员, 系统). */
const actorText = (e: TimelineEntry, t: TFunction) =>
  e.actorRole === 'system' ? t('order.actor.system') : (e.actorName ?? t(`order.actor.${e.actorRole}`));

/** One step of the timeline as a sentence: who did what, naming the member or squad it went to. */
export function stepText(e: TimelineEntry, t: TFunction): string {
  const who = actorText(e, t);
  const person = e.personName ?? t('order.aMember');
  const squad = e.squadName ?? t('order.aSquad');
  switch (e.type) {
    case 'assign':
      return t('order.step.assign', { who, person });
    case 'publish':
      return t('order.step.publish', { who, squad });
    case 'transfer':
      return e.personId ? t('order.step.transferTo', { who, person }) : t('order.step.transferBack', { who });
    case 'resolve':
      return t('order.step.resolve', { who, time: durationText(e.minutesSpent ?? 0, t) });
    case 'confirm':
      return t('order.step.confirm', { who, rating: e.rating ?? 0 });
    case 'escalate':
      return t('order.step.escalate', { who, to: t(`order.escalatedTo.${e.escalatedTo ?? 'community'}`) });
    case 'overdue':
      return t(`order.step.overdue.${e.clock ?? 'accept'}`, { to: t(`order.level.${e.level ?? 1}`) });
    case 'return_visit':
      return e.satisfied === null
        ? t('order.step.return_visit', { who })
        : t(e.satisfied ? 'order.step.returnVisitSatisfied' : 'order.step.returnVisitUnsatisfied', { who });
    case 'auto_close':
      return t('order.step.auto_close');
    default:
      return t(`order.step.${e.type}`, { who });
  }
}

/** The words that say why, or what was noted, under a step. */
export const stepDetail = (e: TimelineEntry) => e.reason ?? e.note ?? e.comment ?? null;

/** A fresh idempotency key for one order form: a retried submit sends the same one. */
export const newIdempotencyKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
