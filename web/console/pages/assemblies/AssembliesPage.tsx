import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Form, InputNumber, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { get, patch } from '../../../shared/api';
import { useWriteFeedback, useFormModalProps } from '../../components/feedback';
import { useCompoundOptions } from '../../components/places';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { useCan } from '../organisations/kit';
import type { Assembly, AssemblyStatus } from '../../../resident/pages/assemblies/model';
import { AssemblyDetail } from './AssemblyDetail';
import { DateTimeInput, StatusTag, useWhen } from './parts';
import './assemblies.css';

/**
 * 业主大会: the list of a community's assemblies, and one assembly's desk when ?id= names it (the
 * console's routes are one path per page, so the detail lives on the same page).
 */
export default function AssembliesPage() {
  const [params] = useSearchParams();
  const id = params.get('id');
  return id ? <AssemblyDetail key={id} assemblyId={id} /> : <AssemblyList />;
}

const statuses: AssemblyStatus[] = [
  'draft',
  'announced',
  'voting',
  'closed',
  'published',
  'archived',
  'cancelled',
];

interface Settings {
  noticeDays: number;
  jointNominators: number;
  updatedAt: number | null;
}

const dayMs = 24 * 60 * 60 * 1000;

/** Nine in the morning, `days` days from now: a sensible first guess for a voting window. */
function morningIn(days: number): number {
  const d = new Date(Date.now() + days * dayMs);
  d.setHours(9, 0, 0, 0);
  return d.getTime();
}

function AssemblyList() {
  const { t } = useTranslation();
  const when = useWhen();
  const scope = useScope();
  const compounds = useCompoundOptions();
  const canManage = useCan('assemblies.manage');
  const communityId = scope.community?.id;
  const settings = useQuery({
    queryKey: ['list', 'assembly-settings', communityId],
    enabled: !!communityId,
    queryFn: () => get<Settings>(`/communities/${communityId}/assembly-settings`),
  });
  const [editingSettings, setEditingSettings] = useState(false);
  const noticeDays = settings.data?.noticeDays ?? 15;

  const spec: ResourceSpec<Assembly> = {
    title: 'menu.assemblies',
    list: (c) => `/communities/${c}/assemblies`,
    create: canManage ? (c) => `/communities/${c}/assemblies` : undefined,
    byCompound: true,
    filters: [
      {
        key: 'status',
        label: 'assemblies.field.status',
        options: statuses.map((s) => ({ value: s, label: `assemblies.status.${s}` })),
      },
    ],
    defaults: {
      compoundId: scope.compoundId ?? compounds.options[0]?.value,
      votingStartsAt: morningIn(noticeDays + 1),
      votingEndsAt: morningIn(noticeDays + 15),
      publicVotes: false,
    },
    fields: [
      {
        key: 'title',
        label: 'assemblies.field.title',
        required: true,
        render: (row) => <Link to={`?id=${row.id}`}>{row.title}</Link>,
      },
      {
        key: 'compoundId',
        label: 'assemblies.field.compound',
        required: true,
        form: 'create',
        table: false,
        input: (
          <Select
            options={compounds.options}
            loading={compounds.loading}
            showSearch={{ optionFilterProp: 'label' }}
          />
        ),
      },
      { key: 'compoundName', label: 'assemblies.field.compound', form: false },
      {
        key: 'status',
        label: 'assemblies.field.status',
        form: false,
        render: (row) => <StatusTag status={row.status} />,
      },
      {
        key: 'votingStartsAt',
        label: 'assemblies.field.votingStartsAt',
        required: true,
        input: <DateTimeInput />,
        hint: 'assemblies.noticeHint',
        render: (row) => when(row.votingStartsAt),
      },
      {
        key: 'votingEndsAt',
        label: 'assemblies.field.votingEndsAt',
        required: true,
        input: <DateTimeInput />,
        render: (row) => when(row.votingEndsAt),
      },
      { key: 'description', label: 'assemblies.field.description', type: 'textarea', table: false },
      {
        key: 'publicVotes',
        label: 'assemblies.field.publicVotes',
        type: 'switch',
        table: false,
        hint: 'assemblies.publicVotesHint',
      },
    ],
    rowActions: (row) => (
      <Link to={`?id=${row.id}`} aria-label={t('assemblies.openNamed', { title: row.title })}>
        {t('assemblies.open')}
      </Link>
    ),
    toolbar: canManage ? (
      <Button onClick={() => setEditingSettings(true)}>{t('assemblies.settings.button')}</Button>
    ) : undefined,
  };

  return (
    <>
      <ResourcePage spec={spec} />
      <Typography.Paragraph type="secondary">
        {t('assemblies.settings.summary', {
          days: noticeDays,
          signers: settings.data?.jointNominators ?? 5,
        })}
      </Typography.Paragraph>
      {editingSettings && settings.data && communityId && (
        <SettingsModal
          communityId={communityId}
          settings={settings.data}
          onClose={() => setEditingSettings(false)}
        />
      )}
    </>
  );
}

/** 表决设置: the community's notice period and how many owners sign a joint nomination. */
function SettingsModal({
  communityId,
  settings,
  onClose,
}: {
  communityId: string;
  settings: Settings;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const formModal = useFormModalProps();
  const feedback = useWriteFeedback();
  const save = useMutation({
    mutationFn: (values: { noticeDays: number; jointNominators: number }) =>
      patch(`/communities/${communityId}/assembly-settings`, values),
    onSuccess: () => feedback.saved(onClose),
    onError: feedback.failed,
  });
  return (
    <Modal open title={t('assemblies.settings.title')} {...formModal(form, save.isPending, onClose)}>
      <Form
        form={form}
        name="assemblySettings"
        layout="vertical"
        initialValues={{ noticeDays: settings.noticeDays, jointNominators: settings.jointNominators }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="noticeDays"
          label={t('assemblies.settings.noticeDays')}
          extra={t('assemblies.settings.noticeDaysHint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <InputNumber min={1} max={90} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="jointNominators"
          label={t('assemblies.settings.jointNominators')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <InputNumber min={1} max={100} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
