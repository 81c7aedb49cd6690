/**
 * Meetings (议事会, 联席会议…) as pure rules: which step each state allows, and when the sign-in
 * page takes signatures. The routes ask these before touching the database.
 */

export const meetingStates = ['scheduled', 'in_progress', 'held', 'cancelled'] as const;
export type MeetingState = (typeof meetingStates)[number];

export const agendaOutcomes = ['pending', 'decided', 'deferred'] as const;
export type AgendaOutcome = (typeof agendaOutcomes)[number];

export type MeetingStep =
  | 'edit' // time, place, title, invitees
  | 'notice'
  | 'start'
  | 'close'
  | 'cancel'
  | 'agenda' // add, remove or defer an item
  | 'decide'
  | 'minutes'
  | 'attendance';

/** The states each step may be taken in. A held meeting keeps its minutes editable for the write-up. */
const allowed: Record<MeetingStep, readonly MeetingState[]> = {
  edit: ['scheduled'],
  notice: ['scheduled'],
  start: ['scheduled'],
  close: ['in_progress'],
  cancel: ['scheduled'],
  agenda: ['scheduled', 'in_progress'],
  decide: ['in_progress'],
  minutes: ['scheduled', 'in_progress', 'held'],
  attendance: ['scheduled', 'in_progress'],
};

export function meetingStepAllowed(state: MeetingState, step: MeetingStep): boolean {
  return allowed[step].includes(state);
}

/** The states a step may be taken in, for the conditional write that re-checks it. */
export const statesAllowing = (step: MeetingStep): readonly MeetingState[] => allowed[step];

export const meetingNext: Partial<Record<MeetingStep, MeetingState>> = {
  start: 'in_progress',
  close: 'held',
  cancel: 'cancelled',
};

const hour = 60 * 60 * 1000;
/** Sign-in opens this long before the start… */
export const checkinOpensBeforeMs = 2 * hour;
/** …and closes this long after the end (or the start, when no end was set), unless the meeting is still running. */
export const checkinClosesAfterMs = 4 * hour;

export interface CheckinWindow {
  opensAt: number;
  closesAt: number;
}

export function checkinWindow(m: { startsAt: number; endsAt: number | null }): CheckinWindow {
  return {
    opensAt: m.startsAt - checkinOpensBeforeMs,
    closesAt: Math.max(m.startsAt, m.endsAt ?? m.startsAt) + checkinClosesAfterMs,
  };
}

/** A meeting takes signatures while it runs, and on its day around its hours while it is still to come. */
export function checkinOpen(
  m: { state: MeetingState; startsAt: number; endsAt: number | null },
  now: number,
): boolean {
  if (m.state === 'in_progress') return true;
  if (m.state !== 'scheduled') return false;
  const w = checkinWindow(m);
  return now >= w.opensAt && now <= w.closesAt;
}
