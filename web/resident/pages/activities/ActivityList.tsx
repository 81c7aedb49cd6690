import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, ErrorBlock, Selector } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { errorText, get } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { Loading } from '../../App';
import { liveSignup, type ActivityPage } from './data';
import { SignupStatus } from './parts';
import '../orders/orders.css';
import './activities.css';

const views = ['upcoming', 'mine', 'past'] as const;
type View = (typeof views)[number];

/** 社区活动: what is coming up in my compounds and community, what I signed up for, what was held. */
export default function ActivityListPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view: View = views.find((v) => v === params.get('view')) ?? 'upcoming';
  const list = useInfiniteQuery({
    queryKey: ['activities', 'list', view],
    initialPageParam: 1,
    queryFn: ({ pageParam }) =>
      get<ActivityPage>(`/me/activities?view=${view}&page=${pageParam}&pageSize=20`),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="page">
      <h1 className="page-title">{t('activities.title')}</h1>
      <div role="group" aria-label={t('activities.show')}>
        <Selector
          columns={3}
          value={[view]}
          onChange={(v) => v[0] && setParams({ view: v[0] }, { replace: true })}
          options={views.map((v) => ({ value: v, label: t(`activities.view.${v}`) }))}
        />
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorBlock status="default" title={errorText(list.error, t)} description="" />
      ) : !items.length ? (
        <p className="empty-note">{t(`activities.empty.${view}`)}</p>
      ) : (
        <ul className="order-list activity-list" aria-label={t(`activities.view.${view}`)}>
          {items.map((a) => (
            <li key={a.id}>
              <button type="button" className="order-row" onClick={() => navigate(`/activities/${a.id}`)}>
                <span className="order-row-main">
                  <span className="activity-type">{t(`activities.type.${a.type}`)}</span>
                  <span className="order-row-title">{a.title}</span>
                  <span className="order-row-text">
                    {[formatDateTime(a.startsAt, i18n.language), a.place].filter(Boolean).join(' · ')}
                  </span>
                  {a.state === 'cancelled' && (
                    <span className="status-bad">{t('activities.state.cancelled')}</span>
                  )}
                  {liveSignup(a.mySignup) && <SignupStatus signup={a.mySignup} />}
                </span>
                <span className="chevron" aria-hidden>
                  ›
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <Button block loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('activities.more')}
        </Button>
      )}
    </div>
  );
}
