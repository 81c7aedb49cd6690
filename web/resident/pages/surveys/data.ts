import { useQuery } from '@tanstack/react-query';
import { get, type Page } from '../../../shared/api';
import type { Answers, SurveyQuestion } from '../../../shared/surveys';

/** What the resident survey pages read from /me/surveys (src/modules/surveys/resident.ts). */

export interface MySurvey {
  id: string;
  communityId: string;
  compoundName: string | null;
  title: string;
  intro: string | null;
  kind: 'general' | 'property_evaluation';
  respondent: 'household' | 'person';
  anonymous: boolean;
  state: 'draft' | 'open' | 'closed';
  accepting: boolean;
  closesAt: number | null;
  closedAt: number | null;
  /** Every household of mine it asks has answered (or I have, for a person survey). */
  answered: boolean;
  resultsAvailable: boolean;
  households: { householdId: string; name: string; answered: boolean }[];
}

export interface MySurveyDetail extends MySurvey {
  questions: SurveyQuestion[];
  myAnswers: Answers | null;
}

export interface MyResults {
  responses: number;
  questions: {
    code: string;
    kind: SurveyQuestion['kind'];
    textZh: string;
    textEn: string | null;
    answered: number;
    counts: { value: string; label: string; count: number }[];
    mean: number | null;
    satisfactionRate: number | null;
    texts: string[];
  }[];
}

export const surveyKeys = { all: ['my-surveys'] as const };

/** Open surveys I can answer now, or closed ones whose results are published. */
export function useMySurveys(view: 'open' | 'closed') {
  return useQuery({
    queryKey: [...surveyKeys.all, view],
    queryFn: () => get<Page<MySurvey>>(`/me/surveys?view=${view}&pageSize=50`),
  });
}

/** 0.734 → "73.4%". */
export const percentText = (share: number | null, language: string) =>
  share === null
    ? '—'
    : new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(share);
