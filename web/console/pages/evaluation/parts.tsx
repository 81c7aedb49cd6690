import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../../shared/api';
import { percent } from '../surveys/model';
import { belowThreshold, caseMarks, type CaseState, type EvaluationSettings } from './model';

/** Pieces the evaluation pages share: the settings, item names, a rate against the threshold. */

export function useEvaluationSettings(communityId: string | undefined) {
  return useQuery({
    queryKey: ['list', 'evaluation-settings', communityId],
    enabled: !!communityId,
    queryFn: () => get<EvaluationSettings>(`/communities/${communityId}/evaluation-settings`),
  });
}

/** An item's name in the reader's language, from the community's item list (else its code). */
export function useItemName(communityId: string | undefined) {
  const { i18n } = useTranslation();
  const settings = useEvaluationSettings(communityId);
  return (code: string) => {
    const item = settings.data?.items.find((i) => i.code === code);
    if (!item) return code;
    return i18n.language === 'en' ? item.nameEn || item.nameZh : item.nameZh;
  };
}

/** "58.3% ⚠ 低于60%" or "72.0% ✓": the words, not the colour, say which side of the line it is. */
export function RateText({
  rate,
  threshold,
  below = belowThreshold(rate, threshold),
}: {
  rate: number | null | undefined;
  threshold: number;
  /** The server's own judgement (on counts, not a rounded share), when it gives one. */
  below?: boolean;
}) {
  const { t, i18n } = useTranslation();
  if (rate === null || rate === undefined) return <span>—</span>;
  return (
    <span className={below ? 'rate-below' : 'rate-ok'}>
      {percent(rate, i18n.language)}{' '}
      {below ? `⚠ ${t('evaluation.below', { threshold })}` : `✓ ${t('evaluation.meets')}`}
    </span>
  );
}

export function CaseStateText({ state }: { state: CaseState }) {
  const { t } = useTranslation();
  return (
    <span>
      <span aria-hidden>{caseMarks[state]} </span>
      {t(`evaluation.caseState.${state}`)}
    </span>
  );
}
