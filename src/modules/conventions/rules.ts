import { diffChars } from 'diff';
import { maskName } from '../../core/personal';

/**
 * The rules of conventions (居民公约), the red/black list (红黑榜) and the duty rules (九不准), as pure
 * functions: what each state allows, how two versions differ, how long an entry stays on the list,
 * how a household is named in public, and how an appeal (申诉) is decided.
 */

export const dayMs = 24 * 60 * 60 * 1000;

// ---- conventions ----

export const conventionStates = ['drafting', 'consulting', 'adopted', 'superseded'] as const;
export type ConventionState = (typeof conventionStates)[number];
export const adoptionKinds = ['meeting_decision', 'assembly'] as const;
export const stances = ['agree', 'disagree', 'suggest'] as const;
export type Stance = (typeof stances)[number];
export const channels = ['online', 'door_to_door'] as const;
export type Channel = (typeof channels)[number];

export interface Article {
  number: number;
  title?: string | null;
  text: string;
}

export type ConventionStep = 'edit' | 'version' | 'consult' | 'opinion' | 'adopt' | 'publish' | 'pledge';

/**
 * Whether a convention in `state` allows the step. Its text changes only before adoption (a revision
 * is a new convention that supersedes it); opinions are taken while consulting; households pledge
 * to the adopted text once it is published.
 */
export function conventionAllows(
  c: { state: ConventionState; hasVersion: boolean; published: boolean },
  step: ConventionStep,
): boolean {
  switch (step) {
    case 'edit':
    case 'version':
      return c.state === 'drafting' || c.state === 'consulting';
    case 'consult':
      return c.state === 'drafting' && c.hasVersion;
    case 'opinion':
      return c.state === 'consulting';
    case 'adopt':
      return (c.state === 'drafting' || c.state === 'consulting') && c.hasVersion;
    case 'publish':
      return c.state === 'adopted' && !c.published;
    case 'pledge':
      return c.state === 'adopted' && c.published;
  }
}

/** Articles numbered 1, 2, 3… in order: a problem to name, or null when they are. */
export function articleProblem(articles: readonly Article[]): string | null {
  if (!articles.length) return 'no articles';
  for (const [i, a] of articles.entries()) {
    if (a.number !== i + 1) return `article ${i + 1} is numbered ${a.number}`;
    if (!a.text.trim()) return `article ${a.number} has no text`;
  }
  return null;
}

export interface DiffPart {
  text: string;
  kind: 'same' | 'added' | 'removed';
}
export type ArticleChange = 'added' | 'removed' | 'changed' | 'same';
export interface ArticleDiff<A extends Article = Article> {
  number: number;
  change: ArticleChange;
  before: A | null;
  after: A | null;
  titleChanged: boolean;
  /** The text, character by character: what stayed, what went, what came. */
  parts: DiffPart[];
}

const sameArticle = (a: Article, b: Article) => a.text === b.text && (a.title ?? '') === (b.title ?? '');

/** What changed between two versions, article by article (matched by number). */
export function diffArticles<A extends Article>(before: readonly A[], after: readonly A[]): ArticleDiff<A>[] {
  const numbers = [...new Set([...before, ...after].map((a) => a.number))].sort((x, y) => x - y);
  return numbers.map((number): ArticleDiff<A> => {
    const a = before.find((x) => x.number === number) ?? null;
    const b = after.find((x) => x.number === number) ?? null;
    if (!a)
      return {
        number,
        change: 'added',
        before: null,
        after: b,
        titleChanged: true,
        parts: [{ text: b!.text, kind: 'added' }],
      };
    if (!b)
      return {
        number,
        change: 'removed',
        before: a,
        after: null,
        titleChanged: true,
        parts: [{ text: a.text, kind: 'removed' }],
      };
    if (sameArticle(a, b))
      return {
        number,
        change: 'same',
        before: a,
        after: b,
        titleChanged: false,
        parts: [{ text: a.text, kind: 'same' }],
      };
    const parts = diffChars(a.text, b.text).map((p): DiffPart => ({
      text: p.value,
      kind: p.added ? 'added' : p.removed ? 'removed' : 'same',
    }));
    return {
      number,
      change: 'changed',
      before: a,
      after: b,
      titleChanged: (a.title ?? '') !== (b.title ?? ''),
      parts,
    };
  });
}

const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 20 → 二十, 35 → 三十五: article numbers as printed (第十二条). */
export function chineseNumber(n: number): string {
  if (n < 10) return digits[n]!;
  if (n < 100) {
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    return `${tens === 1 ? '' : digits[tens]}十${ones ? digits[ones] : ''}`;
  }
  return String(n);
}

// ---- the red/black list ----

export const lists = ['red', 'black'] as const;
export type List = (typeof lists)[number];
export const entryStates = ['proposed', 'approved', 'published', 'expired', 'removed', 'rejected'] as const;
export type EntryState = (typeof entryStates)[number];
export const maskRules = ['building_room', 'surname', 'none'] as const;
export type MaskRule = (typeof maskRules)[number];

export const defaultListDays = 30;
export const maxListDays = 365;

export interface Reviews {
  state: EntryState;
  branchReviewedBy: string | null;
  committeeReviewedBy: string | null;
}

/** A reviewer and whether they review as the branch (or community staff), not only as the committee. */
export interface Reviewer {
  accountId: string;
  asBranch: boolean;
}

export type ReviewOutcome =
  | { ok: true; slot: 'branch' | 'committee'; state: 'proposed' | 'approved' | 'rejected' }
  | { ok: false; reason: 'state' | 'already_reviewed' | 'needs_branch' };

/**
 * One review of a proposed entry. An entry is approved after two reviews by two different people
 * holding redBlack.review, at least one of them the branch or staff: the branch's review fills the
 * branch slot, anybody else's (or a second branch reviewer's) the committee slot. One rejection
 * ends it.
 */
export function reviewEntry(entry: Reviews, reviewer: Reviewer, approve: boolean): ReviewOutcome {
  if (entry.state !== 'proposed') return { ok: false, reason: 'state' };
  if (entry.branchReviewedBy === reviewer.accountId || entry.committeeReviewedBy === reviewer.accountId)
    return { ok: false, reason: 'already_reviewed' };
  const slot = reviewer.asBranch && !entry.branchReviewedBy ? 'branch' : 'committee';
  if (slot === 'committee' && entry.committeeReviewedBy) return { ok: false, reason: 'needs_branch' };
  if (!approve) return { ok: true, slot, state: 'rejected' };
  const other = slot === 'branch' ? entry.committeeReviewedBy : entry.branchReviewedBy;
  return { ok: true, slot, state: other ? 'approved' : 'proposed' };
}

export type EntryEvent = 'publish' | 'expire' | 'remove' | 'uphold_appeal';

/**
 * The entry's life after review: published for a period, then expired; removed by staff (with a
 * reason) or because an appeal succeeded — even after the period, so the record says it was wrong.
 * null: the event does not apply in this state.
 */
export function entryNext(state: EntryState, event: EntryEvent): EntryState | null {
  switch (event) {
    case 'publish':
      return state === 'approved' ? 'published' : null;
    case 'expire':
      return state === 'published' ? 'expired' : null;
    case 'remove':
      return state === 'approved' || state === 'published' ? 'removed' : null;
    case 'uphold_appeal':
      return state === 'published' || state === 'expired' ? 'removed' : null;
  }
}

/** The publishing window of an entry published now for `days` days. */
export function listPeriod(now: number, days: number): { from: number; until: number } {
  return { from: now, until: now + days * dayMs };
}

/** Where `now` falls in an entry's window. */
export function periodPhase(
  window: { from: number | null; until: number | null },
  now: number,
): 'none' | 'before' | 'current' | 'ended' {
  if (window.from === null || window.until === null) return 'none';
  if (now < window.from) return 'before';
  return now < window.until ? 'current' : 'ended';
}

/** A published entry whose period has run out is expired, whether or not the clock has marked it yet. */
export function effectiveState(
  e: { state: EntryState; publishFrom: number | null; publishUntil: number | null },
  now: number,
): EntryState {
  if (e.state === 'published' && periodPhase({ from: e.publishFrom, until: e.publishUntil }, now) === 'ended')
    return 'expired';
  return e.state;
}

/** What the public list may show: published and within its period. */
export const onPublicList = (
  e: { state: EntryState; publishFrom: number | null; publishUntil: number | null },
  now: number,
) =>
  e.state === 'published' && periodPhase({ from: e.publishFrom, until: e.publishUntil }, now) === 'current';

export interface HouseholdPlace {
  buildingName: string;
  entranceName: string | null;
  /** The head of household's name, else the household's own name. */
  name: string;
}

export interface MaskSettings {
  mask: MaskRule;
  redShowsName: boolean;
}

/**
 * How a household is named on a public or resident-facing list (the community's rule): by its
 * building and entrance ("3栋2单元", never the room), by surname ("张*"), or not at all. A red-list
 * entry may show the place and the masked name (张*丰) when the rule allows it. Never a full name.
 */
export function publicName(
  h: HouseholdPlace,
  settings: MaskSettings,
  list: List,
): { place: string | null; name: string | null } {
  const place = `${h.buildingName}${h.entranceName ?? ''}`;
  if (list === 'red' && settings.redShowsName) return { place, name: maskName(h.name) };
  switch (settings.mask) {
    case 'building_room':
      return { place, name: null };
    case 'surname':
      return { place: null, name: `${Array.from(h.name)[0] ?? ''}*` };
    case 'none':
      return { place: null, name: null };
  }
}

// ---- appeals (申诉) and reports of breaches of the duty rules: decided the same way ----

export const appealStates = ['open', 'upheld', 'dismissed'] as const;
export type AppealState = (typeof appealStates)[number];
/** Reviewers are told of an appeal still open after this many days (the appeal clock). */
export const appealReminderDays = 7;

export interface Appeal {
  state: AppealState;
  createdAt: number;
  decidedBy: string | null;
  decidedAt: number | null;
  decisionText: string | null;
}

export type DecideOutcome = { ok: true; appeal: Appeal } | { ok: false; reason: 'decided' | 'text_required' };

/** A decision on an open appeal, with the reasons given; a decision is final. */
export function decideAppeal(
  appeal: Appeal,
  decision: { by: string; at: number; uphold: boolean; text: string },
): DecideOutcome {
  if (appeal.state !== 'open') return { ok: false, reason: 'decided' };
  const text = decision.text.trim();
  if (!text) return { ok: false, reason: 'text_required' };
  return {
    ok: true,
    appeal: {
      ...appeal,
      state: decision.uphold ? 'upheld' : 'dismissed',
      decidedBy: decision.by,
      decidedAt: decision.at,
      decisionText: text,
    },
  };
}

/** Whole days an appeal has waited. */
export const ageDays = (createdAt: number, now: number) => Math.max(0, Math.floor((now - createdAt) / dayMs));

/** Whether the reviewers are owed a reminder: open past the limit and not yet reminded. */
export const appealOverdue = (
  a: { state: AppealState; createdAt: number; remindedAt: number | null },
  now: number,
) => a.state === 'open' && a.remindedAt === null && ageDays(a.createdAt, now) >= appealReminderDays;

/** The queue staff see: every open appeal, oldest first, with its age. */
export function openQueue<A extends Appeal>(appeals: readonly A[], now: number): (A & { ageDays: number })[] {
  return appeals
    .filter((a) => a.state === 'open')
    .map((a) => ({ ...a, ageDays: ageDays(a.createdAt, now) }))
    .sort((x, y) => x.createdAt - y.createdAt);
}
