import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { todayInShanghai } from '../../core/time';
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { rowVisible } from '../../core/access/policy';
import { audit } from '../../core/audit';
import type { Vault } from '../../core/crypto';
import { contains, paginate } from '../../core/db/query';
import type { PeopleTable } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
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
import { newId } from '../../core/ids';
import { maskIdNumber, normalizeIdNumber, normalizePhone } from '../../core/personal';
import {
  currentResidenceOf,
  findHousehold,
  findPerson,
  homesOf,
  livesWithin,
  maskedPhone,
  requireCanHousehold,
  requireCanPerson,
  type Home,
} from './store';
import {
  flagNeedle,
  genders,
  parseFlags,
  personFlags,
  politicalStatuses,
  residencyKinds,
  storeFlags,
} from './vocabulary';

/** 居民: the people register. Phone and ID numbers are sealed at rest and only ever shown masked here. */

/** A name with something in it besides spaces. */
export const Name = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
export const Relation = Nullable(Text(20, 0));

const HomeSchema = Type.Object({
  residencyId: Type.String(),
  householdId: Type.String(),
  householdName: Type.String(),
  roomId: Type.String(),
  compoundId: Type.String(),
  buildingId: Type.String(),
  kind: StringEnum(residencyKinds),
  relation: Nullable(Type.String({ description: '与户主关系' })),
  since: Nullable(Type.String()),
  until: Nullable(Type.String()),
});

export const Person = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  name: Type.String(),
  phone: Nullable(Type.String({ description: 'masked, e.g. 138****1234; see …/unmask' })),
  idNumber: Nullable(Type.String({ description: 'masked, e.g. 4301**********1234; see …/unmask' })),
  gender: Nullable(StringEnum(genders)),
  birthYear: Nullable(Type.Integer()),
  politicalStatus: StringEnum(politicalStatuses, { description: '政治面貌' }),
  flags: Nullable(
    Type.Array(StringEnum(personFlags), {
      description:
        'care circumstances (独居, 空巢…): null unless the caller holds care.read where the person lives',
    }),
  ),
  notes: Nullable(Type.String()),
  homes: Type.Array(HomeSchema, { description: 'current homes the caller may see' }),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  archivedAt: Nullable(Type.Integer()),
});

const PersonFields = {
  name: Name(40),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 30, description: 'mainland mobile number' }))),
  idNumber: Type.Optional(Nullable(Type.String({ maxLength: 30, description: '18-character ID number' }))),
  gender: Type.Optional(Nullable(StringEnum(genders))),
  birthYear: Type.Optional(Nullable(Type.Integer({ minimum: 1900, maximum: 2100 }))),
  politicalStatus: Type.Optional(StringEnum(politicalStatuses)),
  flags: Type.Optional(Type.Array(StringEnum(personFlags), { uniqueItems: true })),
  notes: Type.Optional(Nullable(Text(500, 0))),
};

const PersonCreate = Type.Object(
  {
    ...PersonFields,
    residence: Type.Optional(
      Type.Object(
        {
          householdId: Id,
          kind: StringEnum(residencyKinds),
          relation: Type.Optional(Relation),
          since: Type.Optional(Nullable(DateOnly)),
        },
        {
          additionalProperties: false,
          description:
            'register the person straight into a household; needed by roles that reach only their own grid or compound',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
const PersonPatch = Type.Partial(Type.Object(PersonFields), { additionalProperties: false });

const PersonParams = Type.Object({ communityId: Id, personId: Id });

type NumberColumns = Pick<PeopleTable, 'phone_sealed' | 'phone_hash' | 'id_number_sealed' | 'id_number_hash'>;

/**
 * Phone and ID number as typed → sealed columns plus look-up hashes (400 when not valid).
 * Undefined leaves a number alone; null or blank clears it.
 */
function sealNumbers(
  vault: Vault,
  input: { phone?: string | null; idNumber?: string | null },
): Partial<NumberColumns> {
  const out: Partial<NumberColumns> = {};
  const blank = (v: string | null) => v === null || v.trim() === '';
  if (input.phone !== undefined) {
    if (blank(input.phone)) Object.assign(out, { phone_sealed: null, phone_hash: null });
    else {
      const phone = normalizePhone(input.phone!);
      if (!phone) throw fieldError(400, 'invalid_phone', 'phone');
      Object.assign(out, { phone_sealed: vault.seal(phone), phone_hash: vault.lookupHash(phone) });
    }
  }
  if (input.idNumber !== undefined) {
    if (blank(input.idNumber)) Object.assign(out, { id_number_sealed: null, id_number_hash: null });
    else {
      const id = normalizeIdNumber(input.idNumber!);
      if (!id) throw fieldError(400, 'invalid_id_number', 'idNumber');
      Object.assign(out, { id_number_sealed: vault.seal(id), id_number_hash: vault.lookupHash(id) });
    }
  }
  return out;
}

/** Row fields from the optional parts of a create or patch body (only those given). */
function detailColumns(body: Static<typeof PersonPatch>): Partial<PeopleTable> {
  const out: Partial<PeopleTable> = {};
  if (body.name !== undefined) out.name = body.name.trim();
  if (body.gender !== undefined) out.gender = body.gender;
  if (body.birthYear !== undefined) out.birth_year = body.birthYear;
  if (body.politicalStatus !== undefined) out.political_status = body.politicalStatus;
  if (body.flags !== undefined) out.flags = storeFlags(body.flags);
  if (body.notes !== undefined) out.notes = body.notes?.trim() || null;
  return out;
}

export const personRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, vault } = app.deps;

  async function load(communityId: string, personId: string) {
    const row = await findPerson(db, communityId, personId);
    if (!row) throw new AppError(404, 'not_found');
    return { row, homes: await homesOf(db, communityId, [row.id], todayInShanghai()) };
  }

  /** 409 when another person of the community already holds this ID number (archived ones included). */
  async function requireIdNumberFree(communityId: string, hash: string | null | undefined, self?: string) {
    if (!hash) return;
    let query = db
      .selectFrom('people')
      .select('id')
      .where('community_id', '=', communityId)
      .where('id_number_hash', '=', hash);
    if (self) query = query.where('id', '!=', self);
    if (await query.executeTakeFirst()) throw fieldError(409, 'duplicate_id_number', 'idNumber');
  }

  /** Masked, with only the homes the caller may see. */
  function present(req: FastifyRequest, rows: PeopleTable[], homes: Home[]) {
    const filter = visibleRows(req, 'people.read');
    // Circumstances are care-roster data (DESIGN §7): only for the grid worker and staff who care for them.
    const care = visibleRows(req, 'care.read');
    const seesCare = (personId: string) =>
      care.all || homes.some((h) => h.personId === personId && rowVisible(care, h));
    return rows.map((p) => ({
      id: p.id,
      communityId: p.community_id,
      name: p.name,
      phone: maskedPhone(vault, p.phone_sealed),
      idNumber: p.id_number_sealed ? maskIdNumber(vault.open(p.id_number_sealed)) : null,
      gender: p.gender as (typeof genders)[number] | null,
      birthYear: p.birth_year,
      politicalStatus: p.political_status as (typeof politicalStatuses)[number],
      flags: seesCare(p.id) ? parseFlags(p.flags) : null,
      notes: p.notes,
      homes: homes
        .filter((h) => h.personId === p.id && rowVisible(filter, h))
        .map(({ personId: _, ...h }) => ({ ...h, kind: h.kind as (typeof residencyKinds)[number] })),
      createdAt: p.created_at,
      updatedAt: p.updated_at,
      archivedAt: p.archived_at,
    }));
  }

  async function presentOne(req: FastifyRequest, communityId: string, personId: string) {
    const { row, homes } = await load(communityId, personId);
    return present(req, [row], homes)[0]!;
  }

  app.get(
    '/communities/:communityId/people',
    {
      config: { access: access.community('people.read') },
      schema: {
        tags: ['people'],
        summary:
          'People in a community: everyone for community staff, else those living where the caller works',
        params: CommunityParams,
        querystring: ListQuery({
          politicalStatus: Type.Optional(StringEnum(politicalStatuses)),
          flag: Type.Optional(StringEnum(personFlags)),
          phone: Type.Optional(Type.String({ maxLength: 30, description: 'exact mobile number' })),
          compoundId: Type.Optional(Id),
          buildingId: Type.Optional(Id),
          householdId: Type.Optional(Id),
          archived: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Page(Person) },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const on = todayInShanghai();
      const { q, politicalStatus, flag, phone, compoundId, buildingId, householdId } = req.query;
      const filter = visibleRows(req, 'people.read');
      let query = db
        .selectFrom('people')
        .selectAll()
        .where('community_id', '=', communityId)
        .where('archived_at', req.query.archived ? 'is not' : 'is', null)
        .where((eb) => livesWithin(eb, filter, on));
      if (q) query = query.where(contains('name', q));
      if (politicalStatus) query = query.where('political_status', '=', politicalStatus);
      // Filtering by a circumstance reveals it: only among the people whose care the caller sees.
      if (flag)
        query = query
          .where('flags', 'like', flagNeedle(flag))
          .where((eb) => livesWithin(eb, visibleRows(req, 'care.read'), on));
      if (phone !== undefined) {
        const normal = normalizePhone(phone);
        if (!normal) throw fieldError(400, 'invalid_phone', 'phone');
        query = query.where('phone_hash', '=', vault.lookupHash(normal));
      }
      if (compoundId || buildingId || householdId)
        query = query.where((eb) => {
          let home = currentResidenceOf(eb, on);
          if (compoundId) home = home.where('households.compound_id', '=', compoundId);
          if (buildingId) home = home.where('households.building_id', '=', buildingId);
          if (householdId) home = home.where('households.id', '=', householdId);
          return eb.exists(home);
        });
      const page = await paginate(query.orderBy('name', req.query.order ?? 'asc').orderBy('id'), req.query);
      const homes = await homesOf(
        db,
        communityId,
        page.items.map((p) => p.id),
        on,
      );
      return { ...page, items: present(req, page.items, homes) };
    },
  );

  app.get(
    '/communities/:communityId/people/:personId',
    {
      config: { access: access.community('people.read') },
      schema: {
        tags: ['people'],
        summary: 'One person, numbers masked',
        params: PersonParams,
        response: { 200: Person },
      },
    },
    async (req) => {
      const { row, homes } = await load(req.params.communityId, req.params.personId);
      requireCanPerson(req, 'people.read', homes);
      return present(req, [row], homes)[0]!;
    },
  );

  app.post(
    '/communities/:communityId/people',
    {
      config: { access: access.community('people.write') },
      schema: {
        tags: ['people'],
        summary: 'Register a person, optionally straight into a household',
        params: CommunityParams,
        body: PersonCreate,
        response: { 201: Person },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const { residence } = req.body;
      const household = residence ? await findHousehold(db, communityId, residence.householdId) : undefined;
      if (residence && !household) throw new AppError(400, 'unknown_household');
      if (household) requireCanHousehold(req, 'people.write', household);
      else requireCan(req, 'people.write', {});
      if (household && household.closed_at !== null) throw new AppError(409, 'household_closed');
      const numbers = sealNumbers(vault, req.body);
      await requireIdNumberFree(communityId, numbers.id_number_hash);
      const now = Date.now();
      const person: PeopleTable = {
        community_id: communityId,
        id: newId(),
        name: req.body.name.trim(),
        phone_sealed: null,
        phone_hash: null,
        id_number_sealed: null,
        id_number_hash: null,
        gender: null,
        birth_year: null,
        political_status: 'masses',
        flags: storeFlags([]),
        account_id: null,
        notes: null,
        created_at: now,
        updated_at: now,
        archived_at: null,
        ...numbers,
        ...detailColumns(req.body),
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('people').values(person).execute();
        if (residence && household)
          await trx
            .insertInto('residencies')
            .values({
              community_id: communityId,
              id: newId(),
              household_id: household.id,
              person_id: person.id,
              kind: residence.kind,
              relation: residence.relation?.trim() || null,
              since: residence.since ?? null,
              until: null,
              created_at: now,
              updated_at: now,
            })
            .execute();
      });
      return reply.status(201).send(await presentOne(req, communityId, person.id));
    },
  );

  app.patch(
    '/communities/:communityId/people/:personId',
    {
      config: { access: access.community('people.write') },
      schema: {
        tags: ['people'],
        summary: 'Change a person’s record; null or an empty string clears a number',
        params: PersonParams,
        body: PersonPatch,
        response: { 200: Person },
      },
    },
    async (req) => {
      const { communityId, personId } = req.params;
      const { homes } = await load(communityId, personId);
      requireCanPerson(req, 'people.write', homes);
      const numbers = sealNumbers(vault, req.body);
      await requireIdNumberFree(communityId, numbers.id_number_hash, personId);
      await db
        .updateTable('people')
        .set({ ...numbers, ...detailColumns(req.body), updated_at: Date.now() })
        .where('community_id', '=', communityId)
        .where('id', '=', personId)
        .execute();
      return presentOne(req, communityId, personId);
    },
  );

  app.post(
    '/communities/:communityId/people/:personId/archive',
    {
      config: { access: access.community('people.write') },
      schema: {
        tags: ['people'],
        summary: 'Archive a person (moved away, deceased): kept for the record, hidden from lists',
        params: PersonParams,
        response: { 200: Person },
      },
    },
    async (req) => {
      const { communityId, personId } = req.params;
      const { row, homes } = await load(communityId, personId);
      requireCanPerson(req, 'people.write', homes);
      const now = Date.now();
      await db
        .updateTable('people')
        .set({ archived_at: row.archived_at ?? now, updated_at: now })
        .where('community_id', '=', communityId)
        .where('id', '=', personId)
        .execute();
      return presentOne(req, communityId, personId);
    },
  );

  app.post(
    '/communities/:communityId/people/:personId/unmask',
    {
      config: { access: access.community('people.unmask') },
      schema: {
        tags: ['people'],
        summary: 'The full phone and ID number of one person; every use is audited',
        params: PersonParams,
        response: {
          200: Type.Object({
            personId: Type.String(),
            phone: Nullable(Type.String()),
            idNumber: Nullable(Type.String()),
          }),
        },
      },
    },
    async (req) => {
      const { communityId, personId } = req.params;
      const { row, homes } = await load(communityId, personId);
      requireCanPerson(req, 'people.unmask', homes);
      // Who looked at whose numbers, never the numbers themselves.
      await audit(db, communityId, {
        ...actor(req),
        action: 'person.unmask',
        targetType: 'person',
        targetId: row.id,
      });
      return {
        personId: row.id,
        phone: row.phone_sealed ? vault.open(row.phone_sealed) : null,
        idNumber: row.id_number_sealed ? vault.open(row.id_number_sealed) : null,
      };
    },
  );
};
