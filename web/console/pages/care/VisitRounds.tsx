import { useQuery } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Input, Progress, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, type Page } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { categoryName, type OrderCategory } from '../../../shared/orders';
import { useWriteFeedback } from '../../components/feedback';
import { usePaging } from '../../components/paging';
import { useBuildingOptions } from '../../components/places';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { LoadError, useOptions } from '../organisations/kit';
import { careBase, useGrids, type Round, type RoundHousehold, type VisitOutcome } from './model';
import { SubmitModal } from './SubmitModal';
import { CoverageTag } from './tags';
import './care.css';

interface Visit {
  id: string;
  householdName: string;
  buildingName: string;
  roomNumber: string;
  visitorName: string;
  outcome: VisitOutcome;
  opinions: string | null;
  problems: string | null;
  orderId: string | null;
  topicId: string | null;
  visitedAt: number;
}

/**
 * 敲门行动: door-knock rounds over a grid or some buildings of a compound, with how far each has got;
 * a round's households and visits in a drawer, where a knock is recorded and a problem found
 * becomes an order.
 */
export default function VisitRoundsPage() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const scope = useScope();
  const grids = useGrids();
  const buildings = useBuildingOptions(scope.compoundId);
  const feedback = useWriteFeedback();
  const [shown, setShown] = useState<Round | null>(null);
  const gridOptions = (grids.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }));
  const gridName = (id: string | null) => grids.data?.items.find((g) => g.id === id)?.name;

  const close = (r: Round) =>
    modal.confirm({
      title: t('care.rounds.closeConfirm', { title: r.title }),
      okText: t('care.rounds.close'),
      cancelText: t('common.cancel'),
      onOk: () =>
        post(`${careBase(r.communityId)}/visit-rounds/${r.id}/close`, {}).then(
          () => feedback.saved(),
          feedback.failed,
        ),
    });

  const spec: ResourceSpec<Round> = {
    title: 'menu.visitRounds',
    list: (c) => `${careBase(c)}/visit-rounds`,
    create: (c) => `${careBase(c)}/visit-rounds`,
    filters: [
      {
        key: 'state',
        label: 'care.rounds.state',
        initial: 'open',
        options: [
          { value: 'open', label: 'care.rounds.open' },
          { value: 'closed', label: 'care.rounds.closed' },
        ],
      },
      { key: 'gridId', label: 'care.grid', options: gridOptions },
    ],
    errorFields: {
      visits_round_scope: 'gridId',
      visits_round_compound: 'buildingIds',
      visits_round_dates: 'endsOn',
      visits_round_empty: 'gridId',
    },
    fields: [
      { key: 'title', label: 'care.rounds.name', required: true },
      {
        key: 'gridId',
        label: 'care.grid',
        type: 'select',
        options: gridOptions,
        hint: 'care.rounds.scopeHint',
        render: (r) => gridName(r.gridId) ?? t('care.rounds.buildings', { count: r.buildingIds.length }),
      },
      {
        key: 'buildingIds',
        label: 'care.rounds.buildingIds',
        type: 'multiselect',
        options: buildings.options,
        table: false,
      },
      { key: 'startsOn', label: 'care.rounds.startsOn', type: 'date' },
      { key: 'endsOn', label: 'care.rounds.endsOn', type: 'date' },
      {
        key: 'progress',
        label: 'care.rounds.progress',
        form: false,
        render: (r) => (
          <Space direction="vertical" size={0} style={{ minWidth: 160 }}>
            <span>{t('care.rounds.progressText', { visited: r.visited, total: r.households })}</span>
            <Progress
              percent={r.households ? Math.round((r.visited / r.households) * 100) : 0}
              size="small"
              aria-label={t('care.rounds.progress')}
            />
          </Space>
        ),
      },
      {
        key: 'state',
        label: 'care.rounds.state',
        form: false,
        render: (r) => (r.state === 'open' ? t('care.rounds.open') : `✓ ${t('care.rounds.closed')}`),
      },
    ],
    toBody: (v) => ({
      title: v.title,
      ...(v.gridId ? { gridId: v.gridId } : {}),
      ...(Array.isArray(v.buildingIds) && v.buildingIds.length ? { buildingIds: v.buildingIds } : {}),
      ...(v.startsOn ? { startsOn: v.startsOn } : {}),
      ...(v.endsOn ? { endsOn: v.endsOn } : {}),
    }),
    rowActions: (r) => (
      <>
        <Button size="small" type="primary" ghost onClick={() => setShown(r)}>
          {t('care.rounds.view')}
        </Button>
        {r.state === 'open' && (
          <Button size="small" onClick={() => close(r)}>
            {t('care.rounds.close')}
          </Button>
        )}
      </>
    ),
  };
  return (
    <>
      <ResourcePage spec={spec} />
      <RoundDrawer round={shown} onClose={() => setShown(null)} />
    </>
  );
}

function RoundDrawer({ round, onClose }: { round: Round | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const path = round ? `${careBase(round.communityId)}/visit-rounds/${round.id}` : null;
  const detail = useQuery({
    queryKey: ['care-round', path],
    enabled: !!path,
    queryFn: () => get<Round & { items: RoundHousehold[] }>(path!),
  });
  const [knocking, setKnocking] = useState<RoundHousehold | null>(null);
  const d = detail.data;
  const open = d?.state === 'open';
  const columns: ColumnsType<RoundHousehold> = [
    {
      key: 'room',
      title: t('care.visits.room'),
      render: (_, h) => `${h.buildingName} ${h.roomNumber}`,
    },
    { key: 'household', title: t('care.visits.household'), dataIndex: 'householdName' },
    {
      key: 'status',
      title: t('care.visits.statusTitle'),
      render: (_, h) => <CoverageTag status={h.status} />,
    },
    {
      key: 'last',
      title: t('care.visits.last'),
      render: (_, h) =>
        h.lastVisitedAt
          ? `${formatDateTime(h.lastVisitedAt, i18n.language)} · ${t(`care.visits.outcome.${h.lastOutcome ?? 'met'}`)} · ${h.visitorName ?? ''}`
          : '—',
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, h) =>
        open && (
          <Button
            size="small"
            onClick={() => setKnocking(h)}
            aria-label={t('care.visits.recordFor', { name: h.householdName })}
          >
            {t('care.visits.record')}
          </Button>
        ),
    },
  ];
  return (
    <Drawer open={!!round} onClose={onClose} size="large" title={round?.title}>
      <LoadError error={detail.error} />
      {d && (
        <>
          <Typography.Paragraph>
            {t('care.rounds.progressText', { visited: d.visited, total: d.households })}
          </Typography.Paragraph>
          <Table<RoundHousehold>
            rowKey="householdId"
            size="small"
            columns={columns}
            dataSource={d.items}
            scroll={{ x: true }}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
          />
          <Typography.Title level={4}>{t('care.visits.collected')}</Typography.Title>
          <RoundVisits communityId={d.communityId} roundId={d.id} />
        </>
      )}
      {knocking && round && (
        <SubmitModal<{ outcome: VisitOutcome; opinions?: string; problems?: string }>
          name="care-visit"
          title={t('care.visits.recordFor', { name: knocking.householdName })}
          open
          onClose={() => setKnocking(null)}
          onSubmit={(v) =>
            post(`${careBase(round.communityId)}/visits`, {
              householdId: knocking.householdId,
              roundId: round.id,
              ...v,
            })
          }
        >
          <VisitFields />
        </SubmitModal>
      )}
    </Drawer>
  );
}

/** The fields of a visit: how it went, the opinions heard, the problems found. */
export function VisitFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="outcome"
        label={t('care.visits.outcomeTitle')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Select
          options={(['met', 'not_home', 'refused'] as const).map((o) => ({
            value: o,
            label: t(`care.visits.outcome.${o}`),
          }))}
        />
      </Form.Item>
      <Form.Item name="opinions" label={t('care.visits.opinions')}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item name="problems" label={t('care.visits.problems')}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </>
  );
}

/** The visits of a round with what they collected; a problem not yet an order can become one. */
function RoundVisits({ communityId, roundId }: { communityId: string; roundId: string }) {
  const { t, i18n } = useTranslation();
  const { page, pageSize, pagination } = usePaging();
  const [ordering, setOrdering] = useState<Visit | null>(null);
  const path = `${careBase(communityId)}/visits?roundId=${roundId}&page=${page}&pageSize=${pageSize}`;
  const visits = useQuery({ queryKey: ['care-visits', path], queryFn: () => get<Page<Visit>>(path) });
  const categories = useOptions<OrderCategory>(
    ordering ? `${careBase(communityId)}/order-categories` : null,
    (c) => ({ value: c.id, label: categoryName(c, i18n.language) }),
  );
  const columns: ColumnsType<Visit> = [
    { key: 'at', title: t('care.visits.at'), render: (_, v) => formatDateTime(v.visitedAt, i18n.language) },
    {
      key: 'room',
      title: t('care.visits.room'),
      render: (_, v) => `${v.buildingName} ${v.roomNumber} · ${v.householdName}`,
    },
    { key: 'visitor', title: t('care.visits.visitor'), dataIndex: 'visitorName' },
    {
      key: 'outcome',
      title: t('care.visits.outcomeTitle'),
      render: (_, v) => t(`care.visits.outcome.${v.outcome}`),
    },
    { key: 'opinions', title: t('care.visits.opinions'), render: (_, v) => v.opinions ?? '—' },
    { key: 'problems', title: t('care.visits.problems'), render: (_, v) => v.problems ?? '—' },
    {
      key: 'order',
      title: t('care.log.order'),
      render: (_, v) =>
        v.orderId ? (
          `✓ ${t('care.order.made')}`
        ) : v.problems || v.opinions ? (
          <Button size="small" onClick={() => setOrdering(v)}>
            {t('care.order.start')}
          </Button>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <>
      <Table<Visit>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={visits.data?.items ?? []}
        loading={visits.isFetching}
        scroll={{ x: true }}
        pagination={pagination(visits.data?.total)}
        locale={{ emptyText: t('care.visits.none') }}
      />
      {ordering && (
        <SubmitModal<{ categoryId: string; description?: string }>
          name="visit-order"
          title={t('care.order.title', { name: ordering.householdName })}
          open
          onClose={() => setOrdering(null)}
          initialValues={{ description: ordering.problems ?? ordering.opinions ?? '' }}
          onSubmit={(v) => post(`${careBase(communityId)}/visits/${ordering.id}/order`, v)}
        >
          <Form.Item
            name="categoryId"
            label={t('care.order.category')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select loading={categories.loading} options={categories.options} />
          </Form.Item>
          <Form.Item name="description" label={t('care.order.description')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </SubmitModal>
      )}
    </>
  );
}
