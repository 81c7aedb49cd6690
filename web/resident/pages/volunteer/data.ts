import { useQuery } from '@tanstack/react-query';
import { get } from '../../../shared/api';

/**
 * What the volunteer pages fetch (src/modules/volunteers: GET /me/volunteer, /me/service-entries,
 * /me/squad-options, /me/join-requests, /recruit/:token; src/modules/patrols: /me/duty,
 * /me/duty-today) and the words they share.
 */

export type SourceKind = 'order' | 'activity' | 'patrol' | 'visit' | 'manual';
export const slots = ['morning', 'afternoon', 'evening'] as const;
export type Slot = (typeof slots)[number];

export interface Availability {
  weekdays: number[];
  slots: Slot[];
}

/** One entry of the ledger behind my hours, with its source named and where this shell opens it. */
export interface ServiceEntry {
  id: string;
  sourceKind: SourceKind;
  sourceId: string;
  source: { kind: SourceKind; id: string; title: string; link: string | null };
  minutes: number;
  at: number;
  note: string | null;
  voidedAt: number | null;
}

type Period = { month: number; year: number; all: number };

/** GET /me/volunteer: one community at a time (the first I volunteer in, else the first I live in). */
export interface MyVolunteer {
  communityId: string | null;
  communities: { id: string; name: string }[];
  profile: {
    personId: string;
    skills: { code: string; name: string }[];
    tags: string[];
    availability: Availability;
    status: 'active' | 'paused' | 'left';
    isPartyMember: boolean;
    joinedAt: number;
  } | null;
  squads: { id: string; name: string; role: string }[];
  minutes: Period;
  hours: Period;
  /** Points, when the community counts them (积分): derived from hours. */
  points: Period | null;
  skillOptions: { code: string; name: string }[];
  recentEntries: ServiceEntry[];
}

export const volunteerKey = (communityId?: string | null) =>
  ['volunteer', 'me', communityId ?? null] as const;

export function useMyVolunteer(communityId?: string | null) {
  return useQuery({
    queryKey: volunteerKey(communityId),
    queryFn: () => get<MyVolunteer>(`/me/volunteer${communityId ? `?communityId=${communityId}` : ''}`),
  });
}

/** Hours from minutes, to one decimal (1.5 小时). */
export const hours = (minutes: number) => Math.round(minutes / 6) / 10;

/** GET /me/duty-today: each duty place of my compounds with today's shifts and who is on them. */
export interface DutyTodayPlace {
  placeId: string;
  communityId: string;
  placeName: string;
  kind: 'station' | 'site' | 'other';
  compoundName: string | null;
  slots: { code: string; label: string; start: string; end: string; people: string[] }[];
}

export function useDutyToday() {
  return useQuery({ queryKey: ['duty', 'today'], queryFn: () => get<DutyTodayPlace[]>('/me/duty-today') });
}
