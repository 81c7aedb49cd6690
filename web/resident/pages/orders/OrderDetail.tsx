import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Space, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorText, get, post } from '../../../shared/api';
import type { OrderDetail, OrderState } from '../../../shared/orders';
import { Loading } from '../../App';
import { useOrderEvents } from './data';
import { OrderSummary } from './OrderSummary';
import { ReasonForm } from './ReasonForm';
import { RateForm, RatingText } from './Stars';
import { Timeline } from './Timeline';
import './orders.css';

/** Before a member has taken it, the resident may still call it off. */
const cancellable: readonly OrderState[] = ['submitted', 'published', 'assigned', 'reopened'];

/** 我的订单 · one: where it stands, its timeline kept live; cancel, confirm and rate, or reopen. */
export default function OrderDetailPage() {
  const { t } = useTranslation();
  const { orderId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const key = ['my-order', orderId] as const;
  const order = useQuery({ queryKey: key, queryFn: () => get<OrderDetail>(`/me/orders/${orderId}`) });
  useOrderEvents('/me/events', [key, ['my-orders']], orderId);
  const [panel, setPanel] = useState<'cancel' | 'reopen' | null>(null);

  if (order.isPending) return <Loading />;
  if (order.isError)
    return (
      <div className="page">
        <ErrorBlock status="default" title={errorText(order.error, t)} description="" />
        <Button block size="large" onClick={() => navigate('/orders')}>
          {t('orders.mine.title')}
        </Button>
      </div>
    );
  const o = order.data;

  async function act(step: 'cancel' | 'confirm' | 'reopen', body: object, done: string) {
    const next = await post<OrderDetail>(`/me/orders/${orderId}/${step}`, body);
    queryClient.setQueryData(key, next);
    await queryClient.invalidateQueries({ queryKey: ['my-orders'] });
    setPanel(null);
    Toast.show({ content: done });
  }

  return (
    <div className="page">
      <Button size="small" fill="none" className="back-link" onClick={() => navigate('/orders')}>
        ‹ {t('orders.mine.title')}
      </Button>
      <OrderSummary order={o}>
        {o.rating !== null && (
          <>
            <p className="big-line">
              {t('orders.rate.given')} <RatingText rating={o.rating} />
            </p>
            {o.ratingComment && <p className="timeline-detail">“{o.ratingComment}”</p>}
          </>
        )}
      </OrderSummary>

      {o.state === 'resolved' && panel === null && (
        <div className="actions">
          <RateForm
            texts="orders.rate"
            onDone={(rating, comment) =>
              act('confirm', { rating, comment: comment || undefined }, t('orders.rate.thanks'))
            }
          />
          <Button block size="large" onClick={() => setPanel('reopen')}>
            {t('orders.reopen.button')}
          </Button>
        </div>
      )}
      {o.state === 'resolved' && panel === 'reopen' && (
        <ReasonForm
          name="reopen"
          title={t('orders.reopen.title')}
          label={t('orders.reopen.reason')}
          placeholder={t('orders.reopen.placeholder')}
          submitText={t('orders.reopen.submit')}
          onSubmit={(reason) => act('reopen', { reason }, t('orders.reopen.done'))}
          onClose={() => setPanel(null)}
        />
      )}
      {cancellable.includes(o.state) &&
        (panel === 'cancel' ? (
          <ReasonForm
            name="cancel"
            title={t('orders.cancel.title')}
            label={t('orders.cancel.reason')}
            placeholder={t('orders.cancel.placeholder')}
            submitText={t('orders.cancel.submit')}
            danger
            onSubmit={(reason) => act('cancel', { reason }, t('orders.cancel.done'))}
            onClose={() => setPanel(null)}
          />
        ) : (
          <Space block direction="vertical">
            <p className="hint">{t('orders.cancel.hint')}</p>
            <Button
              block
              size="large"
              color="danger"
              fill="outline"
              className="danger-action"
              onClick={() => setPanel('cancel')}
            >
              {t('orders.cancel.button')}
            </Button>
          </Space>
        ))}
      <Timeline order={o} />
    </div>
  );
}
