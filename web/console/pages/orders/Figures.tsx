import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Row, Select, Space, Spin, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../../shared/api';
import { categoryName, durationText, type OrderState } from '../../../shared/orders';
import { useMe } from '../../../shared/session';
import { useScope } from '../../components/scope';
import { LoadError, queryString } from '../organisations/kit';
import type { ChartDatum } from './FigureChart';
import { useOrderOptions, useOrdersLive } from './common';
import './orders.css';

// ECharts only reaches the browser when this page draws its first chart.
const FigureChart = lazy(() => import('./FigureChart'));

interface Durations {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}
/** GET …/orders/figures (src/modules/orders/report.ts). */
export interface Figures {
  from: string;
  to: string;
  total: number;
  byCategory: { code: string; nameZh: string; nameEn: string; count: number }[];
  byState: { state: OrderState; count: number }[];
  timeToAccept: Durations;
  timeToResolve: Durations;
  overdue: { count: number; share: number };
  satisfaction: {
    count: number;
    average: number | null;
    satisfiedShare: number | null;
    distribution: { rating: number; count: number }[];
  };
  servedHouseholds: number;
  volunteerHours: number;
}

/** A chart and, beside it, the same numbers as a table: the table is what screen readers read. */
function ChartCard({
  title,
  kind,
  data,
  column,
}: {
  title: string;
  kind: 'bar' | 'pie';
  data: ChartDatum[];
  column: string;
}) {
  const { t } = useTranslation();
  const large = useMe().data?.largeText ?? false;
  const id = `chart-${column}`;
  return (
    <Card title={<span id={id}>{title}</span>} className="figure-card">
      {data.length === 0 ? (
        <Typography.Paragraph>{t('orders.figures.none')}</Typography.Paragraph>
      ) : (
        <Row gutter={16}>
          <Col xs={24} lg={14}>
            <Suspense fallback={<Spin />}>
              <FigureChart kind={kind} data={data} large={large} />
            </Suspense>
          </Col>
          <Col xs={24} lg={10}>
            <Table<ChartDatum>
              aria-labelledby={id}
              rowKey="name"
              size="small"
              pagination={false}
              dataSource={data}
              columns={[
                { key: 'name', title: t(`orders.figures.${column}`), dataIndex: 'name' },
                { key: 'value', title: t('orders.figures.count'), dataIndex: 'value', align: 'right' },
              ]}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}

/** 数据统计: what the articles quote, for a period and a scope, as charts and as plain numbers. */
export default function OrderFigures() {
  const { t, i18n } = useTranslation();
  const scope = useScope();
  const communityId = scope.community?.id;
  const { compounds, grids } = useOrderOptions(communityId);
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(29, 'day'), dayjs()]);
  const [compoundId, setCompoundId] = useState<string | undefined>(scope.compoundId ?? undefined);
  const [gridId, setGridId] = useState<string | undefined>();
  useOrdersLive(communityId);
  const query = queryString({
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
    compoundId,
    gridId,
  });
  const figures = useQuery({
    queryKey: ['order-figures', communityId, query],
    enabled: !!communityId,
    queryFn: () => get<Figures>(`/communities/${communityId}/orders/figures?${query}`),
  });

  const f = figures.data;
  const charts = useMemo(
    () =>
      f && {
        category: f.byCategory.map((c) => ({ name: categoryName(c, i18n.language), value: c.count })),
        state: f.byState.map((s) => ({ name: t(`order.state.${s.state}`), value: s.count })),
        rating: f.satisfaction.distribution.map((d) => ({
          name: `${d.rating} ★ ${t(`order.stars.${d.rating}`)}`,
          value: d.count,
        })),
      },
    [f, i18n.language, t],
  );
  const percent = (share: number | null) =>
    share === null
      ? '—'
      : new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 }).format(share);
  const minutes = (m: number | null) => (m === null ? '—' : durationText(m, t));

  if (!communityId) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  return (
    <section aria-labelledby="page-title">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.orderFigures')}
        </Typography.Title>
        <Space wrap role="group" aria-label={t('orders.figures.scope')}>
          <DatePicker.RangePicker
            aria-label={t('orders.filter.period')}
            allowClear={false}
            value={range}
            onChange={(r) => r?.[0] && r[1] && setRange([r[0], r[1]])}
            presets={[
              { label: t('orders.figures.last30'), value: [dayjs().subtract(29, 'day'), dayjs()] },
              { label: t('orders.figures.thisMonth'), value: [dayjs().startOf('month'), dayjs()] },
              { label: t('orders.figures.thisYear'), value: [dayjs().startOf('year'), dayjs()] },
            ]}
          />
          <Select
            aria-label={t('orders.col.compound')}
            placeholder={t('orders.figures.allCompounds')}
            allowClear
            style={{ minWidth: 160 }}
            value={compoundId}
            onChange={(v?: string) => setCompoundId(v)}
            options={compounds.options}
          />
          <Select
            aria-label={t('orders.filter.grid')}
            placeholder={t('orders.figures.allGrids')}
            allowClear
            style={{ minWidth: 160 }}
            value={gridId}
            onChange={(v?: string) => setGridId(v)}
            options={grids.options}
          />
        </Space>
      </div>
      <LoadError error={figures.error} />
      {figures.isPending && <Spin />}
      {f && charts && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Typography.Paragraph>
            {t('orders.figures.period', { from: f.from, to: f.to })}
          </Typography.Paragraph>
          <Row gutter={[16, 16]} className="figure-stats">
            {[
              { key: 'total', title: t('orders.figures.total'), value: String(f.total) },
              {
                key: 'accept',
                title: t('orders.figures.accept'),
                value: minutes(f.timeToAccept.medianMinutes),
                note: t('orders.figures.p90', {
                  time: minutes(f.timeToAccept.p90Minutes),
                  count: f.timeToAccept.count,
                }),
              },
              {
                key: 'resolve',
                title: t('orders.figures.resolve'),
                value: minutes(f.timeToResolve.medianMinutes),
                note: t('orders.figures.p90', {
                  time: minutes(f.timeToResolve.p90Minutes),
                  count: f.timeToResolve.count,
                }),
              },
              {
                key: 'overdue',
                title: t('orders.figures.overdue'),
                value: percent(f.overdue.share),
                note: t('orders.figures.overdueCount', { count: f.overdue.count }),
              },
              {
                key: 'satisfaction',
                title: t('orders.figures.satisfaction'),
                value: percent(f.satisfaction.satisfiedShare),
                note: t('orders.figures.average', {
                  average: f.satisfaction.average ?? '—',
                  count: f.satisfaction.count,
                }),
              },
              { key: 'households', title: t('orders.figures.households'), value: String(f.servedHouseholds) },
              { key: 'hours', title: t('orders.figures.hours'), value: String(f.volunteerHours) },
            ].map((s) => (
              <Col key={s.key} xs={12} md={8} xl={6}>
                <Card className="figure-stat" data-figure={s.key}>
                  <Statistic title={s.title} value={s.value} />
                  {s.note && <div className="figure-note">{s.note}</div>}
                </Card>
              </Col>
            ))}
          </Row>
          <ChartCard
            title={t('orders.figures.byCategory')}
            kind="bar"
            data={charts.category}
            column="category"
          />
          <ChartCard title={t('orders.figures.byState')} kind="pie" data={charts.state} column="state" />
          <ChartCard title={t('orders.figures.byRating')} kind="bar" data={charts.rating} column="rating" />
        </Space>
      )}
    </section>
  );
}
