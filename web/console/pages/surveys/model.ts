import type { SurveyQuestion } from '../../../shared/surveys';

/** What the survey and evaluation pages read from src/modules/surveys. */

export const surveysBase = (communityId: string) => `/communities/${communityId}`;

export type SurveyState = 'draft' | 'open' | 'closed';
export type SurveyKind = 'general' | 'property_evaluation';
export type Respondent = 'household' | 'person';

export interface Survey {
  id: string;
  communityId: string;
  compoundId: string | null;
  title: string;
  intro: string | null;
  kind: SurveyKind;
  respondent: Respondent;
  anonymous: boolean;
  state: SurveyState;
  opensAt: number | null;
  closesAt: number | null;
  resultsPublic: boolean;
  responseCount: number;
  /** The evaluation round, for a property evaluation survey. */
  roundId: string | null;
  version: number;
  createdAt: number;
}

export interface SurveyDetail extends Survey {
  questions: SurveyQuestion[];
}

/** GET …/surveys/:id/results: one entry per question, with counts per option (or rating) and texts. */
export interface QuestionResult {
  code: string;
  kind: SurveyQuestion['kind'];
  textZh: string;
  textEn: string | null;
  answered: number;
  /** Per option (or rating 1–5), with the label in the reader's language. */
  counts: { value: string; label: string; count: number }[];
  mean: number | null;
  satisfied: number | null;
  rated: number | null;
  /** 满意率: share of 4–5 among rated answers (0–1), rating questions only. */
  satisfactionRate: number | null;
  texts: string[];
}
export interface SurveyResults {
  responses: number;
  byChannel: { online: number; paper: number };
  questions: QuestionResult[];
}

/** 0.734 → "73.4%" in the reader's language; null → "—". */
export function percent(share: number | null | undefined, language: string): string {
  if (share === null || share === undefined) return '—';
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

export const stateMarks: Record<SurveyState, string> = { draft: '✎', open: '●', closed: '✓' };
