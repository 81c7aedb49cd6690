import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids';
import { maskPhone } from '../../core/personal';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { Client } from '../../../test/support/client';
import type { World } from '../../../test/support/world';
import { addBuilding, addHousehold, addMember, body, freshPhone, register } from './access.testkit';
import { badCodeLimit } from './joining';

interface Invitation {
  id: string;
  householdId: string;
  status: string;
  expiresAt: number;
  maxUses: number;
  uses: number;
}
interface Place {
  community: { id: string; name: string };
  compound: { id: string; name: string };
  household: { id: string; name: string };
  room: { building: string; entrance: string; number: string; areaCenti: number };
}
interface Binding {
  id: string;
  status: string;
  claimedName: string;
  kind: string;
  reason: string | null;
  personId?: string | null;
  account?: { id: string; phone: string };
  place: Place;
}
interface MyHousehold extends Place {
  kind: string;
  members: { name: string; phone: string | null; kind: string; relation: string | null; isMe: boolean }[];
}
interface Page<T> {
  items: T[];
  total: number;
}
interface Me {
  id: string;
  grants: { role: string; scopeKind: string; scopeId: string; communityId: string | null }[];
}

let t: TestContext;
let w: World;
let gridWorker: Client;
let staff: Client;
/** hA1 lies in building A1 (grid A); hA2 in compound A2, outside the grid; hB in community B. */
let hA1: string;
let hA2: string;
let hB: string;

const inCommunity = (communityId: string) => `/api/v1/communities/${communityId}`;
const A = () => inCommunity(w.communityA);
const invitationsOf = (householdId: string, community = A()) =>
  `${community}/households/${householdId}/invitations`;
const decide = (bindingId: string, what: 'confirm' | 'reject', community = A()) =>
  `${community}/household-bindings/${bindingId}/${what}`;

async function issue(by: Client, householdId: string, options: Record<string, number> = {}, community = A()) {
  return body<Invitation & { code: string; joinUrl: string }>(
    await by.post(invitationsOf(householdId, community), options),
    201,
  );
}

function join(resident: Client, code: string, kind = 'owner', name = '王小明') {
  return resident.post('/api/v1/me/household-bindings', { code, name, kind, relation: '本人' });
}

async function auditOf(query: string) {
  const admin = await t.as('communityAdmin');
  return body<Page<{ action: string; before: Record<string, unknown>; after: Record<string, unknown> }>>(
    await admin.get(`${A()}/audit?${query}`),
    200,
  ).items;
}

async function usesOf(invitationId: string) {
  const row = await t.deps.db
    .selectFrom('invitations')
    .select('uses')
    .where('id', '=', invitationId)
    .executeTakeFirstOrThrow();
  return row.uses;
}

beforeAll(async () => {
  // A roomy per-address limit: this file enters many bad codes from one address on purpose.
  t = await startTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
  w = t.world;
  gridWorker = await t.as('gridWorker');
  staff = await t.as('communityStaff');
  hA1 = await addHousehold(
    t,
    { communityId: w.communityA, compoundId: w.compoundA1, buildingId: w.buildingA1 },
    '甲一1栋201',
  );
  hA2 = await addHousehold(
    t,
    { communityId: w.communityA, compoundId: w.compoundA2, buildingId: w.buildingA2 },
    '甲二1栋201',
  );
  const buildingB = await addBuilding(t, w.communityB, w.compoundB1, '乙1栋');
  hB = await addHousehold(
    t,
    { communityId: w.communityB, compoundId: w.compoundB1, buildingId: buildingB },
    '乙户',
  );
});
afterAll(() => t.close());

describe('joining a household, end to end', () => {
  it('grid worker issues a code → resident registers and joins → grid worker confirms → the resident sees the household and holds the owner role', async () => {
    await addMember(
      t,
      { communityId: w.communityA, householdId: hA1 },
      { name: '李四', phone: '13812345678' },
    );
    const invitation = await issue(gridWorker, hA1);
    expect(invitation.code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    expect(invitation.joinUrl).toBe(`/join?code=${invitation.code}`);
    expect(invitation).toMatchObject({ householdId: hA1, status: 'active', maxUses: 5, uses: 0 });
    expect(invitation.expiresAt - Date.now()).toBeGreaterThan(13.9 * 24 * 3600_000);
    expect(invitation.expiresAt - Date.now()).toBeLessThanOrEqual(14 * 24 * 3600_000);

    const phone = freshPhone();
    const resident = await register(t, '小明', phone);
    // As read aloud or copied from a chat: lower case, with a space.
    const typed = `${invitation.code.slice(0, 5).toLowerCase()} ${invitation.code.slice(5)}`;
    const requested = body<Binding>(await join(resident, typed), 201);
    expect(requested).toMatchObject({
      status: 'pending',
      claimedName: '王小明',
      kind: 'owner',
      place: { household: { id: hA1 }, compound: { name: '甲一小区' }, community: { name: '甲社区' } },
    });
    // Pending is not yet a household of mine.
    expect(body<Page<MyHousehold>>(await resident.get('/api/v1/me/households'), 200).items).toEqual([]);
    const myRequests = body<Page<Binding>>(
      await resident.get('/api/v1/me/household-bindings?status=pending'),
      200,
    );
    expect(myRequests.items.map((b) => b.id)).toEqual([requested.id]);

    const listed = body<Page<Invitation>>(await gridWorker.get(invitationsOf(hA1)), 200);
    expect(listed.items).toEqual([expect.objectContaining({ id: invitation.id, uses: 1, status: 'active' })]);
    expect(listed.items[0]).not.toHaveProperty('code');

    const queue = body<Page<Binding>>(await gridWorker.get(`${A()}/household-bindings?status=pending`), 200);
    expect(queue.items.map((b) => b.id)).toContain(requested.id);
    expect(queue.items.find((b) => b.id === requested.id)!.account!.phone).toBe(maskPhone(phone));

    const confirmed = body<Binding>(await gridWorker.post(decide(requested.id, 'confirm')), 200);
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.personId).toEqual(expect.any(String));

    const mine = body<Page<MyHousehold>>(await resident.get('/api/v1/me/households'), 200).items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      kind: 'owner',
      household: { id: hA1, name: '甲一1栋201' },
      room: { building: '1栋', entrance: '甲一1栋201单元', number: '201', areaCenti: 10050 },
      compound: { id: w.compoundA1, name: '甲一小区' },
      community: { id: w.communityA, name: '甲社区' },
    });
    expect(mine[0]!.members).toHaveLength(2);
    expect(mine[0]!.members).toEqual(
      expect.arrayContaining([
        { name: '李*', phone: '138****5678', kind: 'family', relation: null, isMe: false },
        { name: '王*明', phone: maskPhone(phone), kind: 'owner', relation: '本人', isMe: true },
      ]),
    );

    const me = body<Me>(await resident.get('/api/v1/auth/me'), 200);
    expect(me.grants).toEqual([
      expect.objectContaining({
        role: 'owner',
        scopeKind: 'compound',
        scopeId: w.compoundA1,
        communityId: w.communityA,
      }),
    ]);
    const person = await t.deps.db
      .selectFrom('people')
      .selectAll()
      .where('community_id', '=', w.communityA)
      .where('id', '=', confirmed.personId!)
      .executeTakeFirstOrThrow();
    expect(person).toMatchObject({ name: '王小明', account_id: me.id });

    const [confirm] = await auditOf(`action=binding.confirm&targetId=${requested.id}`);
    expect(confirm!.before).toMatchObject({ status: 'pending' });
    expect(confirm!.after).toMatchObject({ status: 'confirmed', person_id: person.id, personCreated: true });
    const [granted] = await auditOf(`action=grant.create&targetId=${String(confirm!.after.grantId)}`);
    expect(granted!.after).toMatchObject({ role: 'owner', scope_id: w.compoundA1, account_id: me.id });

    const again = await gridWorker.post(decide(requested.id, 'confirm'));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('invalid_state');
  });

  it('a tenant is confirmed as resident, linked to the person staff already registered with that phone', async () => {
    const phone = freshPhone();
    const known = await addMember(
      t,
      { communityId: w.communityA, householdId: hA2 },
      { name: '赵租客', phone, kind: 'tenant' },
    );
    const { code } = await issue(staff, hA2);
    const resident = await register(t, '赵', phone);
    const requested = body<Binding>(await join(resident, code, 'tenant', '赵租客'), 201);
    const confirmed = body<Binding>(await staff.post(decide(requested.id, 'confirm')), 200);
    expect(confirmed.personId).toBe(known);

    const people = await t.deps.db
      .selectFrom('people')
      .select(['id', 'account_id'])
      .where('phone_hash', '=', t.deps.vault.lookupHash(phone))
      .execute();
    expect(people).toEqual([{ id: known, account_id: confirmed.account!.id }]);
    const residencies = await t.deps.db
      .selectFrom('residencies')
      .select('id')
      .where('community_id', '=', w.communityA)
      .where('person_id', '=', known)
      .execute();
    expect(residencies).toHaveLength(1);

    const me = body<Me>(await resident.get('/api/v1/auth/me'), 200);
    expect(me.grants).toEqual([expect.objectContaining({ role: 'resident', scopeId: w.compoundA2 })]);
    const mine = body<Page<MyHousehold>>(await resident.get('/api/v1/me/households'), 200).items;
    // Only this household: not hA1, where other people live.
    expect(mine.map((h) => h.household.id)).toEqual([hA2]);
    expect(mine[0]!.members).toEqual([
      expect.objectContaining({ name: '赵*客', isMe: true, kind: 'tenant' }),
    ]);
  });

  it('codes are found across communities: B’s code joins B’s household, and only B’s staff see the request', async () => {
    const street = await t.as('streetAdmin');
    const phone = freshPhone();
    const grant = body<{ temporaryPassword: string }>(
      await street.post(`${inCommunity(w.communityB)}/grants`, {
        phone,
        displayName: '乙社区工作人员',
        role: 'communityStaff',
        scopeKind: 'community',
        scopeId: w.communityB,
      }),
      201,
    );
    const bStaff = await new Client(t.app).login(phone, grant.temporaryPassword);
    const { code } = await issue(bStaff, hB, {}, inCommunity(w.communityB));

    const resident = await register(t, '乙居民');
    const requested = body<Binding>(await join(resident, code, 'family'), 201);
    expect(requested.place.community.id).toBe(w.communityB);

    const inA = body<Page<Binding>>(await staff.get(`${A()}/household-bindings?pageSize=200`), 200);
    expect(inA.items.map((b) => b.id)).not.toContain(requested.id);
    expect((await staff.post(decide(requested.id, 'confirm'))).statusCode).toBe(404);
    expect((await staff.get(`${inCommunity(w.communityB)}/household-bindings`)).statusCode).toBe(403);
    body<Binding>(await bStaff.post(decide(requested.id, 'confirm', inCommunity(w.communityB))), 200);
  });
});

describe('codes that no longer work', () => {
  it('expired, revoked, used up, closed household, unknown or malformed: the same 400 invitation_invalid, and nothing joined', async () => {
    const expired = await issue(staff, hA2);
    await t.deps.db
      .updateTable('invitations')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', expired.id)
      .execute();

    const revoked = await issue(staff, hA2);
    const revokedView = body<Invitation>(await staff.post(`${invitationsOf(hA2)}/${revoked.id}/revoke`), 200);
    expect(revokedView.status).toBe('revoked');

    const single = await issue(staff, hA2, { maxUses: 1 });
    body<Binding>(await join(await register(t, '先到者'), single.code, 'family'), 201);

    const closedHousehold = await addHousehold(
      t,
      { communityId: w.communityA, compoundId: w.compoundA2, buildingId: w.buildingA2 },
      '已注销户',
    );
    const ofClosed = await issue(staff, closedHousehold);
    await t.deps.db
      .updateTable('households')
      .set({ closed_at: Date.now() })
      .where('id', '=', closedHousehold)
      .execute();

    const resident = await register(t, '后到者');
    const messages = new Set<string>();
    for (const code of [expired.code, revoked.code, single.code, ofClosed.code, 'ABCDEFGHJK', 'hello']) {
      const res = await join(resident, code, 'family');
      expect(res.statusCode, code).toBe(400);
      expect(res.json().error.code).toBe('invitation_invalid');
      messages.add(res.json().error.message);
    }
    expect(messages.size).toBe(1);
    expect(body<Page<Binding>>(await resident.get('/api/v1/me/household-bindings'), 200).items).toEqual([]);

    const statuses = body<Page<Invitation>>(await staff.get(`${invitationsOf(hA2)}?pageSize=200`), 200).items;
    expect(statuses.find((i) => i.id === expired.id)!.status).toBe('expired');
    expect(statuses.find((i) => i.id === single.id)!.status).toBe('used_up');
    const active = body<Page<Invitation>>(
      await staff.get(`${invitationsOf(hA2)}?active=true&pageSize=200`),
      200,
    );
    expect(active.items.map((i) => i.id)).not.toContain(expired.id);
    expect(active.items.every((i) => i.status === 'active')).toBe(true);

    // A closed household gets no new codes.
    expect((await staff.post(invitationsOf(closedHousehold), {})).statusCode).toBe(409);
  });

  it('revoking twice changes nothing and is audited once', async () => {
    const invitation = await issue(staff, hA2);
    const first = body<Invitation & { revokedAt: number }>(
      await staff.post(`${invitationsOf(hA2)}/${invitation.id}/revoke`),
      200,
    );
    const second = body<Invitation & { revokedAt: number }>(
      await staff.post(`${invitationsOf(hA2)}/${invitation.id}/revoke`),
      200,
    );
    expect(second.revokedAt).toBe(first.revokedAt);
    expect(await auditOf(`action=invitation.revoke&targetId=${invitation.id}`)).toHaveLength(1);
  });

  it('a code is never stored or logged in plain text', async () => {
    const { code, id } = await issue(gridWorker, hA1);
    const rows = await t.deps.db.selectFrom('invitations').selectAll().execute();
    expect(rows.find((r) => r.id === id)!.code_hash).not.toBe(code);
    expect(JSON.stringify(rows)).not.toContain(code);
    const log = await t.deps.db.selectFrom('audit_log').selectAll().execute();
    expect(log.some((e) => e.target_id === id && e.action === 'invitation.issue')).toBe(true);
    expect(JSON.stringify(log)).not.toContain(code);
  });
});

describe('guessing codes', () => {
  it(`after ${badCodeLimit} bad codes an account waits (429) even with a good one; its login and other accounts are unaffected`, async () => {
    const phone = freshPhone();
    const guesser = await register(t, '猜码者', phone);
    for (let i = 0; i < badCodeLimit; i++) {
      const res = await join(guesser, `ZZZZZZZZZ${'ABCDEFGHJK'[i]}`, 'family');
      expect(res.statusCode).toBe(400);
    }
    const { code, id } = await issue(staff, hA2);
    const blocked = await join(guesser, code, 'family');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('invitation_throttled');
    expect(await usesOf(id)).toBe(0);

    await new Client(t.app).login(phone, 'resident-pass-1');
    body<Binding>(await join(await register(t, '正常住户'), code, 'family'), 201);
  });
});

describe('who may issue codes and decide', () => {
  it('a grid worker acts only on households in its grid’s buildings', async () => {
    expect((await gridWorker.post(invitationsOf(hA2), {})).statusCode).toBe(403);
    expect((await gridWorker.get(invitationsOf(hA2))).statusCode).toBe(403);
    const outside = await issue(staff, hA2);
    expect((await gridWorker.post(`${invitationsOf(hA2)}/${outside.id}/revoke`)).statusCode).toBe(403);

    const requested = body<Binding>(await join(await register(t, '甲二住户'), outside.code, 'family'), 201);
    const inGrid = await issue(gridWorker, hA1);
    const nearby = body<Binding>(await join(await register(t, '甲一住户'), inGrid.code, 'family'), 201);
    const seen = body<Page<Binding>>(await gridWorker.get(`${A()}/household-bindings?pageSize=200`), 200);
    expect(seen.items.map((b) => b.id)).toContain(nearby.id);
    expect(seen.items.every((b) => b.place.household.id === hA1)).toBe(true);
    const all = body<Page<Binding>>(await staff.get(`${A()}/household-bindings?pageSize=200`), 200);
    expect(all.items.map((b) => b.id)).toEqual(expect.arrayContaining([requested.id, nearby.id]));

    expect((await gridWorker.post(decide(requested.id, 'confirm'))).statusCode).toBe(403);
    expect((await gridWorker.post(decide(requested.id, 'reject'), { reason: '不在本网格' })).statusCode).toBe(
      403,
    );
  });

  it('roles without invitations.manage are refused', async () => {
    for (const role of ['branch', 'committee', 'squadLeader'] as const) {
      const client = await t.as(role);
      expect((await client.post(invitationsOf(hA1), {})).statusCode, role).toBe(403);
    }
  });

  it('unknown households, invitations and requests are 404, as are B’s households asked for under A', async () => {
    expect((await staff.post(invitationsOf(newId()), {})).statusCode).toBe(404);
    expect((await staff.post(invitationsOf(hB), {})).statusCode).toBe(404);
    expect((await staff.post(`${invitationsOf(hA1)}/${newId()}/revoke`)).statusCode).toBe(404);
    expect((await staff.post(decide(newId(), 'confirm'))).statusCode).toBe(404);
  });

  it('out-of-range options and bad join requests are 400 and use nothing up', async () => {
    for (const options of [{ expiresInDays: 0 }, { expiresInDays: 91 }, { maxUses: 0 }, { maxUses: 51 }]) {
      const res = await staff.post(invitationsOf(hA1), options);
      expect(res.statusCode, JSON.stringify(options)).toBe(400);
    }
    const { code, id } = await issue(staff, hA1, { expiresInDays: 1, maxUses: 50 });
    const resident = await register(t, '填错者');
    expect((await join(resident, code, 'landlord')).statusCode).toBe(400);
    expect((await join(resident, code, 'family', '   ')).statusCode).toBe(400);
    expect((await resident.post('/api/v1/me/household-bindings', { code })).statusCode).toBe(400);
    expect(await usesOf(id)).toBe(0);
  });

  it('asking to join the same household twice while the first request is open is a 409', async () => {
    const { code, id } = await issue(staff, hA1);
    const resident = await register(t, '重复者');
    body<Binding>(await join(resident, code, 'family'), 201);
    const twice = await join(resident, code, 'family');
    expect(twice.statusCode).toBe(409);
    expect(await usesOf(id)).toBe(1);
  });
});

describe('rejecting a request', () => {
  it('the resident sees why, gets no role and no household, and may ask again', async () => {
    const { code } = await issue(staff, hA1);
    const resident = await register(t, '冒名者');
    const requested = body<Binding>(await join(resident, code, 'owner'), 201);

    expect((await staff.post(decide(requested.id, 'reject'), { reason: '   ' })).statusCode).toBe(400);
    const rejected = body<Binding>(
      await staff.post(decide(requested.id, 'reject'), { reason: '户主不认识此人' }),
      200,
    );
    expect(rejected).toMatchObject({ status: 'rejected', reason: '户主不认识此人' });
    expect((await staff.post(decide(requested.id, 'reject'), { reason: '再拒一次' })).statusCode).toBe(409);

    const mine = body<Page<Binding>>(await resident.get('/api/v1/me/household-bindings'), 200).items;
    expect(mine).toEqual([
      expect.objectContaining({ id: requested.id, status: 'rejected', reason: '户主不认识此人' }),
    ]);
    expect(body<Me>(await resident.get('/api/v1/auth/me'), 200).grants).toEqual([]);
    expect(body<Page<MyHousehold>>(await resident.get('/api/v1/me/households'), 200).items).toEqual([]);

    const [entry] = await auditOf(`action=binding.reject&targetId=${requested.id}`);
    expect(entry!.before).toMatchObject({ status: 'pending' });
    expect(entry!.after).toMatchObject({ status: 'rejected', reason: '户主不认识此人' });

    body<Binding>(await join(resident, code, 'family'), 201);
  });
});
