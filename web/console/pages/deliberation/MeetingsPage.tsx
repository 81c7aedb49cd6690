import { useQuery } from '@tanstack/react-query';
import { Button, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { get, type Page } from '../../../shared/api';
import { ExportButton } from '../../components/ExportButton';
import { usePaging } from '../../components/paging';
import { useScope } from '../../components/scope';
import { LoadError, useCan } from '../organisations/kit';
import { MeetingStateTag, useDeliberationNames, useWhen } from './common';
import { MeetingForm } from './MeetingForm';
import { delibKey, deliberationPath, meetingStates, type Meeting } from './model';

/** 会议: the community's meetings, coming and past; a new one with its invitees and agenda from the queue. */
export default function MeetingsPage() {
  const { t } = useTranslation();
  const scope = useScope();
  const when = useWhen();
  const [search, setSearch] = useSearchParams();
  const { page, pageSize, setPage, pagination } = usePaging();
  const [q, setQ] = useState('');
  const [state, setState] = useState<string>();
  const [type, setType] = useState<string>();
  const canManage = useCan('deliberation.manage');
  const communityId = scope.community?.id;
  const names = useDeliberationNames(communityId);
  // ?new=1&topicId=… opens the form with that topic on the agenda (from a topic's "put on a meeting").
  const creating = search.get('new') === '1';
  const withTopic = search.get('topicId') ?? undefined;
  const closeForm = () => setSearch(new URLSearchParams(), { replace: true });

  const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  if (q) params.set('q', q);
  if (state) params.set('state', state);
  if (type) params.set('type', type);
  if (scope.compoundId) params.set('compoundId', scope.compoundId);
  const path = communityId ? `${deliberationPath(communityId)}/meetings` : null;
  const list = useQuery({
    queryKey: delibKey('meetings', `${path}?${params}`),
    enabled: !!path,
    queryFn: () => get<Page<Meeting>>(`${path}?${params}`),
  });

  const columns: ColumnsType<Meeting> = [
    {
      key: 'starts',
      title: t('deliberation.meeting.startsAt'),
      render: (_, m) => when(m.startsAt),
      width: 150,
    },
    {
      key: 'title',
      title: t('deliberation.meeting.title'),
      render: (_, m) => <Link to={`/meetings/${m.id}`}>{m.title}</Link>,
    },
    { key: 'type', title: t('deliberation.meeting.type'), render: (_, m) => names.meetingType(m.type) },
    {
      key: 'compound',
      title: t('deliberation.col.compound'),
      render: (_, m) => m.compoundName ?? t('deliberation.wholeCommunity'),
    },
    { key: 'place', title: t('deliberation.meeting.place'), render: (_, m) => m.place ?? '—' },
    {
      key: 'attendance',
      title: t('deliberation.meeting.attendance'),
      render: (_, m) =>
        t('deliberation.meeting.signedOf', {
          signed: m.signedInCount,
          total: m.invitedCount,
          walkIns: m.walkInCount,
        }),
    },
    { key: 'agenda', title: t('deliberation.meeting.agenda'), render: (_, m) => m.agendaCount },
    {
      key: 'state',
      title: t('deliberation.col.state'),
      render: (_, m) => <MeetingStateTag state={m.state} />,
    },
  ];

  if (!communityId) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  return (
    <section aria-labelledby="page-title">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.meetings')}
        </Typography.Title>
        <Space wrap>
          <ExportButton path={path!} params={params} />
          {canManage && (
            <Button
              type="primary"
              onClick={() => setSearch(new URLSearchParams({ new: '1' }), { replace: true })}
            >
              {t('deliberation.meeting.create')}
            </Button>
          )}
        </Space>
      </div>
      <Space wrap className="delib-filters" role="group" aria-label={t('deliberation.filters')}>
        <Input.Search
          aria-label={t('deliberation.meeting.search')}
          placeholder={t('deliberation.meeting.search')}
          allowClear
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 220 }}
        />
        <Select
          aria-label={t('deliberation.col.state')}
          placeholder={t('deliberation.col.state')}
          allowClear
          style={{ minWidth: 140 }}
          value={state}
          onChange={(v?: string) => {
            setState(v);
            setPage(1);
          }}
          options={meetingStates.map((s) => ({ value: s, label: t(`deliberation.meetingState.${s}`) }))}
        />
        <Select
          aria-label={t('deliberation.meeting.type')}
          placeholder={t('deliberation.meeting.type')}
          allowClear
          style={{ minWidth: 140 }}
          value={type}
          onChange={(v?: string) => {
            setType(v);
            setPage(1);
          }}
          options={names.typeOptions}
        />
      </Space>
      <LoadError error={list.error} />
      <Table<Meeting>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: true }}
        pagination={pagination(list.data?.total)}
      />
      {creating && canManage && (
        <MeetingForm communityId={communityId} topicId={withTopic} onClose={closeForm} />
      )}
    </section>
  );
}
