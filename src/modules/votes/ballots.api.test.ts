import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import {
  assemblies,
  body,
  closeVoting,
  draftAssembly,
  errorCode,
  openVoting,
  ownersCompound,
  timeTravel,
  uploadPdf,
  vote,
  type OwnersCompound,
} from './votes.testkit';

let t: TestContext;
let c: OwnersCompound;
const day = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  t = await startTestApp();
  c = await ownersCompound(t);
});
afterAll(() => t.close());

interface MyBallot {
  matterId: string;
  voter: string;
  seq: number;
  choice: string | null;
  receipt: string;
  counted: boolean;
  channel: string;
}
interface ChainBallot {
  seq: number;
  voter: string;
  choice: string | null;
  hash: string;
  prevHash: string;
  channel: string;
}

async function openAssembly(matters?: Parameters<typeof draftAssembly>[1]) {
  const { assemblyId, matterIds } = await draftAssembly(c, matters);
  await openVoting(t, c, assemblyId);
  return { assemblyId, matterId: matterIds[0]! };
}

const chain = async (assemblyId: string, matterId: string) =>
  body<{ items: ChainBallot[] }>(
    await c.manager.get(`${assemblies(c)}/${assemblyId}/matters/${matterId}/ballots?pageSize=200`),
    200,
  ).items;

const verify = async (assemblyId: string, matterId: string) =>
  body<{ ok: boolean; brokenAt: number | null; ballots: number; head: string | null }>(
    await c.manager.get(`${assemblies(c)}/${assemblyId}/matters/${matterId}/verify`),
    200,
  );

const turnout = async (assemblyId: string) =>
  body<{ matters: { matterId: string; participatingHeads: number; participatingAreaCenti: number }[] }>(
    await c.manager.get(`${assemblies(c)}/${assemblyId}/turnout`),
    200,
  ).matters[0]!;

describe('online ballots', () => {
  it('the verified owner votes and gets the chain hash as receipt; the last ballot counts', async () => {
    const { assemblyId, matterId } = await openAssembly();
    const zhang = await c.owner('张三');
    const first = body<MyBallot>(await vote(zhang, assemblyId, matterId, { choice: 'no' }), 201);
    expect(first).toMatchObject({ seq: 1, choice: 'no', counted: true, channel: 'online' });
    expect(first.receipt).toMatch(/^[0-9a-f]{64}$/);
    const second = body<MyBallot>(await vote(zhang, assemblyId, matterId, { choice: 'yes' }), 201);
    expect(second).toMatchObject({ seq: 2, choice: 'yes', counted: true });
    const mine = body<{ ballots: MyBallot[]; voters: { voter: string; self: boolean; rooms: string[] }[] }>(
      await zhang.get(`/api/v1/me/assemblies/${assemblyId}`),
      200,
    );
    expect(mine.voters).toEqual([expect.objectContaining({ self: true, rooms: ['1栋-1单元-101'] })]);
    expect(mine.ballots.map((b) => [b.seq, b.counted])).toEqual([
      [1, false],
      [2, true],
    ]);
    // The chain links each ballot to the one before it.
    const links = await chain(assemblyId, matterId);
    expect(links[1]!.prevHash).toBe(links[0]!.hash);
    expect(links.map((b) => b.hash)).toEqual([first.receipt, second.receipt]);
    expect(await turnout(assemblyId)).toMatchObject({ participatingHeads: 1, participatingAreaCenti: 10000 });
  });

  it('a co-owner who is not the voter may vote only once the voter designates them', async () => {
    const { assemblyId, matterId } = await openAssembly();
    const wang = await c.owner('王五');
    expect(errorCode(await vote(wang, assemblyId, matterId, { choice: 'yes' }), 403)).toBe(
      'ballot_not_voter',
    );
    const li = await c.owner('李四');
    const designated = body<{ delegate: { personId: string } | null; coOwners: { personId: string }[] }>(
      await li.post(`/api/v1/me/assemblies/${assemblyId}/delegate`, { personId: c.people['王五'] }),
      200,
    );
    expect(designated.delegate?.personId).toBe(c.people['王五']);
    expect(designated.coOwners.map((o) => o.personId)).toEqual([c.people['王五']]);
    body(await vote(wang, assemblyId, matterId, { choice: 'yes' }), 201);
    // The voter may still vote; both ballots are the same voter's, and the last counts.
    body(await vote(li, assemblyId, matterId, { choice: 'no' }), 201);
    expect((await turnout(assemblyId)).participatingHeads).toBe(1);
    const links = await chain(assemblyId, matterId);
    expect(new Set(links.map((b) => b.voter)).size).toBe(1);
    // A delegate cannot pass the vote on, and nobody but a co-owner can be designated.
    expect(
      (await wang.post(`/api/v1/me/assemblies/${assemblyId}/delegate`, { personId: c.people['王五'] }))
        .statusCode,
    ).toBe(403);
    expect(
      errorCode(
        await li.post(`/api/v1/me/assemblies/${assemblyId}/delegate`, { personId: c.people['张三'] }),
        400,
      ),
    ).toBe('delegate_not_co_owner');
    body(await li.post(`/api/v1/me/assemblies/${assemblyId}/delegate`, { personId: null }), 200);
    expect(errorCode(await vote(wang, assemblyId, matterId, { choice: 'yes' }), 403)).toBe(
      'ballot_not_voter',
    );
  });

  it('a buyer of two rooms votes once for both: one head, both areas', async () => {
    const { assemblyId, matterId } = await openAssembly();
    body(await vote(await c.owner('赵六'), assemblyId, matterId, { choice: 'yes' }), 201);
    expect(await turnout(assemblyId)).toMatchObject({ participatingHeads: 1, participatingAreaCenti: 15000 });
  });

  it('refuses a choice that does not fit the matter, and people who are not voters', async () => {
    const { assemblyId, matterId } = await openAssembly();
    const zhou = await c.owner('周八');
    expect(errorCode(await vote(zhou, assemblyId, matterId, {}), 400)).toBe('ballot_choice_required');
    expect(errorCode(await vote(zhou, assemblyId, matterId, { choice: 'maybe' }), 400)).toBe('validation');
    expect(errorCode(await vote(zhou, assemblyId, matterId, { choices: ['c1'] }), 400)).toBe(
      'ballot_choice_required',
    );
    const resident = await t.as('resident');
    expect((await vote(resident, assemblyId, matterId, { choice: 'yes' })).statusCode).toBe(404);
    expect((await vote(zhou, assemblyId, 'no-such-matter', { choice: 'yes' })).statusCode).toBe(404);
    expect((await vote(zhou, 'no-such-assembly', matterId, { choice: 'yes' })).statusCode).toBe(404);
    expect(
      (await t.anonymous().post(`/api/v1/me/assemblies/${assemblyId}/matters/${matterId}/ballots`, {}))
        .statusCode,
    ).toBe(401);
  });

  it('takes no ballot before voting opens, after the deadline, or once closed', async () => {
    const { assemblyId, matterIds } = await draftAssembly(c);
    const matterId = matterIds[0]!;
    const sun = await c.owner('孙七');
    body(await c.manager.post(`${assemblies(c)}/${assemblyId}/announce`), 200);
    expect(errorCode(await vote(sun, assemblyId, matterId, { choice: 'yes' }), 409)).toBe(
      'ballot_window_closed',
    );
    await timeTravel(t, c, assemblyId, 16 * day + 60_000);
    body(await c.manager.post(`${assemblies(c)}/${assemblyId}/open`), 200);
    body(await vote(sun, assemblyId, matterId, { choice: 'yes' }), 201);
    await timeTravel(t, c, assemblyId, 8 * day);
    expect(errorCode(await vote(sun, assemblyId, matterId, { choice: 'no' }), 409)).toBe(
      'ballot_window_closed',
    );
    // Nor on paper: a sheet is entered while voting is open, or not at all.
    const late = await c.manager.post(`${assemblies(c)}/${assemblyId}/paper-ballots`, {
      roomId: c.rooms['2-202'],
      sheetFileId: await uploadPdf(c.manager, c.communityId),
      choices: [{ matterId, choice: 'no' }],
    });
    expect(errorCode(late, 409)).toBe('ballot_window_closed');
    body(await c.manager.post(`${assemblies(c)}/${assemblyId}/close`), 200);
    expect(errorCode(await vote(sun, assemblyId, matterId, { choice: 'no' }), 409)).toBe(
      'ballot_window_closed',
    );
    expect((await chain(assemblyId, matterId)).map((b) => b.choice)).toEqual(['yes']);
  });
});

describe('concurrent and retried submissions', () => {
  it('two devices of one voter at once: both recorded in order, one counts, no seq twice', async () => {
    const { assemblyId, matterId } = await openAssembly();
    const phone = await c.owner('周八');
    const tablet = await c.owner('周八');
    const [a, b] = await Promise.all([
      vote(phone, assemblyId, matterId, { choice: 'yes' }),
      vote(tablet, assemblyId, matterId, { choice: 'no' }),
    ]);
    const seqs = [body<MyBallot>(a, 201).seq, body<MyBallot>(b, 201).seq].sort();
    expect(seqs).toEqual([1, 2]);
    const mine = body<{ ballots: MyBallot[] }>(
      await phone.get(`/api/v1/me/assemblies/${assemblyId}`),
      200,
    ).ballots;
    expect(mine.filter((x) => x.counted)).toHaveLength(1);
    expect(mine.find((x) => x.counted)!.seq).toBe(2);
    expect(await turnout(assemblyId)).toMatchObject({ participatingHeads: 1 });
    expect((await verify(assemblyId, matterId)).ok).toBe(true);
  });

  it('many voters at once: seqs run 1…n without gaps or repeats and the chain verifies', async () => {
    const { assemblyId, matterId } = await openAssembly();
    const voters = await Promise.all(
      (['张三', '李四', '赵六', '周八', '孙七'] as const).map((n) => c.owner(n)),
    );
    const rounds = await Promise.all(
      [...voters, ...voters].map((v, i) => vote(v, assemblyId, matterId, { choice: i % 2 ? 'yes' : 'no' })),
    );
    const seqs = rounds.map((r) => body<MyBallot>(r, 201).seq).sort((x, y) => x - y);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await verify(assemblyId, matterId)).toMatchObject({ ok: true, ballots: 10 });
    expect((await turnout(assemblyId)).participatingHeads).toBe(5);
  });

  it('a retried submission with the same idempotency key records one ballot', async () => {
    const { assemblyId, matterId } = await openAssembly();
    const zhang = await c.owner('张三');
    const key = 'phone-retry-0001';
    const [x, y] = await Promise.all([
      vote(zhang, assemblyId, matterId, { choice: 'yes', idempotencyKey: key }),
      vote(zhang, assemblyId, matterId, { choice: 'yes', idempotencyKey: key }),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 201]);
    expect(x.json().receipt).toBe(y.json().receipt);
    const again = body<MyBallot>(
      await vote(zhang, assemblyId, matterId, { choice: 'yes', idempotencyKey: key }),
      200,
    );
    expect(again.receipt).toBe(x.json().receipt);
    expect(await chain(assemblyId, matterId)).toHaveLength(1);
    // The same key from another voter is another submission: refused, not merged.
    expect(
      errorCode(
        await vote(await c.owner('孙七'), assemblyId, matterId, { choice: 'no', idempotencyKey: key }),
        409,
      ),
    ).toBe('idempotency_conflict');
  });
});

interface PaperView {
  id: string;
  enteredBy: string;
  enteredByName: string;
  decidedBy: string | null;
  decidedByName: string | null;
}

describe('paper and proxy ballots', () => {
  async function enter(staff: Client, assemblyId: string, extra: Record<string, unknown>) {
    return staff.post(`${assemblies(c)}/${assemblyId}/paper-ballots`, {
      sheetFileId: await uploadPdf(staff, c.communityId),
      ...extra,
    });
  }

  it('a sheet counts only once a second, different staff member confirms it', async () => {
    const { assemblyId, matterId } = await openAssembly();
    const paper = body<{ id: string; status: string; voter: string }>(
      await enter(c.manager, assemblyId, {
        roomId: c.rooms['2-202'],
        choices: [{ matterId, choice: 'yes' }],
      }),
      201,
    );
    expect(paper.status).toBe('pending');
    expect(await chain(assemblyId, matterId)).toEqual([]);
    const confirm = (staff: Client) =>
      staff.post(`${assemblies(c)}/${assemblyId}/paper-ballots/${paper.id}/confirm`);
    expect(errorCode(await confirm(c.manager), 409)).toBe('paper_same_staff');
    const confirmed = body<{ paper: { status: string }; ballots: ChainBallot[] }>(
      await confirm(c.checker),
      200,
    );
    expect(confirmed.paper.status).toBe('confirmed');
    expect(confirmed.ballots).toEqual([
      expect.objectContaining({ seq: 1, choice: 'yes', channel: 'paper', voter: paper.voter }),
    ]);
    expect(errorCode(await confirm(c.checker), 409)).toBe('paper_decided');
    expect((await turnout(assemblyId)).participatingHeads).toBe(1);
    // 孙七 sees the paper ballot as theirs, with its receipt.
    const sun = body<{ ballots: MyBallot[] }>(
      await (await c.owner('孙七')).get(`/api/v1/me/assemblies/${assemblyId}`),
      200,
    );
    expect(sun.ballots).toEqual([
      expect.objectContaining({ channel: 'paper', counted: true, receipt: confirmed.ballots[0]!.hash }),
    ]);
    const log = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('community_id', '=', c.communityId)
      .where('target_id', '=', paper.id)
      .orderBy('at')
      .execute();
    expect(log.map((l) => l.action)).toEqual(['paper_ballot.enter', 'paper_ballot.confirm']);
  });

  it('the check queue names who entered each sheet and who decided it', async () => {
    const { assemblyId, matterId } = await openAssembly();
    const named = async (staff: Client, name: string) => {
      const { id } = body<{ id: string }>(await staff.get('/api/v1/auth/me'), 200);
      await t.deps.db.updateTable('accounts').set({ display_name: name }).where('id', '=', id).execute();
      return id;
    };
    const [enterer, checker] = [await named(c.manager, '陈录入'), await named(c.checker, '李核对')];
    const paper = body<PaperView>(
      await enter(c.manager, assemblyId, { roomId: c.rooms['1-202'], choices: [{ matterId, choice: 'no' }] }),
      201,
    );
    expect(paper).toMatchObject({
      enteredBy: enterer,
      enteredByName: '陈录入',
      decidedBy: null,
      decidedByName: null,
    });
    const queue = `${assemblies(c)}/${assemblyId}/paper-ballots`;
    body(await c.checker.post(`${queue}/${paper.id}/confirm`), 200);
    const listed = body<{ items: PaperView[] }>(await c.checker.get(`${queue}?status=confirmed`), 200);
    expect(listed.items).toEqual([
      expect.objectContaining({
        id: paper.id,
        enteredByName: '陈录入',
        decidedBy: checker,
        decidedByName: '李核对',
      }),
    ]);
    expect(body<PaperView>(await c.manager.get(`${queue}/${paper.id}`), 200).decidedByName).toBe('李核对');
  });

  it('paper and online conflicts: whichever reaches the chain last counts', async () => {
    const { assemblyId, matterId } = await openAssembly();
    const zhang = await c.owner('张三');
    const paper = body<{ id: string }>(
      await enter(c.manager, assemblyId, { roomId: c.rooms['1-101'], choices: [{ matterId, choice: 'no' }] }),
      201,
    );
    body(await vote(zhang, assemblyId, matterId, { choice: 'yes' }), 201);
    body(await c.checker.post(`${assemblies(c)}/${assemblyId}/paper-ballots/${paper.id}/confirm`), 200);
    let mine = body<{ ballots: MyBallot[] }>(
      await zhang.get(`/api/v1/me/assemblies/${assemblyId}`),
      200,
    ).ballots;
    expect(mine.find((b) => b.counted)).toMatchObject({ channel: 'paper', choice: 'no' });
    body(await vote(zhang, assemblyId, matterId, { choice: 'yes' }), 201);
    mine = body<{ ballots: MyBallot[] }>(await zhang.get(`/api/v1/me/assemblies/${assemblyId}`), 200).ballots;
    expect(mine.find((b) => b.counted)).toMatchObject({ channel: 'online', choice: 'yes', seq: 3 });
  });

  it('the developer votes on paper, by proxy with the written authorisation', async () => {
    const { assemblyId, matterId } = await openAssembly();
    const missing = await enter(c.manager, assemblyId, {
      roomId: c.rooms['2-102'],
      channel: 'proxy',
      choices: [{ matterId, choice: 'abstain' }],
    });
    expect(errorCode(missing, 400)).toBe('paper_authorisation_required');
    const proxy = body<{ id: string; channel: string; proxyName: string }>(
      await enter(c.manager, assemblyId, {
        roomId: c.rooms['2-201'],
        channel: 'proxy',
        authorisationFileId: await uploadPdf(c.manager, c.communityId),
        proxyName: '开发商代表',
        choices: [{ matterId, choice: 'abstain' }],
      }),
      201,
    );
    expect(proxy).toMatchObject({ channel: 'proxy', proxyName: '开发商代表' });
    body(await c.checker.post(`${assemblies(c)}/${assemblyId}/paper-ballots/${proxy.id}/confirm`), 200);
    // Both unsold rooms are the developer's one head.
    expect(await turnout(assemblyId)).toMatchObject({ participatingHeads: 1, participatingAreaCenti: 22000 });
  });

  it('a rejected sheet is not counted; bad sheets are refused up front', async () => {
    const { assemblyId, matterId } = await openAssembly();
    const paper = body<{ id: string }>(
      await enter(c.manager, assemblyId, {
        roomId: c.rooms['1-202'],
        choices: [{ matterId, choice: 'spoilt' }],
      }),
      201,
    );
    const rejected = body<{ status: string; rejectReason: string }>(
      await c.checker.post(`${assemblies(c)}/${assemblyId}/paper-ballots/${paper.id}/reject`, {
        reason: '签名不清',
      }),
      200,
    );
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '签名不清' });
    expect(
      errorCode(
        await c.checker.post(`${assemblies(c)}/${assemblyId}/paper-ballots/${paper.id}/confirm`),
        409,
      ),
    ).toBe('paper_decided');
    expect(await chain(assemblyId, matterId)).toEqual([]);
    expect(
      errorCode(
        await enter(c.manager, assemblyId, {
          roomId: t.world.roomA1,
          choices: [{ matterId, choice: 'yes' }],
        }),
        400,
      ),
    ).toBe('paper_room_unknown');
    expect(
      errorCode(
        await enter(c.manager, assemblyId, {
          roomId: c.rooms['1-202'],
          choices: [{ matterId: 'other', choice: 'yes' }],
        }),
        400,
      ),
    ).toBe('paper_matter_unknown');
    expect(
      errorCode(
        await enter(c.manager, assemblyId, { roomId: c.rooms['1-202'], choices: [{ matterId }] }),
        400,
      ),
    ).toBe('ballot_choice_required');
    const list = body<{ items: { id: string; status: string }[] }>(
      await c.manager.get(`${assemblies(c)}/${assemblyId}/paper-ballots?status=rejected`),
      200,
    );
    expect(list.items.map((p) => p.id)).toEqual([paper.id]);
  });

  it('only holders of ballots.enter on the compound handle sheets; a volunteer cannot', async () => {
    const { assemblyId } = await openAssembly();
    expect((await c.volunteer.get(`${assemblies(c)}/${assemblyId}/paper-ballots`)).statusCode).toBe(403);
    const otherCommittee = await t.as('committee');
    expect((await otherCommittee.get(`${assemblies(c)}/${assemblyId}/paper-ballots`)).statusCode).toBe(403);
  });
});

describe('receipts and tampering', () => {
  it('a receipt tells the voter whether their ballot is in the chain and whether it counts; to others it is unknown', async () => {
    const { assemblyId, matterId } = await openAssembly();
    const zhou = await c.owner('周八');
    const first = body<MyBallot>(await vote(zhou, assemblyId, matterId, { choice: 'yes' }), 201);
    const check = async (client: Client, hash: string, status = 200) =>
      body<{ ballots: Record<string, unknown>[] }>(
        await client.get(`/api/v1/me/receipts/${hash}?matterId=${matterId}`),
        status,
      );
    expect((await check(zhou, first.receipt)).ballots).toEqual([
      expect.objectContaining({
        inChain: true,
        chainIntact: true,
        counted: true,
        seq: 1,
        matterId,
        assemblyId,
      }),
    ]);
    body(await vote(zhou, assemblyId, matterId, { choice: 'no' }), 201);
    expect((await check(zhou, first.receipt)).ballots).toEqual([expect.objectContaining({ counted: false })]);
    await check(await c.owner('张三'), first.receipt, 404);
    await check(zhou, 'f'.repeat(64), 404);
    expect(errorCode(await zhou.get('/api/v1/me/receipts/not-a-hash'), 400)).toBe('validation');
  });

  it('the same vote at the same place of two chains gets two receipts, each naming its own ballot', async () => {
    const { assemblyId, matterIds } = await draftAssembly(c, [
      { item: 9, title: '道闸' },
      { item: 5, title: '维修资金' },
    ]);
    await openVoting(t, c, assemblyId);
    const sun = await c.owner('孙七');
    const a = body<MyBallot>(await vote(sun, assemblyId, matterIds[0]!, { choice: 'yes' }), 201);
    const b = body<MyBallot>(await vote(sun, assemblyId, matterIds[1]!, { choice: 'yes' }), 201);
    expect(a.receipt).not.toBe(b.receipt);
    for (const [receipt, matterId] of [
      [a.receipt, matterIds[0]],
      [b.receipt, matterIds[1]],
    ]) {
      const found = body<{ ballots: { assemblyId: string; matterId: string; counted: boolean }[] }>(
        await sun.get(`/api/v1/me/receipts/${receipt}`),
        200,
      );
      expect(found.ballots).toEqual([expect.objectContaining({ assemblyId, matterId, counted: true })]);
    }
  });

  it('editing a stored ballot in the database breaks the chain at that seq', async () => {
    const { assemblyId, matterId } = await openAssembly();
    const zhang = await c.owner('张三');
    const sun = await c.owner('孙七');
    body(await vote(zhang, assemblyId, matterId, { choice: 'yes' }), 201);
    const victim = body<MyBallot>(await vote(sun, assemblyId, matterId, { choice: 'no' }), 201);
    body(await vote(zhang, assemblyId, matterId, { choice: 'yes' }), 201);
    expect(await verify(assemblyId, matterId)).toMatchObject({ ok: true, ballots: 3, brokenAt: null });
    await t.deps.db
      .updateTable('ballots')
      .set({ choice: 'yes' })
      .where('community_id', '=', c.communityId)
      .where('matter_id', '=', matterId)
      .where('seq', '=', 2)
      .execute();
    expect(await verify(assemblyId, matterId)).toMatchObject({ ok: false, brokenAt: 2, head: null });
    const receipt = body<{ ballots: { chainIntact: boolean }[] }>(
      await sun.get(`/api/v1/me/receipts/${victim.receipt}?matterId=${matterId}`),
      200,
    );
    expect(receipt.ballots).toEqual([expect.objectContaining({ chainIntact: false })]);
    // A removed ballot is found too, by the gap it leaves.
    await t.deps.db
      .updateTable('ballots')
      .set({ choice: 'no' })
      .where('community_id', '=', c.communityId)
      .where('matter_id', '=', matterId)
      .where('seq', '=', 2)
      .execute();
    expect((await verify(assemblyId, matterId)).ok).toBe(true);
    await t.deps.db
      .deleteFrom('ballots')
      .where('community_id', '=', c.communityId)
      .where('matter_id', '=', matterId)
      .where('seq', '=', 3)
      .execute();
    expect(await verify(assemblyId, matterId)).toMatchObject({ ok: false, brokenAt: 3 });
    // A closed matter with a broken chain exports nothing.
    await closeVoting(t, c, assemblyId);
    expect(
      errorCode(await c.manager.get(`${assemblies(c)}/${assemblyId}/matters/${matterId}/bundle`), 409),
    ).toBe('chain_broken');
  });

  it('the chain and its check are for organisers only', async () => {
    const { assemblyId, matterId } = await openAssembly();
    const reader = await t.holding('branch', 'compound', c.compoundId);
    expect((await reader.get(`${assemblies(c)}/${assemblyId}/matters/${matterId}/verify`)).statusCode).toBe(
      403,
    );
    expect((await reader.get(`${assemblies(c)}/${assemblyId}/matters/${matterId}/ballots`)).statusCode).toBe(
      403,
    );
    expect((await reader.get(`${assemblies(c)}/${assemblyId}/turnout`)).statusCode).toBe(200);
  });
});
