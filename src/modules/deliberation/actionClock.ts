import type { Job } from '../../core/jobs';
import { notify } from '../notifications';
import { dueByForReminders, remindersOwed, type ActionState, type Reminder } from './actionRules';

/**
 * The deliberation clock: the day before an action item is due its owner is reminded; once it runs
 * late the owner and the meeting's convener are told, once. Each reminder is claimed with a
 * conditional update (… WHERE reminded_at IS NULL) in the same transaction as its notification, so
 * two servers running the job at once send it once.
 */

const column: Record<Reminder, 'reminded_at' | 'overdue_notified_at'> = {
  due_soon: 'reminded_at',
  overdue: 'overdue_notified_at',
};

export const deliberationClock: Job = {
  name: 'deliberation.clock',
  everyMs: 10 * 60_000,
  async run(deps, now) {
    const { db } = deps;
    const candidates = await db
      .selectFrom('action_items as a')
      .innerJoin('decisions as d', (j) =>
        j.onRef('d.community_id', '=', 'a.community_id').onRef('d.id', '=', 'a.decision_id'),
      )
      .innerJoin('meetings as m', (j) =>
        j.onRef('m.community_id', '=', 'd.community_id').onRef('m.id', '=', 'd.meeting_id'),
      )
      .select([
        'a.community_id',
        'a.id',
        'a.title',
        'a.state',
        'a.due_date',
        'a.owner_account_id',
        'a.owner_name',
        'a.reminded_at',
        'a.overdue_notified_at',
        'm.created_by',
      ])
      .where('a.state', '=', 'open')
      .where('a.due_date', '<=', dueByForReminders(now))
      .where((eb) => eb.or([eb('a.reminded_at', 'is', null), eb('a.overdue_notified_at', 'is', null)]))
      .execute();
    for (const a of candidates) {
      const owed = remindersOwed(
        {
          state: a.state as ActionState,
          dueDate: a.due_date,
          remindedAt: a.reminded_at,
          overdueNotifiedAt: a.overdue_notified_at,
        },
        now,
      );
      for (const reminder of owed) {
        const to = reminder === 'overdue' ? [a.owner_account_id, a.created_by] : [a.owner_account_id];
        const told = await db.transaction().execute(async (trx) => {
          const claimed = await trx
            .updateTable('action_items')
            .set({ [column[reminder]]: now })
            .where('community_id', '=', a.community_id)
            .where('id', '=', a.id)
            .where('state', '=', 'open')
            .where(column[reminder], 'is', null)
            .executeTakeFirst();
          if (Number(claimed.numUpdatedRows) !== 1) return null;
          return notify(
            deps,
            a.community_id,
            to.filter((id): id is string => id !== null),
            {
              kind: reminder === 'overdue' ? 'action_overdue' : 'action_due_soon',
              params: { title: a.title, due: a.due_date, owner: a.owner_name },
              link: `/action-items/${a.id}`,
            },
            { trx },
          );
        });
        await told?.publish();
      }
    }
  },
};
