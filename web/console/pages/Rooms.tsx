import { Button, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { BuildingFilter, EntrancePicker, useEntranceOptions } from '../components/places';
import { useScope } from '../components/scope';
import { RoomOwners, type RoomSummary } from './RoomOwners';

/** 房屋: rooms with their exclusive areas (what owners' votes weigh), and who owns and votes for each. */

interface Room extends RoomSummary {
  entranceId: string;
  floor: number | null;
  areaSource: string;
  use: string;
}

const areaSources = ['register', 'survey', 'contract'].map((v) => ({
  value: v,
  label: `structure.room.source.${v}`,
}));
const uses = ['residence', 'shop', 'parking', 'other'].map((v) => ({
  value: v,
  label: `structure.room.use.${v}`,
}));

export default function RoomsPage() {
  const { t } = useTranslation();
  const scope = useScope();
  const [buildingId, setBuildingId] = useState<string>();
  const [entranceId, setEntranceId] = useState<string>();
  const [owning, setOwning] = useState<Room | null>(null);
  const entrances = useEntranceOptions(buildingId);

  const spec: ResourceSpec<Room> = {
    title: 'menu.rooms',
    list: (c) => `/communities/${c}/rooms`,
    create: (c) => `/communities/${c}/rooms`,
    update: (c, row) => `/communities/${c}/rooms/${row.id}`,
    archive: (c, row) => `/communities/${c}/rooms/${row.id}/archive`,
    byCompound: true,
    params: { buildingId, entranceId },
    filters: [{ key: 'use', label: 'structure.room.useLabel', options: uses }],
    toolbar: (
      <>
        <BuildingFilter
          value={buildingId}
          onChange={(v) => {
            setBuildingId(v);
            setEntranceId(undefined);
          }}
        />
        <Select
          aria-label={t('places.entrance')}
          placeholder={t('places.entrance')}
          allowClear
          style={{ minWidth: 120 }}
          notFoundContent={t('places.buildingFirst')}
          value={entranceId}
          onChange={(v?: string) => setEntranceId(v)}
          options={entrances.options}
        />
      </>
    ),
    fields: [
      {
        key: 'entranceId',
        label: 'places.entrance',
        required: true,
        form: 'create',
        table: false,
        input: <EntrancePicker />,
      },
      {
        key: 'place',
        label: 'places.buildingEntrance',
        form: false,
        render: (row) =>
          `${scope.compoundId ? '' : `${row.compoundName} `}${row.buildingName} ${row.entranceName}`,
      },
      { key: 'number', label: 'structure.room.number', required: true },
      { key: 'floor', label: 'structure.room.floor', type: 'number' },
      {
        key: 'area',
        label: 'structure.room.area',
        type: 'area',
        required: true,
        hint: 'structure.room.areaHint',
      },
      {
        key: 'areaSource',
        label: 'structure.room.areaSource',
        type: 'select',
        required: true,
        options: areaSources,
      },
      { key: 'use', label: 'structure.room.useLabel', type: 'select', required: true, options: uses },
    ],
    defaults: { areaSource: 'register', use: 'residence' },
    toForm: (row) => ({
      number: row.number,
      floor: row.floor,
      area: row.area,
      areaSource: row.areaSource,
      use: row.use,
    }),
    rowActions: (row) => (
      <Button size="small" onClick={() => setOwning(row)}>
        {t('structure.owners.open')}
      </Button>
    ),
  };
  return (
    <>
      <ResourcePage spec={spec} />
      <RoomOwners room={owning} onClose={() => setOwning(null)} />
    </>
  );
}
