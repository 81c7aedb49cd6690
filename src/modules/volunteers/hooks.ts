import { calendarEntriesFor, patrolFigures } from '../patrols/exports';
import type { Db } from './store';

/**
 * What the volunteer pages take from the patrols module (src/modules/patrols/exports.ts): a
 * person's duty shifts and patrol slots for their calendar, and the patrol figures shown beside the
 * volunteer figures.
 */

export interface CalendarEntry {
  kind: 'activity' | 'duty' | 'patrol';
  id: string;
  communityId: string;
  title: string;
  startsAt: number;
  endsAt: number;
  place: string | null;
}

/** One person's entries in a community over a range of days ('YYYY-MM-DD', both included). */
export type CalendarSource = (
  db: Db,
  communityId: string,
  personId: string,
  from: string,
  to: string,
) => Promise<CalendarEntry[]>;

export const calendarSources: CalendarSource[] = [
  async (db, communityId, personId, from, to) =>
    (await calendarEntriesFor(db, communityId, personId, from, to)).map((e) => ({ ...e, communityId })),
];

export const patrolFiguresSource = patrolFigures;
