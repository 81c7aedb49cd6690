import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText, get } from '../../../shared/api';
import { Loading } from '../../App';
import { conventionKeys, type MyConvention } from './data';

/** 居民公约: the conventions of where I live: drafts asking for my opinion, adopted texts to pledge to. */
export default function ConventionListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useQuery({
    queryKey: conventionKeys.all,
    queryFn: () => get<{ items: MyConvention[] }>('/me/conventions'),
  });
  return (
    <div className="page convention-page">
      <h1 className="page-title">{t('conventions.title')}</h1>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <p className="form-error">{errorText(list.error, t)}</p>
      ) : list.data.items.length === 0 ? (
        <p className="empty-note">{t('conventions.none')}</p>
      ) : (
        <ul className="convention-cards" aria-label={t('conventions.title')}>
          {list.data.items.map((c) => {
            const pledged = c.households.length > 0 && c.households.every((h) => h.pledgedAt !== null);
            return (
              <li key={c.id}>
                <button
                  type="button"
                  className="convention-card"
                  onClick={() => navigate(`/conventions/${c.id}`)}
                >
                  <span className="convention-meta">
                    {c.state === 'consulting' ? (
                      <span className="todo-badge">{t('conventions.consulting')}</span>
                    ) : pledged ? (
                      <span className="done-mark">✓ {t('conventions.pledged')}</span>
                    ) : (
                      <span className="todo-badge">{t('conventions.toPledge')}</span>
                    )}
                  </span>
                  <span className="convention-title">{c.title}</span>
                  <span className="convention-meta">
                    <span>{c.compoundName ?? t('conventions.wholeCommunity')}</span>
                    <span>{t('conventions.articleCount', { count: c.articleCount })}</span>
                    <span aria-hidden>›</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
