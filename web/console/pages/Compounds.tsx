import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';

interface Compound {
  id: string;
  name: string;
  address: string | null;
  yearBuilt: number | null;
  propertyCompanyId: string | null;
}

const spec: ResourceSpec<Compound> = {
  title: 'menu.compounds',
  list: (c) => `/communities/${c}/compounds`,
  create: (c) => `/communities/${c}/compounds`,
  update: (c, row) => `/communities/${c}/compounds/${row.id}`,
  archive: (c, row) => `/communities/${c}/compounds/${row.id}/archive`,
  fields: [
    { key: 'name', label: 'compound.name', required: true },
    { key: 'address', label: 'compound.address' },
    { key: 'yearBuilt', label: 'compound.yearBuilt', type: 'number' },
    {
      key: 'propertyCompanyId',
      label: 'compound.property',
      form: false,
      render: (row) => (row.propertyCompanyId ? '✓' : '—'),
    },
  ],
};

export default function CompoundsPage() {
  return <ResourcePage spec={spec} />;
}
