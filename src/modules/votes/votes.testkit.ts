import { hashPassword } from '../../core/auth/passwords';
import { newId } from '../../core/ids';
import type { TestContext } from '../../../test/support/app';
import { body, Client, errorCode } from '../../../test/support/client';
import { insertAccount, password } from '../../../test/support/world';
import { multipart } from '../../../test/support/upload';
import { addCompound, addRoom, api } from '../people/people.testkit';

export { api, body, errorCode };

/**
 * A compound of owners for assembly tests (API and browser): two buildings, eight rooms, owners
 * with accounts. Per DESIGN §6 it has six voters (heads):
 *   张三  1栋-101                      one room
 *   李四  1栋-102 (marked voter) with co-owner 王五 (who has an account too)
 *   赵六  1栋-201 and 2栋-101          a buyer of two rooms: one head
 *   周八  1栋-202
 *   孙七  2栋-202
 *   the developer 2栋-102 and 2栋-201  unsold: one head, no account
 * Staff: `manager` and `checker` hold the committee role on the compound (manage, enter ballots),
 * `volunteer` may canvass it.
 */

export const ownerNames = ['张三', '李四', '王五', '赵六', '周八', '孙七'] as const;
export type OwnerName = (typeof ownerNames)[number];

export const roomAreas = {
  '1-101': 10000,
  '1-102': 9000,
  '1-201': 8000,
  '1-202': 12000,
  '2-101': 7000,
  '2-102': 11000,
  '2-201': 11000,
  '2-202': 9500,
} as const;
export type RoomName = keyof typeof roomAreas;

export interface OwnersCompound {
  communityId: string;
  compoundId: string;
  buildings: { b1: string; b2: string };
  rooms: Record<RoomName, string>;
  people: Record<OwnerName, string>;
  accounts: Record<OwnerName, string>;
  phones: Record<OwnerName, string>;
  totalAreaCenti: number;
  heads: number;
  owner(name: OwnerName): Promise<Client>;
  manager: Client;
  checker: Client;
  volunteer: Client;
}

let phoneSeq = 0;

/** Builds the compound straight in the database (the people and ownership routes are tested elsewhere). */
export async function ownersCompound(
  t: TestContext,
  name = `和谐小区${++phoneSeq}`,
): Promise<OwnersCompound> {
  const { db } = t.deps;
  const { communityId, compoundId, buildingId: b1 } = await addCompound(t, name);
  const now = Date.now();
  const b2 = newId();
  await db
    .insertInto('buildings')
    .values({
      community_id: communityId,
      id: b2,
      compound_id: compoundId,
      name: '2栋',
      floors: 6,
      created_at: now,
      updated_at: now,
      archived_at: null,
    })
    .execute();
  const rooms = {} as Record<RoomName, string>;
  for (const [room, area] of Object.entries(roomAreas) as [RoomName, number][]) {
    const [building, number] = room.split('-') as [string, string];
    rooms[room] = await addRoom(
      t,
      { communityId, compoundId, buildingId: building === '1' ? b1 : b2 },
      number,
      area,
    );
  }

  const passwordHash = await hashPassword(password);
  const people = {} as Record<OwnerName, string>;
  const accounts = {} as Record<OwnerName, string>;
  const phones = {} as Record<OwnerName, string>;
  for (const owner of ownerNames) {
    const accountId = newId();
    const phone = `137${String(++phoneSeq).padStart(8, '0')}`;
    await insertAccount(t.deps, { id: accountId, phone, name: owner, passwordHash });
    const personId = newId();
    await db
      .insertInto('people')
      .values({
        community_id: communityId,
        id: personId,
        name: owner,
        phone_sealed: null,
        phone_hash: null,
        id_number_sealed: null,
        id_number_hash: null,
        gender: null,
        birth_year: null,
        political_status: 'masses',
        flags: '[]',
        account_id: accountId,
        notes: null,
        created_at: now,
        updated_at: now,
        archived_at: null,
      })
      .execute();
    people[owner] = personId;
    accounts[owner] = accountId;
    phones[owner] = phone;
  }

  let order = 0;
  const own = (room: RoomName, owner: OwnerName | 'developer', isVoter = false) =>
    db
      .insertInto('ownerships')
      .values({
        community_id: communityId,
        id: newId(),
        room_id: rooms[room],
        compound_id: compoundId,
        person_id: owner === 'developer' ? null : people[owner],
        is_developer: owner === 'developer' ? 1 : 0,
        is_voter: isVoter ? 1 : 0,
        since: null,
        until: null,
        created_at: now + ++order,
        updated_at: now,
        ended_at: null,
      })
      .execute();
  await own('1-101', '张三');
  await own('1-102', '王五');
  await own('1-102', '李四', true);
  await own('1-201', '赵六');
  await own('2-101', '赵六');
  await own('1-202', '周八');
  await own('2-202', '孙七');
  await own('2-102', 'developer');
  await own('2-201', 'developer');

  const [manager, checker, volunteer] = await Promise.all([
    t.holding('committee', 'compound', compoundId),
    t.holding('committee', 'compound', compoundId),
    t.holding('volunteer', 'compound', compoundId),
  ]);
  return {
    communityId,
    compoundId,
    buildings: { b1, b2 },
    rooms,
    people,
    accounts,
    phones,
    totalAreaCenti: Object.values(roomAreas).reduce((sum, a) => sum + a, 0),
    heads: 6,
    owner: (who) => new Client(t.app).login(phones[who], password),
    manager,
    checker,
    volunteer,
  };
}

const day = 24 * 60 * 60 * 1000;

export const assemblies = (c: Pick<OwnersCompound, 'communityId'>) => `${api(c.communityId)}/assemblies`;

export interface MatterSpec {
  item: number;
  title: string;
  election?: boolean;
  seats?: number;
}

/** A draft with its matters, made through the API; voting 16 to 23 days from now. */
export async function draftAssembly(
  c: OwnersCompound,
  matters: MatterSpec[] = [{ item: 9, title: '安装停车道闸' }],
  extra: Record<string, unknown> = {},
) {
  const now = Date.now();
  const a = body<{ id: string }>(
    await c.manager.post(assemblies(c), {
      compoundId: c.compoundId,
      title: '2026年第一次业主大会',
      votingStartsAt: now + 16 * day,
      votingEndsAt: now + 23 * day,
      ...extra,
    }),
    201,
  );
  const matterIds: string[] = [];
  for (const m of matters)
    matterIds.push(body<{ id: string }>(await c.manager.post(`${assemblies(c)}/${a.id}/matters`, m), 201).id);
  return { assemblyId: a.id, matterIds };
}

/**
 * Moves an assembly's clock: every instant on its row moves `ms` into the past, as if that much
 * time had gone by. Tests cannot wait out a 15-day notice period.
 */
export async function timeTravel(t: TestContext, c: OwnersCompound, assemblyId: string, ms: number) {
  const row = await t.deps.db
    .selectFrom('assemblies')
    .selectAll()
    .where('community_id', '=', c.communityId)
    .where('id', '=', assemblyId)
    .executeTakeFirstOrThrow();
  const back = (v: number | null) => (v === null ? null : v - ms);
  await t.deps.db
    .updateTable('assemblies')
    .set({
      voting_starts_at: row.voting_starts_at - ms,
      voting_ends_at: row.voting_ends_at - ms,
      original_ends_at: back(row.original_ends_at),
      announced_at: back(row.announced_at),
      opened_at: back(row.opened_at),
    })
    .where('community_id', '=', c.communityId)
    .where('id', '=', assemblyId)
    .execute();
}

/** Announces the draft and opens voting as if the notice period had passed. */
export async function openVoting(t: TestContext, c: OwnersCompound, assemblyId: string) {
  body(await c.manager.post(`${assemblies(c)}/${assemblyId}/announce`), 200);
  await timeTravel(t, c, assemblyId, 16 * day + 60_000);
  body(await c.manager.post(`${assemblies(c)}/${assemblyId}/open`), 200);
}

/** Closes voting as if its deadline had passed. */
export async function closeVoting(t: TestContext, c: OwnersCompound, assemblyId: string) {
  await timeTravel(t, c, assemblyId, 8 * day);
  body(await c.manager.post(`${assemblies(c)}/${assemblyId}/close`), 200);
}

/** An owner's online ballot on a matter. */
export function vote(client: Client, assemblyId: string, matterId: string, ballot: Record<string, unknown>) {
  return client.post(`/api/v1/me/assemblies/${assemblyId}/matters/${matterId}/ballots`, ballot);
}

/** A minimal one-page PDF: a scanned sheet, a written authorisation, a plan. */
export const samplePdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** samplePdf uploaded by `client` as sheet.pdf. */
export async function uploadPdf(client: Client, communityId: string): Promise<string> {
  const { payload, contentType } = multipart(samplePdf, { name: 'sheet.pdf', type: 'application/pdf' });
  const res = await client.request('POST', `${api(communityId)}/files`, payload, {
    'content-type': contentType,
  });
  return body<{ id: string }>(res, 201).id;
}
