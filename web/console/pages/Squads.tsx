import { Button, Drawer } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { useScope } from '../components/scope';
import { useCan, useOptions } from './organisations/kit';
import { MembersPanel } from './organisations/Members';
import './organisations/org.css';
import { squadTypes, type SquadType } from '../../../src/modules/organisations/squad-types';

/** 志愿服务分队: volunteer squads, often one per grid, each with its speciality, a leader and members. */

const typeOptions = squadTypes.map((k) => ({ value: k, label: `orgs.squads.types.${k}` }));

interface Squad {
  id: string;
  name: string;
  type: SquadType;
  compoundId: string | null;
  gridId: string | null;
  archivedAt: number | null;
}

export default function SquadsPage() {
  const { t } = useTranslation();
  const { community } = useScope();
  const canWrite = useCan('org.write');
  const [open, setOpen] = useState<Squad | null>(null);
  const c = community?.id;
  const named = (x: { id: string; name: string }) => ({ value: x.id, label: x.name });
  const compounds = useOptions(c ? `/communities/${c}/compounds` : null, named);
  const grids = useOptions(c ? `/communities/${c}/grids` : null, named);
  const nameOf = (options: { value: string; label: string }[], id: string | null) =>
    id ? (options.find((o) => o.value === id)?.label ?? '—') : '—';

  const spec: ResourceSpec<Squad> = {
    title: 'menu.squads',
    list: (cid) => `/communities/${cid}/squads`,
    create: canWrite ? (cid) => `/communities/${cid}/squads` : undefined,
    update: canWrite ? (cid, row) => `/communities/${cid}/squads/${row.id}` : undefined,
    archive: canWrite ? (cid, row) => `/communities/${cid}/squads/${row.id}/archive` : undefined,
    byCompound: true,
    filters: [{ key: 'type', label: 'orgs.squads.type', options: typeOptions }],
    fields: [
      { key: 'name', label: 'orgs.squads.name', required: true },
      { key: 'type', label: 'orgs.squads.type', type: 'select', options: typeOptions, required: true },
      {
        key: 'compoundId',
        label: 'orgs.squads.compound',
        type: 'select',
        options: compounds.options,
        render: (row) => nameOf(compounds.options, row.compoundId),
      },
      {
        key: 'gridId',
        label: 'orgs.squads.grid',
        type: 'select',
        options: grids.options,
        render: (row) => nameOf(grids.options, row.gridId),
      },
    ],
    rowActions: (row) => (
      <Button size="small" onClick={() => setOpen(row)}>
        {t('orgs.squads.members')}
      </Button>
    ),
  };

  return (
    <>
      <ResourcePage spec={spec} />
      <Drawer
        open={!!open}
        onClose={() => setOpen(null)}
        title={open?.name}
        size="large"
        rootClassName="org-scope"
        destroyOnHidden
      >
        {open && c && (
          <MembersPanel
            path={`/communities/${c}/squads/${open.id}/members`}
            family="squad"
            positions={['leader', 'member']}
            canWrite={canWrite}
            closed={!!open.archivedAt}
          />
        )}
      </Drawer>
    </>
  );
}
