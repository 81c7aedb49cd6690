import { Button, Drawer, Empty, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText } from '../../shared/api';
import { formatDateTime } from '../../shared/i18n';
import {
  useLiveNotifications,
  useNotifications,
  useNotificationText,
  type AppNotification,
} from '../../shared/notifications';
import './notifications.css';

function BellIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  );
}

/** The header's bell: how many notifications are unread, kept live; opens a drawer listing them. */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  useLiveNotifications();
  const { list, items, unread, markRead, markAllRead } = useNotifications();
  const text = useNotificationText();

  function follow(n: AppNotification) {
    if (n.readAt === null) markRead.mutate(n.id);
    if (!n.link) return;
    setOpen(false);
    // Console links are routed here; a resident-shell link opens that shell.
    if (n.link === '/console' || n.link.startsWith('/console/'))
      navigate(n.link.slice('/console'.length) || '/');
    else window.location.assign(n.link);
  }

  return (
    <>
      <Button
        className="bell-button"
        icon={<BellIcon />}
        aria-label={t('inbox.bell', { count: unread })}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        {unread > 0 && (
          <span className="bell-count" aria-hidden>
            {unread}
          </span>
        )}
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('inbox.title')}
        extra={
          <Button disabled={unread === 0 || markAllRead.isPending} onClick={() => markAllRead.mutate()}>
            {t('inbox.markAllRead')}
          </Button>
        }
      >
        <Typography.Paragraph aria-live="polite">
          {unread > 0 ? t('inbox.unreadCount', { count: unread }) : t('inbox.allRead')}
        </Typography.Paragraph>
        {list.isError && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
        {list.isSuccess && items.length === 0 && <Empty description={t('inbox.empty')} />}
        <ul className="notification-list" aria-label={t('inbox.title')}>
          {items.map((n) => (
            <li key={n.id} className={n.readAt === null ? 'unread' : 'read'}>
              <div className="notification-text">{text(n)}</div>
              <div className="notification-meta">
                {n.readAt === null && <span className="unread-tag">{t('inbox.unread')}</span>}
                <span>{formatDateTime(n.createdAt, i18n.language)}</span>
                <Space size={4}>
                  {n.link && (
                    <Button size="small" type="link" onClick={() => follow(n)}>
                      {t('inbox.open')}
                    </Button>
                  )}
                  {n.readAt === null && (
                    <Button size="small" onClick={() => markRead.mutate(n.id)}>
                      {t('inbox.markRead')}
                    </Button>
                  )}
                </Space>
              </div>
            </li>
          ))}
        </ul>
        {list.hasNextPage && (
          <Button block loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('inbox.loadMore')}
          </Button>
        )}
      </Drawer>
    </>
  );
}
