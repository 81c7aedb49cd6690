import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import { contains, paginate } from '../../core/db/query';
import type { AssembliesTable, AssemblyMattersTable } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { attachFiles } from '../../core/files';
import { access, actor, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { maskName } from '../../core/personal';
import { mustRefer } from '../organisations/common';
import { formatArea } from '../structure/area';
import { assemblyStatuses, editable, maxNoticeDays, windowProblem } from './lifecycle';
import { matterKind, seatsProblem, type MatterItem } from './matters';
import { assemblyVisible, assembliesWithCompound, loadAssembly, requireOnAssembly } from './scope';
import {
  announceAssembly,
  closeAssembly,
  extendAssembly,
  openAssembly,
  publishAssembly,
  reload,
  simpleStep,
} from './steps';
import { attachmentsOf, kindOf, liveMatters, mustMatter, settingsOf, statusOf } from './store';
import {
  Assembly,
  AssemblyParams,
  assemblyView,
  blank,
  Matter,
  MatterParams,
  matterView,
  requiredText,
} from './views';

/**
 * 业主大会: the console's routes for an assembly and its matters, from draft to archive, and the
 * community's settings (notice period, joint nominations).
 */

const Settings = Type.Object({
  noticeDays: Type.Integer({ description: 'days from the announcement to the start of voting' }),
  jointNominators: Type.Integer({ description: 'owners who must sign a joint nomination' }),
  updatedAt: Nullable(Type.Integer()),
});

const Instant = (description: string) =>
  Type.Integer({ minimum: 0, maximum: 8_640_000_000_000, description });

const AssemblyInput = Type.Object(
  {
    compoundId: Id,
    title: Text(100),
    description: Type.Optional(Nullable(Text(5000))),
    votingStartsAt: Instant('epoch ms; at least the notice period after the announcement'),
    votingEndsAt: Instant('epoch ms'),
    publicVotes: Type.Optional(Type.Boolean({ description: 'publish how each room voted (default false)' })),
  },
  { additionalProperties: false },
);
const { compoundId: _compoundId, ...assemblyChanges } = AssemblyInput.properties;

const MatterInput = Type.Object(
  {
    item: Type.Integer({ minimum: 1, maximum: 9, description: 'Civil Code art. 278 item 1–9' }),
    election: Type.Optional(Type.Boolean({ description: 'item 3 only: elect committee members' })),
    seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 99, description: 'an election’s seats' })),
    title: Text(200),
    description: Type.Optional(Nullable(Text(20000))),
    attachmentIds: Type.Optional(
      Type.Array(Id, { maxItems: 20, description: 'uploaded files: the plan, the budget, the draft' }),
    ),
  },
  { additionalProperties: false },
);

const RoomOnRoll = Type.Object({
  roomId: Type.String(),
  unit: Type.String({ description: 'the room’s pseudonym in the ballot bundle' }),
  label: Type.String(),
  buildingId: Type.String(),
  areaCenti: Type.Integer(),
  area: Type.String(),
  areaSource: Type.String(),
  voter: Type.String({ description: 'the voter’s pseudonym (v1…vN)' }),
  voterName: Nullable(Type.String({ description: 'masked; null for the developer' })),
  developer: Type.Boolean(),
});

export const assemblyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  const present = async (a: Pick<AssembliesTable, 'community_id' | 'id'>) =>
    assemblyView(
      await assembliesWithCompound(db, a.community_id).where('a.id', '=', a.id).executeTakeFirstOrThrow(),
    );

  const presentMatter = async (m: AssemblyMattersTable) => matterView(m, await attachmentsOf(db, [m]));

  async function compoundRooms(communityId: string, compoundId: string) {
    const row = await db
      .selectFrom('rooms')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('community_id', '=', communityId)
      .where('compound_id', '=', compoundId)
      .where('archived_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** 400 for a wrong combination of item, election and seats; returns the matter's kind. */
  async function matterRules(
    a: AssembliesTable,
    input: { item: number; election?: boolean; seats?: number },
    except?: string,
  ) {
    const kind = matterKind(input.item as MatterItem, input.election ?? false);
    if (kind !== 'ordinary' && kind !== 'special' && kind !== 'election') throw new AppError(400, kind);
    if (kind !== 'election') return kind;
    const seats = seatsProblem(input.seats, await compoundRooms(a.community_id, a.compound_id));
    if (seats) throw new AppError(400, seats);
    const other = (await liveMatters(db, a)).find((m) => kindOf(m) === 'election' && m.id !== except);
    if (other) throw new AppError(409, 'matter_one_election');
    return kind;
  }

  const requireDraft = (a: AssembliesTable) => {
    if (!editable(statusOf(a))) throw new AppError(409, 'assembly_not_editable');
  };

  app.get(
    '/communities/:communityId/assembly-settings',
    {
      config: { access: access.community('assemblies.read') },
      schema: {
        tags: ['assemblies'],
        summary: 'The community’s assembly settings: notice period, owners needed for a joint nomination',
        params: CommunityParams,
        response: { 200: Settings },
      },
    },
    async (req) => settingsOf(db, communityOf(req).id),
  );

  app.patch(
    '/communities/:communityId/assembly-settings',
    {
      config: { access: access.community('assemblies.manage') },
      schema: {
        tags: ['assemblies'],
        summary: 'Change the community’s assembly settings (community staff)',
        params: CommunityParams,
        body: Type.Object(
          {
            noticeDays: Type.Optional(Type.Integer({ minimum: 1, maximum: maxNoticeDays })),
            jointNominators: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Settings },
      },
    },
    async (req) => {
      // A community-wide rule: a grant on one compound does not reach it.
      requireCan(req, 'assemblies.manage', {});
      const communityId = communityOf(req).id;
      const before = await settingsOf(db, communityId);
      const after = {
        noticeDays: req.body.noticeDays ?? before.noticeDays,
        jointNominators: req.body.jointNominators ?? before.jointNominators,
      };
      const now = Date.now();
      const values = {
        notice_days: after.noticeDays,
        joint_nominators: after.jointNominators,
        updated_by: req.account!.id,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('assembly_settings')
          .values({ community_id: communityId, id: communityId, ...values })
          .onConflict((oc) => oc.columns(['community_id', 'id']).doUpdateSet(values))
          .execute();
        await audit(trx, communityId, {
          ...actor(req),
          action: 'assembly_settings.update',
          targetType: 'assembly_settings',
          targetId: communityId,
          before,
          after,
        });
      });
      return settingsOf(db, communityId);
    },
  );

  app.get(
    '/communities/:communityId/assemblies',
    {
      config: { access: access.community('assemblies.read') },
      schema: {
        tags: ['assemblies'],
        summary: 'Owners’ assemblies (业主大会); q searches the title',
        params: CommunityParams,
        querystring: ListQuery({
          compoundId: Type.Optional(Id),
          status: Type.Optional(StringEnum(assemblyStatuses)),
        }),
        response: { 200: Page(Assembly) },
      },
    },
    async (req) => {
      const filter = visibleRows(req, 'assemblies.read');
      const { compoundId, status, q } = req.query;
      let query = assembliesWithCompound(db, communityOf(req).id).where((eb) => assemblyVisible(eb, filter));
      if (compoundId) query = query.where('a.compound_id', '=', compoundId);
      if (status) query = query.where('a.status', '=', status);
      if (q) query = query.where(contains('a.title', q));
      const page = await paginate(
        query.orderBy('a.voting_starts_at', req.query.order ?? 'desc').orderBy('a.id'),
        req.query,
      );
      return { ...page, items: page.items.map(assemblyView) };
    },
  );

  app.post(
    '/communities/:communityId/assemblies',
    {
      config: { access: access.community('assemblies.manage') },
      schema: {
        tags: ['assemblies'],
        summary: 'Draft an assembly for a compound',
        params: CommunityParams,
        body: AssemblyInput,
        response: { 201: Assembly },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const compound = await mustRefer(db, 'compounds', communityId, req.body.compoundId, 'compoundId');
      await requireOnAssembly(req, 'assemblies.manage', {
        community_id: communityId,
        compound_id: compound.id,
      });
      const { votingStartsAt, votingEndsAt } = req.body;
      const window = windowProblem(votingStartsAt, votingEndsAt);
      if (window) throw new AppError(400, window);
      const now = Date.now();
      const row: AssembliesTable = {
        community_id: communityId,
        id: newId(),
        compound_id: compound.id,
        title: requiredText(req.body.title, 'title'),
        description: blank(req.body.description),
        status: 'draft',
        public_votes: req.body.publicVotes ? 1 : 0,
        notice_days: (await settingsOf(db, communityId)).noticeDays,
        voting_starts_at: votingStartsAt,
        voting_ends_at: votingEndsAt,
        original_ends_at: null,
        extension_reason: null,
        extended_at: null,
        total_area_centi: null,
        total_heads: null,
        room_count: null,
        announced_at: null,
        opened_at: null,
        closed_at: null,
        published_at: null,
        archived_at: null,
        cancelled_at: null,
        cancel_reason: null,
        created_by: req.account!.id,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('assemblies').values(row).execute();
        await audit(trx, communityId, {
          ...actor(req),
          action: 'assembly.create',
          targetType: 'assemblies',
          targetId: row.id,
          after: { compoundId: row.compound_id, title: row.title, votingStartsAt, votingEndsAt },
        });
      });
      return reply.status(201).send(await present(row));
    },
  );

  app.get(
    '/communities/:communityId/assemblies/:assemblyId',
    {
      config: { access: access.community('assemblies.read') },
      schema: {
        tags: ['assemblies'],
        summary: 'One assembly',
        params: AssemblyParams,
        response: { 200: Assembly },
      },
    },
    async (req) => present(await loadAssembly(req, 'assemblies.read', req.params.assemblyId)),
  );

  app.patch(
    '/communities/:communityId/assemblies/:assemblyId',
    {
      config: { access: access.community('assemblies.manage') },
      schema: {
        tags: ['assemblies'],
        summary: 'Change a draft assembly',
        params: AssemblyParams,
        body: Type.Partial(Type.Object(assemblyChanges), { additionalProperties: false }),
        response: { 200: Assembly },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.manage', req.params.assemblyId);
      requireDraft(a);
      const { title, description, votingStartsAt, votingEndsAt, publicVotes } = req.body;
      const starts = votingStartsAt ?? a.voting_starts_at;
      const ends = votingEndsAt ?? a.voting_ends_at;
      const window = windowProblem(starts, ends);
      if (window) throw new AppError(400, window);
      const now = Date.now();
      await db
        .updateTable('assemblies')
        .set({
          ...(title !== undefined ? { title: requiredText(title, 'title') } : {}),
          ...(description !== undefined ? { description: blank(description) } : {}),
          ...(publicVotes !== undefined ? { public_votes: publicVotes ? 1 : 0 } : {}),
          voting_starts_at: starts,
          voting_ends_at: ends,
          updated_at: now,
        })
        .where('community_id', '=', a.community_id)
        .where('id', '=', a.id)
        .where('status', '=', 'draft')
        .execute();
      return present(a);
    },
  );

  // The steps of the lifecycle; each answers with the assembly as it now stands.
  const steps = {
    announce: {
      summary: 'Announce (公告): owners are told; voting may start after the notice period',
      run: announceAssembly,
    },
    open: {
      summary: 'Open voting: the electorate is frozen as it stands now',
      run: openAssembly,
    },
    close: { summary: 'Close voting after the deadline; results are counted', run: closeAssembly },
    publish: {
      summary: 'Publish the results (公示); an election seats the new owners’ committee',
      run: publishAssembly,
    },
    archive: {
      summary: 'Archive a published assembly',
      run: (deps, a, who, now) => simpleStep(deps, a, 'archive', who, now),
    },
  } satisfies Record<string, { summary: string; run: typeof openAssembly }>;

  for (const [step, { summary, run }] of Object.entries(steps))
    app.post(
      `/communities/:communityId/assemblies/:assemblyId/${step}`,
      {
        config: { access: access.community('assemblies.manage') },
        schema: { tags: ['assemblies'], summary, params: AssemblyParams, response: { 200: Assembly } },
      },
      async (req) => {
        const a = await loadAssembly(req, 'assemblies.manage', req.params.assemblyId);
        await run(app.deps, a, actor(req), Date.now());
        return present(a);
      },
    );

  app.post(
    '/communities/:communityId/assemblies/:assemblyId/cancel',
    {
      config: { access: access.community('assemblies.manage') },
      schema: {
        tags: ['assemblies'],
        summary: 'Cancel a draft or announced assembly, with the reason owners will read',
        params: AssemblyParams,
        body: Type.Object({ reason: Text(500) }, { additionalProperties: false }),
        response: { 200: Assembly },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.manage', req.params.assemblyId);
      await simpleStep(
        app.deps,
        a,
        'cancel',
        actor(req),
        Date.now(),
        requiredText(req.body.reason, 'reason'),
      );
      return present(a);
    },
  );

  app.post(
    '/communities/:communityId/assemblies/:assemblyId/extend',
    {
      config: { access: access.community('assemblies.manage') },
      schema: {
        tags: ['assemblies'],
        summary: 'Extend the voting deadline, once, with a reason published to the owners',
        params: AssemblyParams,
        body: Type.Object(
          { votingEndsAt: Instant('the new deadline, epoch ms'), reason: Text(500) },
          { additionalProperties: false },
        ),
        response: { 200: Assembly },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.manage', req.params.assemblyId);
      const reason = requiredText(req.body.reason, 'reason');
      await extendAssembly(app.deps, a, req.body.votingEndsAt, reason, actor(req), Date.now());
      return present(await reload(db, a));
    },
  );

  // ---- matters ----

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/matters',
    {
      config: { access: access.community('assemblies.read') },
      schema: {
        tags: ['assemblies'],
        summary: 'The matters of an assembly, in ballot order; q searches the title',
        params: AssemblyParams,
        querystring: ListQuery({ withdrawn: Type.Optional(Type.Boolean()) }),
        response: { 200: Page(Matter) },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.read', req.params.assemblyId);
      let query = db
        .selectFrom('assembly_matters')
        .selectAll()
        .where('community_id', '=', a.community_id)
        .where('assembly_id', '=', a.id)
        .where('withdrawn_at', req.query.withdrawn ? 'is not' : 'is', null);
      if (req.query.q) query = query.where(contains('title', req.query.q));
      const page = await paginate(
        query.orderBy('position', req.query.order ?? 'asc').orderBy('id'),
        req.query,
      );
      const files = await attachmentsOf(db, page.items);
      return { ...page, items: page.items.map((m) => matterView(m, files)) };
    },
  );

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/matters/:matterId',
    {
      config: { access: access.community('assemblies.read') },
      schema: {
        tags: ['assemblies'],
        summary: 'One matter',
        params: MatterParams,
        response: { 200: Matter },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.read', req.params.assemblyId);
      return presentMatter(await mustMatter(db, a, req.params.matterId));
    },
  );

  app.post(
    '/communities/:communityId/assemblies/:assemblyId/matters',
    {
      config: { access: access.community('assemblies.manage') },
      schema: {
        tags: ['assemblies'],
        summary: 'Add a matter to a draft: its art. 278 item fixes ordinary or special approval',
        params: AssemblyParams,
        body: MatterInput,
        response: { 201: Matter },
      },
    },
    async (req, reply) => {
      const a = await loadAssembly(req, 'assemblies.manage', req.params.assemblyId);
      requireDraft(a);
      const kind = await matterRules(a, req.body);
      const now = Date.now();
      const position = (await liveMatters(db, a)).reduce((max, m) => Math.max(max, m.position), 0) + 1;
      const row: AssemblyMattersTable = {
        community_id: a.community_id,
        id: newId(),
        assembly_id: a.id,
        compound_id: a.compound_id,
        position,
        item: req.body.item,
        kind,
        title: requiredText(req.body.title, 'title'),
        description: blank(req.body.description),
        seats: kind === 'election' ? req.body.seats! : null,
        attachment_ids: JSON.stringify(req.body.attachmentIds ?? []),
        candidates_published_at: null,
        ballot_count: 0,
        head_hash: '',
        result_json: null,
        withdrawn_at: null,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('assembly_matters').values(row).execute();
        const files = req.body.attachmentIds ?? [];
        if (files.length)
          await attachFiles(
            trx,
            a.community_id,
            files,
            { type: 'assembly_matter', id: row.id },
            req.account!.id,
          );
        await audit(trx, a.community_id, {
          ...actor(req),
          action: 'assembly_matter.create',
          targetType: 'assembly_matters',
          targetId: row.id,
          after: { assemblyId: a.id, item: row.item, kind, title: row.title, seats: row.seats },
        });
      });
      return reply.status(201).send(await presentMatter(row));
    },
  );

  app.patch(
    '/communities/:communityId/assemblies/:assemblyId/matters/:matterId',
    {
      config: { access: access.community('assemblies.manage') },
      schema: {
        tags: ['assemblies'],
        summary: 'Change a matter of a draft; attachmentIds adds files to those already attached',
        params: MatterParams,
        body: Type.Partial(MatterInput, { additionalProperties: false }),
        response: { 200: Matter },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.manage', req.params.assemblyId);
      const m = await mustMatter(db, a, req.params.matterId);
      requireDraft(a);
      if (m.withdrawn_at !== null) throw new AppError(409, 'assembly_not_editable');
      const { item, election, seats, title, description, attachmentIds = [] } = req.body;
      const rules = {
        item: item ?? m.item,
        election: election ?? kindOf(m) === 'election',
        seats: seats ?? m.seats ?? undefined,
      };
      const kind = await matterRules(a, rules, m.id);
      const attached = [...(JSON.parse(m.attachment_ids) as string[]), ...attachmentIds];
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('assembly_matters')
          .set({
            item: rules.item,
            kind,
            seats: kind === 'election' ? rules.seats! : null,
            ...(title !== undefined ? { title: requiredText(title, 'title') } : {}),
            ...(description !== undefined ? { description: blank(description) } : {}),
            attachment_ids: JSON.stringify(attached),
            updated_at: now,
          })
          .where('community_id', '=', m.community_id)
          .where('id', '=', m.id)
          .execute();
        if (attachmentIds.length)
          await attachFiles(
            trx,
            a.community_id,
            attachmentIds,
            { type: 'assembly_matter', id: m.id },
            req.account!.id,
          );
      });
      return presentMatter(await mustMatter(db, a, m.id));
    },
  );

  app.post(
    '/communities/:communityId/assemblies/:assemblyId/matters/:matterId/withdraw',
    {
      config: { access: access.community('assemblies.manage') },
      schema: {
        tags: ['assemblies'],
        summary: 'Take a matter off a draft (kept for the record)',
        params: MatterParams,
        response: { 200: Matter },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.manage', req.params.assemblyId);
      const m = await mustMatter(db, a, req.params.matterId);
      requireDraft(a);
      const now = Date.now();
      await db
        .updateTable('assembly_matters')
        .set({ withdrawn_at: m.withdrawn_at ?? now, updated_at: now })
        .where('community_id', '=', m.community_id)
        .where('id', '=', m.id)
        .execute();
      return presentMatter(await mustMatter(db, a, m.id));
    },
  );

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/electorate',
    {
      config: { access: access.community('assemblies.read') },
      schema: {
        tags: ['assemblies'],
        summary: 'The roll frozen when voting opened: rooms, areas and their source, voters under pseudonyms',
        params: AssemblyParams,
        querystring: ListQuery({
          buildingId: Type.Optional(Id),
          voter: Type.Optional(Type.String({ maxLength: 20 })),
        }),
        response: { 200: Page(RoomOnRoll) },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.read', req.params.assemblyId);
      if (a.opened_at === null) throw new AppError(409, 'assembly_no_electorate');
      let query = db
        .selectFrom('assembly_rooms as r')
        .innerJoin('assembly_voters as v', (j) =>
          j.onRef('v.community_id', '=', 'r.community_id').onRef('v.id', '=', 'r.voter_id'),
        )
        .leftJoin('people as p', (j) =>
          j.onRef('p.community_id', '=', 'v.community_id').onRef('p.id', '=', 'v.person_id'),
        )
        .select([
          'r.room_id',
          'r.unit_key',
          'r.label',
          'r.building_id',
          'r.area_centi',
          'r.area_source',
          'v.voter_key',
          'v.is_developer',
          'p.name',
        ])
        .where('r.community_id', '=', a.community_id)
        .where('r.assembly_id', '=', a.id);
      if (req.query.buildingId) query = query.where('r.building_id', '=', req.query.buildingId);
      if (req.query.voter) query = query.where('v.voter_key', '=', req.query.voter);
      if (req.query.q) query = query.where(contains('r.label', req.query.q));
      const page = await paginate(
        query.orderBy('r.label', req.query.order ?? 'asc').orderBy('r.id'),
        req.query,
      );
      return {
        ...page,
        items: page.items.map((r) => ({
          roomId: r.room_id,
          unit: r.unit_key,
          label: r.label,
          buildingId: r.building_id,
          areaCenti: r.area_centi,
          area: formatArea(r.area_centi),
          areaSource: r.area_source,
          voter: r.voter_key,
          voterName: r.name ? maskName(r.name) : null,
          developer: r.is_developer === 1,
        })),
      };
    },
  );
};
