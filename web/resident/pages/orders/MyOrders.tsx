import { Button, Selector } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Loading } from '../../App';
import { useOrderEvents } from './data';
import { OrderList, useOrderPages } from './OrderList';
import './orders.css';

type Show = 'open' | 'done' | 'all';
const filters: Record<Show, string> = { open: '?open=true', done: '?open=false', all: '' };

/** 我的订单: what I asked for, the open ones first to hand; states change live. */
export default function MyOrdersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [show, setShow] = useState<Show>('open');
  const pages = useOrderPages(['my-orders', show], `/me/orders${filters[show]}`);
  useOrderEvents('/me/events', [['my-orders']]);
  return (
    <div className="page">
      <h1 className="page-title">{t('orders.mine.title')}</h1>
      <Button block color="primary" size="large" onClick={() => navigate('/orders/new')}>
        {t('orders.new.title')}
      </Button>
      <div role="group" aria-label={t('orders.mine.show')}>
        <Selector
          columns={3}
          value={[show]}
          onChange={(v) => v[0] && setShow(v[0])}
          options={(['open', 'done', 'all'] as const).map((k) => ({
            value: k,
            label: t(`orders.mine.${k}`),
          }))}
        />
      </div>
      {pages.list.isPending ? (
        <Loading />
      ) : (
        <OrderList
          pages={pages}
          label={t('orders.mine.title')}
          empty={t(`orders.mine.empty.${show}`)}
          onOpen={(o) => navigate(`/orders/${o.id}`)}
        />
      )}
    </div>
  );
}
