import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../../core/access/roles';
import { buildApp } from '../../server';
import { Client } from '../../../test/support/client';
import { freshDeps } from '../../../test/support/deps';
import { demoExists, seedDemoIfEmpty, type DemoSeeded } from './seed';

let deps: Awaited<ReturnType<typeof freshDeps>>;
let app: FastifyInstance;
let seeded: DemoSeeded;

beforeAll(async () => {
  deps = await freshDeps();
  const result = await seedDemoIfEmpty(deps);
  if (!result) throw new Error('a fresh database should take the demo');
  seeded = result;
  app = await buildApp(deps, { logger: false });
  await app.ready();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await deps?.cleanup();
});

async function compound(name: string) {
  const row = await deps.db
    .selectFrom('compounds')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  const rooms = await deps.db
    .selectFrom('rooms')
    .select(['use', (eb) => eb.fn.countAll<number>().as('n')])
    .where('community_id', '=', row.community_id)
    .where('compound_id', '=', row.id)
    .groupBy('use')
    .execute();
  const byUse = Object.fromEntries(rooms.map((r) => [r.use, Number(r.n)]));
  return { row, byUse };
}

const loginOf = (role: string) => {
  const login = seeded.logins.find((l) => l.role === role);
  if (!login) throw new Error(`no demo login for ${role}`);
  return login;
};

const as = (role: string) => new Client(app).login(loginOf(role).phone, loginOf(role).password);

describe('the demo street', () => {
  it('has an old compound of about 900 homes with two party branches, a property company and seven on its committee', async () => {
    const { row, byUse } = await compound('枫华家园');
    expect(byUse.residence).toBeGreaterThanOrEqual(850);
    expect(byUse.residence).toBeLessThanOrEqual(950);
    expect(row.property_company_id).not.toBeNull();
    const contract = await deps.db
      .selectFrom('property_contracts')
      .select(['company_id', 'status'])
      .where('compound_id', '=', row.id)
      .where('status', '=', 'active')
      .execute();
    expect(contract).toEqual([{ company_id: row.property_company_id, status: 'active' }]);

    const branches = await deps.db
      .selectFrom('party_orgs')
      .select(['id', 'name'])
      .where('compound_id', '=', row.id)
      .where('kind', '=', 'branch')
      .execute();
    expect(branches).toHaveLength(2);

    const committee = await deps.db
      .selectFrom('owner_committees')
      .innerJoin('committee_members', (j) =>
        j
          .onRef('committee_members.committee_id', '=', 'owner_committees.id')
          .onRef('committee_members.community_id', '=', 'owner_committees.community_id'),
      )
      .select(['committee_members.person_id', 'committee_members.position'])
      .where('owner_committees.compound_id', '=', row.id)
      .where('owner_committees.status', '=', 'serving')
      .execute();
    expect(committee).toHaveLength(7);
    // 一肩挑: the committee's chair is the secretary of one of the compound's branches.
    const chair = committee.find((m) => m.position === 'chair')!;
    const secretaryOf = await deps.db
      .selectFrom('party_positions')
      .select('org_id')
      .where('person_id', '=', chair.person_id)
      .where('position', '=', 'secretary')
      .execute();
    expect(branches.map((b) => b.id)).toContain(secretaryOf[0]?.org_id);

    const workers = await deps.db
      .selectFrom('grid_workers')
      .innerJoin('grids', (j) =>
        j
          .onRef('grids.id', '=', 'grid_workers.grid_id')
          .onRef('grids.community_id', '=', 'grid_workers.community_id'),
      )
      .select(['grids.id as grid'])
      .where('grids.compound_id', '=', row.id)
      .execute();
    expect(workers).toHaveLength(12);
    expect(new Set(workers.map((w) => w.grid)).size).toBeGreaterThanOrEqual(3);
  });

  it('has a self-managed compound of exactly 264 homes with no property company', async () => {
    const { row, byUse } = await compound('杉溪安置小区');
    expect(byUse).toEqual({ residence: 264 });
    expect(row.property_company_id).toBeNull();
    const contracts = await deps.db
      .selectFrom('property_contracts')
      .select('id')
      .where('compound_id', '=', row.id)
      .execute();
    expect(contracts).toEqual([]);
  });

  it('has a market-street compound with shops on the ground floor and parking spaces', async () => {
    const { row, byUse } = await compound('南市街小区');
    expect(byUse.shop).toBeGreaterThan(0);
    expect(byUse.parking).toBeGreaterThan(0);
    const shopFloors = await deps.db
      .selectFrom('rooms')
      .select('floor')
      .distinct()
      .where('compound_id', '=', row.id)
      .where('use', '=', 'shop')
      .execute();
    expect(shopFloors).toEqual([{ floor: 1 }]);
  });

  it('has a compound whose committee term ends early in 2027 with the next term being prepared, and developer rooms', async () => {
    const { row } = await compound('金橘苑');
    const terms = await deps.db
      .selectFrom('owner_committees')
      .select(['term_no', 'status', 'term_end'])
      .where('compound_id', '=', row.id)
      .orderBy('term_no')
      .execute();
    expect(terms).toEqual([
      { term_no: 1, status: 'serving', term_end: '2027-02-28' },
      { term_no: 2, status: 'preparing', term_end: null },
    ]);
    const developer = await deps.db
      .selectFrom('ownerships')
      .select(['person_id', 'is_voter'])
      .where('compound_id', '=', row.id)
      .where('is_developer', '=', 1)
      .execute();
    expect(developer.length).toBeGreaterThan(0);
    expect(developer.every((o) => o.person_id === null)).toBe(true);
  });

  it('houses two or three people in most homes, some owners with co-owners or two homes, about one in twelve a party member', async () => {
    const households = await deps.db.selectFrom('households').select('id').execute();
    const residencies = await deps.db.selectFrom('residencies').select('household_id').execute();
    const size = new Map<string, number>();
    for (const r of residencies) size.set(r.household_id, (size.get(r.household_id) ?? 0) + 1);
    const twoOrThree = households.filter((h) => [2, 3].includes(size.get(h.id) ?? 0)).length;
    expect(twoOrThree / households.length).toBeGreaterThan(0.8);

    const people = await deps.db.selectFrom('people').select(['political_status', 'flags']).execute();
    const party = people.filter((p) => p.political_status === 'party_member').length / people.length;
    expect(party).toBeGreaterThan(0.06);
    expect(party).toBeLessThan(0.11);
    expect(people.some((p) => JSON.parse(p.flags).includes('living_alone'))).toBe(true);
    expect(people.some((p) => JSON.parse(p.flags).includes('empty_nest'))).toBe(true);

    const ownerships = await deps.db
      .selectFrom('ownerships')
      .select(['room_id', 'person_id', 'is_voter'])
      .where('is_developer', '=', 0)
      .execute();
    const perRoom = new Map<string, number>();
    const perPerson = new Map<string, number>();
    for (const o of ownerships) {
      perRoom.set(o.room_id, (perRoom.get(o.room_id) ?? 0) + 1);
      perPerson.set(o.person_id!, (perPerson.get(o.person_id!) ?? 0) + 1);
    }
    expect([...perRoom.values()].some((n) => n > 1)).toBe(true); // co-owned homes
    expect([...perPerson.values()].some((n) => n > 1)).toBe(true); // one owner, several rooms
    // Exactly one voter per room, co-owned or not.
    const voters = new Map<string, number>();
    for (const o of ownerships) if (o.is_voter) voters.set(o.room_id, (voters.get(o.room_id) ?? 0) + 1);
    expect([...perRoom.keys()].every((room) => voters.get(room) === 1)).toBe(true);
  });

  it('gives every role a login that works through the API, granted that role', async () => {
    for (const role of roles) {
      const client = await as(role);
      const me = (await client.get('/api/v1/auth/me')).json<{ grants: { role: string }[] }>();
      expect(
        me.grants.map((g) => g.role),
        role,
      ).toContain(role);
    }
    const admin = await as('platformAdmin');
    expect((await admin.get('/api/v1/auth/me')).json<{ platformAdmin: boolean }>().platformAdmin).toBe(true);
    expect(new Set(seeded.logins.map((l) => l.phone)).size).toBe(seeded.logins.length);
  });

  it('lets each login see the compounds the print-out promises', async () => {
    const compoundsSeenBy = async (role: string, communityCode = 'DEMO-GH') => {
      const community = await deps.db
        .selectFrom('communities')
        .select('id')
        .where('code', '=', communityCode)
        .executeTakeFirstOrThrow();
      const res = await (await as(role)).get(`/api/v1/communities/${community.id}/compounds`);
      if (res.statusCode !== 200) return res.statusCode;
      return res
        .json<{ items: { name: string }[] }>()
        .items.map((c) => c.name)
        .sort();
    };
    expect(await compoundsSeenBy('streetAdmin', 'DEMO-SX')).toEqual(['杉溪安置小区', '金橘苑'].sort());
    expect(await compoundsSeenBy('communityAdmin')).toEqual(['南市街小区', '枫华家园'].sort());
    expect(await compoundsSeenBy('communityStaff')).toEqual(['南市街小区', '枫华家园'].sort());
    for (const role of ['branch', 'committee', 'property'])
      expect(await compoundsSeenBy(role)).toEqual(['枫华家园']);
    expect(await compoundsSeenBy('resident')).toBe(403);
  });

  it('reads back through every community list route without a server error, page by page', async () => {
    const lists = app.routeTable.filter(
      (r) => r.method === 'GET' && /^\/api\/v1\/communities\/:communityId\/[\w/-]+$/.test(r.url),
    );
    expect(lists.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const [role, code] of [
      ['communityAdmin', 'DEMO-GH'],
      ['streetAdmin', 'DEMO-SX'],
    ] as const) {
      const client = await as(role);
      const community = await deps.db
        .selectFrom('communities')
        .select('id')
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
      for (const route of lists) {
        const url = route.url.replace(':communityId', community.id);
        for (let page = 1; ; page++) {
          const res = await client.get(`${url}?pageSize=200&page=${page}`);
          if (res.statusCode >= 500)
            failures.push(`${role} ${url} page ${page}: ${res.statusCode} ${res.body}`);
          const body = res.statusCode === 200 ? res.json<{ total?: number }>() : {};
          if (typeof body.total !== 'number' || page * 200 >= body.total) break;
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("links the residents' logins to a person living in a household, confirmed", async () => {
    for (const role of [
      'resident',
      'owner',
      'volunteer',
      'partyMember',
      'squadLeader',
      'gridWorker',
      'branch',
    ]) {
      const account = await deps.db
        .selectFrom('accounts')
        .select('id')
        .where('phone_hash', '=', deps.vault.lookupHash(loginOf(role).phone))
        .executeTakeFirstOrThrow();
      const person = await deps.db
        .selectFrom('people')
        .select(['id', 'name', 'community_id'])
        .where('account_id', '=', account.id)
        .executeTakeFirstOrThrow();
      expect(person.name).toBe(loginOf(role).name);
      const binding = await deps.db
        .selectFrom('household_bindings')
        .innerJoin('residencies', (j) =>
          j
            .onRef('residencies.household_id', '=', 'household_bindings.household_id')
            .onRef('residencies.person_id', '=', 'household_bindings.person_id')
            .onRef('residencies.community_id', '=', 'household_bindings.community_id'),
        )
        .select(['household_bindings.status', 'residencies.kind'])
        .where('household_bindings.account_id', '=', account.id)
        .where('household_bindings.person_id', '=', person.id)
        .executeTakeFirstOrThrow();
      expect(binding.status, role).toBe('confirmed');
      if (role === 'resident') expect(binding.kind).toBe('tenant');
      if (role === 'owner') expect(binding.kind).toBe('owner');
    }
  });

  it('stores no phone or ID number in plain text, only sealed values that open to them', async () => {
    const plainPhone = /(?<!\d)1[3-9]\d{9}(?!\d)/;
    const plainIdNumber = /(?<!\d)\d{17}[\dX](?!\d)/;
    const people = await deps.db.selectFrom('people').selectAll().execute();
    const accounts = await deps.db.selectFrom('accounts').selectAll().execute();
    // Ids are UUIDs whose hex groups can hold eleven digits in a row; they are not phone numbers.
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
    for (const row of [...people, ...accounts]) {
      const text = JSON.stringify(row).replace(uuid, '');
      expect(text).not.toMatch(plainPhone);
      expect(text).not.toMatch(plainIdNumber);
    }
    const withPhone = people.filter((p) => p.phone_sealed);
    expect(withPhone.length).toBeGreaterThan(people.length / 2);
    const opened = deps.vault.open(withPhone[0]!.phone_sealed!);
    expect(opened).toMatch(plainPhone);
    expect(withPhone[0]!.phone_hash).toBe(deps.vault.lookupHash(opened));
    const withId = people.find((p) => p.id_number_sealed)!;
    expect(deps.vault.open(withId.id_number_sealed!)).toMatch(plainIdNumber);
  });

  it('does nothing the second time', async () => {
    const count = async () =>
      Number(
        (
          await deps.db
            .selectFrom('people')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    expect(await seedDemoIfEmpty(deps)).toBeNull();
    expect(await demoExists(deps)).toBe(true);
    expect(await count()).toBe(before);
  });
});
