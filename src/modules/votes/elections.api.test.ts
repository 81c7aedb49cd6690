import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { testPhoto, upload } from '../../../test/support/upload';
import { newId } from '../../core/ids';
import {
  assemblies,
  body,
  closeVoting,
  draftAssembly,
  errorCode,
  ownersCompound,
  samplePdf,
  timeTravel,
  uploadPdf,
  vote,
  type OwnerName,
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

interface Candidate {
  id: string;
  key: string;
  name: string;
  status: string;
  nomination: string;
}

const candidatesUrl = (assemblyId: string, matterId: string) =>
  `${assemblies(c)}/${assemblyId}/matters/${matterId}/candidates`;

/** An announced election for 3 seats with 张三 (c1), 李四 (c2), 赵六 (c3) and 周八 (c4), list published. */
async function election() {
  const { assemblyId, matterIds } = await draftAssembly(c, [
    { item: 3, title: '选举业主委员会委员', election: true, seats: 3 },
  ]);
  const matterId = matterIds[0]!;
  const url = candidatesUrl(assemblyId, matterId);
  const statement = '愿为业主服务';
  body(await c.manager.post(url, { personId: c.people['张三'], nomination: 'self', statement }), 201);
  body(
    await c.manager.post(url, {
      personId: c.people['李四'],
      nomination: 'organisation',
      organisation: '社区党委',
      statement,
    }),
    201,
  );
  const signers = (['张三', '李四', '周八', '孙七', '王五'] as const).map((n) => c.people[n]);
  body(
    await c.manager.post(url, {
      personId: c.people['赵六'],
      nomination: 'joint',
      nominatorIds: signers,
      statement,
    }),
    201,
  );
  body(await c.manager.post(url, { personId: c.people['周八'], nomination: 'self', statement }), 201);
  body(await c.manager.post(`${assemblies(c)}/${assemblyId}/announce`), 200);
  body(await c.manager.post(`${url}/publish`), 200);
  await timeTravel(t, c, assemblyId, 16 * day + 60_000);
  body(await c.manager.post(`${assemblies(c)}/${assemblyId}/open`), 200);
  return { assemblyId, matterId };
}

async function ballots(assemblyId: string, matterId: string, picks: Partial<Record<OwnerName, string[]>>) {
  for (const [who, choices] of Object.entries(picks))
    body(await vote(await c.owner(who as OwnerName), assemblyId, matterId, { choices }), 201);
}

describe('candidates', () => {
  it('come forward by self-recommendation, organisation or joint recommendation, owners of the compound only', async () => {
    const { assemblyId, matterIds } = await draftAssembly(c, [
      { item: 3, title: '选举业主委员会', election: true, seats: 5 },
      { item: 9, title: '其他事项' },
    ]);
    const url = candidatesUrl(assemblyId, matterIds[0]!);
    const add = (input: Record<string, unknown>) => c.manager.post(url, { statement: '我愿意', ...input });
    const outsider = newId();
    await t.deps.db
      .insertInto('people')
      .values({
        community_id: c.communityId,
        id: outsider,
        name: '租户甲',
        phone_sealed: null,
        phone_hash: null,
        id_number_sealed: null,
        id_number_hash: null,
        gender: null,
        birth_year: null,
        political_status: 'masses',
        flags: '[]',
        account_id: null,
        notes: null,
        created_at: Date.now(),
        updated_at: Date.now(),
        archived_at: null,
      })
      .execute();
    expect(errorCode(await add({ personId: outsider, nomination: 'self' }), 400)).toBe('not_an_owner');
    expect(errorCode(await add({ personId: c.people['张三'], nomination: 'organisation' }), 400)).toBe(
      'candidate_org_required',
    );
    const four = (['李四', '周八', '孙七', '王五'] as const).map((n) => c.people[n]);
    const tooFew = await add({ personId: c.people['张三'], nomination: 'joint', nominatorIds: four });
    expect(errorCode(tooFew, 400)).toBe('candidate_nominators_too_few');
    expect(tooFew.json().error.message).toContain('5');
    expect(
      errorCode(
        await add({ personId: c.people['张三'], nomination: 'joint', nominatorIds: [...four, outsider] }),
        400,
      ),
    ).toBe('candidate_nominator_not_owner');
    const first = body<Candidate>(await add({ personId: c.people['张三'], nomination: 'self' }), 201);
    expect(first).toMatchObject({ key: 'c1', name: '张三', status: 'approved' });
    expect(errorCode(await add({ personId: c.people['张三'], nomination: 'self' }), 409)).toBe('duplicate');
    const notElection = candidatesUrl(assemblyId, matterIds[1]!);
    expect(
      errorCode(
        await c.manager.post(notElection, { personId: c.people['李四'], nomination: 'self', statement: 'x' }),
        409,
      ),
    ).toBe('matter_not_election');
  });

  it('an owner puts themselves forward with a photo; organisers approve; the list is fixed once published', async () => {
    const { assemblyId, matterIds } = await draftAssembly(c, [
      { item: 3, title: '选举业主委员会', election: true, seats: 5 },
      { item: 9, title: '其他事项' },
    ]);
    const matterId = matterIds[0]!;
    body(await c.manager.post(`${assemblies(c)}/${assemblyId}/announce`), 200);
    const sun = await c.owner('孙七');
    const myView = async () =>
      body<{ matters: { candidacyOpen: boolean; myCandidacy: Record<string, unknown> | null }[] }>(
        await sun.get(`/api/v1/me/assemblies/${assemblyId}`),
        200,
      ).matters;
    // The election is open to owners of the compound; the other matter is no election.
    expect((await myView()).map((m) => [m.candidacyOpen, m.myCandidacy])).toEqual([
      [true, null],
      [false, null],
    ]);
    // A PDF is no photo: the candidacy is refused with a reason, and nothing is recorded.
    const pdf = body<{ id: string }>(
      await upload(sun, c.communityId, samplePdf, { name: 'me.pdf', type: 'application/pdf' }),
      201,
    ).id;
    expect(
      errorCode(
        await sun.post(`/api/v1/me/assemblies/${assemblyId}/matters/${matterId}/candidacy`, {
          statement: '我是孙七',
          photoFileId: pdf,
        }),
        400,
      ),
    ).toBe('files.not_image');
    expect((await myView())[0]!.myCandidacy).toBeNull();
    // An owner known only as a person linked to their account uploads their own photo.
    const photo = body<{ id: string }>(await upload(sun, c.communityId, await testPhoto(300, 400)), 201).id;
    const mine = body<Candidate>(
      await sun.post(`/api/v1/me/assemblies/${assemblyId}/matters/${matterId}/candidacy`, {
        statement: '我是孙七',
        photoFileId: photo,
      }),
      201,
    );
    expect(mine).toMatchObject({ name: '孙七', nomination: 'self', status: 'pending', photoFileId: photo });
    expect((await myView())[0]!.myCandidacy).toMatchObject({
      id: mine.id,
      status: 'pending',
      statement: '我是孙七',
      photoFileId: photo,
      decidedAt: null,
    });
    expect(
      errorCode(
        await sun.post(`/api/v1/me/assemblies/${assemblyId}/matters/${matterId}/candidacy`, {
          statement: '再来一次',
        }),
        409,
      ),
    ).toBe('duplicate');
    const url = candidatesUrl(assemblyId, matterId);
    expect(errorCode(await c.manager.post(`${url}/publish`), 409)).toBe('candidates_none');
    const approved = body<Candidate & { photoFileId: string }>(
      await c.manager.patch(`${url}/${mine.id}`, { status: 'approved' }),
      200,
    );
    expect(approved).toMatchObject({ status: 'approved', photoFileId: photo });
    expect((await myView())[0]!.myCandidacy).toMatchObject({ status: 'approved' });
    // Voting cannot open on an unpublished list.
    await timeTravel(t, c, assemblyId, 16 * day + 60_000);
    expect(errorCode(await c.manager.post(`${assemblies(c)}/${assemblyId}/open`), 409)).toBe(
      'assembly_candidates_unpublished',
    );
    const published = body<{ candidates: Candidate[] }>(await c.manager.post(`${url}/publish`), 200);
    expect(published.candidates.map((x) => x.name)).toEqual(['孙七']);
    expect((await myView())[0]).toMatchObject({ candidacyOpen: false, myCandidacy: { status: 'approved' } });
    expect(
      errorCode(
        await c.manager.post(url, { personId: c.people['张三'], nomination: 'self', statement: 'x' }),
        409,
      ),
    ).toBe('candidates_published');
    expect(errorCode(await c.manager.patch(`${url}/${mine.id}`, { status: 'withdrawn' }), 409)).toBe(
      'candidates_published',
    );
    // Owners see the published list, and the candidate's photo.
    const seen = body<{ matters: { candidates: { name: string; photoFileId: string }[] }[] }>(
      await (await c.owner('周八')).get(`/api/v1/me/assemblies/${assemblyId}`),
      200,
    );
    expect(seen.matters[0]!.candidates).toEqual([
      expect.objectContaining({ name: '孙七', photoFileId: photo }),
    ]);
    expect(
      (await (await c.owner('周八')).get(`/api/v1/communities/${c.communityId}/files/${photo}`)).statusCode,
    ).toBe(200);
  });
});

describe('election ballots and results', () => {
  it('a ballot names at most the seats, listed candidates, each once', async () => {
    const { assemblyId, matterId } = await election();
    const zhang = await c.owner('张三');
    const cast = (choices: unknown) => vote(zhang, assemblyId, matterId, { choices });
    expect(errorCode(await cast(['c1', 'c2', 'c3', 'c4']), 400)).toBe('ballot_choices_invalid');
    expect(errorCode(await cast(['c1', 'c9']), 400)).toBe('ballot_choices_invalid');
    expect(errorCode(await cast(['c1', 'c1']), 400)).toBe('ballot_choices_invalid');
    expect(errorCode(await vote(zhang, assemblyId, matterId, { choice: 'yes' }), 400)).toBe(
      'ballot_choices_invalid',
    );
    body(await cast([]), 201);
    body(await cast(['c2', 'c4']), 201);
  });

  it('elects by heads then area; publication seats the new committee term with its members', async () => {
    const { assemblyId, matterId } = await election();
    await ballots(assemblyId, matterId, {
      张三: ['c1', 'c2', 'c3'],
      李四: ['c1', 'c2', 'c3'],
      赵六: ['c1', 'c2', 'c4'],
      周八: ['c1', 'c3'],
      孙七: ['c2', 'c3'],
    });
    await closeVoting(t, c, assemblyId);
    const result = body<{
      outcome: string;
      outcomeText: string;
      runoff: boolean;
      candidates: {
        id: string;
        name: string;
        heads: number;
        areaCenti: number;
        passes: boolean;
        elected: boolean;
      }[];
    }>(await c.manager.get(`${assemblies(c)}/${assemblyId}/matters/${matterId}/results`), 200);
    expect(result.candidates.map((x) => [x.name, x.heads, x.areaCenti, x.passes, x.elected])).toEqual([
      ['张三', 4, 46000, true, true],
      ['李四', 4, 43500, true, true],
      ['赵六', 4, 40500, true, true],
      ['周八', 1, 15000, false, false],
    ]);
    expect(result).toMatchObject({
      outcome: 'elected',
      runoff: false,
      outcomeText: '当选：张三、李四、赵六',
    });
    body(await c.manager.post(`${assemblies(c)}/${assemblyId}/publish`), 200);
    const staff = await t.as('communityStaff');
    const terms = body<{ items: { id: string; termNo: number; status: string }[] }>(
      await staff.get(`/api/v1/communities/${c.communityId}/owner-committees?compoundId=${c.compoundId}`),
      200,
    );
    expect(terms.items).toEqual([expect.objectContaining({ termNo: 1, status: 'serving' })]);
    const members = body<{ items: { personId: string; position: string }[] }>(
      await staff.get(`/api/v1/communities/${c.communityId}/owner-committees/${terms.items[0]!.id}/members`),
      200,
    );
    expect(members.items.map((m) => m.personId).sort()).toEqual(
      [c.people['张三'], c.people['李四'], c.people['赵六']].sort(),
    );
    expect(members.items.every((m) => m.position === 'member')).toBe(true);
  });

  it('a tie at the last seat elects those above it, flags a runoff, and leaves the new term preparing', async () => {
    const { assemblyId, matterId } = await election();
    // c3 (赵六) and c4 (周八) have the very same supporters: tied in heads and area for the third seat.
    await ballots(assemblyId, matterId, {
      张三: ['c3', 'c4', 'c1'],
      李四: ['c3', 'c4', 'c1'],
      赵六: ['c3', 'c4', 'c2'],
      周八: ['c3', 'c4', 'c2'],
      孙七: ['c1', 'c2'],
    });
    // The developer's representative votes on paper, entered and confirmed by two staff.
    const paper = body<{ id: string }>(
      await c.manager.post(`${assemblies(c)}/${assemblyId}/paper-ballots`, {
        roomId: c.rooms['2-102'],
        sheetFileId: await uploadPdf(c.manager, c.communityId),
        choices: [{ matterId, choices: ['c1', 'c2'] }],
      }),
      201,
    );
    body(await c.checker.post(`${assemblies(c)}/${assemblyId}/paper-ballots/${paper.id}/confirm`), 200);
    await closeVoting(t, c, assemblyId);
    const result = body<{
      runoff: boolean;
      outcome: string;
      candidates: { name: string; elected: boolean }[];
    }>(await c.manager.get(`${assemblies(c)}/${assemblyId}/matters/${matterId}/results`), 200);
    expect(result).toMatchObject({ runoff: true, outcome: 'runoff' });
    expect(result.candidates.filter((x) => x.elected).map((x) => x.name)).toEqual(['张三', '李四']);
    const before = await t.deps.db
      .selectFrom('owner_committees')
      .selectAll()
      .where('community_id', '=', c.communityId)
      .where('compound_id', '=', c.compoundId)
      .execute();
    body(await c.manager.post(`${assemblies(c)}/${assemblyId}/publish`), 200);
    const after = await t.deps.db
      .selectFrom('owner_committees')
      .selectAll()
      .where('community_id', '=', c.communityId)
      .where('compound_id', '=', c.compoundId)
      .orderBy('term_no')
      .execute();
    expect(after).toHaveLength(before.length + 1);
    const term = after.at(-1)!;
    expect(term).toMatchObject({ status: 'preparing', term_no: before.length + 1 });
    // A serving term, if any, keeps serving until the runoff completes the new one.
    expect(after.filter((x) => x.status === 'serving')).toHaveLength(
      before.filter((x) => x.status === 'serving').length,
    );
    const members = await t.deps.db
      .selectFrom('committee_members')
      .select('person_id')
      .where('community_id', '=', c.communityId)
      .where('committee_id', '=', term.id)
      .execute();
    expect(members.map((m) => m.person_id).sort()).toEqual([c.people['张三'], c.people['李四']].sort());
  });
});
