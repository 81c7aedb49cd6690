import { Select } from 'antd';
import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { useCompoundOptions } from '../components/places';
import { useScope } from '../components/scope';

/** 楼栋: the buildings of the community, or of the compound chosen in the scope switcher. */

interface Building {
  id: string;
  compoundId: string;
  compoundName: string;
  name: string;
  floors: number | null;
}

export default function BuildingsPage() {
  const scope = useScope();
  const compounds = useCompoundOptions();
  const spec: ResourceSpec<Building> = {
    title: 'menu.buildings',
    list: (c) => `/communities/${c}/buildings`,
    create: (c) => `/communities/${c}/buildings`,
    update: (c, row) => `/communities/${c}/buildings/${row.id}`,
    archive: (c, row) => `/communities/${c}/buildings/${row.id}/archive`,
    byCompound: true,
    fields: [
      {
        key: 'compoundId',
        label: 'places.compound',
        required: true,
        form: 'create',
        table: false,
        input: <Select showSearch={{ optionFilterProp: 'label' }} options={compounds.options} />,
      },
      { key: 'compoundName', label: 'places.compound', form: false },
      { key: 'name', label: 'structure.building.name', required: true },
      { key: 'floors', label: 'structure.building.floors', type: 'number' },
    ],
    defaults: { compoundId: scope.compoundId ?? undefined },
    toForm: (row) => ({ name: row.name, floors: row.floors }),
  };
  return <ResourcePage spec={spec} />;
}
