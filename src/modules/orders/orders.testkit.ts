import { hashPassword } from '../../core/auth/passwords';
import { newId } from '../../core/ids';
import type { TestContext } from '../../../test/support/app';
import { body, Client, errorCode } from '../../../test/support/client';
import { testPhoto, upload } from '../../../test/support/upload';
import { insertAccount, insertGrant, password } from '../../../test/support/world';

export { body, errorCode };

/**
 * The people of an order's loop in test community A, set up the way they would be in life, for the
 * API tests here and the browser tests of the web app:
 * - a resident who registered, joined a household in roomA1 with its invitation code and was
 *   confirmed by staff (so /me finds the household);
 * - squadA's leader: the world's squadLeader account, also the squad's 分队长 member;
 * - two party members serving in squadA (accounts linked to people, 一技之长 tagged), who hold the
 *   partyMember role in the community as party members do.
 * Every account logs in with `password`.
 */

export const api = (communityId: string) => `/api/v1/communities/${communityId}`;

export interface Actor {
  client: Client;
  phone: string;
  accountId: string;
  /** Their person in community A. */
  personId: string;
}

export interface OrderWorld {
  password: string;
  resident: Actor & { householdId: string };
  leader: Actor;
  members: [Actor, Actor];
  /** Category ids of community A by code (the defaults, copied in on first use). */
  categories: Record<string, string>;
}

let phoneSeq = 0;
/** Mobile numbers no other test account uses (the world uses 139…, testkits 136…/1365…). */
const freshPhone = () =>
  `1377${String(process.pid % 1000).padStart(3, '0')}${String(++phoneSeq).padStart(4, '0')}`;

async function addPerson(
  t: TestContext,
  name: string,
  accountId: string | null,
  politicalStatus = 'party_member',
): Promise<string> {
  const now = Date.now();
  const id = newId();
  await t.deps.db
    .insertInto('people')
    .values({
      community_id: t.world.communityA,
      id,
      name,
      phone_sealed: null,
      phone_hash: null,
      id_number_sealed: null,
      id_number_hash: null,
      gender: null,
      birth_year: null,
      political_status: politicalStatus,
      flags: '[]',
      account_id: accountId,
      notes: null,
      created_at: now,
      updated_at: now,
      archived_at: null,
    })
    .execute();
  return id;
}

/** Puts a person in a squad of community A (as 分队长 or 队员), with their skills. */
export async function joinSquad(
  t: TestContext,
  squadId: string,
  personId: string,
  role: 'leader' | 'member',
  skills: string[] = [],
): Promise<void> {
  await t.deps.db
    .insertInto('squad_members')
    .values({
      community_id: t.world.communityA,
      id: newId(),
      squad_id: squadId,
      person_id: personId,
      role,
      joined_at: Date.now(),
      left_at: null,
      skills: JSON.stringify(skills),
    })
    .execute();
}

/** A new party member with an account, serving in the squad; logged in. */
export async function addSquadMember(
  t: TestContext,
  name: string,
  squadId: string,
  skills: string[] = [],
): Promise<Actor> {
  const phone = freshPhone();
  const accountId = newId();
  await insertAccount(t.deps, { id: accountId, phone, name, passwordHash: await hashPassword(password) });
  await insertGrant(t.deps, {
    communityId: t.world.communityA,
    accountId,
    role: 'partyMember',
    kind: 'community',
    scopeId: t.world.communityA,
  });
  const personId = await addPerson(t, name, accountId);
  await joinSquad(t, squadId, personId, 'member', skills);
  return { client: await new Client(t.app).login(phone, password), phone, accountId, personId };
}

/** Community B's staff: someone with every order action, in the wrong community. */
export async function staffOfB(t: TestContext): Promise<Client> {
  const phone = freshPhone();
  const accountId = newId();
  await insertAccount(t.deps, {
    id: accountId,
    phone,
    name: '乙社区工作人员',
    passwordHash: await hashPassword(password),
  });
  await insertGrant(t.deps, {
    communityId: t.world.communityB,
    accountId,
    role: 'communityStaff',
    kind: 'community',
    scopeId: t.world.communityB,
  });
  return new Client(t.app).login(phone, password);
}

/**
 * A resident confirmed in a household of `roomId`, through the API as in life: staff make the
 * household and an invitation, the resident registers and joins, staff confirm.
 */
export async function addResident(t: TestContext, name: string, roomId = t.world.roomA1) {
  const staff = await t.as('communityStaff');
  const A = api(t.world.communityA);
  const householdId = body<{ id: string }>(
    await staff.post(`${A}/households`, { roomId, name: `${name}家` }),
    201,
  ).id;
  const { code } = body<{ code: string }>(
    await staff.post(`${A}/households/${householdId}/invitations`, {}),
    201,
  );
  const phone = freshPhone();
  const client = new Client(t.app);
  const registered = await client.post('/api/v1/auth/register', { phone, password, displayName: name });
  client.csrf = body<{ csrfToken: string }>(registered, 201).csrfToken;
  const binding = body<{ id: string }>(
    await client.post('/api/v1/me/household-bindings', { code, name, kind: 'owner', relation: '本人' }),
    201,
  );
  const confirmed = body<{ personId: string; account: { id: string } }>(
    await staff.post(`${A}/household-bindings/${binding.id}/confirm`, {}),
    200,
  );
  return { client, phone, accountId: confirmed.account.id, personId: confirmed.personId, householdId };
}

export async function setUpOrderWorld(t: TestContext): Promise<OrderWorld> {
  const { world } = t;
  const leaderPerson = await addPerson(t, '李队长', world.accounts.squadLeader);
  await joinSquad(t, world.squadA, leaderPerson, 'leader', ['协调']);
  const members: [Actor, Actor] = [
    await addSquadMember(t, '张水电', world.squadA, ['水电', '管道']),
    await addSquadMember(t, '王理发', world.squadA, ['理发']),
  ];
  const resident = await addResident(t, '赵大妈');
  const listed = body<{ items: { id: string; code: string }[] }>(
    await resident.client.get(`${api(world.communityA)}/order-categories?pageSize=50`),
    200,
  );
  return {
    password,
    resident,
    leader: {
      client: await t.as('squadLeader'),
      phone: world.phones.squadLeader,
      accountId: world.accounts.squadLeader,
      personId: leaderPerson,
    },
    members,
    categories: Object.fromEntries(listed.items.map((c) => [c.code, c.id])),
  };
}

/** Uploads a photo into community A as `client`; returns the file id. */
export async function uploadPhoto(t: TestContext, client: Client): Promise<string> {
  return body<{ id: string }>(await upload(client, t.world.communityA, await testPhoto(64, 48)), 201).id;
}

/** An order as the API answers it (the fields tests look at). */
export interface OrderJson {
  id: string;
  communityId: string;
  state: string;
  squadId: string | null;
  assigneePersonId: string | null;
  assigneeName: string | null;
  handledByMe: boolean;
  contactName: string;
  contactPhone: string | null;
  roomNumber: string | null;
  entranceName: string | null;
  householdId: string | null;
  escalatedTo: string | null;
  escalationLevel: number;
  overdue: boolean;
  acceptOverdue: boolean;
  resolveOverdue: boolean;
  acceptedAt: number | null;
  resolvedAt: number | null;
  minutesSpent: number;
  rating: number | null;
  version: number;
  photoIds: string[];
  timeline: {
    seq: number;
    type: string;
    fromState: string | null;
    toState: string;
    actorRole: string;
    actorName: string | null;
    personName: string | null;
    squadName: string | null;
    reason: string | null;
    note: string | null;
    fileIds: string[];
  }[];
}

export interface PageJson<T> {
  items: T[];
  total: number;
}

/** A resident's order for their household, made through the API; returns it. */
export async function placeOrder(
  ow: OrderWorld,
  fields: Record<string, unknown> = {},
  who: Client = ow.resident.client,
): Promise<OrderJson> {
  const res = await who.post('/api/v1/me/orders', {
    categoryId: ow.categories.utilities_repair,
    description: '厨房水管漏水，地上都是水',
    homeHours: '工作日晚上 7 点后',
    ...fields,
  });
  return body<OrderJson>(res, 201);
}

/** The kinds of the account's notifications, newest first. */
export async function notificationKinds(client: Client): Promise<string[]> {
  const page = body<PageJson<{ kind: string }>>(
    await client.get('/api/v1/me/notifications?pageSize=100'),
    200,
  );
  return page.items.map((n) => n.kind);
}
