import { useQuery } from '@tanstack/react-query';
import { ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { errorText, get } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { Loading } from '../../App';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import type { Article } from './data';
import './conventions.css';

interface PublicConvention {
  title: string;
  communityName: string;
  compoundName: string | null;
  articles: Article[];
  adoptedAt: number;
  publishedAt: number;
  pledged: number;
}

/** The adopted convention's text for anyone: where the printed copy's QR code leads. */
export default function PublicConventionPage() {
  const { t, i18n } = useTranslation();
  const { communityId = '', conventionId = '' } = useParams();
  const c = useQuery({
    queryKey: ['public-convention', communityId, conventionId],
    queryFn: () => get<PublicConvention>(`/public/communities/${communityId}/conventions/${conventionId}`),
  });
  if (c.isPending) return <Loading />;
  if (c.isError)
    return (
      <div className="page">
        <ErrorBlock status="default" title={errorText(c.error, t)} description="" />
      </div>
    );
  const d = c.data;
  return (
    <div className="page convention-page">
      <h1 className="page-title">{d.title}</h1>
      <p className="convention-status">
        {[d.communityName, d.compoundName].filter(Boolean).join(' · ')}
        <br />
        {t('conventions.adoptedText', { at: formatDateTime(d.adoptedAt, i18n.language).slice(0, 10) })}{' '}
        {t('conventions.pledgedCount', { count: d.pledged })}
      </p>
      <ol className="article-list" aria-label={t('conventions.articles')}>
        {d.articles.map((a) => (
          <li key={a.number}>
            <article className="article-card">
              <h2 className="article-title">
                {t('conventions.article', { n: a.number })}
                {a.title && ` ${a.title}`}
              </h2>
              <p className="article-text">{a.text}</p>
            </article>
          </li>
        ))}
      </ol>
      <LanguageSwitch />
    </div>
  );
}
