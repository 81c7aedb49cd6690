import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { access, actor, communityOf, requireCan, visibleRows } from '../../core/http/access';
import {
  CommunityParams,
  DateOnly,
  Id,
  ListQuery,
  Nullable,
  Page,
  StringEnum,
} from '../../core/http/schemas';
import { contains, paginate, whereVisible } from '../../core/db/query';
import { audit } from '../../core/audit';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import type { DB, OwnerCommitteesTable } from '../../core/db/schema';
import { assertDateOrder, defined, mustFind, mustRefer } from './common';
import { endMemberships, membershipRoutes } from './memberships';

/**
 * 业主委员会: one row per term (第N届) of a compound's owners' committee. A term is prepared
 * (筹备), serves (履职) and ends (届满); a compound has at most one serving term at a time.
 */

const statuses = ['preparing', 'serving', 'ended'] as const;
type Status = (typeof statuses)[number];
const StatusHelp = 'preparing 筹备 | serving 履职 | ended 届满';

const OwnerCommittee = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  compoundId: Type.String(),
  compoundName: Type.String(),
  termNo: Type.Integer({ description: '第N届' }),
  termStart: Nullable(DateOnly),
  termEnd: Nullable(DateOnly),
  status: StringEnum(statuses, { description: StatusHelp }),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});

const CommitteeParams = Type.Object({ communityId: Id, committeeId: Id });

const committeeScope = (c: OwnerCommitteesTable) => ({ compoundId: c.compound_id });

/** 409 when another term of the compound is already serving. */
async function assertNoneServing(
  db: Kysely<DB>,
  c: Pick<OwnerCommitteesTable, 'community_id' | 'compound_id'>,
) {
  const serving = await db
    .selectFrom('owner_committees')
    .select('term_no')
    .where('community_id', '=', c.community_id)
    .where('compound_id', '=', c.compound_id)
    .where('status', '=', 'serving')
    .executeTakeFirst();
  if (serving) throw new AppError(409, 'committee_already_serving', { termNo: serving.term_no });
}

export const committeeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  const withCompound = (communityId: string) =>
    db
      .selectFrom('owner_committees as oc')
      .innerJoin('compounds as c', (join) =>
        join.onRef('c.community_id', '=', 'oc.community_id').onRef('c.id', '=', 'oc.compound_id'),
      )
      .selectAll('oc')
      .select('c.name as compound_name')
      .where('oc.community_id', '=', communityId);

  const committee = (c: OwnerCommitteesTable & { compound_name: string }) => ({
    id: c.id,
    communityId: c.community_id,
    compoundId: c.compound_id,
    compoundName: c.compound_name,
    termNo: c.term_no,
    termStart: c.term_start,
    termEnd: c.term_end,
    status: c.status as Status,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  });

  async function present(communityId: string, id: string) {
    const row = await withCompound(communityId).where('oc.id', '=', id).executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found');
    return committee(row);
  }

  app.get(
    '/communities/:communityId/owner-committees',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['organisations'],
        summary: 'Owners’ committee terms (业委会); q searches the compound name',
        params: CommunityParams,
        querystring: ListQuery({
          compoundId: Type.Optional(Id),
          status: Type.Optional(StringEnum(statuses)),
        }),
        response: { 200: Page(OwnerCommittee) },
      },
    },
    async (req) => {
      const filter = visibleRows(req, 'org.read');
      const { compoundId, status, q } = req.query;
      let query = withCompound(communityOf(req).id).where((eb) =>
        whereVisible(eb, filter, { compound: 'oc.compound_id' }),
      );
      if (compoundId) query = query.where('oc.compound_id', '=', compoundId);
      if (status) query = query.where('oc.status', '=', status);
      if (q) query = query.where(contains('c.name', q));
      const page = await paginate(
        query
          .orderBy('c.name')
          .orderBy('oc.term_no', req.query.order ?? 'desc')
          .orderBy('oc.id'),
        req.query,
      );
      return { ...page, items: page.items.map(committee) };
    },
  );

  app.get(
    '/communities/:communityId/owner-committees/:committeeId',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['organisations'],
        summary: 'One owners’ committee term',
        params: CommitteeParams,
        response: { 200: OwnerCommittee },
      },
    },
    async (req) => {
      const row = await mustFind(db, 'owner_committees', req.params.communityId, req.params.committeeId);
      requireCan(req, 'org.read', committeeScope(row));
      return present(row.community_id, row.id);
    },
  );

  app.post(
    '/communities/:communityId/owner-committees',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Record a term of a compound’s owners’ committee',
        params: CommunityParams,
        body: Type.Object(
          {
            compoundId: Id,
            termNo: Type.Integer({ minimum: 1, maximum: 999 }),
            termStart: Type.Optional(Nullable(DateOnly)),
            termEnd: Type.Optional(Nullable(DateOnly)),
            status: Type.Optional(StringEnum(statuses, { description: `${StatusHelp}; default preparing` })),
          },
          { additionalProperties: false },
        ),
        response: { 201: OwnerCommittee },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const compound = await mustRefer(db, 'compounds', communityId, req.body.compoundId, 'compoundId');
      requireCan(req, 'org.write', { compoundId: compound.id });
      const { termNo, termStart = null, termEnd = null, status = 'preparing' } = req.body;
      assertDateOrder(termStart, termEnd);
      const row: OwnerCommitteesTable = {
        community_id: communityId,
        id: newId(),
        compound_id: compound.id,
        term_no: termNo,
        term_start: termStart,
        term_end: termEnd,
        status,
        created_at: Date.now(),
        updated_at: Date.now(),
      };
      await db.transaction().execute(async (trx) => {
        const taken = await trx
          .selectFrom('owner_committees')
          .select('id')
          .where('community_id', '=', communityId)
          .where('compound_id', '=', compound.id)
          .where('term_no', '=', termNo)
          .executeTakeFirst();
        if (taken) throw new AppError(409, 'committee_term_exists', { termNo });
        if (status === 'serving') await assertNoneServing(trx, row);
        await trx.insertInto('owner_committees').values(row).execute();
        await audit(trx, communityId, {
          ...actor(req),
          action: 'owner_committee.create',
          targetType: 'owner_committees',
          targetId: row.id,
          after: { compoundId: compound.id, termNo, status },
        });
      });
      return reply.status(201).send(await present(communityId, row.id));
    },
  );

  app.patch(
    '/communities/:communityId/owner-committees/:committeeId',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Change a term’s dates or move it on: preparing → serving → ended (ending ends its members)',
        params: CommitteeParams,
        body: Type.Object(
          {
            termStart: Type.Optional(Nullable(DateOnly)),
            termEnd: Type.Optional(Nullable(DateOnly)),
            status: Type.Optional(StringEnum(statuses, { description: StatusHelp })),
          },
          { additionalProperties: false },
        ),
        response: { 200: OwnerCommittee },
      },
    },
    async (req) => {
      const row = await mustFind(db, 'owner_committees', req.params.communityId, req.params.committeeId);
      requireCan(req, 'org.write', committeeScope(row));
      const { termStart, termEnd, status } = req.body;
      assertDateOrder(
        termStart === undefined ? row.term_start : termStart,
        termEnd === undefined ? row.term_end : termEnd,
      );
      const from = statuses.indexOf(row.status as Status);
      if (status && statuses.indexOf(status) < from) throw new AppError(409, 'committee_status_order');
      const moving = status !== undefined && status !== row.status;
      await db.transaction().execute(async (trx) => {
        if (moving && status === 'serving') await assertNoneServing(trx, row);
        if (moving && status === 'ended')
          await endMemberships(trx, 'committee_members', row.community_id, row.id, actor(req));
        await trx
          .updateTable('owner_committees')
          .set({ ...defined({ term_start: termStart, term_end: termEnd, status }), updated_at: Date.now() })
          .where('community_id', '=', row.community_id)
          .where('id', '=', row.id)
          .execute();
        // Whether a committee serves decides who may speak for the owners: on the record.
        if (moving)
          await audit(trx, row.community_id, {
            ...actor(req),
            action: 'owner_committee.status',
            targetType: 'owner_committees',
            targetId: row.id,
            before: { status: row.status },
            after: { status },
          });
      });
      return present(row.community_id, row.id);
    },
  );

  membershipRoutes(app, {
    table: 'committee_members',
    orgTable: 'owner_committees',
    orgPath: '/communities/:communityId/owner-committees/:committeeId',
    orgParam: 'committeeId',
    segment: 'members',
    tag: 'organisations',
    noun: 'committee member',
    positions: ['chair', 'vice_chair', 'member'],
    positionHelp: 'chair 主任 | vice_chair 副主任 | member 委员',
    soleHolder: ['chair'],
    scopeOf: committeeScope,
    isClosed: (c) => c.status === 'ended',
    // Members of an owners' committee are owners in its compound (业主委员会委员应当由业主担任).
    async checkCandidate(db, person, _position, c) {
      const owns = await db
        .selectFrom('ownerships')
        .select('id')
        .where('community_id', '=', c.community_id)
        .where('compound_id', '=', c.compound_id)
        .where('person_id', '=', person.id)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      if (!owns) throw new AppError(400, 'not_an_owner', { name: person.name });
    },
  });
};
