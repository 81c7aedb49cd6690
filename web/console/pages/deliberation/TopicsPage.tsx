import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { get, type Page } from '../../../shared/api';
import { topicStates } from '../../../shared/topics';
import { ExportButton } from '../../components/ExportButton';
import { useCompoundOptions } from '../../components/places';
import { usePaging } from '../../components/paging';
import { useScope } from '../../components/scope';
import { LoadError, useCan } from '../organisations/kit';
import { TopicStateTag, useDeliberationNames, useTopicsLive, useWhen } from './common';
import { delibKey, deliberationPath, type Topic } from './model';
import { RaiseModal } from './RaiseModal';
import { TopicDrawer } from './TopicDrawer';

/** The filters the list keeps in its address, so notifications and figures can link to them. */
const filterKeys = ['state', 'category', 'compoundId', 'q', 'raisedFrom', 'raisedTo'] as const;
type FilterKey = (typeof filterKeys)[number];

/** 议题: every topic in the caller's scope, filtered; a drawer for one; raise on someone's behalf; export. */
export default function TopicsPage() {
  const { t } = useTranslation();
  const scope = useScope();
  const navigate = useNavigate();
  const when = useWhen();
  const { topicId } = useParams();
  const [search, setSearch] = useSearchParams();
  const [shown, setShown] = useState<string | null>(null);
  const [raising, setRaising] = useState(false);
  const { page, pageSize, setPage, pagination } = usePaging();
  const canManage = useCan('deliberation.manage');
  const communityId = scope.community?.id;
  const names = useDeliberationNames(communityId);
  const compounds = useCompoundOptions();
  useTopicsLive(communityId);
  const threshold = names.settings.data?.supportThreshold ?? '—';

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
  for (const k of filterKeys) {
    const v = filter(k) ?? (k === 'compoundId' ? (scope.compoundId ?? undefined) : undefined);
    if (v) params.set(k, v);
  }
  const path = communityId ? `${deliberationPath(communityId)}/topics` : null;
  const list = useQuery({
    queryKey: delibKey('topics', `${path}?${params}`),
    enabled: !!path,
    queryFn: () => get<Page<Topic>>(`${path}?${params}`),
  });
  const open = shown ?? topicId ?? null;

  const columns: ColumnsType<Topic> = [
    {
      key: 'created',
      title: t('deliberation.col.raisedAt'),
      render: (_, x) => when(x.createdAt),
      width: 150,
    },
    {
      key: 'title',
      title: t('deliberation.col.title'),
      render: (_, x) => <span className="delib-title">{x.title}</span>,
    },
    { key: 'category', title: t('deliberation.col.category'), render: (_, x) => x.categoryName },
    {
      key: 'compound',
      title: t('deliberation.col.compound'),
      render: (_, x) => x.compoundName ?? t('deliberation.wholeCommunity'),
    },
    { key: 'raiser', title: t('deliberation.col.raiser'), render: (_, x) => x.raiserName },
    {
      key: 'supports',
      title: t('deliberation.col.supports'),
      render: (_, x) => t('deliberation.supportsOf', { count: x.supportCount, threshold }),
    },
    { key: 'state', title: t('deliberation.col.state'), render: (_, x) => <TopicStateTag state={x.state} /> },
    {
      key: 'open',
      title: t('common.actions'),
      render: (_, x) => (
        <Button
          size="small"
          aria-label={t('deliberation.openNamed', { title: x.title })}
          onClick={() => setShown(x.id)}
        >
          {t('deliberation.open')}
        </Button>
      ),
    },
  ];

  const select = (key: FilterKey, label: string, opts: { value: string; label: string }[]) => (
    <Select
      key={key}
      aria-label={t(label)}
      placeholder={t(label)}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      style={{ minWidth: 150 }}
      value={filter(key)}
      onChange={(v?: string) => setFilter({ [key]: v })}
      options={opts}
    />
  );

  if (!communityId) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  return (
    <section aria-labelledby="page-title">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.topics')}
        </Typography.Title>
        <Space wrap>
          <ExportButton path={path!} params={params} />
          {canManage && (
            <Button type="primary" onClick={() => setRaising(true)}>
              {t('deliberation.raise.button')}
            </Button>
          )}
        </Space>
      </div>
      <Space wrap className="delib-filters" role="group" aria-label={t('deliberation.filters')}>
        <Input.Search
          aria-label={t('deliberation.searchLabel')}
          placeholder={t('deliberation.searchLabel')}
          allowClear
          defaultValue={filter('q')}
          onSearch={(v) => setFilter({ q: v.trim() || undefined })}
          style={{ width: 220 }}
        />
        {select(
          'state',
          'deliberation.col.state',
          topicStates.map((s) => ({ value: s, label: t(`deliberation.state.${s}`) })),
        )}
        {select('category', 'deliberation.col.category', names.categoryOptions)}
        {select('compoundId', 'deliberation.col.compound', compounds.options)}
        <DatePicker.RangePicker
          aria-label={t('deliberation.filter.raised')}
          value={
            filter('raisedFrom') && filter('raisedTo')
              ? [dayjs(filter('raisedFrom')), dayjs(filter('raisedTo'))]
              : null
          }
          onChange={(range) =>
            setFilter({
              raisedFrom: range?.[0]?.format('YYYY-MM-DD'),
              raisedTo: range?.[1]?.format('YYYY-MM-DD'),
            })
          }
        />
      </Space>
      <LoadError error={list.error} />
      <Table<Topic>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: true }}
        pagination={pagination(list.data?.total)}
      />
      <TopicDrawer
        communityId={communityId}
        topicId={open}
        onClose={() => {
          setShown(null);
          if (topicId) navigate(`/topics${search.size ? `?${search}` : ''}`);
        }}
      />
      {raising && (
        <RaiseModal
          communityId={communityId}
          onClose={() => setRaising(false)}
          onRaised={(id) => {
            setRaising(false);
            setShown(id);
          }}
        />
      )}
    </section>
  );
}
