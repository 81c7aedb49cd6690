import type { FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import type { Vault } from '../../core/crypto';
import type { CareContactLogsTable, CareRecordsTable, DB } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { actor } from '../../core/http/access';
import { Id, Nullable, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { maskPhone, normalizePhone } from '../../core/personal';
import { careSettings, checkKinds } from './settings';
import { contactKinds, nextDue, planItems, shanghaiDay, wellbeings, type DueItem, type Plan } from './plans';

/**
 * The care roster in the database: loading records, their scope, emergency contacts (phones sealed,
 * masked unless the reader may see them whole), and the figures every view shows (last contact,
 * next due, overdue, open alarms), computed for a page of records at once.
 */

type Db = Kysely<DB>;

export const recordStates = ['active', 'closed'] as const;

/** Where a record sits, for requireCan and whereVisible. */
export const recordScope = (r: Pick<CareRecordsTable, 'compound_id' | 'building_id' | 'grid_id'>) => ({
  compoundId: r.compound_id,
  buildingId: r.building_id,
  gridId: r.grid_id,
});

export const recordColumns = { compound: 'r.compound_id', building: 'r.building_id', grid: 'r.grid_id' };

/** Records joined with what every view names: the person, their room and building. */
export function recordRows(db: Db, communityId: string) {
  return db
    .selectFrom('care_records as r')
    .innerJoin('people as p', (j) =>
      j.onRef('p.community_id', '=', 'r.community_id').onRef('p.id', '=', 'r.person_id'),
    )
    .leftJoin('rooms as rm', (j) =>
      j.onRef('rm.community_id', '=', 'r.community_id').onRef('rm.id', '=', 'r.room_id'),
    )
    .leftJoin('buildings as b', (j) =>
      j.onRef('b.community_id', '=', 'r.community_id').onRef('b.id', '=', 'r.building_id'),
    )
    .selectAll('r')
    .select([
      'p.name',
      'p.account_id as person_account_id',
      'rm.number as room_number',
      'b.name as building_name',
    ])
    .where('r.community_id', '=', communityId);
}
export type RecordRow = Awaited<ReturnType<ReturnType<typeof recordRows>['executeTakeFirstOrThrow']>>;

export async function loadRecord(db: Db, communityId: string, recordId: string): Promise<RecordRow> {
  const row = await recordRows(db, communityId).where('r.id', '=', recordId).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

/** Every read of care details goes in the audit log: which records, by whom, how. */
export async function auditReads(
  req: FastifyRequest,
  communityId: string,
  action: 'care.view' | 'care.list' | 'care.unmask',
  recordIds: readonly string[],
  after?: unknown,
): Promise<void> {
  await audit(
    req.server.deps.db,
    communityId,
    recordIds.map((id) => ({ ...actor(req), action, targetType: 'care_record', targetId: id, after })),
  );
}

// ---- emergency contacts ----

export const ContactInput = Type.Object(
  {
    id: Type.Optional(Id),
    name: Text(40),
    relation: Text(20),
    phone: Type.Optional(Text(20, 5)),
  },
  {
    additionalProperties: false,
    description: 'a new contact needs a phone; a kept one (id) keeps its phone unless given',
  },
);
export const ContactsInput = Type.Array(ContactInput, { maxItems: 6 });

export const ContactView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  relation: Type.String(),
  phone: Type.String({ description: 'masked (138****1234) unless the reader may see it whole' }),
  family: Type.Boolean({
    description: 'the phone is an account’s: they are told of alarms and may see the record',
  }),
});

/** Replaces a record's contacts inside `trx`: the old rows are kept as removed, never deleted. */
export async function replaceContacts(
  trx: Db,
  vault: Vault,
  communityId: string,
  recordId: string,
  input: readonly { id?: string; name: string; relation: string; phone?: string }[],
): Promise<void> {
  const now = Date.now();
  const current = await trx
    .selectFrom('care_contacts')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('record_id', '=', recordId)
    .where('removed_at', 'is', null)
    .execute();
  const rows = [];
  for (const [i, c] of input.entries()) {
    const kept = c.id ? current.find((k) => k.id === c.id) : undefined;
    if (c.id && !kept) throw fieldError(400, 'bad_reference', `contacts.${i}.id`, { what: 'contact' });
    let phone = c.phone ? normalizePhone(c.phone) : null;
    if (c.phone && !phone) throw fieldError(400, 'invalid_phone', `contacts.${i}.phone`);
    if (!phone && kept) phone = vault.open(kept.phone_sealed);
    if (!phone) throw fieldError(400, 'care_contact_phone', `contacts.${i}.phone`);
    const hash = vault.lookupHash(phone);
    const account = await trx
      .selectFrom('accounts')
      .select('id')
      .where('phone_hash', '=', hash)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    const name = c.name.trim();
    const relation = c.relation.trim();
    if (!name) throw fieldError(400, 'care_blank', `contacts.${i}.name`);
    if (!relation) throw fieldError(400, 'care_blank', `contacts.${i}.relation`);
    rows.push({
      community_id: communityId,
      id: newId(),
      record_id: recordId,
      position: i,
      name,
      relation,
      phone_sealed: vault.seal(phone),
      phone_hash: hash,
      account_id: account?.id ?? null,
      created_at: now,
      removed_at: null,
    });
  }
  if (current.length)
    await trx
      .updateTable('care_contacts')
      .set({ removed_at: now })
      .where('community_id', '=', communityId)
      .where('record_id', '=', recordId)
      .where('removed_at', 'is', null)
      .execute();
  if (rows.length) await trx.insertInto('care_contacts').values(rows).execute();
}

export async function contactsOf(
  db: Db,
  vault: Vault,
  communityId: string,
  recordId: string,
  whole: boolean,
) {
  const rows = await db
    .selectFrom('care_contacts')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('record_id', '=', recordId)
    .where('removed_at', 'is', null)
    .orderBy('position')
    .execute();
  return rows.map((c) => {
    const phone = vault.open(c.phone_sealed);
    return {
      id: c.id,
      name: c.name,
      relation: c.relation,
      phone: whole ? phone : (maskPhone(phone) ?? ''),
      family: c.account_id !== null,
    };
  });
}

/** One contact's whole phone, for someone about to call it; the caller audits the unmasking. */
export async function contactPhone(
  db: Db,
  vault: Vault,
  communityId: string,
  recordId: string,
  contactId: string,
) {
  const row = await db
    .selectFrom('care_contacts')
    .select('phone_sealed')
    .where('community_id', '=', communityId)
    .where('record_id', '=', recordId)
    .where('id', '=', contactId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found');
  return vault.open(row.phone_sealed);
}

// ---- contact logs ----

export const ContactLog = Type.Object({
  id: Type.String(),
  recordId: Type.String(),
  pairingId: Nullable(Type.String()),
  kind: StringEnum(contactKinds),
  wellbeing: StringEnum(wellbeings),
  needs: Nullable(Type.String()),
  note: Nullable(Type.String()),
  authorName: Type.String(),
  contactedAt: Type.Integer(),
  contactedOn: Type.String(),
  orderId: Nullable(Type.String()),
  photoIds: Type.Array(Type.String()),
  createdAt: Type.Integer(),
});

export async function contactLogViews(db: Db, communityId: string, logs: readonly CareContactLogsTable[]) {
  const ids = logs.map((l) => l.id);
  const photos = ids.length
    ? await db
        .selectFrom('files')
        .select(['id', 'attached_id'])
        .where('community_id', '=', communityId)
        .where('attached_type', '=', 'care_contact')
        .where('attached_id', 'in', ids)
        .where('removed_at', 'is', null)
        .orderBy('created_at')
        .execute()
    : [];
  return logs.map((l) => ({
    id: l.id,
    recordId: l.record_id,
    pairingId: l.pairing_id,
    kind: l.kind as (typeof contactKinds)[number],
    wellbeing: l.wellbeing as (typeof wellbeings)[number],
    needs: l.needs,
    note: l.note,
    authorName: l.author_name,
    contactedAt: l.contacted_at,
    contactedOn: l.contacted_on,
    orderId: l.order_id,
    photoIds: photos.filter((p) => p.attached_id === l.id).map((p) => p.id),
    createdAt: l.created_at,
  }));
}

// ---- plans and figures for a set of records ----

export const DueItemView = Type.Object({
  kind: StringEnum(contactKinds),
  dueOn: Type.String(),
  lastOn: Nullable(Type.String()),
  daysLeft: Type.Integer(),
  overdue: Type.Boolean(),
});

export interface PairingStatus {
  id: string;
  recordId: string;
  personId: string;
  name: string;
  accountId: string | null;
  plan: Plan;
  items: DueItem[];
  createdAt: number;
}

/** The live pairings of these records with each plan's items on `today`. */
export async function pairingStatuses(
  db: Db,
  communityId: string,
  recordIds: readonly string[],
  today: string,
) {
  if (!recordIds.length) return [];
  const pairings = await db
    .selectFrom('care_pairings as cp')
    .innerJoin('people as p', (j) =>
      j.onRef('p.community_id', '=', 'cp.community_id').onRef('p.id', '=', 'cp.person_id'),
    )
    .selectAll('cp')
    .select(['p.name', 'p.account_id'])
    .where('cp.community_id', '=', communityId)
    .where('cp.record_id', 'in', [...recordIds])
    .where('cp.ended_at', 'is', null)
    .orderBy('cp.created_at')
    .orderBy('cp.id')
    .execute();
  // The last day each pairing reached them, by kind: all a plan needs to know of its history.
  const last = pairings.length
    ? await db
        .selectFrom('care_contact_logs')
        .select(['pairing_id', 'kind', sql<string>`max(contacted_on)`.as('on')])
        .where('community_id', '=', communityId)
        .where(
          'pairing_id',
          'in',
          pairings.map((p) => p.id),
        )
        .where('wellbeing', '!=', 'not_reached')
        .where('contacted_on', '<=', today)
        .groupBy(['pairing_id', 'kind'])
        .execute()
    : [];
  return pairings.map((p): PairingStatus => {
    const plan = {
      startsOn: p.starts_on,
      callEveryDays: p.call_every_days,
      visitEveryDays: p.visit_every_days,
    };
    const contacts = last
      .filter((l) => l.pairing_id === p.id)
      .map((l) => ({ kind: l.kind as DueItem['kind'], on: l.on, wellbeing: 'good' as const }));
    return {
      id: p.id,
      recordId: p.record_id,
      personId: p.person_id,
      name: p.name,
      accountId: p.account_id,
      plan,
      items: planItems(plan, contacts, today),
      createdAt: p.created_at,
    };
  });
}

export const RecordItem = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  personId: Type.String(),
  name: Type.String(),
  kinds: Type.Array(Type.String(), { description: 'care kind codes (care settings)' }),
  reason: Nullable(Type.String()),
  state: StringEnum(recordStates),
  householdId: Nullable(Type.String()),
  compoundId: Nullable(Type.String()),
  buildingId: Nullable(Type.String()),
  buildingName: Nullable(Type.String()),
  roomId: Nullable(Type.String()),
  roomNumber: Nullable(Type.String()),
  gridId: Nullable(Type.String()),
  volunteers: Type.Array(Type.String(), { description: 'names of the paired volunteers and party members' }),
  lastContactAt: Nullable(Type.Integer()),
  lastWellbeing: Nullable(StringEnum(wellbeings)),
  nextDueOn: Nullable(Type.String()),
  nextDueKind: Nullable(StringEnum(contactKinds)),
  overdue: Type.Boolean(),
  openAlarms: Type.Integer(),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});

/** The list rows of these records, with their figures on `now`: a few queries for the whole page. */
export async function recordItems(db: Db, communityId: string, rows: readonly RecordRow[], now: number) {
  const ids = rows.map((r) => r.id);
  const today = shanghaiDay(now);
  const [pairings, lastAt, alarms] = ids.length
    ? await Promise.all([
        pairingStatuses(db, communityId, ids, today),
        db
          .selectFrom('care_contact_logs')
          .select(['record_id', sql<number>`max(contacted_at)`.as('at')])
          .where('community_id', '=', communityId)
          .where('record_id', 'in', ids)
          .groupBy('record_id')
          .execute(),
        db
          .selectFrom('help_alarms')
          .select(['record_id', sql<number>`count(*)`.as('n')])
          .where('community_id', '=', communityId)
          .where('record_id', 'in', ids)
          .where('state', '!=', 'resolved')
          .groupBy('record_id')
          .execute(),
      ])
    : [[], [], []];
  const lastLogs = lastAt.length
    ? await db
        .selectFrom('care_contact_logs')
        .select(['record_id', 'contacted_at', 'wellbeing'])
        .where('community_id', '=', communityId)
        .where('record_id', 'in', ids)
        .where(
          'contacted_at',
          'in',
          lastAt.map((l) => Number(l.at)),
        )
        .execute()
    : [];
  return rows.map((r) => {
    const mine = pairings.filter((p) => p.recordId === r.id);
    const next = r.state === 'active' ? nextDue(mine.flatMap((p) => p.items)) : null;
    const at = lastAt.find((l) => l.record_id === r.id)?.at;
    const lastLog =
      at === undefined
        ? undefined
        : lastLogs.find((l) => l.record_id === r.id && Number(l.contacted_at) === Number(at));
    return {
      id: r.id,
      communityId: r.community_id,
      personId: r.person_id,
      name: r.name,
      kinds: JSON.parse(r.kinds_json) as string[],
      reason: r.reason,
      state: r.state as (typeof recordStates)[number],
      householdId: r.household_id,
      compoundId: r.compound_id,
      buildingId: r.building_id,
      buildingName: r.building_name,
      roomId: r.room_id,
      roomNumber: r.room_number,
      gridId: r.grid_id,
      volunteers: mine.map((p) => p.name),
      lastContactAt: at === undefined ? null : Number(at),
      lastWellbeing: (lastLog?.wellbeing ?? null) as (typeof wellbeings)[number] | null,
      nextDueOn: next?.dueOn ?? null,
      nextDueKind: next?.kind ?? null,
      overdue: r.state === 'active' && mine.some((p) => p.items.some((i) => i.overdue)),
      openAlarms: Number(alarms.find((a) => a.record_id === r.id)?.n ?? 0),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
}

export const PairingView = Type.Object({
  id: Type.String(),
  recordId: Type.String(),
  personId: Type.String(),
  name: Type.String(),
  startsOn: Type.String(),
  callEveryDays: Type.Integer(),
  visitEveryDays: Type.Integer(),
  items: Type.Array(DueItemView),
  createdAt: Type.Integer(),
});

export const pairingView = (p: PairingStatus) => ({
  id: p.id,
  recordId: p.recordId,
  personId: p.personId,
  name: p.name,
  startsOn: p.plan.startsOn,
  callEveryDays: p.plan.callEveryDays,
  visitEveryDays: p.plan.visitEveryDays,
  items: p.items,
  createdAt: p.createdAt,
});

export const AlarmBrief = Type.Object({
  id: Type.String(),
  state: Type.String(),
  raisedAt: Type.Integer(),
  acknowledgedAt: Nullable(Type.Integer()),
  resolvedAt: Nullable(Type.Integer()),
});

export const RecordDetail = Type.Object({
  ...RecordItem.properties,
  notes: Nullable(Type.String()),
  closedAt: Nullable(Type.Integer()),
  closeReason: Nullable(Type.String()),
  contacts: Type.Array(ContactView),
  pairings: Type.Array(PairingView),
  recentContacts: Type.Array(ContactLog, { description: 'the last 20 contacts, newest first' }),
  alarms: Type.Array(AlarmBrief, { description: 'the last 10 help alarms, newest first' }),
});

/** Everything about one record; `wholePhones` for the person themself and their family. */
export async function recordDetail(db: Db, vault: Vault, row: RecordRow, wholePhones: boolean) {
  const cid = row.community_id;
  const now = Date.now();
  const [[item], contacts, pairings, logs, alarms] = await Promise.all([
    recordItems(db, cid, [row], now),
    contactsOf(db, vault, cid, row.id, wholePhones),
    pairingStatuses(db, cid, [row.id], shanghaiDay(now)),
    db
      .selectFrom('care_contact_logs')
      .selectAll()
      .where('community_id', '=', cid)
      .where('record_id', '=', row.id)
      .orderBy('contacted_at', 'desc')
      .orderBy('id', 'desc')
      .limit(20)
      .execute(),
    db
      .selectFrom('help_alarms')
      .select(['id', 'state', 'raised_at', 'acknowledged_at', 'resolved_at'])
      .where('community_id', '=', cid)
      .where('record_id', '=', row.id)
      .orderBy('raised_at', 'desc')
      .limit(10)
      .execute(),
  ]);
  return {
    ...item!,
    notes: row.notes,
    closedAt: row.closed_at,
    closeReason: row.close_reason,
    contacts,
    pairings: pairings.map(pairingView),
    recentContacts: await contactLogViews(db, cid, logs),
    alarms: alarms.map((a) => ({
      id: a.id,
      state: a.state,
      raisedAt: a.raised_at,
      acknowledgedAt: a.acknowledged_at,
      resolvedAt: a.resolved_at,
    })),
  };
}

// ---- where a person lives ----

/** The grid a building is in, or its compound's when the compound has just one (as orders do). */
export async function gridOf(
  db: Db,
  communityId: string,
  compoundId: string | null,
  buildingId: string | null,
) {
  if (buildingId) {
    const row = await db
      .selectFrom('grid_buildings')
      .select('grid_id')
      .where('community_id', '=', communityId)
      .where('building_id', '=', buildingId)
      .executeTakeFirst();
    if (row) return row.grid_id;
  }
  if (!compoundId) return null;
  const grids = await db
    .selectFrom('grids')
    .select('id')
    .where('community_id', '=', communityId)
    .where('compound_id', '=', compoundId)
    .where('archived_at', 'is', null)
    .limit(2)
    .execute();
  return grids.length === 1 ? grids[0]!.id : null;
}

/** A live household with the scope columns rows about it copy. */
export async function householdPlace(db: Db, communityId: string, householdId: string) {
  const h = await db
    .selectFrom('households')
    .select(['id', 'compound_id', 'building_id', 'room_id', 'name'])
    .where('community_id', '=', communityId)
    .where('id', '=', householdId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  if (!h) return null;
  return {
    household_id: h.id,
    compound_id: h.compound_id,
    building_id: h.building_id,
    room_id: h.room_id,
    grid_id: await gridOf(db, communityId, h.compound_id, h.building_id),
    name: h.name,
  };
}

/** The household a person lives in now (their first current residency), if any. */
export async function homeOf(db: Db, communityId: string, personId: string) {
  const r = await db
    .selectFrom('residencies as r')
    .innerJoin('households as h', (j) =>
      j.onRef('h.community_id', '=', 'r.community_id').onRef('h.id', '=', 'r.household_id'),
    )
    .select('r.household_id')
    .where('r.community_id', '=', communityId)
    .where('r.person_id', '=', personId)
    .where((eb) => eb.or([eb('r.until', 'is', null), eb('r.until', '>=', shanghaiDay(Date.now()))]))
    .where('h.closed_at', 'is', null)
    .orderBy('r.created_at')
    .executeTakeFirst();
  return r ? householdPlace(db, communityId, r.household_id) : null;
}

// ---- changing a record ----

/** What an audit entry keeps of a record: never a phone number. */
export const auditView = (r: {
  kinds_json: string;
  reason: string | null;
  notes: string | null;
  state: string;
}) => ({
  kinds: JSON.parse(r.kinds_json) as string[],
  reason: r.reason,
  notes: r.notes,
  state: r.state,
});

export interface RecordChange {
  kinds?: string[];
  reason?: string;
  notes?: string;
  contacts?: { id?: string; name: string; relation: string; phone?: string }[];
  /** New scope columns, when the person moved. */
  scope?: Partial<
    Pick<CareRecordsTable, 'household_id' | 'compound_id' | 'building_id' | 'room_id' | 'grid_id'>
  >;
}

/** Changes a record (staff, or the person and their family through /me/care), audited. */
export async function updateRecord(req: FastifyRequest, row: RecordRow, change: RecordChange): Promise<void> {
  const { db, vault } = req.server.deps;
  const kinds = change.kinds ? checkKinds(await careSettings(db, row.community_id), change.kinds) : undefined;
  const set = {
    ...(kinds ? { kinds_json: JSON.stringify(kinds) } : {}),
    ...(change.reason !== undefined ? { reason: change.reason.trim() || null } : {}),
    ...(change.notes !== undefined ? { notes: change.notes.trim() || null } : {}),
    ...change.scope,
    updated_at: Date.now(),
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('care_records')
      .set(set)
      .where('community_id', '=', row.community_id)
      .where('id', '=', row.id)
      .execute();
    if (change.contacts) await replaceContacts(trx, vault, row.community_id, row.id, change.contacts);
  });
  await audit(db, row.community_id, {
    ...actor(req),
    action: 'care.update',
    targetType: 'care_record',
    targetId: row.id,
    before: auditView(row),
    after: { ...auditView({ ...row, ...set }), contactsChanged: !!change.contacts },
  });
}
