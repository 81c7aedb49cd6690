import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { sql, type SqlBool } from 'kysely';
import { Type } from 'typebox';
import { paginate } from '../../core/db/query';
import { AppError, fieldError } from '../../core/errors';
import { access } from '../../core/http/access';
import { DateOnly, Id, ListQuery, Nullable, Page, StringEnum } from '../../core/http/schemas';
import { ServiceEntry, entryRows, entryViews, minutesSince } from './entries';
import { Availability, SkillCodes, Tags, Volunteer, profileChanges, volunteerViews } from './profiles';
import { dayRange, hoursOf, liveSignupStates, periodStarts, pointsFor } from './rules';
import { SkillName, requireSkills, skillNames, volunteerSettings } from './settings';
import { communitiesOf, ensureProfile, personOf, squadsOfPeople, type Db } from './store';
import { calendarSources, type CalendarEntry } from './hooks';

/**
 * 我的志愿: a volunteer's own page — their profile (made by themselves here), their squads, their hours
 * this month, this year and in all, their points where the community keeps them, and every service
 * entry with the record behind it; and their calendar of activities, duty shifts and patrols.
 */

const Period = Type.Object({ month: Type.Number(), year: Type.Number(), all: Type.Number() });

const MyVolunteer = Type.Object({
  communityId: Nullable(
    Type.String({ description: 'the community shown; null when I am on no community’s rolls' }),
  ),
  communities: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  profile: Nullable(Volunteer),
  squads: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() })),
  minutes: Period,
  hours: Period,
  points: Nullable(Period),
  skillOptions: Type.Array(SkillName),
  recentEntries: Type.Array(ServiceEntry),
});

const CalendarItem = Type.Object({
  kind: StringEnum(['activity', 'duty', 'patrol'] as const),
  id: Type.String(),
  communityId: Type.String(),
  title: Type.String(),
  startsAt: Type.Integer(),
  endsAt: Type.Integer(),
  place: Nullable(Type.String()),
});

/** Each community the account is a person in, with that person. */
async function myPersons(db: Db, accountId: string) {
  const out: { communityId: string; personId: string }[] = [];
  for (const c of await communitiesOf(db, accountId)) {
    const p = await personOf(db, c.id, accountId);
    if (p) out.push({ communityId: c.id, personId: p.id });
  }
  return out;
}

export const mineRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  async function myVolunteer(req: FastifyRequest, wanted: string | undefined) {
    const accountId = req.account!.id;
    const communities = await communitiesOf(db, accountId);
    let communityId = wanted ?? null;
    if (communityId && !communities.some((c) => c.id === communityId)) throw new AppError(404, 'not_found');
    if (!communityId) {
      // The first community where I volunteer, else the first I live in.
      const profiled = await db
        .selectFrom('volunteer_profiles')
        .select('community_id')
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .executeTakeFirst();
      communityId = profiled?.community_id ?? communities[0]?.id ?? null;
    }
    const zero = { month: 0, year: 0, all: 0 };
    if (!communityId)
      return {
        communityId: null,
        communities,
        profile: null,
        squads: [],
        minutes: zero,
        hours: zero,
        points: null,
        skillOptions: [],
        recentEntries: [],
      };
    const settings = await volunteerSettings(db, communityId);
    const person = await personOf(db, communityId, accountId);
    const { monthStart, yearStart } = periodStarts(Date.now());
    const minutes = person
      ? await minutesSince(db, communityId, person.id, { month: monthStart, year: yearStart, all: 0 })
      : zero;
    const profileRow = person
      ? await db
          .selectFrom('volunteer_profiles as v')
          .innerJoin('people as p', (j) =>
            j.onRef('p.community_id', '=', 'v.community_id').onRef('p.id', '=', 'v.person_id'),
          )
          .leftJoin('compounds as c', (j) =>
            j.onRef('c.community_id', '=', 'v.community_id').onRef('c.id', '=', 'v.compound_id'),
          )
          .leftJoin('grids as g', (j) =>
            j.onRef('g.community_id', '=', 'v.community_id').onRef('g.id', '=', 'v.grid_id'),
          )
          .leftJoin('cobuild_units as u', (j) =>
            j.onRef('u.community_id', '=', 'v.community_id').onRef('u.id', '=', 'v.cobuild_unit_id'),
          )
          .selectAll('v')
          .select([
            'p.name as person_name',
            'p.account_id as person_account_id',
            'c.name as compound_name',
            'g.name as grid_name',
            'u.name as unit_name',
          ])
          .where('v.community_id', '=', communityId)
          .where('v.person_id', '=', person.id)
          .executeTakeFirst()
      : undefined;
    const [profile] = profileRow
      ? await volunteerViews(db, [profileRow], new Map([[person!.id, minutes.all]]), settings, req.locale)
      : [null];
    const squads = person ? ((await squadsOfPeople(db, communityId, [person.id])).get(person.id) ?? []) : [];
    const recent = person
      ? await entryRows(db)
          .where('e.community_id', '=', communityId)
          .where('e.person_id', '=', person.id)
          .orderBy('e.at', 'desc')
          .orderBy('e.id')
          .limit(10)
          .execute()
      : [];
    const each = (f: (m: number) => number) => ({
      month: f(minutes.month),
      year: f(minutes.year),
      all: f(minutes.all),
    });
    return {
      communityId,
      communities,
      profile: profile ?? null,
      squads,
      minutes,
      hours: each(hoursOf),
      points: settings.pointsEnabled ? each((m) => pointsFor(m, settings) ?? 0) : null,
      skillOptions: skillNames(
        settings,
        settings.skills.map((s) => s.code),
        req.locale,
      ),
      recentEntries: await entryViews(db, recent, req.locale),
    };
  }

  app.get(
    '/me/volunteer',
    {
      config: { access: access.session() },
      schema: {
        tags: ['volunteers'],
        summary:
          'My volunteer page: profile (or null), squads, hours this month/year/all, points, latest entries',
        querystring: Type.Object({ communityId: Type.Optional(Id) }),
        response: { 200: MyVolunteer },
      },
    },
    async (req) => myVolunteer(req, req.query.communityId),
  );

  app.put(
    '/me/volunteer',
    {
      config: { access: access.session() },
      schema: {
        tags: ['volunteers'],
        summary: 'Become a volunteer or change my profile (skills, tags, when I am free) in a community',
        body: Type.Object(
          {
            communityId: Id,
            skills: SkillCodes,
            tags: Type.Optional(Tags),
            availability: Type.Optional(Availability),
          },
          { additionalProperties: false },
        ),
        response: { 200: MyVolunteer },
      },
    },
    async (req) => {
      const { communityId, ...fields } = req.body;
      const person = await personOf(db, communityId, req.account!.id);
      if (!person) throw new AppError(409, 'volunteer_no_person');
      requireSkills(await volunteerSettings(db, communityId), fields.skills);
      await db.transaction().execute(async (trx) => {
        const { profile, created } = await ensureProfile(trx, communityId, person.id, fields);
        if (!created)
          await trx
            .updateTable('volunteer_profiles')
            .set({ ...profileChanges(fields), updated_at: Date.now() })
            .where('community_id', '=', communityId)
            .where('id', '=', profile.id)
            .execute();
      });
      return myVolunteer(req, communityId);
    },
  );

  app.get(
    '/me/service-entries',
    {
      config: { access: access.session() },
      schema: {
        tags: ['volunteers'],
        summary: 'Every service entry credited to me, newest first, each with its source',
        querystring: ListQuery({ communityId: Type.Optional(Id) }),
        response: { 200: Page(ServiceEntry) },
      },
    },
    async (req) => {
      const persons = (await myPersons(db, req.account!.id)).filter(
        (p) => !req.query.communityId || p.communityId === req.query.communityId,
      );
      const query = entryRows(db).where((eb) =>
        persons.length
          ? eb.or(
              persons.map((p) =>
                eb.and([eb('e.community_id', '=', p.communityId), eb('e.person_id', '=', p.personId)]),
              ),
            )
          : // Nobody to credit: SQLite cannot bind a boolean, so say false in SQL.
            sql<SqlBool>`1 = 0`,
      );
      const page = await paginate(
        query.orderBy('e.at', req.query.order ?? 'desc').orderBy('e.id'),
        req.query,
      );
      return { ...page, items: await entryViews(db, page.items, req.locale) };
    },
  );

  app.get(
    '/me/calendar',
    {
      config: { access: access.session() },
      schema: {
        tags: ['volunteers'],
        summary: 'My activities, duty shifts and patrols in a range of days (up to 92), in time order',
        querystring: Type.Object({ from: DateOnly, to: DateOnly }),
        response: { 200: Type.Array(CalendarItem) },
      },
    },
    async (req) => {
      const { from, to } = req.query;
      const { fromMs, toMs } = dayRange(from, to);
      if (toMs <= fromMs || toMs - fromMs > 92 * 86_400_000) throw fieldError(400, 'date_order', 'to');
      const accountId = req.account!.id;
      const activities = await db
        .selectFrom('activity_signups as s')
        .innerJoin('activities as a', (j) =>
          j.onRef('a.community_id', '=', 's.community_id').onRef('a.id', '=', 's.activity_id'),
        )
        .select(['a.id', 'a.community_id', 'a.title', 'a.starts_at', 'a.ends_at', 'a.place'])
        .where('s.account_id', '=', accountId)
        .where('s.state', 'in', [...liveSignupStates])
        .where('a.state', 'in', ['published', 'held'])
        .where('a.starts_at', '<', toMs)
        .where('a.ends_at', '>=', fromMs)
        .execute();
      const entries: CalendarEntry[] = activities.map((a) => ({
        kind: 'activity',
        id: a.id,
        communityId: a.community_id,
        title: a.title,
        startsAt: a.starts_at,
        endsAt: a.ends_at,
        place: a.place,
      }));
      for (const p of await myPersons(db, accountId))
        for (const source of calendarSources)
          entries.push(...(await source(db, p.communityId, p.personId, from, to)));
      return entries.sort((x, y) => x.startsAt - y.startsAt || x.id.localeCompare(y.id));
    },
  );
};
