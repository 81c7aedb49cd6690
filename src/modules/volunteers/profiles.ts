import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { Type, type Static } from 'typebox';
import { can } from '../../core/access/policy';
import type { Action } from '../../core/access/roles';
import { audit } from '../../core/audit';
import type { Locale } from '../../core/config';
import type { VolunteerProfilesTable } from '../../core/db/schema';
import { contains, paginate } from '../../core/db/query';
import { AppError } from '../../core/errors';
import { access, actor, communityOf, principalOf, visibleRows } from '../../core/http/access';
import { DateOnly, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { ServiceEntry, entryRows, entryViews } from './entries';
import { daySlots, dayRange, hoursOf, profileStatuses } from './rules';
import { SkillName, requireSkills, skillNames, volunteerSettings, type VolunteerSettings } from './settings';
import {
  ensureProfile,
  profileOf,
  requireRef,
  squadsOfPeople,
  whereProfileVisible,
  type Db,
  type ProfileFields,
} from './store';

/**
 * 志愿者档案: a volunteer profile for any person — their skills from the community's list, free tags,
 * when they are free, where they live, party member or not, the co-building unit (共建单位) they come
 * from — with the squads they serve in and their hours. Staff see the profiles in their compounds and
 * grids; a squad leader sees those of the squad's members.
 */

export const Availability = Type.Object(
  {
    weekdays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 7, uniqueItems: true }),
    slots: Type.Array(StringEnum(daySlots), { maxItems: 3, uniqueItems: true }),
  },
  { additionalProperties: false, description: 'weekdays 1 (Monday) … 7 (Sunday); slots of the day' },
);

export const SkillCodes = Type.Array(Type.String({ minLength: 1, maxLength: 32 }), {
  maxItems: 30,
  uniqueItems: true,
});
export const Tags = Type.Array(Text(20), { maxItems: 20, uniqueItems: true });

export const SquadRef = Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() });

export const Volunteer = Type.Object({
  personId: Type.String(),
  communityId: Type.String(),
  name: Type.String(),
  hasAccount: Type.Boolean(),
  skills: Type.Array(SkillName),
  tags: Type.Array(Type.String()),
  availability: Availability,
  compoundId: Nullable(Type.String()),
  compoundName: Nullable(Type.String()),
  gridId: Nullable(Type.String()),
  gridName: Nullable(Type.String()),
  isPartyMember: Type.Boolean(),
  cobuildUnitId: Nullable(Type.String()),
  cobuildUnitName: Nullable(Type.String()),
  status: StringEnum(profileStatuses),
  joinedAt: Type.Integer(),
  squads: Type.Array(SquadRef),
  minutes: Type.Integer({ description: 'minutes served in the period asked for (all time by default)' }),
  hours: Type.Number(),
  updatedAt: Type.Integer(),
});
export type Volunteer = Static<typeof Volunteer>;

export const ProfileEdit = {
  skills: Type.Optional(SkillCodes),
  tags: Type.Optional(Tags),
  availability: Type.Optional(Availability),
};

const StaffFields = {
  ...ProfileEdit,
  compoundId: Type.Optional(Nullable(Id)),
  gridId: Type.Optional(Nullable(Id)),
  isPartyMember: Type.Optional(Type.Boolean()),
  cobuildUnitId: Type.Optional(Nullable(Id)),
};

const PersonParams = Type.Object({ communityId: Id, personId: Id });

/** Profiles with the names of their person, compound, grid and unit; filter on `v.*`. */
function profileRows(db: Db) {
  return db
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
    ]);
}
type ProfileRow = Awaited<ReturnType<ReturnType<typeof profileRows>['execute']>>[number];

/** The page's profiles as the API shows them, with their squads and the minutes given. */
export async function volunteerViews(
  db: Db,
  rows: readonly ProfileRow[],
  minutes: ReadonlyMap<string, number>,
  settings: VolunteerSettings,
  locale: Locale,
): Promise<Volunteer[]> {
  if (!rows.length) return [];
  const squads = await squadsOfPeople(
    db,
    rows[0]!.community_id,
    rows.map((r) => r.person_id),
  );
  return rows.map((r) => {
    const served = minutes.get(r.person_id) ?? 0;
    return {
      personId: r.person_id,
      communityId: r.community_id,
      name: r.person_name,
      hasAccount: r.person_account_id !== null,
      skills: skillNames(settings, JSON.parse(r.skills) as string[], locale),
      tags: JSON.parse(r.tags) as string[],
      availability: JSON.parse(r.availability) as Volunteer['availability'],
      compoundId: r.compound_id,
      compoundName: r.compound_name,
      gridId: r.grid_id,
      gridName: r.grid_name,
      isPartyMember: r.is_party_member === 1,
      cobuildUnitId: r.cobuild_unit_id,
      cobuildUnitName: r.unit_name,
      status: r.status as Volunteer['status'],
      joinedAt: r.joined_at,
      squads: squads.get(r.person_id) ?? [],
      minutes: served,
      hours: hoursOf(served),
      updatedAt: r.updated_at,
    };
  });
}

/** Minutes served by each person, in a range of instants (or all time). */
export async function minutesByPerson(
  db: Db,
  communityId: string,
  personIds: readonly string[],
  range: { fromMs?: number; toMs?: number } = {},
) {
  const out = new Map<string, number>();
  if (!personIds.length) return out;
  let q = db
    .selectFrom('service_entries')
    .select(['person_id', sql<number>`sum(minutes)`.as('minutes')])
    .where('community_id', '=', communityId)
    .where('person_id', 'in', [...personIds])
    .where('voided_at', 'is', null);
  if (range.fromMs !== undefined) q = q.where('at', '>=', range.fromMs);
  if (range.toMs !== undefined) q = q.where('at', '<', range.toMs);
  for (const r of await q.groupBy('person_id').execute()) out.set(r.person_id, Number(r.minutes));
  return out;
}

/** Whether the caller may do `action` on the profile: over where it lives, or over one of its squads. */
function mayOnProfile(
  req: FastifyRequest,
  action: Action,
  p: Pick<VolunteerProfilesTable, 'compound_id' | 'grid_id'>,
  squadIds: readonly string[],
) {
  const { id: communityId, streetId } = communityOf(req);
  const principal = principalOf(req);
  const here = { communityId, streetId };
  return (
    can(principal, action, { ...here, compoundId: p.compound_id, gridId: p.grid_id }) ||
    squadIds.some((squadId) => can(principal, action, { ...here, squadId }))
  );
}

/** The person's profile once the caller may do `action` on it: 404 when there is none, 403 out of scope. */
export async function profileFor(req: FastifyRequest, db: Db, personId: string, action: Action) {
  const communityId = communityOf(req).id;
  const row = await profileRows(db)
    .where('v.community_id', '=', communityId)
    .where('v.person_id', '=', personId)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found');
  const squads = (await squadsOfPeople(db, communityId, [personId])).get(personId) ?? [];
  if (
    !mayOnProfile(
      req,
      action,
      row,
      squads.map((s) => s.id),
    )
  )
    throw new AppError(403, 'forbidden');
  return row;
}

/** Checks what staff set on a profile refers to rows of the community and skills of its list. */
async function checkFields(db: Db, communityId: string, settings: VolunteerSettings, f: ProfileFields) {
  if (f.skills) requireSkills(settings, f.skills);
  await requireRef(db, communityId, 'compounds', f.compoundId, 'compoundId');
  await requireRef(db, communityId, 'grids', f.gridId, 'gridId');
  await requireRef(db, communityId, 'cobuild_units', f.cobuildUnitId, 'cobuildUnitId');
}

/** The columns a profile edit changes. */
export function profileChanges(f: ProfileFields & { status?: string }) {
  return {
    ...(f.skills ? { skills: JSON.stringify(f.skills) } : {}),
    ...(f.tags ? { tags: JSON.stringify(f.tags) } : {}),
    ...(f.availability ? { availability: JSON.stringify(f.availability) } : {}),
    ...(f.compoundId !== undefined ? { compound_id: f.compoundId } : {}),
    ...(f.gridId !== undefined ? { grid_id: f.gridId } : {}),
    ...(f.isPartyMember !== undefined
      ? { is_party_member: f.isPartyMember ? (1 as const) : (0 as const) }
      : {}),
    ...(f.cobuildUnitId !== undefined ? { cobuild_unit_id: f.cobuildUnitId } : {}),
    ...(f.status ? { status: f.status } : {}),
  };
}

const VolunteerDetail = Type.Object({
  ...Volunteer.properties,
  entries: Type.Array(ServiceEntry, { description: 'the latest 50 service entries, newest first' }),
});

export const profileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  async function detail(req: FastifyRequest, personId: string) {
    const communityId = communityOf(req).id;
    const row = await profileFor(req, db, personId, 'volunteers.read');
    const [settings, minutes, entries] = await Promise.all([
      volunteerSettings(db, communityId),
      minutesByPerson(db, communityId, [personId]),
      entryRows(db)
        .where('e.community_id', '=', communityId)
        .where('e.person_id', '=', personId)
        .orderBy('e.at', 'desc')
        .orderBy('e.id')
        .limit(50)
        .execute(),
    ]);
    const [view] = await volunteerViews(db, [row], minutes, settings, req.locale);
    return { ...view!, entries: await entryViews(db, entries, req.locale) };
  }

  app.get(
    '/communities/:communityId/volunteers',
    {
      config: { access: access.community('volunteers.read') },
      schema: {
        tags: ['volunteers'],
        summary: 'Volunteer profiles in my scope with their squads and hours in a period; by name',
        params: Type.Object({ communityId: Id }),
        querystring: ListQuery({
          skill: Type.Optional(Type.String({ maxLength: 32 })),
          squadId: Type.Optional(Id),
          compoundId: Type.Optional(Id),
          gridId: Type.Optional(Id),
          isPartyMember: Type.Optional(Type.Boolean()),
          status: Type.Optional(StringEnum(profileStatuses)),
          from: Type.Optional(DateOnly),
          to: Type.Optional(DateOnly),
        }),
        response: { 200: Page(Volunteer) },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const { query: f } = req;
      const filter = visibleRows(req, 'volunteers.read');
      let query = profileRows(db)
        .where('v.community_id', '=', communityId)
        .where((eb) =>
          whereProfileVisible(eb, filter, {
            community: 'v.community_id',
            compound: 'v.compound_id',
            grid: 'v.grid_id',
            person: 'v.person_id',
          }),
        );
      if (f.skill) query = query.where(contains('v.skills', JSON.stringify(f.skill)));
      if (f.compoundId) query = query.where('v.compound_id', '=', f.compoundId);
      if (f.gridId) query = query.where('v.grid_id', '=', f.gridId);
      if (f.isPartyMember !== undefined)
        query = query.where('v.is_party_member', '=', f.isPartyMember ? 1 : 0);
      if (f.status) query = query.where('v.status', '=', f.status);
      if (f.q?.trim()) query = query.where(contains('p.name', f.q));
      if (f.squadId) {
        const squadId = f.squadId;
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('squad_members as m')
              .select('m.id')
              .whereRef('m.community_id', '=', 'v.community_id')
              .whereRef('m.person_id', '=', 'v.person_id')
              .where('m.squad_id', '=', squadId)
              .where('m.left_at', 'is', null),
          ),
        );
      }
      const page = await paginate(query.orderBy('p.name', f.order ?? 'asc').orderBy('v.id'), f);
      const range = {
        ...(f.from ? { fromMs: dayRange(f.from, f.from).fromMs } : {}),
        ...(f.to ? { toMs: dayRange(f.to, f.to).toMs } : {}),
      };
      const [settings, minutes] = await Promise.all([
        volunteerSettings(db, communityId),
        minutesByPerson(
          db,
          communityId,
          page.items.map((r) => r.person_id),
          range,
        ),
      ]);
      return { ...page, items: await volunteerViews(db, page.items, minutes, settings, req.locale) };
    },
  );

  app.post(
    '/communities/:communityId/volunteers',
    {
      config: { access: access.community('volunteers.manage') },
      schema: {
        tags: ['volunteers'],
        summary: 'Make a volunteer profile for a person on the rolls (409 if they have one)',
        params: Type.Object({ communityId: Id }),
        body: Type.Object({ personId: Id, ...StaffFields }, { additionalProperties: false }),
        response: { 201: VolunteerDetail },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const { personId, ...fields } = req.body;
      await requireRef(db, communityId, 'people', personId, 'personId');
      if (await profileOf(db, communityId, personId)) throw new AppError(409, 'volunteer_profile_exists');
      const settings = await volunteerSettings(db, communityId);
      await checkFields(db, communityId, settings, fields);
      await db.transaction().execute(async (trx) => {
        const { profile } = await ensureProfile(trx, communityId, personId, fields);
        // Staff make profiles only where they may manage them.
        const squads = (await squadsOfPeople(trx, communityId, [personId])).get(personId) ?? [];
        if (
          !mayOnProfile(
            req,
            'volunteers.manage',
            profile,
            squads.map((s) => s.id),
          )
        )
          throw new AppError(403, 'forbidden');
      });
      return reply.status(201).send(await detail(req, personId));
    },
  );

  app.get(
    '/communities/:communityId/volunteers/:personId',
    {
      config: { access: access.community('volunteers.read') },
      schema: {
        tags: ['volunteers'],
        summary: 'A volunteer’s profile, squads, hours and latest service entries',
        params: PersonParams,
        response: { 200: VolunteerDetail },
      },
    },
    async (req) => detail(req, req.params.personId),
  );

  app.patch(
    '/communities/:communityId/volunteers/:personId',
    {
      config: { access: access.community('volunteers.manage') },
      schema: {
        tags: ['volunteers'],
        summary: 'Change a volunteer’s profile; status paused or left takes them off the active count',
        params: PersonParams,
        body: Type.Object(
          { ...StaffFields, status: Type.Optional(StringEnum(profileStatuses)) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: VolunteerDetail },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const before = await profileFor(req, db, req.params.personId, 'volunteers.manage');
      await checkFields(db, communityId, await volunteerSettings(db, communityId), req.body);
      // Staff move a profile only to a compound or grid they may manage too, as when making one.
      const after = {
        compound_id: req.body.compoundId === undefined ? before.compound_id : req.body.compoundId,
        grid_id: req.body.gridId === undefined ? before.grid_id : req.body.gridId,
      };
      const squads = (await squadsOfPeople(db, communityId, [before.person_id])).get(before.person_id) ?? [];
      if (
        !mayOnProfile(
          req,
          'volunteers.manage',
          after,
          squads.map((s) => s.id),
        )
      )
        throw new AppError(403, 'forbidden');
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('volunteer_profiles')
          .set({ ...profileChanges(req.body), updated_at: Date.now() })
          .where('community_id', '=', communityId)
          .where('id', '=', before.id)
          .execute();
        // A volunteer paused or struck off changes their standing: kept on the record.
        if (req.body.status && req.body.status !== before.status)
          await audit(trx, communityId, {
            ...actor(req),
            action: 'volunteer.status',
            targetType: 'volunteer_profile',
            targetId: before.id,
            before: { status: before.status },
            after: { status: req.body.status },
          });
      });
      return detail(req, req.params.personId);
    },
  );
};
