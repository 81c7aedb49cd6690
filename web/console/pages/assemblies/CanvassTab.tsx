import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get, post, type Page } from '../../../shared/api';
import { useWriteFeedback } from '../../components/feedback';
import { usePaging } from '../../components/paging';
import { LoadError, queryString, RemoteSelect, useCan } from '../organisations/kit';
import {
  canvassOutcomes,
  type Assembly,
  type CanvassOutcome,
} from '../../../resident/pages/assemblies/model';
import { useBuildings } from './ElectorateTab';
import { assemblyKey, assemblyPath, useWhen } from './parts';

const outcomes = canvassOutcomes;
type Outcome = CanvassOutcome;
type Tally = Record<Outcome, number>;

interface Assignment {
  id: string;
  buildingId: string;
  buildingName: string;
  accountId: string;
  accountName: string;
  assignedAt: number;
  endedAt: number | null;
}

interface CanvassRecord {
  id: string;
  buildingId: string;
  buildingName: string;
  entranceName: string;
  roomId: string;
  roomNumber: string;
  accountName: string;
  outcome: Outcome;
  note: string | null;
  recordedAt: number;
}

interface Progress {
  buildings: {
    buildingId: string;
    buildingName: string;
    rooms: number;
    visitedRooms: number;
    latest: Tally;
  }[];
  volunteers: {
    accountId: string;
    accountName: string;
    buildings: number;
    records: number;
    visitedRooms: number;
    outcomes: Tally;
  }[];
}

/** An account that may be assigned (GET …/canvass/canvassers); `id` is the account's. */
interface Canvasser {
  id: string;
  name: string;
  roles: string[];
}

/** A room with its latest door record and whether its voter has voted (never how). */
interface RoomStatus {
  roomId: string;
  label: string;
  outcome: Outcome | null;
  note: string | null;
  recordedAt: number | null;
  recordedBy: string | null;
  voted: boolean | null;
}

/** The outcome counts of a tally in words: "已投票 3 · 拒绝 1". */
function useTallyWords() {
  const { t } = useTranslation();
  return (tally: Tally) =>
    outcomes
      .filter((o) => tally[o] > 0)
      .map((o) => `${t(`assemblies.outcome.${o}`)} ${tally[o]}`)
      .join(' · ') || '—';
}

/**
 * 扫楼: volunteers assigned to buildings, progress per building and volunteer, and what each door
 * said (the newest first), so organisers send people where owners still need a visit.
 */
export function CanvassTab({ communityId, assembly: a }: { communityId: string; assembly: Assembly }) {
  const { t } = useTranslation();
  const tally = useTallyWords();
  const canManage = useCan('assemblies.manage');
  const canRecord = useCan('canvass.record');
  const base = `${assemblyPath(communityId, a.id)}/canvass`;
  const progress = useQuery({
    queryKey: assemblyKey(a.id, 'canvass', 'progress'),
    queryFn: () => get<Progress>(`${base}/progress`),
  });
  const active = a.status === 'announced' || a.status === 'voting';
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <LoadError error={progress.error} />
      <Card size="small" title={t('assemblies.canvass.byBuilding')}>
        <Table
          rowKey="buildingId"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          loading={progress.isFetching}
          dataSource={progress.data?.buildings ?? []}
          columns={[
            { key: 'name', title: t('assemblies.building'), dataIndex: 'buildingName' },
            {
              key: 'visited',
              title: t('assemblies.canvass.visited'),
              render: (_, b) => t('assemblies.turnout.roomsOf', { part: b.visitedRooms, whole: b.rooms }),
            },
            { key: 'latest', title: t('assemblies.canvass.latest'), render: (_, b) => tally(b.latest) },
          ]}
        />
      </Card>
      <Card size="small" title={t('assemblies.canvass.byVolunteer')}>
        <Table
          rowKey="accountId"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          loading={progress.isFetching}
          dataSource={progress.data?.volunteers ?? []}
          columns={[
            { key: 'name', title: t('assemblies.canvass.volunteer'), dataIndex: 'accountName' },
            { key: 'buildings', title: t('assemblies.canvass.buildings'), dataIndex: 'buildings' },
            { key: 'visited', title: t('assemblies.canvass.visitedRooms'), dataIndex: 'visitedRooms' },
            { key: 'records', title: t('assemblies.canvass.records'), dataIndex: 'records' },
            { key: 'outcomes', title: t('assemblies.canvass.outcomes'), render: (_, v) => tally(v.outcomes) },
          ]}
        />
      </Card>
      {canRecord && <Rooms communityId={communityId} assembly={a} />}
      <Assignments communityId={communityId} assembly={a} canManage={canManage && active} />
      <Doors communityId={communityId} assembly={a} canRecord={canManage && active} />
    </Space>
  );
}

/** The building a canvass form is about; picking another clears the fields that depend on it. */
function BuildingItem({
  options,
  onChange,
}: {
  options: { value: string; label: string }[];
  onChange: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="buildingId"
      label={t('assemblies.building')}
      rules={[{ required: true, message: t('common.required') }]}
    >
      <Select options={options} style={{ minWidth: 140 }} onChange={onChange} />
    </Form.Item>
  );
}

function Assignments({
  communityId,
  assembly: a,
  canManage,
}: {
  communityId: string;
  assembly: Assembly;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const when = useWhen();
  const feedback = useWriteFeedback();
  const buildings = useBuildings(communityId, a.compoundId);
  const base = `${assemblyPath(communityId, a.id)}/canvass/assignments`;
  const { page, pageSize, pagination } = usePaging();
  const list = useQuery({
    queryKey: assemblyKey(a.id, 'canvass', 'assignments', page, pageSize),
    queryFn: () => get<Page<Assignment>>(`${base}?page=${page}&pageSize=${pageSize}`),
  });
  const [form] = Form.useForm<{ buildingId: string; accountId: string }>();
  const formBuilding = Form.useWatch('buildingId', form);
  const [problem, setProblem] = useState<string | null>(null);
  const assign = useMutation({
    mutationFn: (v: { buildingId: string; accountId: string }) => post(base, v),
    onSuccess: () =>
      feedback.saved(() => {
        setProblem(null);
        form.resetFields();
      }),
    onError: (err) => setProblem(errorText(err, t)),
  });
  const end = useMutation({
    mutationFn: (row: Assignment) => post(`${base}/${row.id}/end`),
    onSuccess: () => feedback.saved(),
    onError: feedback.failed,
  });
  return (
    <Card size="small" title={t('assemblies.canvass.assignments')}>
      <LoadError error={list.error} />
      {canManage && (
        <>
          {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
          <Form
            form={form}
            name="canvassAssign"
            layout="inline"
            onFinish={(v) => assign.mutate(v)}
            className="inline-form"
          >
            <BuildingItem options={buildings.options} onChange={() => form.resetFields(['accountId'])} />
            <Form.Item
              name="accountId"
              label={t('assemblies.canvass.volunteer')}
              rules={[{ required: true, message: t('common.required') }]}
              extra={t('assemblies.canvass.volunteerHint')}
            >
              <RemoteSelect<Canvasser>
                path={`${assemblyPath(communityId, a.id)}/canvass/canvassers`}
                params={{ buildingId: formBuilding }}
                style={{ minWidth: 240 }}
                toOption={(c) => ({
                  value: c.id,
                  label: `${c.name}（${c.roles.map((r) => t(`roles.${r}`)).join('、')}）`,
                })}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={assign.isPending}>
              {t('assemblies.canvass.assign')}
            </Button>
          </Form>
        </>
      )}
      <Table<Assignment>
        rowKey="id"
        size="small"
        pagination={pagination(list.data?.total)}
        scroll={{ x: true }}
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        columns={[
          { key: 'building', title: t('assemblies.building'), dataIndex: 'buildingName' },
          { key: 'who', title: t('assemblies.canvass.volunteer'), dataIndex: 'accountName' },
          { key: 'since', title: t('assemblies.canvass.since'), render: (_, r) => when(r.assignedAt) },
          ...(canManage
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, r: Assignment) => (
                    <Button size="small" onClick={() => end.mutate(r)}>
                      {t('assemblies.canvass.end')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

type RoomFilter = Outcome | 'unvisited';

/**
 * 各户情况: every room's latest door record and whether its voter has voted yet (participation only),
 * so organisers see which doors still need a visit. Organisers see every building; others their own.
 */
function Rooms({ communityId, assembly: a }: { communityId: string; assembly: Assembly }) {
  const { t } = useTranslation();
  const when = useWhen();
  const buildings = useBuildings(communityId, a.compoundId);
  const [buildingId, setBuildingId] = useState<string>();
  const [status, setStatus] = useState<RoomFilter>();
  const [voted, setVoted] = useState<'true' | 'false'>();
  const [q, setQ] = useState('');
  const { page, pageSize, setPage, pagination } = usePaging();
  const path = `${assemblyPath(communityId, a.id)}/canvass/rooms?${queryString({ page, pageSize, buildingId, status, voted, q })}`;
  const rooms = useQuery({
    queryKey: assemblyKey(a.id, 'canvass', 'rooms', path),
    queryFn: () => get<Page<RoomStatus>>(path),
  });
  const open = a.openedAt !== null;
  return (
    <Card size="small" title={t('assemblies.canvass.rooms')}>
      <Typography.Paragraph>{t('assemblies.canvass.roomsIntro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={t('assemblies.building')}
          placeholder={t('assemblies.building')}
          allowClear
          style={{ minWidth: 140 }}
          options={buildings.options}
          onChange={(v?: string) => {
            setBuildingId(v);
            setPage(1);
          }}
        />
        <Select<RoomFilter>
          aria-label={t('assemblies.canvass.latestOutcome')}
          placeholder={t('assemblies.canvass.latestOutcome')}
          allowClear
          style={{ minWidth: 160 }}
          options={[
            { value: 'unvisited', label: t('assemblies.canvass.unvisited') },
            ...outcomes.map((o) => ({ value: o, label: t(`assemblies.outcome.${o}`) })),
          ]}
          onChange={(v?: RoomFilter) => {
            setStatus(v);
            setPage(1);
          }}
        />
        {open && (
          <Select<'true' | 'false'>
            aria-label={t('assemblies.canvass.votedFilter')}
            placeholder={t('assemblies.canvass.votedFilter')}
            allowClear
            style={{ minWidth: 140 }}
            options={[
              { value: 'true', label: t('assemblies.canvass.hasVoted') },
              { value: 'false', label: t('assemblies.canvass.notVoted') },
            ]}
            onChange={(v?: 'true' | 'false') => {
              setVoted(v);
              setPage(1);
            }}
          />
        )}
        <Input.Search
          aria-label={t('assemblies.canvass.searchRoom')}
          placeholder={t('assemblies.canvass.searchRoom')}
          allowClear
          style={{ width: 200 }}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
        />
      </Space>
      <LoadError error={rooms.error} />
      <Table<RoomStatus>
        rowKey="roomId"
        size="small"
        loading={rooms.isFetching}
        dataSource={rooms.data?.items ?? []}
        pagination={pagination(rooms.data?.total)}
        scroll={{ x: true }}
        columns={[
          { key: 'room', title: t('assemblies.canvass.room'), dataIndex: 'label' },
          {
            key: 'voted',
            title: t('assemblies.canvass.votedColumn'),
            render: (_, r) =>
              r.voted === null
                ? '—'
                : r.voted
                  ? `✓ ${t('assemblies.canvass.hasVoted')}`
                  : t('assemblies.canvass.notVoted'),
          },
          {
            key: 'latest',
            title: t('assemblies.canvass.latestOutcome'),
            render: (_, r) =>
              r.outcome ? t(`assemblies.outcome.${r.outcome}`) : t('assemblies.canvass.unvisited'),
          },
          { key: 'note', title: t('assemblies.canvass.note'), render: (_, r) => r.note ?? '—' },
          {
            key: 'by',
            title: t('assemblies.canvass.volunteer'),
            render: (_, r) => (r.recordedBy ? `${r.recordedBy} · ${when(r.recordedAt)}` : '—'),
          },
        ]}
      />
    </Card>
  );
}

interface RoomRow {
  id: string;
  number: string;
  entranceName: string;
}

function Doors({
  communityId,
  assembly: a,
  canRecord,
}: {
  communityId: string;
  assembly: Assembly;
  canRecord: boolean;
}) {
  const { t } = useTranslation();
  const when = useWhen();
  const feedback = useWriteFeedback();
  const buildings = useBuildings(communityId, a.compoundId);
  const [buildingId, setBuildingId] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();
  const { page, pageSize, setPage, pagination } = usePaging();
  const base = `${assemblyPath(communityId, a.id)}/canvass/records`;
  const path = `${base}?${queryString({ page, pageSize, buildingId, outcome })}`;
  const records = useQuery({
    queryKey: assemblyKey(a.id, 'canvass', 'records', path),
    queryFn: () => get<Page<CanvassRecord>>(path),
  });
  const [form] = Form.useForm<{ buildingId: string; roomId: string; outcome: Outcome; note?: string }>();
  const formBuilding = Form.useWatch('buildingId', form);
  const [problem, setProblem] = useState<string | null>(null);
  const record = useMutation({
    mutationFn: (v: { roomId: string; outcome: Outcome; note?: string }) =>
      post(base, { roomId: v.roomId, outcome: v.outcome, note: v.note?.trim() || null }),
    onSuccess: () =>
      feedback.saved(() => {
        setProblem(null);
        form.resetFields(['roomId', 'note']);
      }),
    onError: (err) => setProblem(errorText(err, t)),
  });
  const outcomeOptions = outcomes.map((o) => ({ value: o, label: t(`assemblies.outcome.${o}`) }));
  return (
    <Card size="small" title={t('assemblies.canvass.doors')}>
      {canRecord && (
        <>
          <Typography.Paragraph>{t('assemblies.canvass.recordIntro')}</Typography.Paragraph>
          {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
          <Form
            form={form}
            name="canvassRecord"
            layout="inline"
            onFinish={(v) => record.mutate(v)}
            className="inline-form"
          >
            <BuildingItem options={buildings.options} onChange={() => form.resetFields(['roomId'])} />
            <Form.Item
              name="roomId"
              label={t('assemblies.canvass.room')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <RemoteSelect<RoomRow>
                path={formBuilding ? `/communities/${communityId}/rooms` : null}
                params={{ buildingId: formBuilding }}
                style={{ minWidth: 160 }}
                toOption={(r) => ({ value: r.id, label: `${r.entranceName} ${r.number}` })}
              />
            </Form.Item>
            <Form.Item
              name="outcome"
              label={t('assemblies.canvass.outcome')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Select options={outcomeOptions} style={{ minWidth: 140 }} />
            </Form.Item>
            <Form.Item name="note" label={t('assemblies.canvass.note')}>
              <Input maxLength={500} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={record.isPending}>
              {t('assemblies.canvass.record')}
            </Button>
          </Form>
        </>
      )}
      <Space wrap style={{ margin: '12px 0' }}>
        <Select
          aria-label={t('assemblies.building')}
          placeholder={t('assemblies.building')}
          allowClear
          style={{ minWidth: 140 }}
          options={buildings.options}
          onChange={(v?: string) => {
            setBuildingId(v);
            setPage(1);
          }}
        />
        <Select<Outcome>
          aria-label={t('assemblies.canvass.outcome')}
          placeholder={t('assemblies.canvass.outcome')}
          allowClear
          style={{ minWidth: 140 }}
          options={outcomeOptions}
          onChange={(v?: Outcome) => {
            setOutcome(v);
            setPage(1);
          }}
        />
      </Space>
      <LoadError error={records.error} />
      <Table<CanvassRecord>
        rowKey="id"
        size="small"
        loading={records.isFetching}
        dataSource={records.data?.items ?? []}
        pagination={pagination(records.data?.total)}
        scroll={{ x: true }}
        columns={[
          {
            key: 'room',
            title: t('assemblies.canvass.room'),
            render: (_, r) => `${r.buildingName}-${r.entranceName}-${r.roomNumber}`,
          },
          {
            key: 'outcome',
            title: t('assemblies.canvass.outcome'),
            render: (_, r) => t(`assemblies.outcome.${r.outcome}`),
          },
          { key: 'note', title: t('assemblies.canvass.note'), render: (_, r) => r.note ?? '—' },
          { key: 'who', title: t('assemblies.canvass.volunteer'), dataIndex: 'accountName' },
          { key: 'at', title: t('assemblies.canvass.at'), render: (_, r) => when(r.recordedAt) },
        ]}
      />
    </Card>
  );
}
