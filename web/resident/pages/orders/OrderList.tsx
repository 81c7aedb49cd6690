import { useInfiniteQuery } from '@tanstack/react-query';
import { Button } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get, type Page } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { orderCategoryName, placeText, type Order } from '../../../shared/orders';
import { CategoryIcon } from './CategoryIcon';
import { OrderStateTag } from '../../../shared/OrderStateTag';

const pageSize = 20;

/** One page after another of an order list (mine, my tasks, the board), newest as the API sorts them. */
export function useOrderPages(key: readonly unknown[], path: string) {
  const list = useInfiniteQuery({
    queryKey: key,
    initialPageParam: 1,
    queryFn: ({ pageParam }) =>
      get<Page<Order>>(`${path}${path.includes('?') ? '&' : '?'}page=${pageParam}&pageSize=${pageSize}`),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
  return { list, items: list.data?.pages.flatMap((p) => p.items) ?? [], total: list.data?.pages[0]?.total };
}

/** Orders as large tappable rows: category, state in words, what and where, when. */
export function OrderList({
  pages,
  label,
  empty,
  onOpen,
  extra,
}: {
  pages: ReturnType<typeof useOrderPages>;
  label: string;
  empty: string;
  onOpen: (order: Order) => void;
  extra?: (order: Order) => ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const { list, items } = pages;
  if (list.isError) return <p className="form-error">{errorText(list.error, t)}</p>;
  if (list.isSuccess && items.length === 0) return <p className="empty-note">{empty}</p>;
  return (
    <>
      <ul className="order-list" aria-label={label}>
        {items.map((o) => (
          <li key={o.id}>
            <button type="button" className="order-row" onClick={() => onOpen(o)}>
              <CategoryIcon code={o.categoryCode} />
              <span className="order-row-main">
                <span className="order-row-title">
                  {orderCategoryName(o, i18n.language)}
                  {o.urgency === 'urgent' && (
                    <span className="urgent-mark"> · {t('order.urgency.urgent')}</span>
                  )}
                </span>
                <OrderStateTag order={o} />
                <span className="order-row-text">{o.description}</span>
                <span className="order-row-meta">
                  {placeText(o, t)} · {formatDateTime(o.createdAt, i18n.language)}
                </span>
              </span>
              <span aria-hidden className="chevron">
                ›
              </span>
            </button>
            {extra?.(o)}
          </li>
        ))}
      </ul>
      {list.hasNextPage && (
        <Button
          block
          size="large"
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {t('inbox.loadMore')}
        </Button>
      )}
    </>
  );
}
