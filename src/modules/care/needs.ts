import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { Locale } from '../../core/config';
import type { Deps } from '../../core/deps';
import type { DB, OrdersTable } from '../../core/db/schema';
import { fieldError } from '../../core/errors';
import { Id, StringEnum, Text } from '../../core/http/schemas';
import { announce } from '../orders/effects';
import { describeOrder, requireCategory, resolvePlace } from '../orders/intake';
import { urgencies, type Urgency } from '../orders/rules';
import { createOrder } from '../orders/store';

/**
 * A need found on a call or at the door becomes a service order with one click (一键转工单): the
 * order is the household's, made by whoever found the need, in the orders module's own way
 * (createOrder, then announce), so it is dispatched and clocked like any other.
 */

export const NeedToOrder = Type.Object(
  {
    categoryId: Id,
    description: Type.Optional(Text(1000)),
    urgency: Type.Optional(StringEnum(urgencies)),
  },
  { additionalProperties: false },
);

export interface NeedOrder {
  communityId: string;
  householdId: string | null;
  compoundId: string | null;
  /** The person the order is for (the care person), when known: the requester. */
  personId: string | null;
  /** What was found, used when the click gives no description of its own. */
  found: string | null;
  categoryId: string;
  description?: string;
  urgency?: Urgency;
  channel: 'phone' | 'walk_in';
  createdBy: string;
  /** One order per source (the log or visit): a second click finds the first order. */
  idempotencyKey: string;
}

export async function orderFromNeed(
  deps: Pick<Deps, 'db' | 'config' | 'events'>,
  need: NeedOrder,
  locale: Locale,
): Promise<OrdersTable> {
  const { db } = deps;
  const description = (need.description ?? need.found ?? '').trim();
  if (!description) throw fieldError(400, 'care_need_description', 'description');
  const household = need.householdId
    ? await db
        .selectFrom('households')
        .select(['id', 'compound_id', 'building_id', 'room_id'])
        .where('community_id', '=', need.communityId)
        .where('id', '=', need.householdId)
        .executeTakeFirst()
    : undefined;
  const place = await resolvePlace(
    db,
    need.communityId,
    household
      ? {
          householdId: household.id,
          compoundId: household.compound_id,
          buildingId: household.building_id,
          roomId: household.room_id,
        }
      : null,
    need.compoundId,
    {},
  );
  const category = await requireCategory(db, need.communityId, need.categoryId);
  const person = need.personId ? await personOf(db, need.communityId, need.personId) : undefined;
  const contactName = person?.name ?? (await accountName(db, need.createdBy));
  const { order, created } = await createOrder(
    db,
    {
      ...(await describeOrder(db, need.communityId, category, place, {
        description,
        ...(need.urgency ? { urgency: need.urgency } : {}),
      })),
      requesterAccountId: person?.account_id ?? null,
      requesterPersonId: person?.id ?? null,
      contactName,
      contactPhoneSealed: person?.phone_sealed ?? null,
      channel: need.channel,
      createdBy: need.createdBy,
      idempotencyKey: need.idempotencyKey,
      actor: { role: 'staff' },
    },
    locale,
  );
  if (created) await announce(deps, created);
  return order;
}

const personOf = (db: Kysely<DB>, communityId: string, personId: string) =>
  db
    .selectFrom('people')
    .select(['id', 'name', 'account_id', 'phone_sealed'])
    .where('community_id', '=', communityId)
    .where('id', '=', personId)
    .executeTakeFirst();

const accountName = async (db: Kysely<DB>, accountId: string) =>
  (
    await db
      .selectFrom('accounts')
      .select('display_name')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow()
  ).display_name;
