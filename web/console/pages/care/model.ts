import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../../../shared/api';
import { useLiveEvents } from '../../../shared/live';
import { useMe } from '../../../shared/session';
import { useScope } from '../../components/scope';

/** The care module's shapes as its routes answer them (src/modules/care), and what the pages share. */

export type ContactKind = 'call' | 'visit';
export type Wellbeing = 'good' | 'so_so' | 'poor' | 'not_reached';
export type AlarmState = 'open' | 'acknowledged' | 'resolved';
export type VisitOutcome = 'met' | 'not_home' | 'refused';
export type CoverageStatus = 'visited' | 'not_home' | 'not_visited';

export interface CareKind {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface CareSettings {
  kinds: CareKind[];
  escalateMinutes: number;
  callEveryDays: number;
  visitEveryDays: number;
  updatedAt: number;
}

export interface RecordItem {
  id: string;
  communityId: string;
  personId: string;
  name: string;
  kinds: string[];
  reason: string | null;
  state: 'active' | 'closed';
  householdId: string | null;
  compoundId: string | null;
  buildingId: string | null;
  buildingName: string | null;
  roomNumber: string | null;
  gridId: string | null;
  volunteers: string[];
  lastContactAt: number | null;
  lastWellbeing: Wellbeing | null;
  nextDueOn: string | null;
  nextDueKind: ContactKind | null;
  overdue: boolean;
  openAlarms: number;
  createdAt: number;
  updatedAt: number;
}

export interface DueItem {
  kind: ContactKind;
  dueOn: string;
  lastOn: string | null;
  daysLeft: number;
  overdue: boolean;
}

export interface Pairing {
  id: string;
  recordId: string;
  personId: string;
  name: string;
  startsOn: string;
  callEveryDays: number;
  visitEveryDays: number;
  items: DueItem[];
  createdAt: number;
}

export interface ContactLog {
  id: string;
  recordId: string;
  pairingId: string | null;
  kind: ContactKind;
  wellbeing: Wellbeing;
  needs: string | null;
  note: string | null;
  authorName: string;
  contactedAt: number;
  contactedOn: string;
  orderId: string | null;
  photoIds: string[];
  createdAt: number;
}

export interface Contact {
  id: string;
  name: string;
  relation: string;
  phone: string;
  family: boolean;
}

export interface RecordDetail extends RecordItem {
  notes: string | null;
  closedAt: number | null;
  closeReason: string | null;
  contacts: Contact[];
  pairings: Pairing[];
  recentContacts: ContactLog[];
  alarms: {
    id: string;
    state: string;
    raisedAt: number;
    acknowledgedAt: number | null;
    resolvedAt: number | null;
  }[];
}

export interface Overview {
  gridId: string | null;
  today: string;
  total: number;
  overdue: number;
  openAlarms: number;
  unpaired: number;
  people: RecordItem[];
}

export interface HelpAlarm {
  id: string;
  communityId: string;
  state: AlarmState;
  name: string;
  note: string | null;
  recordId: string | null;
  householdId: string | null;
  compoundId: string | null;
  buildingId: string | null;
  buildingName: string | null;
  roomNumber: string | null;
  gridId: string | null;
  raisedAt: number;
  acknowledgedAt: number | null;
  acknowledgedByName: string | null;
  escalatedAt: number | null;
  resolvedAt: number | null;
  resolveNote: string | null;
}

export interface HelpAlarmDetail extends HelpAlarm {
  recipients: { accountId: string; name: string; reason: string; notifiedAt: number }[];
  timeline: { seq: number; kind: string; actorName: string | null; note: string | null; at: number }[];
}

export interface Round {
  id: string;
  communityId: string;
  title: string;
  compoundId: string;
  gridId: string | null;
  buildingIds: string[];
  startsOn: string | null;
  endsOn: string | null;
  state: 'open' | 'closed';
  households: number;
  visited: number;
  createdAt: number;
  closedAt: number | null;
}

export interface RoundHousehold {
  householdId: string;
  householdName: string;
  buildingId: string;
  buildingName: string;
  roomNumber: string;
  status: CoverageStatus;
  lastVisitedAt: number | null;
  lastOutcome: VisitOutcome | null;
  visitorName: string | null;
}

export interface Assignment {
  id: string;
  householdId: string;
  householdName: string;
  buildingId: string;
  buildingName: string;
  roomNumber: string;
  gridId: string | null;
  personId: string;
  personName: string;
  assignedAt: number;
  lastVisitedAt: number | null;
  lastOutcome: VisitOutcome | null;
  visitedThisQuarter: boolean;
}

export const careBase = (communityId: string) => `/communities/${communityId}`;

/** The community's care settings (kinds with their names, escalation, the default plan). */
export function useCareSettings() {
  const { community } = useScope();
  return useQuery({
    queryKey: ['care-settings', community?.id],
    enabled: !!community,
    queryFn: () => get<CareSettings>(`${careBase(community!.id)}/care/settings`),
    staleTime: 5 * 60_000,
  });
}

/** A kind code's name in the reader's language, from the community's own list of kinds. */
export function useKindName() {
  const { i18n } = useTranslation();
  const settings = useCareSettings();
  return (code: string) => {
    const kind = settings.data?.kinds.find((k) => k.code === code);
    if (!kind) return code;
    return i18n.language === 'en' ? kind.nameEn : kind.nameZh;
  };
}

/** The community's grids, for filters and for naming a record's grid. */
export function useGrids() {
  const { community } = useScope();
  return useQuery({
    queryKey: ['list', `grids-for-care-${community?.id}`],
    enabled: !!community,
    queryFn: () => get<Page<{ id: string; name: string }>>(`${careBase(community!.id)}/grids?pageSize=200`),
  });
}

/** The grids the caller works as grid worker in this community: the overview starts on the first. */
export function useMyGridIds(): string[] {
  const me = useMe();
  const { community } = useScope();
  return (me.data?.grants ?? [])
    .filter((g) => g.role === 'gridWorker' && g.scopeKind === 'grid' && g.communityId === community?.id)
    .map((g) => g.scopeId);
}

/**
 * Help alarms stay live while a page is open: an alarm raised, answered or resolved in the caller's
 * scope (and every reconnection) refetches the alarm lists, the overview and open records.
 */
export function useAlarmsLive() {
  const { community } = useScope();
  const queryClient = useQueryClient();
  useLiveEvents(community ? `${careBase(community.id)}/help-alarms/events` : null, (event) => {
    if (event.type !== 'help_alarm' && event.type !== 'ready') return;
    void queryClient.invalidateQueries({
      predicate: ({ queryKey: [kind, path] }) =>
        (typeof kind === 'string' && kind.startsWith('care-')) ||
        (kind === 'list' && typeof path === 'string' && path.includes('/care/')),
    });
  });
}

/** Next contact due, in words (the overdue mark is added by the caller). */
export function dueText(t: TFunction, r: { nextDueOn: string | null; nextDueKind: ContactKind | null }) {
  if (!r.nextDueOn || !r.nextDueKind) return t('care.due.none');
  return t('care.due.next', { kind: t(`care.contactKind.${r.nextDueKind}`), date: r.nextDueOn });
}

export function dueItemText(t: TFunction, i: DueItem) {
  const kind = t(`care.contactKind.${i.kind}`);
  if (i.overdue) return t('care.due.itemOverdue', { kind, date: i.dueOn, days: -i.daysLeft });
  return t('care.due.item', { kind, date: i.dueOn, days: i.daysLeft });
}

/** This quarter and the three before it, as the API names them (2025-Q2). */
export function recentQuarters(now = Date.now()): string[] {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
  let year = Number(day.slice(0, 4));
  let q = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
  const out = [];
  for (let i = 0; i < 4; i++) {
    out.push(`${year}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return out;
}
