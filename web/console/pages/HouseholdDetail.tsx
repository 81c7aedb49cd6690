import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get, type Page, errorText } from '../../shared/api';
import { formatDateTime } from '../../shared/i18n';
import { PersonPicker } from '../components/places';
import { useScope } from '../components/scope';
import { InvitationPrint, type IssuedInvitation } from './InvitationPrint';

/**
 * One household (户): its current members (numbers masked), moving people in and out, closing it,
 * and the invitation codes its residents join with.
 */

interface Member {
  residencyId: string;
  personId: string;
  name: string;
  phone: string | null;
  kind: string;
  relation: string | null;
  since: string | null;
}

interface Household {
  id: string;
  name: string;
  roomId: string;
  headPersonId: string | null;
  headName: string | null;
  closedAt: number | null;
  members: Member[];
}

interface Room {
  compoundName: string;
  buildingName: string;
  entranceName: string;
  number: string;
}

interface Invitation {
  id: string;
  status: 'active' | 'revoked' | 'expired' | 'used_up';
  expiresAt: number;
  maxUses: number;
  uses: number;
  createdAt: number;
}

interface NewResident {
  personId: string;
  kind: string;
  relation?: string;
  since?: Dayjs;
}

export const residencyKinds = ['owner', 'tenant', 'family'];

export function HouseholdDetail({
  householdId,
  onClose,
}: {
  householdId: string | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const communityId = useScope().community?.id;
  const queryClient = useQueryClient();
  const [form] = Form.useForm<NewResident>();
  const [issued, setIssued] = useState<IssuedInvitation | null>(null);
  const base = householdId && communityId ? `/communities/${communityId}/households/${householdId}` : null;

  const household = useQuery({
    queryKey: ['household', base],
    enabled: !!base,
    queryFn: () => get<Household>(base!),
  });
  const roomId = household.data?.roomId;
  const room = useQuery({
    queryKey: ['room', communityId, roomId],
    enabled: !!roomId,
    queryFn: () => get<Room>(`/communities/${communityId}/rooms/${roomId}`),
  });
  const invitations = useQuery({
    queryKey: ['invitations', base],
    enabled: !!base,
    retry: false,
    queryFn: () => get<Page<Invitation>>(`${base!}/invitations?pageSize=50`),
  });

  const act = useMutation({
    mutationFn: ({
      method = 'POST',
      path,
      body,
    }: {
      method?: 'POST' | 'PATCH';
      path: string;
      body?: unknown;
    }) => api<unknown>(method, `${base!}${path}`, body ?? {}),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['household', base] }),
        queryClient.invalidateQueries({ queryKey: ['invitations', base] }),
        queryClient.invalidateQueries({ queryKey: ['list'] }),
      ]);
    },
    onError: (err) => message.error(errorText(err, t)),
  });

  const h = household.data;
  const open = h ? h.closedAt === null : false;
  const address = room.data
    ? `${room.data.compoundName} ${room.data.buildingName} ${room.data.entranceName} ${room.data.number}`
    : '';
  const confirm = (title: string, okText: string, run: () => Promise<unknown>) =>
    modal.confirm({ title, okText, cancelText: t('common.cancel'), onOk: run });

  function addResident(values: NewResident) {
    act.mutate(
      {
        path: '/residencies',
        body: {
          personId: values.personId,
          kind: values.kind,
          relation: values.relation?.trim() || null,
          since: values.since ? values.since.format('YYYY-MM-DD') : null,
        },
      },
      { onSuccess: () => form.resetFields() },
    );
  }

  async function issue() {
    try {
      const created = await api<IssuedInvitation>('POST', `${base!}/invitations`, {});
      setIssued(created);
      await queryClient.invalidateQueries({ queryKey: ['invitations', base] });
    } catch (err) {
      message.error(errorText(err, t));
    }
  }

  return (
    <Drawer
      open={!!householdId}
      onClose={onClose}
      size="min(820px, 100vw)"
      title={h ? t('people.household.detailTitle', { name: h.name }) : t('people.household.detail')}
      destroyOnHidden
    >
      {h && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'address', label: t('people.household.address'), children: address || '—' },
              { key: 'head', label: t('people.household.head'), children: h.headName ?? '—' },
              {
                key: 'status',
                label: t('people.household.status'),
                children: open ? (
                  t('people.household.open')
                ) : (
                  <Tag>
                    {t('people.household.closedAt', { at: formatDateTime(h.closedAt!, i18n.language) })}
                  </Tag>
                ),
              },
            ]}
          />

          <section aria-labelledby="members-title">
            <Typography.Title level={4} id="members-title">
              {t('people.household.members')}
            </Typography.Title>
            <Table<Member>
              rowKey="residencyId"
              size="small"
              pagination={false}
              scroll={{ x: true }}
              dataSource={h.members}
              locale={{ emptyText: t('people.household.noMembers') }}
              columns={[
                {
                  key: 'name',
                  title: t('people.name'),
                  render: (_, m) => (
                    <>
                      {m.name}
                      {m.personId === h.headPersonId && (
                        <Tag style={{ marginLeft: 8 }}>{t('people.household.head')}</Tag>
                      )}
                    </>
                  ),
                },
                { key: 'phone', title: t('people.phone'), render: (_, m) => m.phone ?? '—' },
                {
                  key: 'kind',
                  title: t('people.residency.kind'),
                  render: (_, m) => t(`people.residency.${m.kind}`),
                },
                {
                  key: 'relation',
                  title: t('people.residency.relation'),
                  render: (_, m) => m.relation ?? '—',
                },
                { key: 'since', title: t('people.residency.since'), render: (_, m) => m.since ?? '—' },
                ...(open
                  ? [
                      {
                        key: 'actions',
                        title: t('common.actions'),
                        render: (_: unknown, m: Member) => (
                          <Space wrap>
                            {m.personId !== h.headPersonId && (
                              <Button
                                size="small"
                                onClick={() =>
                                  act.mutate({
                                    method: 'PATCH',
                                    path: '',
                                    body: { headPersonId: m.personId },
                                  })
                                }
                              >
                                {t('people.household.makeHead')}
                              </Button>
                            )}
                            <Button
                              size="small"
                              danger
                              onClick={() =>
                                confirm(
                                  t('people.residency.endConfirm', { name: m.name }),
                                  t('people.residency.end'),
                                  () => act.mutateAsync({ path: `/residencies/${m.residencyId}/end` }),
                                )
                              }
                            >
                              {t('people.residency.end')}
                            </Button>
                          </Space>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </section>

          {open && (
            <section aria-labelledby="move-in-title">
              <Typography.Title level={4} id="move-in-title">
                {t('people.residency.add')}
              </Typography.Title>
              <Form<NewResident>
                form={form}
                name="residency"
                layout="vertical"
                initialValues={{ kind: 'family' }}
                onFinish={addResident}
              >
                <Form.Item
                  name="personId"
                  label={t('people.residency.person')}
                  extra={t('people.residency.personHint')}
                  rules={[{ required: true, message: t('common.required') }]}
                >
                  <PersonPicker />
                </Form.Item>
                <Space wrap align="start">
                  <Form.Item
                    name="kind"
                    label={t('people.residency.kind')}
                    rules={[{ required: true, message: t('common.required') }]}
                  >
                    <Select
                      style={{ minWidth: 140 }}
                      options={residencyKinds.map((k) => ({ value: k, label: t(`people.residency.${k}`) }))}
                    />
                  </Form.Item>
                  <Form.Item name="relation" label={t('people.residency.relation')}>
                    <Input maxLength={20} placeholder={t('people.residency.relationExample')} />
                  </Form.Item>
                  <Form.Item name="since" label={t('people.residency.since')}>
                    <DatePicker />
                  </Form.Item>
                </Space>
                <div>
                  <Button type="primary" htmlType="submit" loading={act.isPending}>
                    {t('people.residency.addButton')}
                  </Button>
                </div>
              </Form>
            </section>
          )}

          {invitations.isSuccess && (
            <section aria-labelledby="invitations-title">
              <div className="page-head">
                <Typography.Title level={4} id="invitations-title">
                  {t('people.invite.title')}
                </Typography.Title>
                {open && (
                  <Button type="primary" onClick={() => void issue()}>
                    {t('people.invite.issue')}
                  </Button>
                )}
              </div>
              <Table<Invitation>
                rowKey="id"
                size="small"
                pagination={false}
                scroll={{ x: true }}
                dataSource={invitations.data.items}
                locale={{ emptyText: t('people.invite.none') }}
                columns={[
                  {
                    key: 'createdAt',
                    title: t('people.invite.createdAt'),
                    render: (_, i) => formatDateTime(i.createdAt, i18n.language),
                  },
                  {
                    key: 'expiresAt',
                    title: t('people.invite.expiresAt'),
                    render: (_, i) => formatDateTime(i.expiresAt, i18n.language),
                  },
                  {
                    key: 'uses',
                    title: t('people.invite.uses'),
                    render: (_, i) => `${i.uses} / ${i.maxUses}`,
                  },
                  {
                    key: 'status',
                    title: t('people.invite.status'),
                    render: (_, i) => (
                      <Tag className={i.status === 'active' ? 'tag-good' : undefined}>
                        {t(`people.invite.state.${i.status}`)}
                      </Tag>
                    ),
                  },
                  {
                    key: 'actions',
                    title: t('common.actions'),
                    render: (_, i) =>
                      i.status === 'active' && (
                        <Button
                          size="small"
                          danger
                          onClick={() =>
                            confirm(t('people.invite.revokeConfirm'), t('people.invite.revoke'), () =>
                              act.mutateAsync({ path: `/invitations/${i.id}/revoke` }),
                            )
                          }
                        >
                          {t('people.invite.revoke')}
                        </Button>
                      ),
                  },
                ]}
              />
            </section>
          )}

          {open && (
            <section aria-labelledby="close-title">
              <Typography.Title level={4} id="close-title">
                {t('people.household.close')}
              </Typography.Title>
              <Typography.Paragraph>{t('people.household.closeHint')}</Typography.Paragraph>
              <Button
                danger
                onClick={() =>
                  confirm(
                    t('people.household.closeConfirm', { name: h.name }),
                    t('people.household.close'),
                    () => act.mutateAsync({ path: '/close' }),
                  )
                }
              >
                {t('people.household.close')}
              </Button>
            </section>
          )}
        </Space>
      )}
      <InvitationPrint invitation={issued} address={address} onClose={() => setIssued(null)} />
    </Drawer>
  );
}
