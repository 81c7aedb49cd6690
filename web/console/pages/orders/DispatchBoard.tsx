import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { get, type Page } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { OrderStateTag } from '../../../shared/OrderStateTag';
import { orderCategoryName, orderStates, placeText, type Order } from '../../../shared/orders';
import { ExportButton } from '../../components/ExportButton';
import { usePaging } from '../../components/paging';
import { useScope } from '../../components/scope';
import { LoadError, useCan } from '../organisations/kit';
import { useOrderOptions, useOrdersLive } from './common';
import { IntakeModal } from './IntakeModal';
import { OrderDrawer } from './OrderDrawer';
import './orders.css';

/** The filters the board keeps in its address, so the compound plan and notifications can link to them. */
const filterKeys = [
  'state',
  'open',
  'categoryId',
  'compoundId',
  'buildingId',
  'gridId',
  'squadId',
  'overdue',
  'escalated',
  'q',
  'from',
  'to',
] as const;
type FilterKey = (typeof filterKeys)[number];

/** 派单台: every order in the caller's scope, filtered and live; a drawer for one; 代客下单; export. */
export default function DispatchBoard() {
  const { t, i18n } = useTranslation();
  const scope = useScope();
  const navigate = useNavigate();
  const { orderId } = useParams();
  const [search, setSearch] = useSearchParams();
  const [shown, setShown] = useState<string | null>(null);
  const [intake, setIntake] = useState(false);
  const { page, pageSize, setPage, pagination } = usePaging();
  const canCreate = useCan('orders.create');
  const communityId = scope.community?.id;
  const options = useOrderOptions(communityId);
  useOrdersLive(communityId);

  const filter = (k: FilterKey) => search.get(k) ?? undefined;
  function setFilter(changes: Partial<Record<FilterKey, string | undefined>>) {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setSearch(next, { replace: true });
    setPage(1);
  }

  const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  // The header's compound narrows the board unless a compound is chosen here.
  for (const k of filterKeys) {
    const v = filter(k) ?? (k === 'compoundId' ? (scope.compoundId ?? undefined) : undefined);
    if (v) params.set(k, v);
  }
  const path = communityId ? `/communities/${communityId}/orders` : null;
  const list = useQuery({
    queryKey: ['list', `${path}?${params}`],
    enabled: !!path,
    queryFn: () => get<Page<Order>>(`${path}?${params}`),
  });
  const open = shown ?? orderId ?? null;
  const buildingName = list.data?.items.find((o) => o.buildingId === filter('buildingId'))?.buildingName;

  const at = (ms: number) => formatDateTime(ms, i18n.language);
  const columns: ColumnsType<Order> = [
    { key: 'created', title: t('orders.col.created'), render: (_, o) => at(o.createdAt), width: 150 },
    {
      key: 'category',
      title: t('orders.col.category'),
      render: (_, o) => (
        <>
          {orderCategoryName(o, i18n.language)}
          {o.urgency === 'urgent' && <Tag className="tag-late">{t('order.urgency.urgent')}</Tag>}
        </>
      ),
    },
    {
      key: 'description',
      title: t('orders.col.description'),
      render: (_, o) => <span className="cell-clamp">{o.description}</span>,
    },
    { key: 'place', title: t('orders.col.place'), render: (_, o) => placeText(o, t) },
    { key: 'state', title: t('orders.col.state'), render: (_, o) => <OrderStateTag order={o} /> },
    { key: 'squad', title: t('orders.col.squad'), render: (_, o) => o.squadName ?? '—' },
    { key: 'assignee', title: t('orders.col.assignee'), render: (_, o) => o.assigneeName ?? '—' },
    {
      key: 'open',
      title: t('common.actions'),
      render: (_, o) => (
        <Button
          size="small"
          aria-label={t('orders.openOne', { what: orderCategoryName(o, i18n.language), who: o.contactName })}
          onClick={() => setShown(o.id)}
        >
          {t('orders.open')}
        </Button>
      ),
    },
  ];

  const yesNo = (yes: string, no: string) => [
    { value: 'true', label: t(yes) },
    { value: 'false', label: t(no) },
  ];
  const select = (key: FilterKey, label: string, opts: { value: string; label: string }[], width = 150) => (
    <Select
      key={key}
      aria-label={t(label)}
      placeholder={t(label)}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      style={{ minWidth: width }}
      value={filter(key)}
      onChange={(v?: string) =>
        setFilter(key === 'compoundId' ? { compoundId: v, buildingId: undefined } : { [key]: v })
      }
      options={opts}
    />
  );

  if (!communityId) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  return (
    <section aria-labelledby="page-title">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.orders')}
        </Typography.Title>
        <Space wrap>
          <span className="live-note">{t('orders.live')}</span>
          <ExportButton path={path!} params={params} />
          {canCreate && (
            <Button type="primary" onClick={() => setIntake(true)}>
              {t('orders.intake.button')}
            </Button>
          )}
        </Space>
      </div>
      <Space wrap className="order-filters" aria-label={t('orders.filters')} role="group">
        <Input.Search
          aria-label={t('orders.searchLabel')}
          placeholder={t('orders.searchLabel')}
          allowClear
          defaultValue={filter('q')}
          onSearch={(v) => setFilter({ q: v.trim() || undefined })}
          style={{ width: 220 }}
        />
        {select(
          'state',
          'orders.col.state',
          orderStates.map((s) => ({ value: s, label: t(`order.state.${s}`) })),
        )}
        {select('open', 'orders.filter.open', yesNo('orders.filter.openYes', 'orders.filter.openNo'))}
        {select('categoryId', 'orders.col.category', options.categories.options)}
        {select('compoundId', 'orders.col.compound', options.compounds.options)}
        {select('gridId', 'orders.filter.grid', options.grids.options)}
        {select('squadId', 'orders.col.squad', options.squads.options)}
        {select(
          'overdue',
          'orders.filter.overdue',
          yesNo('orders.filter.overdueYes', 'orders.filter.overdueNo'),
        )}
        {select(
          'escalated',
          'orders.filter.escalated',
          yesNo('orders.filter.escalatedYes', 'orders.filter.escalatedNo'),
        )}
        <DatePicker.RangePicker
          aria-label={t('orders.filter.period')}
          value={filter('from') && filter('to') ? [dayjs(filter('from')), dayjs(filter('to'))] : null}
          onChange={(range) =>
            setFilter({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
          }
        />
        {filter('buildingId') && (
          <Tag closable onClose={() => setFilter({ buildingId: undefined })} className="filter-tag">
            {t('orders.filter.building', { name: buildingName ?? '…' })}
          </Tag>
        )}
      </Space>
      <LoadError error={list.error} />
      <Table<Order>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: true }}
        pagination={pagination(list.data?.total)}
        rowClassName={(o) => (o.overdue ? 'row-overdue' : '')}
        onRow={(o) => ({ onClick: () => setShown(o.id) })}
      />
      <OrderDrawer
        communityId={communityId}
        orderId={open}
        onClose={() => {
          setShown(null);
          if (orderId) navigate(`/orders${search.size ? `?${search}` : ''}`);
        }}
      />
      {intake && (
        <IntakeModal
          onClose={() => setIntake(false)}
          onCreated={(o) => {
            setIntake(false);
            setShown(o.id);
          }}
        />
      )}
    </section>
  );
}
