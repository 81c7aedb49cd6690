import { useMutation } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../shared/api';
import { formatArea } from '../../shared/format';
import { formatDateTime } from '../../shared/i18n';
import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { useScope } from '../components/scope';
import './housing.css';
import { useWriteFeedback } from '../components/feedback';

/**
 * 入户申请: residents who entered a household's invitation code wait here until staff confirm
 * (they become a member, with the owner's or resident's role) or reject them with a reason.
 */

interface Binding {
  id: string;
  status: 'pending' | 'confirmed' | 'rejected' | 'ended';
  claimedName: string;
  kind: string;
  relation: string | null;
  requestedAt: number;
  reason: string | null;
  account: { displayName: string; phone: string };
  place: {
    compound: { name: string };
    household: { name: string };
    room: { building: string; entrance: string; number: string; areaCenti: number };
  };
}

const statuses = ['pending', 'confirmed', 'rejected', 'ended'].map((s) => ({
  value: s,
  label: `people.join.state.${s}`,
}));

export default function JoinRequestsPage() {
  const { t, i18n } = useTranslation();
  const { modal } = App.useApp();
  const communityId = useScope().community?.id;
  const [rejecting, setRejecting] = useState<Binding | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const feedback = useWriteFeedback();
  const decide = useMutation({
    mutationFn: ({
      binding,
      verdict,
      body,
    }: {
      binding: Binding;
      verdict: 'confirm' | 'reject';
      body?: unknown;
    }) => post(`/communities/${communityId}/household-bindings/${binding.id}/${verdict}`, body ?? {}),
    onSuccess: () => feedback.saved(() => setRejecting(null)),
    onError: feedback.failed,
  });

  const spec: ResourceSpec<Binding> = {
    title: 'menu.joinRequests',
    list: (c) => `/communities/${c}/household-bindings`,
    filters: [{ key: 'status', label: 'people.join.status', options: statuses, initial: 'pending' }],
    fields: [
      { key: 'claimedName', label: 'people.join.name' },
      {
        key: 'account',
        label: 'people.join.account',
        render: (b) => `${b.account.displayName} · ${b.account.phone}`,
      },
      {
        key: 'place',
        label: 'people.join.household',
        render: (b) => {
          const r = b.place.room;
          return `${b.place.compound.name} ${r.building} ${r.entrance} ${r.number} · ${formatArea(r.areaCenti)} m² · ${b.place.household.name}`;
        },
      },
      {
        key: 'kind',
        label: 'people.residency.kind',
        render: (b) => t(`people.residency.${b.kind}`) + (b.relation ? ` · ${b.relation}` : ''),
      },
      {
        key: 'requestedAt',
        label: 'people.join.requestedAt',
        render: (b) => formatDateTime(b.requestedAt, i18n.language),
      },
      {
        key: 'status',
        label: 'people.join.status',
        render: (b) => (
          <>
            <Tag className={b.status === 'pending' ? 'tag-warn' : undefined}>
              {t(`people.join.state.${b.status}`)}
            </Tag>
            {b.reason}
          </>
        ),
      },
    ],
    rowActions: (b) =>
      b.status === 'pending' && (
        <Space wrap>
          <Button
            size="small"
            type="primary"
            onClick={() =>
              modal.confirm({
                title: t('people.join.confirmTitle', {
                  name: b.claimedName,
                  household: b.place.household.name,
                }),
                content: t('people.join.confirmText'),
                okText: t('people.join.confirm'),
                cancelText: t('common.cancel'),
                onOk: () => decide.mutateAsync({ binding: b, verdict: 'confirm' }),
              })
            }
          >
            {t('people.join.confirm')}
          </Button>
          <Button
            size="small"
            danger
            onClick={() => {
              form.resetFields();
              setRejecting(b);
            }}
          >
            {t('people.join.reject')}
          </Button>
        </Space>
      ),
  };
  return (
    <>
      <ResourcePage spec={spec} />
      <Modal
        open={!!rejecting}
        title={rejecting ? t('people.join.rejectTitle', { name: rejecting.claimedName }) : ''}
        okText={t('people.join.reject')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        confirmLoading={decide.isPending}
        onOk={() => form.submit()}
        onCancel={() => setRejecting(null)}
        destroyOnHidden
      >
        <Form
          form={form}
          name="reject"
          layout="vertical"
          onFinish={({ reason }) =>
            decide.mutate({ binding: rejecting!, verdict: 'reject', body: { reason } })
          }
        >
          <Form.Item
            name="reason"
            label={t('people.join.reason')}
            extra={t('people.join.reasonHint')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input.TextArea rows={3} maxLength={200} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
