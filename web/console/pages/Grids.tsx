import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, Empty, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get } from '../../shared/api';
import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { useScope } from '../components/scope';
import { RemoteSelect, useCan, useOptions } from './organisations/kit';
import { MembersPanel } from './organisations/Members';
import './organisations/org.css';
import { useWriteFeedback } from '../components/feedback';

/** 网格: a patch of buildings with a grid leader (网格长) and grid workers (网格员). */

interface Grid {
  id: string;
  compoundId: string | null;
  name: string;
  buildings: { id: string; name: string; compoundId: string }[];
  archivedAt: number | null;
}

interface Building {
  id: string;
  name: string;
  compoundName: string;
}

const buildingOption = (b: Building) => ({ value: b.id, label: `${b.compoundName} ${b.name}` });

function GridDrawer({ gridId, onClose }: { gridId: string | null; onClose(): void }) {
  const { t } = useTranslation();
  const { community } = useScope();
  const canWrite = useCan('org.write');
  const [building, setBuilding] = useState<string | undefined>();
  const c = community?.id;
  const path = c && gridId ? `/communities/${c}/grids/${gridId}` : null;
  const grid = useQuery({ queryKey: ['list', path], enabled: !!path, queryFn: () => get<Grid>(path!) });
  const compounds = useOptions<{ id: string; name: string }>(
    c ? `/communities/${c}/compounds` : null,
    (x) => ({
      value: x.id,
      label: x.name,
    }),
  );
  const compoundName = (id: string) => compounds.options.find((o) => o.value === id)?.label ?? '';

  const feedback = useWriteFeedback();
  const change = useMutation({
    mutationFn: ({ method, url, body }: { method: 'POST' | 'DELETE'; url: string; body?: unknown }) =>
      api<Grid>(method, url, body),
    onSuccess: () => feedback.saved(() => setBuilding(undefined)),
    onError: feedback.failed,
  });

  const g = grid.data;
  return (
    <Drawer
      open={!!gridId}
      onClose={onClose}
      title={g ? t('orgs.grids.detailTitle', { name: g.name }) : t('menu.grids')}
      size="large"
      rootClassName="org-scope"
      destroyOnHidden
    >
      {g && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('orgs.grids.name')}>{g.name}</Descriptions.Item>
            <Descriptions.Item label={t('orgs.grids.compound')}>
              {g.compoundId ? compoundName(g.compoundId) : t('orgs.grids.acrossCompounds')}
            </Descriptions.Item>
          </Descriptions>

          <section className="org-section" aria-labelledby="grid-buildings">
            <Typography.Title level={4} id="grid-buildings">
              {t('orgs.grids.buildings')}
            </Typography.Title>
            {g.buildings.length ? (
              <ul className="org-list">
                {g.buildings.map((b) => (
                  <li key={b.id}>
                    <span>
                      {compoundName(b.compoundId)} {b.name}
                    </span>
                    {canWrite && (
                      <Popconfirm
                        title={t('orgs.grids.removeConfirm', { name: b.name })}
                        okText={t('orgs.grids.remove')}
                        cancelText={t('common.cancel')}
                        onConfirm={() =>
                          change.mutateAsync({ method: 'DELETE', url: `${path}/buildings/${b.id}` })
                        }
                      >
                        <Button
                          size="small"
                          danger
                          aria-label={t('orgs.grids.removeNamed', { name: b.name })}
                        >
                          {t('orgs.grids.remove')}
                        </Button>
                      </Popconfirm>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <Empty description={t('orgs.grids.noBuildings')} />
            )}
            {canWrite && !g.archivedAt && (
              <Space wrap style={{ marginTop: 12 }}>
                <RemoteSelect<Building>
                  aria-label={t('orgs.grids.addBuilding')}
                  placeholder={t('orgs.grids.chooseBuilding')}
                  style={{ minWidth: 240 }}
                  path={`/communities/${c}/buildings`}
                  params={{ compoundId: g.compoundId ?? undefined }}
                  toOption={buildingOption}
                  value={building}
                  onChange={(v) => setBuilding(v)}
                />
                <Button
                  type="primary"
                  disabled={!building}
                  loading={change.isPending}
                  onClick={() =>
                    change.mutate({
                      method: 'POST',
                      url: `${path}/buildings`,
                      body: { buildingId: building },
                    })
                  }
                >
                  {t('orgs.grids.addBuilding')}
                </Button>
              </Space>
            )}
          </section>

          <section className="org-section">
            <MembersPanel
              path={`${path}/workers`}
              family="grid"
              positions={['leader', 'worker']}
              canWrite={canWrite}
              closed={!!g.archivedAt}
            />
          </section>
        </>
      )}
    </Drawer>
  );
}

export default function GridsPage() {
  const { t } = useTranslation();
  const { community } = useScope();
  const canWrite = useCan('org.write');
  const [open, setOpen] = useState<string | null>(null);
  const compounds = useOptions<{ id: string; name: string }>(
    community ? `/communities/${community.id}/compounds` : null,
    (x) => ({ value: x.id, label: x.name }),
  );

  const spec: ResourceSpec<Grid> = {
    title: 'menu.grids',
    list: (c) => `/communities/${c}/grids`,
    create: canWrite ? (c) => `/communities/${c}/grids` : undefined,
    update: canWrite ? (c, row) => `/communities/${c}/grids/${row.id}` : undefined,
    archive: canWrite ? (c, row) => `/communities/${c}/grids/${row.id}/archive` : undefined,
    byCompound: true,
    fields: [
      { key: 'name', label: 'orgs.grids.name', required: true },
      {
        key: 'compoundId',
        label: 'orgs.grids.compound',
        type: 'select',
        options: compounds.options,
        render: (row) =>
          row.compoundId
            ? (compounds.options.find((o) => o.value === row.compoundId)?.label ?? '')
            : t('orgs.grids.acrossCompounds'),
      },
      {
        key: 'buildings',
        label: 'orgs.grids.buildings',
        form: false,
        render: (row) =>
          row.buildings.length ? (
            <Space size={[4, 4]} wrap>
              {row.buildings.map((b) => (
                <Tag key={b.id}>{b.name}</Tag>
              ))}
            </Space>
          ) : (
            t('orgs.grids.noBuildings')
          ),
      },
    ],
    rowActions: (row) => (
      <Button
        size="small"
        onClick={() => setOpen(row.id)}
        aria-label={t('orgs.grids.openNamed', { name: row.name })}
      >
        {t('orgs.details')}
      </Button>
    ),
  };

  return (
    <>
      <ResourcePage spec={spec} />
      <GridDrawer gridId={open} onClose={() => setOpen(null)} />
    </>
  );
}
