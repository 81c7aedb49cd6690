import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import { contains, paginate, whereVisible } from '../../core/db/query';
import type { CarePairingsTable } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { access, actor, communityOf, requireCan, visibleRows } from '../../core/http/access';
import {
  CommunityParams,
  DateOnly,
  Id,
  ListQuery,
  Ok,
  Page,
  StringEnum,
  Text,
} from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { notify } from '../notifications';
import { ContactLogInput, loadLog, logContact, logToOrder } from './logs';
import { NeedToOrder } from './needs';
import { shanghaiDay } from './plans';
import { careSettings, checkKinds } from './settings';
import {
  auditReads,
  ContactLog,
  contactLogViews,
  contactPhone,
  ContactsInput,
  homeOf,
  householdPlace,
  loadRecord,
  pairingStatuses,
  PairingView,
  pairingView,
  recordColumns,
  RecordDetail,
  recordDetail,
  RecordItem,
  recordItems,
  recordRows,
  recordScope,
  recordStates,
  replaceContacts,
  auditView,
  updateRecord,
} from './store';

/**
 * The care roster (关爱对象) in the console: community staff and the grid worker of the person's grid
 * keep the records, pair volunteers, log contacts and see the grid at a glance. Every read of a record
 * is audited. Volunteers reach the people paired with them through /me/care-pairs, not these routes.
 */

const RecordParams = Type.Object({ communityId: Id, recordId: Id });
const PairingParams = Type.Object({ communityId: Id, pairingId: Id });

const RecordFields = {
  kinds: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 10 }),
  reason: Type.Optional(Text(500)),
  notes: Type.Optional(Text(2000)),
  contacts: Type.Optional(ContactsInput),
};

const PlanFields = {
  callEveryDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
  visitEveryDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
};

export const recordRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, vault } = app.deps;

  /** The record, once the caller may do `action` where it is. */
  async function record(req: FastifyRequest, recordId: string, action: 'care.read' | 'care.manage') {
    const row = await loadRecord(db, communityOf(req).id, recordId);
    requireCan(req, action, recordScope(row));
    return row;
  }

  async function detail(req: FastifyRequest, recordId: string) {
    const row = await loadRecord(db, communityOf(req).id, recordId);
    await auditReads(req, row.community_id, 'care.view', [row.id]);
    return recordDetail(db, vault, row, false);
  }

  async function pairing(req: FastifyRequest, pairingId: string): Promise<CarePairingsTable> {
    const row = await db
      .selectFrom('care_pairings')
      .selectAll()
      .where('community_id', '=', communityOf(req).id)
      .where('id', '=', pairingId)
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found');
    await record(req, row.record_id, 'care.manage');
    return row;
  }

  app.get(
    '/communities/:communityId/care/records',
    {
      config: { access: access.community('care.read') },
      schema: {
        tags: ['care'],
        summary: 'The care roster (关爱对象) in my scope; every row shown is audited',
        params: CommunityParams,
        querystring: ListQuery({
          state: Type.Optional(StringEnum(recordStates)),
          kind: Type.Optional(Type.String({ maxLength: 40 })),
          compoundId: Type.Optional(Id),
          buildingId: Type.Optional(Id),
          gridId: Type.Optional(Id),
        }),
        response: { 200: Page(RecordItem) },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const q = req.query;
      let query = recordRows(db, communityId).where((eb) =>
        whereVisible(eb, visibleRows(req, 'care.read'), recordColumns),
      );
      query = query.where('r.state', '=', q.state ?? 'active');
      if (q.kind) query = query.where(contains('r.kinds_json', `"${q.kind}"`));
      if (q.compoundId) query = query.where('r.compound_id', '=', q.compoundId);
      if (q.buildingId) query = query.where('r.building_id', '=', q.buildingId);
      if (q.gridId) query = query.where('r.grid_id', '=', q.gridId);
      if (q.q) query = query.where(contains('p.name', q.q));
      const page = await paginate(query.orderBy('p.name', q.order ?? 'asc').orderBy('r.id'), q);
      const items = await recordItems(db, communityId, page.items, Date.now());
      await auditReads(
        req,
        communityId,
        'care.list',
        items.map((i) => i.id),
      );
      return { ...page, items };
    },
  );

  app.get(
    '/communities/:communityId/care/overview',
    {
      config: { access: access.community('care.read') },
      schema: {
        tags: ['care'],
        summary:
          'The grid worker’s page: every active care person in the grid (or my scope) with last contact, next due, overdue and open alarms',
        params: CommunityParams,
        querystring: Type.Object({ gridId: Type.Optional(Id) }),
        response: {
          200: Type.Object({
            gridId: Type.Union([Type.String(), Type.Null()]),
            today: Type.String(),
            total: Type.Integer(),
            overdue: Type.Integer(),
            openAlarms: Type.Integer(),
            unpaired: Type.Integer(),
            people: Type.Array(RecordItem),
          }),
        },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const { gridId } = req.query;
      let query = recordRows(db, communityId).where('r.state', '=', 'active');
      if (gridId) {
        const grid = await db
          .selectFrom('grids')
          .select('id')
          .where('community_id', '=', communityId)
          .where('id', '=', gridId)
          .executeTakeFirst();
        if (!grid) throw new AppError(404, 'not_found');
        requireCan(req, 'care.read', { gridId });
        query = query.where('r.grid_id', '=', gridId);
      } else query = query.where((eb) => whereVisible(eb, visibleRows(req, 'care.read'), recordColumns));
      const now = Date.now();
      const rows = await query
        .orderBy('b.name')
        .orderBy('rm.number')
        .orderBy('p.name')
        .orderBy('r.id')
        .limit(2000)
        .execute();
      const people = await recordItems(db, communityId, rows, now);
      // Overdue first, then the soonest due: the order a grid worker works down.
      people.sort(
        (a, b) =>
          Number(b.openAlarms > 0) - Number(a.openAlarms > 0) ||
          Number(b.overdue) - Number(a.overdue) ||
          (a.nextDueOn ?? '9999').localeCompare(b.nextDueOn ?? '9999'),
      );
      await auditReads(
        req,
        communityId,
        'care.list',
        people.map((p) => p.id),
      );
      return {
        gridId: gridId ?? null,
        today: shanghaiDay(now),
        total: people.length,
        overdue: people.filter((p) => p.overdue).length,
        openAlarms: people.reduce((n, p) => n + p.openAlarms, 0),
        unpaired: people.filter((p) => !p.volunteers.length).length,
        people,
      };
    },
  );

  app.post(
    '/communities/:communityId/care/records',
    {
      config: { access: access.community('care.manage') },
      schema: {
        tags: ['care'],
        summary: 'Put a person on the care roster (or back on it, when their record was closed)',
        params: CommunityParams,
        body: Type.Object(
          { personId: Id, householdId: Type.Optional(Id), ...RecordFields },
          { additionalProperties: false },
        ),
        response: { 201: RecordDetail },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const b = req.body;
      const person = await db
        .selectFrom('people')
        .select(['id'])
        .where('community_id', '=', communityId)
        .where('id', '=', b.personId)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (!person) throw fieldError(400, 'bad_reference', 'personId', { what: 'personId' });
      const place = b.householdId
        ? await householdPlace(db, communityId, b.householdId)
        : await homeOf(db, communityId, b.personId);
      if (b.householdId && !place)
        throw fieldError(400, 'bad_reference', 'householdId', { what: 'householdId' });
      const scope = {
        household_id: place?.household_id ?? null,
        compound_id: place?.compound_id ?? null,
        building_id: place?.building_id ?? null,
        room_id: place?.room_id ?? null,
        grid_id: place?.grid_id ?? null,
      };
      requireCan(req, 'care.manage', recordScope(scope));
      const kinds = checkKinds(await careSettings(db, communityId), b.kinds);
      const existing = await db
        .selectFrom('care_records')
        .selectAll()
        .where('community_id', '=', communityId)
        .where('person_id', '=', b.personId)
        .executeTakeFirst();
      if (existing?.state === 'active') throw new AppError(409, 'care_record_exists');
      const now = Date.now();
      const fields = {
        kinds_json: JSON.stringify(kinds),
        reason: b.reason?.trim() || null,
        notes: b.notes?.trim() || null,
        ...scope,
        state: 'active',
        closed_at: null,
        closed_by: null,
        close_reason: null,
        updated_at: now,
      };
      const id = existing?.id ?? newId();
      await db.transaction().execute(async (trx) => {
        if (existing)
          await trx
            .updateTable('care_records')
            .set(fields)
            .where('community_id', '=', communityId)
            .where('id', '=', id)
            .where('state', '=', 'closed')
            .execute();
        else
          await trx
            .insertInto('care_records')
            .values({
              community_id: communityId,
              id,
              person_id: b.personId,
              ...fields,
              created_by: req.account!.id,
              created_at: now,
            })
            .execute();
        if (b.contacts) await replaceContacts(trx, vault, communityId, id, b.contacts);
      });
      await audit(db, communityId, {
        ...actor(req),
        action: 'care.create',
        targetType: 'care_record',
        targetId: id,
        after: auditView(fields),
      });
      return reply.status(201).send(await detail(req, id));
    },
  );

  app.get(
    '/communities/:communityId/care/records/:recordId',
    {
      config: { access: access.community('care.read') },
      schema: {
        tags: ['care'],
        summary:
          'One care record with its contacts (phones masked), pairings, plans, recent contacts and alarms; audited',
        params: RecordParams,
        response: { 200: RecordDetail },
      },
    },
    async (req) => {
      await record(req, req.params.recordId, 'care.read');
      return detail(req, req.params.recordId);
    },
  );

  app.patch(
    '/communities/:communityId/care/records/:recordId',
    {
      config: { access: access.community('care.manage') },
      schema: {
        tags: ['care'],
        summary: 'Change a care record: kinds, reason, notes, emergency contacts (the whole list), household',
        params: RecordParams,
        body: Type.Object(
          {
            kinds: Type.Optional(RecordFields.kinds),
            reason: RecordFields.reason,
            notes: RecordFields.notes,
            contacts: RecordFields.contacts,
            householdId: Type.Optional(Id),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: RecordDetail },
      },
    },
    async (req) => {
      const row = await record(req, req.params.recordId, 'care.manage');
      const b = req.body;
      let scope = {};
      if (b.householdId) {
        const place = await householdPlace(db, row.community_id, b.householdId);
        if (!place) throw fieldError(400, 'bad_reference', 'householdId', { what: 'householdId' });
        scope = {
          household_id: place.household_id,
          compound_id: place.compound_id,
          building_id: place.building_id,
          room_id: place.room_id,
          grid_id: place.grid_id,
        };
        // Moving someone needs the right where they go as well as where they were.
        requireCan(req, 'care.manage', recordScope(place));
      }
      await updateRecord(req, row, { ...b, scope });
      return detail(req, row.id);
    },
  );

  app.post(
    '/communities/:communityId/care/records/:recordId/close',
    {
      config: { access: access.community('care.manage') },
      schema: {
        tags: ['care'],
        summary:
          'Take a person off the roster (moved away, passed away, no longer needed): pairings end, the record stays',
        params: RecordParams,
        body: Type.Object({ reason: Text(500) }, { additionalProperties: false }),
        response: { 200: RecordDetail },
      },
    },
    async (req) => {
      const row = await record(req, req.params.recordId, 'care.manage');
      if (row.state !== 'active') throw new AppError(409, 'care_record_closed');
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('care_records')
          .set({
            state: 'closed',
            closed_at: now,
            closed_by: req.account!.id,
            close_reason: req.body.reason.trim(),
            updated_at: now,
          })
          .where('community_id', '=', row.community_id)
          .where('id', '=', row.id)
          .execute();
        await trx
          .updateTable('care_pairings')
          .set({ ended_at: now, ended_by: req.account!.id, updated_at: now })
          .where('community_id', '=', row.community_id)
          .where('record_id', '=', row.id)
          .where('ended_at', 'is', null)
          .execute();
      });
      await audit(db, row.community_id, {
        ...actor(req),
        action: 'care.close',
        targetType: 'care_record',
        targetId: row.id,
        after: { reason: req.body.reason },
      });
      return detail(req, row.id);
    },
  );

  app.get(
    '/communities/:communityId/care/records/:recordId/contacts/:contactId/phone',
    {
      config: { access: access.community('care.read') },
      schema: {
        tags: ['care'],
        summary: 'An emergency contact’s whole phone number, to call them; audited',
        params: Type.Object({ communityId: Id, recordId: Id, contactId: Id }),
        response: { 200: Type.Object({ phone: Type.String() }) },
      },
    },
    async (req) => {
      const row = await record(req, req.params.recordId, 'care.read');
      requireCan(req, 'people.unmask', recordScope(row));
      const phone = await contactPhone(db, vault, row.community_id, row.id, req.params.contactId);
      await auditReads(req, row.community_id, 'care.unmask', [row.id], { contactId: req.params.contactId });
      return { phone };
    },
  );

  app.post(
    '/communities/:communityId/care/records/:recordId/pairings',
    {
      config: { access: access.community('care.manage') },
      schema: {
        tags: ['care'],
        summary:
          'Pair a volunteer or party member (a person with an account) with the care person, with a contact plan',
        params: RecordParams,
        body: Type.Object(
          { personId: Id, startsOn: Type.Optional(DateOnly), ...PlanFields },
          { additionalProperties: false },
        ),
        response: { 201: PairingView },
      },
    },
    async (req, reply) => {
      const row = await record(req, req.params.recordId, 'care.manage');
      if (row.state !== 'active') throw new AppError(409, 'care_record_closed');
      const b = req.body;
      const person = await db
        .selectFrom('people')
        .select(['id', 'account_id'])
        .where('community_id', '=', row.community_id)
        .where('id', '=', b.personId)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (!person) throw fieldError(400, 'bad_reference', 'personId', { what: 'personId' });
      if (person.id === row.person_id) throw fieldError(400, 'care_pair_self', 'personId');
      // Pairs keep in touch through the app: a person nobody can log in as could never be told.
      if (!person.account_id) throw fieldError(400, 'care_pair_no_account', 'personId');
      const settings = await careSettings(db, row.community_id);
      const now = Date.now();
      const id = newId();
      try {
        await db
          .insertInto('care_pairings')
          .values({
            community_id: row.community_id,
            id,
            record_id: row.id,
            person_id: person.id,
            call_every_days: b.callEveryDays ?? settings.callEveryDays,
            visit_every_days: b.visitEveryDays ?? settings.visitEveryDays,
            starts_on: b.startsOn ?? shanghaiDay(now),
            created_by: req.account!.id,
            created_at: now,
            updated_at: now,
            ended_at: null,
            ended_by: null,
          })
          .execute();
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505')
          throw new AppError(409, 'care_already_paired');
        throw err;
      }
      await audit(db, row.community_id, {
        ...actor(req),
        action: 'care.pair',
        targetType: 'care_record',
        targetId: row.id,
        after: { pairingId: id, personId: person.id },
      });
      await notify(app.deps, row.community_id, [person.account_id], {
        kind: 'care_paired',
        params: { name: row.name },
        link: `/care/pairs/${id}`,
      });
      const [status] = await pairingStatuses(db, row.community_id, [row.id], shanghaiDay(now)).then((all) =>
        all.filter((p) => p.id === id),
      );
      return reply.status(201).send(pairingView(status!));
    },
  );

  app.patch(
    '/communities/:communityId/care/pairings/:pairingId',
    {
      config: { access: access.community('care.manage') },
      schema: {
        tags: ['care'],
        summary: 'Change a pairing’s contact plan',
        params: PairingParams,
        body: Type.Object(PlanFields, { additionalProperties: false, minProperties: 1 }),
        response: { 200: PairingView },
      },
    },
    async (req) => {
      const p = await pairing(req, req.params.pairingId);
      if (p.ended_at !== null) throw new AppError(409, 'care_pairing_ended');
      await db
        .updateTable('care_pairings')
        .set({
          ...(req.body.callEveryDays ? { call_every_days: req.body.callEveryDays } : {}),
          ...(req.body.visitEveryDays ? { visit_every_days: req.body.visitEveryDays } : {}),
          updated_at: Date.now(),
        })
        .where('community_id', '=', p.community_id)
        .where('id', '=', p.id)
        .execute();
      const all = await pairingStatuses(db, p.community_id, [p.record_id], shanghaiDay(Date.now()));
      return pairingView(all.find((s) => s.id === p.id)!);
    },
  );

  app.post(
    '/communities/:communityId/care/pairings/:pairingId/end',
    {
      config: { access: access.community('care.manage') },
      schema: {
        tags: ['care'],
        summary: 'End a pairing (the volunteer no longer visits); its contacts stay in the log',
        params: PairingParams,
        response: { 200: Ok },
      },
    },
    async (req) => {
      const p = await pairing(req, req.params.pairingId);
      const now = Date.now();
      await db
        .updateTable('care_pairings')
        .set({ ended_at: now, ended_by: req.account!.id, updated_at: now })
        .where('community_id', '=', p.community_id)
        .where('id', '=', p.id)
        .where('ended_at', 'is', null)
        .execute();
      await audit(db, p.community_id, {
        ...actor(req),
        action: 'care.unpair',
        targetType: 'care_record',
        targetId: p.record_id,
        after: { pairingId: p.id, personId: p.person_id },
      });
      return { ok: true as const };
    },
  );

  app.get(
    '/communities/:communityId/care/records/:recordId/contact-logs',
    {
      config: { access: access.community('care.read') },
      schema: {
        tags: ['care'],
        summary: 'Every contact logged for a care person, newest first; audited',
        params: RecordParams,
        querystring: ListQuery({}),
        response: { 200: Page(ContactLog) },
      },
    },
    async (req) => {
      const row = await record(req, req.params.recordId, 'care.read');
      let query = db
        .selectFrom('care_contact_logs')
        .selectAll()
        .where('community_id', '=', row.community_id)
        .where('record_id', '=', row.id);
      if (req.query.q)
        query = query.where((eb) => eb.or([contains('needs', req.query.q!), contains('note', req.query.q!)]));
      const page = await paginate(
        query.orderBy('contacted_at', req.query.order ?? 'desc').orderBy('id'),
        req.query,
      );
      await auditReads(req, row.community_id, 'care.view', [row.id]);
      return { ...page, items: await contactLogViews(db, row.community_id, page.items) };
    },
  );

  app.post(
    '/communities/:communityId/care/records/:recordId/contact-logs',
    {
      config: { access: access.community('care.manage') },
      schema: {
        tags: ['care'],
        summary:
          'Log a contact (staff or the grid worker; for a volunteer who phoned it in, name the pairing)',
        params: RecordParams,
        body: Type.Object(
          { ...ContactLogInput.properties, pairingId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        response: { 201: ContactLog },
      },
    },
    async (req, reply) => {
      const row = await record(req, req.params.recordId, 'care.manage');
      const { pairingId, ...input } = req.body;
      if (pairingId) {
        const live = await db
          .selectFrom('care_pairings')
          .select('id')
          .where('community_id', '=', row.community_id)
          .where('id', '=', pairingId)
          .where('record_id', '=', row.id)
          .where('ended_at', 'is', null)
          .executeTakeFirst();
        if (!live) throw fieldError(400, 'bad_reference', 'pairingId', { what: 'pairingId' });
      }
      const log = await logContact(
        db,
        row,
        pairingId ?? null,
        { accountId: req.account!.id, name: req.account!.display_name },
        input,
      );
      return reply.status(201).send(log);
    },
  );

  app.post(
    '/communities/:communityId/care/contact-logs/:logId/order',
    {
      config: { access: access.community('care.manage') },
      schema: {
        tags: ['care'],
        summary:
          'Turn the needs a contact found into a service order for the care person’s household (one click)',
        params: Type.Object({ communityId: Id, logId: Id }),
        body: NeedToOrder,
        response: { 201: ContactLog },
      },
    },
    async (req, reply) => {
      const log = await loadLog(db, communityOf(req).id, req.params.logId);
      const row = await record(req, log.record_id, 'care.manage');
      requireCan(req, 'orders.create', recordScope(row));
      return reply
        .status(201)
        .send(await logToOrder(app.deps, row, log, req.body, req.account!.id, req.locale));
    },
  );
};
