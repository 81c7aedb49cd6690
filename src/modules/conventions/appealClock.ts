import type { Job } from '../../core/jobs';
import { notify } from '../notifications';
import { ageDays, appealReminderDays, dayMs } from './rules';
import { branchAccountsOf, reviewersOf } from './store';

/**
 * The appeal clock: an appeal (申诉) or a report on a committee member still open after
 * `appealReminderDays` is brought to its deciders' attention, once (claimed with a conditional
 * update of reminded_at in the same transaction as the notification, so two servers tell them once);
 * and published entries whose period has run out are marked expired.
 */
export const appealClock: Job = {
  name: 'conventions.appealClock',
  everyMs: 30 * 60_000,
  async run(deps, now) {
    const { db } = deps;
    const due = now - appealReminderDays * dayMs;

    const appeals = await db
      .selectFrom('red_black_appeals as a')
      .innerJoin('red_black_entries as e', (j) =>
        j.onRef('e.community_id', '=', 'a.community_id').onRef('e.id', '=', 'a.entry_id'),
      )
      .select(['a.community_id', 'a.id', 'a.compound_id', 'a.created_at', 'e.id as entry_id', 'e.title'])
      .where('a.state', '=', 'open')
      .where('a.reminded_at', 'is', null)
      .where('a.created_at', '<=', due)
      .execute();
    for (const a of appeals) {
      const told = await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('red_black_appeals')
          .set({ reminded_at: now })
          .where('community_id', '=', a.community_id)
          .where('id', '=', a.id)
          .where('state', '=', 'open')
          .where('reminded_at', 'is', null)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return null;
        return notify(
          deps,
          a.community_id,
          await reviewersOf(trx, a.community_id, a.compound_id),
          {
            kind: 'red_black_appeal_overdue',
            params: { title: a.title, days: ageDays(a.created_at, now) },
            link: `/console/red-black/${a.entry_id}`,
          },
          { trx },
        );
      });
      await told?.publish();
    }

    const reports = await db
      .selectFrom('duty_rule_reports as r')
      .innerJoin('duty_rule_sets as s', (j) =>
        j.onRef('s.community_id', '=', 'r.community_id').onRef('s.id', '=', 'r.rule_set_id'),
      )
      .select(['r.community_id', 'r.id', 'r.compound_id', 'r.created_at', 'r.rule_index', 's.rules'])
      .where('r.state', '=', 'open')
      .where('r.reminded_at', 'is', null)
      .where('r.created_at', '<=', due)
      .execute();
    for (const r of reports) {
      const told = await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('duty_rule_reports')
          .set({ reminded_at: now })
          .where('community_id', '=', r.community_id)
          .where('id', '=', r.id)
          .where('state', '=', 'open')
          .where('reminded_at', 'is', null)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return null;
        return notify(
          deps,
          r.community_id,
          await branchAccountsOf(trx, r.community_id, r.compound_id),
          {
            kind: 'duty_report_overdue',
            params: {
              title: (JSON.parse(r.rules) as string[])[r.rule_index - 1] ?? '',
              days: ageDays(r.created_at, now),
            },
            link: '/console/duty-rule-reports',
          },
          { trx },
        );
      });
      await told?.publish();
    }

    // The period is over: off the list (the public list already hides it; this makes the state say so).
    await db
      .updateTable('red_black_entries')
      .set((eb) => ({ state: 'expired', expired_at: now, updated_at: now, version: eb('version', '+', 1) }))
      .where('state', '=', 'published')
      .where('publish_until', '<=', now)
      .execute();
  },
};
