import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageDays,
  appealOverdue,
  articleProblem,
  chineseNumber,
  conventionAllows,
  dayMs,
  decideAppeal,
  diffArticles,
  effectiveState,
  entryNext,
  entryStates,
  listPeriod,
  onPublicList,
  openQueue,
  periodPhase,
  publicName,
  reviewEntry,
  type Appeal,
  type ConventionState,
  type EntryEvent,
  type EntryState,
} from './rules';

describe('convention steps', () => {
  const c = (state: ConventionState, hasVersion = true, published = false) => ({
    state,
    hasVersion,
    published,
  });
  it('text changes only before adoption', () => {
    expect(conventionAllows(c('drafting'), 'version')).toBe(true);
    expect(conventionAllows(c('consulting'), 'version')).toBe(true);
    expect(conventionAllows(c('adopted'), 'version')).toBe(false);
    expect(conventionAllows(c('superseded'), 'edit')).toBe(false);
  });
  it('consulting needs a version; opinions only while consulting', () => {
    expect(conventionAllows(c('drafting', false), 'consult')).toBe(false);
    expect(conventionAllows(c('drafting'), 'consult')).toBe(true);
    expect(conventionAllows(c('consulting'), 'consult')).toBe(false);
    expect(conventionAllows(c('consulting'), 'opinion')).toBe(true);
    expect(conventionAllows(c('drafting'), 'opinion')).toBe(false);
    expect(conventionAllows(c('adopted'), 'opinion')).toBe(false);
  });
  it('adopted from drafting or consulting with a version; pledges once published', () => {
    expect(conventionAllows(c('drafting', false), 'adopt')).toBe(false);
    expect(conventionAllows(c('consulting'), 'adopt')).toBe(true);
    expect(conventionAllows(c('adopted'), 'adopt')).toBe(false);
    expect(conventionAllows(c('adopted'), 'pledge')).toBe(false);
    expect(conventionAllows(c('adopted'), 'publish')).toBe(true);
    expect(conventionAllows(c('adopted', true, true), 'publish')).toBe(false);
    expect(conventionAllows(c('adopted', true, true), 'pledge')).toBe(true);
    expect(conventionAllows(c('superseded', true, true), 'pledge')).toBe(false);
  });
  it('articles are numbered 1, 2, 3… and say something', () => {
    expect(articleProblem([])).toBe('no articles');
    expect(articleProblem([{ number: 1, text: '爱护环境' }])).toBeNull();
    expect(articleProblem([{ number: 2, text: '爱护环境' }])).toMatch(/numbered 2/);
    expect(
      articleProblem([
        { number: 1, text: '爱护环境' },
        { number: 2, text: '  ' },
      ]),
    ).toMatch(/no text/);
  });
  it('prints article numbers in Chinese', () => {
    expect([1, 9, 10, 11, 12, 20, 35, 99].map(chineseNumber)).toEqual([
      '一',
      '九',
      '十',
      '十一',
      '十二',
      '二十',
      '三十五',
      '九十九',
    ]);
  });
});

describe('diffArticles', () => {
  const v1 = [
    { number: 1, title: '环境', text: '爱护环境，垃圾分类投放。' },
    { number: 2, text: '文明养犬。' },
    { number: 3, text: '邻里和睦。' },
  ];
  const v2 = [
    { number: 1, title: '环境', text: '爱护环境，垃圾分类定时投放。' },
    { number: 2, title: '养犬', text: '文明养犬。' },
    { number: 4, text: '不高空抛物。' },
  ];
  const d = diffArticles(v1, v2);
  it('says per article what happened, in number order', () => {
    expect(d.map((a) => [a.number, a.change])).toEqual([
      [1, 'changed'],
      [2, 'changed'],
      [3, 'removed'],
      [4, 'added'],
    ]);
    expect(d[1]!.titleChanged).toBe(true);
    expect(d[3]).toMatchObject({
      before: null,
      after: v2[2],
      parts: [{ text: '不高空抛物。', kind: 'added' }],
    });
    expect(d[2]).toMatchObject({ after: null, parts: [{ text: '邻里和睦。', kind: 'removed' }] });
  });
  it('marks the characters that changed', () => {
    expect(d[0]!.parts).toEqual([
      { text: '爱护环境，垃圾分类', kind: 'same' },
      { text: '定时', kind: 'added' },
      { text: '投放。', kind: 'same' },
    ]);
  });
  it('an unchanged version is all same', () => {
    expect(diffArticles(v1, v1).every((a) => a.change === 'same' && !a.titleChanged)).toBe(true);
  });
  it('property: the parts rebuild both texts', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const [one] = diffArticles([{ number: 1, text: a || 'x' }], [{ number: 1, text: b || 'y' }]);
        const text = (kinds: string[]) =>
          one!.parts
            .filter((p) => kinds.includes(p.kind))
            .map((p) => p.text)
            .join('');
        expect(text(['same', 'removed'])).toBe(a || 'x');
        expect(text(['same', 'added'])).toBe(b || 'y');
      }),
    );
  });
});

describe('reviewing an entry', () => {
  const proposed = { state: 'proposed' as const, branchReviewedBy: null, committeeReviewedBy: null };
  const branch = { accountId: 'b', asBranch: true };
  const branch2 = { accountId: 'b2', asBranch: true };
  const committee = { accountId: 'c', asBranch: false };
  const committee2 = { accountId: 'c2', asBranch: false };

  it('branch then committee approves', () => {
    const first = reviewEntry(proposed, branch, true);
    expect(first).toEqual({ ok: true, slot: 'branch', state: 'proposed' });
    expect(reviewEntry({ ...proposed, branchReviewedBy: 'b' }, committee, true)).toEqual({
      ok: true,
      slot: 'committee',
      state: 'approved',
    });
  });
  it('committee then branch approves; two branch reviewers approve too', () => {
    expect(reviewEntry(proposed, committee, true)).toMatchObject({ slot: 'committee', state: 'proposed' });
    expect(reviewEntry({ ...proposed, committeeReviewedBy: 'c' }, branch, true)).toMatchObject({
      slot: 'branch',
      state: 'approved',
    });
    expect(reviewEntry({ ...proposed, branchReviewedBy: 'b' }, branch2, true)).toMatchObject({
      slot: 'committee',
      state: 'approved',
    });
  });
  it('the same person cannot review twice, and two committee members are not enough', () => {
    expect(reviewEntry({ ...proposed, branchReviewedBy: 'b' }, branch, true)).toEqual({
      ok: false,
      reason: 'already_reviewed',
    });
    expect(reviewEntry({ ...proposed, committeeReviewedBy: 'c' }, committee2, true)).toEqual({
      ok: false,
      reason: 'needs_branch',
    });
  });
  it('one rejection ends it; nothing is reviewed after', () => {
    expect(reviewEntry(proposed, committee, false)).toMatchObject({ ok: true, state: 'rejected' });
    for (const state of entryStates.filter((s) => s !== 'proposed'))
      expect(reviewEntry({ ...proposed, state }, branch, true)).toEqual({ ok: false, reason: 'state' });
  });
  it('property: approval always means two different reviewers, one of them the branch', () => {
    const reviewer = fc.record({ accountId: fc.constantFrom('a', 'b', 'c', 'd'), asBranch: fc.boolean() });
    fc.assert(
      fc.property(fc.array(fc.tuple(reviewer, fc.boolean()), { maxLength: 8 }), (steps) => {
        let e = { ...proposed } as {
          state: EntryState;
          branchReviewedBy: string | null;
          committeeReviewedBy: string | null;
        };
        const branchy = new Set<string>();
        for (const [r, approve] of steps) {
          const out = reviewEntry(e, r, approve);
          if (!out.ok) continue;
          if (out.slot === 'branch') branchy.add(r.accountId);
          e = {
            state: out.state,
            branchReviewedBy: out.slot === 'branch' ? r.accountId : e.branchReviewedBy,
            committeeReviewedBy: out.slot === 'committee' ? r.accountId : e.committeeReviewedBy,
          };
        }
        if (e.state === 'approved') {
          expect(e.branchReviewedBy).not.toBeNull();
          expect(e.committeeReviewedBy).not.toBeNull();
          expect(e.branchReviewedBy).not.toBe(e.committeeReviewedBy);
          expect(branchy.has(e.branchReviewedBy!)).toBe(true);
        }
      }),
    );
  });
});

describe('the entry after review', () => {
  it('publishes, expires, is removed', () => {
    expect(entryNext('approved', 'publish')).toBe('published');
    expect(entryNext('proposed', 'publish')).toBeNull();
    expect(entryNext('published', 'expire')).toBe('expired');
    expect(entryNext('approved', 'remove')).toBe('removed');
    expect(entryNext('published', 'remove')).toBe('removed');
    expect(entryNext('expired', 'remove')).toBeNull();
    expect(entryNext('rejected', 'remove')).toBeNull();
  });
  it('an upheld appeal removes a published or expired entry', () => {
    expect(entryNext('published', 'uphold_appeal')).toBe('removed');
    expect(entryNext('expired', 'uphold_appeal')).toBe('removed');
    expect(entryNext('removed', 'uphold_appeal')).toBeNull();
  });
  it('stays on the public list only within its period', () => {
    const now = Date.UTC(2026, 0, 1);
    const { from, until } = listPeriod(now, 30);
    expect(until - from).toBe(30 * dayMs);
    const e = { state: 'published' as EntryState, publishFrom: from, publishUntil: until };
    expect(onPublicList(e, now)).toBe(true);
    expect(onPublicList(e, until - 1)).toBe(true);
    expect(onPublicList(e, until)).toBe(false);
    expect(onPublicList(e, from - 1)).toBe(false);
    expect(onPublicList({ ...e, state: 'removed' }, now)).toBe(false);
    expect(effectiveState(e, until)).toBe('expired');
    expect(effectiveState(e, now)).toBe('published');
    expect(periodPhase({ from: null, until: null }, now)).toBe('none');
  });
});

describe('publicName', () => {
  const home = { buildingName: '3栋', entranceName: '2单元', name: '张三丰' };
  const rule = { mask: 'building_room' as const, redShowsName: false };
  it('by default names the building and entrance, never a name or the room', () => {
    expect(publicName(home, rule, 'black')).toEqual({ place: '3栋2单元', name: null });
    expect(publicName(home, rule, 'red')).toEqual({ place: '3栋2单元', name: null });
  });
  it('by surname, or not at all', () => {
    expect(publicName(home, { ...rule, mask: 'surname' }, 'black')).toEqual({ place: null, name: '张*' });
    expect(publicName(home, { ...rule, mask: 'none' }, 'black')).toEqual({ place: null, name: null });
  });
  it('a red entry may show the masked name when the rule says', () => {
    const names = { ...rule, redShowsName: true };
    expect(publicName(home, names, 'red')).toEqual({ place: '3栋2单元', name: '张*丰' });
    expect(publicName(home, names, 'black')).toEqual({ place: '3栋2单元', name: null });
  });
  it('property: the full name never appears', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 2, maxLength: 6, unit: fc.constantFrom('张', '王', '李', '明', '华', '丽') }),
        fc.constantFrom('building_room', 'surname', 'none'),
        fc.boolean(),
        fc.constantFrom('red', 'black'),
        (name, mask, redShowsName, list) => {
          const out = publicName({ ...home, name }, { mask, redShowsName }, list);
          expect(`${out.place ?? ''}${out.name ?? ''}`).not.toContain(name);
        },
      ),
    );
  });
});

describe('appeals', () => {
  const open: Appeal = { state: 'open', createdAt: 0, decidedBy: null, decidedAt: null, decisionText: null };
  it('are decided once, with reasons', () => {
    const out = decideAppeal(open, { by: 'b', at: 5, uphold: true, text: ' 证据不足 ' });
    expect(out).toEqual({
      ok: true,
      appeal: { state: 'upheld', createdAt: 0, decidedBy: 'b', decidedAt: 5, decisionText: '证据不足' },
    });
    expect(decideAppeal(open, { by: 'b', at: 5, uphold: false, text: '  ' })).toEqual({
      ok: false,
      reason: 'text_required',
    });
    if (out.ok)
      expect(decideAppeal(out.appeal, { by: 'c', at: 6, uphold: false, text: '维持' })).toEqual({
        ok: false,
        reason: 'decided',
      });
  });
  it('are overdue after seven days, reminded once', () => {
    const a = { state: 'open' as const, createdAt: 0, remindedAt: null };
    expect(appealOverdue(a, 7 * dayMs - 1)).toBe(false);
    expect(appealOverdue(a, 7 * dayMs)).toBe(true);
    expect(appealOverdue({ ...a, remindedAt: 1 }, 8 * dayMs)).toBe(false);
    expect(appealOverdue({ ...a, state: 'dismissed' }, 8 * dayMs)).toBe(false);
    expect(ageDays(0, 3.5 * dayMs)).toBe(3);
  });

  /**
   * The property of the issue: whatever happens — decisions tried by anyone with any text, the entry
   * expiring or being removed by staff, time passing — every appeal ends with a decision (who, when,
   * why) or is still open and in the queue staff see, with its age. Decisions are never undone, and an
   * upheld appeal leaves the entry off the list.
   */
  it('property: an appeal always ends with a decision or stays visibly open', () => {
    type Step =
      | { kind: 'file' }
      | { kind: 'decide'; pick: number; uphold: boolean; text: string; by: string }
      | { kind: 'entry'; event: EntryEvent }
      | { kind: 'wait'; days: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.constant<Step>({ kind: 'file' }),
      fc.record({
        kind: fc.constant('decide' as const),
        pick: fc.nat(),
        uphold: fc.boolean(),
        text: fc.constantFrom('', '  ', '核实无误', '证据不足'),
        by: fc.constantFrom('branch', 'staff'),
      }),
      fc.record({
        kind: fc.constant('entry' as const),
        event: fc.constantFrom<EntryEvent>('expire', 'remove', 'publish'),
      }),
      fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 0, max: 20 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let now = 0;
        let entry: EntryState = 'published';
        const appeals: Appeal[] = [];
        const decided = new Map<number, Appeal>();
        for (const s of steps) {
          if (s.kind === 'wait') now += s.days * dayMs;
          if (s.kind === 'file' && entry === 'published' && !appeals.some((a) => a.state === 'open'))
            appeals.push({
              state: 'open',
              createdAt: now,
              decidedBy: null,
              decidedAt: null,
              decisionText: null,
            });
          if (s.kind === 'entry') entry = entryNext(entry, s.event) ?? entry;
          if (s.kind === 'decide' && appeals.length) {
            const i = s.pick % appeals.length;
            const out = decideAppeal(appeals[i]!, { by: s.by, at: now, uphold: s.uphold, text: s.text });
            if (out.ok) {
              appeals[i] = out.appeal;
              decided.set(i, out.appeal);
              if (out.appeal.state === 'upheld') entry = entryNext(entry, 'uphold_appeal') ?? entry;
            }
          }
          const queue = openQueue(appeals, now);
          expect(queue).toHaveLength(appeals.filter((a) => a.state === 'open').length);
          appeals.forEach((a, i) => {
            if (a.state === 'open') {
              expect(queue).toContainEqual({ ...a, ageDays: ageDays(a.createdAt, now) });
            } else {
              expect(a.decidedBy && a.decisionText?.trim()).toBeTruthy();
              expect(a.decidedAt).not.toBeNull();
              expect(decided.get(i)).toEqual(a);
              if (a.state === 'upheld') expect(['removed']).toContain(entry);
            }
          });
        }
      }),
    );
  });
});
