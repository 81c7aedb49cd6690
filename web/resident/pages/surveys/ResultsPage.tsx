import { useQuery } from '@tanstack/react-query';
import { ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorText, get } from '../../../shared/api';
import { localText } from '../../../shared/surveys';
import { Loading } from '../../App';
import { percentText, surveyKeys, type MyResults } from './data';

/**
 * 结果公布: a closed survey's results as published to residents: each question's answers as bars
 * with their numbers written beside them, the 满意率 of ratings with how it is counted, and the
 * written comments without names.
 */
export default function ResultsPage() {
  const { t, i18n } = useTranslation();
  const { surveyId = '' } = useParams();
  const results = useQuery({
    queryKey: [...surveyKeys.all, 'results', surveyId],
    queryFn: () => get<MyResults & { title: string }>(`/me/surveys/${surveyId}/results`),
  });
  const back = (
    <p className="links">
      <Link to="/surveys">{t('surveys.back')}</Link>
    </p>
  );
  if (results.isPending) return <Loading />;
  if (results.isError)
    return (
      <div className="page">
        <ErrorBlock status="default" title={errorText(results.error, t)} description="" />
        {back}
      </div>
    );
  const r = results.data;
  return (
    <div className="page survey-page">
      {back}
      <h1 className="page-title">{r.title}</h1>
      <p>{t('surveys.results.responses', { count: r.responses })}</p>
      {r.questions.some((q) => q.kind === 'rating') && (
        <p className="rate-rule">{t('surveys.results.rule')}</p>
      )}
      {r.questions.map((q, i) => {
        const most = Math.max(1, ...q.counts.map((c) => c.count));
        return (
          <section key={q.code} className="survey-question" aria-labelledby={`r-${q.code}`}>
            <h2 id={`r-${q.code}`} className="question-text">
              {i + 1}. {localText(q.textZh, q.textEn, i18n.language)}
            </h2>
            {q.kind === 'rating' && (
              <p className="big-line">
                {t('surveys.results.rate', { rate: percentText(q.satisfactionRate, i18n.language) })}
              </p>
            )}
            {q.kind === 'text' ? (
              q.texts.length ? (
                <ul className="text-answers">
                  {q.texts.map((text, j) => (
                    <li key={j}>{text}</li>
                  ))}
                </ul>
              ) : (
                <p className="empty-note">{t('surveys.results.noTexts')}</p>
              )
            ) : (
              <ul className="result-bars">
                {q.counts.map((c) => (
                  <li key={c.value}>
                    <span className="result-label">{c.label}</span>
                    <span className="result-bar" aria-hidden>
                      <span style={{ width: `${(c.count / most) * 100}%` }} />
                    </span>
                    <span className="result-count">{t('surveys.results.count', { count: c.count })}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
