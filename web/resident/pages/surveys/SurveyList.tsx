import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { Loading } from '../../App';
import { useMySurveys, type MySurvey } from './data';

/** 问卷与评议: the surveys waiting for my answer, then closed ones whose results I can read. */
export default function SurveyListPage() {
  const { t } = useTranslation();
  const open = useMySurveys('open');
  const closed = useMySurveys('closed');
  return (
    <div className="page survey-page">
      <h1 className="page-title">{t('surveys.title')}</h1>
      {open.isPending ? (
        <Loading />
      ) : open.isError ? (
        <p className="form-error">{errorText(open.error, t)}</p>
      ) : open.data.items.length === 0 ? (
        <p className="empty-note">{t('surveys.noneOpen')}</p>
      ) : (
        <SurveyCards items={open.data.items} label={t('surveys.openList')} />
      )}
      {(closed.data?.items.length ?? 0) > 0 && (
        <>
          <h2 className="section-title">{t('surveys.closedList')}</h2>
          <SurveyCards items={closed.data!.items} label={t('surveys.closedList')} results />
        </>
      )}
    </div>
  );
}

function SurveyCards({ items, label, results }: { items: MySurvey[]; label: string; results?: boolean }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  return (
    <ul className="survey-cards" aria-label={label}>
      {items.map((s) => (
        <li key={s.id}>
          <button
            type="button"
            className="survey-card"
            onClick={() => navigate(results ? `/surveys/${s.id}/results` : `/surveys/${s.id}`)}
          >
            <span className="survey-card-meta">
              {s.kind === 'property_evaluation' && (
                <span className="kind-badge">{t('surveys.evaluationBadge')}</span>
              )}
              {results ? (
                <span>{t('surveys.seeResults')}</span>
              ) : s.answered ? (
                <span className="done-mark">✓ {t('surveys.answered')}</span>
              ) : (
                <span className="todo-badge">{t('surveys.toAnswer')}</span>
              )}
            </span>
            <span className="survey-card-title">{s.title}</span>
            <span className="survey-card-meta">
              {s.compoundName && <span>{s.compoundName}</span>}
              {!results && s.closesAt && (
                <span>{t('surveys.closesAt', { at: formatDateTime(s.closesAt, i18n.language) })}</span>
              )}
              <span aria-hidden>›</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
