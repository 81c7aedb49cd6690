import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useNotifications } from '../../shared/notifications';
import './inbox.css';

/** The home page's way into the inbox, with how many messages are unread. */
export function InboxEntry() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { unread } = useNotifications();
  return (
    <button type="button" className="inbox-entry" onClick={() => navigate('/inbox')}>
      <span>{t('inbox.entry')}</span>
      {unread > 0 && <span className="unread-badge">{t('inbox.unreadCount', { count: unread })}</span>}
    </button>
  );
}
