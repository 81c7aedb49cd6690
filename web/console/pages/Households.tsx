import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { BuildingFilter, RoomPicker, useBuildingOptions } from '../components/places';
import { useScope } from '../components/scope';
import { HouseholdDetail } from './HouseholdDetail';

/** 户: households in their rooms; the detail drawer holds members, invitations and closing. */

interface Household {
  id: string;
  name: string;
  roomNumber: string;
  buildingId: string;
  headName: string | null;
}

export default function HouseholdsPage() {
  const { t } = useTranslation();
  const scope = useScope();
  const buildings = useBuildingOptions(scope.compoundId);
  const [buildingId, setBuildingId] = useState<string>();
  const [shown, setShown] = useState<string | null>(null);

  const spec: ResourceSpec<Household> = {
    title: 'menu.households',
    list: (c) => `/communities/${c}/households`,
    create: (c) => `/communities/${c}/households`,
    update: (c, row) => `/communities/${c}/households/${row.id}`,
    byCompound: true,
    params: { buildingId },
    filters: [
      {
        key: 'closed',
        label: 'people.household.status',
        initial: 'false',
        options: [
          { value: 'false', label: 'people.household.open' },
          { value: 'true', label: 'people.household.closed' },
        ],
      },
    ],
    toolbar: <BuildingFilter value={buildingId} onChange={setBuildingId} />,
    fields: [
      { key: 'name', label: 'people.household.name', required: true },
      {
        key: 'roomId',
        label: 'people.household.room',
        required: true,
        form: 'create',
        input: <RoomPicker />,
        render: (row) => {
          const building = buildings.options.find((o) => o.value === row.buildingId)?.label ?? '';
          return `${building} ${row.roomNumber}`;
        },
      },
      { key: 'headName', label: 'people.household.head', form: false },
    ],
    toForm: (row) => ({ name: row.name }),
    rowActions: (row) => (
      <Button size="small" type="primary" ghost onClick={() => setShown(row.id)}>
        {t('people.household.details')}
      </Button>
    ),
  };
  return (
    <>
      <ResourcePage spec={spec} />
      <HouseholdDetail householdId={shown} onClose={() => setShown(null)} />
    </>
  );
}
