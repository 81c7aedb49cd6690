import type { Kysely } from 'kysely';
import type { DB } from '../../core/db/schema';
import type { Deps } from '../../core/deps';
import type { Job } from '../../core/jobs';
import { notify, type NotifyMessage } from '../notifications';
import { ageDays, appealReminderDays, dayMs } from './rules';
import { branchAccountsOf, reviewersOf } from './store';

/**
 * The appeal clock: an appeal (申诉) or a report on a committee member still open after
 * `appealReminderDays` is brought to its deciders' attention, once; and published entries whose
 * period has run out are marked expired.
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
    for (const a of appeals)
      await remindOnce(deps, 'red_black_appeals', a, now, async (trx) => ({
        to: await reviewersOf(trx, a.community_id, a.compound_id),
        kind: 'red_black_appeal_overdue',
        params: { title: a.title, days: ageDays(a.created_at, now) },
        link: `/console/red-black/${a.entry_id}`,
      }));

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
    for (const r of reports)
      await remindOnce(deps, 'duty_rule_reports', r, now, async (trx) => ({
        to: await branchAccountsOf(trx, r.community_id, r.compound_id),
        kind: 'duty_report_overdue',
        params: {
          title: (JSON.parse(r.rules) as string[])[r.rule_index - 1] ?? '',
          days: ageDays(r.created_at, now),
        },
        link: '/console/duty-rule-reports',
      }));

    // The period is over: off the list (the public list already hides it; this makes the state say so).
    await db
      .updateTable('red_black_entries')
      .set((eb) => ({ state: 'expired', expired_at: now, updated_at: now, version: eb('version', '+', 1) }))
      .where('state', '=', 'published')
      .where('publish_until', '<=', now)
      .execute();
  },
};

/**
 * Claims the row's one reminder (a conditional update of reminded_at) and notifies in the same
 * transaction: two servers running the clock tell the deciders once.
 */
async function remindOnce(
  deps: Deps,
  table: 'red_black_appeals' | 'duty_rule_reports',
  row: { community_id: string; id: string },
  now: number,
  message: (trx: Kysely<DB>) => Promise<{ to: string[] } & NotifyMessage>,
): Promise<void> {
  const told = await deps.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable(table)
      .set({ reminded_at: now })
      .where('community_id', '=', row.community_id)
      .where('id', '=', row.id)
      .where('state', '=', 'open')
      .where('reminded_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return null;
    const { to, ...notice } = await message(trx);
    return notify(deps, row.community_id, to, notice, { trx });
  });
  await told?.publish();
}
