import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { rowVisible } from '../../core/access/policy';
import { audit } from '../../core/audit';
import { contains, paginate, whereVisible } from '../../core/db/query';
import type { DB, RedBlackAppealsTable, RedBlackEntriesTable } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { attachFiles, fileView } from '../../core/files';
import { access, actor, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { streamEvents } from '../../core/http/sse';
import { CommunityParams, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { filled } from '../deliberation/store';
import { notify, type Notified } from '../notifications';
import {
  announceEntry,
  Entry,
  entryRow,
  entryRows,
  entryView,
  redBlackEventType,
  redBlackTopic,
} from './entries';
import {
  ageDays,
  appealStates,
  decideAppeal,
  entryNext,
  entryStates,
  listPeriod,
  lists,
  maskRules,
  maxListDays,
  reviewEntry,
  type AppealState,
  type EntryState,
} from './rules';
import {
  articlesOf,
  asBranch,
  householdAccounts,
  householdInfo,
  householdOf,
  redBlackSettings,
  requireUpdated,
  reviewersOf,
  settingsView,
  decisionRefused,
} from './store';

/**
 * 红黑榜 on the console: entries proposed with evidence (the black list citing the convention
 * article breached), two reviews (branch and committee), publication for a period, removal with a
 * reason, and the households' appeals (申诉) decided with reasons. Every decision is audited.
 */

const tags = ['red-black'];
export const entryFileType = 'red_black_entry';
const EntryParams = Type.Object({ communityId: Id, entryId: Id });

const Settings = Type.Object({
  mask: StringEnum(maskRules, {
    description: 'what the public list shows of a household: building_room 3栋2单元 | surname 张* | none',
  }),
  redShowsName: Type.Boolean({ description: 'red-list entries show the place and the masked name (张*丰)' }),
  defaultDays: Type.Integer({
    description: 'days an entry stays published unless the publisher says otherwise',
  }),
  updatedAt: Nullable(Type.Integer()),
});

const EntryDetail = Type.Object({
  ...Entry.properties,
  files: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      mime: Type.String(),
      size: Type.Integer(),
      width: Nullable(Type.Integer()),
      height: Nullable(Type.Integer()),
      hasThumb: Type.Boolean(),
      createdAt: Type.Integer(),
    }),
  ),
  appeals: Type.Array(
    Type.Object({
      id: Type.String(),
      text: Type.String(),
      state: StringEnum(appealStates),
      createdAt: Type.Integer(),
      ageDays: Type.Integer(),
      decidedAt: Nullable(Type.Integer()),
      decisionText: Nullable(Type.String()),
    }),
  ),
});

export const AppealView = Type.Object({
  id: Type.String(),
  entryId: Type.String(),
  entryTitle: Type.String(),
  list: StringEnum(lists),
  compoundId: Type.String(),
  householdId: Type.String(),
  householdName: Type.String(),
  text: Type.String(),
  state: StringEnum(appealStates),
  createdAt: Type.Integer(),
  ageDays: Type.Integer({ description: 'whole days since it was filed (until decided)' }),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.Integer()),
  decisionText: Nullable(Type.String()),
});

/** Evidence and entries are seen by whoever may propose or review where the household lives. */
export const entryScope = (e: Pick<RedBlackEntriesTable, 'compound_id' | 'building_id'>) => ({
  compoundId: e.compound_id,
  buildingId: e.building_id,
});

export function appealView(
  a: RedBlackAppealsTable & { entry_title: string; list: string },
  householdName: string,
  now: number,
) {
  return {
    id: a.id,
    entryId: a.entry_id,
    entryTitle: a.entry_title,
    list: a.list as (typeof lists)[number],
    compoundId: a.compound_id,
    householdId: a.household_id,
    householdName,
    text: a.text,
    state: a.state as AppealState,
    createdAt: a.created_at,
    ageDays: ageDays(a.created_at, a.decided_at ?? now),
    decidedBy: a.decided_by,
    decidedAt: a.decided_at,
    decisionText: a.decision_text,
  };
}

/** The household's accounts are told when an entry about it is published. */
async function tellHousehold(
  app: { deps: Parameters<typeof notify>[0] },
  trx: Kysely<DB>,
  e: RedBlackEntriesTable,
) {
  const accounts = await householdAccounts(trx, e.community_id, [e.household_id]);
  return notify(
    app.deps,
    e.community_id,
    accounts,
    {
      kind: e.list === 'red' ? 'red_black_published_red' : 'red_black_published_black',
      params: { title: e.title },
      link: `/red-black`,
    },
    { trx },
  );
}

export const redBlackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  async function load(req: FastifyRequest, entryId: string, action: 'redBlack.propose' | 'redBlack.review') {
    const row = await entryRow(db, communityOf(req).id, entryId);
    requireCan(req, action, entryScope(row));
    return row;
  }

  async function view(communityId: string, id: string) {
    const [row, settings] = await Promise.all([
      entryRow(db, communityId, id),
      redBlackSettings(db, communityId),
    ]);
    const homes = await householdInfo(db, communityId, [row.household_id]);
    const [files, appeals] = await Promise.all([
      db
        .selectFrom('files')
        .selectAll()
        .where('community_id', '=', communityId)
        .where('attached_type', '=', entryFileType)
        .where('attached_id', '=', id)
        .where('removed_at', 'is', null)
        .orderBy('created_at')
        .execute(),
      db
        .selectFrom('red_black_appeals')
        .selectAll()
        .where('community_id', '=', communityId)
        .where('entry_id', '=', id)
        .orderBy('created_at')
        .execute(),
    ]);
    const now = Date.now();
    return {
      ...entryView(row, homes.get(row.household_id), settings, now),
      files: files.map(fileView),
      appeals: appeals.map((a) => ({
        id: a.id,
        text: a.text,
        state: a.state as AppealState,
        createdAt: a.created_at,
        ageDays: ageDays(a.created_at, a.decided_at ?? now),
        decidedAt: a.decided_at,
        decisionText: a.decision_text,
      })),
    };
  }

  /** Moves the entry on by `event` under its version; audited in the same transaction. */
  async function advance(
    req: FastifyRequest,
    trx: Kysely<DB>,
    e: RedBlackEntriesTable,
    next: EntryState,
    set: Partial<RedBlackEntriesTable>,
    auditAction: string,
  ) {
    const now = Date.now();
    requireUpdated(
      await trx
        .updateTable('red_black_entries')
        .set({ ...set, state: next, updated_at: now, version: e.version + 1 })
        .where('community_id', '=', e.community_id)
        .where('id', '=', e.id)
        .where('version', '=', e.version)
        .executeTakeFirst(),
    );
    await audit(trx, e.community_id, {
      ...actor(req),
      action: auditAction,
      targetType: 'red_black_entry',
      targetId: e.id,
      before: { state: e.state },
      after: { state: next, ...set },
    });
  }

  app.get(
    '/communities/:communityId/red-black-settings',
    {
      config: { access: access.community('redBlack.propose') },
      schema: {
        tags,
        summary: 'The community’s masking rule for the public list and its default period',
        params: CommunityParams,
        response: { 200: Settings },
      },
    },
    async (req) => redBlackSettings(db, communityOf(req).id),
  );

  app.patch(
    '/communities/:communityId/red-black-settings',
    {
      config: { access: access.community('redBlack.review') },
      schema: {
        tags,
        summary: 'Change the masking rule or the default period (community staff)',
        params: CommunityParams,
        body: Type.Object(
          {
            mask: Type.Optional(StringEnum(maskRules)),
            redShowsName: Type.Optional(Type.Boolean()),
            defaultDays: Type.Optional(Type.Integer({ minimum: 1, maximum: maxListDays })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Settings },
      },
    },
    async (req) => {
      requireCan(req, 'redBlack.review', {});
      const communityId = communityOf(req).id;
      const before = await redBlackSettings(db, communityId);
      const now = Date.now();
      const next = {
        mask: req.body.mask ?? before.mask,
        red_shows_name: (req.body.redShowsName ?? before.redShowsName) ? (1 as const) : (0 as const),
        default_days: req.body.defaultDays ?? before.defaultDays,
        updated_by: req.account!.id,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('red_black_settings')
          .values({ community_id: communityId, id: newId(), ...next })
          .onConflict((oc) => oc.column('community_id').doUpdateSet(next))
          .execute();
        await audit(trx, communityId, {
          ...actor(req),
          action: 'red_black.settings_changed',
          targetType: 'red_black_settings',
          targetId: communityId,
          before,
          after: settingsView({ community_id: communityId, id: '', ...next }),
        });
      });
      return redBlackSettings(db, communityId);
    },
  );

  app.get(
    '/communities/:communityId/red-black',
    {
      config: { access: access.community('redBlack.propose') },
      schema: {
        tags,
        summary: 'Red/black list entries in my scope, newest first (exportable)',
        params: CommunityParams,
        querystring: ListQuery({
          list: Type.Optional(StringEnum(lists)),
          state: Type.Optional(StringEnum(entryStates)),
          compoundId: Type.Optional(Id),
          buildingId: Type.Optional(Id),
          householdId: Type.Optional(Id),
          underAppeal: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Page(Entry) },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const filter = visibleRows(req, 'redBlack.propose');
      const now = Date.now();
      let query = entryRows(db)
        .where('e.community_id', '=', communityId)
        .where((eb) => whereVisible(eb, filter, { compound: 'e.compound_id', building: 'e.building_id' }));
      const { list, state, compoundId, buildingId, householdId, underAppeal, q } = req.query;
      if (list) query = query.where('e.list', '=', list);
      // A published entry past its period is expired, whether or not the clock has marked it yet.
      if (state === 'published')
        query = query.where('e.state', '=', 'published').where('e.publish_until', '>', now);
      else if (state === 'expired')
        query = query.where((eb) =>
          eb.or([
            eb('e.state', '=', 'expired'),
            eb.and([eb('e.state', '=', 'published'), eb('e.publish_until', '<=', now)]),
          ]),
        );
      else if (state) query = query.where('e.state', '=', state);
      if (compoundId) query = query.where('e.compound_id', '=', compoundId);
      if (buildingId) query = query.where('e.building_id', '=', buildingId);
      if (householdId) query = query.where('e.household_id', '=', householdId);
      if (underAppeal !== undefined)
        query = query.where((eb) => {
          const open = eb.exists(
            eb
              .selectFrom('red_black_appeals as a')
              .select('a.id')
              .whereRef('a.community_id', '=', 'e.community_id')
              .whereRef('a.entry_id', '=', 'e.id')
              .where('a.state', '=', 'open'),
          );
          return underAppeal ? open : eb.not(open);
        });
      if (q) query = query.where((eb) => eb.or([contains('e.title', q), contains('e.description', q)]));
      const page = await paginate(
        query.orderBy('e.created_at', req.query.order ?? 'desc').orderBy('e.id'),
        req.query,
      );
      const [homes, settings] = await Promise.all([
        householdInfo(
          db,
          communityId,
          page.items.map((e) => e.household_id),
        ),
        redBlackSettings(db, communityId),
      ]);
      return {
        ...page,
        items: page.items.map((e) => entryView(e, homes.get(e.household_id), settings, now)),
      };
    },
  );

  app.post(
    '/communities/:communityId/red-black',
    {
      config: { access: access.community('redBlack.propose') },
      schema: {
        tags,
        summary:
          'Propose an entry for a household with evidence; a black-list entry cites the article breached',
        params: CommunityParams,
        body: Type.Object(
          {
            householdId: Id,
            list: StringEnum(lists),
            title: Text(80),
            description: Text(2000),
            conventionId: Type.Optional(Nullable(Id)),
            articleNumber: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
            fileIds: Type.Optional(Type.Array(Id, { maxItems: 9 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: EntryDetail },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const body = req.body;
      const h = await householdOf(db, communityId, body.householdId);
      requireCan(req, 'redBlack.propose', { compoundId: h.compound_id, buildingId: h.building_id });
      const conventionId = body.conventionId ?? null;
      const articleNumber = body.articleNumber ?? null;
      if (body.list === 'black' && (!conventionId || articleNumber === null))
        throw fieldError(400, 'red_black_article_required', conventionId ? 'articleNumber' : 'conventionId');
      if (conventionId) {
        const c = await db
          .selectFrom('conventions as c')
          .leftJoin('convention_versions as v', (j) =>
            j.onRef('v.community_id', '=', 'c.community_id').onRef('v.id', '=', 'c.adopted_version_id'),
          )
          .select(['c.compound_id', 'c.state', 'v.articles'])
          .where('c.community_id', '=', communityId)
          .where('c.id', '=', conventionId)
          .executeTakeFirst();
        if (!c) throw fieldError(400, 'bad_reference', 'conventionId', { what: 'convention' });
        if (c.state !== 'adopted' || !c.articles)
          throw fieldError(400, 'convention_not_adopted', 'conventionId');
        if (c.compound_id && c.compound_id !== h.compound_id)
          throw fieldError(400, 'convention_household_outside', 'householdId');
        if (articleNumber !== null && !articlesOf(c.articles).some((a) => a.number === articleNumber))
          throw fieldError(400, 'convention_article_unknown', 'articleNumber', { number: articleNumber });
      }
      const now = Date.now();
      const row: RedBlackEntriesTable = {
        community_id: communityId,
        id: newId(),
        compound_id: h.compound_id,
        building_id: h.building_id,
        household_id: h.id,
        list: body.list,
        title: filled(body.title, 'title'),
        description: filled(body.description, 'description'),
        convention_id: conventionId,
        article_number: articleNumber,
        state: 'proposed',
        branch_reviewed_by: null,
        branch_reviewed_at: null,
        committee_reviewed_by: null,
        committee_reviewed_at: null,
        review_note: null,
        rejected_by: null,
        rejected_at: null,
        publish_from: null,
        publish_until: null,
        published_by: null,
        expired_at: null,
        removed_by: null,
        removed_at: null,
        removal_reason: null,
        proposed_by: req.account!.id,
        created_at: now,
        updated_at: now,
        version: 1,
      };
      const told = await db.transaction().execute(async (trx) => {
        await trx.insertInto('red_black_entries').values(row).execute();
        await attachFiles(
          trx,
          communityId,
          body.fileIds ?? [],
          { type: entryFileType, id: row.id },
          req.account!.id,
        );
        await audit(trx, communityId, {
          ...actor(req),
          action: 'red_black.proposed',
          targetType: 'red_black_entry',
          targetId: row.id,
          after: { list: row.list, householdId: row.household_id, title: row.title, articleNumber },
        });
        const reviewers = (await reviewersOf(trx, communityId, row.compound_id)).filter(
          (id) => id !== req.account!.id,
        );
        return notify(
          app.deps,
          communityId,
          reviewers,
          {
            kind: 'red_black_proposed',
            params: { title: row.title },
            link: `/console/red-black/${row.id}`,
          },
          { trx },
        );
      });
      await told.publish();
      await announceEntry(app.deps, row);
      return reply.status(201).send(await view(communityId, row.id));
    },
  );

  app.get(
    '/communities/:communityId/red-black/stream',
    {
      config: { access: access.community('redBlack.propose') },
      schema: {
        tags,
        summary:
          'Live changes of the entries in my scope (server-sent `red_black` events: id, compoundId, buildingId)',
        description: 'Send Accept: text/event-stream (EventSource does); other requests get 406.',
        params: CommunityParams,
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      const filter = visibleRows(req, 'redBlack.propose');
      const communityId = communityOf(req).id;
      return streamEvents(req, reply, [redBlackTopic(communityId)], (e) => {
        const data = e.data as { compoundId: string; buildingId: string };
        return e.type === redBlackEventType && rowVisible(filter, { communityId, ...data });
      });
    },
  );

  app.get(
    '/communities/:communityId/red-black/:entryId',
    {
      config: { access: access.community('redBlack.propose') },
      schema: {
        tags,
        summary: 'An entry with its evidence, reviews and appeals',
        params: EntryParams,
        response: { 200: EntryDetail },
      },
    },
    async (req) => {
      const e = await load(req, req.params.entryId, 'redBlack.propose');
      return view(e.community_id, e.id);
    },
  );

  app.post(
    '/communities/:communityId/red-black/:entryId/review',
    {
      config: { access: access.community('redBlack.review') },
      schema: {
        tags,
        summary:
          'Review a proposed entry: two reviewers approve it (one the branch or staff); one rejection ends it',
        params: EntryParams,
        body: Type.Object(
          { approve: Type.Boolean(), note: Type.Optional(Text(500)) },
          { additionalProperties: false },
        ),
        response: { 200: EntryDetail },
      },
    },
    async (req) => {
      const e = await load(req, req.params.entryId, 'redBlack.review');
      const reviewer = { accountId: req.account!.id, asBranch: asBranch(req, e.compound_id) };
      const out = reviewEntry(
        {
          state: e.state as EntryState,
          branchReviewedBy: e.branch_reviewed_by,
          committeeReviewedBy: e.committee_reviewed_by,
        },
        reviewer,
        req.body.approve,
      );
      if (!out.ok)
        throw new AppError(
          409,
          out.reason === 'state'
            ? 'red_black_state'
            : out.reason === 'already_reviewed'
              ? 'red_black_already_reviewed'
              : 'red_black_needs_branch',
        );
      const now = Date.now();
      const set: Partial<RedBlackEntriesTable> =
        out.slot === 'branch'
          ? { branch_reviewed_by: reviewer.accountId, branch_reviewed_at: now }
          : { committee_reviewed_by: reviewer.accountId, committee_reviewed_at: now };
      if (req.body.note?.trim()) set.review_note = req.body.note.trim();
      if (out.state === 'rejected') Object.assign(set, { rejected_by: reviewer.accountId, rejected_at: now });
      await db
        .transaction()
        .execute((trx) =>
          advance(
            req,
            trx,
            e,
            out.state,
            set,
            req.body.approve ? 'red_black.reviewed' : 'red_black.rejected',
          ),
        );
      await announceEntry(app.deps, e);
      return view(e.community_id, e.id);
    },
  );

  app.post(
    '/communities/:communityId/red-black/:entryId/publish',
    {
      config: { access: access.community('redBlack.review') },
      schema: {
        tags,
        summary: 'Publish an approved entry for a period (default: the community’s); the household is told',
        params: EntryParams,
        body: Type.Object(
          { days: Type.Optional(Type.Integer({ minimum: 1, maximum: maxListDays })) },
          { additionalProperties: false },
        ),
        response: { 200: EntryDetail },
      },
    },
    async (req) => {
      const e = await load(req, req.params.entryId, 'redBlack.review');
      const next = entryNext(e.state as EntryState, 'publish');
      if (!next) throw new AppError(409, 'red_black_state');
      const settings = await redBlackSettings(db, e.community_id);
      const { from, until } = listPeriod(Date.now(), req.body.days ?? settings.defaultDays);
      const told = await db.transaction().execute(async (trx) => {
        await advance(
          req,
          trx,
          e,
          next,
          { publish_from: from, publish_until: until, published_by: req.account!.id },
          'red_black.published',
        );
        return tellHousehold(app, trx, e);
      });
      await told.publish();
      await announceEntry(app.deps, e);
      return view(e.community_id, e.id);
    },
  );

  app.post(
    '/communities/:communityId/red-black/:entryId/remove',
    {
      config: { access: access.community('redBlack.review') },
      schema: {
        tags,
        summary: 'Take an approved or published entry off the list, with the reason',
        params: EntryParams,
        body: Type.Object({ reason: Text(500) }, { additionalProperties: false }),
        response: { 200: EntryDetail },
      },
    },
    async (req) => {
      const e = await load(req, req.params.entryId, 'redBlack.review');
      const next = entryNext(e.state as EntryState, 'remove');
      if (!next) throw new AppError(409, 'red_black_state');
      const reason = filled(req.body.reason, 'reason');
      await db
        .transaction()
        .execute((trx) =>
          advance(
            req,
            trx,
            e,
            next,
            { removed_by: req.account!.id, removed_at: Date.now(), removal_reason: reason },
            'red_black.removed',
          ),
        );
      await announceEntry(app.deps, e);
      return view(e.community_id, e.id);
    },
  );

  app.get(
    '/communities/:communityId/red-black-appeals',
    {
      config: { access: access.community('redBlack.review') },
      schema: {
        tags,
        summary: 'Appeals against entries in my scope, oldest first, each with its age in days (exportable)',
        params: CommunityParams,
        querystring: ListQuery({
          state: Type.Optional(StringEnum(appealStates)),
          compoundId: Type.Optional(Id),
        }),
        response: { 200: Page(AppealView) },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const filter = visibleRows(req, 'redBlack.review');
      let query = db
        .selectFrom('red_black_appeals as a')
        .innerJoin('red_black_entries as e', (j) =>
          j.onRef('e.community_id', '=', 'a.community_id').onRef('e.id', '=', 'a.entry_id'),
        )
        .selectAll('a')
        .select(['e.title as entry_title', 'e.list'])
        .where('a.community_id', '=', communityId)
        .where((eb) => whereVisible(eb, filter, { compound: 'e.compound_id', building: 'e.building_id' }));
      const { state, compoundId, q } = req.query;
      if (state) query = query.where('a.state', '=', state);
      if (compoundId) query = query.where('a.compound_id', '=', compoundId);
      if (q) query = query.where((eb) => eb.or([contains('a.text', q), contains('e.title', q)]));
      const page = await paginate(
        query.orderBy('a.created_at', req.query.order ?? 'asc').orderBy('a.id'),
        req.query,
      );
      const homes = await householdInfo(
        db,
        communityId,
        page.items.map((a) => a.household_id),
      );
      const now = Date.now();
      return {
        ...page,
        items: page.items.map((a) => appealView(a, homes.get(a.household_id)?.householdName ?? '', now)),
      };
    },
  );

  app.post(
    '/communities/:communityId/red-black-appeals/:appealId/decide',
    {
      config: { access: access.community('redBlack.review') },
      schema: {
        tags,
        summary: 'Decide an appeal with reasons; an upheld appeal takes the entry off the list',
        params: Type.Object({ communityId: Id, appealId: Id }),
        body: Type.Object({ uphold: Type.Boolean(), text: Text(1000) }, { additionalProperties: false }),
        response: { 200: AppealView },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const a = await db
        .selectFrom('red_black_appeals')
        .selectAll()
        .where('community_id', '=', communityId)
        .where('id', '=', req.params.appealId)
        .executeTakeFirst();
      if (!a) throw new AppError(404, 'not_found');
      const e = await load(req, a.entry_id, 'redBlack.review');
      const now = Date.now();
      const out = decideAppeal(
        {
          state: a.state as AppealState,
          createdAt: a.created_at,
          decidedBy: a.decided_by,
          decidedAt: a.decided_at,
          decisionText: a.decision_text,
        },
        { by: req.account!.id, at: now, uphold: req.body.uphold, text: req.body.text },
      );
      if (!out.ok) throw decisionRefused(out.reason);
      const decided = out.appeal;
      const told: Notified = await db.transaction().execute(async (trx) => {
        const done = await trx
          .updateTable('red_black_appeals')
          .set({
            state: decided.state,
            open_key: null,
            decided_by: decided.decidedBy,
            decided_at: decided.decidedAt,
            decision_text: decided.decisionText,
          })
          .where('community_id', '=', communityId)
          .where('id', '=', a.id)
          .where('state', '=', 'open')
          .executeTakeFirst();
        if (Number(done.numUpdatedRows) !== 1) throw new AppError(409, 'red_black_appeal_decided');
        await audit(trx, communityId, {
          ...actor(req),
          action: 'red_black.appeal_decided',
          targetType: 'red_black_appeal',
          targetId: a.id,
          before: { state: 'open' },
          after: { state: decided.state, text: decided.decisionText, entryId: e.id },
        });
        const next = decided.state === 'upheld' ? entryNext(e.state as EntryState, 'uphold_appeal') : null;
        if (next)
          await advance(
            req,
            trx,
            e,
            next,
            { removed_by: req.account!.id, removed_at: now, removal_reason: decided.decisionText },
            'red_black.removed',
          );
        return notify(
          app.deps,
          communityId,
          [a.account_id],
          {
            kind: 'red_black_appeal_decided',
            params: { title: e.title },
            link: '/red-black',
          },
          { trx },
        );
      });
      await told.publish();
      await announceEntry(app.deps, e);
      const homes = await householdInfo(db, communityId, [a.household_id]);
      const row = await db
        .selectFrom('red_black_appeals')
        .selectAll()
        .where('community_id', '=', communityId)
        .where('id', '=', a.id)
        .executeTakeFirstOrThrow();
      return appealView(
        { ...row, entry_title: e.title, list: e.list },
        homes.get(a.household_id)?.householdName ?? '',
        now,
      );
    },
  );
};
