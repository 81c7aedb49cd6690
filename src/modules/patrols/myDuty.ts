import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { isUniqueViolation } from '../../core/db/constraints';
import { AppError, fieldError } from '../../core/errors';
import { access, principalOf } from '../../core/http/access';
import { DateOnly, Id, Nullable, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { maskName } from '../../core/personal';
import { todayInShanghai } from '../../core/time';
import { notify } from '../notifications';
import { addDays, daysBetween, dutyPlaceKinds, maxRotationDays } from './rules';
import {
  DutyShift,
  DutySwap,
  ShiftSlotSchema,
  dutyPeople,
  patternOf,
  placeRows,
  shiftRows,
  shiftStatesLive,
  shiftView,
  slotOf,
  swapRows,
  swapView,
  type PlaceRow,
  type ShiftRow,
  type SwapRow,
} from './dutyStore';
import { communitiesOf, patrolReach } from './reach';

/**
 * 值班 from the phone: my shifts and who I share them with, asking a colleague to take one (换班; the
 * colleague agrees, staff approve), and today's duty at the places of my compounds for the resident
 * home page (今日值班, names masked).
 */

const MyShift = Type.Object({
  ...DutyShift.properties,
  colleagues: Type.Array(Type.Object({ personId: Type.String(), name: Type.String() }), {
    description: 'the others on this place’s roster, to ask for a swap',
  }),
});

const TodayPlace = Type.Object({
  placeId: Type.String(),
  communityId: Type.String(),
  placeName: Type.String(),
  kind: StringEnum(dutyPlaceKinds),
  compoundName: Nullable(Type.String()),
  slots: Type.Array(
    Type.Object({
      ...ShiftSlotSchema.properties,
      people: Type.Array(Type.String(), { description: 'names, masked' }),
    }),
  ),
});

export const myDutyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/me/duty',
    {
      config: { access: access.session() },
      schema: {
        tags: ['duty'],
        summary:
          'My duty shifts in a date range (default: today and the next 30 days), and the swaps asked of me',
        querystring: Type.Object({ from: Type.Optional(DateOnly), to: Type.Optional(DateOnly) }),
        response: {
          200: Type.Object({
            shifts: Type.Array(MyShift),
            swapRequests: Type.Array(DutySwap, {
              description: 'colleagues asking me to take their shift, waiting',
            }),
          }),
        },
      },
    },
    async (req) => {
      const reach = await patrolReach(db, principalOf(req));
      const from = req.query.from ?? todayInShanghai();
      const to = req.query.to ?? addDays(from, 30);
      if (daysBetween(from, to) < 1 || daysBetween(from, to) > maxRotationDays)
        throw fieldError(400, 'duty_range', 'to', { days: maxRotationDays });
      const personIds = reach.persons.map((p) => p.id);
      if (!personIds.length) return { shifts: [], swapRequests: [] };
      const shifts = (await shiftRows(db)
        .where('h.person_id', 'in', personIds)
        .where('h.date', '>=', from)
        .where('h.date', '<=', to)
        .where('h.state', 'in', [...shiftStatesLive])
        .orderBy('h.date')
        .orderBy('h.slot_code')
        .execute()) as ShiftRow[];
      const placeIds = [...new Set(shifts.map((s) => s.place_id))];
      // Everyone on the same places' rosters around these dates: the people a swap can go to.
      const roster = placeIds.length
        ? await db
            .selectFrom('duty_shifts')
            .select(['place_id', 'person_id', 'name'])
            .distinct()
            .where('community_id', 'in', [...new Set(shifts.map((h) => h.community_id))])
            .where('place_id', 'in', placeIds)
            .where('date', '>=', addDays(from, -60))
            .where('date', '<=', addDays(to, 60))
            .where('state', 'in', [...shiftStatesLive])
            .execute()
        : [];
      const swapRequests = (await swapRows(db)
        .where('w.to_person_id', 'in', personIds)
        .where('w.state', '=', 'pending')
        .orderBy('w.created_at')
        .execute()) as SwapRow[];
      return {
        shifts: shifts.map((s) => ({
          ...shiftView(s),
          colleagues: roster
            .filter((r) => r.place_id === s.place_id && !personIds.includes(r.person_id))
            .filter((r, i, all) => all.findIndex((o) => o.person_id === r.person_id) === i)
            .map((r) => ({ personId: r.person_id, name: r.name })),
        })),
        swapRequests: swapRequests.map(swapView),
      };
    },
  );

  app.post(
    '/me/duty-shifts/:shiftId/swap',
    {
      config: { access: access.session() },
      schema: {
        tags: ['duty'],
        summary: 'Ask a colleague to take my shift (换班); the colleague is told, staff approve',
        params: Type.Object({ shiftId: Id }),
        body: Type.Object(
          { toPersonId: Id, reason: Type.Optional(Text(200, 0)) },
          { additionalProperties: false },
        ),
        response: { 201: DutySwap },
      },
    },
    async (req, reply) => {
      const reach = await patrolReach(db, principalOf(req));
      const shift = (await shiftRows(db).where('h.id', '=', req.params.shiftId).executeTakeFirst()) as
        ShiftRow | undefined;
      const me =
        shift && reach.persons.find((p) => p.id === shift.person_id && p.community_id === shift.community_id);
      if (!shift || !me) throw new AppError(404, 'not_found');
      if (shift.state === 'cancelled') throw new AppError(409, 'duty_shift_cancelled');
      if (shift.date < todayInShanghai()) throw new AppError(409, 'duty_shift_past');
      if (shift.pending_swap_id) throw new AppError(409, 'duty_swap_pending');
      const { toPersonId } = req.body;
      if (toPersonId === me.id) throw fieldError(400, 'duty_swap_self', 'toPersonId');
      const [colleague] = await dutyPeople(db, shift.community_id, [toPersonId], 'toPersonId');
      const now = Date.now();
      const id = newId();
      const told = await db
        .transaction()
        .execute(async (trx) => {
          await trx
            .insertInto('duty_swaps')
            .values({
              community_id: shift.community_id,
              id,
              shift_id: shift.id,
              from_person_id: me.id,
              to_person_id: colleague!.id,
              requested_by: req.account!.id,
              reason: req.body.reason?.trim() || null,
              state: 'pending',
              accepted_at: null,
              decided_by: null,
              decided_at: null,
              decision_note: null,
              created_at: now,
            })
            .execute();
          return colleague!.account_id
            ? notify(
                app.deps,
                shift.community_id,
                [colleague!.account_id],
                {
                  kind: 'duty_swap_requested',
                  params: {
                    name: me.name,
                    date: shift.date,
                    slot: slotOf(patternOf(shift), shift.slot_code).label,
                    place: shift.place_name,
                  },
                  link: '/duty',
                },
                { trx },
              )
            : null;
        })
        .catch((err: unknown) => {
          // Another request for this shift was sent at the same moment and is the one waiting.
          if (isUniqueViolation(err)) throw new AppError(409, 'duty_swap_pending');
          throw err;
        });
      await told?.publish();
      const row = (await swapRows(db)
        .where('w.community_id', '=', shift.community_id)
        .where('w.id', '=', id)
        .executeTakeFirstOrThrow()) as SwapRow;
      return reply.status(201).send(swapView(row));
    },
  );

  app.post(
    '/me/duty-swaps/:swapId/accept',
    {
      config: { access: access.session() },
      schema: {
        tags: ['duty'],
        summary:
          'Agree to take a colleague’s shift (staff then approve the swap); agreeing twice changes nothing',
        params: Type.Object({ swapId: Id }),
        response: { 200: DutySwap },
      },
    },
    async (req) => {
      const reach = await patrolReach(db, principalOf(req));
      const swap = (await swapRows(db).where('w.id', '=', req.params.swapId).executeTakeFirst()) as
        SwapRow | undefined;
      if (
        !swap ||
        !reach.persons.some((p) => p.id === swap.to_person_id && p.community_id === swap.community_id)
      )
        throw new AppError(404, 'not_found');
      if (swap.state !== 'pending') throw new AppError(409, 'duty_swap_state');
      await db
        .updateTable('duty_swaps')
        .set({ accepted_at: Date.now() })
        .where('community_id', '=', swap.community_id)
        .where('id', '=', swap.id)
        .where('accepted_at', 'is', null)
        .execute();
      return swapView(
        (await swapRows(db)
          .where('w.community_id', '=', swap.community_id)
          .where('w.id', '=', swap.id)
          .executeTakeFirstOrThrow()) as SwapRow,
      );
    },
  );

  app.get(
    '/me/duty-today',
    {
      config: { access: access.session() },
      schema: {
        tags: ['duty'],
        summary: 'Today’s duty (今日值班) at the duty places of my compounds and communities, names masked',
        response: { 200: Type.Array(TodayPlace) },
      },
    },
    async (req) => {
      const reach = await patrolReach(db, principalOf(req));
      const communities = communitiesOf(reach);
      if (!communities.length) return [];
      const compounds = [
        ...reach.homes.map((h) => h.compoundId),
        ...reach.squads.flatMap((s) => (s.compoundId ? [s.compoundId] : [])),
      ];
      const places = (await placeRows(db)
        .where('d.community_id', 'in', communities)
        .where('d.archived_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb('d.compound_id', 'is', null),
            ...(compounds.length ? [eb('d.compound_id', 'in', compounds)] : []),
          ]),
        )
        .orderBy('d.name')
        .orderBy('d.id')
        .execute()) as PlaceRow[];
      if (!places.length) return [];
      const today = todayInShanghai();
      const shifts = await db
        .selectFrom('duty_shifts')
        .select(['place_id', 'slot_code', 'name'])
        .where('community_id', 'in', [...new Set(places.map((p) => p.community_id))])
        .where(
          'place_id',
          'in',
          places.map((p) => p.id),
        )
        .where('date', '=', today)
        .where('state', 'in', [...shiftStatesLive])
        .orderBy('name')
        .execute();
      return places
        .map((p) => ({
          placeId: p.id,
          communityId: p.community_id,
          placeName: p.name,
          kind: p.kind as (typeof dutyPlaceKinds)[number],
          compoundName: p.compound_name,
          slots: patternOf(p).map((slot) => ({
            ...slot,
            people: shifts
              .filter((s) => s.place_id === p.id && s.slot_code === slot.code)
              .map((s) => maskName(s.name)),
          })),
        }))
        .filter((p) => p.slots.some((s) => s.people.length));
    },
  );
};
