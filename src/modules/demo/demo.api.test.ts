import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Principal } from '../../core/access/policy';
import { loadPrincipal } from '../../core/access/principal';
import { roles } from '../../core/access/roles';
import type { OrdersTable } from '../../core/db/schema';
import { maskName } from '../../core/personal';
import { todayInShanghai } from '../../core/time';
import { buildApp } from '../../server';
import { Client, body } from '../../../test/support/client';
import { freshDeps } from '../../../test/support/deps';
import {
  applyOrderEvent,
  orderStates,
  overdueNow,
  replay,
  type ActorRole,
  type OrderSnapshot,
  type OrderState,
} from '../orders/rules';
import { deliberationClock } from '../deliberation/actionClock';
import { orderClocksJob } from '../orders/clocks';
import { derivedColumns, recordedOf, snapshotOf } from '../orders/store';
import { assemblyClock } from '../votes/jobs';
import { parseBundle, recount } from '../votes/bundle';
import { toBundleResult, type TallyResult } from '../votes/tally';
import { whereToLook } from './report';
import { demoExists, seedDemoIfEmpty, type DemoSeeded } from './seed';

let deps: Awaited<ReturnType<typeof freshDeps>>;
let app: FastifyInstance;
let seeded: DemoSeeded;

beforeAll(async () => {
  deps = await freshDeps();
  const result = await seedDemoIfEmpty(deps);
  if (!result) throw new Error('a fresh database should take the demo');
  seeded = result;
  app = await buildApp(deps, { logger: false, lazySchemas: true });
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

const communityOf = async (code: string) =>
  (await deps.db.selectFrom('communities').select('id').where('code', '=', code).executeTakeFirstOrThrow())
    .id;

/** The login of a role granted on the named scope (two communities each have a 社区书记). */
const loginAt = (role: string, scope: string) => {
  const login = seeded.logins.find((l) => l.role === role && l.scope === scope);
  if (!login) throw new Error(`no demo login for ${role} on ${scope}`);
  return new Client(app).login(login.phone, login.password);
};

const resolvedStates: readonly string[] = ['resolved', 'closed', 'auto_closed'];

/** An account's grants as the access checks load them, once per account. */
const principals = new Map<string, Principal>();
async function principal(accountId: string): Promise<Principal> {
  if (!principals.has(accountId)) principals.set(accountId, await loadPrincipal(deps.db, accountId, false));
  return principals.get(accountId)!;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

describe('the demo orders', () => {
  it('replays every timeline through the order machine, step by step and actor by actor, to the stored row', async () => {
    const [orders, events, categories, memberships, people, squads, communities] = await Promise.all([
      deps.db.selectFrom('orders').selectAll().execute(),
      deps.db.selectFrom('order_events').selectAll().orderBy('order_id').orderBy('seq').execute(),
      deps.db.selectFrom('order_categories').selectAll().execute(),
      deps.db
        .selectFrom('squad_members')
        .select(['person_id', 'squad_id'])
        .where('left_at', 'is', null)
        .execute(),
      deps.db.selectFrom('people').select(['id', 'account_id']).where('account_id', 'is not', null).execute(),
      deps.db.selectFrom('squads').selectAll().execute(),
      deps.db.selectFrom('communities').select(['id', 'street_id']).execute(),
    ]);
    // Staff steps need the grants the routes check: the order's place, and the squad it is sent to.
    expect(orders.length).toBeGreaterThan(300);
    const accountOf = new Map(people.map((p) => [p.id, p.account_id]));
    const timelines = groupBy(events, (e) => e.order_id);
    const problems: string[] = [];
    for (const o of orders) {
      const timeline = timelines.get(o.id) ?? [];
      expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i + 1));
      let order: OrderSnapshot | null = null;
      for (const e of timeline) {
        const step = applyOrderEvent(order, recordedOf(e).event, {
          role: e.actor_role as ActorRole,
          personId: e.actor_person_id,
          squadIds: memberships.filter((m) => m.person_id === e.actor_person_id).map((m) => m.squad_id),
        });
        if (!step.ok || (order?.state ?? null) !== e.from_state || step.next.state !== e.to_state)
          problems.push(
            `${o.id} #${e.seq} ${e.type} from ${order?.state}: ${step.ok ? 'states differ' : step.error}`,
          );
        if (e.actor_role === 'member' && accountOf.get(e.actor_person_id!) !== e.actor_account_id)
          problems.push(`${o.id} #${e.seq}: a member acting from someone else's account`);
        if (e.actor_role === 'resident' && e.actor_account_id !== o.requester_account_id)
          problems.push(`${o.id} #${e.seq}: a resident acting on someone else's order`);
        if (e.actor_role === 'staff') {
          const who = await principal(e.actor_account_id!);
          const streetId = communities.find((c) => c.id === o.community_id)!.street_id;
          const place = {
            streetId,
            communityId: o.community_id,
            compoundId: o.compound_id,
            buildingId: o.building_id,
            gridId: o.grid_id,
          };
          const action = e.type === 'create' ? 'orders.create' : 'orders.dispatch';
          const target = e.type === 'create' ? place : { ...place, squadId: order?.squadId ?? null };
          const event = recordedOf(e).event;
          const sentTo =
            'squadId' in event && event.type !== 'create'
              ? squads.find((q) => q.id === event.squadId)
              : undefined;
          const squadOk =
            !sentTo ||
            can(who, 'orders.dispatch', {
              streetId,
              communityId: o.community_id,
              squadId: sentTo.id,
              compoundId: sentTo.compound_id,
              gridId: sentTo.grid_id,
            });
          if (!can(who, action, target) || !squadOk)
            problems.push(`${o.id} #${e.seq} ${e.type}: not allowed to ${e.actor_account_id}`);
        }
        if (step.ok) order = step.next;
      }
      const recorded = timeline.map(recordedOf);
      expect(replay(recorded)).toEqual(snapshotOf(o));
      const c = categories.find((x) => x.id === o.category_id)!;
      const clocks = { acceptMinutes: c.accept_minutes, resolveMinutes: c.resolve_minutes };
      const derived = derivedColumns(recorded, order!, clocks, timeline.at(-1)!.at);
      const stored = Object.fromEntries(Object.keys(derived).map((k) => [k, o[k as keyof OrdersTable]]));
      expect(stored, o.id).toEqual(derived);
      expect(o.version).toBe(timeline.length);
    }
    expect(problems).toEqual([]);
  });

  it('leaves the clocks jobs nothing to mark, close, open or count that fell due before the load', async () => {
    const events = () =>
      deps.db
        .selectFrom('order_events')
        .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('at').as('last')])
        .executeTakeFirstOrThrow();
    const before = await events();
    await orderClocksJob.run(deps, Number(before.last) + 1);
    expect(Number((await events()).n)).toBe(Number(before.n));
    const statuses = () => deps.db.selectFrom('assemblies').select(['id', 'status']).orderBy('id').execute();
    const was = await statuses();
    await assemblyClock.run(deps, Date.now());
    expect(await statuses()).toEqual(was);
  });

  it('answers the figures with the counts the rows give, in both communities', async () => {
    const now = Date.now();
    const period = `from=${todayInShanghai(now - 100 * 86_400_000)}&to=${todayInShanghai(now)}`;
    for (const [code, scope] of [
      ['DEMO-GH', '桂湖社区（演示）'],
      ['DEMO-SX', '杉溪社区（演示）'],
    ] as const) {
      const id = await communityOf(code);
      const client = await loginAt('communityAdmin', scope);
      const figures = body<{
        total: number;
        byState: { state: string; count: number }[];
        byCategory: { code: string; count: number }[];
        overdue: { count: number };
        satisfaction: { count: number; distribution: { rating: number; count: number }[] };
        servedHouseholds: number;
        volunteerHours: number;
      }>(await client.get(`/api/v1/communities/${id}/orders/figures?${period}`), 200);
      const rows = await deps.db
        .selectFrom('orders as o')
        .innerJoin('order_categories as c', (j) =>
          j.onRef('c.community_id', '=', 'o.community_id').onRef('c.id', '=', 'o.category_id'),
        )
        .selectAll('o')
        .select('c.code')
        .where('o.community_id', '=', id)
        .execute();
      const count = <T>(items: T[], key: (x: T) => string | number) =>
        Object.fromEntries([...groupBy(items, key)].map(([k, v]) => [k, v.length]));
      const resolved = rows.filter((r) => resolvedStates.includes(r.state));
      const rated = rows.filter((r) => r.rating !== null);
      expect(figures.total).toBe(rows.length);
      expect(Object.fromEntries(figures.byState.map((s) => [s.state, s.count]))).toEqual(
        count(rows, (r) => r.state),
      );
      expect(Object.fromEntries(figures.byCategory.map((c) => [c.code, c.count]))).toEqual(
        count(rows, (r) => r.code),
      );
      expect(figures.satisfaction.count).toBe(rated.length);
      expect(
        Object.fromEntries(
          figures.satisfaction.distribution.filter((d) => d.count).map((d) => [d.rating, d.count]),
        ),
      ).toEqual(count(rated, (r) => r.rating!));
      expect(figures.servedHouseholds).toBe(new Set(resolved.map((r) => r.household_id)).size);
      expect(figures.volunteerHours).toBe(
        Math.round((resolved.reduce((sum, r) => sum + r.minutes_spent, 0) / 60) * 10) / 10,
      );
      const overdue = rows.filter((r) =>
        overdueNow(
          {
            state: r.state as OrderState,
            acceptOverdue: r.accept_overdue === 1,
            resolveOverdue: r.resolve_overdue === 1,
            acceptDueAt: r.accept_due_at,
            resolveDueAt: r.resolve_due_at,
          },
          now,
        ),
      );
      expect(figures.overdue.count).toBe(overdue.length);
    }
  });

  it('shows the dispatch board, the volunteer, the party member and the resident what the print-out says', async () => {
    const { guide } = seeded;
    const staff = await as('communityStaff');
    const open = body<{ total: number }>(
      await staff.get(`/api/v1/communities/${await communityOf('DEMO-GH')}/orders?open=true&pageSize=1`),
      200,
    ).total;
    const openSx = await deps.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('community_id', '=', await communityOf('DEMO-SX'))
      .where('state', 'not in', ['closed', 'auto_closed', 'cancelled'])
      .executeTakeFirstOrThrow();
    expect(open + Number(openSx.n)).toBe(guide.orders.open);

    for (const role of ['volunteer', 'partyMember'] as const) {
      const member = await as(role);
      const board = body<{ total: number }>(await member.get('/api/v1/me/board'), 200);
      expect(board.total, role).toBe(guide[role].board);
      expect(board.total, role).toBeGreaterThan(0);
      const tasks = body<{ total: number; items: { state: string }[] }>(
        await member.get('/api/v1/me/tasks?open=true'),
        200,
      );
      expect(tasks.total, role).toBe(guide[role].tasks);
      expect(tasks.total, role).toBeGreaterThan(0);
      if (role === 'volunteer') expect(tasks.items.map((t) => t.state)).toContain('assigned');
      const history = body<{ total: number }>(await member.get('/api/v1/me/tasks?state=closed'), 200);
      expect(history.total, role).toBeGreaterThan(0);
    }

    const resident = await as('resident');
    const mine = body<{ total: number; items: { state: string }[] }>(
      await resident.get('/api/v1/me/orders'),
      200,
    );
    expect(mine.total).toBe(guide.resident.orders);
    expect(mine.items.filter((o) => o.state === 'resolved')).toHaveLength(guide.resident.awaitingRating);
    expect(guide.resident.awaitingRating).toBeGreaterThan(0);
  });

  it('spreads the orders over categories, hours and states as a living community has them', async () => {
    const rows = await deps.db
      .selectFrom('orders as o')
      .innerJoin('order_categories as c', (j) =>
        j.onRef('c.community_id', '=', 'o.community_id').onRef('c.id', '=', 'o.category_id'),
      )
      .select(['c.code', 'o.state', 'o.rating', 'o.rating_comment', 'o.created_at', 'o.escalated_to'])
      .execute();
    const share = (fits: (r: (typeof rows)[number]) => boolean) => rows.filter(fits).length / rows.length;
    expect(share((r) => ['utilities_repair', 'drain_clearing'].includes(r.code))).toBeGreaterThan(0.35);
    expect(share((r) => r.code === 'neighbour_dispute')).toBeLessThan(0.05);
    const hour = (t: number) => new Date(t + 8 * 3_600_000).getUTCHours();
    expect(share((r) => hour(r.created_at) >= 17 && hour(r.created_at) < 22)).toBeGreaterThan(
      share((r) => hour(r.created_at) >= 0 && hour(r.created_at) < 6) * 5,
    );
    const states = new Set(rows.map((r) => r.state));
    for (const state of orderStates) expect(states, state).toContain(state);
    const rated = rows.filter((r) => r.rating !== null);
    expect(rated.filter((r) => r.rating! >= 4).length / rated.length).toBeGreaterThan(0.75);
    expect(rated.filter((r) => r.rating! <= 2).every((r) => r.rating_comment)).toBe(true);
    expect(share((r) => r.state === 'closed')).toBeGreaterThan(0.5);
    expect(rows.filter((r) => r.escalated_to !== null).length).toBeGreaterThan(2);
  });
});

describe("the demo owners' assemblies", () => {
  const assemblies = async () => {
    const compound = await deps.db
      .selectFrom('compounds')
      .select(['id', 'community_id'])
      .where('name', '=', '枫华家园')
      .executeTakeFirstOrThrow();
    const rows = await deps.db
      .selectFrom('assemblies')
      .selectAll()
      .where('community_id', '=', compound.community_id)
      .where('compound_id', '=', compound.id)
      .execute();
    const base = `/api/v1/communities/${compound.community_id}/assemblies`;
    const matters = (id: string) =>
      deps.db
        .selectFrom('assembly_matters')
        .selectAll()
        .where('community_id', '=', compound.community_id)
        .where('assembly_id', '=', id)
        .orderBy('position')
        .execute();
    return {
      base,
      published: rows.find((a) => a.status === 'published')!,
      open: rows.find((a) => a.status === 'voting')!,
      matters,
    };
  };

  it('keeps the open assembly’s chains intact, with about half the owners in, canvassers at work and sheets waiting', async () => {
    const { base, open, matters } = await assemblies();
    expect(open).toBeDefined();
    const staff = await as('communityStaff');
    for (const m of await matters(open.id)) {
      const check = body<{ ok: boolean; ballots: number }>(
        await staff.get(`${base}/${open.id}/matters/${m.id}/verify`),
        200,
      );
      expect(check).toMatchObject({ ok: true, ballots: m.ballot_count });
      expect(m.ballot_count).toBeGreaterThan(100);
    }
    const turnout = body<{ totalHeads: number; matters: { participatingHeads: number }[] }>(
      await staff.get(`${base}/${open.id}/turnout`),
      200,
    );
    const percent = Math.round((100 * turnout.matters[0]!.participatingHeads) / turnout.totalHeads);
    expect(percent).toBe(seeded.guide.assemblies.turnoutPercent);
    expect(percent).toBeGreaterThan(35);
    expect(percent).toBeLessThan(60);
    const pending = body<{ total: number }>(
      await staff.get(`${base}/${open.id}/paper-ballots?status=pending`),
      200,
    );
    expect(pending.total).toBe(seeded.guide.assemblies.pendingSheets);
    expect(pending.total).toBeGreaterThan(0);
    const progress = body<{ volunteers: { records: number }[] }>(
      await staff.get(`${base}/${open.id}/canvass/progress`),
      200,
    );
    expect(progress.volunteers.filter((v) => v.records > 0).length).toBeGreaterThanOrEqual(3);

    // Canvassers may canvass their buildings; sheets are entered by one holder of ballots.enter, checked by another.
    const where = {
      streetId: (
        await deps.db
          .selectFrom('communities')
          .select('street_id')
          .where('id', '=', open.community_id)
          .executeTakeFirstOrThrow()
      ).street_id,
      communityId: open.community_id,
      compoundId: open.compound_id,
    };
    const assignments = await deps.db
      .selectFrom('canvass_assignments')
      .selectAll()
      .where('assembly_id', '=', open.id)
      .execute();
    for (const a of assignments)
      expect(
        can(await principal(a.account_id), 'canvass.record', {
          ...where,
          buildingId: a.building_id,
        }),
      ).toBe(true);
    const sheets = await deps.db
      .selectFrom('paper_ballots')
      .selectAll()
      .where('community_id', '=', open.community_id)
      .execute();
    for (const p of sheets) {
      expect(can(await principal(p.entered_by), 'ballots.enter', where)).toBe(true);
      if (p.decided_by === null) continue;
      expect(p.decided_by).not.toBe(p.entered_by);
      expect(can(await principal(p.decided_by), 'ballots.enter', where)).toBe(true);
    }
  });

  it('recounts the published assembly’s bundles to its stored results: the item-5 matter passed, the item-6 one failed three quarters', async () => {
    const { base, published, matters } = await assemblies();
    expect(published).toBeDefined();
    const staff = await as('communityStaff');
    const [barrier, fund] = await matters(published.id);
    expect([barrier!.item, barrier!.kind, fund!.item, fund!.kind]).toEqual([5, 'ordinary', 6, 'special']);
    for (const m of [barrier!, fund!]) {
      const bundle = body(await staff.get(`${base}/${published.id}/matters/${m.id}/bundle`), 200);
      const stored = JSON.parse(m.result_json!) as TallyResult;
      expect(recount(parseBundle(JSON.stringify(bundle)))).toEqual(toBundleResult(stored));
    }
    const [passed, failed] = [barrier!, fund!].map((m) => JSON.parse(m.result_json!) as TallyResult);
    expect(passed).toMatchObject({ quorum: true, passed: true });
    expect(failed).toMatchObject({ quorum: true, passed: false, approvalArea: false, approvalHeads: false });
    // More than half said yes: it is the three-quarters bar of a special matter that stopped it.
    if (failed!.kind !== 'election') expect(failed!.yesHeads * 2).toBeGreaterThan(failed!.participatingHeads);
    expect(seeded.guide.assemblies.results.map((r) => r.passed)).toEqual([true, false]);
  });

  it('lets the owner login vote in the open assembly, which they have not done yet', async () => {
    const { open, matters } = await assemblies();
    const owner = await as('owner');
    const listed = body<{ items: { id: string; status: string }[] }>(
      await owner.get('/api/v1/me/assemblies'),
      200,
    );
    expect(listed.items.map((a) => a.status).sort()).toEqual(['published', 'voting']);
    const mine = body<{ voters: unknown[]; ballots: unknown[] }>(
      await owner.get(`/api/v1/me/assemblies/${open.id}`),
      200,
    );
    expect(mine.voters).toHaveLength(1);
    expect(mine.ballots).toEqual([]);
    const [first] = await matters(open.id);
    const cast = await owner.post(`/api/v1/me/assemblies/${open.id}/matters/${first!.id}/ballots`, {
      choice: 'yes',
    });
    expect(cast.statusCode, cast.body).toBe(201);
    const staff = await as('communityStaff');
    const check = body<{ ok: boolean; ballots: number }>(
      await staff.get(
        `/api/v1/communities/${open.community_id}/assemblies/${open.id}/matters/${first!.id}/verify`,
      ),
      200,
    );
    expect(check).toMatchObject({ ok: true, ballots: first!.ballot_count + 1 });
  });
});

describe('the demo deliberation (有事大家议)', () => {
  const stages = ['raised', 'discussed', 'decided', 'done'] as const;
  interface BoardTopic {
    id: string;
    title: string;
    state: string;
    stage: (typeof stages)[number] | null;
    raiserName: string;
    sourceOrderId: string | null;
  }
  interface Board {
    counts: Record<(typeof stages)[number] | 'total', number>;
    items: BoardTopic[];
    total: number;
  }
  interface PublicTopic extends BoardTopic {
    doneAt: number | null;
    trail: { seq: number; kind: string; actorName: string; actorRole: string | null; at: number }[];
    comments: unknown[];
    meeting: { state: string; startsAt: number } | null;
    decisions: { decidedBy: string; createdAt: number }[];
    actions: { ownerName: string; state: string; doneNote: string | null; doneAt: number | null }[];
    ratings: { stars: number; raterName: string; createdAt: number }[];
  }

  const anyone = () => new Client(app);
  const board = async (communityId: string, query = '') =>
    body<Board>(
      await anyone().get(`/api/v1/public/communities/${communityId}/board?pageSize=200${query}`),
      200,
    );
  /** The busiest community's public board, and its done topics with their trails, read once without logging in. */
  let published: Promise<{ id: string; board: Board; topics: PublicTopic[] }> | undefined;
  const publicBoard = () =>
    (published ??= (async () => {
      const id = await communityOf('DEMO-GH');
      const b = await board(id);
      const topics = [];
      for (const item of b.items.filter((t) => t.state === 'done'))
        topics.push(
          body<PublicTopic>(await anyone().get(`/api/v1/public/communities/${id}/topics/${item.id}`), 200),
        );
      return { id, board: b, topics };
    })());

  it('reads 协调解决问题 19 个 on 桂湖社区’s public board, each count the rows it lists, as the print-out says', async () => {
    const { id, board: b } = await publicBoard();
    expect(b.counts.done).toBe(19);
    expect(b.items).toHaveLength(b.total);
    expect(b.counts.total).toBe(b.total);
    for (const stage of stages) {
      expect(b.items.filter((t) => t.stage === stage).length, stage).toBe(b.counts[stage]);
      expect((await board(id, `&state=${stage}`)).total, stage).toBe(b.counts[stage]);
    }
    const done = await deps.db
      .selectFrom('topics')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('community_id', '=', id)
      .where('state', '=', 'done')
      .where('is_public', '=', 1)
      .executeTakeFirstOrThrow();
    expect(Number(done.n)).toBe(19);
    const { deliberation } = seeded.guide;
    expect({ ...b.counts, total: undefined }).toEqual({ ...deliberation.board, total: undefined });
    expect(deliberation.boardPath).toBe(`/board/${id}`);
    expect(whereToLook(seeded)).toContain(`/board/${id}`);
    // The declined topic is not on the board; a quieter community has a board of its own.
    expect(b.items.map((t) => t.state)).not.toContain('declined');
    expect((await board(await communityOf('DEMO-SX'))).counts.done).toBeGreaterThan(0);
  });

  it('tells each done topic’s story on its public trail in the order it happened: raised, the meeting, the decision, the actions done, the ratings', async () => {
    const { topics } = await publicBoard();
    const done = topics.filter((t) => t.state === 'done');
    expect(done).toHaveLength(19);
    for (const t of done) {
      const kinds = t.trail.map((e) => e.kind);
      const times = t.trail.map((e) => e.at);
      expect(
        t.trail.map((e) => e.seq),
        t.title,
      ).toEqual(kinds.map((_, i) => i + 1));
      expect(times, t.title).toEqual([...times].sort((a, b) => a - b));
      const first = (kind: string) => kinds.indexOf(kind);
      const accepted = Math.max(first('accepted'), first('supported_threshold'));
      expect(kinds[0], t.title).toBe('raised');
      expect(accepted, t.title).toBeGreaterThan(0);
      expect(kinds.lastIndexOf('scheduled'), t.title).toBeGreaterThan(accepted);
      expect(first('discussed'), t.title).toBeGreaterThan(kinds.lastIndexOf('scheduled'));
      expect(first('decided'), t.title).toBe(first('discussed') + 1);
      expect(kinds.lastIndexOf('action_done'), t.title).toBeGreaterThan(first('decided'));
      expect(first('done'), t.title).toBe(kinds.lastIndexOf('action_done') + 1);
      expect(
        kinds.slice(first('done') + 1).every((k) => k === 'rated'),
        t.title,
      ).toBe(true);
      expect(t.doneAt).toBe(t.trail[first('done')]!.at);

      expect(t.meeting?.state, t.title).toBe('held');
      expect(t.decisions, t.title).toHaveLength(1);
      expect(t.decisions[0]!.decidedBy).toMatch(/联席|议事会/);
      expect(t.actions.length, t.title).toBe(kinds.filter((k) => k === 'action_done').length);
      for (const a of t.actions) {
        expect(a.state).toBe('done');
        expect(a.doneNote).toBeTruthy();
        expect(a.doneAt!).toBeLessThanOrEqual(t.doneAt!);
      }
      expect(t.ratings.length, t.title).toBe(kinds.filter((k) => k === 'rated').length);
      expect(t.ratings.length, t.title).toBeGreaterThan(0);
      for (const r of t.ratings) expect(r.createdAt).toBeGreaterThan(t.doneAt!);
    }
    const stars = done.flatMap((t) => t.ratings.map((r) => r.stars));
    expect(Math.min(...stars)).toBe(3);
    expect(stars.filter((s) => s >= 4).length / stars.length).toBeGreaterThan(0.8);
    // One topic waited a meeting (另行研究) before it was decided at the next.
    expect(done.some((t) => t.trail.some((e) => e.kind === 'unscheduled'))).toBe(true);
  });

  it('masks every resident’s name on the public board and trails, names staff by office, and shows no comments or order links there', async () => {
    const { id, board: b, topics } = await publicBoard();
    const [raisers, events] = await Promise.all([
      deps.db.selectFrom('topics').select(['id', 'raiser_name']).where('community_id', '=', id).execute(),
      deps.db
        .selectFrom('topic_events')
        .select(['topic_id', 'seq', 'actor_name'])
        .where('community_id', '=', id)
        .execute(),
    ]);
    const raiserOf = new Map(raisers.map((r) => [r.id, r.raiser_name]));
    const actorOf = new Map(events.map((e) => [`${e.topic_id}:${e.seq}`, e.actor_name]));
    const masked = (shown: string, full: string) => {
      expect(shown).toBe(maskName(full));
      expect(shown).toContain('*');
    };
    for (const t of [...b.items, ...topics]) {
      masked(t.raiserName, raiserOf.get(t.id)!);
      expect(t.sourceOrderId).toBeNull();
    }
    for (const t of topics) {
      expect(t.comments).toEqual([]);
      for (const e of t.trail) {
        const full = actorOf.get(`${t.id}:${e.seq}`)!;
        if (!full) expect(e.actorName).toBe('');
        // Staff are named by the office they acted for (社区工作人员, 小区党支部…), residents masked.
        else if (e.actorRole && e.actorRole !== 'resident') {
          expect(e.actorName).not.toContain(full);
          expect(e.actorName).not.toContain('*');
        } else masked(e.actorName, full);
      }
      for (const r of t.ratings) expect(r.raterName).toContain('*');
      for (const a of t.actions) expect(a.ownerName).toContain('*');
    }
  });

  it('has exactly one action item running late, which its owner and the console both see, already reminded', async () => {
    const today = todayInShanghai();
    const late = await deps.db
      .selectFrom('action_items')
      .select(['id', 'title', 'community_id'])
      .where('state', '=', 'open')
      .where('due_date', '<', today)
      .execute();
    expect(late).toHaveLength(1);
    expect(late[0]!.title).toBe(seeded.guide.deliberation.overdue.title);
    const id = await communityOf('DEMO-GH');
    expect(late[0]!.community_id).toBe(id);
    const admin = await loginAt('communityAdmin', '桂湖社区（演示）');
    const listed = body<{ items: { id: string; overdue: boolean }[] }>(
      await admin.get(`/api/v1/communities/${id}/action-items?overdue=true`),
      200,
    );
    expect(listed.items.map((a) => a.id)).toEqual([late[0]!.id]);
    const figures = body<{ actions: { open: number; overdue: number; done: number } }>(
      await admin.get(`/api/v1/communities/${id}/deliberation-figures`),
      200,
    );
    expect(figures.actions.overdue).toBe(1);
    expect(figures.actions.done).toBeGreaterThan(figures.actions.open * 5);
    // The 物业项目经理 owns it and finds it in the app, marked late.
    const manager = await as('property');
    const mine = body<{ items: { id: string; overdue: boolean }[] }>(
      await manager.get('/api/v1/me/action-items?state=open'),
      200,
    );
    expect(mine.items.filter((a) => a.overdue).map((a) => a.id)).toEqual([late[0]!.id]);
    // The deliberation clock already reminded and warned: it has nothing left to send.
    const notifications = async () =>
      Number(
        (
          await deps.db
            .selectFrom('notifications')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await notifications();
    await deliberationClock.run(deps, Date.now());
    expect(await notifications()).toBe(before);
  });

  it('has two topics on next week’s 联席会议, held meetings with sign-ins and minutes, and the resident’s own topic gathering supports', async () => {
    const id = await communityOf('DEMO-GH');
    const { deliberation } = seeded.guide;
    const staff = await as('communityStaff');
    type Meeting = {
      id: string;
      title: string;
      type: string;
      startsAt: number;
      invitedCount: number;
      signedInCount: number;
      walkInCount: number;
      agendaCount: number;
    };
    const coming = body<{ items: Meeting[] }>(
      await staff.get(`/api/v1/communities/${id}/meetings?state=scheduled`),
      200,
    ).items;
    expect(coming.map((m) => m.title)).toEqual([deliberation.nextMeeting.title]);
    expect(coming[0]!.startsAt).toBeGreaterThan(Date.now());
    expect(coming[0]!.startsAt).toBeLessThan(Date.now() + 14 * 86_400_000);
    const next = body<{ agenda: { topicId: string | null }[] }>(
      await staff.get(`/api/v1/communities/${id}/meetings/${coming[0]!.id}`),
      200,
    );
    expect(next.agenda).toHaveLength(2);
    for (const item of next.agenda) {
      const topic = body<{ state: string }>(
        await staff.get(`/api/v1/communities/${id}/topics/${item.topicId}`),
        200,
      );
      expect(topic.state).toBe('scheduled');
    }

    const held = body<{ items: Meeting[] }>(
      await staff.get(`/api/v1/communities/${id}/meetings?state=held&pageSize=200`),
      200,
    ).items;
    expect(held.filter((m) => m.type === 'joint').length).toBeGreaterThanOrEqual(10);
    expect(held.some((m) => m.type === 'after_dinner' && m.walkInCount > 5)).toBe(true);
    for (const m of held) expect(m.signedInCount, m.title).toBeGreaterThan(m.invitedCount / 2);
    const minutes = body<{ minutesHtml: string | null }>(
      await staff.get(`/api/v1/communities/${id}/meetings/${held[0]!.id}`),
      200,
    ).minutesHtml;
    expect(minutes).toMatch(/^<p><strong>时间：<\/strong>/);
    const without = await deps.db
      .selectFrom('meetings')
      .select('title')
      .where('state', '=', 'held')
      .where('minutes_html', 'is', null)
      .execute();
    expect(without).toEqual([]);

    const resident = await as('resident');
    const mine = body<{ items: { title: string; state: string; supportCount: number }[] }>(
      await resident.get('/api/v1/me/topics'),
      200,
    ).items;
    expect(mine).toEqual([
      expect.objectContaining({
        title: deliberation.residentTopic.title,
        state: 'raised',
        supportCount: deliberation.residentTopic.supports,
      }),
    ]);
    expect(deliberation.residentTopic.supports).toBeLessThan(deliberation.residentTopic.threshold);
  });

  it('made a topic of the leaking tank escalated to 杉溪社区, linked both ways and accepted for a meeting', async () => {
    const sx = await communityOf('DEMO-SX');
    const secretary = await loginAt('communityAdmin', '杉溪社区（演示）');
    const fromOrders = body<{ items: { id: string; title: string; state: string; sourceOrderId: string }[] }>(
      await secretary.get(`/api/v1/communities/${sx}/topics?channel=order`),
      200,
    ).items;
    expect(fromOrders).toHaveLength(1);
    const topic = fromOrders[0]!;
    expect(topic).toMatchObject({ title: seeded.guide.deliberation.fromOrder.title, state: 'accepted' });
    const order = await deps.db
      .selectFrom('orders')
      .select(['deliberation_topic_id', 'escalated_to'])
      .where('id', '=', topic.sourceOrderId)
      .executeTakeFirstOrThrow();
    expect(order).toEqual({ deliberation_topic_id: topic.id, escalated_to: 'community' });
    const detail = body<{ trail: { kind: string }[] }>(
      await secretary.get(`/api/v1/communities/${sx}/topics/${topic.id}`),
      200,
    );
    expect(detail.trail.map((e) => e.kind)).toEqual(['raised', 'linked_order', 'accepted']);
  });
});
