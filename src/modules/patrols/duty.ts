import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import type { DutyShiftsTable } from '../../core/db/schema';
import { contains, paginate, whereVisible } from '../../core/db/query';
import { AppError, fieldError } from '../../core/errors';
import { access, actor, communityOf, requireCan, visibleRows } from '../../core/http/access';
import {
  CommunityParams,
  DateOnly,
  Id,
  ListQuery,
  Nullable,
  Page,
  StringEnum,
  Text,
} from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { notify } from '../notifications';
import {
  daysBetween,
  dutyPlaceKinds,
  endTimePattern,
  maxRotationDays,
  patternValid,
  rosterSlots,
  rotate,
  shiftStates,
  swapStates,
  timePattern,
} from './rules';
import {
  DutyPlace,
  DutyShift,
  DutySwap,
  dutyPeople,
  patternOf,
  placeFor,
  placeRows,
  placeScope,
  placeView,
  shiftRows,
  shiftStatesLive,
  shiftView,
  slotOf,
  swapRows,
  swapView,
  withdrawSwaps,
  type PlaceRow,
  type ShiftRow,
  type SwapRow,
} from './dutyStore';

/**
 * The console's side of duty rosters (duty.manage): places such as the party-and-masses service
 * station (党群服务站) or a building site with their shift pattern, the week's shifts, a rotation
 * generated round-robin from a list of people (轮流值班), and the swaps people ask for.
 */

const PatternInput = Type.Array(
  Type.Object(
    {
      code: Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9_-]+$' }),
      label: Text(20),
      start: Type.String({ pattern: timePattern }),
      end: Type.String({ pattern: endTimePattern }),
    },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: 12 },
);

const PlaceParams = Type.Object({ communityId: Id, placeId: Id });
const SwapParams = Type.Object({ communityId: Id, swapId: Id });
/** The most shifts one rotation writes. */
const maxRotationShifts = 5000;

const requirePattern = (pattern: { code: string; label: string; start: string; end: string }[]) => {
  if (!patternValid(pattern)) throw fieldError(400, 'duty_pattern_codes', 'shiftPattern');
  return pattern.map((p) => ({ ...p, label: p.label.trim() || p.code }));
};

export const dutyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  /** Places, shifts and swaps are seen through their place's compound and squad. */
  const dutyVisible = (req: FastifyRequest) => visibleRows(req, 'duty.manage');
  const placeColumns = { compound: 'd.compound_id', squad: 'd.squad_id' };

  async function shiftFor(req: FastifyRequest, communityId: string, shiftId: string) {
    const row = (await shiftRows(db)
      .where('h.community_id', '=', communityId)
      .where('h.id', '=', shiftId)
      .executeTakeFirst()) as ShiftRow | undefined;
    if (!row) throw new AppError(404, 'not_found');
    requireCan(req, 'duty.manage', placeScope(row));
    return row;
  }

  const shiftById = async (communityId: string, id: string) =>
    shiftView(
      (await shiftRows(db)
        .where('h.community_id', '=', communityId)
        .where('h.id', '=', id)
        .executeTakeFirstOrThrow()) as ShiftRow,
    );

  /** The squad named for a place: 400 unless it is the community's and serves there. */
  async function checkSquad(communityId: string, compoundId: string | null, squadId: string | null) {
    if (!squadId) return;
    const squad = await db
      .selectFrom('squads')
      .select('compound_id')
      .where('community_id', '=', communityId)
      .where('id', '=', squadId)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    if (!squad) throw fieldError(400, 'bad_reference', 'squadId', { what: 'squadId' });
    if (squad.compound_id && compoundId && squad.compound_id !== compoundId)
      throw fieldError(400, 'patrol_squad_elsewhere', 'squadId');
  }

  app.get(
    '/communities/:communityId/duty-places',
    {
      config: { access: access.community('duty.manage') },
      schema: {
        tags: ['duty'],
        summary: 'Duty places (值班点) in scope',
        params: CommunityParams,
        querystring: ListQuery({
          compoundId: Type.Optional(Id),
          squadId: Type.Optional(Id),
          kind: Type.Optional(StringEnum(dutyPlaceKinds)),
          archived: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Page(DutyPlace) },
      },
    },
    async (req) => {
      const f = req.query;
      let q = placeRows(db)
        .where('d.community_id', '=', communityOf(req).id)
        .where((eb) => whereVisible(eb, dutyVisible(req), placeColumns))
        .where('d.archived_at', f.archived ? 'is not' : 'is', null);
      if (f.compoundId) q = q.where('d.compound_id', '=', f.compoundId);
      if (f.squadId) q = q.where('d.squad_id', '=', f.squadId);
      if (f.kind) q = q.where('d.kind', '=', f.kind);
      if (f.q) q = q.where(contains('d.name', f.q));
      const page = await paginate(q.orderBy('d.name', f.order ?? 'asc').orderBy('d.id'), f);
      return { ...page, items: (page.items as PlaceRow[]).map(placeView) };
    },
  );

  app.post(
    '/communities/:communityId/duty-places',
    {
      config: { access: access.community('duty.manage') },
      schema: {
        tags: ['duty'],
        summary:
          'Add a duty place with its shifts (e.g. 上午 08:00–12:00, or 全天 00:00–24:00 for round-the-clock duty)',
        params: CommunityParams,
        body: Type.Object(
          {
            name: Text(60),
            kind: StringEnum(dutyPlaceKinds),
            compoundId: Type.Optional(Nullable(Id)),
            squadId: Type.Optional(Nullable(Id)),
            shiftPattern: PatternInput,
          },
          { additionalProperties: false },
        ),
        response: { 201: DutyPlace },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const b = req.body;
      const compoundId = b.compoundId ?? null;
      const squadId = b.squadId ?? null;
      requireCan(req, 'duty.manage', { compoundId, squadId });
      if (compoundId) {
        const compound = await db
          .selectFrom('compounds')
          .select('id')
          .where('community_id', '=', communityId)
          .where('id', '=', compoundId)
          .where('archived_at', 'is', null)
          .executeTakeFirst();
        if (!compound) throw fieldError(400, 'bad_reference', 'compoundId', { what: 'compoundId' });
      }
      await checkSquad(communityId, compoundId, squadId);
      const name = b.name.trim();
      if (!name) throw fieldError(400, 'patrol_blank', 'name', { field: 'name' });
      const now = Date.now();
      const id = newId();
      await db
        .insertInto('duty_places')
        .values({
          community_id: communityId,
          id,
          compound_id: compoundId,
          squad_id: squadId,
          name,
          kind: b.kind,
          shift_pattern: JSON.stringify(requirePattern(b.shiftPattern)),
          created_by: req.account!.id,
          created_at: now,
          updated_at: now,
          archived_at: null,
        })
        .execute();
      return reply.status(201).send(placeView(await placeFor(req, db, communityId, id)));
    },
  );

  app.patch(
    '/communities/:communityId/duty-places/:placeId',
    {
      config: { access: access.community('duty.manage') },
      schema: {
        tags: ['duty'],
        summary: 'Change a duty place: name, kind, squad, shifts; archive it or bring it back',
        description:
          'Shifts already planned keep their slot code; a code dropped from the pattern shows as all day.',
        params: PlaceParams,
        body: Type.Object(
          {
            name: Type.Optional(Text(60)),
            kind: Type.Optional(StringEnum(dutyPlaceKinds)),
            squadId: Type.Optional(Nullable(Id)),
            shiftPattern: Type.Optional(PatternInput),
            archived: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: DutyPlace },
      },
    },
    async (req) => {
      const { communityId, placeId } = req.params;
      const place = await placeFor(req, db, communityId, placeId);
      const b = req.body;
      const squadId = b.squadId === undefined ? place.squad_id : b.squadId;
      requireCan(req, 'duty.manage', { compoundId: place.compound_id, squadId });
      await checkSquad(communityId, place.compound_id, squadId);
      const name = b.name?.trim();
      if (name === '') throw fieldError(400, 'patrol_blank', 'name', { field: 'name' });
      const now = Date.now();
      await db
        .updateTable('duty_places')
        .set({
          ...(name ? { name } : {}),
          ...(b.kind ? { kind: b.kind } : {}),
          squad_id: squadId,
          ...(b.shiftPattern ? { shift_pattern: JSON.stringify(requirePattern(b.shiftPattern)) } : {}),
          ...(b.archived !== undefined
            ? { archived_at: b.archived ? (place.archived_at ?? now) : null }
            : {}),
          updated_at: now,
        })
        .where('community_id', '=', communityId)
        .where('id', '=', placeId)
        .execute();
      return placeView(await placeFor(req, db, communityId, placeId));
    },
  );

  app.get(
    '/communities/:communityId/duty-shifts',
    {
      config: { access: access.community('duty.manage') },
      schema: {
        tags: ['duty'],
        summary:
          'Shifts (班次) by date for the places in scope: the week grid; cancelled ones only when asked for',
        params: CommunityParams,
        querystring: ListQuery({
          placeId: Type.Optional(Id),
          personId: Type.Optional(Id),
          from: Type.Optional(DateOnly),
          to: Type.Optional(DateOnly),
          state: Type.Optional(StringEnum(shiftStates)),
        }),
        response: { 200: Page(DutyShift) },
      },
    },
    async (req) => {
      const f = req.query;
      let q = shiftRows(db)
        .where('h.community_id', '=', communityOf(req).id)
        .where((eb) => whereVisible(eb, dutyVisible(req), placeColumns));
      q = f.state ? q.where('h.state', '=', f.state) : q.where('h.state', 'in', [...shiftStatesLive]);
      if (f.placeId) q = q.where('h.place_id', '=', f.placeId);
      if (f.personId) q = q.where('h.person_id', '=', f.personId);
      if (f.from) q = q.where('h.date', '>=', f.from);
      if (f.to) q = q.where('h.date', '<=', f.to);
      if (f.q) {
        const text = f.q;
        q = q.where((eb) => eb.or([contains('h.name', text), contains('d.name', text)]));
      }
      const page = await paginate(
        q
          .orderBy('h.date', f.order ?? 'asc')
          .orderBy('d.name')
          .orderBy('h.slot_code')
          .orderBy('h.id'),
        f,
      );
      return { ...page, items: (page.items as ShiftRow[]).map(shiftView) };
    },
  );

  app.post(
    '/communities/:communityId/duty-shifts',
    {
      config: { access: access.community('duty.manage') },
      schema: {
        tags: ['duty'],
        summary: 'Put one person on one shift',
        params: CommunityParams,
        body: Type.Object(
          {
            placeId: Id,
            date: DateOnly,
            slotCode: Type.String({ minLength: 1, maxLength: 20 }),
            personId: Id,
          },
          { additionalProperties: false },
        ),
        response: { 201: DutyShift },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const b = req.body;
      const place = await placeFor(req, db, communityId, b.placeId);
      if (!patternOf(place).some((p) => p.code === b.slotCode))
        throw fieldError(400, 'duty_slot_unknown', 'slotCode', { slot: b.slotCode });
      const [person] = await dutyPeople(db, communityId, [b.personId], 'personId');
      const now = Date.now();
      const existing = await db
        .selectFrom('duty_shifts')
        .select(['id', 'state'])
        .where('community_id', '=', communityId)
        .where('place_id', '=', place.id)
        .where('date', '=', b.date)
        .where('slot_code', '=', b.slotCode)
        .where('person_id', '=', person!.id)
        .executeTakeFirst();
      if (existing && existing.state !== 'cancelled') throw new AppError(409, 'duty_shift_taken');
      const id = existing?.id ?? newId();
      // A cancelled shift of the same person and slot comes back rather than making a twin.
      await db
        .insertInto('duty_shifts')
        .values(shiftRow(communityId, place.id, b.date, b.slotCode, person!, req.account!.id, now, id))
        .onConflict((oc) =>
          oc
            .columns(['community_id', 'place_id', 'date', 'slot_code', 'person_id'])
            .doUpdateSet({
              state: 'planned',
              name: person!.name,
              account_id: person!.account_id,
              updated_at: now,
            })
            .where('duty_shifts.state', '=', 'cancelled'),
        )
        .execute();
      return reply.status(201).send(await shiftById(communityId, id));
    },
  );

  app.delete(
    '/communities/:communityId/duty-shifts/:shiftId',
    {
      config: { access: access.community('duty.manage') },
      schema: {
        tags: ['duty'],
        summary: 'Cancel a shift (kept as cancelled; a swap still waiting on it is withdrawn)',
        params: Type.Object({ communityId: Id, shiftId: Id }),
        response: { 200: DutyShift },
      },
    },
    async (req) => {
      const { communityId, shiftId } = req.params;
      const shift = await shiftFor(req, communityId, shiftId);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('duty_shifts')
          .set({ state: 'cancelled', updated_at: Date.now() })
          .where('community_id', '=', communityId)
          .where('id', '=', shift.id)
          .execute();
        await withdrawSwaps(trx, communityId, [shift.id]);
      });
      return shiftById(communityId, shift.id);
    },
  );

  app.post(
    '/communities/:communityId/duty-places/:placeId/rotation',
    {
      config: { access: access.community('duty.manage') },
      schema: {
        tags: ['duty'],
        summary:
          'Generate a rotation (轮流值班): every shift of every day in the range, filled round-robin from the list',
        description:
          'Fair: over the range each person’s count differs by at most one, and nobody holds two places in one ' +
          'shift. Shifts already planned in the range give 409 duty_clash (details list them) unless replace: true, ' +
          'which cancels them first.',
        params: PlaceParams,
        body: Type.Object(
          {
            from: DateOnly,
            to: DateOnly,
            people: Type.Array(Id, { minItems: 1, maxItems: 200, uniqueItems: true }),
            perShift: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 1 })),
            skipWeekdays: Type.Optional(
              Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 6, uniqueItems: true }),
            ),
            replace: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            created: Type.Integer(),
            replaced: Type.Integer(),
            counts: Type.Array(
              Type.Object({ personId: Type.String(), name: Type.String(), shifts: Type.Integer() }),
            ),
          }),
        },
      },
    },
    async (req, reply) => {
      const { communityId, placeId } = req.params;
      const place = await placeFor(req, db, communityId, placeId);
      const b = req.body;
      const perShift = b.perShift ?? 1;
      const days = daysBetween(b.from, b.to);
      if (days < 1 || days > maxRotationDays)
        throw fieldError(400, 'duty_range', 'to', { days: maxRotationDays });
      const people = await dutyPeople(db, communityId, b.people, 'people');
      if (perShift > people.length) throw fieldError(400, 'duty_per_shift', 'perShift');
      const slots = rosterSlots(b.from, b.to, patternOf(place), b.skipWeekdays);
      if (slots.length * perShift > maxRotationShifts)
        throw fieldError(400, 'duty_range', 'to', { days: maxRotationDays });
      const existing = await db
        .selectFrom('duty_shifts')
        .select(['id', 'date', 'slot_code', 'name'])
        .where('community_id', '=', communityId)
        .where('place_id', '=', place.id)
        .where('date', '>=', b.from)
        .where('date', '<=', b.to)
        .where('state', 'in', [...shiftStatesLive])
        .orderBy('date')
        .orderBy('slot_code')
        .execute();
      if (existing.length && !b.replace)
        throw new AppError(
          409,
          'duty_clash',
          { count: existing.length },
          existing.map((s) => ({ shiftId: s.id, date: s.date, slotCode: s.slot_code, name: s.name })),
        );
      const rota = rotate(people, slots, perShift);
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        if (existing.length) {
          const ids = existing.map((s) => s.id);
          await trx
            .updateTable('duty_shifts')
            .set({ state: 'cancelled', updated_at: now })
            .where('community_id', '=', communityId)
            .where('id', 'in', ids)
            .execute();
          await withdrawSwaps(trx, communityId, ids);
        }
        for (let i = 0; i < rota.length; i += 200)
          await trx
            .insertInto('duty_shifts')
            .values(
              rota
                .slice(i, i + 200)
                .map((a) =>
                  shiftRow(
                    communityId,
                    place.id,
                    a.slot.date,
                    a.slot.slotCode,
                    a.person,
                    req.account!.id,
                    now,
                  ),
                ),
            )
            .onConflict((oc) =>
              oc
                .columns(['community_id', 'place_id', 'date', 'slot_code', 'person_id'])
                .doUpdateSet((eb) => ({
                  state: 'planned',
                  name: eb.ref('excluded.name'),
                  account_id: eb.ref('excluded.account_id'),
                  created_by: eb.ref('excluded.created_by'),
                  updated_at: now,
                })),
            )
            .execute();
      });
      if (existing.length)
        await audit(db, communityId, {
          ...actor(req),
          action: 'duty.rotation_replaced',
          targetType: 'duty_place',
          targetId: place.id,
          before: { from: b.from, to: b.to, shifts: existing.length },
          after: { shifts: rota.length, people: people.map((p) => p.id) },
        });
      return reply.status(201).send({
        created: rota.length,
        replaced: existing.length,
        counts: people.map((p) => ({
          personId: p.id,
          name: p.name,
          shifts: rota.filter((a) => a.person.id === p.id).length,
        })),
      });
    },
  );

  app.get(
    '/communities/:communityId/duty-swaps',
    {
      config: { access: access.community('duty.manage') },
      schema: {
        tags: ['duty'],
        summary: 'Swap requests (换班) at the places in scope, newest first',
        params: CommunityParams,
        querystring: ListQuery({ state: Type.Optional(StringEnum(swapStates)), placeId: Type.Optional(Id) }),
        response: { 200: Page(DutySwap) },
      },
    },
    async (req) => {
      const f = req.query;
      let q = swapRows(db)
        .where('w.community_id', '=', communityOf(req).id)
        .where((eb) => whereVisible(eb, dutyVisible(req), placeColumns));
      if (f.state) q = q.where('w.state', '=', f.state);
      if (f.placeId) q = q.where('h.place_id', '=', f.placeId);
      if (f.q) {
        const text = f.q;
        q = q.where((eb) =>
          eb.or([contains('pf.name', text), contains('pt.name', text), contains('d.name', text)]),
        );
      }
      const page = await paginate(q.orderBy('w.created_at', f.order ?? 'desc').orderBy('w.id'), f);
      return { ...page, items: (page.items as SwapRow[]).map(swapView) };
    },
  );

  for (const decision of ['approve', 'reject'] as const)
    app.post(
      `/communities/:communityId/duty-swaps/:swapId/${decision}`,
      {
        config: { access: access.community('duty.manage') },
        schema: {
          tags: ['duty'],
          summary:
            decision === 'approve'
              ? 'Approve a swap: the colleague takes the shift (state swapped)'
              : 'Turn a swap down: the shift stays with whoever holds it',
          params: SwapParams,
          body: Type.Optional(
            Type.Object({ note: Type.Optional(Text(200, 0)) }, { additionalProperties: false }),
          ),
          response: { 200: DutySwap },
        },
      },
      async (req) => {
        const { communityId, swapId } = req.params;
        const swap = (await swapRows(db)
          .where('w.community_id', '=', communityId)
          .where('w.id', '=', swapId)
          .executeTakeFirst()) as SwapRow | undefined;
        if (!swap) throw new AppError(404, 'not_found');
        requireCan(req, 'duty.manage', placeScope(swap));
        if (swap.state !== 'pending') throw new AppError(409, 'duty_swap_state');
        const now = Date.now();
        const note = req.body?.note?.trim() || null;
        const told = await db.transaction().execute(async (trx) => {
          const decided = await trx
            .updateTable('duty_swaps')
            .set({
              state: decision === 'approve' ? 'approved' : 'rejected',
              decided_by: req.account!.id,
              decided_at: now,
              decision_note: note,
            })
            .where('community_id', '=', communityId)
            .where('id', '=', swap.id)
            .where('state', '=', 'pending')
            .executeTakeFirst();
          if (Number(decided.numUpdatedRows) !== 1) throw new AppError(409, 'duty_swap_state');
          if (decision === 'approve') {
            const taken = await trx
              .selectFrom('duty_shifts')
              .select('id')
              .where('community_id', '=', communityId)
              .where('place_id', '=', swap.place_id)
              .where('date', '=', swap.date)
              .where('slot_code', '=', swap.slot_code)
              .where('person_id', '=', swap.to_person_id)
              .executeTakeFirst();
            if (taken) throw new AppError(409, 'duty_shift_taken');
            const moved = await trx
              .updateTable('duty_shifts')
              .set({
                person_id: swap.to_person_id,
                account_id: swap.to_account_id,
                name: swap.to_name,
                state: 'swapped',
                updated_at: now,
              })
              .where('community_id', '=', communityId)
              .where('id', '=', swap.shift_id)
              .where('person_id', '=', swap.from_person_id)
              .where('state', 'in', [...shiftStatesLive])
              .executeTakeFirst();
            if (Number(moved.numUpdatedRows) !== 1) throw new AppError(409, 'duty_shift_cancelled');
          }
          await audit(trx, communityId, {
            ...actor(req),
            action: `duty.swap_${decision === 'approve' ? 'approved' : 'rejected'}`,
            targetType: 'duty_swap',
            targetId: swap.id,
            before: { personId: swap.from_person_id, state: swap.state },
            after: { personId: decision === 'approve' ? swap.to_person_id : swap.from_person_id, note },
          });
          const slot = slotOf(patternOf(swap), swap.slot_code);
          return swap.requested_by
            ? notify(
                app.deps,
                communityId,
                [swap.requested_by],
                {
                  kind: decision === 'approve' ? 'duty_swap_approved' : 'duty_swap_rejected',
                  params: { date: swap.date, slot: slot.label, place: swap.place_name, to: swap.to_name },
                  link: '/duty',
                },
                { trx },
              )
            : null;
        });
        await told?.publish();
        return swapView(
          (await swapRows(db)
            .where('w.community_id', '=', communityId)
            .where('w.id', '=', swap.id)
            .executeTakeFirstOrThrow()) as SwapRow,
        );
      },
    );
};

/** A new shift row for a person. */
export function shiftRow(
  communityId: string,
  placeId: string,
  date: string,
  slotCode: string,
  person: { id: string; name: string; account_id: string | null },
  createdBy: string,
  now: number,
  id = newId(),
): DutyShiftsTable {
  return {
    community_id: communityId,
    id,
    place_id: placeId,
    date,
    slot_code: slotCode,
    person_id: person.id,
    account_id: person.account_id,
    name: person.name,
    state: 'planned',
    created_by: createdBy,
    created_at: now,
    updated_at: now,
  };
}
