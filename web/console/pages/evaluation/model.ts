/** What the 物业评议 pages read from src/modules/surveys (evaluation rounds and cases). */

export interface EvaluationItem {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface EvaluationSettings {
  items: EvaluationItem[];
  thresholdPercent: number;
  cadence: string;
}

export type RoundState = 'open' | 'closed';

/** 满意率 figures: ratings of 4–5, ratings given, their share (0–1), and whether below the threshold. */
export interface RateFigures {
  satisfied: number | null;
  rated: number | null;
  rate: number | null;
  below: boolean;
}

export interface Round {
  id: string;
  communityId: string;
  compoundId: string;
  compoundName: string;
  propertyCompanyId: string;
  propertyCompanyName: string;
  period: string;
  surveyId: string;
  state: RoundState;
  thresholdPercent: number;
  responses: number;
  /** Share of 4–5 ratings of the overall question (0–1), stored when the round closes. */
  overallRate: number | null;
  overall: RateFigures;
  items: (RateFigures & EvaluationItem)[];
  below: string[];
  reevaluatesCaseId: string | null;
  caseId: string | null;
  caseState: CaseState | null;
  createdAt: number;
  closedAt: number | null;
}

export const caseStates = [
  'open',
  'talk_scheduled',
  'rectifying',
  're_evaluating',
  'closed_resolved',
  'escalated',
] as const;
export type CaseState = (typeof caseStates)[number];

export interface CaseItem {
  index: number;
  title: string;
  itemCode: string | null;
  dueDate: string;
  state: 'open' | 'done';
  doneAt: number | null;
  note: string | null;
}

export interface EvaluationCase {
  id: string;
  communityId: string;
  roundId: string;
  period: string;
  compoundId: string;
  compoundName: string;
  propertyCompanyId: string;
  propertyCompanyName: string;
  state: CaseState;
  below: string[];
  overallRate: number | null;
  thresholdPercent: number;
  talkAt: number | null;
  talkMinutes: string | null;
  items: CaseItem[];
  itemsDone: number;
  overdueItems: number;
  reevaluationRoundId: string | null;
  reevaluation: {
    state: RoundState;
    period: string;
    responses: number;
    overallRate: number | null;
    below: string[];
  } | null;
  outcome: string | null;
  closedAt: number | null;
  replacementProposedAt: number | null;
  assemblyId: string | null;
  createdAt: number;
  updatedAt: number;
}

/** What escalating returns: the figures for opening an owners' assembly on a replacement. */
export interface ReplacementProposal {
  propertyCompany: { id: string; name: string };
  compound: { id: string; name: string };
  rounds: Round[];
  suggestedMatter: string;
}

export const caseMarks: Record<CaseState, string> = {
  open: '●',
  talk_scheduled: '☎',
  rectifying: '▶',
  re_evaluating: '↻',
  closed_resolved: '✓',
  escalated: '⚠',
};

/** Below the round's threshold (a rate is 0–1, the threshold a percentage). */
export const belowThreshold = (rate: number | null | undefined, thresholdPercent: number) =>
  rate !== null && rate !== undefined && rate * 100 < thresholdPercent;
