import { sql, type Kysely } from 'kysely';
import type { DB } from '../../core/db/schema';
import { addDays, dayStart, slotsBetween, graceEnds } from './rules';
import { patternOf, shiftStatesLive, slotOf } from './dutyStore';
import { flaggedRun, parseSchedule, runsBetween } from './store';
import { shiftTimes } from './rules';

/**
 * What the volunteers module shows of patrols and duty: a person's calendar entries (my calendar)
 * and the patrol figures beside the volunteer figures. Dates are 'YYYY-MM-DD' in Asia/Shanghai,
 * both ends included.
 */

export interface CalendarEntry {
  kind: 'activity' | 'duty' | 'patrol';
  /** duty: the shift's id; patrol: `<routeId>:<slot epoch ms>` (one entry per scheduled slot). */
  id: string;
  title: string;
  startsAt: number;
  endsAt: number;
  place: string | null;
}

/** A person's duty shifts and the scheduled slots of the routes their squads patrol, in time order. */
export async function calendarEntriesFor(
  db: Kysely<DB>,
  communityId: string,
  personId: string,
  from: string,
  to: string,
): Promise<CalendarEntry[]> {
  const [shifts, routes] = await Promise.all([
    db
      .selectFrom('duty_shifts as h')
      .innerJoin('duty_places as d', (j) =>
        j.onRef('d.community_id', '=', 'h.community_id').onRef('d.id', '=', 'h.place_id'),
      )
      .select(['h.id', 'h.date', 'h.slot_code', 'd.name', 'd.shift_pattern'])
      .where('h.community_id', '=', communityId)
      .where('h.person_id', '=', personId)
      .where('h.date', '>=', from)
      .where('h.date', '<=', to)
      .where('h.state', 'in', [...shiftStatesLive])
      .execute(),
    db
      .selectFrom('patrol_routes as r')
      .innerJoin('squad_members as m', (j) =>
        j.onRef('m.community_id', '=', 'r.community_id').onRef('m.squad_id', '=', 'r.squad_id'),
      )
      .innerJoin('compounds as c', (j) =>
        j.onRef('c.community_id', '=', 'r.community_id').onRef('c.id', '=', 'r.compound_id'),
      )
      .select(['r.id', 'r.name', 'r.schedule', 'r.grace_minutes', 'c.name as compound_name'])
      .where('r.community_id', '=', communityId)
      .where('r.state', '=', 'active')
      .where('m.person_id', '=', personId)
      .where('m.left_at', 'is', null)
      .execute(),
  ]);
  const duty: CalendarEntry[] = shifts.map((s) => {
    const slot = slotOf(patternOf(s), s.slot_code);
    return {
      kind: 'duty',
      id: s.id,
      title: `${s.name} ${slot.label}`,
      ...shiftTimes(s.date, slot),
      place: s.name,
    };
  });
  const patrols: CalendarEntry[] = routes.flatMap((r) =>
    slotsBetween(parseSchedule(r.schedule), dayStart(from), dayStart(addDays(to, 1))).map((slot) => ({
      kind: 'patrol' as const,
      id: `${r.id}:${slot}`,
      title: r.name,
      startsAt: slot,
      endsAt: graceEnds(slot, r.grace_minutes),
      place: r.compound_name,
    })),
  );
  return [...duty, ...patrols].sort((a, b) => a.startsAt - b.startsAt || a.id.localeCompare(b.id));
}

export interface PatrolFigures {
  runsDone: number;
  runsMissed: number;
  runsFlagged: number;
  /** Scans that reported a finding. */
  findings: number;
  /** Findings that became service orders. */
  findingOrders: number;
}

/**
 * Patrol figures for a period, optionally one compound's or squad's routes. Each number is the count
 * of rows the console's run list shows with the same filters: GET …/patrol-runs?from&to&compoundId&squadId
 * and state=done, state=missed or flagged=true; findings are the scans of those runs.
 */
export async function patrolFigures(
  db: Kysely<DB>,
  communityId: string,
  filter: { from?: string; to?: string; compoundId?: string; squadId?: string },
): Promise<PatrolFigures> {
  let runs = db
    .selectFrom('patrol_runs as u')
    .innerJoin('patrol_routes as r', (j) =>
      j.onRef('r.community_id', '=', 'u.community_id').onRef('r.id', '=', 'u.route_id'),
    )
    .where('u.community_id', '=', communityId)
    .where(runsBetween(filter.from, filter.to));
  if (filter.compoundId) runs = runs.where('r.compound_id', '=', filter.compoundId);
  if (filter.squadId) runs = runs.where('r.squad_id', '=', filter.squadId);
  const [counts, found] = await Promise.all([
    runs
      .select((eb) => [
        sql<number>`sum(case when u.state = 'done' then 1 else 0 end)`.as('done'),
        sql<number>`sum(case when u.state = 'missed' then 1 else 0 end)`.as('missed'),
        eb.fn.sum<number>(eb.case().when(flaggedRun(eb)).then(1).else(0).end()).as('flagged'),
      ])
      .executeTakeFirst(),
    runs
      .innerJoin('patrol_scans as f', (j) =>
        j.onRef('f.community_id', '=', 'u.community_id').onRef('f.run_id', '=', 'u.id'),
      )
      .where('f.finding', '=', 1)
      .select((eb) => [
        eb.fn.countAll<number>().as('findings'),
        eb.fn.count<number>('f.finding_order_id').as('orders'),
      ])
      .executeTakeFirst(),
  ]);
  return {
    runsDone: Number(counts?.done ?? 0),
    runsMissed: Number(counts?.missed ?? 0),
    runsFlagged: Number(counts?.flagged ?? 0),
    findings: Number(found?.findings ?? 0),
    findingOrders: Number(found?.orders ?? 0),
  };
}
