import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { Action } from '../../core/access/roles';
import type { DB, DutyPlacesTable } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { requireCan } from '../../core/http/access';
import { Nullable, StringEnum } from '../../core/http/schemas';
import {
  dutyPlaceKinds,
  shiftStates,
  shiftTimes,
  swapStates,
  type ShiftSlot,
  type ShiftState,
  type SwapState,
} from './rules';

/**
 * Duty rosters (值班表) in the database: places with their shift pattern, the shifts people hold and
 * the swaps they ask for, with the views the API shows. A shift's and a swap's scope is its place's.
 */

export const placeScope = (p: Pick<DutyPlacesTable, 'compound_id' | 'squad_id'>) => ({
  compoundId: p.compound_id,
  squadId: p.squad_id,
});

export const patternOf = (p: Pick<DutyPlacesTable, 'shift_pattern'>) =>
  JSON.parse(p.shift_pattern) as ShiftSlot[];

export const ShiftSlotSchema = Type.Object({
  code: Type.String(),
  label: Type.String(),
  start: Type.String({ description: "'HH:mm'" }),
  end: Type.String({ description: "'HH:mm'; at or before start: the next day; 24:00 is midnight" }),
});

export const placeRows = (db: Kysely<DB>) =>
  db
    .selectFrom('duty_places as d')
    .leftJoin('compounds as c', (j) =>
      j.onRef('c.community_id', '=', 'd.community_id').onRef('c.id', '=', 'd.compound_id'),
    )
    .leftJoin('squads as s', (j) =>
      j.onRef('s.community_id', '=', 'd.community_id').onRef('s.id', '=', 'd.squad_id'),
    )
    .selectAll('d')
    .select(['c.name as compound_name', 's.name as squad_name']);
export type PlaceRow = DutyPlacesTable & { compound_name: string | null; squad_name: string | null };

export const DutyPlace = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  compoundId: Nullable(Type.String({ description: 'null: community-wide (the service station)' })),
  compoundName: Nullable(Type.String()),
  squadId: Nullable(Type.String()),
  squadName: Nullable(Type.String()),
  name: Type.String(),
  kind: StringEnum(dutyPlaceKinds),
  shiftPattern: Type.Array(ShiftSlotSchema),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  archivedAt: Nullable(Type.Integer()),
});

export const placeView = (p: PlaceRow) => ({
  id: p.id,
  communityId: p.community_id,
  compoundId: p.compound_id,
  compoundName: p.compound_name,
  squadId: p.squad_id,
  squadName: p.squad_name,
  name: p.name,
  kind: p.kind as (typeof dutyPlaceKinds)[number],
  shiftPattern: patternOf(p),
  createdAt: p.created_at,
  updatedAt: p.updated_at,
  archivedAt: p.archived_at,
});

export async function placeFor(
  req: FastifyRequest,
  db: Kysely<DB>,
  communityId: string,
  placeId: string,
  action: Action = 'duty.manage',
) {
  const row = (await placeRows(db)
    .where('d.community_id', '=', communityId)
    .where('d.id', '=', placeId)
    .executeTakeFirst()) as PlaceRow | undefined;
  if (!row) throw new AppError(404, 'not_found');
  requireCan(req, action, placeScope(row));
  return row;
}

/** A shift with its place: the name, the pattern (for the slot's times) and the scope. */
export const shiftRows = (db: Kysely<DB>) =>
  db
    .selectFrom('duty_shifts as h')
    .innerJoin('duty_places as d', (j) =>
      j.onRef('d.community_id', '=', 'h.community_id').onRef('d.id', '=', 'h.place_id'),
    )
    .selectAll('h')
    .select(['d.name as place_name', 'd.shift_pattern', 'd.compound_id', 'd.squad_id'])
    .select((eb) =>
      eb
        .selectFrom('duty_swaps as w')
        .select('w.id')
        .whereRef('w.community_id', '=', 'h.community_id')
        .whereRef('w.shift_id', '=', 'h.id')
        .where('w.state', '=', 'pending')
        .limit(1)
        .as('pending_swap_id'),
    );
export type ShiftRow = DB['duty_shifts'] & {
  place_name: string;
  shift_pattern: string;
  compound_id: string | null;
  squad_id: string | null;
  pending_swap_id: string | null;
};

export const DutyShift = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  placeId: Type.String(),
  placeName: Type.String(),
  date: Type.String(),
  slotCode: Type.String(),
  slotLabel: Type.String(),
  startsAt: Type.Integer(),
  endsAt: Type.Integer(),
  personId: Type.String(),
  name: Type.String(),
  state: StringEnum(shiftStates, { description: 'planned | swapped (taken over by a swap) | cancelled' }),
  pendingSwapId: Nullable(Type.String()),
  createdAt: Type.Integer(),
});

/** The slot of the place's pattern a shift is in (a slot since dropped from the pattern keeps its code). */
export function slotOf(pattern: readonly ShiftSlot[], code: string): ShiftSlot {
  return pattern.find((p) => p.code === code) ?? { code, label: code, start: '00:00', end: '24:00' };
}

export function shiftView(h: ShiftRow) {
  const slot = slotOf(JSON.parse(h.shift_pattern) as ShiftSlot[], h.slot_code);
  return {
    id: h.id,
    communityId: h.community_id,
    placeId: h.place_id,
    placeName: h.place_name,
    date: h.date,
    slotCode: h.slot_code,
    slotLabel: slot.label,
    ...shiftTimes(h.date, slot),
    personId: h.person_id,
    name: h.name,
    state: h.state as ShiftState,
    pendingSwapId: h.pending_swap_id,
    createdAt: h.created_at,
  };
}

export const swapRows = (db: Kysely<DB>) =>
  db
    .selectFrom('duty_swaps as w')
    .innerJoin('duty_shifts as h', (j) =>
      j.onRef('h.community_id', '=', 'w.community_id').onRef('h.id', '=', 'w.shift_id'),
    )
    .innerJoin('duty_places as d', (j) =>
      j.onRef('d.community_id', '=', 'h.community_id').onRef('d.id', '=', 'h.place_id'),
    )
    .innerJoin('people as pf', (j) =>
      j.onRef('pf.community_id', '=', 'w.community_id').onRef('pf.id', '=', 'w.from_person_id'),
    )
    .innerJoin('people as pt', (j) =>
      j.onRef('pt.community_id', '=', 'w.community_id').onRef('pt.id', '=', 'w.to_person_id'),
    )
    .selectAll('w')
    .select([
      'h.place_id',
      'h.date',
      'h.slot_code',
      'd.name as place_name',
      'd.shift_pattern',
      'd.compound_id',
      'd.squad_id',
      'pf.name as from_name',
      'pt.name as to_name',
      'pt.account_id as to_account_id',
    ]);
export type SwapRow = DB['duty_swaps'] & {
  place_id: string;
  date: string;
  slot_code: string;
  place_name: string;
  shift_pattern: string;
  compound_id: string | null;
  squad_id: string | null;
  from_name: string;
  to_name: string;
  to_account_id: string | null;
};

export const DutySwap = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  shiftId: Type.String(),
  placeId: Type.String(),
  placeName: Type.String(),
  date: Type.String(),
  slotCode: Type.String(),
  slotLabel: Type.String(),
  fromPersonId: Type.String(),
  fromName: Type.String(),
  toPersonId: Type.String(),
  toName: Type.String(),
  reason: Nullable(Type.String()),
  state: StringEnum(swapStates),
  acceptedAt: Nullable(Type.Integer({ description: 'when the colleague asked agreed' })),
  decidedAt: Nullable(Type.Integer()),
  decisionNote: Nullable(Type.String()),
  createdAt: Type.Integer(),
});

export const swapView = (w: SwapRow) => ({
  id: w.id,
  communityId: w.community_id,
  shiftId: w.shift_id,
  placeId: w.place_id,
  placeName: w.place_name,
  date: w.date,
  slotCode: w.slot_code,
  slotLabel: slotOf(JSON.parse(w.shift_pattern) as ShiftSlot[], w.slot_code).label,
  fromPersonId: w.from_person_id,
  fromName: w.from_name,
  toPersonId: w.to_person_id,
  toName: w.to_name,
  reason: w.reason,
  state: w.state as SwapState,
  acceptedAt: w.accepted_at,
  decidedAt: w.decided_at,
  decisionNote: w.decision_note,
  createdAt: w.created_at,
});

/** A live person of the community, for a shift: 400 duty_person_unknown otherwise. */
export async function dutyPeople(db: Kysely<DB>, communityId: string, ids: readonly string[], field: string) {
  const rows = ids.length
    ? await db
        .selectFrom('people')
        .select(['id', 'name', 'account_id'])
        .where('community_id', '=', communityId)
        .where('id', 'in', [...ids])
        .where('archived_at', 'is', null)
        .execute()
    : [];
  const missing = ids.findIndex((id) => !rows.some((r) => r.id === id));
  if (missing >= 0)
    throw fieldError(400, 'duty_person_unknown', ids.length > 1 ? `${field}/${missing}` : field);
  return ids.map((id) => rows.find((r) => r.id === id)!);
}

/** Withdraws the swaps still waiting on shifts that are going away (cancelled or replaced). */
export async function withdrawSwaps(trx: Kysely<DB>, communityId: string, shiftIds: readonly string[]) {
  if (!shiftIds.length) return;
  await trx
    .updateTable('duty_swaps')
    .set({ state: 'withdrawn' })
    .where('community_id', '=', communityId)
    .where('shift_id', 'in', [...shiftIds])
    .where('state', '=', 'pending')
    .execute();
}

export const shiftStatesLive: readonly ShiftState[] = ['planned', 'swapped'];
