import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, type Page } from '../../../shared/api';
import { useScope } from '../../components/scope';
import { errorText, queryString, RemoteSelect } from './kit';
import { PersonPositionsModal } from './PersonPositions';

/** The four kinds of organisation whose places share one API shape (memberships.ts on the server). */
export type Family = 'grid' | 'party' | 'committee' | 'squad';

export interface Membership {
  id: string;
  personId: string;
  personName: string;
  position: string;
  since: string | null;
  until: string | null;
  endedAt: number | null;
}

interface PersonOption {
  id: string;
  name: string;
  phone: string | null;
  homes: { householdName: string }[];
}

/** A person as the appoint select shows them: name, masked phone and home, to tell namesakes apart. */
export const personOption = (p: PersonOption) => ({
  value: p.id,
  label: [p.name, p.phone, p.homes[0]?.householdName].filter(Boolean).join(' · '),
});

/** A searchable select over the community's people register. */
export function PersonSelect(props: {
  id?: string;
  value?: string;
  onChange?: (v?: string) => void;
  'aria-label'?: string;
}) {
  const { t } = useTranslation();
  const { community } = useScope();
  return (
    <RemoteSelect<PersonOption>
      {...props}
      path={community ? `/communities/${community.id}/people` : null}
      toOption={personOption}
      placeholder={t('orgs.members.searchPerson')}
      style={{ minWidth: 240 }}
      allowClear
    />
  );
}

/**
 * Who holds which place in one organisation: the current holders (or past ones), appoint a person
 * from the people register, end a place. Names open the person's places across organisations.
 */
export function MembersPanel({
  path,
  family,
  positions,
  canWrite,
  closed = false,
}: {
  /** e.g. /communities/:c/grids/:g/workers */
  path: string;
  family: Family;
  positions: readonly string[];
  canWrite: boolean;
  /** An archived organisation or ended term takes no one new. */
  closed?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ personId: string; position: string; since?: Dayjs }>();
  const [showEnded, setShowEnded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [person, setPerson] = useState<string | null>(null);
  const positionLabel = (p: string) => t(`orgs.positions.${family}.${p}`);

  const listPath = `${path}?${queryString({ pageSize: 100, ended: showEnded ? 'true' : undefined })}`;
  const list = useQuery({ queryKey: ['list', listPath], queryFn: () => get<Page<Membership>>(listPath) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['list'] });

  const appoint = useMutation({
    mutationFn: (v: { personId: string; position: string; since?: Dayjs }) =>
      post<Membership>(path, {
        personId: v.personId,
        position: v.position,
        ...(v.since ? { since: v.since.format('YYYY-MM-DD') } : {}),
      }),
    onSuccess: async (m) => {
      setError(null);
      form.resetFields();
      message.success(
        t('orgs.members.appointed', { name: m.personName, position: positionLabel(m.position) }),
      );
      await refresh();
    },
    onError: (err) => setError(errorText(err, t)),
  });

  const end = useMutation({
    mutationFn: (m: Membership) => post<Membership>(`${path}/${m.id}/end`, {}),
    onSuccess: async (m) => {
      message.success(t('orgs.members.ended', { name: m.personName }));
      await refresh();
    },
    onError: (err) => message.error(errorText(err, t)),
  });

  return (
    <div>
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t(`orgs.members.title.${family}`)}
        </Typography.Title>
        <label className="inline-switch">
          <Switch size="small" checked={showEnded} onChange={setShowEnded} />
          <span>{t('orgs.members.showEnded')}</span>
        </label>
      </div>
      <Table<Membership>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t(showEnded ? 'orgs.members.noneEnded' : 'orgs.members.none') }}
        columns={[
          {
            key: 'name',
            title: t('orgs.members.name'),
            render: (_, m) => (
              <Button type="link" className="org-link" onClick={() => setPerson(m.personId)}>
                {m.personName}
              </Button>
            ),
          },
          { key: 'position', title: t('orgs.members.position'), render: (_, m) => positionLabel(m.position) },
          {
            key: 'dates',
            title: t('orgs.members.dates'),
            render: (_, m) => `${m.since ?? '—'} ~ ${m.until ?? t('orgs.members.now')}`,
          },
          ...(canWrite && !showEnded
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, m: Membership) => (
                    <Popconfirm
                      title={t('orgs.members.endConfirm', { name: m.personName })}
                      okText={t('orgs.members.end')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => end.mutateAsync(m)}
                    >
                      <Button size="small" danger>
                        {t('orgs.members.end')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canWrite && !closed && (
        <Form
          form={form}
          name={`appoint-${family}`}
          layout="vertical"
          style={{ marginTop: 16 }}
          onFinish={(v) => appoint.mutate(v)}
        >
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('orgs.members.appoint')}
          </Typography.Title>
          {error && <Alert type="error" showIcon title={error} style={{ margin: '8px 0' }} role="alert" />}
          <Space wrap align="end" style={{ marginTop: 8 }}>
            <Form.Item
              name="personId"
              label={t('orgs.members.person')}
              rules={[{ required: true, message: t('common.required') }]}
              style={{ marginBottom: 0 }}
            >
              <PersonSelect />
            </Form.Item>
            <Form.Item
              name="position"
              label={t('orgs.members.position')}
              rules={[{ required: true, message: t('common.required') }]}
              initialValue={positions[positions.length - 1]}
              style={{ marginBottom: 0 }}
            >
              <Select
                style={{ minWidth: 140 }}
                options={positions.map((p) => ({ value: p, label: positionLabel(p) }))}
              />
            </Form.Item>
            <Form.Item name="since" label={t('orgs.members.since')} style={{ marginBottom: 0 }}>
              <DatePicker />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={appoint.isPending}>
              {t('orgs.members.appointButton')}
            </Button>
          </Space>
        </Form>
      )}
      {closed && <Typography.Paragraph type="secondary">{t('orgs.members.closed')}</Typography.Paragraph>}
      <PersonPositionsModal personId={person} onClose={() => setPerson(null)} />
    </div>
  );
}
