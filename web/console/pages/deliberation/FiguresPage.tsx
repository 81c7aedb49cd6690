import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Row, Select, Space, Spin, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../../shared/api';
import { topicStates } from '../../../shared/topics';
import { useMe } from '../../../shared/session';
import { useCompoundOptions } from '../../components/places';
import { useScope } from '../../components/scope';
import { LoadError, queryString, useCan } from '../organisations/kit';
import type { ChartDatum } from '../orders/FigureChart';
import { useTopicsLive } from './common';
import { delibKey, deliberationPath, type DeliberationFigures } from './model';
import { SettingsModal } from './SettingsModal';

// ECharts reaches the browser only when this page draws its first chart (the orders figures' chart).
const FigureChart = lazy(() => import('../orders/FigureChart'));

/** A chart and, beside it, the same numbers as a table: the table is what screen readers read. */
function ChartCard({
  id,
  title,
  kind,
  data,
  column,
}: {
  id: string;
  title: string;
  kind: 'bar' | 'pie';
  data: ChartDatum[];
  column: string;
}) {
  const { t } = useTranslation();
  const large = useMe().data?.largeText ?? false;
  return (
    <Card title={<span id={id}>{title}</span>} className="figure-card">
      {data.length === 0 ? (
        <Typography.Paragraph>{t('deliberation.figures.none')}</Typography.Paragraph>
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
                { key: 'name', title: column, dataIndex: 'name' },
                { key: 'value', title: t('deliberation.figures.count'), dataIndex: 'value', align: 'right' },
              ]}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}

/** 议事数据: how many needs were raised, discussed, decided and done, how fast, and who came. */
export default function FiguresPage() {
  const { t, i18n } = useTranslation();
  const scope = useScope();
  const communityId = scope.community?.id;
  const compounds = useCompoundOptions();
  useTopicsLive(communityId);
  const canManage = useCan('deliberation.manage');
  const [settings, setSettings] = useState(false);
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('year'), dayjs()]);
  const [compoundId, setCompoundId] = useState<string | undefined>(scope.compoundId ?? undefined);
  const query = queryString({
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
    compoundId,
  });
  const figures = useQuery({
    queryKey: delibKey('figures', communityId, query),
    enabled: !!communityId,
    queryFn: () =>
      get<DeliberationFigures>(`${deliberationPath(communityId!)}/deliberation-figures?${query}`),
  });
  const f = figures.data;
  const charts = useMemo(
    () =>
      f && {
        state: topicStates
          .filter((s) => f.topics.byState[s] > 0)
          .map((s) => ({ name: t(`deliberation.state.${s}`), value: f.topics.byState[s] })),
        category: f.topics.byCategory.map((c) => ({ name: c.name, value: c.count })),
      },
    [f, t],
  );
  const hours = (h: number | null) =>
    h === null
      ? '—'
      : h < 1
        ? t('deliberation.figures.underHour')
        : h < 48
          ? t('deliberation.figures.hours', { count: Math.round(h) })
          : t('deliberation.figures.days', { count: Math.round(h / 24) });
  const percent = (share: number | null) =>
    share === null
      ? '—'
      : new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 }).format(share);

  if (!communityId) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  return (
    <section aria-labelledby="page-title">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.deliberationFigures')}
        </Typography.Title>
        <Space wrap role="group" aria-label={t('deliberation.figures.scope')}>
          <DatePicker.RangePicker
            aria-label={t('deliberation.figures.period')}
            allowClear={false}
            value={range}
            onChange={(r) => r?.[0] && r[1] && setRange([r[0], r[1]])}
            presets={[
              { label: t('deliberation.figures.thisYear'), value: [dayjs().startOf('year'), dayjs()] },
              { label: t('deliberation.figures.last90'), value: [dayjs().subtract(89, 'day'), dayjs()] },
            ]}
          />
          <Select
            aria-label={t('deliberation.col.compound')}
            placeholder={t('deliberation.figures.allCompounds')}
            allowClear
            style={{ minWidth: 160 }}
            value={compoundId}
            onChange={(v?: string) => setCompoundId(v)}
            options={compounds.options}
          />
          {canManage && (
            <Button onClick={() => setSettings(true)}>{t('deliberation.settings.button')}</Button>
          )}
        </Space>
      </div>
      <LoadError error={figures.error} />
      {figures.isPending && <Spin />}
      {f && charts && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Typography.Paragraph>
            {t('deliberation.figures.periodText', { from: f.from, to: f.to })}
          </Typography.Paragraph>
          <Row gutter={[16, 16]}>
            {(
              [
                { key: 'topics', title: t('deliberation.figures.topics'), value: String(f.topics.total) },
                {
                  key: 'decide',
                  title: t('deliberation.figures.toDecide'),
                  value: hours(f.medianHoursRaisedToDecided),
                },
                {
                  key: 'done',
                  title: t('deliberation.figures.toDone'),
                  value: hours(f.medianHoursDecidedToDone),
                },
                {
                  key: 'meetings',
                  title: t('deliberation.figures.meetingsHeld'),
                  value: String(f.meetings.held),
                },
                {
                  key: 'attendance',
                  title: t('deliberation.figures.attendance'),
                  value: percent(f.meetings.attendanceRate),
                  note: t('deliberation.figures.attendanceNote', {
                    signed: f.meetings.signedIn,
                    invited: f.meetings.invited,
                    walkIns: f.meetings.walkIns,
                  }),
                },
                { key: 'open', title: t('deliberation.figures.actionsOpen'), value: String(f.actions.open) },
                {
                  key: 'overdue',
                  title: t('deliberation.figures.actionsOverdue'),
                  value: f.actions.overdue ? `⚠ ${f.actions.overdue}` : '0',
                },
                {
                  key: 'doneActions',
                  title: t('deliberation.figures.actionsDone'),
                  value: String(f.actions.done),
                },
              ] as { key: string; title: string; value: string; note?: string }[]
            ).map((s) => (
              <Col key={s.key} xs={12} md={8} xl={6}>
                <Card className="figure-stat" data-figure={s.key}>
                  <Statistic title={s.title} value={s.value} />
                  {s.note && <div className="figure-note">{s.note}</div>}
                </Card>
              </Col>
            ))}
          </Row>
          <ChartCard
            id="chart-state"
            title={t('deliberation.figures.byState')}
            kind="pie"
            data={charts.state}
            column={t('deliberation.col.state')}
          />
          <ChartCard
            id="chart-category"
            title={t('deliberation.figures.byCategory')}
            kind="bar"
            data={charts.category}
            column={t('deliberation.col.category')}
          />
        </Space>
      )}
      {settings && <SettingsModal communityId={communityId} onClose={() => setSettings(false)} />}
    </section>
  );
}
