import { Button } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import type { MyNotice } from '../../../shared/notices';
import { Loading } from '../../App';
import { noticeKeys, useNoticeEvents, usePages, useUnreadNotices } from './data';
import '../orders/orders.css';
import '../../components/inbox.css';
import './notices.css';

/** 公告: the notices to my households, pinned first, then newest; unread ones say so in words. */
export default function NoticeListPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  useNoticeEvents();
  const { list, items } = usePages<MyNotice>([...noticeKeys.all, 'list'], '/me/notices');
  const unread = useUnreadNotices().data?.count ?? 0;
  return (
    <div className="page">
      <h1 className="page-title">{t('notices.title')}</h1>
      <p aria-live="polite">
        {unread > 0 ? t('notices.unreadCount', { count: unread }) : t('notices.allRead')}
      </p>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <p className="form-error">{errorText(list.error, t)}</p>
      ) : items.length === 0 ? (
        <p className="empty-note">{t('notices.empty')}</p>
      ) : (
        <ul className="notice-list" aria-label={t('notices.title')}>
          {items.map((n) => (
            <li key={n.id}>
              <button
                type="button"
                className={`notice-row ${n.read ? 'read' : 'unread'}`}
                onClick={() => navigate(`/notices/${n.id}`)}
              >
                <span className="notice-meta">
                  {n.pinned && <span className="pinned-badge">{t('notices.pinned')}</span>}
                  {n.read ? (
                    <span className="read-mark">✓ {t('notices.read')}</span>
                  ) : (
                    <span className="unread-badge">{t('notices.unread')}</span>
                  )}
                </span>
                <span className="notice-row-title">{n.title}</span>
                {n.excerpt && <span className="notice-row-excerpt">{n.excerpt}</span>}
                <span className="notice-meta">
                  <span>{formatDateTime(n.publishAt, i18n.language)}</span>
                  <span aria-hidden>›</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <Button
          block
          size="large"
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {t('notices.loadMore')}
        </Button>
      )}
    </div>
  );
}
