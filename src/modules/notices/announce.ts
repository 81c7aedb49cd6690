import type { Deps } from '../../core/deps';
import type { Job } from '../../core/jobs';
import { notify, type Notified, type NotifyMessage } from '../notifications';
import { accountsOfHouseholds, reachedHouseholds } from './places';

/**
 * Telling residents: a published notice reaches every account confirmed in a household it goes to,
 * once its publish time has come. A community-wide notice reaches thousands, so accounts are told in
 * slices, inside the transaction that claims the notice (a second server process finds it claimed).
 */

type NotifyDeps = Pick<Deps, 'db' | 'config' | 'events'>;
const slice = 1000;

/** notify() for many accounts, in slices that stay within the databases' limits on parameters. */
export async function notifyMany(
  deps: NotifyDeps,
  communityId: string,
  accountIds: readonly string[],
  message: NotifyMessage,
  trx: NotifyDeps['db'],
): Promise<Notified[]> {
  const out: Notified[] = [];
  for (let i = 0; i < accountIds.length; i += slice)
    out.push(await notify(deps, communityId, accountIds.slice(i, i + slice), message, { trx }));
  return out;
}

export const noticeLink = (id: string) => `/notices/${id}`;

/**
 * Claims a published notice whose time has come and tells its residents. Returns how many accounts
 * were told; 0 when it is not due, already told, or withdrawn.
 */
export async function announceNotice(
  deps: NotifyDeps,
  communityId: string,
  noticeId: string,
  now: number,
): Promise<number> {
  const told = await deps.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('notices')
      .set({ notified_at: now })
      .where('community_id', '=', communityId)
      .where('id', '=', noticeId)
      .where('state', '=', 'published')
      .where('notified_at', 'is', null)
      .where('publish_at', '<=', now)
      .where((eb) => eb.or([eb('expire_at', 'is', null), eb('expire_at', '>', now)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return [];
    const { title } = await trx
      .selectFrom('notices')
      .select('title')
      .where('community_id', '=', communityId)
      .where('id', '=', noticeId)
      .executeTakeFirstOrThrow();
    const households = await reachedHouseholds(trx, communityId, 'notice', noticeId).select('h.id').execute();
    const accounts = await accountsOfHouseholds(
      trx,
      communityId,
      households.map((h) => h.id),
    );
    return notifyMany(
      deps,
      communityId,
      accounts,
      { kind: 'notice_published', params: { title }, link: noticeLink(noticeId) },
      trx,
    );
  });
  for (const n of told) await n.publish();
  return told.reduce((sum, n) => sum + n.ids.length, 0);
}

/** Tells residents of notices published ahead of time, once their publish time comes. */
export const noticeAnnouncerJob: Job = {
  name: 'notices.announce',
  everyMs: 60_000,
  async run(deps, now) {
    const due = await deps.db
      .selectFrom('notices')
      .select(['community_id', 'id'])
      .where('state', '=', 'published')
      .where('notified_at', 'is', null)
      .where('publish_at', '<=', now)
      .where((eb) => eb.or([eb('expire_at', 'is', null), eb('expire_at', '>', now)]))
      .limit(200)
      .execute();
    for (const n of due) await announceNotice(deps, n.community_id, n.id, now);
  },
};
