import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { get, type Page } from '../../../shared/api';
import type { MyRectification } from '../../../shared/notices';
import { rectificationKeys, useNoticeEvents, useUnreadNotices } from './data';
import '../orders/orders.css';
import '../../components/inbox.css';

/**
 * The home page's ways into 公告 (with how many are unread, in words) and, for households that were
 * sent one, 整改告知书 (with how many still wait to be put right).
 */
export function NoticeEntries({ hasHome }: { hasHome: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  useNoticeEvents();
  const unread = useUnreadNotices();
  const rectifications = useQuery({
    queryKey: [...rectificationKeys.all, 'count'],
    queryFn: () => get<Page<MyRectification>>('/me/rectifications?state=issued&pageSize=1'),
  });
  const anyRectification = useQuery({
    queryKey: [...rectificationKeys.all, 'any'],
    queryFn: () => get<Page<MyRectification>>('/me/rectifications?pageSize=1'),
  });
  const count = unread.data?.count ?? 0;
  const open = rectifications.data?.total ?? 0;
  const showRectifications = (anyRectification.data?.total ?? 0) > 0;
  if (!hasHome && count === 0) return null;
  return (
    <nav className="home-entries" aria-label={t('notices.home.label')}>
      <button type="button" className="home-entry notice-entry" onClick={() => navigate('/notices')}>
        <span className="home-entry-title">
          {t('notices.title')}
          {count > 0 && <span className="unread-badge">{t('notices.home.unread', { count })}</span>}
        </span>
        <span className="home-entry-text">
          {count > 0 ? t('notices.home.text') : t('notices.home.allRead')}
        </span>
      </button>
      {showRectifications && (
        <button type="button" className="home-entry" onClick={() => navigate('/rectifications')}>
          <span className="home-entry-title">{t('rectifications.title')}</span>
          <span className="home-entry-text">
            {open > 0 ? t('rectifications.home.open', { count: open }) : t('rectifications.home.none')}
          </span>
        </button>
      )}
    </nav>
  );
}
