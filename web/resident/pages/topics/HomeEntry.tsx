import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { get, type Page } from '../../../shared/api';
import type { ActionItem } from '../../../shared/topics';
import '../orders/orders.css';

/**
 * The home page's ways into 有事大家议: the topics near me, and — for people a meeting gave an action
 * item — my open items with how many wait.
 */
export function TopicEntries({ hasHome }: { hasHome: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const actions = useQuery({
    queryKey: ['my-actions', 'open-count'],
    queryFn: () => get<Page<ActionItem>>('/me/action-items?state=open&pageSize=1'),
  });
  const open = actions.data?.total ?? 0;
  if (!hasHome && !open) return null;
  return (
    <nav className="home-entries" aria-label={t('topics.home.label')}>
      {hasHome && (
        <button type="button" className="home-entry" onClick={() => navigate('/topics')}>
          <span className="home-entry-title">{t('topics.title')}</span>
          <span className="home-entry-text">{t('topics.home.text')}</span>
        </button>
      )}
      {open > 0 && (
        <button type="button" className="home-entry" onClick={() => navigate('/actions')}>
          <span className="home-entry-title">{t('actions.title')}</span>
          <span className="home-entry-text">{t('topics.home.actions', { count: open })}</span>
        </button>
      )}
    </nav>
  );
}
