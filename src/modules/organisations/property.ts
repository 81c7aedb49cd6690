import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
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
  Text,
} from '../../core/http/schemas';
import { contains, paginate, whereVisible } from '../../core/db/query';
import { audit } from '../../core/audit';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import { toHalfWidth } from '../../core/personal';
import type { PropertyCompaniesTable, PropertyContractsTable } from '../../core/db/schema';
import { assertDateOrder, chinaDate, defined, mustFind, mustRefer } from './common';
import { normalizeCreditCode } from './credit-code';

/**
 * Property companies (物业公司), a registry shared by all communities, and their contracts with
 * compounds. A compound's current company is the one with the active contract; a compound with
 * none has no property management (无物业), which is common in old compounds and perfectly valid.
 */

const PropertyCompany = Type.Object({
  id: Type.String(),
  name: Type.String(),
  creditCode: Nullable(Type.String({ description: '统一社会信用代码' })),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String()),
  createdAt: Type.Integer(),
  archivedAt: Nullable(Type.Integer()),
});

const contractStatuses = ['active', 'ended', 'terminated'] as const;
const ContractStatusHelp = 'active 履行中 | ended 到期结束 | terminated 提前解除';

const PropertyContract = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  compoundId: Type.String(),
  compoundName: Type.String(),
  companyId: Type.String(),
  companyName: Type.String(),
  startsOn: DateOnly,
  endsOn: Nullable(DateOnly),
  feeFenPerM2Month: Nullable(Type.Integer({ description: 'fee in fen per m² per month' })),
  status: StringEnum(contractStatuses, { description: ContractStatusHelp }),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});

const Fee = Type.Integer({ minimum: 0, maximum: 100_000, description: 'fen per m² per month' });
const ContractParams = Type.Object({ communityId: Id, contractId: Id });

const company = (c: PropertyCompaniesTable) => ({
  id: c.id,
  name: c.name,
  creditCode: c.credit_code,
  contactName: c.contact_name,
  contactPhone: c.contact_phone,
  createdAt: c.created_at,
  archivedAt: c.archived_at,
});

const contractScope = (c: PropertyContractsTable) => ({ compoundId: c.compound_id });

export const propertyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  const contracts = (communityId: string) =>
    db
      .selectFrom('property_contracts as pc')
      .innerJoin('compounds as c', (join) =>
        join.onRef('c.community_id', '=', 'pc.community_id').onRef('c.id', '=', 'pc.compound_id'),
      )
      .innerJoin('property_companies as co', 'co.id', 'pc.company_id')
      .selectAll('pc')
      .select(['c.name as compound_name', 'co.name as company_name'])
      .where('pc.community_id', '=', communityId);

  const contract = (c: PropertyContractsTable & { compound_name: string; company_name: string }) => ({
    id: c.id,
    communityId: c.community_id,
    compoundId: c.compound_id,
    compoundName: c.compound_name,
    companyId: c.company_id,
    companyName: c.company_name,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    feeFenPerM2Month: c.fee_fen_per_m2_month,
    status: c.status as (typeof contractStatuses)[number],
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  });

  async function present(communityId: string, id: string) {
    const c = await contracts(communityId).where('pc.id', '=', id).executeTakeFirst();
    if (!c) throw new AppError(404, 'not_found');
    return contract(c);
  }

  app.get(
    '/property-companies',
    {
      config: { access: access.session() },
      schema: {
        tags: ['organisations'],
        summary: 'The registry of property companies; q searches name and credit code',
        querystring: ListQuery({ archived: Type.Optional(Type.Boolean()) }),
        response: { 200: Page(PropertyCompany) },
      },
    },
    async (req) => {
      const { archived, q } = req.query;
      let query = db
        .selectFrom('property_companies')
        .selectAll()
        .where('archived_at', archived ? 'is not' : 'is', null);
      if (q) query = query.where((eb) => eb.or([contains('name', q), contains('credit_code', q)]));
      const page = await paginate(query.orderBy('name', req.query.order ?? 'asc').orderBy('id'), req.query);
      return { ...page, items: page.items.map(company) };
    },
  );

  app.post(
    '/communities/:communityId/property-companies',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Register a property company (200 with the existing one when its credit code is known)',
        params: CommunityParams,
        body: Type.Object(
          {
            name: Text(100),
            creditCode: Type.Optional(Text(30)),
            contactName: Type.Optional(Nullable(Text(30))),
            contactPhone: Type.Optional(Nullable(Text(30))),
          },
          { additionalProperties: false },
        ),
        response: { 200: PropertyCompany, 201: PropertyCompany },
      },
    },
    async (req, reply) => {
      requireCan(req, 'org.write', {});
      let creditCode: string | null = null;
      if (req.body.creditCode !== undefined) {
        creditCode = normalizeCreditCode(req.body.creditCode);
        if (!creditCode) throw new AppError(400, 'invalid_credit_code');
        const existing = await db
          .selectFrom('property_companies')
          .selectAll()
          .where('credit_code', '=', creditCode)
          .executeTakeFirst();
        if (existing) return reply.status(200).send(company(existing));
      }
      const row: PropertyCompaniesTable = {
        id: newId(),
        name: req.body.name.trim(),
        credit_code: creditCode,
        contact_name: req.body.contactName?.trim() || null,
        // A company's switchboard or landline, not a resident's number: kept as typed.
        contact_phone: req.body.contactPhone ? toHalfWidth(req.body.contactPhone).trim() : null,
        created_at: Date.now(),
        archived_at: null,
      };
      await db.insertInto('property_companies').values(row).execute();
      return reply.status(201).send(company(row));
    },
  );

  app.get(
    '/communities/:communityId/property-contracts',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['organisations'],
        summary: 'Property service contracts of the compounds; q searches the company name',
        params: CommunityParams,
        querystring: ListQuery({
          compoundId: Type.Optional(Id),
          companyId: Type.Optional(Id),
          status: Type.Optional(StringEnum(contractStatuses)),
        }),
        response: { 200: Page(PropertyContract) },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const filter = visibleRows(req, 'org.read');
      const { compoundId, companyId, status, q } = req.query;
      let query = contracts(communityId).where((eb) =>
        whereVisible(eb, filter, { compound: 'pc.compound_id' }),
      );
      if (compoundId) query = query.where('pc.compound_id', '=', compoundId);
      if (companyId) query = query.where('pc.company_id', '=', companyId);
      if (status) query = query.where('pc.status', '=', status);
      if (q) query = query.where(contains('co.name', q));
      const page = await paginate(
        query.orderBy('pc.starts_on', req.query.order ?? 'desc').orderBy('pc.id'),
        req.query,
      );
      return { ...page, items: page.items.map(contract) };
    },
  );

  app.get(
    '/communities/:communityId/property-contracts/:contractId',
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: ['organisations'],
        summary: 'One property contract',
        params: ContractParams,
        response: { 200: PropertyContract },
      },
    },
    async (req) => {
      const row = await mustFind(db, 'property_contracts', req.params.communityId, req.params.contractId);
      requireCan(req, 'org.read', contractScope(row));
      return present(row.community_id, row.id);
    },
  );

  app.post(
    '/communities/:communityId/property-contracts',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Sign a compound up with a property company (the contract is active from now)',
        params: CommunityParams,
        body: Type.Object(
          {
            compoundId: Id,
            companyId: Id,
            startsOn: DateOnly,
            endsOn: Type.Optional(Nullable(DateOnly)),
            feeFenPerM2Month: Type.Optional(Nullable(Fee)),
          },
          { additionalProperties: false },
        ),
        response: { 201: PropertyContract },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const compound = await mustRefer(db, 'compounds', communityId, req.body.compoundId, 'compoundId');
      requireCan(req, 'org.write', { compoundId: compound.id });
      const firm = await db
        .selectFrom('property_companies')
        .select('id')
        .where('id', '=', req.body.companyId)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (!firm) throw new AppError(400, 'bad_reference', { what: 'companyId' });
      const { startsOn, endsOn = null, feeFenPerM2Month = null } = req.body;
      assertDateOrder(startsOn, endsOn);
      const now = Date.now();
      const row: PropertyContractsTable = {
        community_id: communityId,
        id: newId(),
        compound_id: compound.id,
        company_id: firm.id,
        starts_on: startsOn,
        ends_on: endsOn,
        fee_fen_per_m2_month: feeFenPerM2Month,
        status: 'active',
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        const active = await trx
          .selectFrom('property_contracts')
          .select('id')
          .where('community_id', '=', communityId)
          .where('compound_id', '=', compound.id)
          .where('status', '=', 'active')
          .executeTakeFirst();
        if (active) throw new AppError(409, 'contract_active_exists');
        await trx.insertInto('property_contracts').values(row).execute();
        await trx
          .updateTable('compounds')
          .set({ property_company_id: firm.id, updated_at: now })
          .where('community_id', '=', communityId)
          .where('id', '=', compound.id)
          .execute();
        // Who manages a compound decides who answers its residents: on the record.
        await audit(trx, communityId, {
          ...actor(req),
          action: 'property_contract.activate',
          targetType: 'property_contracts',
          targetId: row.id,
          before: { propertyCompanyId: compound.property_company_id },
          after: { propertyCompanyId: firm.id, startsOn, endsOn, feeFenPerM2Month },
        });
      });
      return reply.status(201).send(await present(communityId, row.id));
    },
  );

  app.patch(
    '/communities/:communityId/property-contracts/:contractId',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary: 'Change a contract’s end date or fee',
        params: ContractParams,
        body: Type.Object(
          { endsOn: Type.Optional(Nullable(DateOnly)), feeFenPerM2Month: Type.Optional(Nullable(Fee)) },
          { additionalProperties: false },
        ),
        response: { 200: PropertyContract },
      },
    },
    async (req) => {
      const row = await mustFind(db, 'property_contracts', req.params.communityId, req.params.contractId);
      requireCan(req, 'org.write', contractScope(row));
      const { endsOn, feeFenPerM2Month } = req.body;
      if (endsOn !== undefined) assertDateOrder(row.starts_on, endsOn);
      const changes = defined({ ends_on: endsOn, fee_fen_per_m2_month: feeFenPerM2Month });
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('property_contracts')
          .set({ ...changes, updated_at: Date.now() })
          .where('community_id', '=', row.community_id)
          .where('id', '=', row.id)
          .execute();
        // The fee is a figure every owner pays: its changes are kept.
        await audit(trx, row.community_id, {
          ...actor(req),
          action: 'property_contract.update',
          targetType: 'property_contracts',
          targetId: row.id,
          before: { ends_on: row.ends_on, fee_fen_per_m2_month: row.fee_fen_per_m2_month },
          after: changes,
        });
      });
      return present(row.community_id, row.id);
    },
  );

  app.post(
    '/communities/:communityId/property-contracts/:contractId/end',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['organisations'],
        summary:
          'End a contract (ended at term, or terminated early); the compound is then without a company',
        params: ContractParams,
        body: Type.Object(
          {
            status: Type.Optional(
              StringEnum(['ended', 'terminated'] as const, { description: 'default ended' }),
            ),
            endsOn: Type.Optional(DateOnly),
          },
          { additionalProperties: false },
        ),
        response: { 200: PropertyContract },
      },
    },
    async (req) => {
      const row = await mustFind(db, 'property_contracts', req.params.communityId, req.params.contractId);
      requireCan(req, 'org.write', contractScope(row));
      if (row.status !== 'active') throw new AppError(409, 'contract_not_active');
      const { status = 'ended', endsOn = chinaDate() } = req.body;
      assertDateOrder(row.starts_on, endsOn);
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('property_contracts')
          .set({ status, ends_on: endsOn, updated_at: now })
          .where('community_id', '=', row.community_id)
          .where('id', '=', row.id)
          .execute();
        await trx
          .updateTable('compounds')
          .set({ property_company_id: null, updated_at: now })
          .where('community_id', '=', row.community_id)
          .where('id', '=', row.compound_id)
          .where('property_company_id', '=', row.company_id)
          .execute();
        await audit(trx, row.community_id, {
          ...actor(req),
          action: 'property_contract.end',
          targetType: 'property_contracts',
          targetId: row.id,
          before: { status: row.status, propertyCompanyId: row.company_id },
          after: { status, endsOn, propertyCompanyId: null },
        });
      });
      return present(row.community_id, row.id);
    },
  );
};
