import { newId } from '../../core/ids';
import type { Job } from '../../core/jobs';
import { notify } from '../notifications';
import { leadersOf } from '../orders/effects';
import { volunteerSettings } from '../volunteers/settings';
import { finishRun } from './runs';
import { abandonAfterMs, lapsedSlots } from './rules';
import { checkpointsOf, parseSchedule, runRows, type RunRow } from './store';

/**
 * The patrol clock: a scheduled slot nobody started by the end of its grace gets a `missed` run (so
 * the runs list shows the gap), and the squad's leaders are told once; a run left in progress half a
 * day is closed as abandoned. The unique key (route, slot) makes a missed run once however many
 * servers run the job; closing is a conditional update.
 */

/** How far back a slot may still be recorded as missed (a server that was down catches up this far). */
const lookBackMs = 2 * 24 * 3_600_000;

const shanghaiTime = (at: number) =>
  new Date(at + 8 * 3_600_000).toISOString().slice(5, 16).replace('T', ' ');

export const patrolClock: Job = {
  name: 'patrols.clock',
  everyMs: 5 * 60_000,
  async run(deps, now) {
    const { db } = deps;
    const routes = await db.selectFrom('patrol_routes').selectAll().where('state', '=', 'active').execute();
    for (const route of routes) {
      const slots = lapsedSlots(
        parseSchedule(route.schedule),
        route.grace_minutes,
        Math.max(route.created_at, now - lookBackMs),
        now,
      );
      if (!slots.length) continue;
      const points = (await checkpointsOf(db, route.community_id, route.id)).length;
      if (!points) continue;
      for (const slot of slots) {
        const told = await db.transaction().execute(async (trx) => {
          const made = await trx
            .insertInto('patrol_runs')
            .values({
              community_id: route.community_id,
              id: newId(),
              route_id: route.id,
              scheduled_for: slot,
              runner_person_id: null,
              runner_account_id: null,
              started_at: null,
              finished_at: null,
              state: 'missed',
              missed_points: points,
              out_of_order: 0,
              late: 0,
              client_key: null,
              note: null,
              created_at: now,
              updated_at: now,
            })
            .onConflict((oc) => oc.columns(['community_id', 'route_id', 'scheduled_for']).doNothing())
            .executeTakeFirst();
          if (Number(made.numInsertedOrUpdatedRows ?? 0) !== 1) return null;
          return notify(
            deps,
            route.community_id,
            await leadersOf(trx, route.community_id, route.squad_id),
            {
              kind: 'patrol_missed',
              params: { route: route.name, slot: shanghaiTime(slot) },
              link: '/patrol',
            },
            { trx },
          );
        });
        await told?.publish();
      }
    }

    const stale = (await runRows(db)
      .where('u.state', '=', 'in_progress')
      .where('u.started_at', '<', now - abandonAfterMs)
      .execute()) as RunRow[];
    for (const run of stale) {
      const { patrolMaxMinutes } = await volunteerSettings(db, run.community_id);
      await db.transaction().execute((trx) => finishRun(trx, run, now, null, patrolMaxMinutes, 'abandoned'));
    }
  },
};
