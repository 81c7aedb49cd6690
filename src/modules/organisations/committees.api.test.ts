import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { newId } from '../../core/ids';
import {
  addBuilding,
  addOwnership,
  addPerson,
  api,
  auditOf,
  body,
  errorCode,
  holding,
  ids,
} from './organisations.testkit';

interface Committee {
  id: string;
  compoundId: string;
  compoundName: string;
  termNo: number;
  termStart: string | null;
  termEnd: string | null;
  status: string;
}
interface Member {
  id: string;
  personName: string;
  position: string;
  until: string | null;
  endedAt: number | null;
}

let t: TestContext;
let staff: Client;
let A: string;
let term1: Committee;
let termA2: Committee;

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.as('communityStaff');
  A = api(t.world.communityA);
});
afterAll(() => t.close());

const owner = async (name: string, roomId = t.world.roomA1) => {
  const id = await addPerson(t, name);
  await addOwnership(t, id, roomId);
  return id;
};

describe('owners’ committees (业委会)', () => {
  it('record terms per compound and move them on: preparing → serving', async () => {
    term1 = body<Committee>(
      await staff.post(`${A}/owner-committees`, {
        compoundId: t.world.compoundA1,
        termNo: 1,
        termStart: '2023-05-01',
        termEnd: '2028-04-30',
      }),
      201,
    );
    expect(term1).toMatchObject({ compoundName: '甲一小区', termNo: 1, status: 'preparing' });
    const serving = body<Committee>(
      await staff.patch(`${A}/owner-committees/${term1.id}`, { status: 'serving' }),
      200,
    );
    expect(serving.status).toBe('serving');
    expect(body<Committee>(await staff.get(`${A}/owner-committees/${term1.id}`), 200)).toEqual(serving);
    const trail = await auditOf(t, term1.id);
    expect(trail.map((a) => a.action)).toEqual(['owner_committee.create', 'owner_committee.status']);
    expect(JSON.parse(trail[1]!.after_json!)).toEqual({ status: 'serving' });

    termA2 = body<Committee>(
      await staff.post(`${A}/owner-committees`, {
        compoundId: t.world.compoundA2,
        termNo: 3,
        status: 'serving',
      }),
      201,
    );
    expect(ids(await staff.get(`${A}/owner-committees?status=serving`)).sort()).toEqual(
      [term1.id, termA2.id].sort(),
    );
    expect(ids(await staff.get(`${A}/owner-committees?compoundId=${t.world.compoundA2}`))).toEqual([
      termA2.id,
    ]);
    expect(ids(await staff.get(`${A}/owner-committees?q=甲二`))).toEqual([termA2.id]);
  });

  it('one serving term per compound; terms never go back; dates in order; unique term numbers', async () => {
    const twice = await staff.post(`${A}/owner-committees`, {
      compoundId: t.world.compoundA1,
      termNo: 2,
      status: 'serving',
    });
    expect(errorCode(twice, 409)).toBe('committee_already_serving');
    expect(twice.json().error.message).toContain('第1届');

    const term2 = body<Committee>(
      await staff.post(`${A}/owner-committees`, { compoundId: t.world.compoundA1, termNo: 2 }),
      201,
    );
    expect(
      errorCode(await staff.patch(`${A}/owner-committees/${term2.id}`, { status: 'serving' }), 409),
    ).toBe('committee_already_serving');
    expect(
      errorCode(await staff.patch(`${A}/owner-committees/${term1.id}`, { status: 'preparing' }), 409),
    ).toBe('committee_status_order');
    expect(
      errorCode(
        await staff.post(`${A}/owner-committees`, { compoundId: t.world.compoundA1, termNo: 1 }),
        409,
      ),
    ).toBe('committee_term_exists');
    expect(
      errorCode(
        await staff.post(`${A}/owner-committees`, {
          compoundId: t.world.compoundA1,
          termNo: 9,
          termStart: '2024-01-01',
          termEnd: '2023-01-01',
        }),
        400,
      ),
    ).toBe('date_order');
    expect(
      errorCode(await staff.patch(`${A}/owner-committees/${term1.id}`, { termEnd: '2020-01-01' }), 400),
    ).toBe('date_order');
    expect(errorCode(await staff.post(`${A}/owner-committees`, { compoundId: 'nope', termNo: 1 }), 400)).toBe(
      'bad_reference',
    );
    expect(
      errorCode(
        await staff.post(`${A}/owner-committees`, { compoundId: t.world.compoundA1, termNo: 0 }),
        400,
      ),
    ).toBe('validation');
    expect(
      errorCode(await staff.patch(`${A}/owner-committees/${term1.id}`, { status: 'dissolved' }), 400),
    ).toBe('validation');
  });

  it('members are owners of the compound; one chair; appointments audited', async () => {
    const M = `${A}/owner-committees/${term1.id}/members`;
    const qian = await owner('钱主任');
    const sun = await owner('孙副主任');
    const li = await owner('李委员');
    const tenant = await addPerson(t, '周租户');
    const { room: roomA2 } = await addBuilding(t, t.world.compoundA2, '2栋');
    const ownerElsewhere = await owner('吴甲二业主', roomA2);

    const chair = body<Member>(
      await staff.post(M, { personId: qian, position: 'chair', since: '2023-05-01' }),
      201,
    );
    expect(chair).toMatchObject({ personName: '钱主任', position: 'chair' });
    body(await staff.post(M, { personId: sun, position: 'vice_chair' }), 201);
    body(await staff.post(M, { personId: li, position: 'member' }), 201);

    const notOwner = await staff.post(M, { personId: tenant, position: 'member' });
    expect(errorCode(notOwner, 400)).toBe('not_an_owner');
    expect(notOwner.json().error.message).toContain('周租户');
    expect(errorCode(await staff.post(M, { personId: ownerElsewhere, position: 'member' }), 400)).toBe(
      'not_an_owner',
    );
    const another = await owner('郑业主');
    expect(errorCode(await staff.post(M, { personId: another, position: 'chair' }), 409)).toBe(
      'position_taken',
    );

    const roster = body<{ items: Member[] }>(await staff.get(M), 200).items;
    expect(roster.map((m) => m.position)).toEqual(['chair', 'vice_chair', 'member']);
    expect((await auditOf(t, chair.id)).map((a) => a.action)).toEqual(['committee_member.appoint']);
  });

  it('ending a term ends its members’ places and lets the next term serve', async () => {
    const M = `${A}/owner-committees/${term1.id}/members`;
    const ended = body<Committee>(
      await staff.patch(`${A}/owner-committees/${term1.id}`, { status: 'ended' }),
      200,
    );
    expect(ended.status).toBe('ended');
    expect(body<{ items: Member[] }>(await staff.get(M), 200).items).toEqual([]);
    const past = body<{ items: Member[] }>(await staff.get(`${M}?ended=true`), 200).items;
    expect(past).toHaveLength(3);
    expect(past.every((m) => m.endedAt !== null && m.until !== null)).toBe(true);
    const late = await owner('王迟到');
    expect(errorCode(await staff.post(M, { personId: late, position: 'member' }), 409)).toBe('org_closed');

    const [term2] = body<{ items: Committee[] }>(
      await staff.get(`${A}/owner-committees?compoundId=${t.world.compoundA1}&status=preparing`),
      200,
    ).items;
    expect(
      body<Committee>(await staff.patch(`${A}/owner-committees/${term2!.id}`, { status: 'serving' }), 200)
        .status,
    ).toBe('serving');
  });

  it('row scope: the A1 branch and committee see A1’s terms, never A2’s; community B sees none of A’s', async () => {
    for (const client of [await t.as('branch'), await t.as('committee')]) {
      const seen = ids(await client.get(`${A}/owner-committees`));
      expect(seen).toContain(term1.id);
      expect(seen).not.toContain(termA2.id);
      body(await client.get(`${A}/owner-committees/${term1.id}`), 200);
      expect(errorCode(await client.get(`${A}/owner-committees/${termA2.id}`), 403)).toBe('forbidden');
      expect(errorCode(await client.get(`${A}/owner-committees/${termA2.id}/members`), 403)).toBe(
        'forbidden',
      );
    }
    const branchA2 = await holding(t, 'branch', 'compound', t.world.compoundA2);
    expect(ids(await branchA2.get(`${A}/owner-committees`))).toEqual([termA2.id]);

    const street = await t.as('streetAdmin');
    const B = api(t.world.communityB);
    expect(errorCode(await street.get(`${B}/owner-committees/${term1.id}`), 404)).toBe('not_found');
    expect(ids(await street.get(`${B}/owner-committees`))).toEqual([]);
  });

  it('unknown terms are 404', async () => {
    const missing = newId();
    expect(errorCode(await staff.get(`${A}/owner-committees/${missing}`), 404)).toBe('not_found');
    expect(errorCode(await staff.patch(`${A}/owner-committees/${missing}`, { status: 'ended' }), 404)).toBe(
      'not_found',
    );
    expect(errorCode(await staff.get(`${A}/owner-committees/${missing}/members`), 404)).toBe('not_found');
    expect(
      errorCode(await staff.post(`${A}/owner-committees/${term1.id}/members/${missing}/end`, {}), 404),
    ).toBe('not_found');
  });
});
