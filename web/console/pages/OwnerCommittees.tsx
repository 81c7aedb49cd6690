import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { useScope } from '../components/scope';
import { errorText, useCan, useOptions } from './organisations/kit';
import { MembersPanel } from './organisations/Members';
import './organisations/org.css';

/** 业主委员会: each compound's committee, term by term (第N届): 筹备 → 履职 → 届满. */

const statuses = ['preparing', 'serving', 'ended'] as const;
type Status = (typeof statuses)[number];

interface Committee {
  id: string;
  compoundId: string;
  compoundName: string;
  termNo: number;
  termStart: string | null;
  termEnd: string | null;
  status: Status;
}

const next: Partial<Record<Status, Status>> = { preparing: 'serving', serving: 'ended' };

/** Status as a word (antd's green and gold tags fall below AA contrast, so no colour). */
function StatusTag({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <Tag>{t(`orgs.committees.status.${status}`)}</Tag>;
}

export default function OwnerCommitteesPage() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const { community } = useScope();
  const queryClient = useQueryClient();
  const canWrite = useCan('org.write');
  const [open, setOpen] = useState<Committee | null>(null);
  const compounds = useOptions<{ id: string; name: string }>(
    community ? `/communities/${community.id}/compounds` : null,
    (x) => ({ value: x.id, label: x.name }),
  );
  const termName = (c: Committee) =>
    t('orgs.committees.termName', { compound: c.compoundName, termNo: c.termNo });

  const move = useMutation({
    mutationFn: ({ row, status }: { row: Committee; status: Status }) =>
      api<Committee>('PATCH', `/communities/${community?.id}/owner-committees/${row.id}`, { status }),
    onSuccess: async (row) => {
      message.success(t('orgs.committees.moved', { status: t(`orgs.committees.status.${row.status}`) }));
      setOpen((o) => (o?.id === row.id ? row : o));
      await queryClient.invalidateQueries({ queryKey: ['list'] });
    },
    onError: (err) => message.error(errorText(err, t)),
  });

  function confirmMove(row: Committee, status: Status) {
    modal.confirm({
      title: t(`orgs.committees.moveTo.${status}`),
      content: t(`orgs.committees.moveHint.${status}`, { name: termName(row) }),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: () => move.mutateAsync({ row, status }),
    });
  }

  const spec: ResourceSpec<Committee> = {
    title: 'menu.committees',
    list: (c) => `/communities/${c}/owner-committees`,
    create: canWrite ? (c) => `/communities/${c}/owner-committees` : undefined,
    update: canWrite ? (c, row) => `/communities/${c}/owner-committees/${row.id}` : undefined,
    byCompound: true,
    filters: [
      {
        key: 'status',
        label: 'orgs.committees.statusLabel',
        options: statuses.map((s) => ({ value: s, label: `orgs.committees.status.${s}` })),
      },
    ],
    fields: [
      {
        key: 'compoundId',
        label: 'orgs.committees.compound',
        type: 'select',
        options: compounds.options,
        required: true,
        form: 'create',
        render: (row) => row.compoundName,
      },
      {
        key: 'termNo',
        label: 'orgs.committees.termNo',
        type: 'number',
        required: true,
        form: 'create',
        render: (row) => t('orgs.committees.termOrdinal', { termNo: row.termNo }),
      },
      { key: 'termStart', label: 'orgs.committees.termStart', type: 'date' },
      { key: 'termEnd', label: 'orgs.committees.termEnd', type: 'date' },
      {
        key: 'status',
        label: 'orgs.committees.statusLabel',
        type: 'select',
        form: 'create',
        options: statuses.map((s) => ({ value: s, label: `orgs.committees.status.${s}` })),
        render: (row) => <StatusTag status={row.status} />,
      },
    ],
    rowActions: (row) => {
      const to = next[row.status];
      return (
        <>
          <Button size="small" onClick={() => setOpen(row)}>
            {t('orgs.committees.members')}
          </Button>
          {canWrite && to && (
            <Button size="small" onClick={() => confirmMove(row, to)}>
              {t(`orgs.committees.moveTo.${to}`)}
            </Button>
          )}
        </>
      );
    },
  };

  return (
    <>
      <ResourcePage spec={spec} />
      <Drawer
        open={!!open}
        onClose={() => setOpen(null)}
        title={open ? termName(open) : ''}
        size="large"
        rootClassName="org-scope"
        destroyOnHidden
      >
        {open && (
          <>
            <Descriptions column={1} size="small" bordered style={{ marginBottom: 24 }}>
              <Descriptions.Item label={t('orgs.committees.statusLabel')}>
                <StatusTag status={open.status} />
              </Descriptions.Item>
              <Descriptions.Item label={t('orgs.committees.term')}>
                {`${open.termStart ?? '—'} ~ ${open.termEnd ?? '—'}`}
              </Descriptions.Item>
            </Descriptions>
            <MembersPanel
              path={`/communities/${community?.id}/owner-committees/${open.id}/members`}
              family="committee"
              positions={['chair', 'vice_chair', 'member']}
              canWrite={canWrite}
              closed={open.status === 'ended'}
            />
          </>
        )}
      </Drawer>
    </>
  );
}
