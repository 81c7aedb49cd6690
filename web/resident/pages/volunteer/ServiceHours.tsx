import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText, get, type Page } from '../../../shared/api';
import { Loading } from '../../App';
import type { ServiceEntry } from './data';
import { EntryRow } from './MyVolunteer';
import '../orders/orders.css';
import './volunteer.css';

/** 服务记录: every entry behind my hours, newest first, each naming its source. */
export default function ServiceHoursPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useInfiniteQuery({
    queryKey: ['volunteer', 'entries'],
    initialPageParam: 1,
    queryFn: ({ pageParam }) => get<Page<ServiceEntry>>(`/me/service-entries?page=${pageParam}&pageSize=30`),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="page">
      <Button size="small" fill="none" className="back-link" onClick={() => navigate('/volunteer')}>
        ‹ {t('volunteer.title')}
      </Button>
      <h1 className="page-title">{t('volunteer.entriesTitle')}</h1>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorBlock status="default" title={errorText(list.error, t)} description="" />
      ) : items.length ? (
        <ul className="order-list" aria-label={t('volunteer.entriesTitle')}>
          {items.map((e) => (
            <li key={e.id}>
              <EntryRow e={e} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty-note">{t('volunteer.noEntries')}</p>
      )}
      {list.hasNextPage && (
        <Button block loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('activities.more')}
        </Button>
      )}
    </div>
  );
}
