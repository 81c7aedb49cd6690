import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../shared/api';
import { formatArea } from '../../shared/format';
import { useCompoundOptions } from '../components/places';
import { useScope } from '../components/scope';
import './housing.css';

/**
 * 业主名册: a compound's roll for the owners' assembly — every room's area and who votes for it, with
 * the totals the Civil Code's double majority is counted against (DESIGN §6).
 */

interface Voter {
  key: string;
  name: string | null;
  developer: boolean;
}
interface RollRoom {
  roomId: string;
  building: string;
  entrance: string;
  number: string;
  areaCenti: number;
  voter: Voter | null;
}
interface Roll {
  rooms: RollRoom[];
  roomCount: number;
  roomsWithoutOwner: number;
  totalAreaCenti: number;
  heads: number;
}

export default function ElectoratePage() {
  const { t } = useTranslation();
  const scope = useScope();
  const compounds = useCompoundOptions();
  const [chosen, setChosen] = useState<string>();
  const compoundId = chosen ?? scope.compoundId ?? compounds.options[0]?.value;
  const communityId = scope.community?.id;
  const path =
    communityId && compoundId ? `/communities/${communityId}/compounds/${compoundId}/electorate` : null;
  const roll = useQuery({ queryKey: ['electorate', path], enabled: !!path, queryFn: () => get<Roll>(path!) });
  const data = roll.data;

  if (!communityId) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  return (
    <section aria-labelledby="page-title">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.electorate')}
        </Typography.Title>
        <Select
          aria-label={t('places.compound')}
          style={{ minWidth: 200 }}
          value={compoundId}
          onChange={(v: string) => setChosen(v)}
          options={compounds.options}
          loading={compounds.loading}
        />
      </div>
      <Typography.Paragraph>{t('structure.electorate.intro')}</Typography.Paragraph>
      {data && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2, lg: 4 }}
            items={[
              { key: 'rooms', label: t('structure.electorate.rooms'), children: data.roomCount },
              {
                key: 'area',
                label: t('structure.electorate.totalArea'),
                children: `${formatArea(data.totalAreaCenti)} m²`,
              },
              { key: 'heads', label: t('structure.electorate.heads'), children: data.heads },
              {
                key: 'missing',
                label: t('structure.electorate.withoutOwner'),
                children: data.roomsWithoutOwner,
              },
            ]}
          />
          {data.roomsWithoutOwner > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('structure.electorate.incomplete', { count: data.roomsWithoutOwner })}
            />
          )}
          <Table<RollRoom>
            rowKey="roomId"
            size="small"
            loading={roll.isFetching}
            dataSource={data.rooms}
            scroll={{ x: true }}
            pagination={{
              defaultPageSize: 50,
              showSizeChanger: true,
              showTotal: (total) => t('common.total', { total }),
            }}
            columns={[
              { key: 'building', title: t('places.building'), dataIndex: 'building' },
              { key: 'entrance', title: t('places.entrance'), dataIndex: 'entrance' },
              { key: 'number', title: t('structure.room.number'), dataIndex: 'number' },
              {
                key: 'area',
                title: t('structure.room.area'),
                align: 'right',
                render: (_, r) => formatArea(r.areaCenti),
              },
              {
                key: 'voter',
                title: t('structure.owners.voter'),
                render: (_, r) =>
                  r.voter === null ? (
                    <Tag className="tag-warn">
                      <span aria-hidden>! </span>
                      {t('structure.electorate.noOwner')}
                    </Tag>
                  ) : r.voter.developer ? (
                    t('structure.owners.developer')
                  ) : (
                    r.voter.name
                  ),
              },
            ]}
          />
        </Space>
      )}
    </section>
  );
}
