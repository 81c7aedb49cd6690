import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { useCan } from './organisations/kit';

/** 共建单位: utilities, offices, firms, schools and hospitals that work with the community (双报到). */

const kinds = ['utility', 'telecom', 'government', 'enterprise', 'school', 'hospital', 'other'] as const;
const kindOptions = kinds.map((k) => ({ value: k, label: `orgs.cobuild.kinds.${k}` }));

interface CobuildUnit {
  id: string;
  name: string;
  kind: (typeof kinds)[number];
  contactName: string | null;
  contactPhone: string | null;
  notes: string | null;
}

export default function CobuildUnitsPage() {
  const canWrite = useCan('org.write');
  const spec: ResourceSpec<CobuildUnit> = {
    title: 'menu.cobuild',
    list: (c) => `/communities/${c}/cobuild-units`,
    create: canWrite ? (c) => `/communities/${c}/cobuild-units` : undefined,
    update: canWrite ? (c, row) => `/communities/${c}/cobuild-units/${row.id}` : undefined,
    archive: canWrite ? (c, row) => `/communities/${c}/cobuild-units/${row.id}/archive` : undefined,
    filters: [{ key: 'kind', label: 'orgs.cobuild.kind', options: kindOptions }],
    fields: [
      { key: 'name', label: 'orgs.cobuild.name', required: true },
      { key: 'kind', label: 'orgs.cobuild.kind', type: 'select', options: kindOptions, required: true },
      { key: 'contactName', label: 'orgs.cobuild.contactName' },
      { key: 'contactPhone', label: 'orgs.cobuild.contactPhone' },
      { key: 'notes', label: 'orgs.cobuild.notes', type: 'textarea' },
    ],
  };
  return <ResourcePage spec={spec} />;
}
