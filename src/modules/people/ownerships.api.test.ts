import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { todayInShanghai } from '../../core/time';
import { addCompound, addRoom, api, body, errorCode, newPerson } from './people.testkit';

interface Ownership {
  id: string;
  roomId: string;
  compoundId: string;
  personId: string | null;
  personName: string | null;
  isDeveloper: boolean;
  isVoter: boolean;
  since: string | null;
  until: string | null;
  endedAt: number | null;
}
interface Electorate {
  compoundId: string;
  rooms: {
    roomId: string;
    number: string;
    areaCenti: number;
    voter: { key: string; personId: string | null; name: string | null; developer: boolean } | null;
  }[];
  roomCount: number;
  roomsWithoutOwner: number;
  totalAreaCenti: number;
  heads: number;
}

let t: TestContext;
let staff: Client;
let A: string;

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.as('communityStaff');
  A = api(t.world.communityA);
});
afterAll(() => t.close());

const ownersUrl = (roomId: string) => `${A}/rooms/${roomId}/owners`;
const addOwner = async (roomId: string, owner: Record<string, unknown>) =>
  body<Ownership>(await staff.post(ownersUrl(roomId), owner), 201);
const owners = async (client: Client, roomId: string, history = false) =>
  body<{ items: Ownership[] }>(await client.get(`${ownersUrl(roomId)}${history ? '?history=true' : ''}`), 200)
    .items;
const auditOf = (targetId: string) =>
  t.deps.db
    .selectFrom('audit_log')
    .selectAll()
    .where('community_id', '=', t.world.communityA)
    .where('target_id', '=', targetId)
    .orderBy('at')
    .orderBy('id')
    .execute();

describe('owners of a room', () => {
  let room: string;
  let husband: string;
  let wife: string;

  beforeAll(async () => {
    room = await addRoom(t, { compoundId: t.world.compoundA1, buildingId: t.world.buildingA1 }, '102');
    husband = await newPerson(staff, t.world.communityA, { name: '陈建国' });
    wife = await newPerson(staff, t.world.communityA, { name: '林秀兰' });
  });

  it('co-owners: the first registered votes until another is made the voter; every change is audited', async () => {
    const first = await addOwner(room, { personId: husband, since: '2008-05-01' });
    expect(first).toMatchObject({
      roomId: room,
      compoundId: t.world.compoundA1,
      personId: husband,
      personName: '陈建国',
      isDeveloper: false,
      isVoter: true,
      since: '2008-05-01',
      endedAt: null,
    });
    const second = await addOwner(room, { personId: wife });
    expect(second.isVoter).toBe(false);
    expect((await owners(staff, room)).map((o) => [o.personId, o.isVoter])).toEqual([
      [husband, true],
      [wife, false],
    ]);

    const voter = body<Ownership>(await staff.post(`${ownersUrl(room)}/${second.id}/voter`), 200);
    expect(voter.isVoter).toBe(true);
    expect((await owners(staff, room)).map((o) => [o.personId, o.isVoter])).toEqual([
      [husband, false],
      [wife, true],
    ]);

    const [added] = await auditOf(second.id);
    expect(added).toMatchObject({
      action: 'ownership.add',
      target_type: 'ownership',
      actor_account_id: t.world.accounts.communityStaff,
    });
    expect(JSON.parse(added!.after_json!)).toMatchObject({
      roomId: room,
      personId: wife,
      isDeveloper: false,
    });
    const [marked] = await auditOf(room);
    expect(marked).toMatchObject({
      action: 'ownership.voter',
      actor_account_id: t.world.accounts.communityStaff,
    });
    expect(JSON.parse(marked!.before_json!)).toEqual({ ownershipId: first.id, personId: husband });
    expect(JSON.parse(marked!.after_json!)).toEqual({ ownershipId: second.id, personId: wife });
  });

  it('ending the voter’s ownership passes the vote to the remaining owner, and is audited', async () => {
    const current = await owners(staff, room);
    const wifeOwnership = current.find((o) => o.personId === wife)!;
    const ended = body<Ownership>(
      await staff.post(`${ownersUrl(room)}/${wifeOwnership.id}/end`, { until: '2024-06-30' }),
      200,
    );
    expect(ended).toMatchObject({ until: '2024-06-30', endedAt: expect.any(Number), isVoter: false });
    expect((await owners(staff, room)).map((o) => [o.personId, o.isVoter])).toEqual([[husband, true]]);
    expect((await owners(staff, room, true)).map((o) => o.personId)).toEqual([husband, wife]);

    const trail = await auditOf(wifeOwnership.id);
    expect(trail.map((r) => r.action)).toEqual(['ownership.add', 'ownership.end']);
    expect(JSON.parse(trail[1]!.before_json!)).toMatchObject({ until: null });
    expect(JSON.parse(trail[1]!.after_json!)).toMatchObject({ until: '2024-06-30' });

    expect(errorCode(await staff.post(`${ownersUrl(room)}/${wifeOwnership.id}/end`, {}), 409)).toBe(
      'already_ended',
    );
    expect(errorCode(await staff.post(`${ownersUrl(room)}/${wifeOwnership.id}/voter`), 409)).toBe(
      'already_ended',
    );
  });

  it('ends today by default, not before it began', async () => {
    const r = await addRoom(t, { compoundId: t.world.compoundA1, buildingId: t.world.buildingA1 }, '103');
    const o = await addOwner(r, { personId: husband, since: '2010-01-01' });
    expect(errorCode(await staff.post(`${ownersUrl(r)}/${o.id}/end`, { until: '2009-12-31' }), 400)).toBe(
      'until_before_since',
    );
    expect(body<Ownership>(await staff.request('POST', `${ownersUrl(r)}/${o.id}/end`), 200).until).toBe(
      todayInShanghai(),
    );
  });

  it('can be registered as the voter straight away', async () => {
    const r = await addRoom(t, { compoundId: t.world.compoundA1, buildingId: t.world.buildingA1 }, '104');
    await addOwner(r, { personId: husband });
    await addOwner(r, { personId: wife, voter: true });
    expect((await owners(staff, r)).map((o) => [o.personId, o.isVoter])).toEqual([
      [husband, false],
      [wife, true],
    ]);
  });

  it('refuses an owner twice, a person and the developer together, and a room with neither', async () => {
    expect(errorCode(await staff.post(ownersUrl(room), { personId: husband }), 409)).toBe('already_owner');
    expect(errorCode(await staff.post(ownersUrl(room), { developer: true }), 409)).toBe('developer_conflict');
    expect(errorCode(await staff.post(ownersUrl(room), { personId: wife, developer: true }), 400)).toBe(
      'owner_required',
    );
    expect(errorCode(await staff.post(ownersUrl(room), {}), 400)).toBe('owner_required');
    expect(errorCode(await staff.post(ownersUrl(room), { developer: false }), 400)).toBe('owner_required');
    expect(errorCode(await staff.post(ownersUrl(room), { personId: 'nobody' }), 400)).toBe('unknown_person');
    expect(errorCode(await staff.post(ownersUrl(room), { personId: wife, since: 'soon' }), 400)).toBe(
      'validation',
    );

    const unsold = await addRoom(
      t,
      { compoundId: t.world.compoundA1, buildingId: t.world.buildingA1 },
      '105',
    );
    const developer = await addOwner(unsold, { developer: true });
    expect(developer).toMatchObject({ personId: null, personName: null, isDeveloper: true, isVoter: true });
    expect(errorCode(await staff.post(ownersUrl(unsold), { developer: true }), 409)).toBe('already_owner');
    expect(errorCode(await staff.post(ownersUrl(unsold), { personId: wife }), 409)).toBe(
      'developer_conflict',
    );
    // Sold: the developer's ownership ends, then the buyer's begins.
    await staff.post(`${ownersUrl(unsold)}/${developer.id}/end`, {});
    expect((await addOwner(unsold, { personId: wife })).isVoter).toBe(true);
  });

  it('404s an unknown room or ownership', async () => {
    expect(errorCode(await staff.get(ownersUrl('nope')), 404)).toBe('not_found');
    expect(errorCode(await staff.post(ownersUrl('nope'), { developer: true }), 404)).toBe('not_found');
    expect(errorCode(await staff.post(`${ownersUrl(room)}/nope/end`, {}), 404)).toBe('not_found');
    expect(errorCode(await staff.post(`${ownersUrl(room)}/nope/voter`), 404)).toBe('not_found');
    const other = await addRoom(t, { compoundId: t.world.compoundA1, buildingId: t.world.buildingA1 }, '106');
    const [someone] = await owners(staff, room);
    expect(errorCode(await staff.post(`${ownersUrl(other)}/${someone!.id}/voter`), 404)).toBe('not_found');
  });

  it('only roles holding ownership.write change owners; people readers see them where they work', async () => {
    for (const role of ['gridWorker', 'branch', 'committee'] as const) {
      const client = await t.as(role);
      expect((await client.post(ownersUrl(room), { personId: wife })).statusCode, role).toBe(403);
      expect((await client.post(`${ownersUrl(room)}/x/voter`)).statusCode, role).toBe(403);
    }
    const branch = await t.as('branch');
    expect((await owners(branch, room)).length).toBeGreaterThan(0);
    const roomA2 = await addRoom(
      t,
      { compoundId: t.world.compoundA2, buildingId: t.world.buildingA2 },
      '201',
    );
    expect(errorCode(await branch.get(ownersUrl(roomA2)), 403)).toBe('forbidden');
  });
});

describe('the electorate of a compound (DESIGN §6)', () => {
  let place: { compoundId: string; buildingId: string };
  let rooms: Record<string, string>;
  let zhang: string;
  let zhao: string;
  let qian: string;
  let gone: string;

  beforeAll(async () => {
    place = await addCompound(t, '选举小区');
    const areas = {
      '101': 8957,
      '102': 9043,
      '201': 12000,
      '202': 6000,
      '301': 10000,
      '302': 11000,
      '401': 7000,
    };
    rooms = {};
    for (const [number, area] of Object.entries(areas)) rooms[number] = await addRoom(t, place, number, area);
    zhang = await newPerson(staff, t.world.communityA, { name: '张三丰' });
    zhao = await newPerson(staff, t.world.communityA, { name: '赵敏' });
    qian = await newPerson(staff, t.world.communityA, { name: '钱多多' });
    gone = await newPerson(staff, t.world.communityA, { name: '孙前任' });
    // 101: co-owned by Zhang and Zhao, Zhao marked as voter.
    await addOwner(rooms['101']!, { personId: zhang });
    await addOwner(rooms['101']!, { personId: zhao, voter: true });
    // 102 and 201: both Qian's, one head.
    await addOwner(rooms['102']!, { personId: qian });
    await addOwner(rooms['201']!, { personId: qian });
    // 202: sold by Sun (ended), now Zhang's alone; Zhang is also a co-owner of 101.
    const sold = await addOwner(rooms['202']!, { personId: gone });
    await staff.post(`${ownersUrl(rooms['202']!)}/${sold.id}/end`, {});
    await addOwner(rooms['202']!, { personId: zhang });
    // 301, 302: the developer's unsold rooms, one head together. 401: nobody registered yet.
    await addOwner(rooms['301']!, { developer: true });
    await addOwner(rooms['302']!, { developer: true });
  });

  const electorateOf = async (client: Client, compoundId = place.compoundId) =>
    client.get(`${A}/compounds/${compoundId}/electorate`);

  it('gives every room its voter, heads as distinct voters and the total of every room’s area', async () => {
    const roll = body<Electorate>(await electorateOf(staff), 200);
    const voterOf = (number: string) => roll.rooms.find((r) => r.number === number)?.voter;
    expect(roll.rooms.map((r) => r.number)).toEqual(['101', '102', '201', '202', '301', '302', '401']);
    expect(voterOf('101')).toEqual({ key: zhao, personId: zhao, name: '赵*', developer: false });
    expect(voterOf('102')).toEqual({ key: qian, personId: qian, name: '钱*多', developer: false });
    expect(voterOf('201')).toEqual(voterOf('102'));
    expect(voterOf('202')).toEqual({ key: zhang, personId: zhang, name: '张*丰', developer: false });
    expect(voterOf('301')).toEqual({ key: 'developer', personId: null, name: null, developer: true });
    expect(voterOf('302')).toEqual(voterOf('301'));
    expect(voterOf('401')).toBeNull();
    expect(roll).toMatchObject({
      compoundId: place.compoundId,
      roomCount: 7,
      roomsWithoutOwner: 1,
      totalAreaCenti: 8957 + 9043 + 12000 + 6000 + 10000 + 11000 + 7000,
      heads: 4, // Zhao (101), Qian (102, 201), Zhang (202), the developer (301, 302)
    });
    expect(roll.rooms.find((r) => r.number === '101')?.areaCenti).toBe(8957);
  });

  it('changes as ownership changes: a developer room sold to an existing owner adds no head', async () => {
    const [dev] = await owners(staff, rooms['301']!);
    await staff.post(`${ownersUrl(rooms['301']!)}/${dev!.id}/end`, {});
    await addOwner(rooms['301']!, { personId: qian });
    const roll = body<Electorate>(await electorateOf(staff), 200);
    expect(roll.heads).toBe(4);
    await addOwner(rooms['401']!, { personId: gone });
    expect(body<Electorate>(await electorateOf(staff), 200)).toMatchObject({
      heads: 5,
      roomsWithoutOwner: 0,
    });
  });

  it('never shows a phone or an unmasked name', async () => {
    const res = await electorateOf(staff);
    expect(res.body).not.toContain('张三丰');
    expect(res.body).not.toContain('钱多多');
  });

  it('is read on the compound’s scope: its branch and property company yes, others no', async () => {
    expect((await electorateOf(await t.as('branch'), t.world.compoundA1)).statusCode).toBe(200);
    expect((await electorateOf(await t.as('property'), t.world.compoundA1)).statusCode).toBe(200);
    expect(errorCode(await electorateOf(await t.as('branch')), 403)).toBe('forbidden');
    expect(errorCode(await electorateOf(await t.as('gridWorker')), 403)).toBe('forbidden');
    expect((await electorateOf(await t.as('streetAdmin'))).statusCode).toBe(200);
    expect(errorCode(await electorateOf(staff, 'nope'), 404)).toBe('not_found');
    expect(errorCode(await electorateOf(staff, t.world.compoundB1), 404)).toBe('not_found');
  });

  it('an empty compound has no heads and no area', async () => {
    const empty = await addCompound(t, '空小区');
    const roll = body<Electorate>(await electorateOf(staff, empty.compoundId), 200);
    expect(roll).toMatchObject({ heads: 0, roomCount: 0, totalAreaCenti: 0, rooms: [] });
  });
});
