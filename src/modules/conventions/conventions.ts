import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import { contains, paginate, whereVisible } from '../../core/db/query';
import type { ConventionOpinionsTable, ConventionsTable } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { access, actor, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { notify } from '../notifications';
import { requireNoticeFont } from '../votes/notice';
import { filled } from '../deliberation/store';
import { addOpinion, addPledge, opinionRow, pledgeView } from './conventionStore';
import { chineseDay, publicConventionUrl, renderConvention } from './print';
import { adoptionKinds, articleProblem, channels, conventionStates, diffArticles, stances } from './rules';
import { accountsInScope, articlesOf, changedMeanwhile, householdInfo } from './store';
import {
  Article,
  ArticleInput,
  Convention,
  conventionRow,
  conventionRows,
  conventionView,
  householdsInScope,
  Opinion,
  requireStep,
  StanceCounts,
  stanceCounts,
  Version,
  versionRow,
  versionView,
} from './views';

/**
 * 居民公约 on the console: drafting numbered articles in versions (with a diff between any two),
 * consulting the households (opinions per article, online and door to door, with replies), adoption
 * by a meeting decision or an owners' assembly, publication, pledges (承诺) and the coverage of both by
 * building, and the printable text.
 */

const action = 'conventions.manage';
const tags = ['conventions'];
const ConventionParams = Type.Object({ communityId: Id, conventionId: Id });
const Pledge = Type.Object({
  id: Type.String(),
  conventionId: Type.String(),
  householdId: Type.String(),
  channel: StringEnum(channels),
  createdAt: Type.Integer(),
});

const ConventionDetail = Type.Object({
  ...Convention.properties,
  currentVersion: Nullable(Version),
  versions: Type.Array(
    Type.Object({
      id: Type.String(),
      number: Type.Integer(),
      note: Nullable(Type.String()),
      createdAt: Type.Integer(),
    }),
  ),
  opinionCounts: Type.Array(StanceCounts),
  adoption: Nullable(
    Type.Object({
      kind: StringEnum(adoptionKinds),
      ref: Type.String(),
      label: Type.String({ description: 'the decision’s text or the assembly’s title' }),
    }),
  ),
});

const Coverage = Type.Object({
  households: Type.Integer({ description: 'households in the convention’s area now' }),
  answered: Type.Integer({ description: 'of them, households that gave at least one opinion' }),
  pledged: Type.Integer({ description: 'of them, households that pledged' }),
  buildings: Type.Array(
    Type.Object({
      buildingId: Type.String(),
      buildingName: Type.String(),
      compoundId: Type.String(),
      compoundName: Type.String(),
      households: Type.Integer(),
      answered: Type.Integer(),
      pledged: Type.Integer(),
    }),
  ),
});

const AdoptInput = Type.Union([
  Type.Object({ kind: Type.Literal('meeting_decision'), decisionId: Id }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('assembly'), assemblyId: Id }, { additionalProperties: false }),
]);

export const conventionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  /** The convention, if the caller manages conventions where it applies; 404 if unknown. */
  async function load(req: FastifyRequest, conventionId: string) {
    const row = await conventionRow(db, communityOf(req).id, conventionId);
    requireCan(req, action, { compoundId: row.compound_id });
    return row;
  }

  const detail = async (c: Awaited<ReturnType<typeof load>>) => {
    const [versions, counts, current] = await Promise.all([
      db
        .selectFrom('convention_versions')
        .select(['id', 'number', 'note', 'created_at'])
        .where('community_id', '=', c.community_id)
        .where('convention_id', '=', c.id)
        .orderBy('number')
        .execute(),
      stanceCounts(db, c.community_id, c.id),
      c.current_version_id ? versionRow(db, c.community_id, c.current_version_id) : null,
    ]);
    return {
      ...conventionView(c),
      currentVersion: current ? versionView(current) : null,
      versions: versions.map((v) => ({ id: v.id, number: v.number, note: v.note, createdAt: v.created_at })),
      opinionCounts: counts,
      adoption: await adoptionOf(c),
    };
  };

  /** What adopted the convention, named as the printed text says it. */
  async function adoptionOf(c: ConventionsTable) {
    if (!c.adopted_by_kind || !c.adopted_ref) return null;
    const label = await adoptionLabel(c.community_id, c.adopted_by_kind, c.adopted_ref);
    return {
      kind: c.adopted_by_kind as (typeof adoptionKinds)[number],
      ref: c.adopted_ref,
      label: label ?? c.adopted_ref,
    };
  }

  async function adoptionLabel(communityId: string, kind: string, ref: string) {
    if (kind === 'meeting_decision') {
      const d = await db
        .selectFrom('decisions as d')
        .innerJoin('meetings as m', (j) =>
          j.onRef('m.community_id', '=', 'd.community_id').onRef('m.id', '=', 'd.meeting_id'),
        )
        .select(['m.title', 'd.decided_by'])
        .where('d.community_id', '=', communityId)
        .where('d.id', '=', ref)
        .executeTakeFirst();
      return d ? `${d.title}（${d.decided_by}）` : null;
    }
    const a = await db
      .selectFrom('assemblies')
      .select('title')
      .where('community_id', '=', communityId)
      .where('id', '=', ref)
      .executeTakeFirst();
    return a?.title ?? null;
  }

  app.get(
    '/communities/:communityId/conventions',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary: 'Conventions in my scope, newest first',
        params: CommunityParams,
        querystring: ListQuery({
          state: Type.Optional(StringEnum(conventionStates)),
          compoundId: Type.Optional(Id),
        }),
        response: { 200: Page(Convention) },
      },
    },
    async (req) => {
      const filter = visibleRows(req, action);
      let query = conventionRows(db)
        .where('c.community_id', '=', communityOf(req).id)
        .where((eb) => whereVisible(eb, filter, { compound: 'c.compound_id' }));
      const { state, compoundId, q } = req.query;
      if (state) query = query.where('c.state', '=', state);
      if (compoundId) query = query.where('c.compound_id', '=', compoundId);
      if (q) query = query.where(contains('c.title', q));
      const page = await paginate(
        query.orderBy('c.created_at', req.query.order ?? 'desc').orderBy('c.id'),
        req.query,
      );
      return { ...page, items: page.items.map(conventionView) };
    },
  );

  app.post(
    '/communities/:communityId/conventions',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary:
          'Start a convention for a compound (or the whole community), optionally with its first draft',
        params: CommunityParams,
        body: Type.Object(
          {
            title: Text(80),
            compoundId: Type.Optional(Nullable(Id)),
            articles: Type.Optional(Type.Array(ArticleInput, { minItems: 1, maxItems: 99 })),
            note: Type.Optional(Text(500)),
          },
          { additionalProperties: false },
        ),
        response: { 201: ConventionDetail },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const compoundId = req.body.compoundId ?? null;
      if (compoundId) {
        const c = await db
          .selectFrom('compounds')
          .select('id')
          .where('community_id', '=', communityId)
          .where('id', '=', compoundId)
          .where('archived_at', 'is', null)
          .executeTakeFirst();
        if (!c) throw fieldError(400, 'bad_reference', 'compoundId', { what: 'compound' });
      }
      requireCan(req, action, { compoundId });
      const now = Date.now();
      const row: ConventionsTable = {
        community_id: communityId,
        id: newId(),
        compound_id: compoundId,
        title: filled(req.body.title, 'title'),
        state: 'drafting',
        current_version_id: null,
        adopted_version_id: null,
        adopted_by_kind: null,
        adopted_ref: null,
        adopted_at: null,
        adopted_by: null,
        consulting_at: null,
        published_at: null,
        superseded_at: null,
        created_by: req.account!.id,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('conventions').values(row).execute();
        if (req.body.articles)
          await addVersion(trx, row, req.body.articles, req.body.note ?? null, req.account!.id);
      });
      return reply.status(201).send(await detail(await conventionRow(db, communityId, row.id)));
    },
  );

  /** A new draft becomes the current version; versions are numbered in order under a unique index. */
  async function addVersion(
    trx: typeof db,
    c: ConventionsTable,
    articles: { number: number; title?: string | null; text: string }[],
    note: string | null,
    accountId: string,
  ) {
    const clean = articles.map((a) => ({
      number: a.number,
      title: a.title?.trim() || null,
      text: a.text.trim(),
    }));
    const problem = articleProblem(clean);
    if (problem) throw fieldError(400, 'convention_articles', 'articles', { detail: problem });
    const last = await trx
      .selectFrom('convention_versions')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('community_id', '=', c.community_id)
      .where('convention_id', '=', c.id)
      .executeTakeFirst();
    const id = newId();
    const now = Date.now();
    await trx
      .insertInto('convention_versions')
      .values({
        community_id: c.community_id,
        id,
        convention_id: c.id,
        number: Number(last?.n ?? 0) + 1,
        articles: JSON.stringify(clean),
        note: note?.trim() || null,
        created_by: accountId,
        created_at: now,
      })
      .execute()
      .catch(changedMeanwhile);
    await trx
      .updateTable('conventions')
      .set({ current_version_id: id, updated_at: now })
      .where('community_id', '=', c.community_id)
      .where('id', '=', c.id)
      .execute();
  }

  app.get(
    '/communities/:communityId/conventions/:conventionId',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary: 'A convention with its current draft, its versions and the opinions counted per article',
        params: ConventionParams,
        response: { 200: ConventionDetail },
      },
    },
    async (req) => detail(await load(req, req.params.conventionId)),
  );

  app.patch(
    '/communities/:communityId/conventions/:conventionId',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary: 'Rename a convention (before adoption)',
        params: ConventionParams,
        body: Type.Object({ title: Type.Optional(Text(80)) }, { additionalProperties: false }),
        response: { 200: ConventionDetail },
      },
    },
    async (req) => {
      const c = await load(req, req.params.conventionId);
      if (req.body.title !== undefined) {
        requireStep(c, 'edit');
        await db
          .updateTable('conventions')
          .set({ title: filled(req.body.title, 'title'), updated_at: Date.now() })
          .where('community_id', '=', c.community_id)
          .where('id', '=', c.id)
          .execute();
      }
      return detail(await conventionRow(db, c.community_id, c.id));
    },
  );

  app.post(
    '/communities/:communityId/conventions/:conventionId/versions',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary: 'Save a new draft of the articles (numbered 1, 2, 3…); it becomes the current version',
        params: ConventionParams,
        body: Type.Object(
          {
            articles: Type.Array(ArticleInput, { minItems: 1, maxItems: 99 }),
            note: Type.Optional(Text(500)),
          },
          { additionalProperties: false },
        ),
        response: { 201: ConventionDetail },
      },
    },
    async (req, reply) => {
      const c = await load(req, req.params.conventionId);
      requireStep(c, 'version');
      await db
        .transaction()
        .execute((trx) => addVersion(trx, c, req.body.articles, req.body.note ?? null, req.account!.id));
      return reply.status(201).send(await detail(await conventionRow(db, c.community_id, c.id)));
    },
  );

  app.get(
    '/communities/:communityId/conventions/:conventionId/diff',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary: 'What changed between two versions, article by article and character by character',
        description:
          '`to` defaults to the current version, `from` to the one before `to` (none: everything is added).',
        params: ConventionParams,
        querystring: Type.Object({
          from: Type.Optional(Type.Integer({ minimum: 1 })),
          to: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
        response: {
          200: Type.Object({
            from: Nullable(Type.Integer()),
            to: Type.Integer(),
            articles: Type.Array(
              Type.Object({
                number: Type.Integer(),
                change: StringEnum(['added', 'removed', 'changed', 'same'] as const),
                before: Nullable(Article),
                after: Nullable(Article),
                titleChanged: Type.Boolean(),
                parts: Type.Array(
                  Type.Object({
                    text: Type.String(),
                    kind: StringEnum(['same', 'added', 'removed'] as const),
                  }),
                ),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const c = await load(req, req.params.conventionId);
      const versions = await db
        .selectFrom('convention_versions')
        .selectAll()
        .where('community_id', '=', c.community_id)
        .where('convention_id', '=', c.id)
        .execute();
      const byNumber = (n: number, field: string) => {
        const v = versions.find((x) => x.number === n);
        if (!v) throw fieldError(404, 'convention_version_unknown', field, { number: n });
        return v;
      };
      const to = req.query.to ?? c.version_number;
      if (to === null || to === undefined)
        throw new AppError(404, 'convention_version_unknown', { number: 1 });
      const after = byNumber(to, 'to');
      const fromNumber = req.query.from ?? (to > 1 ? to - 1 : null);
      const before = fromNumber === null ? null : byNumber(fromNumber, 'from');
      return {
        from: before?.number ?? null,
        to: after.number,
        articles: diffArticles(before ? versionView(before).articles : [], versionView(after).articles),
      };
    },
  );

  app.post(
    '/communities/:communityId/conventions/:conventionId/consult',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary: 'Open the current draft for the households’ opinions (征求意见); their accounts are told',
        params: ConventionParams,
        response: { 200: ConventionDetail },
      },
    },
    async (req) => {
      const c = await load(req, req.params.conventionId);
      requireStep(c, 'consult');
      const now = Date.now();
      const told = await db.transaction().execute(async (trx) => {
        const opened = await trx
          .updateTable('conventions')
          .set({ state: 'consulting', consulting_at: now, updated_at: now })
          .where('community_id', '=', c.community_id)
          .where('id', '=', c.id)
          .where('state', '=', 'drafting')
          .executeTakeFirst();
        if (Number(opened.numUpdatedRows) !== 1) throw new AppError(409, 'convention_state');
        const accounts = await accountsInScope(trx, c.community_id, c.compound_id);
        return notify(
          app.deps,
          c.community_id,
          accounts,
          { kind: 'convention_consulting', params: { title: c.title }, link: `/conventions/${c.id}` },
          { trx },
        );
      });
      await told.publish();
      return detail(await conventionRow(db, c.community_id, c.id));
    },
  );

  app.get(
    '/communities/:communityId/conventions/:conventionId/opinions',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary: 'Opinions on a convention, newest first (exportable)',
        params: ConventionParams,
        querystring: ListQuery({
          articleNumber: Type.Optional(Type.Integer({ minimum: 1 })),
          general: Type.Optional(Type.Boolean({ description: 'only opinions on the convention as a whole' })),
          stance: Type.Optional(StringEnum(stances)),
          channel: Type.Optional(StringEnum(channels)),
          replied: Type.Optional(Type.Boolean()),
          buildingId: Type.Optional(Id),
        }),
        response: { 200: Page(Opinion) },
      },
    },
    async (req) => {
      const c = await load(req, req.params.conventionId);
      let query = db
        .selectFrom('convention_opinions as o')
        .innerJoin('convention_versions as v', (j) =>
          j.onRef('v.community_id', '=', 'o.community_id').onRef('v.id', '=', 'o.version_id'),
        )
        .selectAll('o')
        .select('v.number as version_number')
        .where('o.community_id', '=', c.community_id)
        .where('o.convention_id', '=', c.id);
      const { articleNumber, general, stance, channel, replied, buildingId, q } = req.query;
      if (articleNumber !== undefined) query = query.where('o.article_number', '=', articleNumber);
      if (general) query = query.where('o.article_number', 'is', null);
      if (stance) query = query.where('o.stance', '=', stance);
      if (channel) query = query.where('o.channel', '=', channel);
      if (replied !== undefined) query = query.where('o.replied_at', replied ? 'is not' : 'is', null);
      if (buildingId) query = query.where('o.building_id', '=', buildingId);
      if (q) query = query.where((eb) => eb.or([contains('o.text', q), contains('o.reply', q)]));
      const page = await paginate(
        query.orderBy('o.created_at', req.query.order ?? 'desc').orderBy('o.id'),
        req.query,
      );
      const homes = await householdInfo(
        db,
        c.community_id,
        page.items.map((o) => o.household_id),
      );
      return { ...page, items: page.items.map((o) => opinionView(o, homes.get(o.household_id))) };
    },
  );

  app.post(
    '/communities/:communityId/conventions/:conventionId/opinions',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary: 'Enter an opinion collected door to door (逐户征求意见)',
        params: ConventionParams,
        body: Type.Object(
          {
            householdId: Id,
            articleNumber: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
            stance: StringEnum(stances),
            text: Text(1000),
          },
          { additionalProperties: false },
        ),
        response: { 201: Opinion },
      },
    },
    async (req, reply) => {
      const c = await load(req, req.params.conventionId);
      const { row } = await addOpinion(db, c, req.body, {
        channel: 'door_to_door',
        accountId: null,
        enteredBy: req.account!.id,
      });
      return reply.status(201).send(await oneOpinion(row.id, c.community_id));
    },
  );

  async function oneOpinion(id: string, communityId: string) {
    const o = await opinionRow(db, communityId, id);
    const v = await versionRow(db, communityId, o.version_id);
    const homes = await householdInfo(db, communityId, [o.household_id]);
    return opinionView({ ...o, version_number: v.number }, homes.get(o.household_id));
  }

  app.post(
    '/communities/:communityId/convention-opinions/:opinionId/reply',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary: 'Reply to an opinion; a public reply shows both (without names) to the neighbours',
        params: Type.Object({ communityId: Id, opinionId: Id }),
        body: Type.Object(
          { reply: Text(1000), public: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: Opinion },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const o = await opinionRow(db, communityId, req.params.opinionId);
      const c = await load(req, o.convention_id);
      const told = await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('convention_opinions')
          .set({
            reply: filled(req.body.reply, 'reply'),
            reply_public: req.body.public ? 1 : 0,
            replied_by: req.account!.id,
            replied_at: Date.now(),
          })
          .where('community_id', '=', communityId)
          .where('id', '=', o.id)
          .execute();
        return o.account_id
          ? notify(
              app.deps,
              communityId,
              [o.account_id],
              {
                kind: 'convention_opinion_replied',
                params: { title: c.title },
                link: `/conventions/${c.id}`,
              },
              { trx },
            )
          : null;
      });
      await told?.publish();
      return oneOpinion(o.id, communityId);
    },
  );

  app.post(
    '/communities/:communityId/conventions/:conventionId/adopt',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary: 'Record the adoption of the current draft by a meeting decision or an owners’ assembly',
        description:
          'An adopted convention replaces (supersedes) the one adopted before it for the same compound or community.',
        params: ConventionParams,
        body: AdoptInput,
        response: { 200: ConventionDetail },
      },
    },
    async (req) => {
      const c = await load(req, req.params.conventionId);
      requireStep(c, 'adopt');
      const body = req.body;
      const ref = body.kind === 'meeting_decision' ? body.decisionId : body.assemblyId;
      if (body.kind === 'meeting_decision') {
        const d = await db
          .selectFrom('decisions')
          .select('id')
          .where('community_id', '=', c.community_id)
          .where('id', '=', ref)
          .executeTakeFirst();
        if (!d) throw fieldError(400, 'convention_adoption_unknown', 'decisionId', { what: 'decision' });
      } else {
        const a = await db
          .selectFrom('assemblies')
          .select(['id', 'status', 'compound_id'])
          .where('community_id', '=', c.community_id)
          .where('id', '=', ref)
          .executeTakeFirst();
        if (!a) throw fieldError(400, 'convention_adoption_unknown', 'assemblyId', { what: 'assembly' });
        if (c.compound_id && a.compound_id !== c.compound_id)
          throw fieldError(400, 'convention_assembly_other_compound', 'assemblyId');
        if (!['closed', 'published', 'archived'].includes(a.status))
          throw fieldError(409, 'convention_assembly_not_closed', 'assemblyId');
      }
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        const superseded = await trx
          .selectFrom('conventions')
          .select('id')
          .where('community_id', '=', c.community_id)
          .where('state', '=', 'adopted')
          .where('id', '!=', c.id)
          .where((eb) =>
            c.compound_id ? eb('compound_id', '=', c.compound_id) : eb('compound_id', 'is', null),
          )
          .execute();
        const done = await trx
          .updateTable('conventions')
          .set({
            state: 'adopted',
            adopted_version_id: c.current_version_id,
            adopted_by_kind: body.kind,
            adopted_ref: ref,
            adopted_at: now,
            adopted_by: req.account!.id,
            updated_at: now,
          })
          .where('community_id', '=', c.community_id)
          .where('id', '=', c.id)
          .where('state', '=', c.state)
          .executeTakeFirst();
        if (Number(done.numUpdatedRows) !== 1) throw new AppError(409, 'convention_state');
        if (superseded.length)
          await trx
            .updateTable('conventions')
            .set({ state: 'superseded', superseded_at: now, updated_at: now })
            .where('community_id', '=', c.community_id)
            .where(
              'id',
              'in',
              superseded.map((s) => s.id),
            )
            .execute();
        await audit(trx, c.community_id, [
          {
            ...actor(req),
            action: 'convention.adopted',
            targetType: 'convention',
            targetId: c.id,
            before: { state: c.state },
            after: { state: 'adopted', versionId: c.current_version_id, kind: body.kind, ref },
          },
          ...superseded.map((s) => ({
            ...actor(req),
            action: 'convention.superseded',
            targetType: 'convention',
            targetId: s.id,
            before: { state: 'adopted' },
            after: { state: 'superseded', by: c.id },
          })),
        ]);
      });
      return detail(await conventionRow(db, c.community_id, c.id));
    },
  );

  app.post(
    '/communities/:communityId/conventions/:conventionId/publish',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary: 'Publish the adopted text (公布): households are told and may pledge to keep it',
        params: ConventionParams,
        response: { 200: ConventionDetail },
      },
    },
    async (req) => {
      const c = await load(req, req.params.conventionId);
      requireStep(c, 'publish');
      const now = Date.now();
      const told = await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('conventions')
          .set({ published_at: now, updated_at: now })
          .where('community_id', '=', c.community_id)
          .where('id', '=', c.id)
          .where('published_at', 'is', null)
          .execute();
        await audit(trx, c.community_id, {
          ...actor(req),
          action: 'convention.published',
          targetType: 'convention',
          targetId: c.id,
          after: { publishedAt: now, versionId: c.adopted_version_id },
        });
        const accounts = await accountsInScope(trx, c.community_id, c.compound_id);
        return notify(
          app.deps,
          c.community_id,
          accounts,
          { kind: 'convention_published', params: { title: c.title }, link: `/conventions/${c.id}` },
          { trx },
        );
      });
      await told.publish();
      return detail(await conventionRow(db, c.community_id, c.id));
    },
  );

  app.post(
    '/communities/:communityId/conventions/:conventionId/pledges',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary: 'Enter a household’s pledge collected door to door (one per household; a repeat returns it)',
        params: ConventionParams,
        body: Type.Object({ householdId: Id }, { additionalProperties: false }),
        response: { 200: Pledge, 201: Pledge },
      },
    },
    async (req, reply) => {
      const c = await load(req, req.params.conventionId);
      const { row, created } = await addPledge(db, c, req.body.householdId, {
        channel: 'door_to_door',
        accountId: null,
        enteredBy: req.account!.id,
      });
      return reply.status(created ? 201 : 200).send(pledgeView(row));
    },
  );

  app.get(
    '/communities/:communityId/conventions/:conventionId/coverage',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary: 'Households reached, by building: how many gave an opinion and how many pledged',
        params: ConventionParams,
        response: { 200: Coverage },
      },
    },
    async (req) => {
      const c = await load(req, req.params.conventionId);
      const answered = (table: 'convention_opinions' | 'convention_pledges') =>
        sql<number>`count(distinct case when exists (select 1 from ${sql.table(table)} x where x.community_id = h.community_id and x.convention_id = ${c.id} and x.household_id = h.id) then h.id end)`;
      const rows = await householdsInScope(db, c)
        .innerJoin('buildings as b', (j) =>
          j.onRef('b.community_id', '=', 'h.community_id').onRef('b.id', '=', 'h.building_id'),
        )
        .innerJoin('compounds as co', (j) =>
          j.onRef('co.community_id', '=', 'h.community_id').onRef('co.id', '=', 'h.compound_id'),
        )
        .select((eb) => [
          'b.id as building_id',
          'b.name as building_name',
          'co.id as compound_id',
          'co.name as compound_name',
          eb.fn.countAll<number>().as('households'),
          answered('convention_opinions').as('answered'),
          answered('convention_pledges').as('pledged'),
        ])
        .groupBy(['b.id', 'b.name', 'co.id', 'co.name'])
        .orderBy('co.name')
        .orderBy('b.name')
        .orderBy('b.id')
        .execute();
      const buildings = rows.map((r) => ({
        buildingId: r.building_id,
        buildingName: r.building_name,
        compoundId: r.compound_id,
        compoundName: r.compound_name,
        households: Number(r.households),
        answered: Number(r.answered),
        pledged: Number(r.pledged),
      }));
      const sum = (k: 'households' | 'answered' | 'pledged') => buildings.reduce((n, b) => n + b[k], 0);
      return { households: sum('households'), answered: sum('answered'), pledged: sum('pledged'), buildings };
    },
  );

  app.get(
    '/communities/:communityId/conventions/:conventionId/print.pdf',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary:
          'The convention as a printable A4 PDF: numbered articles, how it was adopted, a QR code to its page',
        description: 'Before adoption the current draft is printed, marked 征求意见稿.',
        params: ConventionParams,
      },
    },
    async (req, reply) => {
      const c = await load(req, req.params.conventionId);
      const versionId = c.adopted_version_id ?? c.current_version_id;
      if (!versionId) throw new AppError(409, 'convention_state');
      const font = await requireNoticeFont(app.deps.config, req.log, 'convention_font_missing');
      const [version, community] = await Promise.all([
        versionRow(db, c.community_id, versionId),
        db
          .selectFrom('communities')
          .select('name')
          .where('id', '=', c.community_id)
          .executeTakeFirstOrThrow(),
      ]);
      const adoption = await adoptionOf(c);
      const pdf = await renderConvention(font, {
        title: c.title,
        placeName: [community.name, c.compound_name].filter(Boolean).join(' '),
        articles: articlesOf(version.articles),
        adoptionLine:
          adoption && c.adopted_at
            ? `本公约经${adoption.label}${adoption.kind === 'assembly' ? '表决' : ''}通过，${chineseDay(c.adopted_at)}起施行。`
            : null,
        publicUrl: publicConventionUrl(`${req.protocol}://${req.host}`, c.community_id, c.id),
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="convention-${c.id}.pdf"`)
        .send(pdf);
    },
  );
};

/** An opinion as staff see it: with its household named (never a phone). */
export function opinionView(
  o: ConventionOpinionsTable & { version_number: number },
  home: { householdName: string; buildingName: string; roomNumber: string } | undefined,
) {
  return {
    id: o.id,
    conventionId: o.convention_id,
    versionNumber: o.version_number,
    articleNumber: o.article_number === null ? null : Number(o.article_number),
    householdId: o.household_id,
    householdName: home?.householdName ?? '',
    buildingId: o.building_id,
    buildingName: home?.buildingName ?? '',
    roomNumber: home?.roomNumber ?? '',
    channel: o.channel as (typeof channels)[number],
    stance: o.stance as (typeof stances)[number],
    text: o.text,
    createdAt: o.created_at,
    reply: o.reply,
    replyPublic: o.reply_public === 1,
    repliedAt: o.replied_at,
  };
}
