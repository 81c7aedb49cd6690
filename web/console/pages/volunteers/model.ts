import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../../shared/api';
import { useScope } from '../../components/scope';
import { base } from './kit';

/** The shapes the volunteer console pages read (src/modules/volunteers) and the settings they share. */

export type SourceKind = 'order' | 'activity' | 'patrol' | 'visit' | 'manual';
export const sourceKinds: SourceKind[] = ['order', 'activity', 'patrol', 'visit', 'manual'];

export interface Skill {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface VolunteerSettings {
  skills: Skill[];
  pointsEnabled: boolean;
  pointsPerHour: number;
  orderMinutes: number;
  visitMinutes: number;
  patrolMaxMinutes: number;
  updatedAt: number | null;
}

export interface ServiceEntry {
  id: string;
  personId: string;
  personName: string;
  squadId: string | null;
  squadName: string | null;
  compoundName: string | null;
  sourceKind: SourceKind;
  sourceId: string;
  source: { kind: SourceKind; id: string; title: string; link: string | null };
  minutes: number;
  served: number | null;
  at: number;
  note: string | null;
  voidedAt: number | null;
  voidReason: string | null;
}

export interface Volunteer {
  personId: string;
  name: string;
  hasAccount: boolean;
  skills: { code: string; name: string }[];
  tags: string[];
  availability: { weekdays: number[]; slots: ('morning' | 'afternoon' | 'evening')[] };
  compoundId: string | null;
  compoundName: string | null;
  gridId: string | null;
  gridName: string | null;
  isPartyMember: boolean;
  cobuildUnitId: string | null;
  cobuildUnitName: string | null;
  status: 'active' | 'paused' | 'left';
  joinedAt: number;
  squads: { id: string; name: string; role: string }[];
  minutes: number;
  hours: number;
}

export function useVolunteerSettings() {
  const { community } = useScope();
  return useQuery({
    queryKey: ['list', 'volunteer-settings', community?.id],
    enabled: !!community,
    queryFn: () => get<VolunteerSettings>(`${base(community!.id)}/volunteer-settings`),
  });
}

/** The community's skills as select options, in the reader's language. */
export function useSkillOptions() {
  const { i18n } = useTranslation();
  const settings = useVolunteerSettings();
  return (settings.data?.skills ?? []).map((s) => ({
    value: s.code,
    label: i18n.language === 'en' ? s.nameEn : s.nameZh,
  }));
}

/**
 * Where the console shows a service entry's source: an order on the dispatch board, an activity in
 * its drawer, a patrol run in the runs list.
 */
export function consoleSourceLink(e: Pick<ServiceEntry, 'sourceKind' | 'sourceId'>): string | null {
  if (e.sourceKind === 'order') return `/orders/${e.sourceId}`;
  if (e.sourceKind === 'activity') return `/activities/${e.sourceId}`;
  if (e.sourceKind === 'patrol') return `/patrol-runs?run=${e.sourceId}`;
  return null;
}
