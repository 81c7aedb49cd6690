import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB, OrderCategoriesTable } from '../../core/db/schema';
import { fieldError } from '../../core/errors';
import { Id, StringEnum, Text } from '../../core/http/schemas';
import { rankSquads } from './proposal';
import { urgencies, type Urgency } from './rules';
import { placeKinds } from './views';

/**
 * Taking an order in (受理), whoever types it: the resident on their phone, or staff for someone who
 * phoned or walked in. Where it is, which category, which squad it goes to, and the idempotency key
 * that makes a retried submission find the first one.
 */

export const IdempotencyKey = Type.String({
  minLength: 8,
  maxLength: 100,
  pattern: '^[\\x21-\\x7e]+$',
  description:
    'the same key on a retry returns the order the first attempt made (or send the Idempotency-Key header)',
});

/** The fields every new order has, from either side. */
export const OrderBasics = {
  categoryId: Id,
  description: Text(1000),
  place: Type.Optional(StringEnum(placeKinds, { description: 'home (default with a household) | public' })),
  buildingId: Type.Optional(Id),
  placeText: Type.Optional(Text(100)),
  urgency: Type.Optional(StringEnum(urgencies)),
  homeHours: Type.Optional(Text(100)),
  fileIds: Type.Optional(
    Type.Array(Id, { maxItems: 9, uniqueItems: true, description: 'photos uploaded first' }),
  ),
  idempotencyKey: Type.Optional(IdempotencyKey),
};

const keyPattern = /^[\x21-\x7e]{8,100}$/;

/** The key from the Idempotency-Key header, or else from the body. */
export function idempotencyKeyOf(req: FastifyRequest, fromBody: string | undefined): string | null {
  const header = req.headers['idempotency-key'];
  if (header === undefined) return fromBody ?? null;
  if (typeof header !== 'string' || !keyPattern.test(header))
    throw fieldError(400, 'order_idempotency_key', 'Idempotency-Key');
  return header;
}

/** A category residents may still choose, in this community. */
export async function requireCategory(db: Kysely<DB>, communityId: string, categoryId: string) {
  const row = await db
    .selectFrom('order_categories')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', categoryId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw fieldError(400, 'bad_reference', 'categoryId', { what: 'categoryId' });
  return row;
}

export interface HouseholdPlace {
  householdId: string;
  compoundId: string;
  buildingId: string;
  roomId: string;
}

export interface PlaceInput {
  place?: 'home' | 'public';
  buildingId?: string;
  placeText?: string;
}

/**
 * Where the order is: the household's room, or a public place in a compound (the household's, or the
 * one named): a building it is in or by, or a few words saying where, or both.
 */
export async function resolvePlace(
  db: Kysely<DB>,
  communityId: string,
  household: HouseholdPlace | null,
  compoundId: string | null,
  input: PlaceInput,
) {
  const kind: 'home' | 'public' = input.place ?? (household ? 'home' : 'public');
  const placeText = input.placeText?.trim() || null;
  if (kind === 'home') {
    if (!household) throw fieldError(400, 'order_home_needs_household', 'place');
    return {
      place_kind: kind,
      place_text: placeText,
      household_id: household.householdId,
      compound_id: household.compoundId,
      building_id: household.buildingId,
      room_id: household.roomId,
      grid_id: await gridOf(db, communityId, household.compoundId, household.buildingId),
    };
  }
  const compound = household?.compoundId ?? compoundId;
  if (!compound) throw fieldError(400, 'order_compound_required', 'compoundId');
  // A building says where well enough; the few words are then optional.
  if (!placeText && !input.buildingId) throw fieldError(400, 'order_place_text', 'placeText');
  let buildingId: string | null = null;
  if (input.buildingId) {
    const building = await db
      .selectFrom('buildings')
      .select(['id', 'compound_id'])
      .where('community_id', '=', communityId)
      .where('id', '=', input.buildingId)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    if (!building) throw fieldError(400, 'bad_reference', 'buildingId', { what: 'buildingId' });
    if (building.compound_id !== compound) throw fieldError(400, 'building_not_in_compound', 'buildingId');
    buildingId = building.id;
  }
  return {
    place_kind: kind,
    place_text: placeText,
    household_id: household?.householdId ?? null,
    compound_id: compound,
    building_id: buildingId,
    room_id: null,
    grid_id: await gridOf(db, communityId, compound, buildingId),
  };
}

/** The grid an order falls in: its building's, or its compound's when the compound has just one. */
async function gridOf(db: Kysely<DB>, communityId: string, compoundId: string, buildingId: string | null) {
  if (buildingId) {
    const row = await db
      .selectFrom('grid_buildings')
      .select('grid_id')
      .where('community_id', '=', communityId)
      .where('building_id', '=', buildingId)
      .executeTakeFirst();
    if (row) return row.grid_id;
  }
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

/** The community's squads still serving, for proposals. */
export async function activeSquads(db: Kysely<DB>, communityId: string) {
  const rows = await db
    .selectFrom('squads')
    .select(['id', 'name', 'type', 'compound_id', 'grid_id'])
    .where('community_id', '=', communityId)
    .where('archived_at', 'is', null)
    .execute();
  return rows.map((s) => ({
    id: s.id,
    name: s.name,
    type: s.type,
    compoundId: s.compound_id,
    gridId: s.grid_id,
  }));
}

/** The squad a new order goes to for dispatch (分队下单): the best proposal, if any squad works there. */
export async function routeSquad(
  db: Kysely<DB>,
  communityId: string,
  place: { compound_id: string; grid_id: string | null },
  squadType: string,
): Promise<string | null> {
  const ranked = rankSquads(
    await activeSquads(db, communityId),
    { compoundId: place.compound_id, gridId: place.grid_id },
    squadType,
  );
  return ranked[0]?.id ?? null;
}

export type OrderPlace = Awaited<ReturnType<typeof resolvePlace>>;

/** What a new order takes from what was typed, where it is and its category, whoever typed it. */
export async function describeOrder(
  db: Kysely<DB>,
  communityId: string,
  category: OrderCategoriesTable,
  place: OrderPlace,
  typed: { description: string; urgency?: Urgency; homeHours?: string; fileIds?: string[] },
) {
  return {
    communityId,
    categoryId: category.id,
    clocks: { acceptMinutes: category.accept_minutes, resolveMinutes: category.resolve_minutes },
    description: typed.description.trim(),
    urgency: typed.urgency ?? 'normal',
    homeHours: typed.homeHours?.trim() || null,
    placeKind: place.place_kind,
    placeText: place.place_text,
    compoundId: place.compound_id,
    buildingId: place.building_id,
    roomId: place.room_id,
    householdId: place.household_id,
    gridId: place.grid_id,
    squadId: await routeSquad(db, communityId, place, category.squad_type),
    fileIds: typed.fileIds ?? [],
  };
}

/** 400 unless the phone is a mainland mobile number; returns it normalised. */
export function phoneOrThrow(normalized: string | null, field: string): string {
  if (!normalized) throw fieldError(400, 'invalid_phone', field);
  return normalized;
}
