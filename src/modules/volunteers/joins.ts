import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { audit } from '../../core/audit';
import type { Deps } from '../../core/deps';
import type { SquadJoinRequestsTable, SquadsTable } from '../../core/db/schema';
import { contains, paginate, whereVisible } from '../../core/db/query';
import { AppError } from '../../core/errors';
import { access, actor, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { Id, ListQuery, Nullable, Ok, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { notify } from '../notifications';
import { SkillCodes } from './profiles';
import { joinStates } from './rules';
import { SkillName, requireSkills, skillNames, volunteerSettings } from './settings';
import { communitiesOf, ensureProfile, isUniqueViolation, personOf, squadScope, type Db } from './store';

/**
 * Joining and leaving squads (入队/退队): a person asks to join a squad (from the app, or through a
 * recruitment campaign's link), the squad's leader — or staff over the squad — approves or rejects;
 * approval makes them a member and gives them a volunteer profile if they had none. Leaving ends the
 * membership. One pending request per person and squad.
 */

export const JoinRequest = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  squadId: Type.String(),
  squadName: Type.String(),
  personId: Type.String(),
  name: Type.String(),
  campaignId: Nullable(Type.String()),
  campaignTitle: Nullable(Type.String()),
  message: Nullable(Type.String()),
  skills: Type.Array(SkillName),
  state: StringEnum(joinStates),
  decidedAt: Nullable(Type.Integer()),
  decisionNote: Nullable(Type.String()),
  createdAt: Type.Integer(),
});
export type JoinRequest = Static<typeof JoinRequest>;

export const JoinInput = Type.Object(
  {
    message: Type.Optional(Text(500, 0)),
    skills: Type.Optional(SkillCodes),
  },
  { additionalProperties: false },
);

function requestRows(db: Db) {
  return db
    .selectFrom('squad_join_requests as r')
    .innerJoin('squads as s', (j) =>
      j.onRef('s.community_id', '=', 'r.community_id').onRef('s.id', '=', 'r.squad_id'),
    )
    .innerJoin('people as p', (j) =>
      j.onRef('p.community_id', '=', 'r.community_id').onRef('p.id', '=', 'r.person_id'),
    )
    .leftJoin('recruitment_campaigns as k', (j) =>
      j.onRef('k.community_id', '=', 'r.community_id').onRef('k.id', '=', 'r.campaign_id'),
    )
    .selectAll('r')
    .select([
      's.name as squad_name',
      's.compound_id',
      's.grid_id',
      'p.name as person_name',
      'k.title as campaign_title',
    ]);
}
type RequestRow = Awaited<ReturnType<ReturnType<typeof requestRows>['execute']>>[number];

async function requestViews(
  db: Db,
  rows: readonly RequestRow[],
  locale: 'zh-CN' | 'en',
): Promise<JoinRequest[]> {
  const settings = new Map<string, Awaited<ReturnType<typeof volunteerSettings>>>();
  for (const c of new Set(rows.map((r) => r.community_id))) settings.set(c, await volunteerSettings(db, c));
  return rows.map((r) => ({
    id: r.id,
    communityId: r.community_id,
    squadId: r.squad_id,
    squadName: r.squad_name,
    personId: r.person_id,
    name: r.person_name,
    campaignId: r.campaign_id,
    campaignTitle: r.campaign_title,
    message: r.message,
    skills: skillNames(settings.get(r.community_id)!, JSON.parse(r.skills) as string[], locale),
    state: r.state as JoinRequest['state'],
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    createdAt: r.created_at,
  }));
}

async function requestView(db: Db, communityId: string, id: string, locale: 'zh-CN' | 'en') {
  const row = await requestRows(db)
    .where('r.community_id', '=', communityId)
    .where('r.id', '=', id)
    .executeTakeFirstOrThrow();
  return (await requestViews(db, [row], locale))[0]!;
}

/** The accounts of a squad's leaders, to tell them of a request. */
async function leaderAccounts(db: Db, communityId: string, squadId: string) {
  const rows = await db
    .selectFrom('squad_members as m')
    .innerJoin('people as p', (j) =>
      j.onRef('p.community_id', '=', 'm.community_id').onRef('p.id', '=', 'm.person_id'),
    )
    .select('p.account_id')
    .where('m.community_id', '=', communityId)
    .where('m.squad_id', '=', squadId)
    .where('m.role', '=', 'leader')
    .where('m.left_at', 'is', null)
    .execute();
  return rows.flatMap((r) => (r.account_id ? [r.account_id] : []));
}

/**
 * Asks for the account's person to join the squad. A pending request made before is returned as it
 * is (`created: false`); 409 when they are already a member or not on the community's rolls.
 */
export async function requestToJoin(
  deps: Pick<Deps, 'db' | 'config' | 'events'>,
  squad: SquadsTable,
  accountId: string,
  input: Static<typeof JoinInput> & { campaignId?: string | null },
): Promise<{ id: string; created: boolean }> {
  const { db } = deps;
  const communityId = squad.community_id;
  const person = await personOf(db, communityId, accountId);
  if (!person) throw new AppError(409, 'volunteer_no_person');
  if (input.skills) requireSkills(await volunteerSettings(db, communityId), input.skills);
  const pendingOf = () =>
    db
      .selectFrom('squad_join_requests')
      .select('id')
      .where('community_id', '=', communityId)
      .where('squad_id', '=', squad.id)
      .where('person_id', '=', person.id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
  const pending = await pendingOf();
  if (pending) return { id: pending.id, created: false };
  const member = await db
    .selectFrom('squad_members')
    .select('id')
    .where('community_id', '=', communityId)
    .where('squad_id', '=', squad.id)
    .where('person_id', '=', person.id)
    .where('left_at', 'is', null)
    .executeTakeFirst();
  if (member) throw new AppError(409, 'squad_already_member');
  const row: SquadJoinRequestsTable = {
    community_id: communityId,
    id: newId(),
    squad_id: squad.id,
    person_id: person.id,
    account_id: accountId,
    campaign_id: input.campaignId ?? null,
    message: input.message?.trim() || null,
    skills: JSON.stringify(input.skills ?? []),
    state: 'pending',
    decided_by: null,
    decided_at: null,
    decision_note: null,
    created_at: Date.now(),
  };
  try {
    const told = await db.transaction().execute(async (trx) => {
      await trx.insertInto('squad_join_requests').values(row).execute();
      return notify(
        deps,
        communityId,
        await leaderAccounts(trx, communityId, squad.id),
        { kind: 'squad_join_requested', params: { name: person.name, squad: squad.name }, link: null },
        { trx },
      );
    });
    await told.publish();
  } catch (err) {
    // A second tap at the same moment: the first one's request stands.
    if (!isUniqueViolation(err)) throw err;
    const first = await pendingOf();
    if (!first) throw err;
    return { id: first.id, created: false };
  }
  return { id: row.id, created: true };
}

const RequestParams = Type.Object({ communityId: Id, requestId: Id });
const Decision = Type.Object({ note: Type.Optional(Text(500, 0)) }, { additionalProperties: false });

export const joinRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const me = (req: FastifyRequest) => req.account!.id;

  /** A live squad by id alone (a resident's page does not name the community). */
  async function squadById(squadId: string) {
    const squad = await db
      .selectFrom('squads')
      .selectAll()
      .where('id', '=', squadId)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    if (!squad) throw new AppError(404, 'not_found');
    return squad;
  }

  app.get(
    '/me/squad-options',
    {
      config: { access: access.session() },
      schema: {
        tags: ['volunteers'],
        summary: 'Squads I can ask to join in my communities, with whether I serve in them or have asked',
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              communityId: Type.String(),
              communityName: Type.String(),
              name: Type.String(),
              type: Type.String(),
              compoundName: Nullable(Type.String()),
              member: Type.Boolean(),
              role: Nullable(Type.String()),
              pendingRequestId: Nullable(Type.String()),
            }),
          ),
        },
      },
    },
    async (req) => {
      const out = [];
      for (const community of await communitiesOf(db, me(req))) {
        const person = await personOf(db, community.id, me(req));
        const squads = await db
          .selectFrom('squads as s')
          .leftJoin('compounds as c', (j) =>
            j.onRef('c.community_id', '=', 's.community_id').onRef('c.id', '=', 's.compound_id'),
          )
          .select(['s.id', 's.name', 's.type', 'c.name as compound_name'])
          .where('s.community_id', '=', community.id)
          .where('s.archived_at', 'is', null)
          .orderBy('s.name')
          .execute();
        const [memberships, pending] = person
          ? await Promise.all([
              db
                .selectFrom('squad_members')
                .select(['squad_id', 'role'])
                .where('community_id', '=', community.id)
                .where('person_id', '=', person.id)
                .where('left_at', 'is', null)
                .execute(),
              db
                .selectFrom('squad_join_requests')
                .select(['squad_id', 'id'])
                .where('community_id', '=', community.id)
                .where('person_id', '=', person.id)
                .where('state', '=', 'pending')
                .execute(),
            ])
          : [[], []];
        for (const s of squads) {
          const membership = memberships.find((m) => m.squad_id === s.id);
          out.push({
            id: s.id,
            communityId: community.id,
            communityName: community.name,
            name: s.name,
            type: s.type,
            compoundName: s.compound_name,
            member: !!membership,
            role: membership?.role ?? null,
            pendingRequestId: pending.find((p) => p.squad_id === s.id)?.id ?? null,
          });
        }
      }
      return out;
    },
  );

  app.post(
    '/me/squads/:squadId/join',
    {
      config: { access: access.session() },
      schema: {
        tags: ['volunteers'],
        summary: 'Ask to join a squad; asking again while pending returns the same request (200)',
        params: Type.Object({ squadId: Id }),
        body: Type.Object(
          { ...JoinInput.properties, campaignId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        response: { 200: JoinRequest, 201: JoinRequest },
      },
    },
    async (req, reply) => {
      const squad = await squadById(req.params.squadId);
      const { campaignId } = req.body;
      if (campaignId) {
        const campaign = await db
          .selectFrom('recruitment_campaigns')
          .select('id')
          .where('community_id', '=', squad.community_id)
          .where('id', '=', campaignId)
          .executeTakeFirst();
        if (!campaign)
          throw new AppError(400, 'bad_reference', { what: 'campaignId' }, [{ field: 'campaignId' }]);
      }
      const { id, created } = await requestToJoin(app.deps, squad, me(req), req.body);
      return reply
        .status(created ? 201 : 200)
        .send(await requestView(db, squad.community_id, id, req.locale));
    },
  );

  app.post(
    '/me/squads/:squadId/leave',
    {
      config: { access: access.session() },
      schema: {
        tags: ['volunteers'],
        summary: 'Leave a squad I serve in (退队)',
        params: Type.Object({ squadId: Id }),
        response: { 200: Ok },
      },
    },
    async (req) => {
      const squad = await squadById(req.params.squadId);
      const person = await personOf(db, squad.community_id, me(req));
      const left = person
        ? await db
            .updateTable('squad_members')
            .set({ left_at: Date.now() })
            .where('community_id', '=', squad.community_id)
            .where('squad_id', '=', squad.id)
            .where('person_id', '=', person.id)
            .where('left_at', 'is', null)
            .executeTakeFirst()
        : null;
      if (!left || Number(left.numUpdatedRows) === 0) throw new AppError(404, 'not_found');
      return { ok: true as const };
    },
  );

  app.get(
    '/me/join-requests',
    {
      config: { access: access.session() },
      schema: {
        tags: ['volunteers'],
        summary: 'My requests to join squads, newest first',
        querystring: ListQuery({ state: Type.Optional(StringEnum(joinStates)) }),
        response: { 200: Page(JoinRequest) },
      },
    },
    async (req) => {
      let query = requestRows(db).where('r.account_id', '=', me(req));
      if (req.query.state) query = query.where('r.state', '=', req.query.state);
      const page = await paginate(
        query.orderBy('r.created_at', req.query.order ?? 'desc').orderBy('r.id'),
        req.query,
      );
      return { ...page, items: await requestViews(db, page.items, req.locale) };
    },
  );

  app.post(
    '/me/join-requests/:requestId/withdraw',
    {
      config: { access: access.session() },
      schema: {
        tags: ['volunteers'],
        summary: 'Withdraw my pending request to join a squad',
        params: Type.Object({ requestId: Id }),
        response: { 200: JoinRequest },
      },
    },
    async (req) => {
      const row = await requestRows(db)
        .where('r.id', '=', req.params.requestId)
        .where('r.account_id', '=', me(req))
        .executeTakeFirst();
      if (!row) throw new AppError(404, 'not_found');
      const done = await db
        .updateTable('squad_join_requests')
        .set({ state: 'withdrawn', decided_at: Date.now() })
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.id)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw new AppError(409, 'join_request_decided');
      return requestView(db, row.community_id, row.id, req.locale);
    },
  );

  app.get(
    '/communities/:communityId/join-requests',
    {
      config: { access: access.community('volunteers.read') },
      schema: {
        tags: ['volunteers'],
        summary: 'Requests to join the squads in my scope; pending ones first by default',
        params: Type.Object({ communityId: Id }),
        querystring: ListQuery({ state: Type.Optional(StringEnum(joinStates)), squadId: Type.Optional(Id) }),
        response: { 200: Page(JoinRequest) },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const filter = visibleRows(req, 'volunteers.read');
      let query = requestRows(db)
        .where('r.community_id', '=', communityId)
        .where((eb) =>
          whereVisible(eb, filter, { compound: 's.compound_id', grid: 's.grid_id', squad: 'r.squad_id' }),
        );
      if (req.query.state) query = query.where('r.state', '=', req.query.state);
      if (req.query.squadId) query = query.where('r.squad_id', '=', req.query.squadId);
      if (req.query.q?.trim()) query = query.where(contains('p.name', req.query.q));
      const page = await paginate(
        query.orderBy('r.created_at', req.query.order ?? 'desc').orderBy('r.id'),
        req.query,
      );
      return { ...page, items: await requestViews(db, page.items, req.locale) };
    },
  );

  async function decide(req: FastifyRequest, requestId: string, approve: boolean, note: string | undefined) {
    const communityId = communityOf(req).id;
    const row = await requestRows(db)
      .where('r.community_id', '=', communityId)
      .where('r.id', '=', requestId)
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found');
    requireCan(
      req,
      'volunteers.manage',
      squadScope({ id: row.squad_id, compound_id: row.compound_id, grid_id: row.grid_id }),
    );
    const now = Date.now();
    const state = approve ? 'approved' : 'rejected';
    const told = await db.transaction().execute(async (trx) => {
      // Claimed while pending: two leaders deciding at once decide once.
      const claimed = await trx
        .updateTable('squad_join_requests')
        .set({ state, decided_by: req.account!.id, decided_at: now, decision_note: note?.trim() || null })
        .where('community_id', '=', communityId)
        .where('id', '=', row.id)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw new AppError(409, 'join_request_decided');
      if (approve) {
        const skills = JSON.parse(row.skills) as string[];
        const member = await trx
          .selectFrom('squad_members')
          .select('id')
          .where('community_id', '=', communityId)
          .where('squad_id', '=', row.squad_id)
          .where('person_id', '=', row.person_id)
          .where('left_at', 'is', null)
          .executeTakeFirst();
        if (!member)
          await trx
            .insertInto('squad_members')
            .values({
              community_id: communityId,
              id: newId(),
              squad_id: row.squad_id,
              person_id: row.person_id,
              role: 'member',
              joined_at: now,
              left_at: null,
              skills: JSON.stringify(skills),
            })
            .execute();
        await ensureProfile(trx, communityId, row.person_id, { skills });
      }
      await audit(trx, communityId, {
        ...actor(req),
        action: approve ? 'squad_join.approve' : 'squad_join.reject',
        targetType: 'squad_join_request',
        targetId: row.id,
        before: { state: 'pending' },
        after: { state, squadId: row.squad_id, personId: row.person_id, note: note ?? null },
      });
      return notify(
        app.deps,
        communityId,
        row.account_id ? [row.account_id] : [],
        {
          kind: approve ? 'squad_join_approved' : 'squad_join_rejected',
          params: { squad: row.squad_name },
          link: '/volunteer',
        },
        { trx },
      );
    });
    await told.publish();
    return requestView(db, communityId, row.id, req.locale);
  }

  for (const [step, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const)
    app.post(
      `/communities/:communityId/join-requests/:requestId/${step}`,
      {
        config: { access: access.community('volunteers.manage') },
        schema: {
          tags: ['volunteers'],
          summary: approve
            ? 'Approve a request: the person joins the squad and gets a volunteer profile if they had none'
            : 'Reject a request to join a squad',
          params: RequestParams,
          body: Type.Optional(Decision),
          response: { 200: JoinRequest },
        },
      },
      async (req) => decide(req, req.params.requestId, approve, req.body?.note),
    );
};
