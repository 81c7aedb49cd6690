import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import { contains, paginate, whereVisible } from '../../core/db/query';
import { AppError, fieldError } from '../../core/errors';
import { access, actor, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { DateOnly, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { ServiceEntry, entryRows, entryViews } from './entries';
import { creditService } from './ledger';
import { dayRange, sourceKinds } from './rules';
import { requireRef } from './store';

/**
 * The service ledger from the console: every entry in scope with its source (the figures link
 * here with the same filters), entries made by hand for service the app did not see (with a note
 * saying what), and voiding a wrong one with a reason. Voided entries stay listed and count for
 * nothing.
 */

export const EntryFilters = {
  personId: Type.Optional(Id),
  squadId: Type.Optional(Id),
  compoundId: Type.Optional(Id),
  sourceKind: Type.Optional(StringEnum(sourceKinds)),
  from: Type.Optional(DateOnly),
  to: Type.Optional(DateOnly),
  voided: Type.Optional(Type.Boolean({ description: 'true: only voided; false: only those that count' })),
};

const EntryParams = Type.Object({ communityId: Id, entryId: Id });

export const serviceEntryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  async function one(req: FastifyRequest, id: string) {
    const row = await entryRows(db)
      .where('e.community_id', '=', communityOf(req).id)
      .where('e.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found');
    return row;
  }

  app.get(
    '/communities/:communityId/service-entries',
    {
      config: { access: access.community('volunteers.read') },
      schema: {
        tags: ['volunteers'],
        summary: 'Service entries (服务记录) in my scope, newest first, each with its source',
        params: Type.Object({ communityId: Id }),
        querystring: ListQuery(EntryFilters),
        response: { 200: Page(ServiceEntry) },
      },
    },
    async (req) => {
      const f = req.query;
      const filter = visibleRows(req, 'volunteers.read');
      let query = entryRows(db)
        .where('e.community_id', '=', communityOf(req).id)
        .where((eb) =>
          whereVisible(eb, filter, { compound: 'e.compound_id', squad: 'e.squad_id', grid: 's.grid_id' }),
        );
      if (f.personId) query = query.where('e.person_id', '=', f.personId);
      if (f.squadId) query = query.where('e.squad_id', '=', f.squadId);
      if (f.compoundId) query = query.where('e.compound_id', '=', f.compoundId);
      if (f.sourceKind) query = query.where('e.source_kind', '=', f.sourceKind);
      if (f.from) query = query.where('e.at', '>=', dayRange(f.from, f.from).fromMs);
      if (f.to) query = query.where('e.at', '<', dayRange(f.to, f.to).toMs);
      if (f.voided !== undefined) query = query.where('e.voided_at', f.voided ? 'is not' : 'is', null);
      if (f.q?.trim())
        query = query.where((eb) => eb.or([contains('p.name', f.q!), contains('e.note', f.q!)]));
      const page = await paginate(query.orderBy('e.at', f.order ?? 'desc').orderBy('e.id'), f);
      return { ...page, items: await entryViews(db, page.items, req.locale) };
    },
  );

  app.post(
    '/communities/:communityId/service-entries',
    {
      config: { access: access.community('volunteers.manage') },
      schema: {
        tags: ['volunteers'],
        summary: 'Record service by hand (补录), with a note saying what it was',
        params: Type.Object({ communityId: Id }),
        body: Type.Object(
          {
            personId: Id,
            minutes: Type.Integer({ minimum: 1, maximum: 24 * 60 }),
            at: Type.Integer({ minimum: 0, description: 'when the service was given, epoch ms' }),
            note: Text(300),
            served: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100_000 }))),
            squadId: Type.Optional(Nullable(Id)),
            compoundId: Type.Optional(Nullable(Id)),
          },
          { additionalProperties: false },
        ),
        response: { 201: ServiceEntry },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const b = req.body;
      await requireRef(db, communityId, 'people', b.personId, 'personId');
      await requireRef(db, communityId, 'squads', b.squadId, 'squadId');
      await requireRef(db, communityId, 'compounds', b.compoundId, 'compoundId');
      if (b.at > Date.now() + 60_000) throw fieldError(400, 'service_entry_time', 'at');
      requireCan(req, 'volunteers.manage', { compoundId: b.compoundId ?? null, squadId: b.squadId ?? null });
      // A hand-made entry is its own source.
      const sourceId = newId();
      await db.transaction().execute(async (trx) => {
        await creditService(
          trx,
          communityId,
          [
            {
              personId: b.personId,
              squadId: b.squadId ?? null,
              compoundId: b.compoundId ?? null,
              sourceKind: 'manual',
              sourceId,
              minutes: b.minutes,
              served: b.served ?? null,
              at: b.at,
              note: b.note.trim(),
            },
          ],
          req.account!.id,
        );
        await audit(trx, communityId, {
          ...actor(req),
          action: 'service_entry.create',
          targetType: 'service_entry',
          targetId: sourceId,
          after: { personId: b.personId, minutes: b.minutes, at: b.at, note: b.note },
        });
      });
      const row = await entryRows(db)
        .where('e.community_id', '=', communityId)
        .where('e.source_kind', '=', 'manual')
        .where('e.source_id', '=', sourceId)
        .executeTakeFirstOrThrow();
      return reply.status(201).send((await entryViews(db, [row], req.locale))[0]!);
    },
  );

  app.post(
    '/communities/:communityId/service-entries/:entryId/void',
    {
      config: { access: access.community('volunteers.manage') },
      schema: {
        tags: ['volunteers'],
        summary: 'Void a wrong entry, with the reason; it stays listed and counts for nothing',
        params: EntryParams,
        body: Type.Object({ reason: Text(300) }, { additionalProperties: false }),
        response: { 200: ServiceEntry },
      },
    },
    async (req) => {
      const e = await one(req, req.params.entryId);
      requireCan(req, 'volunteers.manage', { compoundId: e.compound_id, squadId: e.squad_id });
      await db.transaction().execute(async (trx) => {
        const voided = await trx
          .updateTable('service_entries')
          .set({ voided_at: Date.now(), voided_by: req.account!.id, void_reason: req.body.reason.trim() })
          .where('community_id', '=', e.community_id)
          .where('id', '=', e.id)
          .where('voided_at', 'is', null)
          .executeTakeFirst();
        if (Number(voided.numUpdatedRows) !== 1) throw new AppError(409, 'service_entry_voided');
        await audit(trx, e.community_id, {
          ...actor(req),
          action: 'service_entry.void',
          targetType: 'service_entry',
          targetId: e.id,
          before: { minutes: e.minutes, personId: e.person_id },
          after: { voided: true, reason: req.body.reason },
        });
      });
      return (await entryViews(db, [await one(req, e.id)], req.locale))[0]!;
    },
  );
};
