import { Button } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText } from '../../shared/api';
import { formatDateTime } from '../../shared/i18n';
import { useNotifications, useNotificationText, type AppNotification } from '../../shared/notifications';
import { Loading } from '../App';
import '../components/inbox.css';

/** 消息: what the community, the squads and the committee told me, newest first; new ones arrive live. */
export default function InboxPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { list, items, unread, markRead, markAllRead } = useNotifications();
  const text = useNotificationText();

  function open(n: AppNotification) {
    if (n.readAt === null) markRead.mutate(n.id);
    if (!n.link) return;
    if (n.link.startsWith('/console')) window.location.assign(n.link);
    else navigate(n.link);
  }

  if (list.isPending) return <Loading />;
  return (
    <div className="page">
      <h1 className="page-title">{t('inbox.title')}</h1>
      {list.isError && <p className="form-error">{errorText(list.error, t)}</p>}
      <div className="inbox-bar">
        <span aria-live="polite">
          {unread > 0 ? t('inbox.unreadCount', { count: unread }) : t('inbox.allRead')}
        </span>
        <Button
          size="middle"
          disabled={unread === 0 || markAllRead.isPending}
          onClick={() => markAllRead.mutate()}
        >
          {t('inbox.markAllRead')}
        </Button>
      </div>
      {list.isSuccess && items.length === 0 && <p className="inbox-empty">{t('inbox.empty')}</p>}
      {items.length > 0 && (
        <ul className="inbox-list" aria-label={t('inbox.title')}>
          {items.map((n) => (
            <li key={n.id}>
              <button
                type="button"
                className={`inbox-item ${n.readAt === null ? 'unread' : 'read'}`}
                onClick={() => open(n)}
              >
                <span className="inbox-text">{text(n)}</span>
                <span className="inbox-meta">
                  {n.readAt === null && <span className="unread-badge">{t('inbox.unread')}</span>}
                  <span>{formatDateTime(n.createdAt, i18n.language)}</span>
                  {n.link && <span aria-hidden>›</span>}
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
          {t('inbox.loadMore')}
        </Button>
      )}
    </div>
  );
}
