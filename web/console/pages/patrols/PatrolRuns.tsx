import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { get } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { useOptions } from '../organisations/kit';
import { base, DateRange, StateTag, type Tone } from '../volunteers/kit';

type RunState = 'in_progress' | 'done' | 'abandoned' | 'missed';

interface PatrolRun {
  id: string;
  routeId: string;
  routeName: string;
  scheduledFor: number | null;
  runnerName: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  state: RunState;
  missedPoints: number;
  outOfOrder: boolean;
  late: boolean;
  flagged: boolean;
  findings: number;
  note: string | null;
}

interface RunDetail extends PatrolRun {
  checkpoints: {
    id: string;
    position: number;
    name: string;
    scanned: boolean;
    firstScannedAt: number | null;
    archived: boolean;
  }[];
  scans: {
    id: string;
    checkpointId: string;
    scannedAt: number;
    receivedAt: number;
    note: string | null;
    finding: boolean;
    findingOrderId: string | null;
  }[];
}

const stateTone: Record<RunState, Tone> = {
  in_progress: 'wait',
  done: 'ok',
  abandoned: 'warn',
  missed: 'bad',
};

/** A run's flags in words: points missed, out of order, started late. */
function Flags({ run }: { run: PatrolRun }) {
  const { t } = useTranslation();
  const flags = [
    run.missedPoints > 0 && t('patrols.flag.missedPoints', { count: run.missedPoints }),
    run.outOfOrder && t('patrols.flag.outOfOrder'),
    run.late && t('patrols.flag.late'),
  ].filter(Boolean);
  if (!flags.length) return <>—</>;
  return <StateTag tone="warn">{flags.join(' · ')}</StateTag>;
}

function RunDrawer({ runId, onClose }: { runId: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { community } = useScope();
  const at = (ms: number | null) => (ms ? formatDateTime(ms, i18n.language) : '—');
  const run = useQuery({
    queryKey: ['list', 'patrol-run', runId],
    enabled: !!runId && !!community,
    queryFn: () => get<RunDetail>(`${base(community!.id)}/patrol-runs/${runId}`),
  });
  const r = run.data;
  const pointName = (id: string) => r?.checkpoints.find((k) => k.id === id)?.name ?? '—';
  return (
    <Drawer open={!!runId} onClose={onClose} title={r?.routeName} size="large" destroyOnHidden>
      {r && (
        <>
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'runner', label: t('patrols.runner'), children: r.runnerName ?? '—' },
              {
                key: 'state',
                label: t('patrols.state'),
                children: <StateTag tone={stateTone[r.state]}>{t(`patrols.runState.${r.state}`)}</StateTag>,
              },
              { key: 'slot', label: t('patrols.scheduledFor'), children: at(r.scheduledFor) },
              { key: 'started', label: t('patrols.startedAt'), children: at(r.startedAt) },
              { key: 'finished', label: t('patrols.finishedAt'), children: at(r.finishedAt) },
              { key: 'flags', label: t('patrols.flags'), children: <Flags run={r} /> },
            ]}
          />
          <Typography.Title level={3}>{t('patrols.checkpoints')}</Typography.Title>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={r.checkpoints}
            columns={[
              { key: 'position', title: t('patrols.position'), dataIndex: 'position', width: 70 },
              { key: 'name', title: t('patrols.pointName'), dataIndex: 'name' },
              {
                key: 'scanned',
                title: t('patrols.scanned'),
                render: (_, k) =>
                  k.scanned ? (
                    <StateTag tone="ok">{at(k.firstScannedAt)}</StateTag>
                  ) : (
                    <StateTag tone="bad">{t('patrols.notScanned')}</StateTag>
                  ),
              },
            ]}
          />
          <Typography.Title level={3}>{t('patrols.scans')}</Typography.Title>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={r.scans}
            scroll={{ x: true }}
            columns={[
              { key: 'point', title: t('patrols.pointName'), render: (_, s) => pointName(s.checkpointId) },
              { key: 'at', title: t('patrols.scannedAt'), render: (_, s) => at(s.scannedAt) },
              { key: 'received', title: t('patrols.receivedAt'), render: (_, s) => at(s.receivedAt) },
              { key: 'note', title: t('patrols.note'), render: (_, s) => s.note ?? '—' },
              {
                key: 'finding',
                title: t('patrols.finding'),
                render: (_, s) =>
                  s.findingOrderId ? (
                    <Link to={`/orders/${s.findingOrderId}`}>{t('patrols.openOrder')}</Link>
                  ) : s.finding ? (
                    t('common.yes')
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}

/** 巡逻记录: every run with its flags (missed, late, skipped points, out of order) and findings. */
export default function PatrolRunsPage() {
  const { t, i18n } = useTranslation();
  const { community } = useScope();
  const [params] = useSearchParams();
  // ?run=<id>: opened from a volunteer's service entry.
  const [shown, setShown] = useState<string | null>(params.get('run'));
  const [routeId, setRouteId] = useState<string | undefined>(params.get('routeId') ?? undefined);
  const [range, setRange] = useState<[string | undefined, string | undefined]>([
    params.get('from') ?? undefined,
    params.get('to') ?? undefined,
  ]);
  const routes = useOptions<{ id: string; name: string }>(
    community ? `${base(community.id)}/patrol-routes` : null,
    (r) => ({ value: r.id, label: r.name }),
  );
  const at = (ms: number | null) => (ms ? formatDateTime(ms, i18n.language) : '—');

  const spec: ResourceSpec<PatrolRun> = {
    title: 'menu.patrolRuns',
    list: (c) => `${base(c)}/patrol-runs`,
    byCompound: true,
    params: { routeId, from: range[0], to: range[1], squadId: params.get('squadId') ?? undefined },
    filters: [
      {
        key: 'state',
        label: 'patrols.state',
        initial: params.get('state') ?? undefined,
        options: (['in_progress', 'done', 'abandoned', 'missed'] as const).map((s) => ({
          value: s,
          label: `patrols.runState.${s}`,
        })),
      },
      {
        key: 'flagged',
        label: 'patrols.flagged',
        initial: params.get('flagged') ?? undefined,
        options: [{ value: 'true', label: 'patrols.onlyFlagged' }],
      },
    ],
    toolbar: (
      <>
        <Select
          aria-label={t('patrols.route')}
          placeholder={t('patrols.route')}
          allowClear
          style={{ minWidth: 160 }}
          value={routeId}
          onChange={(v?: string) => setRouteId(v)}
          options={routes.options}
        />
        <DateRange from={range[0]} to={range[1]} onChange={(f, to) => setRange([f, to])} />
      </>
    ),
    fields: [
      { key: 'routeName', label: 'patrols.route' },
      { key: 'runnerName', label: 'patrols.runner', render: (r) => r.runnerName ?? '—' },
      { key: 'scheduledFor', label: 'patrols.scheduledFor', render: (r) => at(r.scheduledFor) },
      { key: 'startedAt', label: 'patrols.startedAt', render: (r) => at(r.startedAt) },
      {
        key: 'state',
        label: 'patrols.state',
        render: (r) => <StateTag tone={stateTone[r.state]}>{t(`patrols.runState.${r.state}`)}</StateTag>,
      },
      { key: 'flags', label: 'patrols.flags', render: (r) => <Flags run={r} /> },
      { key: 'findings', label: 'patrols.findings' },
    ],
    rowActions: (r) => (
      <Button size="small" type="primary" ghost onClick={() => setShown(r.id)}>
        {t('patrols.view')}
      </Button>
    ),
  };
  return (
    <>
      <ResourcePage spec={spec} />
      <RunDrawer runId={shown} onClose={() => setShown(null)} />
    </>
  );
}
