import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { Type, type Static } from 'typebox';
import type { Locale } from '../../core/config';
import type { RecruitmentCampaignsTable } from '../../core/db/schema';
import { contains, paginate, whereVisible } from '../../core/db/query';
import { AppError } from '../../core/errors';
import { access, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { DateOnly, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { todayInShanghai } from '../../core/time';
import { qrSvg } from '../deliberation/qr';
import { JoinInput, requestToJoin } from './joins';
import { SkillCodes } from './profiles';
import { campaignStates } from './rules';
import { SkillName, requireSkills, skillNames, volunteerSettings, type VolunteerSettings } from './settings';
import { ensureProfile, findSquad, newToken, personOf, requireRef, squadScope, type Db } from './store';

/**
 * Recruitment campaigns (招募): a call for volunteers with a link and a QR code for posters and
 * WeChat groups. Anyone may read the campaign's page; signing up through it asks to join the
 * campaign's squad, or — for a campaign with no squad — makes the person a volunteer.
 */

const TokenParams = Type.Object({
  token: Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
});

export const recruitPath = (token: string) => `/recruit/${token}`;

const Campaign = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  title: Type.String(),
  body: Type.String(),
  compoundId: Nullable(Type.String()),
  compoundName: Nullable(Type.String()),
  squadId: Nullable(Type.String({ description: 'approving a request made through it joins this squad' })),
  squadName: Nullable(Type.String()),
  skillsWanted: Type.Array(SkillName),
  startsOn: Type.String(),
  endsOn: Type.String(),
  state: StringEnum(campaignStates),
  open: Type.Boolean({ description: 'open and within its dates today' }),
  signupPath: Type.String({ description: 'the resident app’s page for the link and QR code' }),
  pendingRequests: Type.Integer(),
  approvedRequests: Type.Integer(),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  closedAt: Nullable(Type.Integer()),
});

const CampaignFields = {
  title: Text(100),
  body: Text(5000),
  compoundId: Type.Optional(Nullable(Id)),
  squadId: Type.Optional(Nullable(Id)),
  skillsWanted: Type.Optional(SkillCodes),
  startsOn: DateOnly,
  endsOn: DateOnly,
};

const isOpen = (c: Pick<RecruitmentCampaignsTable, 'state' | 'starts_on' | 'ends_on'>, today: string) =>
  c.state === 'open' && c.starts_on <= today && today <= c.ends_on;

function campaignRows(db: Db) {
  return db
    .selectFrom('recruitment_campaigns as k')
    .leftJoin('compounds as c', (j) =>
      j.onRef('c.community_id', '=', 'k.community_id').onRef('c.id', '=', 'k.compound_id'),
    )
    .leftJoin('squads as s', (j) =>
      j.onRef('s.community_id', '=', 'k.community_id').onRef('s.id', '=', 'k.squad_id'),
    )
    .selectAll('k')
    .select([
      'c.name as compound_name',
      's.name as squad_name',
      's.grid_id as squad_grid_id',
      's.compound_id as squad_compound_id',
      (eb) =>
        eb
          .selectFrom('squad_join_requests as r')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('r.community_id', '=', 'k.community_id')
          .whereRef('r.campaign_id', '=', 'k.id')
          .where('r.state', '=', 'pending')
          .as('pending_requests'),
      (eb) =>
        eb
          .selectFrom('squad_join_requests as r')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('r.community_id', '=', 'k.community_id')
          .whereRef('r.campaign_id', '=', 'k.id')
          .where('r.state', '=', 'approved')
          .as('approved_requests'),
    ]);
}
type CampaignRow = Awaited<ReturnType<ReturnType<typeof campaignRows>['execute']>>[number];

/** The scope a campaign sits in: its squad (and the squad's place), else its compound, else the community. */
const campaignScope = (
  k: Pick<CampaignRow, 'squad_id' | 'compound_id' | 'squad_compound_id' | 'squad_grid_id'>,
) =>
  k.squad_id
    ? { squadId: k.squad_id, compoundId: k.compound_id ?? k.squad_compound_id, gridId: k.squad_grid_id }
    : { compoundId: k.compound_id };

/** `settings` are the campaign's community's: a list loads them once for all its rows. */
function campaignView(k: CampaignRow, settings: VolunteerSettings, locale: Locale): Static<typeof Campaign> {
  return {
    id: k.id,
    communityId: k.community_id,
    title: k.title,
    body: k.body,
    compoundId: k.compound_id,
    compoundName: k.compound_name,
    squadId: k.squad_id,
    squadName: k.squad_name,
    skillsWanted: skillNames(settings, JSON.parse(k.skills_wanted) as string[], locale),
    startsOn: k.starts_on,
    endsOn: k.ends_on,
    state: k.state as Static<typeof Campaign>['state'],
    open: isOpen(k, todayInShanghai()),
    signupPath: recruitPath(k.signup_token),
    pendingRequests: Number(k.pending_requests ?? 0),
    approvedRequests: Number(k.approved_requests ?? 0),
    createdAt: k.created_at,
    updatedAt: k.updated_at,
    closedAt: k.closed_at,
  };
}

export const campaignRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const Params = Type.Object({ communityId: Id, campaignId: Id });

  async function campaignFor(
    req: FastifyRequest,
    campaignId: string,
    action: 'volunteers.read' | 'volunteers.manage',
  ) {
    const row = await campaignRows(db)
      .where('k.community_id', '=', communityOf(req).id)
      .where('k.id', '=', campaignId)
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found');
    requireCan(req, action, campaignScope(row));
    return row;
  }

  /** Checks the fields and the caller's scope over where the campaign will sit. */
  async function checkPlacement(
    req: FastifyRequest,
    f: {
      compoundId?: string | null;
      squadId?: string | null;
      skillsWanted?: string[];
      startsOn?: string;
      endsOn?: string;
    },
  ) {
    const communityId = communityOf(req).id;
    if (f.startsOn && f.endsOn && f.endsOn < f.startsOn)
      throw new AppError(400, 'date_order', {}, [{ field: 'endsOn' }]);
    if (f.skillsWanted)
      requireSkills(await volunteerSettings(db, communityId), f.skillsWanted, 'skillsWanted');
    await requireRef(db, communityId, 'compounds', f.compoundId, 'compoundId');
    const squad = f.squadId ? await findSquad(db, communityId, f.squadId) : null;
    if (f.squadId && !squad)
      throw new AppError(400, 'bad_reference', { what: 'squadId' }, [{ field: 'squadId' }]);
    requireCan(
      req,
      'volunteers.manage',
      squad
        ? { ...squadScope(squad), compoundId: f.compoundId ?? squad.compound_id }
        : { compoundId: f.compoundId ?? null },
    );
  }

  const view = async (req: FastifyRequest, id: string) => {
    const communityId = communityOf(req).id;
    const row = await campaignRows(db)
      .where('k.community_id', '=', communityId)
      .where('k.id', '=', id)
      .executeTakeFirstOrThrow();
    return campaignView(row, await volunteerSettings(db, communityId), req.locale);
  };

  app.get(
    '/communities/:communityId/campaigns',
    {
      config: { access: access.community('volunteers.read') },
      schema: {
        tags: ['volunteers'],
        summary: 'Recruitment campaigns (招募) in my scope, newest first',
        params: Type.Object({ communityId: Id }),
        querystring: ListQuery({
          state: Type.Optional(StringEnum(campaignStates)),
          squadId: Type.Optional(Id),
          compoundId: Type.Optional(Id),
        }),
        response: { 200: Page(Campaign) },
      },
    },
    async (req) => {
      const filter = visibleRows(req, 'volunteers.read');
      let query = campaignRows(db)
        .where('k.community_id', '=', communityOf(req).id)
        .where((eb) =>
          whereVisible(eb, filter, { compound: 'k.compound_id', squad: 'k.squad_id', grid: 's.grid_id' }),
        );
      const f = req.query;
      if (f.state) query = query.where('k.state', '=', f.state);
      if (f.squadId) query = query.where('k.squad_id', '=', f.squadId);
      if (f.compoundId) query = query.where('k.compound_id', '=', f.compoundId);
      if (f.q?.trim()) query = query.where(contains('k.title', f.q));
      const page = await paginate(query.orderBy('k.created_at', f.order ?? 'desc').orderBy('k.id'), f);
      const settings = await volunteerSettings(db, communityOf(req).id);
      return { ...page, items: page.items.map((k) => campaignView(k, settings, req.locale)) };
    },
  );

  app.post(
    '/communities/:communityId/campaigns',
    {
      config: { access: access.community('volunteers.manage') },
      schema: {
        tags: ['volunteers'],
        summary: 'Open a recruitment campaign with a sign-up link and QR code',
        params: Type.Object({ communityId: Id }),
        body: Type.Object(CampaignFields, { additionalProperties: false }),
        response: { 201: Campaign },
      },
    },
    async (req, reply) => {
      await checkPlacement(req, req.body);
      const now = Date.now();
      const id = newId();
      await db
        .insertInto('recruitment_campaigns')
        .values({
          community_id: communityOf(req).id,
          id,
          title: req.body.title.trim(),
          body: req.body.body.trim(),
          compound_id: req.body.compoundId ?? null,
          squad_id: req.body.squadId ?? null,
          skills_wanted: JSON.stringify(req.body.skillsWanted ?? []),
          starts_on: req.body.startsOn,
          ends_on: req.body.endsOn,
          signup_token: newToken(),
          state: 'open',
          created_by: req.account!.id,
          created_at: now,
          updated_at: now,
          closed_at: null,
        })
        .execute();
      return reply.status(201).send(await view(req, id));
    },
  );

  app.patch(
    '/communities/:communityId/campaigns/:campaignId',
    {
      config: { access: access.community('volunteers.manage') },
      schema: {
        tags: ['volunteers'],
        summary: 'Change an open campaign',
        params: Params,
        body: Type.Partial(Type.Object(CampaignFields), { additionalProperties: false, minProperties: 1 }),
        response: { 200: Campaign },
      },
    },
    async (req) => {
      const k = await campaignFor(req, req.params.campaignId, 'volunteers.manage');
      if (k.state !== 'open') throw new AppError(409, 'campaign_closed');
      const b = req.body;
      const after = {
        compoundId: b.compoundId !== undefined ? b.compoundId : k.compound_id,
        squadId: b.squadId !== undefined ? b.squadId : k.squad_id,
        startsOn: b.startsOn ?? k.starts_on,
        endsOn: b.endsOn ?? k.ends_on,
        ...(b.skillsWanted ? { skillsWanted: b.skillsWanted } : {}),
      };
      await checkPlacement(req, after);
      await db
        .updateTable('recruitment_campaigns')
        .set({
          ...(b.title ? { title: b.title.trim() } : {}),
          ...(b.body ? { body: b.body.trim() } : {}),
          ...(b.skillsWanted ? { skills_wanted: JSON.stringify(b.skillsWanted) } : {}),
          compound_id: after.compoundId,
          squad_id: after.squadId,
          starts_on: after.startsOn,
          ends_on: after.endsOn,
          updated_at: Date.now(),
        })
        .where('community_id', '=', k.community_id)
        .where('id', '=', k.id)
        .execute();
      return view(req, k.id);
    },
  );

  app.post(
    '/communities/:communityId/campaigns/:campaignId/close',
    {
      config: { access: access.community('volunteers.manage') },
      schema: {
        tags: ['volunteers'],
        summary: 'Close a campaign: its link stops taking sign-ups (closing twice changes nothing)',
        params: Params,
        response: { 200: Campaign },
      },
    },
    async (req) => {
      const k = await campaignFor(req, req.params.campaignId, 'volunteers.manage');
      const now = Date.now();
      await db
        .updateTable('recruitment_campaigns')
        .set({ state: 'closed', closed_at: now, updated_at: now })
        .where('community_id', '=', k.community_id)
        .where('id', '=', k.id)
        .where('state', '=', 'open')
        .execute();
      return view(req, k.id);
    },
  );

  app.get(
    '/communities/:communityId/campaigns/:campaignId/qr.svg',
    {
      config: { access: access.community('volunteers.read') },
      schema: {
        tags: ['volunteers'],
        summary: 'The campaign’s sign-up QR code (SVG) for posters and WeChat groups',
        params: Params,
        produces: ['image/svg+xml'],
      },
    },
    async (req, reply) => {
      const k = await campaignFor(req, req.params.campaignId, 'volunteers.read');
      const svg = await qrSvg(`${req.protocol}://${req.host}${recruitPath(k.signup_token)}`);
      return reply
        .header('content-type', 'image/svg+xml; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .send(svg);
    },
  );

  async function byToken(token: string) {
    const k = await campaignRows(db).where('k.signup_token', '=', token).executeTakeFirst();
    if (!k) throw new AppError(404, 'not_found');
    return k;
  }

  const PublicCampaign = Type.Object({
    communityId: Type.String(),
    communityName: Type.String(),
    title: Type.String(),
    body: Type.String(),
    compoundName: Nullable(Type.String()),
    squad: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
    skillsWanted: Type.Array(SkillName),
    startsOn: Type.String(),
    endsOn: Type.String(),
    open: Type.Boolean(),
  });

  app.get(
    '/recruit/:token',
    {
      config: { access: access.public() },
      schema: {
        tags: ['volunteers'],
        summary: 'A recruitment campaign’s public page (no login): what it asks for and whether it is open',
        params: TokenParams,
        response: { 200: PublicCampaign },
      },
    },
    async (req) => {
      const k = await byToken(req.params.token);
      const community = await db
        .selectFrom('communities')
        .select('name')
        .where('id', '=', k.community_id)
        .executeTakeFirstOrThrow();
      const settings = await volunteerSettings(db, k.community_id);
      return {
        communityId: k.community_id,
        communityName: community.name,
        title: k.title,
        body: k.body,
        compoundName: k.compound_name,
        squad: k.squad_id ? { id: k.squad_id, name: k.squad_name ?? '' } : null,
        skillsWanted: skillNames(settings, JSON.parse(k.skills_wanted) as string[], req.locale),
        startsOn: k.starts_on,
        endsOn: k.ends_on,
        open: isOpen(k, todayInShanghai()),
      };
    },
  );

  app.post(
    '/me/recruit/:token',
    {
      config: { access: access.session() },
      schema: {
        tags: ['volunteers'],
        summary:
          'Sign up through a campaign: a request to join its squad, or (no squad) a volunteer profile; repeats find the first',
        params: TokenParams,
        body: JoinInput,
        response: {
          200: Type.Object({
            kind: StringEnum(['join_request', 'profile'] as const),
            communityId: Type.String(),
            joinRequestId: Nullable(Type.String()),
          }),
        },
      },
    },
    async (req) => {
      const k = await byToken(req.params.token);
      if (!isOpen(k, todayInShanghai())) throw new AppError(409, 'campaign_closed');
      if (k.squad_id) {
        const squad = await findSquad(db, k.community_id, k.squad_id);
        if (!squad) throw new AppError(409, 'campaign_closed');
        const { id } = await requestToJoin(app.deps, squad, req.account!.id, {
          ...req.body,
          campaignId: k.id,
        });
        return { kind: 'join_request' as const, communityId: k.community_id, joinRequestId: id };
      }
      const person = await personOf(db, k.community_id, req.account!.id);
      if (!person) throw new AppError(409, 'volunteer_no_person');
      if (req.body.skills) requireSkills(await volunteerSettings(db, k.community_id), req.body.skills);
      await db
        .transaction()
        .execute((trx) => ensureProfile(trx, k.community_id, person.id, { skills: req.body.skills ?? [] }));
      return { kind: 'profile' as const, communityId: k.community_id, joinRequestId: null };
    },
  );
};
