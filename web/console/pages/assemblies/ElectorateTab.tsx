import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../../../shared/api';
import { usePaging } from '../../components/paging';
import { LoadError, queryString, useOptions } from '../organisations/kit';
import type { Assembly } from '../../../resident/pages/assemblies/model';
import { assemblyKey, assemblyPath } from './parts';

export interface RoomOnRoll {
  roomId: string;
  unit: string;
  label: string;
  buildingId: string;
  areaCenti: number;
  area: string;
  areaSource: string;
  voter: string;
  voterName: string | null;
  developer: boolean;
}

/** The compound's buildings, for filters and canvassing. */
export function useBuildings(communityId: string, compoundId: string) {
  return useOptions<{ id: string; name: string }>(
    `/communities/${communityId}/buildings`,
    (b) => ({ value: b.id, label: b.name }),
    {
      compoundId,
    },
  );
}

/** 投票名册: the roll frozen when voting opened — rooms, areas and their source, voters by pseudonym. */
export function ElectorateTab({ communityId, assembly: a }: { communityId: string; assembly: Assembly }) {
  const { t } = useTranslation();
  const { page, pageSize, setPage, pagination } = usePaging();
  const [buildingId, setBuildingId] = useState<string>();
  const [q, setQ] = useState('');
  const buildings = useBuildings(communityId, a.compoundId);
  const frozen = a.openedAt !== null;
  const path = `${assemblyPath(communityId, a.id)}/electorate?${queryString({ page, pageSize, buildingId, q })}`;
  const roll = useQuery({
    queryKey: assemblyKey(a.id, 'electorate', path),
    enabled: frozen,
    queryFn: () => get<Page<RoomOnRoll>>(path),
  });
  if (!frozen) return <Alert type="info" showIcon title={t('assemblies.snapshot.notYet')} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'rooms', label: t('assemblies.snapshot.rooms'), children: a.roomCount },
          { key: 'area', label: t('assemblies.snapshot.area'), children: `${a.totalArea} m²` },
          { key: 'heads', label: t('assemblies.snapshot.heads'), children: a.totalHeads },
        ]}
      />
      <Space wrap>
        <Select
          aria-label={t('assemblies.building')}
          placeholder={t('assemblies.building')}
          allowClear
          style={{ minWidth: 160 }}
          options={buildings.options}
          onChange={(v?: string) => {
            setBuildingId(v);
            setPage(1);
          }}
        />
        <Input.Search
          aria-label={t('assemblies.electorate.search')}
          placeholder={t('assemblies.electorate.search')}
          allowClear
          style={{ width: 220 }}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
        />
      </Space>
      <LoadError error={roll.error} />
      <Table<RoomOnRoll>
        rowKey="roomId"
        size="small"
        loading={roll.isFetching}
        dataSource={roll.data?.items ?? []}
        pagination={pagination(roll.data?.total)}
        scroll={{ x: true }}
        columns={[
          { key: 'label', title: t('assemblies.electorate.room'), dataIndex: 'label' },
          { key: 'area', title: t('assemblies.electorate.area'), align: 'right', dataIndex: 'area' },
          {
            key: 'source',
            title: t('assemblies.electorate.source'),
            render: (_, r) => t(`structure.room.source.${r.areaSource}`),
          },
          { key: 'voter', title: t('assemblies.electorate.voter'), dataIndex: 'voter' },
          {
            key: 'name',
            title: t('assemblies.electorate.voterName'),
            render: (_, r) => (r.developer ? <Tag>{t('assemblies.electorate.developer')}</Tag> : r.voterName),
          },
        ]}
      />
    </Space>
  );
}
