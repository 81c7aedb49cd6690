import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { get } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useScope } from '../../components/scope';
import { LoadError } from '../organisations/kit';
import { AlarmsPanel } from './AlarmsPanel';
import {
  careBase,
  dueText,
  useAlarmsLive,
  useGrids,
  useKindName,
  useMyGridIds,
  type Overview,
  type RecordItem,
} from './model';
import { RecordDrawer } from './RecordDrawer';
import { CareTag, OverdueMark } from './tags';
import './care.css';

/**
 * 网格关爱一览 — the grid worker's one page: every vulnerable person in the grid with when each was
 * last contacted and what is due, open alarms first and then the overdue; the grid's live alarms
 * beside it. Without a grid chosen it covers the caller's whole scope.
 */
export default function CareOverviewPage() {
  const { t, i18n } = useTranslation();
  const { community } = useScope();
  const [search, setSearch] = useSearchParams();
  const myGrids = useMyGridIds();
  const grids = useGrids();
  const kindName = useKindName();
  const [shown, setShown] = useState<string | null>(null);
  useAlarmsLive();
  // An empty gridId in the address is "all my scope", chosen by clearing the select.
  const gridId = (search.get('gridId') ?? myGrids[0]) || undefined;
  const path = community
    ? `${careBase(community.id)}/care/overview${gridId ? `?gridId=${gridId}` : ''}`
    : null;
  const overview = useQuery({
    queryKey: ['care-overview', path],
    enabled: !!path,
    queryFn: () => get<Overview>(path!),
  });
  const o = overview.data;
  // A grid worker sees their own grids here even where the grid list is not theirs to read.
  const gridOptions = (grids.data?.items ?? myGrids.map((id) => ({ id, name: id }))).map((g) => ({
    value: g.id,
    label: g.name,
  }));

  const columns: ColumnsType<RecordItem> = [
    {
      key: 'state',
      title: t('care.overview.attention'),
      render: (_, r) => (
        <Space direction="vertical" size={2}>
          {r.openAlarms > 0 && (
            <CareTag tone="late">！ {t('care.alarm.open', { count: r.openAlarms })}</CareTag>
          )}
          <OverdueMark overdue={r.overdue} />
          {!r.volunteers.length && <CareTag tone="warn">⚠ {t('care.record.unpaired')}</CareTag>}
          {!r.overdue && !r.openAlarms && r.volunteers.length > 0 && `✓ ${t('care.overview.onTrack')}`}
        </Space>
      ),
    },
    {
      key: 'name',
      title: t('care.record.name'),
      render: (_, r) => (
        <Button type="link" className="care-name-link" onClick={() => setShown(r.id)}>
          {r.name}
        </Button>
      ),
    },
    {
      key: 'place',
      title: t('care.record.place'),
      render: (_, r) => [r.buildingName, r.roomNumber].filter(Boolean).join(' ') || '—',
    },
    {
      key: 'kinds',
      title: t('care.record.kinds'),
      render: (_, r) => r.kinds.map((k) => kindName(k)).join('、'),
    },
    {
      key: 'volunteers',
      title: t('care.record.volunteers'),
      render: (_, r) => r.volunteers.join('、') || '—',
    },
    {
      key: 'last',
      title: t('care.record.lastContact'),
      render: (_, r) =>
        r.lastContactAt
          ? `${formatDateTime(r.lastContactAt, i18n.language)}${r.lastWellbeing ? ` · ${t(`care.wellbeing.${r.lastWellbeing}`)}` : ''}`
          : t('care.record.never'),
    },
    { key: 'due', title: t('care.record.nextDue'), render: (_, r) => dueText(t, r) },
  ];

  if (!community) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  return (
    <section aria-labelledby="page-title">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.careOverview')}
        </Typography.Title>
        <Select
          aria-label={t('care.grid')}
          placeholder={t('care.overview.allGrids')}
          allowClear
          style={{ minWidth: 200 }}
          value={gridId}
          onChange={(v?: string) => setSearch(v ? { gridId: v } : { gridId: '' }, { replace: true })}
          options={gridOptions}
        />
      </div>
      <LoadError error={overview.error} />
      <Row gutter={[16, 16]} className="care-figures">
        {(
          [
            ['total', o?.total, t('care.overview.total')],
            ['overdue', o?.overdue, t('care.overview.overdue')],
            ['openAlarms', o?.openAlarms, t('care.overview.openAlarms')],
            ['unpaired', o?.unpaired, t('care.overview.unpaired')],
          ] as const
        ).map(([key, value, label]) => (
          <Col key={key} xs={12} md={6}>
            <Card data-figure={key}>
              <Statistic title={label} value={value ?? '—'} />
            </Card>
          </Col>
        ))}
      </Row>
      <AlarmsPanel gridId={gridId} />
      <Table<RecordItem>
        rowKey="id"
        className="care-overview-table"
        columns={columns}
        dataSource={o?.people ?? []}
        loading={overview.isFetching}
        scroll={{ x: true }}
        rowClassName={(r) => (r.openAlarms ? 'care-row-alarm' : r.overdue ? 'care-row-overdue' : '')}
        pagination={{
          pageSize: 50,
          hideOnSinglePage: true,
          showTotal: (n) => t('common.total', { total: n }),
        }}
        locale={{ emptyText: t('care.overview.empty') }}
        caption={o ? t('care.overview.caption', { today: o.today }) : undefined}
      />
      <RecordDrawer recordId={shown} onClose={() => setShown(null)} />
    </section>
  );
}
