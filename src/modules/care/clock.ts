import type { Job } from '../../core/jobs';
import { newId } from '../../core/ids';
import { notify } from '../notifications';
import { shanghaiDay } from './plans';
import { gridWorkersOf, staffOf } from './recipients';
import { pairingStatuses } from './store';

/**
 * The contact clock: every missed greeting call or home visit raises one alert to the grid worker of
 * where the person lives (staff when the grid has nobody), once per missed due date. The unique
 * (pairing, kind, due date) row is the claim, so two processes running it tell nobody twice.
 */
export const careContactClock: Job = {
  name: 'care.contact-clock',
  everyMs: 15 * 60_000,
  async run(deps, now) {
    const { db } = deps;
    const today = shanghaiDay(now);
    const records = await db
      .selectFrom('care_records as r')
      .innerJoin('people as p', (j) =>
        j.onRef('p.community_id', '=', 'r.community_id').onRef('p.id', '=', 'r.person_id'),
      )
      .select(['r.community_id', 'r.id', 'r.compound_id', 'r.building_id', 'r.grid_id', 'p.name'])
      .where('r.state', '=', 'active')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('care_pairings as cp')
            .select('cp.id')
            .whereRef('cp.community_id', '=', 'r.community_id')
            .whereRef('cp.record_id', '=', 'r.id')
            .where('cp.ended_at', 'is', null),
        ),
      )
      .execute();
    const communities = [...new Set(records.map((r) => r.community_id))];
    for (const communityId of communities) {
      const mine = records.filter((r) => r.community_id === communityId);
      const statuses = await pairingStatuses(
        db,
        communityId,
        mine.map((r) => r.id),
        today,
      );
      for (const p of statuses)
        for (const item of p.items.filter((i) => i.overdue)) {
          const claimed = await db
            .insertInto('care_overdue_alerts')
            .values({
              community_id: communityId,
              id: newId(),
              pairing_id: p.id,
              kind: item.kind,
              due_on: item.dueOn,
              raised_at: now,
            })
            .onConflict((oc) => oc.columns(['community_id', 'pairing_id', 'kind', 'due_on']).doNothing())
            .executeTakeFirst();
          if (!Number(claimed.numInsertedOrUpdatedRows ?? 0)) continue;
          const r = mine.find((m) => m.id === p.recordId)!;
          const place = {
            communityId,
            compoundId: r.compound_id,
            buildingId: r.building_id,
            gridId: r.grid_id,
          };
          const workers = await gridWorkersOf(db, place);
          await notify(deps, communityId, workers.length ? workers : await staffOf(db, communityId), {
            kind: item.kind === 'call' ? 'care_call_overdue' : 'care_visit_overdue',
            params: { name: r.name, volunteer: p.name, dueOn: item.dueOn },
            link: `/console/care/records/${r.id}`,
          });
        }
    }
  },
};
