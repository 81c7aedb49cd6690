/** What the resident convention pages read from /me/conventions (src/modules/conventions/resident.ts). */

export type Stance = 'agree' | 'disagree' | 'suggest';
export const stances: Stance[] = ['agree', 'suggest', 'disagree'];

export interface Article {
  number: number;
  title: string | null;
  text: string;
}

export interface MyConventionHousehold {
  householdId: string;
  communityId: string;
  compoundId: string;
  pledgedAt: number | null;
}

export interface MyConvention {
  id: string;
  communityId: string;
  compoundName: string | null;
  title: string;
  state: 'drafting' | 'consulting' | 'adopted' | 'superseded';
  currentVersionNumber: number | null;
  articleCount: number;
  adoptedAt: number | null;
  publishedAt: number | null;
  households: MyConventionHousehold[];
}

export interface MyOpinion {
  id: string;
  householdId: string;
  articleNumber: number | null;
  stance: Stance;
  text: string;
  channel: 'online' | 'door_to_door';
  createdAt: number;
  reply: string | null;
  repliedAt: number | null;
}

export interface StanceCounts {
  articleNumber: number | null;
  agree: number;
  disagree: number;
  suggest: number;
}

export interface MyConventionDetail extends MyConvention {
  versionNumber: number;
  articles: Article[];
  myOpinions: MyOpinion[];
  opinionCounts: StanceCounts[];
  publicReplies: {
    articleNumber: number | null;
    stance: Stance;
    text: string;
    reply: string;
    repliedAt: number;
  }[];
}

export const conventionKeys = { all: ['my-conventions'] as const };

export const stanceMarks: Record<Stance, string> = { agree: '✓', disagree: '✗', suggest: '✎' };

/** A key per submission, so a retry after a dropped connection records one opinion, not two. */
export const newClientKey = () =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
