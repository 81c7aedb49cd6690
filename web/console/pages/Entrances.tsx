import { Select } from 'antd';
import { useState } from 'react';
import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { BuildingFilter, useBuildingOptions } from '../components/places';
import { useScope } from '../components/scope';

/** 单元: the entrances (stairways) of a building. */

interface Entrance {
  id: string;
  buildingId: string;
  buildingName: string;
  name: string;
}

export default function EntrancesPage() {
  const scope = useScope();
  const buildings = useBuildingOptions(scope.compoundId);
  const [buildingId, setBuildingId] = useState<string>();
  const buildingSelect = (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      options={buildings.options}
      loading={buildings.loading}
    />
  );
  const spec: ResourceSpec<Entrance> = {
    title: 'menu.entrances',
    list: (c) => `/communities/${c}/entrances`,
    create: (c) => `/communities/${c}/entrances`,
    update: (c, row) => `/communities/${c}/entrances/${row.id}`,
    archive: (c, row) => `/communities/${c}/entrances/${row.id}/archive`,
    params: { buildingId },
    toolbar: <BuildingFilter value={buildingId} onChange={setBuildingId} />,
    fields: [
      {
        key: 'buildingId',
        label: 'places.building',
        required: true,
        form: 'create',
        table: false,
        input: buildingSelect,
      },
      {
        key: 'buildingName',
        label: 'places.building',
        form: false,
        render: (row) => buildings.options.find((o) => o.value === row.buildingId)?.label ?? row.buildingName,
      },
      { key: 'name', label: 'structure.entrance.name', required: true },
    ],
    defaults: { buildingId },
    toForm: (row) => ({ name: row.name }),
  };
  return <ResourcePage spec={spec} />;
}
