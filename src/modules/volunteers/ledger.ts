import type { Kysely } from 'kysely';
import type {
  ActivitiesTable,
  DB,
  OrdersTable,
  ServiceEntriesTable,
  VisitsTable,
} from '../../core/db/schema';
import { newId } from '../../core/ids';
import { activityMinutes, creditKey, newCredits, type SourceKind } from './rules';
import { volunteerSettings } from './settings';

/**
 * The service ledger (服务记录): every hour a volunteer is credited is one row naming its source — an
 * order resolved, an activity served at, a patrol run, a door-knock visit, or an entry made by hand.
 * One source credits one person once (a unique key, and the check below): a repeated call, a
 * retried request or two servers crediting at once never count the same hours twice.
 */

export interface ServiceCredit {
  personId: string;
  squadId?: string | null;
  compoundId?: string | null;
  sourceKind: SourceKind;
  sourceId: string;
  minutes: number;
  /** People served, where known. */
  served?: number | null;
  at: number;
  note?: string | null;
}

/**
 * Records service entries inside the caller's transaction; those already recorded for the same
 * source and person are left as they are. Returns how many were new.
 */
export async function creditService(
  trx: Kysely<DB>,
  communityId: string,
  entries: readonly ServiceCredit[],
  createdBy: string | null = null,
): Promise<number> {
  if (!entries.length) return 0;
  const recorded = await trx
    .selectFrom('service_entries')
    .select(['person_id', 'source_kind', 'source_id'])
    .where('community_id', '=', communityId)
    .where('source_id', 'in', [...new Set(entries.map((e) => e.sourceId))])
    .execute();
  const fresh = newCredits(
    recorded.map((r) =>
      creditKey({ personId: r.person_id, sourceKind: r.source_kind as SourceKind, sourceId: r.source_id }),
    ),
    entries,
  );
  if (!fresh.length) return 0;
  const now = Date.now();
  const rows: ServiceEntriesTable[] = fresh.map((e) => ({
    community_id: communityId,
    id: newId(),
    person_id: e.personId,
    squad_id: e.squadId ?? null,
    compound_id: e.compoundId ?? null,
    source_kind: e.sourceKind,
    source_id: e.sourceId,
    minutes: e.minutes,
    served: e.served ?? null,
    at: e.at,
    note: e.note ?? null,
    created_by: createdBy,
    created_at: now,
    voided_at: null,
    voided_by: null,
    void_reason: null,
  }));
  // Another transaction may have credited the same source meanwhile: its row stands.
  const inserted = await trx
    .insertInto('service_entries')
    .values(rows)
    .onConflict((oc) => oc.columns(['community_id', 'source_kind', 'source_id', 'person_id']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0);
}

/**
 * Called by the orders store inside the transaction of each step: an order that has just been
 * resolved (已办结) credits the member who handled it with the community's minutes per order.
 */
export async function creditOrder(trx: Kysely<DB>, before: OrdersTable, after: OrdersTable): Promise<void> {
  if (after.state !== 'resolved' || before.state === 'resolved' || !after.assignee_person_id) return;
  const { orderMinutes } = await volunteerSettings(trx, after.community_id);
  await creditService(trx, after.community_id, [
    {
      personId: after.assignee_person_id,
      squadId: after.squad_id,
      compoundId: after.compound_id,
      sourceKind: 'order',
      sourceId: after.id,
      minutes: orderMinutes,
      served: 1,
      at: after.resolved_at ?? after.updated_at,
    },
  ]);
}

/**
 * Called by the care module inside the transaction that records a visit: the visitor's person in
 * the community (if the account has one) is credited with the minutes per visit.
 */
export async function creditVisit(trx: Kysely<DB>, visit: VisitsTable): Promise<void> {
  const person = await trx
    .selectFrom('people')
    .select('id')
    .where('community_id', '=', visit.community_id)
    .where('account_id', '=', visit.visitor_account_id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  if (!person) return;
  const { visitMinutes } = await volunteerSettings(trx, visit.community_id);
  await creditService(trx, visit.community_id, [
    {
      personId: person.id,
      compoundId: visit.compound_id,
      sourceKind: 'visit',
      sourceId: visit.id,
      minutes: visitMinutes,
      served: 1,
      at: visit.visited_at,
    },
  ]);
}

/**
 * An activity held credits its length to every volunteer who checked in at it (as_volunteer);
 * called when it is marked held and for each volunteer checked in after that.
 */
export async function creditActivity(
  trx: Kysely<DB>,
  a: ActivitiesTable,
  onlySignupId?: string,
): Promise<number> {
  if (a.state !== 'held') return 0;
  let query = trx
    .selectFrom('activity_signups')
    .select(['person_id'])
    .where('community_id', '=', a.community_id)
    .where('activity_id', '=', a.id)
    .where('as_volunteer', '=', 1)
    .where('checked_in_at', 'is not', null)
    .where('person_id', 'is not', null);
  if (onlySignupId) query = query.where('id', '=', onlySignupId);
  const volunteers = await query.execute();
  const minutes = activityMinutes({ startsAt: a.starts_at, endsAt: a.ends_at });
  return creditService(
    trx,
    a.community_id,
    volunteers.map((v) => ({
      personId: v.person_id!,
      squadId: a.squad_id,
      compoundId: a.compound_id,
      sourceKind: 'activity' as const,
      sourceId: a.id,
      minutes,
      at: a.starts_at,
    })),
  );
}
