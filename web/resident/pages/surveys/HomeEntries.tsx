import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { get } from '../../../shared/api';
import { conventionKeys, type MyConvention } from '../conventions/data';
import { dutyRuleKeys, type MyRuleSet } from '../redblack/data';
import { useMySurveys } from './data';
import '../orders/orders.css';

/**
 * The home page's ways into 问卷与评议 (with how many wait for my answer), 居民公约 (how many ask for
 * my opinion or my pledge), 红黑榜, and — for owner committee members — 九不准 to acknowledge.
 */
export function CivicEntries({ hasHome }: { hasHome: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const surveys = useMySurveys('open');
  const conventions = useQuery({
    queryKey: conventionKeys.all,
    enabled: hasHome,
    queryFn: () => get<{ items: MyConvention[] }>('/me/conventions'),
  });
  const rules = useQuery({
    queryKey: dutyRuleKeys.all,
    queryFn: () => get<{ items: MyRuleSet[] }>('/me/duty-rules'),
  });
  const toAnswer = (surveys.data?.items ?? []).filter((s) => !s.answered).length;
  const conventionList = conventions.data?.items ?? [];
  const toDo = conventionList.filter((c) =>
    c.state === 'consulting' ? true : c.households.some((h) => h.pledgedAt === null),
  ).length;
  const toAcknowledge = (rules.data?.items ?? []).filter((r) => r.member && !r.acknowledgedAt).length;
  const anySurvey = (surveys.data?.items.length ?? 0) > 0;
  if (!hasHome && !anySurvey && toAcknowledge === 0) return null;
  return (
    <nav className="home-entries" aria-label={t('civic.label')}>
      {(hasHome || anySurvey) && (
        <button type="button" className="home-entry" onClick={() => navigate('/surveys')}>
          <span className="home-entry-title">{t('surveys.title')}</span>
          <span className="home-entry-text">
            {toAnswer > 0 ? t('civic.surveysWaiting', { count: toAnswer }) : t('civic.surveysNone')}
          </span>
        </button>
      )}
      {conventionList.length > 0 && (
        <button type="button" className="home-entry" onClick={() => navigate('/conventions')}>
          <span className="home-entry-title">{t('conventions.title')}</span>
          <span className="home-entry-text">
            {toDo > 0 ? t('civic.conventionsWaiting', { count: toDo }) : t('civic.conventionsDone')}
          </span>
        </button>
      )}
      {hasHome && (
        <button type="button" className="home-entry" onClick={() => navigate('/red-black')}>
          <span className="home-entry-title">{t('redBlack.title')}</span>
          <span className="home-entry-text">{t('civic.redBlackText')}</span>
        </button>
      )}
      {(rules.data?.items ?? []).some((r) => r.member) && (
        <button type="button" className="home-entry" onClick={() => navigate('/duty-rules')}>
          <span className="home-entry-title">{t('dutyRules.title')}</span>
          <span className="home-entry-text">
            {toAcknowledge > 0 ? t('civic.dutyWaiting') : t('civic.dutyDone')}
          </span>
        </button>
      )}
    </nav>
  );
}
