/** What the convention, red/black list and duty-rule pages read from src/modules/conventions. */

export const conventionStates = ['drafting', 'consulting', 'adopted', 'superseded'] as const;
export type ConventionState = (typeof conventionStates)[number];
export const stances = ['agree', 'disagree', 'suggest'] as const;
export type Stance = (typeof stances)[number];

export interface Article {
  number: number;
  title?: string | null;
  text: string;
}

export interface ConventionVersion {
  id: string;
  number: number;
  note: string | null;
  createdAt: number;
}

export interface Convention {
  id: string;
  communityId: string;
  compoundId: string | null;
  compoundName: string | null;
  title: string;
  state: ConventionState;
  currentVersionNumber: number | null;
  articleCount: number;
  adoptedVersionId: string | null;
  adoptedByKind: 'meeting_decision' | 'assembly' | null;
  adoptedRef: string | null;
  adoptedAt: number | null;
  consultingAt: number | null;
  publishedAt: number | null;
  supersededAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface StanceCounts {
  articleNumber: number | null;
  agree: number;
  disagree: number;
  suggest: number;
}

export interface ConventionDetail extends Convention {
  currentVersion: (ConventionVersion & { articles: Article[] }) | null;
  versions: ConventionVersion[];
  opinionCounts: StanceCounts[];
  adoption: { kind: 'meeting_decision' | 'assembly'; ref: string; label: string } | null;
}

export interface DiffPart {
  text: string;
  kind: 'same' | 'added' | 'removed';
}
export interface ArticleDiff {
  number: number;
  change: 'added' | 'removed' | 'changed' | 'same';
  before: Article | null;
  after: Article | null;
  titleChanged: boolean;
  parts: DiffPart[];
}

export interface Opinion {
  id: string;
  conventionId: string;
  versionNumber: number;
  articleNumber: number | null;
  householdId: string;
  householdName: string;
  buildingId: string;
  buildingName: string;
  roomNumber: string;
  channel: 'online' | 'door_to_door';
  stance: Stance;
  text: string;
  createdAt: number;
  reply: string | null;
  replyPublic: boolean;
  repliedAt: number | null;
}

export interface CoverageRow {
  buildingId: string;
  buildingName: string;
  compoundId: string;
  compoundName: string;
  households: number;
  answered: number;
  pledged: number;
}
export interface Coverage {
  households: number;
  answered: number;
  pledged: number;
  buildings: CoverageRow[];
}

export const conventionMarks: Record<ConventionState, string> = {
  drafting: '✎',
  consulting: '✉',
  adopted: '✓',
  superseded: '⤳',
};

// ---- the red/black list ----

export type ListKind = 'red' | 'black';
export const entryStates = ['proposed', 'approved', 'published', 'expired', 'removed', 'rejected'] as const;
export type EntryState = (typeof entryStates)[number];

export interface RedBlackEntry {
  id: string;
  compoundId: string;
  compoundName: string;
  buildingId: string;
  buildingName: string;
  householdId: string;
  householdName: string;
  roomNumber: string;
  list: ListKind;
  title: string;
  description: string;
  conventionId: string | null;
  conventionTitle: string | null;
  articleNumber: number | null;
  state: EntryState;
  branchReviewerName: string | null;
  branchReviewedAt: number | null;
  committeeReviewerName: string | null;
  committeeReviewedAt: number | null;
  reviewNote: string | null;
  publishFrom: number | null;
  publishUntil: number | null;
  removalReason: string | null;
  proposerName: string;
  underAppeal: boolean;
  /** How the public list names the household under the community's rule. */
  publicLabel: { place: string | null; name: string | null };
  createdAt: number;
}

export type AppealState = 'open' | 'upheld' | 'dismissed';

export interface Appeal {
  id: string;
  entryId: string;
  entryTitle: string;
  list: ListKind;
  householdName: string;
  text: string;
  state: AppealState;
  decisionText: string | null;
  decidedAt: number | null;
  ageDays: number;
  createdAt: number;
}

export const listMarks: Record<ListKind, string> = { red: '♥', black: '✗' };
