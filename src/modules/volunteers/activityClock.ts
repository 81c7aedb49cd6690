import type { Job } from '../../core/jobs';
import { shanghaiDateTime } from '../deliberation/meetingStore';
import { notify } from '../notifications';
import { reminderDue, reminderLeadMs, type SignupState } from './rules';

/**
 * The activity clock: about two hours before an activity starts, everyone with a confirmed place is
 * reminded, once. Each reminder is claimed with a conditional update (… WHERE reminded_at IS NULL)
 * in the same transaction as its notification, so two servers running the job send it once.
 */
export const activityClock: Job = {
  name: 'volunteers.activityClock',
  everyMs: 5 * 60_000,
  async run(deps, now) {
    const { db } = deps;
    const due = await db
      .selectFrom('activity_signups as s')
      .innerJoin('activities as a', (j) =>
        j.onRef('a.community_id', '=', 's.community_id').onRef('a.id', '=', 's.activity_id'),
      )
      .select([
        's.community_id',
        's.id',
        's.account_id',
        's.state',
        's.reminded_at',
        'a.id as activity_id',
        'a.title',
        'a.place',
        'a.state as activity_state',
        'a.starts_at',
      ])
      .where('a.state', '=', 'published')
      .where('a.starts_at', '>', now)
      .where('a.starts_at', '<=', now + reminderLeadMs)
      .where('s.state', '=', 'confirmed')
      .where('s.reminded_at', 'is', null)
      .execute();
    for (const s of due) {
      const a = { state: 'published' as const, startsAt: s.starts_at };
      if (!reminderDue(a, { state: s.state as SignupState, remindedAt: s.reminded_at }, now)) continue;
      const told = await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('activity_signups')
          .set({ reminded_at: now })
          .where('community_id', '=', s.community_id)
          .where('id', '=', s.id)
          .where('state', '=', 'confirmed')
          .where('reminded_at', 'is', null)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return null;
        return notify(
          deps,
          s.community_id,
          [s.account_id],
          {
            kind: 'activity_reminder',
            params: { title: s.title, when: shanghaiDateTime(s.starts_at), place: s.place ?? '' },
            link: `/activities/${s.activity_id}`,
          },
          { trx },
        );
      });
      await told?.publish();
    }
  },
};
