/** What the red/black list and duty-rule pages read (src/modules/conventions/resident.ts, public.ts). */

export type ListKind = 'red' | 'black';

/** An entry as the public and residents see it: the household named only as the community's rule says. */
export interface PublicEntry {
  id: string;
  list: ListKind;
  title: string;
  description: string;
  compoundName: string;
  place: string | null;
  name: string | null;
  articleNumber: number | null;
  conventionTitle: string | null;
  publishFrom: number;
  publishUntil: number;
  underAppeal: boolean;
}

export interface MyAppeal {
  id: string;
  entryId: string;
  text: string;
  state: 'open' | 'upheld' | 'dismissed';
  createdAt: number;
  decidedAt: number | null;
  decisionText: string | null;
}

/** An entry about my own household, with its appeals. */
export interface MyEntry {
  id: string;
  list: ListKind;
  title: string;
  description: string;
  state: 'proposed' | 'approved' | 'published' | 'expired' | 'removed' | 'rejected';
  articleNumber: number | null;
  conventionTitle: string | null;
  publishFrom: number | null;
  publishUntil: number | null;
  removalReason: string | null;
  underAppeal: boolean;
  appeals: MyAppeal[];
}

export interface MyRuleSet {
  id: string;
  compoundName: string;
  title: string;
  rules: string[];
  version: number;
  /** I am a current member of this committee: I acknowledge it. */
  member: boolean;
  acknowledgedAt: number | null;
  members: { personId: string; name: string; position: string }[];
}

export const redBlackKeys = { all: ['my-red-black'] as const };
export const dutyRuleKeys = { all: ['my-duty-rules'] as const };

export const listMarks: Record<ListKind, string> = { red: '♥', black: '✗' };
