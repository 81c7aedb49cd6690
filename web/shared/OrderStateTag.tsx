import { useTranslation } from 'react-i18next';
import { stateTone, toneMark, type Order } from './orders';
import './orders.css';

/** The order's state in words with a mark before it, and its overdue or escalated flags, never by colour alone. */
export function OrderStateTag({ order }: { order: Pick<Order, 'state' | 'overdue' | 'escalatedTo'> }) {
  const { t } = useTranslation();
  const tone = stateTone(order.state);
  return (
    <span className="state-tags">
      <span className={`state-tag ${tone}`}>
        <span aria-hidden>{toneMark[tone]} </span>
        {t(`order.state.${order.state}`)}
      </span>
      {order.overdue && (
        <span className="state-tag overdue">
          <span aria-hidden>⚠ </span>
          {t('order.overdue')}
        </span>
      )}
      {order.escalatedTo && (
        <span className="state-tag escalated">
          {t('order.escalated', { to: t(`order.escalatedTo.${order.escalatedTo}`) })}
        </span>
      )}
    </span>
  );
}
