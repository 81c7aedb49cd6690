import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText, get, post, type Page } from '../../../shared/api';
import { fileUrl } from '../../../shared/upload';
import { ExportButton } from '../../components/ExportButton';
import { useFormModalProps } from '../../components/feedback';
import { usePaging } from '../../components/paging';
import { fieldErrors } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { FileInput } from '../assemblies/parts';
import { LoadError, useCan } from '../organisations/kit';
import { ActionStateTag, useTopicsLive } from './common';
import { actionStates, delibKey, deliberationPath, type ActionItem } from './model';

type Step = { kind: 'done' | 'cancel'; item: ActionItem };

/** 办结 with a note and photos of the result, or 取消 with a reason. */
function StepModal({ communityId, step, onClose }: { communityId: string; step: Step; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const formModal = useFormModalProps();
  const [form] = Form.useForm<{ note?: string; reason?: string; fileIds?: string[] }>();
  const save = useMutation({
    mutationFn: (v: { note?: string; reason?: string; fileIds?: string[] }) =>
      post(
        `${deliberationPath(communityId)}/action-items/${step.item.id}/${step.kind}`,
        step.kind === 'done'
          ? { note: v.note?.trim(), ...(v.fileIds?.length ? { fileIds: v.fileIds } : {}) }
          : { reason: v.reason?.trim() },
      ),
    onSuccess: () => {
      message.success(t(`deliberation.actions.${step.kind}.saved`));
      void queryClient.invalidateQueries({ queryKey: delibKey() });
      onClose();
    },
    onError: (err) => {
      const errors = fieldErrors(err);
      if (errors.length) form.setFields(errors as never);
      message.error(errorText(err, t));
    },
  });
  const required = [{ required: true, whitespace: true, message: t('common.required') }];
  return (
    <Modal
      open
      title={t(`deliberation.actions.${step.kind}.title`)}
      {...formModal(form, save.isPending, onClose)}
    >
      <Typography.Paragraph>
        <strong>{step.item.title}</strong> · {step.item.ownerName}
      </Typography.Paragraph>
      <Form form={form} name={`action-${step.kind}`} layout="vertical" onFinish={(v) => save.mutate(v)}>
        {step.kind === 'done' ? (
          <>
            <Form.Item name="note" label={t('deliberation.actions.done.note')} rules={required}>
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
            <Form.Item
              name="fileIds"
              label={t('deliberation.actions.done.photos')}
              extra={t('deliberation.actions.done.photosHint')}
            >
              <FileInput
                communityId={communityId}
                accept="image/jpeg,image/png,image/webp"
                label={t('deliberation.addPhoto')}
              />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="reason" label={t('deliberation.actions.cancel.reason')} rules={required}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** 落实事项: every action decided at a meeting, with overdue ones marked in words; done with a photo, or cancelled. */
export default function ActionsPage() {
  const { t } = useTranslation();
  const scope = useScope();
  const { page, pageSize, setPage, pagination } = usePaging();
  const [state, setState] = useState<string | undefined>('open');
  const [overdue, setOverdue] = useState<string>();
  const [q, setQ] = useState('');
  const [step, setStep] = useState<Step | null>(null);
  const canManage = useCan('deliberation.manage');
  const communityId = scope.community?.id;
  useTopicsLive(communityId);

  const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  if (state) params.set('state', state);
  if (overdue) params.set('overdue', overdue);
  if (q) params.set('q', q);
  const path = communityId ? `${deliberationPath(communityId)}/action-items` : null;
  const list = useQuery({
    queryKey: delibKey('actions', `${path}?${params}`),
    enabled: !!path,
    queryFn: () => get<Page<ActionItem>>(`${path}?${params}`),
  });

  const columns: ColumnsType<ActionItem> = [
    { key: 'title', title: t('deliberation.actions.col.title'), render: (_, a) => a.title },
    {
      key: 'topic',
      title: t('deliberation.actions.col.topic'),
      render: (_, a) => (a.topicId ? <Link to={`/topics/${a.topicId}`}>{a.topicTitle ?? '—'}</Link> : '—'),
    },
    {
      key: 'meeting',
      title: t('deliberation.actions.col.meeting'),
      render: (_, a) => <Link to={`/meetings/${a.meetingId}`}>{a.meetingTitle}</Link>,
    },
    { key: 'owner', title: t('deliberation.actions.col.owner'), render: (_, a) => a.ownerName },
    {
      key: 'due',
      title: t('deliberation.actions.col.due'),
      render: (_, a) => (
        <Space wrap>
          <span>{a.dueDate}</span>
          <ActionStateTag state={a.state} overdue={a.overdue} />
        </Space>
      ),
    },
    {
      key: 'result',
      title: t('deliberation.actions.col.result'),
      render: (_, a) =>
        a.state === 'done' ? (
          <Space wrap>
            <span>{a.doneNote}</span>
            {a.photoIds.map((id, i) => (
              <a key={id} href={fileUrl(communityId!, id)} target="_blank" rel="noreferrer">
                {t('deliberation.photoN', { n: i + 1 })}
              </a>
            ))}
          </Space>
        ) : a.state === 'cancelled' ? (
          (a.cancelReason ?? '—')
        ) : (
          '—'
        ),
    },
    ...(canManage
      ? [
          {
            key: 'act',
            title: t('common.actions'),
            render: (_: unknown, a: ActionItem) =>
              a.state === 'open' && (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    aria-label={t('deliberation.actions.done.named', { title: a.title })}
                    onClick={() => setStep({ kind: 'done', item: a })}
                  >
                    {t('deliberation.actions.done.button')}
                  </Button>
                  <Button
                    size="small"
                    aria-label={t('deliberation.actions.cancel.named', { title: a.title })}
                    onClick={() => setStep({ kind: 'cancel', item: a })}
                  >
                    {t('deliberation.actions.cancel.button')}
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];

  if (!communityId) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  return (
    <section aria-labelledby="page-title">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.actionItems')}
        </Typography.Title>
        <ExportButton path={path!} params={params} />
      </div>
      <Space wrap className="delib-filters" role="group" aria-label={t('deliberation.filters')}>
        <Input.Search
          aria-label={t('deliberation.actions.search')}
          placeholder={t('deliberation.actions.search')}
          allowClear
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 220 }}
        />
        <Select
          aria-label={t('deliberation.col.state')}
          placeholder={t('deliberation.col.state')}
          allowClear
          style={{ minWidth: 140 }}
          value={state}
          onChange={(v?: string) => {
            setState(v);
            setPage(1);
          }}
          options={actionStates.map((s) => ({ value: s, label: t(`deliberation.actionState.${s}`) }))}
        />
        <Select
          aria-label={t('deliberation.actions.overdueFilter')}
          placeholder={t('deliberation.actions.overdueFilter')}
          allowClear
          style={{ minWidth: 140 }}
          value={overdue}
          onChange={(v?: string) => {
            setOverdue(v);
            setPage(1);
          }}
          options={[
            { value: 'true', label: t('deliberation.actions.overdueOnly') },
            { value: 'false', label: t('deliberation.actions.notOverdue') },
          ]}
        />
      </Space>
      <LoadError error={list.error} />
      <Table<ActionItem>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: true }}
        pagination={pagination(list.data?.total)}
        rowClassName={(a) => (a.overdue && a.state === 'open' ? 'row-overdue' : '')}
      />
      {step && <StepModal communityId={communityId} step={step} onClose={() => setStep(null)} />}
    </section>
  );
}
