import type { Kysely } from 'kysely';
import { Type, type Static } from 'typebox';
import type { Locale } from '../../core/config';
import type { Deps } from '../../core/deps';
import type { CareContactLogsTable, DB } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { Id, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { attachFiles } from '../../core/files';
import { orderFromNeed } from './needs';
import { contactKinds, shanghaiDay, wellbeings } from './plans';
import { contactLogViews, type RecordRow } from './store';

/**
 * Logging a contact (a greeting call or a home visit: how they were, what they need), by the paired
 * volunteer from their phone or by staff, and turning the needs found into a service order.
 */

export const ContactLogInput = Type.Object(
  {
    kind: StringEnum(contactKinds),
    wellbeing: StringEnum(wellbeings, { description: 'good | so_so | poor | not_reached (nobody answered)' }),
    needs: Type.Optional(Text(1000)),
    note: Type.Optional(Text(1000)),
    contactedAt: Type.Optional(Type.Integer({ minimum: 0, description: 'when (epoch ms); now if left out' })),
    fileIds: Type.Optional(
      Type.Array(Id, { maxItems: 4, uniqueItems: true, description: 'photos uploaded first' }),
    ),
  },
  { additionalProperties: false },
);

/** Contacts are logged as they happen or soon after: not in the future, not more than 60 days back. */
const maxBackMs = 60 * 86_400_000;

export async function logContact(
  db: Kysely<DB>,
  record: RecordRow,
  pairingId: string | null,
  author: { accountId: string; name: string },
  input: Static<typeof ContactLogInput>,
) {
  if (record.state !== 'active') throw new AppError(409, 'care_record_closed');
  const now = Date.now();
  const at = input.contactedAt ?? now;
  if (at > now + 60_000 || at < now - maxBackMs) throw fieldError(400, 'care_contact_time', 'contactedAt');
  const row: CareContactLogsTable = {
    community_id: record.community_id,
    id: newId(),
    record_id: record.id,
    pairing_id: pairingId,
    account_id: author.accountId,
    author_name: author.name,
    kind: input.kind,
    wellbeing: input.wellbeing,
    needs: input.needs?.trim() || null,
    note: input.note?.trim() || null,
    contacted_at: at,
    contacted_on: shanghaiDay(at),
    order_id: null,
    created_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('care_contact_logs').values(row).execute();
    if (input.fileIds?.length)
      await attachFiles(
        trx,
        record.community_id,
        input.fileIds,
        { type: 'care_contact', id: row.id },
        author.accountId,
        {
          imagesOnly: true,
        },
      );
  });
  return (await contactLogViews(db, record.community_id, [row]))[0]!;
}

export async function loadLog(db: Kysely<DB>, communityId: string, logId: string) {
  const log = await db
    .selectFrom('care_contact_logs')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', logId)
    .executeTakeFirst();
  if (!log) throw new AppError(404, 'not_found');
  return log;
}

/** The needs a log found, as an order for the care person's household; the log then links to it. */
export async function logToOrder(
  deps: Pick<Deps, 'db' | 'config' | 'events'>,
  record: RecordRow,
  log: CareContactLogsTable,
  input: { categoryId: string; description?: string; urgency?: 'normal' | 'urgent' },
  createdBy: string,
  locale: Locale,
) {
  const { db } = deps;
  if (log.order_id) throw new AppError(409, 'care_already_ordered');
  const order = await orderFromNeed(
    deps,
    {
      communityId: record.community_id,
      householdId: record.household_id,
      compoundId: record.compound_id,
      personId: record.person_id,
      found: log.needs,
      ...input,
      channel: log.kind === 'visit' ? 'walk_in' : 'phone',
      createdBy,
      idempotencyKey: `care-log-${log.id}`,
    },
    locale,
  );
  await db
    .updateTable('care_contact_logs')
    .set({ order_id: order.id })
    .where('community_id', '=', log.community_id)
    .where('id', '=', log.id)
    .where('order_id', 'is', null)
    .execute();
  return (await contactLogViews(db, log.community_id, [await loadLog(db, log.community_id, log.id)]))[0]!;
}
