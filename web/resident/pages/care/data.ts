import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { roleActions, type Role } from '../../../../src/core/access/roles';
import { get, type Page } from '../../../shared/api';
import { useLiveEvents } from '../../../shared/live';
import { useMe } from '../../../shared/session';

/**
 * What the resident shell's care pages fetch (src/modules/care: mine.ts, help.ts, visits.ts) and
 * the words they share: care kinds, how someone was, what is due.
 */

export type AlarmState = 'open' | 'acknowledged' | 'resolved';
export type ContactKind = 'call' | 'visit';
export type Wellbeing = 'good' | 'so_so' | 'poor' | 'not_reached';
export type VisitOutcome = 'met' | 'not_home' | 'refused';

export interface HelpAlarm {
  id: string;
  communityId: string;
  state: AlarmState;
  name: string;
  note: string | null;
  recordId: string | null;
  buildingName: string | null;
  roomNumber: string | null;
  raisedAt: number;
  acknowledgedAt: number | null;
  acknowledgedByName: string | null;
  escalatedAt: number | null;
  resolvedAt: number | null;
  resolveNote: string | null;
}

export interface HelpAlarmDetail extends HelpAlarm {
  recipients: {
    accountId: string;
    name: string;
    reason: 'paired' | 'grid_worker' | 'family' | 'staff';
    notifiedAt: number;
  }[];
  timeline: {
    seq: number;
    kind: 'raised' | 'acknowledged' | 'escalated' | 'resolved';
    actorName: string | null;
    note: string | null;
    at: number;
  }[];
  raisedByMe: boolean;
  alertedMe: boolean;
}

export interface DueItem {
  kind: ContactKind;
  dueOn: string;
  lastOn: string | null;
  daysLeft: number;
  overdue: boolean;
}

export interface CareItem {
  id: string;
  communityId: string;
  name: string;
  kinds: string[];
  reason: string | null;
  buildingName: string | null;
  roomNumber: string | null;
  volunteers: string[];
  lastContactAt: number | null;
  lastWellbeing: Wellbeing | null;
  nextDueOn: string | null;
  nextDueKind: ContactKind | null;
  overdue: boolean;
  openAlarms: number;
}

export interface ContactLog {
  id: string;
  pairingId: string | null;
  kind: ContactKind;
  wellbeing: Wellbeing;
  needs: string | null;
  note: string | null;
  authorName: string;
  contactedAt: number;
  orderId: string | null;
  photoIds: string[];
}

export interface Contact {
  id: string;
  name: string;
  relation: string;
  phone: string;
  family: boolean;
}

export interface CareDetail extends CareItem {
  notes: string | null;
  contacts: Contact[];
  pairings: {
    id: string;
    name: string;
    callEveryDays: number;
    visitEveryDays: number;
    items: DueItem[];
  }[];
  recentContacts: ContactLog[];
  alarms: { id: string; state: string; raisedAt: number }[];
}

export interface MyPair extends CareItem {
  pairingId: string;
  callEveryDays: number;
  visitEveryDays: number;
}

export interface MyPairDetail extends CareDetail {
  pairingId: string;
}

export interface MyCareRecord extends CareDetail {
  relation: 'self' | 'family';
}

export interface Assignment {
  id: string;
  communityId: string;
  householdId: string;
  householdName: string;
  buildingName: string;
  roomNumber: string;
  lastVisitedAt: number | null;
  lastOutcome: VisitOutcome | null;
  visitedThisQuarter: boolean;
}

export interface Visit {
  id: string;
  communityId: string;
  householdId: string;
  householdName: string;
  buildingName: string;
  roomNumber: string;
  outcome: VisitOutcome;
  opinions: string | null;
  problems: string | null;
  orderId: string | null;
  visitedAt: number;
}

export interface Round {
  id: string;
  communityId: string;
  title: string;
  state: 'open' | 'closed';
  startsOn: string | null;
  endsOn: string | null;
  households: number;
  visited: number;
}

export interface RoundDetail extends Round {
  items: {
    householdId: string;
    householdName: string;
    buildingName: string;
    roomNumber: string;
    status: 'visited' | 'not_home' | 'not_visited';
    lastOutcome: VisitOutcome | null;
    visitorName: string | null;
  }[];
}

export const carePaths = {
  pairs: '/me/care-pairs',
  pair: (id: string) => `/me/care-pairs/${id}`,
  alarms: '/me/help-alarms',
  alarm: (id: string) => `/me/help-alarms/${id}`,
};

/** The care people paired with me (an empty page for anyone not paired). */
export function useMyPairs() {
  return useQuery({
    queryKey: ['care', 'pairs'],
    queryFn: () => get<Page<MyPair>>(`${carePaths.pairs}?pageSize=100`),
  });
}

/** Help alarms I raised or was alerted to, the unresolved ones or all. */
export function useMyAlarms(openOnly: boolean) {
  return useQuery({
    queryKey: ['care', 'alarms', openOnly],
    queryFn: async () => {
      const page = await get<Page<HelpAlarm>>(`${carePaths.alarms}?pageSize=50`);
      return openOnly ? page.items.filter((a) => a.state !== 'resolved') : page.items;
    },
  });
}

/** My households (党员联系户): an empty page for anyone without. */
export function useMyContactHouseholds() {
  return useQuery({
    queryKey: ['care', 'contact-households'],
    queryFn: () => get<Page<Assignment>>('/me/contact-households?pageSize=100'),
  });
}

/** The communities where my grants let me record visits (grid workers, party members, staff). */
export function useVisitCommunities(): string[] {
  const me = useMe();
  return [
    ...new Set(
      (me.data?.grants ?? [])
        .filter((g) => g.communityId && roleActions[g.role as Role]?.includes('visits.record'))
        .map((g) => g.communityId!),
    ),
  ];
}

/**
 * Care pages stay current while open: every new notification on my stream (an alarm, an
 * acknowledgement, a pairing) and every reconnection refetches them.
 */
export function useCareLive() {
  const queryClient = useQueryClient();
  useLiveEvents('/me/events', (event) => {
    if (event.type === 'notification' || event.type === 'ready')
      void queryClient.invalidateQueries({ queryKey: ['care'] });
  });
}

/** A care kind's name: the community's own kinds are codes; the usual ones have names here. */
export const kindName = (t: TFunction, code: string) => t(`care.kinds.${code}`, { defaultValue: code });

/** When the next contact is due, in words that do not lean on colour. */
export function dueText(t: TFunction, item: { nextDueOn: string | null; nextDueKind: ContactKind | null }) {
  if (!item.nextDueOn || !item.nextDueKind) return t('care.due.none');
  return t('care.due.next', { kind: t(`care.contactKind.${item.nextDueKind}`), date: item.nextDueOn });
}

/** The day an item is due, how many days are left, and whether it is late (with a mark). */
export function dueItemText(t: TFunction, i: DueItem) {
  const kind = t(`care.contactKind.${i.kind}`);
  if (i.overdue) return t('care.due.itemOverdue', { kind, date: i.dueOn, count: -i.daysLeft });
  return t('care.due.item', { kind, date: i.dueOn, count: i.daysLeft });
}
