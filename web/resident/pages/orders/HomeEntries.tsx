import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { get, type Page } from '../../../shared/api';
import type { Order } from '../../../shared/orders';
import { useMySquads } from './data';
import './orders.css';

/**
 * The home page's ways into orders: ask for help, my orders (with how many are open), and for squad
 * members the volunteer board and tasks, whether or not anything waits for them yet.
 */
export function OrderEntries({ hasHome }: { hasHome: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const squads = useMySquads();
  const open = useQuery({
    queryKey: ['my-orders', 'count'],
    enabled: hasHome,
    queryFn: () => get<Page<Order>>('/me/orders?open=true&pageSize=1'),
  });
  const openCount = open.data?.total ?? 0;
  const mySquads = squads.data ?? [];
  const member = mySquads.length > 0;
  if (!hasHome && !member) return null;
  return (
    <nav className="home-entries" aria-label={t('orders.home.label')}>
      {hasHome && (
        <>
          <button type="button" className="home-entry primary" onClick={() => navigate('/orders/new')}>
            <span className="home-entry-title">{t('orders.new.title')}</span>
            <span className="home-entry-text">{t('orders.home.askText')}</span>
          </button>
          <button type="button" className="home-entry" onClick={() => navigate('/orders')}>
            <span className="home-entry-title">{t('orders.mine.title')}</span>
            <span className="home-entry-text">
              {openCount > 0 ? t('orders.home.openCount', { count: openCount }) : t('orders.home.noneOpen')}
            </span>
          </button>
        </>
      )}
      {member && (
        <button type="button" className="home-entry" onClick={() => navigate('/tasks')}>
          <span className="home-entry-title">{t('tasks.title')}</span>
          <span className="home-entry-text">
            {t('orders.home.tasksLoad', {
              squads: mySquads.map((s) => s.squadName).join('、'),
              open: mySquads[0]!.openOrders,
              cap: mySquads[0]!.openCap,
            })}
          </span>
        </button>
      )}
    </nav>
  );
}
