import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/i18n';
import { orderCategoryName, placeText, stateTone, type OrderDetail } from '../../../shared/orders';
import { CategoryIcon } from './CategoryIcon';
import { Photos } from './Photos';
import { OrderStateTag } from '../../../shared/OrderStateTag';

/** The order at a glance, as its detail pages show it: what, where, when, who handles it, by when. */
export function OrderSummary({ order, children }: { order: OrderDetail; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const at = (ms: number) => formatDateTime(ms, i18n.language);
  const waiting = stateTone(order.state) === 'waiting';
  const working = stateTone(order.state) === 'working';
  return (
    <section className="order-summary" aria-labelledby="order-title">
      <div className="order-head">
        <CategoryIcon code={order.categoryCode} />
        <h1 id="order-title" className="page-title">
          {orderCategoryName(order, i18n.language)}
        </h1>
      </div>
      <OrderStateTag order={order} />
      <p className="order-description">{order.description}</p>
      <Photos communityId={order.communityId} ids={order.photoIds} />
      <dl className="order-facts">
        <dt>{t('orders.fact.where')}</dt>
        <dd>{placeText(order, t)}</dd>
        <dt>{t('orders.fact.urgency')}</dt>
        <dd>{t(`order.urgency.${order.urgency}`)}</dd>
        {order.homeHours && (
          <>
            <dt>{t('orders.fact.homeHours')}</dt>
            <dd>{order.homeHours}</dd>
          </>
        )}
        <dt>{t('orders.fact.created')}</dt>
        <dd>{at(order.createdAt)}</dd>
        {order.assigneeName && (
          <>
            <dt>{t('orders.fact.handledBy')}</dt>
            <dd>{order.assigneeName}</dd>
          </>
        )}
        {waiting && (
          <>
            <dt>{t('orders.fact.acceptBy')}</dt>
            <dd>
              {at(order.acceptDueAt)}
              {order.acceptOverdue && <span className="late"> · ⚠ {t('order.overdueAccept')}</span>}
            </dd>
          </>
        )}
        {(waiting || working) && (
          <>
            <dt>{t('orders.fact.resolveBy')}</dt>
            <dd>
              {at(order.resolveDueAt)}
              {order.resolveOverdue && <span className="late"> · ⚠ {t('order.overdueResolve')}</span>}
            </dd>
          </>
        )}
        {order.resolvedAt && (
          <>
            <dt>{t('orders.fact.resolved')}</dt>
            <dd>{at(order.resolvedAt)}</dd>
          </>
        )}
      </dl>
      {children}
    </section>
  );
}
