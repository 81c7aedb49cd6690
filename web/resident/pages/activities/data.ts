import { useQuery } from '@tanstack/react-query';
import { get } from '../../../shared/api';

/**
 * What the resident's activity pages fetch (src/modules/volunteers: GET /me/activities,
 * /me/activities/:id, /me/activity-checkin/:token) and the words they share.
 */

export const activityTypes = [
  'culture',
  'environment',
  'safety',
  'mediation',
  'care',
  'party',
  'other',
] as const;
export type ActivityType = (typeof activityTypes)[number];
export type ActivityState = 'draft' | 'published' | 'cancelled' | 'held';
export type SignupState = 'pending' | 'confirmed' | 'waitlisted' | 'rejected' | 'cancelled';
export type Audience = 'all' | 'elders' | 'children' | 'party_members' | 'volunteers';

export interface MySignup {
  id: string;
  state: SignupState;
  /** 1 = next in line on the waiting list. */
  waitlistPlace: number | null;
  asVolunteer: boolean;
  checkedInAt: number | null;
  createdAt: number;
}

export interface MyActivity {
  id: string;
  communityId: string;
  compoundName: string | null;
  squadName: string | null;
  type: ActivityType;
  title: string;
  description: string;
  place: string | null;
  startsAt: number;
  endsAt: number;
  capacity: number | null;
  placesLeft: number | null;
  audience: Audience;
  signupMode: 'open' | 'screened';
  signupClosesAt: number | null;
  /** Published, before the sign-up closes and the start. */
  signupOpen: boolean;
  coverFileId: string | null;
  state: ActivityState;
  summary: string | null;
  servedCount: number | null;
  confirmedCount: number;
  waitlistCount: number;
  mySignup: MySignup | null;
}

export interface ActivityPage {
  items: MyActivity[];
  total: number;
  page: number;
  pageSize: number;
}

export const activityKey = (id: string) => ['activities', 'one', id] as const;

export function useActivity(id: string) {
  return useQuery({ queryKey: activityKey(id), queryFn: () => get<MyActivity>(`/me/activities/${id}`) });
}

/** Whether a sign-up still holds a place or a turn (not refused, not withdrawn). */
export const liveSignup = (s: MySignup | null): s is MySignup =>
  !!s && s.state !== 'cancelled' && s.state !== 'rejected';
