import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/i18n';
import { stepDetail, stepText, type OrderDetail } from '../../../shared/orders';
import { Photos } from './Photos';

/** Every step of the order, newest first: when, who did what, and why, in plain words. */
export function Timeline({ order }: { order: OrderDetail }) {
  const { t, i18n } = useTranslation();
  const steps = [...order.timeline].reverse();
  return (
    <section className="timeline-card" aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="section-title">
        {t('orders.timeline')}
      </h2>
      <ol className="timeline">
        {steps.map((e) => {
          const detail = stepDetail(e);
          return (
            <li key={e.seq} className={`timeline-step ${e.type}`}>
              <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at, i18n.language)}</time>
              <p className="timeline-text">{stepText(e, t)}</p>
              {detail && <p className="timeline-detail">“{detail}”</p>}
              <Photos communityId={order.communityId} ids={e.fileIds} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}
