import type { Kysely } from 'kysely';
import type { Locale } from '../../core/config';
import type { Deps } from '../../core/deps';
import type { DB, OrderCategoriesTable } from '../../core/db/schema';
import { ensureCategories } from '../orders/categories';
import { announce } from '../orders/effects';
import { describeOrder, requireCategory, resolvePlace } from '../orders/intake';
import { createOrder } from '../orders/store';

/**
 * A patrol's finding (巡逻发现: a broken lamp, a blocked fire lane) becomes a service order the way
 * any order is made (createOrder, then announce): a public place in the route's compound, named by
 * the route and the checkpoint, with the runner as the contact and the photos attached. One order
 * per scan: the scan's client key is the order's idempotency key, so a replayed scan finds it.
 */

export interface Finding {
  communityId: string;
  compoundId: string;
  routeName: string;
  checkpointName: string;
  placeHint: string | null;
  runId: string;
  clientKey: string;
  note: string;
  fileIds: readonly string[];
  accountId: string;
  personId: string | null;
}

/** The category a finding goes in when the runner picks none: safety hazards (安全隐患), else other. */
async function defaultCategory(db: Kysely<DB>, communityId: string): Promise<OrderCategoriesTable> {
  await ensureCategories(db, communityId);
  const rows = await db
    .selectFrom('order_categories')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('code', 'in', ['safety_hazard', 'other'])
    .where('archived_at', 'is', null)
    .execute();
  const found = rows.find((c) => c.code === 'safety_hazard') ?? rows[0];
  if (!found) return requireCategory(db, communityId, '');
  return found;
}

/** Checks the finding's category before anything is written (400 bad_reference for an unknown one). */
export const findingCategory = (db: Kysely<DB>, communityId: string, categoryId: string | undefined) =>
  categoryId ? requireCategory(db, communityId, categoryId) : defaultCategory(db, communityId);

export async function orderFromFinding(
  deps: Pick<Deps, 'db' | 'config' | 'events'>,
  f: Finding,
  category: OrderCategoriesTable,
  locale: Locale,
): Promise<string> {
  const { db } = deps;
  const where = [f.routeName, f.checkpointName, f.placeHint].filter(Boolean).join(' · ');
  const place = await resolvePlace(db, f.communityId, null, f.compoundId, {
    place: 'public',
    placeText: where.slice(0, 100),
  });
  const [account, person] = await Promise.all([
    db
      .selectFrom('accounts')
      .select(['display_name', 'phone_sealed'])
      .where('id', '=', f.accountId)
      .executeTakeFirstOrThrow(),
    f.personId
      ? db
          .selectFrom('people')
          .select('name')
          .where('community_id', '=', f.communityId)
          .where('id', '=', f.personId)
          .executeTakeFirst()
      : undefined,
  ]);
  const { order, created } = await createOrder(
    db,
    {
      ...(await describeOrder(db, f.communityId, category, place, {
        description: `【巡逻发现】${where}：${f.note}`.slice(0, 1000),
        fileIds: [...f.fileIds],
      })),
      // The runner follows the order in their app and answers the squad's questions about it.
      requesterAccountId: f.accountId,
      requesterPersonId: f.personId,
      contactName: person?.name ?? account.display_name,
      contactPhoneSealed: account.phone_sealed,
      channel: 'patrol',
      createdBy: f.accountId,
      idempotencyKey: `patrol-scan:${f.runId}:${f.clientKey}`,
      actor: { role: 'staff' },
    },
    locale,
  );
  if (created) await announce(deps, created);
  return order.id;
}
