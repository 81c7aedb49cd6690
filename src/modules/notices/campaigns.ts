import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import { contains, paginate, whereVisible } from '../../core/db/query';
import type { RectificationCampaignsTable, RectificationNoticesTable } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { access, actor, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { DateOnly, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { todayInShanghai } from '../../core/time';
import { notify, type Notified } from '../notifications';
import { locked } from '../votes/store';
import { requireNoticeFont } from '../votes/notice';
import { FileIds, fileTypes, setAttachments } from './attachments';
import { kindsOf, requireKind } from './kinds';
import {
  reachedHouseholds,
  resolveTargets,
  TargetInput,
  targetsOf,
  TargetView,
  whereAllTargetsVisible,
  insertTargets,
} from './places';
import { renderRectifications } from './print';
import {
  checkResults,
  campaignStates,
  deliveryMethods,
  nextState,
  nextSteps,
  rectificationStates,
  staffDeliveryMethods,
  summarise,
  type RectificationState,
  type SummaryRow,
} from './rectification-rules';
import {
  campaignOf,
  campaignText,
  Figures,
  parseFigures,
  rectificationDetail,
  RectificationDetail,
  RectificationRow,
  rectificationRow,
  rectificationRows,
  type RectificationRecord,
} from './rectification-store';
import { reaches, targetScope, type Area, type Target } from './visibility';

/**
 * 整改告知书 in the console: a campaign for one problem over some places, a notice per household (or
 * per place without one), delivery, follow-up checks with photos, the outcome and next step, the
 * campaign's summary, and the printed notices.
 */

const action = 'rectification.manage';
/** The most notices one printed batch holds; a larger campaign prints building by building. */
export const maxBatch = 500;

const CampaignSummary = Type.Object({
  notices: Type.Integer(),
  places: Type.Integer({ description: 'first-round notices: households and places found' }),
  households: Type.Integer(),
  secondNotices: Type.Integer(),
  delivered: Type.Integer(),
  deliveredBy: Type.Record(Type.String(), Type.Integer()),
  readInApp: Type.Integer(),
  replied: Type.Integer(),
  done: Type.Integer(),
  notDone: Type.Integer(),
  pending: Type.Integer(),
  overdue: Type.Integer(),
  nextSteps: Type.Record(Type.String(), Type.Integer()),
  figures: Figures,
});

const CampaignItem = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  kind: Type.String(),
  kindNameZh: Type.String(),
  kindNameEn: Type.String(),
  title: Type.String(),
  deadline: Type.String(),
  state: StringEnum(campaignStates),
  targetsText: Type.String(),
  notices: Type.Integer(),
  done: Type.Integer(),
  notDone: Type.Integer(),
  pending: Type.Integer(),
  createdAt: Type.Integer(),
  closedAt: Nullable(Type.Integer()),
});

const CampaignDetail = Type.Object({
  ...CampaignItem.properties,
  problem: Type.String(),
  requirement: Type.String(),
  legalBasis: Nullable(Type.String()),
  issuer: Type.String(),
  targets: Type.Array(TargetView),
  summary: CampaignSummary,
  summaryNote: Nullable(Type.String()),
});

const CampaignText = {
  title: Text(100),
  problem: Text(500),
  requirement: Text(500),
  legalBasis: Type.Optional(Nullable(Text(200))),
  issuer: Text(100),
};

const CampaignInput = Type.Object(
  {
    kind: Type.String({ minLength: 1, maxLength: 40 }),
    ...CampaignText,
    deadline: DateOnly,
    targets: Type.Array(TargetInput, { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: false },
);

const IssueInput = Type.Object(
  {
    allHouseholds: Type.Optional(Type.Boolean({ description: 'every household in the campaign’s places' })),
    householdIds: Type.Optional(Type.Array(Id, { maxItems: 5000, uniqueItems: true })),
    places: Type.Optional(
      Type.Array(
        Type.Object(
          {
            compoundId: Type.Optional(Id),
            buildingId: Type.Optional(Id),
            entranceId: Type.Optional(Id),
            placeText: Text(100),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
    deadline: Type.Optional(DateOnly),
  },
  { additionalProperties: false },
);

const CampaignParams = Type.Object({ communityId: Id, campaignId: Id });
const NoticeParams = Type.Object({ communityId: Id, noticeId: Id });

const trimmed = (field: string, text: string) => {
  const out = text.trim();
  if (!out) throw fieldError(400, 'validation', field, { detail: field });
  return out;
};

export const campaignRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  function requireTargets(req: FastifyRequest, targets: readonly Target[]) {
    for (const t of targets) requireCan(req, action, targetScope(t));
  }

  async function loadCampaign(req: FastifyRequest, campaignId: string) {
    const communityId = communityOf(req).id;
    const row = await db
      .selectFrom('rectification_campaigns')
      .selectAll()
      .where('community_id', '=', communityId)
      .where('id', '=', campaignId)
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found');
    const targets = (await targetsOf(db, communityId, 'campaign', [row.id])).get(row.id) ?? [];
    requireTargets(req, targets);
    return { row, targets };
  }

  async function loadNotice(req: FastifyRequest, noticeId: string) {
    const n = await rectificationRows(db)
      .where('n.community_id', '=', communityOf(req).id)
      .where('n.id', '=', noticeId)
      .executeTakeFirst();
    if (!n) throw new AppError(404, 'not_found');
    requireCan(req, action, { compoundId: n.compound_id, buildingId: n.building_id });
    return n;
  }

  async function summaryRows(
    communityId: string,
    campaignIds: readonly string[],
  ): Promise<Map<string, SummaryRow[]>> {
    const rows = campaignIds.length
      ? await db
          .selectFrom('rectification_notices')
          .select([
            'campaign_id',
            'state',
            'round',
            'delivery_method',
            'read_at',
            'next_step',
            'deadline',
            'household_id',
          ])
          .where('community_id', '=', communityId)
          .where('campaign_id', 'in', [...campaignIds])
          .execute()
      : [];
    const out = new Map<string, SummaryRow[]>(campaignIds.map((id) => [id, []]));
    for (const r of rows)
      out.get(r.campaign_id)?.push({
        state: r.state as SummaryRow['state'],
        round: r.round,
        deliveryMethod: r.delivery_method as SummaryRow['deliveryMethod'],
        readAt: r.read_at,
        nextStep: r.next_step as SummaryRow['nextStep'],
        deadline: r.deadline,
        householdId: r.household_id,
      });
    return out;
  }

  async function campaignItems(communityId: string, rows: readonly RectificationCampaignsTable[]) {
    const ids = rows.map((r) => r.id);
    const [targets, notices, kinds] = await Promise.all([
      targetsOf(db, communityId, 'campaign', ids),
      summaryRows(communityId, ids),
      kindsOf(db, communityId),
    ]);
    const today = todayInShanghai();
    return rows.map((c) => {
      const kind = kinds.find((k) => k.code === c.kind);
      const summary = summarise(notices.get(c.id) ?? [], parseFigures(c), today);
      return {
        item: {
          id: c.id,
          communityId: c.community_id,
          kind: c.kind,
          kindNameZh: kind?.nameZh ?? c.kind,
          kindNameEn: kind?.nameEn ?? c.kind,
          title: c.title,
          deadline: c.deadline,
          state: c.state as (typeof campaignStates)[number],
          targetsText: (targets.get(c.id) ?? []).map((t) => t.name).join('、'),
          notices: summary.notices,
          done: summary.done,
          notDone: summary.notDone,
          pending: summary.pending,
          createdAt: c.created_at,
          closedAt: c.closed_at,
        },
        targets: targets.get(c.id) ?? [],
        summary,
      };
    });
  }

  async function campaignDetail(communityId: string, c: RectificationCampaignsTable) {
    const [{ item, targets, summary }] = (await campaignItems(communityId, [c])) as [
      Awaited<ReturnType<typeof campaignItems>>[number],
    ];
    return {
      ...item,
      problem: c.problem,
      requirement: c.requirement,
      legalBasis: c.legal_basis,
      issuer: c.issuer,
      targets,
      summary,
      summaryNote: c.summary_note,
    };
  }

  async function noticeDetail(n: RectificationRecord) {
    const campaign = await campaignOf(db, n.community_id, n.campaign_id);
    const kind = (await kindsOf(db, n.community_id)).find((k) => k.code === campaign.kind);
    return rectificationDetail(db, n, kind ?? { nameZh: campaign.kind, nameEn: campaign.kind });
  }

  function requireOpen(c: RectificationCampaignsTable) {
    if (c.state !== 'open') throw new AppError(409, 'rectification_campaign_closed');
  }

  function requireDeadline(date: string, field = 'deadline') {
    if (date < todayInShanghai()) throw fieldError(400, 'rectification_deadline', field);
    return date;
  }

  /** Tells each household's accounts about its own notice (after the transaction commits). */
  async function tellHouseholds(
    trx: typeof db,
    communityId: string,
    notices: readonly Pick<RectificationNoticesTable, 'id' | 'household_id' | 'deadline'>[],
    title: string,
  ): Promise<Notified[]> {
    const homes = notices.filter((n) => n.household_id);
    if (!homes.length) return [];
    const bindings = await trx
      .selectFrom('household_bindings')
      .select(['household_id', 'account_id'])
      .where('community_id', '=', communityId)
      .where('status', '=', 'confirmed')
      .where(
        'household_id',
        'in',
        homes.map((n) => n.household_id!),
      )
      .execute();
    const out: Notified[] = [];
    for (const n of homes) {
      const accounts = bindings.filter((b) => b.household_id === n.household_id).map((b) => b.account_id);
      if (accounts.length)
        out.push(
          await notify(
            app.deps,
            communityId,
            accounts,
            {
              kind: 'rectification_issued',
              params: { title, deadline: n.deadline },
              link: `/rectifications/${n.id}`,
            },
            { trx },
          ),
        );
    }
    return out;
  }

  async function sendPdf(
    req: FastifyRequest,
    reply: FastifyReply,
    notices: RectificationRecord[],
    name: string,
  ) {
    const font = await requireNoticeFont(app.deps.config, req.log, 'rectification_font_missing');
    const communityId = communityOf(req).id;
    const kinds = await kindsOf(db, communityId);
    const campaigns = new Map<string, RectificationCampaignsTable>();
    for (const n of notices)
      if (!campaigns.has(n.campaign_id))
        campaigns.set(n.campaign_id, await campaignOf(db, communityId, n.campaign_id));
    const printable = notices.map((n) => {
      const c = campaigns.get(n.campaign_id)!;
      const kind = kinds.find((k) => k.code === c.kind) ?? { nameZh: c.kind, nameEn: c.kind };
      const row = rectificationRow(n);
      return { ...row, ...campaignText(c, kind, n.created_at), householdName: n.household_name };
    });
    const pdf = await renderRectifications(font, printable, `${req.protocol}://${req.host}`);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="${name}.pdf"`)
      .send(pdf);
  }

  app.get(
    '/communities/:communityId/rectification-campaigns',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['rectification'],
        summary: 'Rectification campaigns over places in my scope, newest first',
        params: Type.Object({ communityId: Id }),
        querystring: ListQuery({
          state: Type.Optional(StringEnum(campaignStates)),
          kind: Type.Optional(Type.String({ maxLength: 40 })),
        }),
        response: { 200: Page(CampaignItem) },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const filter = visibleRows(req, action);
      let query = db
        .selectFrom('rectification_campaigns as c')
        .selectAll('c')
        .where('c.community_id', '=', communityId)
        .where((eb) => whereAllTargetsVisible(eb, filter, 'campaign', 'c'));
      if (req.query.state) query = query.where('c.state', '=', req.query.state);
      if (req.query.kind) query = query.where('c.kind', '=', req.query.kind);
      if (req.query.q) query = query.where(contains('c.title', req.query.q));
      const page = await paginate(
        query.orderBy('c.created_at', req.query.order ?? 'desc').orderBy('c.id'),
        req.query,
      );
      return { ...page, items: (await campaignItems(communityId, page.items)).map((c) => c.item) };
    },
  );

  app.post(
    '/communities/:communityId/rectification-campaigns',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['rectification'],
        summary: 'Start a campaign for one problem over some places, with a deadline',
        params: Type.Object({ communityId: Id }),
        body: CampaignInput,
        response: { 201: CampaignDetail },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const b = req.body;
      const targets = await resolveTargets(db, communityId, b.targets);
      requireTargets(req, targets);
      await requireKind(db, communityId, b.kind);
      const now = Date.now();
      const row: RectificationCampaignsTable = {
        community_id: communityId,
        id: newId(),
        kind: b.kind,
        title: trimmed('title', b.title),
        problem: trimmed('problem', b.problem),
        requirement: trimmed('requirement', b.requirement),
        legal_basis: b.legalBasis?.trim() || null,
        issuer: trimmed('issuer', b.issuer),
        deadline: requireDeadline(b.deadline),
        state: 'open',
        figures: '[]',
        summary_note: null,
        created_by: req.account!.id,
        created_at: now,
        updated_at: now,
        closed_at: null,
        closed_by: null,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('rectification_campaigns').values(row).execute();
        await insertTargets(trx, { type: 'campaign', id: row.id }, targets);
      });
      return reply.status(201).send(await campaignDetail(communityId, row));
    },
  );

  app.get(
    '/communities/:communityId/rectification-campaigns/:campaignId',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['rectification'],
        summary: 'One campaign with its summary',
        params: CampaignParams,
        response: { 200: CampaignDetail },
      },
    },
    async (req) => {
      const { row } = await loadCampaign(req, req.params.campaignId);
      return campaignDetail(row.community_id, row);
    },
  );

  app.patch(
    '/communities/:communityId/rectification-campaigns/:campaignId',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['rectification'],
        summary: 'Correct a campaign’s wording (notices print the current wording)',
        params: CampaignParams,
        body: Type.Partial(Type.Object(CampaignText), { additionalProperties: false }),
        response: { 200: CampaignDetail },
      },
    },
    async (req) => {
      const { row } = await loadCampaign(req, req.params.campaignId);
      requireOpen(row);
      const b = req.body;
      await db
        .updateTable('rectification_campaigns')
        .set({
          ...(b.title !== undefined ? { title: trimmed('title', b.title) } : {}),
          ...(b.problem !== undefined ? { problem: trimmed('problem', b.problem) } : {}),
          ...(b.requirement !== undefined ? { requirement: trimmed('requirement', b.requirement) } : {}),
          ...(b.legalBasis !== undefined ? { legal_basis: b.legalBasis?.trim() || null } : {}),
          ...(b.issuer !== undefined ? { issuer: trimmed('issuer', b.issuer) } : {}),
          updated_at: Date.now(),
        })
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.id)
        .execute();
      return campaignDetail(row.community_id, await campaignOf(db, row.community_id, row.id));
    },
  );

  app.put(
    '/communities/:communityId/rectification-campaigns/:campaignId/summary',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['rectification'],
        summary: 'The campaign’s own figures (e.g. 清理单元 5 个, 清运垃圾 8 车) and a closing note',
        params: CampaignParams,
        body: Type.Object(
          { figures: Figures, note: Type.Optional(Nullable(Text(1000))) },
          { additionalProperties: false },
        ),
        response: { 200: CampaignDetail },
      },
    },
    async (req) => {
      const { row } = await loadCampaign(req, req.params.campaignId);
      const figures = req.body.figures.map((f) => ({
        label: trimmed('figures', f.label),
        value: f.value,
        unit: f.unit?.trim() || null,
      }));
      await db
        .updateTable('rectification_campaigns')
        .set({
          figures: JSON.stringify(figures),
          summary_note: req.body.note?.trim() || null,
          updated_at: Date.now(),
        })
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.id)
        .execute();
      await audit(db, row.community_id, {
        ...actor(req),
        action: 'rectification.summary',
        targetType: 'rectification_campaign',
        targetId: row.id,
        before: { figures: parseFigures(row) },
        after: { figures },
      });
      return campaignDetail(row.community_id, await campaignOf(db, row.community_id, row.id));
    },
  );

  app.post(
    '/communities/:communityId/rectification-campaigns/:campaignId/close',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['rectification'],
        summary: 'Close the campaign: no more notices; its record and summary stay',
        params: CampaignParams,
        response: { 200: CampaignDetail },
      },
    },
    async (req) => {
      const { row } = await loadCampaign(req, req.params.campaignId);
      requireOpen(row);
      const now = Date.now();
      await db
        .updateTable('rectification_campaigns')
        .set({ state: 'closed', closed_at: now, closed_by: req.account!.id, updated_at: now })
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.id)
        .where('state', '=', 'open')
        .execute();
      return campaignDetail(row.community_id, await campaignOf(db, row.community_id, row.id));
    },
  );

  app.post(
    '/communities/:communityId/rectification-campaigns/:campaignId/notices',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['rectification'],
        summary:
          'Issue notices: to every household in the campaign’s places, to chosen households, or to places without one; households already served are skipped',
        params: CampaignParams,
        body: IssueInput,
        response: {
          201: Type.Object({
            created: Type.Integer(),
            skipped: Type.Integer(),
            items: Type.Array(RectificationRow),
          }),
        },
      },
    },
    async (req, reply) => {
      const { row: campaign, targets } = await loadCampaign(req, req.params.campaignId);
      requireOpen(campaign);
      const b = req.body;
      const communityId = campaign.community_id;
      if (!b.allHouseholds && !b.householdIds?.length && !b.places?.length)
        throw new AppError(400, 'rectification_nothing');
      const deadline = b.deadline ? requireDeadline(b.deadline) : campaign.deadline;

      const reached = await reachedHouseholds(db, communityId, 'campaign', campaign.id)
        .select(['h.id', 'h.compound_id', 'h.building_id', 'r.entrance_id', 'h.room_id'])
        .execute();
      const byId = new Map(reached.map((h) => [h.id, h]));
      const chosen = b.allHouseholds ? reached : (b.householdIds ?? []).map((id) => byId.get(id));
      if (chosen.some((h) => !h)) throw fieldError(400, 'rectification_outside', 'householdIds');

      const places: (Area & { placeText: string })[] = [];
      for (const [i, p] of (b.places ?? []).entries()) {
        const [target] = await resolveTargets(db, communityId, [
          p.entranceId
            ? { kind: 'entrance', id: p.entranceId }
            : p.buildingId
              ? { kind: 'building', id: p.buildingId }
              : { kind: 'compound', id: p.compoundId ?? '' },
        ]).catch((err: unknown) => {
          throw err instanceof AppError
            ? fieldError(400, 'bad_reference', `places/${i}`, { what: 'place' })
            : err;
        });
        const area = {
          communityId,
          compoundId: target!.compoundId!,
          buildingId: target!.buildingId,
          entranceId: target!.entranceId,
        };
        if (!targets.some((t) => reaches(t, area)))
          throw fieldError(400, 'rectification_outside', `places/${i}`);
        const placeText = p.placeText.trim();
        if (!placeText) throw fieldError(400, 'rectification_place_required', `places/${i}`);
        places.push({ ...area, placeText });
      }

      const now = Date.now();
      const base = {
        community_id: communityId,
        campaign_id: campaign.id,
        round: 1,
        previous_id: null,
        deadline,
        state: 'issued',
        delivery_method: null,
        delivered_at: null,
        delivered_by: null,
        read_at: null,
        read_by: null,
        replied_at: null,
        replied_by: null,
        reply_note: null,
        outcome_at: null,
        outcome_by: null,
        next_step: null,
        next_step_note: null,
        reminded_at: null,
        created_by: req.account!.id,
        created_at: now,
        updated_at: now,
      } as const;
      const { rows, told, skipped } = await db.transaction().execute(async (trx) => {
        // The campaign row is the lock: two desks issuing at once get consecutive numbers.
        await locked(
          trx
            .selectFrom('rectification_campaigns')
            .select('id')
            .where('community_id', '=', communityId)
            .where('id', '=', campaign.id),
          app.deps.database.dialect,
        ).executeTakeFirst();
        const existing = await trx
          .selectFrom('rectification_notices')
          .select(['household_id', sql<number>`max(seq)`.as('seq')])
          .where('community_id', '=', communityId)
          .where('campaign_id', '=', campaign.id)
          .groupBy('household_id')
          .execute();
        const served = new Set(existing.map((e) => e.household_id));
        let seq = Math.max(0, ...existing.map((e) => Number(e.seq)));
        const fresh = chosen.filter((h) => !served.has(h!.id));
        const rows: RectificationNoticesTable[] = [
          ...fresh.map((h) => ({
            ...base,
            id: newId(),
            seq: ++seq,
            compound_id: h!.compound_id,
            building_id: h!.building_id,
            entrance_id: h!.entrance_id,
            room_id: h!.room_id,
            household_id: h!.id,
            place_text: null,
          })),
          ...places.map((p) => ({
            ...base,
            id: newId(),
            seq: ++seq,
            compound_id: p.compoundId,
            building_id: p.buildingId,
            entrance_id: p.entranceId,
            room_id: null,
            household_id: null,
            place_text: p.placeText,
          })),
        ];
        for (let i = 0; i < rows.length; i += 200)
          await trx
            .insertInto('rectification_notices')
            .values(rows.slice(i, i + 200))
            .execute();
        const told = await tellHouseholds(trx, communityId, rows, campaign.title);
        return { rows, told, skipped: chosen.length - fresh.length };
      });
      for (const n of told) await n.publish();
      const items = rows.length
        ? await rectificationRows(db)
            .where('n.community_id', '=', communityId)
            .where(
              'n.id',
              'in',
              rows.map((r) => r.id),
            )
            .orderBy('n.seq')
            .execute()
        : [];
      return reply.status(201).send({ created: rows.length, skipped, items: items.map(rectificationRow) });
    },
  );

  const NoticeFilters = {
    state: Type.Optional(StringEnum(rectificationStates)),
    delivered: Type.Optional(Type.Boolean()),
    deliveryMethod: Type.Optional(StringEnum(deliveryMethods)),
    buildingId: Type.Optional(Id),
    entranceId: Type.Optional(Id),
    round: Type.Optional(Type.Integer({ minimum: 1, maximum: 9 })),
  };

  function filteredNotices(
    req: FastifyRequest,
    campaignId: string,
    q: Partial<Record<keyof typeof NoticeFilters | 'q', unknown>>,
  ) {
    const filter = visibleRows(req, action);
    let query = rectificationRows(db)
      .where('n.community_id', '=', communityOf(req).id)
      .where('n.campaign_id', '=', campaignId)
      .where((eb) => whereVisible(eb, filter, { compound: 'n.compound_id', building: 'n.building_id' }));
    if (typeof q.state === 'string') query = query.where('n.state', '=', q.state);
    if (typeof q.delivered === 'boolean')
      query = query.where('n.delivered_at', q.delivered ? 'is not' : 'is', null);
    if (typeof q.deliveryMethod === 'string') query = query.where('n.delivery_method', '=', q.deliveryMethod);
    if (typeof q.buildingId === 'string') query = query.where('n.building_id', '=', q.buildingId);
    if (typeof q.entranceId === 'string') query = query.where('n.entrance_id', '=', q.entranceId);
    if (typeof q.round === 'number') query = query.where('n.round', '=', q.round);
    if (typeof q.q === 'string' && q.q)
      query = query.where((eb) =>
        eb.or([
          contains('h.name', q.q as string),
          contains('r.number', q.q as string),
          contains('n.place_text', q.q as string),
        ]),
      );
    return query;
  }

  app.get(
    '/communities/:communityId/rectification-campaigns/:campaignId/notices',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['rectification'],
        summary: 'The campaign’s notices, in number order (flat rows: the door-knock sheet)',
        params: CampaignParams,
        querystring: ListQuery(NoticeFilters),
        response: { 200: Page(RectificationRow) },
      },
    },
    async (req) => {
      const { row } = await loadCampaign(req, req.params.campaignId);
      const page = await paginate(
        filteredNotices(req, row.id, req.query)
          .orderBy('n.seq', req.query.order ?? 'asc')
          .orderBy('n.id'),
        req.query,
      );
      return { ...page, items: page.items.map(rectificationRow) };
    },
  );

  app.get(
    '/communities/:communityId/rectification-campaigns/:campaignId/notices.pdf',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['rectification'],
        summary: `All the campaign’s notices as one PDF to print (A4, one page each, at most ${maxBatch}); same filters as the list`,
        params: CampaignParams,
        querystring: Type.Object(NoticeFilters),
      },
    },
    async (req, reply) => {
      const { row } = await loadCampaign(req, req.params.campaignId);
      const notices = await filteredNotices(req, row.id, req.query)
        .orderBy('n.seq')
        .limit(maxBatch + 1)
        .execute();
      if (notices.length > maxBatch) throw new AppError(400, 'rectification_too_many', { max: maxBatch });
      return sendPdf(req, reply, notices, `rectification-${row.id}`);
    },
  );

  app.get(
    '/communities/:communityId/rectification-notices/:noticeId',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['rectification'],
        summary: 'One notice with the reply, the checks and their photos',
        params: NoticeParams,
        response: { 200: RectificationDetail },
      },
    },
    async (req) => noticeDetail(await loadNotice(req, req.params.noticeId)),
  );

  app.get(
    '/communities/:communityId/rectification-notices/:noticeId/notice.pdf',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['rectification'],
        summary: 'The notice as a printable A4 PDF with a QR code to its online copy',
        params: NoticeParams,
      },
    },
    async (req, reply) => {
      const n = await loadNotice(req, req.params.noticeId);
      return sendPdf(req, reply, [n], `rectification-notice-${n.id}`);
    },
  );

  app.post(
    '/communities/:communityId/rectification-notices/:noticeId/delivery',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['rectification'],
        summary: 'Record how the notice was delivered: posted on the door or handed over',
        params: NoticeParams,
        body: Type.Object({ method: StringEnum(staffDeliveryMethods) }, { additionalProperties: false }),
        response: { 200: RectificationDetail },
      },
    },
    async (req) => {
      const n = await loadNotice(req, req.params.noticeId);
      const now = Date.now();
      const done = await db
        .updateTable('rectification_notices')
        .set({
          delivery_method: req.body.method,
          delivered_at: now,
          delivered_by: req.account!.id,
          updated_at: now,
        })
        .where('community_id', '=', n.community_id)
        .where('id', '=', n.id)
        .where('delivered_at', 'is', null)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw new AppError(409, 'rectification_delivered');
      return noticeDetail(await loadNotice(req, n.id));
    },
  );

  app.post(
    '/communities/:communityId/rectification-notices/:noticeId/checks',
    {
      config: { access: access.community(action) },
      schema: {
        tags: ['rectification'],
        summary:
          'A follow-up check with photos: done closes the notice; not done with a next step closes it with that step (a second notice is issued at once); not done without one leaves it open',
        params: NoticeParams,
        body: Type.Object(
          {
            result: StringEnum(checkResults),
            note: Type.Optional(Text(500)),
            fileIds: Type.Optional(FileIds),
            nextStep: Type.Optional(StringEnum(nextSteps)),
            nextStepNote: Type.Optional(Text(500)),
            deadline: Type.Optional(DateOnly),
          },
          { additionalProperties: false },
        ),
        response: { 200: RectificationDetail },
      },
    },
    async (req) => {
      const n = await loadNotice(req, req.params.noticeId);
      const b = req.body;
      const nextStep = b.nextStep ?? null;
      const after = nextState(n.state as RectificationState, {
        type: 'check',
        result: b.result,
        nextStep,
      });
      if (!after) throw new AppError(409, 'rectification_state');
      if (nextStep === 'second_notice' && !b.deadline)
        throw fieldError(400, 'rectification_second_deadline', 'deadline');
      const secondDeadline = nextStep === 'second_notice' ? requireDeadline(b.deadline!) : null;
      const campaign = await campaignOf(db, n.community_id, n.campaign_id);
      if (secondDeadline) requireOpen(campaign);
      const now = Date.now();
      const told = await db.transaction().execute(async (trx) => {
        const moved = await trx
          .updateTable('rectification_notices')
          .set({
            state: after,
            ...(after === 'done' || after === 'not_done'
              ? { outcome_at: now, outcome_by: req.account!.id }
              : {}),
            next_step: nextStep,
            next_step_note: nextStep ? b.nextStepNote?.trim() || null : null,
            updated_at: now,
          })
          .where('community_id', '=', n.community_id)
          .where('id', '=', n.id)
          .where('state', '=', n.state)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) throw new AppError(409, 'rectification_state');
        const checkId = newId();
        await trx
          .insertInto('rectification_checks')
          .values({
            community_id: n.community_id,
            id: checkId,
            notice_id: n.id,
            result: b.result,
            note: b.note?.trim() || null,
            checked_by: req.account!.id,
            checked_at: now,
          })
          .execute();
        await setAttachments(
          trx,
          n.community_id,
          { type: fileTypes.check, id: checkId },
          b.fileIds ?? [],
          req.account!.id,
        );
        if (!secondDeadline) return [];
        await locked(
          trx
            .selectFrom('rectification_campaigns')
            .select('id')
            .where('community_id', '=', n.community_id)
            .where('id', '=', n.campaign_id),
          app.deps.database.dialect,
        ).executeTakeFirst();
        const last = await trx
          .selectFrom('rectification_notices')
          .select(sql<number>`max(seq)`.as('seq'))
          .where('community_id', '=', n.community_id)
          .where('campaign_id', '=', n.campaign_id)
          .executeTakeFirst();
        const second: RectificationNoticesTable = {
          community_id: n.community_id,
          id: newId(),
          campaign_id: n.campaign_id,
          seq: Number(last?.seq ?? 0) + 1,
          round: n.round + 1,
          previous_id: n.id,
          compound_id: n.compound_id,
          building_id: n.building_id,
          entrance_id: n.entrance_id,
          room_id: n.room_id,
          household_id: n.household_id,
          place_text: n.place_text,
          deadline: secondDeadline,
          state: 'issued',
          delivery_method: null,
          delivered_at: null,
          delivered_by: null,
          read_at: null,
          read_by: null,
          replied_at: null,
          replied_by: null,
          reply_note: null,
          outcome_at: null,
          outcome_by: null,
          next_step: null,
          next_step_note: null,
          reminded_at: null,
          created_by: req.account!.id,
          created_at: now,
          updated_at: now,
        };
        await trx.insertInto('rectification_notices').values(second).execute();
        return tellHouseholds(trx, n.community_id, [second], campaign.title);
      });
      for (const t of told) await t.publish();
      return noticeDetail(await loadNotice(req, n.id));
    },
  );
};
