import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { openEventStream } from '../../../test/support/sse';
import { parseBundle, recount } from './bundle';
import { toBundleResult, type TallyResult } from './tally';
import {
  assemblies,
  body,
  closeVoting,
  draftAssembly,
  errorCode,
  openVoting,
  ownersCompound,
  roomAreas,
  uploadPdf,
  vote,
  type OwnersCompound,
} from './votes.testkit';

let t: TestContext;
let c: OwnersCompound;

beforeAll(async () => {
  t = await startTestApp();
  c = await ownersCompound(t);
});
afterAll(() => t.close());

interface Check {
  key: string;
  met: boolean;
  share: string;
  text: string;
}
interface MatterResult {
  matterId: string;
  kind: string;
  figures: {
    participatingAreaCenti: number;
    participatingHeads: number;
    participatingArea: string;
    quorum: boolean;
  };
  yes: { areaCenti: number; heads: number } | null;
  checks: Check[];
  outcome: string;
  outcomeText: string;
  passed: boolean | null;
  finalHash: string;
  ballotCount: number;
  participatingRooms: string[];
  votes: { room: string; choice: string | null }[] | null;
}

/**
 * 张三, 赵六 (two rooms), 周八 and 孙七 vote; 李四 and the developer do not.
 * Area taking part: 100 + 80 + 70 + 120 + 95 = 465 m² of 775 m² (60.0%): no quorum by area.
 * Heads: 4 of 6 (66.6%, exactly 2/3): a quorum by heads.
 */
async function runAssembly(choices: Record<'张三' | '赵六' | '周八' | '孙七', string>, extra = {}) {
  const { assemblyId, matterIds } = await draftAssembly(c, [{ item: 9, title: '安装停车道闸' }], extra);
  const matterId = matterIds[0]!;
  await openVoting(t, c, assemblyId);
  for (const [who, choice] of Object.entries(choices))
    body(await vote(await c.owner(who as keyof typeof choices), assemblyId, matterId, { choice }), 201);
  return { assemblyId, matterId };
}

describe('turnout while voting runs', () => {
  it('per matter and building, against the quorum and what approval needs; never how anyone voted', async () => {
    const { assemblyId } = await draftAssembly(c);
    expect(errorCode(await c.manager.get(`${assemblies(c)}/${assemblyId}/turnout`), 409)).toBe(
      'assembly_no_electorate',
    );
    await openVoting(t, c, assemblyId);
    const matterId = (await c.manager.get(`${assemblies(c)}/${assemblyId}/matters`)).json().items[0].id;
    body(await vote(await c.owner('赵六'), assemblyId, matterId, { choice: 'no' }), 201);
    const turnout = body<{
      totalAreaCenti: number;
      totalHeads: number;
      quorumAreaCenti: number;
      quorumHeads: number;
      matters: {
        participatingAreaCenti: number;
        participatingHeads: number;
        areaShare: string;
        quorum: boolean;
        approvalNeeded: { areaCenti: number; heads: number };
        buildings: {
          buildingName: string;
          rooms: number;
          roomsTakingPart: number;
          participatingAreaCenti: number;
          heads: number;
          participatingHeads: number;
        }[];
      }[];
    }>(await c.manager.get(`${assemblies(c)}/${assemblyId}/turnout`), 200);
    expect(turnout).toMatchObject({
      totalAreaCenti: 77500,
      totalHeads: 6,
      quorumAreaCenti: 51667,
      quorumHeads: 4,
    });
    const m = turnout.matters[0]!;
    expect(m).toMatchObject({
      participatingAreaCenti: 15000,
      participatingHeads: 1,
      areaShare: '19.3%',
      quorum: false,
      approvalNeeded: { areaCenti: 7501, heads: 1 },
    });
    expect(JSON.stringify(turnout)).not.toContain('"no"');
    // 赵六's two rooms lie in both buildings: a head taking part in each.
    expect(
      m.buildings.map((b) => [
        b.buildingName,
        b.rooms,
        b.roomsTakingPart,
        b.participatingAreaCenti,
        b.heads,
        b.participatingHeads,
      ]),
    ).toEqual([
      ['1栋', 4, 1, 8000, 4, 1],
      ['2栋', 4, 1, 7000, 3, 1],
    ]);
  });

  it('streams turnout to an open page as ballots arrive', async () => {
    const { assemblyId, matterIds } = await draftAssembly(c);
    await openVoting(t, c, assemblyId);
    const stream = await openEventStream(c.manager, `${assemblies(c)}/${assemblyId}/turnout/stream`);
    try {
      body(await vote(await c.owner('孙七'), assemblyId, matterIds[0]!, { choice: 'yes' }), 201);
      const event = await stream.next('turnout');
      expect(event.topic).toBe(`assembly:${assemblyId}`);
      expect(event.data).toEqual({
        matterId: matterIds[0],
        ballots: 1,
        participatingAreaCenti: roomAreas['2-202'],
        participatingHeads: 1,
        quorumArea: false,
        quorumHeads: false,
        quorum: false,
      });
    } finally {
      stream.close();
    }
    await expect(
      openEventStream(await t.as('committee'), `${assemblies(c)}/${assemblyId}/turnout/stream`),
    ).rejects.toThrow(/403/);
  });
});

describe('results', () => {
  it('after closing: the four figures and the thresholds in plain words; before, nothing', async () => {
    const { assemblyId, matterId } = await runAssembly({
      张三: 'yes',
      赵六: 'yes',
      周八: 'no',
      孙七: 'abstain',
    });
    expect(errorCode(await c.manager.get(`${assemblies(c)}/${assemblyId}/results`), 409)).toBe(
      'assembly_no_results',
    );
    await closeVoting(t, c, assemblyId);
    const result = body<MatterResult>(
      await c.manager.get(`${assemblies(c)}/${assemblyId}/matters/${matterId}/results`),
      200,
    );
    expect(result.figures).toMatchObject({
      participatingAreaCenti: 46500,
      participatingArea: '465.00',
      participatingHeads: 4,
      quorum: false,
    });
    expect(result.yes).toMatchObject({ areaCenti: 25000, heads: 2 });
    expect(result.checks.map((x) => [x.key, x.met, x.text])).toEqual([
      ['quorum_area', false, '参与表决专有部分面积占比 60.0% < 2/3 ✗'],
      ['quorum_heads', true, '参与表决人数占比 66.6% ≥ 2/3 ✓'],
      ['approval_area', true, '同意的专有部分面积占参与表决面积 53.7% > 1/2 ✓'],
      ['approval_heads', false, '同意人数占参与表决人数 50.0% ≤ 1/2 ✗'],
    ]);
    expect(result).toMatchObject({ outcome: 'no_quorum', passed: false, ballotCount: 4 });
    expect(result.outcomeText).toBe('参与表决的业主不足三分之二，不能形成决定');
    const english = await c.manager.request(
      'GET',
      `${assemblies(c)}/${assemblyId}/matters/${matterId}/results`,
      undefined,
      {
        'accept-language': 'en',
      },
    );
    expect(english.json().checks[1].text).toBe('Owners taking part 66.6% ≥ 2/3 ✓');
  });

  it('publishing makes the results public to the compound’s owners: who took part, not how, and the final hash', async () => {
    const { assemblyId, matterId } = await runAssembly({ 张三: 'yes', 赵六: 'yes', 周八: 'yes', 孙七: 'no' });
    // 李四 votes too: 5 of 6 heads, 555 of 775 m² — a quorum.
    body(await vote(await c.owner('李四'), assemblyId, matterId, { choice: 'yes' }), 201);
    await closeVoting(t, c, assemblyId);
    const wang = await c.owner('王五');
    expect(errorCode(await wang.get(`/api/v1/me/assemblies/${assemblyId}/results`), 409)).toBe(
      'assembly_no_results',
    );
    body(await c.manager.post(`${assemblies(c)}/${assemblyId}/publish`), 200);
    const published = body<{ publishedAt: number; matters: MatterResult[] }>(
      await wang.get(`/api/v1/me/assemblies/${assemblyId}/results`),
      200,
    );
    const result = published.matters[0]!;
    expect(result).toMatchObject({ outcome: 'passed', passed: true, votes: null, outcomeText: '表决通过' });
    expect(result.participatingRooms).toEqual([
      '1栋-1单元-101',
      '1栋-1单元-102',
      '1栋-1单元-201',
      '1栋-1单元-202',
      '2栋-1单元-101',
      '2栋-1单元-202',
    ]);
    const matter = body<{ headHash: string }>(
      await c.manager.get(`${assemblies(c)}/${assemblyId}/matters/${matterId}`),
      200,
    );
    expect(result.finalHash).toBe(matter.headHash);
    expect(JSON.stringify(published)).not.toMatch(/"choice"/);
    // Someone owning nothing in the compound sees nothing.
    expect(
      (await (await t.as('resident')).get(`/api/v1/me/assemblies/${assemblyId}/results`)).statusCode,
    ).toBe(404);
    const list = body<{ items: { id: string }[] }>(await wang.get('/api/v1/me/assemblies?pageSize=100'), 200);
    expect(list.items.map((a) => a.id)).toContain(assemblyId);
  });

  it('with public votes, the results show how each room voted', async () => {
    const { assemblyId, matterId } = await runAssembly(
      { 张三: 'yes', 赵六: 'no', 周八: 'yes', 孙七: 'yes' },
      { publicVotes: true },
    );
    await closeVoting(t, c, assemblyId);
    const result = body<MatterResult>(
      await c.manager.get(`${assemblies(c)}/${assemblyId}/matters/${matterId}/results`),
      200,
    );
    expect(result.votes).toEqual(
      expect.arrayContaining([
        { room: '1栋-1单元-201', choice: 'no', choices: null },
        { room: '2栋-1单元-101', choice: 'no', choices: null },
        { room: '1栋-1单元-101', choice: 'yes', choices: null },
      ]),
    );
  });
});

describe('the ballot bundle', () => {
  it('recounting the exported bundle gives exactly the server’s result, and its hashes are the receipts', async () => {
    const { assemblyId, matterId } = await runAssembly({ 张三: 'yes', 赵六: 'no', 周八: 'yes', 孙七: 'yes' });
    const zhang = await c.owner('张三');
    body(await vote(zhang, assemblyId, matterId, { choice: 'no' }), 201);
    const li = body<{ receipt: string }>(
      await vote(await c.owner('李四'), assemblyId, matterId, { choice: 'abstain' }),
      201,
    );
    expect(
      errorCode(await c.manager.get(`${assemblies(c)}/${assemblyId}/matters/${matterId}/bundle`), 409),
    ).toBe('assembly_no_results');
    await closeVoting(t, c, assemblyId);
    const res = await c.manager.get(`${assemblies(c)}/${assemblyId}/matters/${matterId}/bundle`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const bundle = parseBundle(res.body);
    const stored = await t.deps.db
      .selectFrom('assembly_matters')
      .select('result_json')
      .where('community_id', '=', c.communityId)
      .where('id', '=', matterId)
      .executeTakeFirstOrThrow();
    expect(recount(bundle)).toEqual(toBundleResult(JSON.parse(stored.result_json!) as TallyResult));
    const served = body<MatterResult>(
      await c.manager.get(`${assemblies(c)}/${assemblyId}/matters/${matterId}/results`),
      200,
    );
    expect(recount(bundle)).toMatchObject({
      participatingArea: served.figures.participatingArea,
      passed: served.passed,
    });
    expect(bundle.units).toHaveLength(8);
    expect(bundle.units.every((u) => /^u\d+$/.test(u.id))).toBe(true);
    expect((bundle.ballots.at(-1) as { hash?: string }).hash).toBe(li.receipt);
    expect((bundle.ballots.at(-1) as { hash?: string }).hash).toBe(served.finalHash);
  });
});

describe('the printed notice', () => {
  /**
   * The text a PDF draws, read back the way a PDF reader does: the glyph codes of each TJ operator
   * in the page's content, mapped to characters through the font's ToUnicode CMap.
   */
  function pdfText(pdf: Buffer): string {
    const raw = pdf.toString('latin1');
    const streams: string[] = [];
    for (const match of raw.matchAll(/stream\r?\n/g)) {
      const start = match.index + match[0].length;
      try {
        streams.push(inflateSync(pdf.subarray(start, raw.indexOf('endstream', start))).toString('latin1'));
      } catch {
        // the font program and other binary streams
      }
    }
    const toUnicode = new Map<number, string>();
    for (const cmap of streams.filter((x) => x.includes('beginbfrange')))
      for (const [, first, list] of cmap.matchAll(/<([0-9a-f]{4})> <[0-9a-f]{4}> \[([^\]]*)\]/g))
        [...list!.matchAll(/<([0-9a-f ]+)>/g)].forEach(([, hex], i) =>
          toUnicode.set(
            parseInt(first!, 16) + i,
            String.fromCharCode(...hex!.split(' ').map((h) => parseInt(h, 16))),
          ),
        );
    return streams
      .flatMap((x) => [...x.matchAll(/\[([^\]]*)\]\s*TJ/g)])
      .map(([, ops]) =>
        [...ops!.matchAll(/<([0-9a-f]+)>/g)]
          .flatMap(([, hex]) => hex!.match(/.{4}/g) ?? [])
          .map((code) => toUnicode.get(parseInt(code, 16)) ?? '?')
          .join(''),
      )
      .join('\n');
  }

  it('is a PDF set in Noto Sans CJK that carries the Chinese title', async () => {
    const { assemblyId } = await runAssembly({ 张三: 'yes', 赵六: 'yes', 周八: 'yes', 孙七: 'yes' });
    expect(errorCode(await c.manager.get(`${assemblies(c)}/${assemblyId}/notice.pdf`), 409)).toBe(
      'assembly_no_results',
    );
    await closeVoting(t, c, assemblyId);
    body(await c.manager.post(`${assemblies(c)}/${assemblyId}/publish`), 200);
    const res = await c.manager.get(`${assemblies(c)}/${assemblyId}/notice.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Regular/);
    const text = pdfText(pdf);
    expect(text).toContain('业主大会表决结果公告');
    expect(text).toContain('参与表决人数占比 66.6% ≥ 2/3 ✓');
    expect(text).toContain('参与表决专有部分面积占比 60.0% < 2/3 ×');
    expect(text).toContain('参与表决的房屋（5 套）：1栋-1单元-101、');
  });

  it('without its Chinese font, answers 503 in words an operator can act on, not a 500', async () => {
    const missing = await startTestApp({ NOTICE_FONT: '/nonexistent/fonts/NotoSansCJK-Regular.ttc' });
    try {
      const here = await ownersCompound(missing);
      const { assemblyId, matterIds } = await draftAssembly(here);
      await openVoting(missing, here, assemblyId);
      body(await vote(await here.owner('张三'), assemblyId, matterIds[0]!, { choice: 'yes' }), 201);
      await closeVoting(missing, here, assemblyId);
      const notice = `${assemblies(here)}/${assemblyId}/notice.pdf`;
      const zh = await here.manager.get(notice);
      expect(errorCode(zh, 503)).toBe('notice_font_missing');
      expect(zh.json().error.message).toMatch(/缺少中文字体.*fonts-noto-cjk/);
      here.manager.locale = 'en';
      const en = await here.manager.get(notice);
      expect(errorCode(en, 503)).toBe('notice_font_missing');
      expect(en.json().error.message).toMatch(/lacks its Chinese font.*NOTICE_FONT/);
      // Everything else about the results still works.
      body(await here.manager.get(`${assemblies(here)}/${assemblyId}/results`), 200);
    } finally {
      await missing.close();
    }
  });
});

describe('attachments', () => {
  it('scanned sheets are for ballot staff, not for owners', async () => {
    const { assemblyId, matterIds } = await draftAssembly(c);
    await openVoting(t, c, assemblyId);
    const sheet = await uploadPdf(c.manager, c.communityId);
    body(
      await c.manager.post(`${assemblies(c)}/${assemblyId}/paper-ballots`, {
        roomId: c.rooms['1-101'],
        sheetFileId: sheet,
        choices: [{ matterId: matterIds[0], choice: 'yes' }],
      }),
      201,
    );
    const file = `/api/v1/communities/${c.communityId}/files/${sheet}`;
    expect((await c.checker.get(file)).statusCode).toBe(200);
    expect((await (await c.owner('张三')).get(file)).statusCode).toBe(404);
  });
});
