import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { body, errorCode, type Client } from '../../../test/support/client';
import { newId } from '../../core/ids';
import {
  addBuilding,
  addHome,
  api,
  auditOf,
  meetingDecision,
  notificationsOf,
  pdfCharacters,
  twelveArticles,
} from './conventions.testkit';
import type { Home } from '../notices/notices.testkit';

/**
 * A convention from draft to acknowledged text, as the branch of compound A1 runs it: numbered
 * articles in versions with a diff, opinions per article online and door to door, replies, adoption
 * by a meeting decision, publication, pledges and their coverage by building, the printed text.
 */

let t: TestContext;
let A: string;
let branch: Client;
let staff: Client;
let home1: Home;
let home2: Home;
let homeA2: Home;
let conventionId: string;
let buildingA1b: string;

interface Detail {
  id: string;
  state: string;
  currentVersionNumber: number;
  articleCount: number;
  publishedAt: number | null;
  versions: { number: number }[];
  opinionCounts: { articleNumber: number | null; agree: number; disagree: number; suggest: number }[];
  adoption: { kind: string; label: string } | null;
}

beforeAll(async () => {
  t = await startTestApp();
  A = api(t.world.communityA);
  branch = await t.as('branch');
  staff = await t.as('communityStaff');
  const where = {
    compoundId: t.world.compoundA1,
    buildingId: t.world.buildingA1,
    entranceId: t.world.entranceA1,
  };
  home1 = await addHome(t, where);
  home2 = await addHome(t, where);
  const other = await addBuilding(t, t.world.compoundA1, '2栋');
  buildingA1b = other.buildingId;
  await addHome(t, { compoundId: t.world.compoundA1, ...other });
  const a2 = await addBuilding(t, t.world.compoundA2, '5栋');
  homeA2 = await addHome(t, { compoundId: t.world.compoundA2, ...a2 });
});
afterAll(() => t.close());

describe('drafting', () => {
  it('the branch starts a convention for its compound with the first draft', async () => {
    const draft = twelveArticles.slice(0, 3);
    const c = body<Detail>(
      await branch.post(`${A}/conventions`, {
        title: '甲一小区居民公约',
        compoundId: t.world.compoundA1,
        articles: draft,
      }),
      201,
    );
    expect(c).toMatchObject({ state: 'drafting', currentVersionNumber: 1, articleCount: 3 });
    conventionId = c.id;
  });

  it('refuses articles out of order, an empty body, and other compounds', async () => {
    const bad = await branch.post(`${A}/conventions`, {
      title: '公约',
      compoundId: t.world.compoundA1,
      articles: [{ number: 2, text: '爱护环境' }],
    });
    expect(errorCode(bad, 400)).toBe('convention_articles');
    expect(bad.json().error.message).toContain('numbered 2');
    expect((await branch.post(`${A}/conventions`, {})).statusCode).toBe(400);
    const elsewhere = await branch.post(`${A}/conventions`, {
      title: '甲二公约',
      compoundId: t.world.compoundA2,
    });
    expect(errorCode(elsewhere, 403)).toBe('forbidden');
    const communityWide = await branch.post(`${A}/conventions`, { title: '社区公约' });
    expect(errorCode(communityWide, 403)).toBe('forbidden');
  });

  it('keeps the versions and shows what changed between them', async () => {
    const v2 = twelveArticles.map((a) =>
      a.number === 2 ? { ...a, text: '爱护环境，垃圾分类定时定点投放。' } : a,
    );
    const c = body<Detail>(
      await branch.post(`${A}/conventions/${conventionId}/versions`, { articles: v2, note: '补充至12条' }),
      201,
    );
    expect(c.currentVersionNumber).toBe(2);
    expect(c.versions.map((v) => v.number)).toEqual([1, 2]);
    const diff = body<{
      from: number;
      to: number;
      articles: { number: number; change: string; parts: { text: string; kind: string }[] }[];
    }>(await branch.get(`${A}/conventions/${conventionId}/diff`), 200);
    expect(diff).toMatchObject({ from: 1, to: 2 });
    expect(diff.articles.filter((a) => a.change === 'added')).toHaveLength(9);
    const changed = diff.articles.find((a) => a.number === 2)!;
    expect(changed.change).toBe('changed');
    expect(changed.parts.filter((p) => p.kind === 'added').map((p) => p.text)).toEqual(['时定']);
    expect(diff.articles.find((a) => a.number === 1)!.change).toBe('same');
    const unknown = await branch.get(`${A}/conventions/${conventionId}/diff?from=7&to=2`);
    expect(errorCode(unknown, 404)).toBe('convention_version_unknown');
  });

  it('is invisible outside its compound and community', async () => {
    const branchA2 = await t.holding('branch', 'compound', t.world.compoundA2);
    expect((await branchA2.get(`${A}/conventions/${conventionId}`)).statusCode).toBe(403);
    const list = body<{ items: { id: string }[] }>(await branchA2.get(`${A}/conventions`), 200);
    expect(list.items.map((c) => c.id)).not.toContain(conventionId);
    // A convention of community B is not found through community A.
    const inB = newId();
    const now = Date.now();
    await t.deps.db
      .insertInto('conventions')
      .values({
        community_id: t.world.communityB,
        id: inB,
        compound_id: t.world.compoundB1,
        title: '乙一小区公约',
        state: 'drafting',
        current_version_id: null,
        adopted_version_id: null,
        adopted_by_kind: null,
        adopted_ref: null,
        adopted_at: null,
        adopted_by: null,
        consulting_at: null,
        published_at: null,
        superseded_at: null,
        created_by: t.world.accounts.communityStaff,
        created_at: now,
        updated_at: now,
      })
      .execute();
    expect((await staff.get(`${A}/conventions/${inB}`)).statusCode).toBe(404);
    expect(
      body<{ items: { id: string }[] }>(await staff.get(`${A}/conventions`), 200).items.map((c) => c.id),
    ).not.toContain(inB);
    expect((await staff.get(`${A}/conventions/${newId()}`)).statusCode).toBe(404);
    // Residents see nothing of a draft.
    expect((await home1.client.get(`/api/v1/me/conventions/${conventionId}`)).statusCode).toBe(404);
  });

  it('two clerks saving at once get distinct versions or a 409, never a 500', async () => {
    const results = await Promise.all(
      [0, 1, 2].map(() =>
        branch.post(`${A}/conventions/${conventionId}/versions`, { articles: twelveArticles }),
      ),
    );
    for (const r of results) expect([201, 409], r.body).toContain(r.statusCode);
    expect(results.some((r) => r.statusCode === 201)).toBe(true);
    const c = body<Detail>(await branch.get(`${A}/conventions/${conventionId}`), 200);
    const numbers = c.versions.map((v) => v.number);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(numbers).toHaveLength(2 + results.filter((r) => r.statusCode === 201).length);
  });
});

describe('consulting the households', () => {
  it('opens for opinions and tells the households', async () => {
    expect(body<Detail>(await branch.post(`${A}/conventions/${conventionId}/consult`), 200).state).toBe(
      'consulting',
    );
    expect(await notificationsOf(t, home1.accountId, 'convention_consulting')).toHaveLength(1);
    expect(await notificationsOf(t, homeA2.accountId, 'convention_consulting')).toHaveLength(0);
    expect(errorCode(await branch.post(`${A}/conventions/${conventionId}/consult`), 409)).toBe(
      'convention_state',
    );
    const mine = body<{ items: { id: string; households: { householdId: string }[] }[] }>(
      await home1.client.get('/api/v1/me/conventions'),
      200,
    );
    expect(mine.items.map((c) => c.id)).toEqual([conventionId]);
    expect(mine.items[0]!.households.map((h) => h.householdId)).toEqual([home1.householdId]);
    const elsewhere = body<{ items: unknown[] }>(await homeA2.client.get('/api/v1/me/conventions'), 200);
    expect(elsewhere.items).toEqual([]);
    expect((await homeA2.client.get(`/api/v1/me/conventions/${conventionId}`)).statusCode).toBe(404);
  });

  it('takes a household’s opinion on an article once per client key', async () => {
    const url = `/api/v1/me/conventions/${conventionId}/opinions`;
    const opinion = {
      householdId: home1.householdId,
      articleNumber: 3,
      stance: 'suggest',
      text: '建议增设宠物便便箱',
      clientKey: 'k-1',
    };
    const first = body<{ id: string; channel: string }>(await home1.client.post(url, opinion), 201);
    expect(first.channel).toBe('online');
    expect(body<{ id: string }>(await home1.client.post(url, opinion), 200).id).toBe(first.id);
    const noArticle = await home1.client.post(url, { ...opinion, articleNumber: 99, clientKey: 'k-2' });
    expect(errorCode(noArticle, 400)).toBe('convention_article_unknown');
    const notMine = await home1.client.post(url, {
      ...opinion,
      householdId: home2.householdId,
      clientKey: 'k-3',
    });
    expect(errorCode(notMine, 403)).toBe('convention_not_your_household');
    const blank = await home1.client.post(url, { ...opinion, text: '   ', clientKey: 'k-4' });
    expect(blank.statusCode).toBe(400);
    body(
      await home2.client.post(url, { householdId: home2.householdId, stance: 'agree', text: '同意' }),
      201,
    );
  });

  it('staff enter opinions collected door to door', async () => {
    const o = body<{ channel: string; householdName: string; buildingName: string }>(
      await staff.post(`${A}/conventions/${conventionId}/opinions`, {
        householdId: home2.householdId,
        articleNumber: 3,
        stance: 'disagree',
        text: '养犬条款太严',
      }),
      201,
    );
    expect(o).toMatchObject({ channel: 'door_to_door', buildingName: '1栋' });
    const outside = await staff.post(`${A}/conventions/${conventionId}/opinions`, {
      householdId: homeA2.householdId,
      stance: 'agree',
      text: '同意',
    });
    expect(errorCode(outside, 400)).toBe('convention_household_outside');
  });

  it('lists, filters, replies and counts opinions; neighbours see only public replies', async () => {
    const list = body<{ items: { id: string; stance: string; text: string }[]; total: number }>(
      await branch.get(`${A}/conventions/${conventionId}/opinions?articleNumber=3`),
      200,
    );
    expect(list.total).toBe(2);
    const suggestion = list.items.find((o) => o.stance === 'suggest')!;
    const general = body<{ total: number }>(
      await branch.get(`${A}/conventions/${conventionId}/opinions?general=true`),
      200,
    );
    expect(general.total).toBe(1);
    const replied = body<{ reply: string; replyPublic: boolean }>(
      await branch.post(`${A}/convention-opinions/${suggestion.id}/reply`, {
        reply: '已采纳，增加一款',
        public: true,
      }),
      200,
    );
    expect(replied).toMatchObject({ reply: '已采纳，增加一款', replyPublic: true });
    expect(await notificationsOf(t, home1.accountId, 'convention_opinion_replied')).toHaveLength(1);

    const seen = body<{
      myOpinions: { text: string }[];
      opinionCounts: { articleNumber: number | null; agree: number; disagree: number; suggest: number }[];
      publicReplies: { text: string; reply: string }[];
      articles: unknown[];
    }>(await home2.client.get(`/api/v1/me/conventions/${conventionId}`), 200);
    expect(seen.articles).toHaveLength(12);
    expect(seen.myOpinions.map((o) => o.text).sort()).toEqual(['同意', '养犬条款太严'].sort());
    expect(seen.opinionCounts).toContainEqual({ articleNumber: 3, agree: 0, disagree: 1, suggest: 1 });
    expect(seen.publicReplies).toEqual([
      expect.objectContaining({ text: '建议增设宠物便便箱', reply: '已采纳，增加一款' }),
    ]);
    // The other household's unreplied opinion stays private, and nobody's name is shown.
    expect(JSON.stringify(seen.publicReplies)).not.toContain('住户');
    const exported = await branch.get(
      `/api/v1/export?path=${encodeURIComponent(`/communities/${t.world.communityA}/conventions/${conventionId}/opinions`)}`,
    );
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['x-export-rows']).toBe('3');
  });
});

describe('adoption, publication and pledges', () => {
  it('adopts by a meeting decision that exists, and audits it', async () => {
    const unknown = await branch.post(`${A}/conventions/${conventionId}/adopt`, {
      kind: 'meeting_decision',
      decisionId: newId(),
    });
    expect(errorCode(unknown, 400)).toBe('convention_adoption_unknown');
    expect((await branch.post(`${A}/conventions/${conventionId}/adopt`, { kind: 'vote' })).statusCode).toBe(
      400,
    );
    const decisionId = await meetingDecision(t, '通过甲一小区居民公约');
    const pledgeEarly = await home1.client.post(`/api/v1/me/conventions/${conventionId}/pledge`, {
      householdId: home1.householdId,
    });
    expect(errorCode(pledgeEarly, 409)).toBe('convention_state');
    const c = body<Detail>(
      await branch.post(`${A}/conventions/${conventionId}/adopt`, { kind: 'meeting_decision', decisionId }),
      200,
    );
    expect(c.state).toBe('adopted');
    expect(c.adoption).toMatchObject({
      kind: 'meeting_decision',
      label: '甲一小区联席会议（五方联席一致通过）',
    });
    const entries = await auditOf(t, 'convention.adopted', conventionId);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actor_account_id).toBe(t.world.accounts.branch);
    // Adopted text is final: a revision is a new convention.
    const again = await branch.post(`${A}/conventions/${conventionId}/versions`, {
      articles: twelveArticles,
    });
    expect(errorCode(again, 409)).toBe('convention_state');
    const opinion = await home1.client.post(`/api/v1/me/conventions/${conventionId}/opinions`, {
      householdId: home1.householdId,
      stance: 'agree',
      text: '同意',
    });
    expect(opinion.statusCode).toBe(404); // adopted but not published: not shown to residents yet
  });

  it('publishes: households are told, pledge once, and the coverage counts them by building', async () => {
    const c = body<Detail>(await branch.post(`${A}/conventions/${conventionId}/publish`), 200);
    expect(c.publishedAt).not.toBeNull();
    expect(await notificationsOf(t, home2.accountId, 'convention_published')).toHaveLength(1);
    const url = `/api/v1/me/conventions/${conventionId}/pledge`;
    const first = body<{ id: string }>(await home1.client.post(url, { householdId: home1.householdId }), 201);
    expect(
      body<{ id: string }>(await home1.client.post(url, { householdId: home1.householdId }), 200).id,
    ).toBe(first.id);
    body(
      await staff.post(`${A}/conventions/${conventionId}/pledges`, { householdId: home2.householdId }),
      201,
    );
    const coverage = body<{
      households: number;
      answered: number;
      pledged: number;
      buildings: { buildingId: string; households: number; answered: number; pledged: number }[];
    }>(await branch.get(`${A}/conventions/${conventionId}/coverage`), 200);
    const b1 = coverage.buildings.find((b) => b.buildingId === t.world.buildingA1)!;
    expect(b1).toMatchObject({ households: 2, answered: 2, pledged: 2 });
    expect(coverage.buildings.find((b) => b.buildingId === buildingA1b)).toMatchObject({
      households: 1,
      answered: 0,
      pledged: 0,
    });
    expect(coverage).toMatchObject({ households: 3, answered: 2, pledged: 2 });
    const mine = body<{ items: { households: { pledgedAt: number | null }[] }[] }>(
      await home1.client.get('/api/v1/me/conventions'),
      200,
    );
    expect(mine.items[0]!.households[0]!.pledgedAt).not.toBeNull();
  });

  it('shows the published text publicly, and prints it with its articles numbered in Chinese', async () => {
    const open = await t
      .anonymous()
      .get(`/api/v1/public/communities/${t.world.communityA}/conventions/${conventionId}`);
    expect(body<{ articles: unknown[]; pledged: number }>(open, 200)).toMatchObject({ pledged: 2 });
    const pdf = await branch.get(`${A}/conventions/${conventionId}/print.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const chars = pdfCharacters(pdf.rawPayload);
    for (const ch of ['第', '十', '二', '条', '牵', '绳', '经', '施', '行'])
      expect(chars.has(ch), ch).toBe(true);
  });

  it('a newly adopted convention supersedes the old one', async () => {
    const next = body<Detail>(
      await branch.post(`${A}/conventions`, {
        title: '甲一小区居民公约（修订）',
        compoundId: t.world.compoundA1,
        articles: twelveArticles,
      }),
      201,
    );
    const decisionId = await meetingDecision(t, '通过修订后的公约');
    body(
      await branch.post(`${A}/conventions/${next.id}/adopt`, { kind: 'meeting_decision', decisionId }),
      200,
    );
    expect(body<Detail>(await branch.get(`${A}/conventions/${conventionId}`), 200).state).toBe('superseded');
    expect(await auditOf(t, 'convention.superseded', conventionId)).toHaveLength(1);
    const gone = await t
      .anonymous()
      .get(`/api/v1/public/communities/${t.world.communityA}/conventions/${conventionId}`);
    expect(gone.statusCode).toBe(404);
  });
});
