import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { Type } from 'typebox';
import type { ActivitiesTable, ActivitySignupsTable } from '../../core/db/schema';
import { paginate } from '../../core/db/query';
import { AppError } from '../../core/errors';
import { access } from '../../core/http/access';
import { Id, ListQuery, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { communityAccount } from '../deliberation/meetingStore';
import { householdsOf, squadServiceOf } from '../orders/people';
import { checkIn } from './activities';
import { Activity, activityRows, activityViews, signupsOf, stepSignups, timesOf } from './activityStore';
import {
  checkinOpen,
  checkinWindow,
  liveSignupStates,
  signupOpen,
  withdrawable,
  type Audience,
} from './rules';
import { isUniqueViolation, partyStatuses, personOf, profileOf, type Db } from './store';

/**
 * Activities from the resident app: those of my compounds, my communities (community-wide ones) and
 * my squads; signing up (with a key so a flaky phone's repeat makes one sign-up), withdrawing, and
 * checking in at the door by the activity's QR code. Drafts are never shown; anything outside my
 * reach is 404.
 */

export interface ActivityReach {
  accountId: string;
  compounds: { communityId: string; compoundId: string }[];
  communityIds: string[];
  squads: { communityId: string; squadId: string }[];
}

export async function activityReach(db: Db, accountId: string): Promise<ActivityReach> {
  const [households, service, persons] = await Promise.all([
    householdsOf(db, accountId),
    squadServiceOf(db, accountId),
    db
      .selectFrom('people')
      .select('community_id')
      .where('account_id', '=', accountId)
      .where('archived_at', 'is', null)
      .execute(),
  ]);
  return {
    accountId,
    compounds: households.map((h) => ({ communityId: h.communityId, compoundId: h.compoundId })),
    communityIds: [
      ...new Set([...households.map((h) => h.communityId), ...persons.map((p) => p.community_id)]),
    ],
    squads: service.map((s) => ({ communityId: s.communityId, squadId: s.squadId })),
  };
}

/** The activities a resident may see, as a filter on `activities as a`: never drafts. */
export function whereReach<D, T extends keyof D>(
  eb: ExpressionBuilder<D, T>,
  reach: ActivityReach,
): Expression<SqlBool> {
  const col = (c: string) => sql.ref(`a.${c}`);
  const places = [
    ...reach.compounds.map((c) =>
      eb.and([eb(col('community_id'), '=', c.communityId), eb(col('compound_id'), '=', c.compoundId)]),
    ),
    ...reach.squads.map((s) =>
      eb.and([eb(col('community_id'), '=', s.communityId), eb(col('squad_id'), '=', s.squadId)]),
    ),
    ...(reach.communityIds.length
      ? [eb.and([eb(col('community_id'), 'in', reach.communityIds), eb(col('compound_id'), 'is', null)])]
      : []),
  ];
  return places.length ? eb.and([eb(col('state'), '!=', 'draft'), eb.or(places)]) : sql<SqlBool>`1 = 0`;
}

/** The same rule on one row. */
export function reaches(
  reach: ActivityReach,
  a: Pick<ActivitiesTable, 'community_id' | 'compound_id' | 'squad_id' | 'state'>,
) {
  if (a.state === 'draft') return false;
  return (
    (a.compound_id === null && reach.communityIds.includes(a.community_id)) ||
    reach.compounds.some((c) => c.communityId === a.community_id && c.compoundId === a.compound_id) ||
    reach.squads.some((s) => s.communityId === a.community_id && s.squadId === a.squad_id)
  );
}

const views = ['upcoming', 'mine', 'past'] as const;
const CheckinParams = Type.Object({
  token: Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
});

const CheckinView = Type.Object({
  activity: Activity,
  open: Type.Boolean({ description: 'check-in is taken now' }),
  opensAt: Type.Integer(),
  closesAt: Type.Integer(),
});

/** 409 unless the account's person may come to an activity for this audience. */
async function requireAudience(
  db: Db,
  a: ActivitiesTable,
  personId: string | null,
  politicalStatus: string | null,
) {
  const audience = a.audience as Audience;
  if (audience === 'party_members' && !(politicalStatus && partyStatuses.includes(politicalStatus)))
    throw new AppError(409, 'activity_audience');
  if (audience === 'volunteers') {
    const profile = personId ? await profileOf(db, a.community_id, personId) : undefined;
    if (profile?.status !== 'active') throw new AppError(409, 'activity_audience');
  }
}

export const myActivityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const me = (req: FastifyRequest) => req.account!.id;

  async function one(req: FastifyRequest, activityId: string) {
    const a = await activityRows(db).where('a.id', '=', activityId).executeTakeFirst();
    if (!a || !reaches(await activityReach(db, me(req)), a)) throw new AppError(404, 'not_found');
    return a;
  }

  async function view(req: FastifyRequest, activityId: string) {
    const a = await one(req, activityId);
    return (await activityViews(db, [a], await signupsOf(db, me(req), [a.id]), Date.now()))[0]!;
  }

  app.get(
    '/me/activities',
    {
      config: { access: access.session() },
      schema: {
        tags: ['volunteers'],
        summary:
          'Activities where I live and of my squads: upcoming (default, soonest first), mine (signed up), past',
        querystring: ListQuery({ view: Type.Optional(StringEnum(views)) }),
        response: { 200: Page(Activity) },
      },
    },
    async (req) => {
      const reach = await activityReach(db, me(req));
      const now = Date.now();
      const view = req.query.view ?? 'upcoming';
      let query = activityRows(db).where((eb) => whereReach(eb, reach));
      if (view === 'upcoming') query = query.where('a.state', '=', 'published').where('a.ends_at', '>=', now);
      if (view === 'past')
        query = query.where((eb) =>
          eb.or([
            eb('a.state', '=', 'held'),
            eb.and([eb('a.state', '=', 'published'), eb('a.ends_at', '<', now)]),
          ]),
        );
      if (view === 'mine')
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('activity_signups as s')
              .select('s.id')
              .whereRef('s.community_id', '=', 'a.community_id')
              .whereRef('s.activity_id', '=', 'a.id')
              .where('s.account_id', '=', reach.accountId),
          ),
        );
      const page = await paginate(
        query
          .orderBy('a.starts_at', req.query.order ?? (view === 'upcoming' ? 'asc' : 'desc'))
          .orderBy('a.id'),
        req.query,
      );
      const mine = await signupsOf(
        db,
        reach.accountId,
        page.items.map((a) => a.id),
      );
      return { ...page, items: await activityViews(db, page.items, mine, now) };
    },
  );

  app.get(
    '/me/activities/:activityId',
    {
      config: { access: access.session() },
      schema: {
        tags: ['volunteers'],
        summary: 'An activity with my sign-up',
        params: Type.Object({ activityId: Id }),
        response: { 200: Activity },
      },
    },
    async (req) => view(req, req.params.activityId),
  );

  async function byKey(communityId: string, accountId: string, clientKey: string) {
    return db
      .selectFrom('activity_signups')
      .select('activity_id')
      .where('community_id', '=', communityId)
      .where('account_id', '=', accountId)
      .where('client_key', '=', clientKey)
      .executeTakeFirst();
  }

  async function liveSignup(a: Pick<ActivitiesTable, 'community_id' | 'id'>, accountId: string) {
    return db
      .selectFrom('activity_signups')
      .selectAll()
      .where('community_id', '=', a.community_id)
      .where('activity_id', '=', a.id)
      .where('account_id', '=', accountId)
      .where('state', 'in', [...liveSignupStates])
      .executeTakeFirst();
  }

  app.post(
    '/me/activities/:activityId/signup',
    {
      config: { access: access.session() },
      schema: {
        tags: ['volunteers'],
        summary:
          'Sign up: confirmed while places remain (open), on the waiting list when full, or waiting for the leader (screened). A repeat (same clientKey, or already signed up) answers 200 with the first',
        params: Type.Object({ activityId: Id }),
        body: Type.Object(
          {
            asVolunteer: Type.Optional(
              Type.Boolean({ description: 'coming to help (hours credited), not to take part' }),
            ),
            note: Type.Optional(Text(300, 0)),
            clientKey: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Activity, 201: Activity },
      },
    },
    async (req, reply) => {
      const a = await one(req, req.params.activityId);
      const accountId = me(req);
      const { clientKey, asVolunteer = false } = req.body;
      const replay = async () =>
        (clientKey && (await byKey(a.community_id, accountId, clientKey))) ||
        (await liveSignup(a, accountId));
      if (await replay()) return reply.status(200).send(await view(req, a.id));
      const person = await personOf(db, a.community_id, accountId);
      if (asVolunteer && !person) throw new AppError(409, 'volunteer_no_person');
      await requireAudience(db, a, person?.id ?? null, person?.political_status ?? null);
      const now = Date.now();
      const row: ActivitySignupsTable = {
        community_id: a.community_id,
        id: newId(),
        activity_id: a.id,
        person_id: person?.id ?? null,
        account_id: accountId,
        name: person?.name ?? req.account!.display_name,
        as_volunteer: asVolunteer ? 1 : 0,
        state: 'pending',
        position: null,
        note: req.body.note?.trim() || null,
        decided_by: null,
        decided_at: null,
        checked_in_at: null,
        checked_in_via: null,
        reminded_at: null,
        client_key: clientKey ?? null,
        created_at: now,
        updated_at: now,
      };
      try {
        await stepSignups(app.deps, a.community_id, a.id, {
          op: { kind: 'signup', id: row.id },
          insert: row,
          check(held) {
            if (!signupOpen(timesOf(held), now)) throw new AppError(409, 'activity_signup_closed');
          },
        });
      } catch (err) {
        // The same phone's repeat, or a second tap, landed first: its sign-up stands.
        if (!isUniqueViolation(err) || !(await replay())) throw err;
        return reply.status(200).send(await view(req, a.id));
      }
      return reply.status(201).send(await view(req, a.id));
    },
  );

  app.delete(
    '/me/activities/:activityId/signup',
    {
      config: { access: access.session() },
      schema: {
        tags: ['volunteers'],
        summary:
          'Withdraw my sign-up before the start; a confirmed place goes to the first on the waiting list',
        params: Type.Object({ activityId: Id }),
        response: { 200: Activity },
      },
    },
    async (req) => {
      const a = await one(req, req.params.activityId);
      const s = await liveSignup(a, me(req));
      if (!s) throw new AppError(404, 'not_found');
      await stepSignups(app.deps, a.community_id, a.id, {
        op: { kind: 'cancel', id: s.id },
        check(held) {
          if (!withdrawable(timesOf(held), Date.now())) throw new AppError(409, 'activity_withdraw_closed');
        },
      });
      return view(req, a.id);
    },
  );

  /** The activity behind a door's QR code, for an account of its community (others: 404, as for a wrong code). */
  async function byToken(req: FastifyRequest, token: string) {
    const a = await activityRows(db).where('a.checkin_token', '=', token).executeTakeFirst();
    if (!a || a.state === 'draft' || !(await communityAccount(db, a.community_id, me(req))))
      throw new AppError(404, 'not_found');
    return a;
  }

  async function checkinView(req: FastifyRequest, a: Awaited<ReturnType<typeof byToken>>) {
    const [activity] = await activityViews(db, [a], await signupsOf(db, me(req), [a.id]), Date.now());
    const times = timesOf(a);
    return { activity: activity!, open: checkinOpen(times, Date.now()), ...checkinWindow(times) };
  }

  app.get(
    '/me/activity-checkin/:token',
    {
      config: { access: access.session() },
      schema: {
        tags: ['volunteers'],
        summary: 'The activity behind a check-in QR code, with my sign-up and whether check-in is open',
        params: CheckinParams,
        response: { 200: CheckinView },
      },
    },
    async (req) => checkinView(req, await byToken(req, req.params.token)),
  );

  app.post(
    '/me/activity-checkin/:token',
    {
      config: { access: access.session() },
      schema: {
        tags: ['volunteers'],
        summary: 'Check in at the door with my confirmed sign-up; a second scan changes nothing',
        params: CheckinParams,
        response: { 200: CheckinView },
      },
    },
    async (req) => {
      const a = await byToken(req, req.params.token);
      if (!checkinOpen(timesOf(a), Date.now())) throw new AppError(409, 'activity_checkin_closed');
      const s = await liveSignup(a, me(req));
      if (s?.state !== 'confirmed') throw new AppError(409, 'activity_not_confirmed');
      await checkIn(db, a, s.id, 'qr');
      return checkinView(req, a);
    },
  );
};
