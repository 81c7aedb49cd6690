import { useQuery } from '@tanstack/react-query';
import { Button, Progress, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { ExportButton } from '../../components/ExportButton';
import { usePaging } from '../../components/paging';
import { BuildingFilter } from '../../components/places';
import { useScope } from '../../components/scope';
import { LoadError } from '../organisations/kit';
import {
  careBase,
  recentQuarters,
  useGrids,
  useMyGridIds,
  type CoverageStatus,
  type VisitOutcome,
} from './model';
import { CoverageTag } from './tags';
import './care.css';

interface Counts {
  households: number;
  visited: number;
  notHome: number;
  notVisited: number;
}
interface BuildingCoverage extends Counts {
  buildingId: string;
  buildingName: string;
  compoundId: string;
}
interface Coverage {
  quarter: string;
  from: string;
  to: string;
  totals: Counts;
  buildings: BuildingCoverage[];
}
interface CoverageHousehold {
  householdId: string;
  householdName: string;
  buildingName: string;
  roomNumber: string;
  status: CoverageStatus;
  lastVisitedAt: number | null;
  lastOutcome: VisitOutcome | null;
  assignedTo: string[];
}

const percent = (c: Counts) => (c.households ? Math.round((c.visited / c.households) * 100) : 0);

/**
 * 走访覆盖: for a quarter, how many households of each building someone has talked to, and the list
 * of households still to knock on (exportable to Excel for the next round).
 */
export default function VisitCoveragePage() {
  const { t, i18n } = useTranslation();
  const scope = useScope();
  const grids = useGrids();
  const myGrids = useMyGridIds();
  const quarters = recentQuarters();
  const [quarter, setQuarter] = useState(quarters[0]!);
  // A grid worker starts on their grid; clearing the select (null) shows all of the caller's scope.
  const [gridPick, setGridId] = useState<string | null>();
  const gridId = gridPick === undefined ? myGrids[0] : (gridPick ?? undefined);
  const [buildingId, setBuildingId] = useState<string>();
  const [status, setStatus] = useState<CoverageStatus | undefined>('not_visited');
  const { page, pageSize, setPage, pagination } = usePaging();
  const communityId = scope.community?.id;

  const filters = new URLSearchParams({ quarter });
  if (gridId) filters.set('gridId', gridId);
  if (scope.compoundId) filters.set('compoundId', scope.compoundId);
  const coverage = useQuery({
    queryKey: ['care-coverage', communityId, `${filters}`],
    enabled: !!communityId,
    queryFn: () => get<Coverage>(`${careBase(communityId!)}/visit-coverage?${filters}`),
  });
  const listParams = new URLSearchParams(filters);
  if (buildingId) listParams.set('buildingId', buildingId);
  if (status) listParams.set('status', status);
  const listPath = communityId ? `${careBase(communityId)}/visit-coverage/households` : null;
  const paged = `${listParams}&page=${page}&pageSize=${pageSize}`;
  const households = useQuery({
    queryKey: ['care-coverage-households', listPath, paged],
    enabled: !!listPath,
    queryFn: () => get<Page<CoverageHousehold>>(`${listPath}?${paged}`),
  });

  const buildingColumns: ColumnsType<BuildingCoverage> = [
    {
      key: 'building',
      title: t('care.coverage.building'),
      render: (_, b) => (
        <Button
          type="link"
          className="care-name-link"
          aria-pressed={buildingId === b.buildingId}
          onClick={() => {
            setBuildingId(buildingId === b.buildingId ? undefined : b.buildingId);
            setPage(1);
          }}
        >
          {b.buildingName}
        </Button>
      ),
    },
    { key: 'households', title: t('care.coverage.households'), dataIndex: 'households' },
    { key: 'visited', title: t('care.coverage.visited'), dataIndex: 'visited' },
    { key: 'notHome', title: t('care.coverage.notHome'), dataIndex: 'notHome' },
    { key: 'notVisited', title: t('care.coverage.notVisited'), dataIndex: 'notVisited' },
    {
      key: 'share',
      title: t('care.coverage.share'),
      render: (_, b) => (
        <Progress
          percent={percent(b)}
          size="small"
          style={{ minWidth: 120 }}
          aria-label={t('care.coverage.shareOf', { name: b.buildingName })}
        />
      ),
    },
  ];
  const householdColumns: ColumnsType<CoverageHousehold> = [
    { key: 'room', title: t('care.visits.room'), render: (_, h) => `${h.buildingName} ${h.roomNumber}` },
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
          ? `${formatDateTime(h.lastVisitedAt, i18n.language)} · ${t(`care.visits.outcome.${h.lastOutcome ?? 'met'}`)}`
          : '—',
    },
    {
      key: 'assigned',
      title: t('care.coverage.assignedTo'),
      render: (_, h) => h.assignedTo.join('、') || '—',
    },
  ];

  if (!communityId) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  const c = coverage.data;
  return (
    <section aria-labelledby="page-title">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.visitCoverage')}
        </Typography.Title>
        <Space wrap>
          <Select
            aria-label={t('care.coverage.quarter')}
            value={quarter}
            onChange={(q: string) => {
              setQuarter(q);
              setPage(1);
            }}
            options={quarters.map((q) => ({ value: q, label: q }))}
          />
          <Select
            aria-label={t('care.grid')}
            placeholder={t('care.overview.allGrids')}
            allowClear
            style={{ minWidth: 160 }}
            value={gridId}
            onChange={(v?: string) => {
              setGridId(v ?? null);
              setPage(1);
            }}
            options={(grids.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
          />
        </Space>
      </div>
      <LoadError error={coverage.error} />
      {c && (
        <Typography.Paragraph className="care-coverage-total">
          {t('care.coverage.summary', {
            quarter: c.quarter,
            from: c.from,
            to: c.to,
            visited: c.totals.visited,
            total: c.totals.households,
            notHome: c.totals.notHome,
            notVisited: c.totals.notVisited,
            percent: percent(c.totals),
          })}
        </Typography.Paragraph>
      )}
      <Table<BuildingCoverage>
        rowKey="buildingId"
        size="small"
        columns={buildingColumns}
        dataSource={c?.buildings ?? []}
        loading={coverage.isFetching}
        scroll={{ x: true }}
        pagination={false}
      />
      <div className="page-head care-section-head">
        <Typography.Title level={3}>{t('care.coverage.householdsTitle')}</Typography.Title>
        <Space wrap>
          <BuildingFilter
            value={buildingId}
            onChange={(v) => {
              setBuildingId(v);
              setPage(1);
            }}
          />
          <Select
            aria-label={t('care.visits.statusTitle')}
            placeholder={t('care.coverage.anyStatus')}
            allowClear
            style={{ minWidth: 160 }}
            value={status}
            onChange={(v?: CoverageStatus) => {
              setStatus(v);
              setPage(1);
            }}
            options={(['not_visited', 'not_home', 'visited'] as const).map((s) => ({
              value: s,
              label: t(`care.visits.status.${s}`),
            }))}
          />
          {listPath && <ExportButton path={listPath} params={listParams} />}
        </Space>
      </div>
      <LoadError error={households.error} />
      <Table<CoverageHousehold>
        rowKey="householdId"
        columns={householdColumns}
        dataSource={households.data?.items ?? []}
        loading={households.isFetching}
        scroll={{ x: true }}
        pagination={pagination(households.data?.total)}
      />
    </section>
  );
}
