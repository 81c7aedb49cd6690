import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../../core/db/schema';
import { Nullable, StringEnum } from '../../core/http/schemas';

/**
 * A household binding (入户绑定) with where the household is: community, compound, building,
 * entrance, room. Shared by the resident's own views and the staff queue.
 */

export const bindingStatuses = ['pending', 'confirmed', 'rejected', 'ended'] as const;
export const residencyKinds = ['owner', 'tenant', 'family'] as const;

const Named = Type.Object({ id: Type.String(), name: Type.String() });

export const Place = Type.Object({
  community: Named,
  compound: Named,
  household: Named,
  room: Type.Object({
    id: Type.String(),
    building: Type.String(),
    entrance: Type.String(),
    number: Type.String(),
    floor: Nullable(Type.Integer()),
    areaCenti: Type.Integer({ description: 'registered area in hundredths of m²' }),
  }),
});

export const Binding = Type.Object({
  id: Type.String(),
  status: StringEnum(bindingStatuses),
  claimedName: Type.String({ description: 'how the person asked to be called' }),
  kind: StringEnum(residencyKinds),
  relation: Nullable(Type.String({ description: '与户主关系' })),
  requestedAt: Type.Integer(),
  decidedAt: Nullable(Type.Integer()),
  reason: Nullable(Type.String({ description: 'why it was rejected' })),
  place: Place,
});

/** household_bindings as b, with its household (h) and where that is; filter on b.* and h.*. */
export function bindingsWithPlace(db: Kysely<DB>) {
  return db
    .selectFrom('household_bindings as b')
    .innerJoin('households as h', (j) =>
      j.onRef('h.community_id', '=', 'b.community_id').onRef('h.id', '=', 'b.household_id'),
    )
    .innerJoin('rooms as r', (j) =>
      j.onRef('r.community_id', '=', 'h.community_id').onRef('r.id', '=', 'h.room_id'),
    )
    .innerJoin('entrances as e', (j) =>
      j.onRef('e.community_id', '=', 'r.community_id').onRef('e.id', '=', 'r.entrance_id'),
    )
    .innerJoin('buildings as bd', (j) =>
      j.onRef('bd.community_id', '=', 'r.community_id').onRef('bd.id', '=', 'r.building_id'),
    )
    .innerJoin('compounds as c', (j) =>
      j.onRef('c.community_id', '=', 'h.community_id').onRef('c.id', '=', 'h.compound_id'),
    )
    .innerJoin('communities as cm', 'cm.id', 'b.community_id')
    .selectAll('b')
    .select([
      'h.name as household_name',
      'h.compound_id',
      'h.building_id',
      'h.room_id',
      'h.closed_at as household_closed_at',
      'r.number as room_number',
      'r.floor as room_floor',
      'r.area_centi as room_area_centi',
      'e.name as entrance_name',
      'bd.name as building_name',
      'c.name as compound_name',
      'cm.name as community_name',
    ]);
}

export type BindingWithPlace = Awaited<
  ReturnType<ReturnType<typeof bindingsWithPlace>['executeTakeFirstOrThrow']>
>;

export const placeView = (b: BindingWithPlace) => ({
  community: { id: b.community_id, name: b.community_name },
  compound: { id: b.compound_id, name: b.compound_name },
  household: { id: b.household_id, name: b.household_name },
  room: {
    id: b.room_id,
    building: b.building_name,
    entrance: b.entrance_name,
    number: b.room_number,
    floor: b.room_floor,
    areaCenti: b.room_area_centi,
  },
});

export const bindingView = (b: BindingWithPlace) => ({
  id: b.id,
  status: b.status as (typeof bindingStatuses)[number],
  claimedName: b.claimed_name,
  kind: b.kind as (typeof residencyKinds)[number],
  relation: b.relation,
  requestedAt: b.requested_at,
  decidedAt: b.decided_at,
  reason: b.reason,
  place: placeView(b),
});
