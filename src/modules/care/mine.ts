import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { paginate } from '../../core/db/query';
import { AppError } from '../../core/errors';
import { access } from '../../core/http/access';
import { Id, Page, PageQuery, StringEnum, Text } from '../../core/http/schemas';
import { loadLog, ContactLogInput, logContact, logToOrder } from './logs';
import { NeedToOrder } from './needs';
import { nextDue, shanghaiDay } from './plans';
import {
  auditReads,
  ContactLog,
  contactPhone,
  ContactsInput,
  loadRecord,
  pairingStatuses,
  RecordDetail,
  recordDetail,
  RecordItem,
  recordItems,
  recordRows,
  updateRecord,
} from './store';

/**
 * The care roster from the phone. A care person (or the family they named as an emergency contact
 * with an account) sees and corrects their own record; a volunteer or party member sees only the
 * people paired with them, logs contacts and turns needs into orders. Every read is audited.
 */

const PairParams = Type.Object({ pairingId: Id });

const MyCareRecord = Type.Object({
  ...RecordDetail.properties,
  relation: StringEnum(['self', 'family'] as const, { description: 'my own record, or a family member’s' }),
});

const MyPair = Type.Object({
  ...RecordItem.properties,
  pairingId: Type.String(),
  callEveryDays: Type.Integer(),
  visitEveryDays: Type.Integer(),
});

const MyPairDetail = Type.Object({ ...RecordDetail.properties, pairingId: Type.String() });

export const mineRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, vault } = app.deps;
  const me = (req: FastifyRequest) => req.account!.id;

  /** The live pairings of the caller: through their people, in any community. */
  const myPairings = (req: FastifyRequest) =>
    db
      .selectFrom('care_pairings as cp')
      .innerJoin('people as v', (j) =>
        j.onRef('v.community_id', '=', 'cp.community_id').onRef('v.id', '=', 'cp.person_id'),
      )
      .innerJoin('care_records as r', (j) =>
        j.onRef('r.community_id', '=', 'cp.community_id').onRef('r.id', '=', 'cp.record_id'),
      )
      .where('v.account_id', '=', me(req))
      .where('cp.ended_at', 'is', null)
      .where('r.state', '=', 'active');

  /** The caller's pairing and its record; 404 for anyone else's (as unknown as a made-up id). */
  async function myPair(req: FastifyRequest, pairingId: string) {
    const p = await myPairings(req)
      .select(['cp.id', 'cp.community_id', 'cp.record_id'])
      .where('cp.id', '=', pairingId)
      .executeTakeFirst();
    if (!p) throw new AppError(404, 'not_found');
    return { pairing: p, record: await loadRecord(db, p.community_id, p.record_id) };
  }

  /** Records the caller may see as their own: theirs, or a family member's who named them. */
  async function ownRecords(req: FastifyRequest) {
    const [self, family] = await Promise.all([
      db
        .selectFrom('care_records as r')
        .innerJoin('people as p', (j) =>
          j.onRef('p.community_id', '=', 'r.community_id').onRef('p.id', '=', 'r.person_id'),
        )
        .select(['r.community_id', 'r.id'])
        .where('p.account_id', '=', me(req))
        .where('r.state', '=', 'active')
        .execute(),
      db
        .selectFrom('care_contacts as c')
        .innerJoin('care_records as r', (j) =>
          j.onRef('r.community_id', '=', 'c.community_id').onRef('r.id', '=', 'c.record_id'),
        )
        .select(['r.community_id', 'r.id'])
        .where('c.account_id', '=', me(req))
        .where('c.removed_at', 'is', null)
        .where('r.state', '=', 'active')
        .execute(),
    ]);
    const seen = new Map<string, { communityId: string; id: string; relation: 'self' | 'family' }>();
    for (const r of self) seen.set(r.id, { communityId: r.community_id, id: r.id, relation: 'self' });
    for (const r of family)
      if (!seen.has(r.id)) seen.set(r.id, { communityId: r.community_id, id: r.id, relation: 'family' });
    return [...seen.values()];
  }

  app.get(
    '/me/care',
    {
      config: { access: access.session() },
      schema: {
        tags: ['care'],
        summary: 'My care record, and those of family members who named me as their emergency contact',
        response: { 200: Page(MyCareRecord) },
      },
    },
    async (req) => {
      const own = await ownRecords(req);
      const items = [];
      for (const o of own) {
        const row = await loadRecord(db, o.communityId, o.id);
        await auditReads(req, o.communityId, 'care.view', [o.id]);
        items.push({ ...(await recordDetail(db, vault, row, true)), relation: o.relation });
      }
      return { items, total: items.length, page: 1, pageSize: Math.max(items.length, 1) };
    },
  );

  app.patch(
    '/me/care/:recordId',
    {
      config: { access: access.session() },
      schema: {
        tags: ['care'],
        summary: 'Correct my (or my family member’s) care record: kinds, reason, notes, emergency contacts',
        params: Type.Object({ recordId: Id }),
        body: Type.Object(
          {
            kinds: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 10 })),
            reason: Type.Optional(Text(500)),
            notes: Type.Optional(Text(2000)),
            contacts: Type.Optional(ContactsInput),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: MyCareRecord },
      },
    },
    async (req) => {
      const own = (await ownRecords(req)).find((o) => o.id === req.params.recordId);
      if (!own) throw new AppError(404, 'not_found');
      await updateRecord(req, await loadRecord(db, own.communityId, own.id), req.body);
      const row = await loadRecord(db, own.communityId, own.id);
      return { ...(await recordDetail(db, vault, row, true)), relation: own.relation };
    },
  );

  app.get(
    '/me/care-pairs',
    {
      config: { access: access.session() },
      schema: {
        tags: ['care'],
        summary: 'The care people paired with me, with my plan’s next contact; every row shown is audited',
        querystring: Type.Object({
          page: PageQuery.properties.page,
          pageSize: PageQuery.properties.pageSize,
        }),
        response: { 200: Page(MyPair) },
      },
    },
    async (req) => {
      const page = await paginate(
        myPairings(req)
          .select(['cp.id', 'cp.community_id', 'cp.record_id', 'cp.call_every_days', 'cp.visit_every_days'])
          .orderBy('cp.created_at')
          .orderBy('cp.id'),
        req.query,
      );
      const now = Date.now();
      const items = [];
      for (const p of page.items) {
        const row = await recordRows(db, p.community_id)
          .where('r.id', '=', p.record_id)
          .executeTakeFirstOrThrow();
        const [item] = await recordItems(db, p.community_id, [row], now);
        const mine = (await pairingStatuses(db, p.community_id, [p.record_id], shanghaiDay(now))).find(
          (s) => s.id === p.id,
        );
        // My own plan's next contact, not the other volunteers'.
        const next = nextDue(mine?.items ?? []);
        items.push({
          ...item!,
          nextDueOn: next?.dueOn ?? null,
          nextDueKind: next?.kind ?? null,
          overdue: !!mine?.items.some((i) => i.overdue),
          pairingId: p.id,
          callEveryDays: p.call_every_days,
          visitEveryDays: p.visit_every_days,
        });
        await auditReads(req, p.community_id, 'care.list', [p.record_id]);
      }
      return { ...page, items };
    },
  );

  app.get(
    '/me/care-pairs/:pairingId',
    {
      config: { access: access.session() },
      schema: {
        tags: ['care'],
        summary: 'One person paired with me: their record (contacts masked), plans, recent contacts; audited',
        params: PairParams,
        response: { 200: MyPairDetail },
      },
    },
    async (req) => {
      const { pairing, record } = await myPair(req, req.params.pairingId);
      await auditReads(req, record.community_id, 'care.view', [record.id]);
      return { ...(await recordDetail(db, vault, record, false)), pairingId: pairing.id };
    },
  );

  app.get(
    '/me/care-pairs/:pairingId/contacts/:contactId/phone',
    {
      config: { access: access.session() },
      schema: {
        tags: ['care'],
        summary:
          'An emergency contact’s whole phone number, to call them when the person is not reached; audited',
        params: Type.Object({ pairingId: Id, contactId: Id }),
        response: { 200: Type.Object({ phone: Type.String() }) },
      },
    },
    async (req) => {
      const { record } = await myPair(req, req.params.pairingId);
      const phone = await contactPhone(db, vault, record.community_id, record.id, req.params.contactId);
      await auditReads(req, record.community_id, 'care.unmask', [record.id], {
        contactId: req.params.contactId,
      });
      return { phone };
    },
  );

  app.post(
    '/me/care-pairs/:pairingId/contact-logs',
    {
      config: { access: access.session() },
      schema: {
        tags: ['care'],
        summary: 'Log a greeting call or home visit with the person paired with me',
        params: PairParams,
        body: ContactLogInput,
        response: { 201: ContactLog },
      },
    },
    async (req, reply) => {
      const { pairing, record } = await myPair(req, req.params.pairingId);
      const log = await logContact(
        db,
        record,
        pairing.id,
        { accountId: me(req), name: req.account!.display_name },
        req.body,
      );
      return reply.status(201).send(log);
    },
  );

  app.post(
    '/me/care-pairs/:pairingId/contact-logs/:logId/order',
    {
      config: { access: access.session() },
      schema: {
        tags: ['care'],
        summary: 'Turn the needs I found on a contact into a service order for the person (one click)',
        params: Type.Object({ pairingId: Id, logId: Id }),
        body: NeedToOrder,
        response: { 201: ContactLog },
      },
    },
    async (req, reply) => {
      const { pairing, record } = await myPair(req, req.params.pairingId);
      const log = await loadLog(db, record.community_id, req.params.logId);
      if (log.pairing_id !== pairing.id) throw new AppError(404, 'not_found');
      return reply.status(201).send(await logToOrder(app.deps, record, log, req.body, me(req), req.locale));
    },
  );
};
