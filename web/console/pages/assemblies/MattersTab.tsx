import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, post } from '../../../shared/api';
import { useWriteFeedback, useFormModalProps } from '../../components/feedback';
import { LoadError, useCan } from '../organisations/kit';
import type { Assembly, Matter, MatterKind } from '../../../resident/pages/assemblies/model';
import { CandidatesPanel } from './CandidatesPanel';
import { AttachmentLinks, assemblyPath, FileInput, useMatters } from './parts';

/** Civil Code art. 278 items 6–8 need three quarters (special); item 3 may be an election. */
const specialItems = [6, 7, 8];
const electionItem = 3;
const items = [1, 2, 3, 4, 5, 6, 7, 8, 9];

export function kindOfItem(item: number | undefined, election: boolean | undefined): MatterKind {
  if (item === electionItem && election) return 'election';
  return item !== undefined && specialItems.includes(item) ? 'special' : 'ordinary';
}

/** 表决事项: what owners decide, typed by art. 278 item; attachments; an election's candidates. */
export function MattersTab({ communityId, assembly: a }: { communityId: string; assembly: Assembly }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const feedback = useWriteFeedback();
  const canManage = useCan('assemblies.manage');
  const matters = useMatters(communityId, a.id);
  const [editing, setEditing] = useState<Matter | 'new' | null>(null);
  const draft = a.status === 'draft';
  const base = assemblyPath(communityId, a.id);
  const withdraw = useMutation({
    mutationFn: (m: Matter) => post(`${base}/matters/${m.id}/withdraw`),
    onSuccess: () => feedback.saved(),
    onError: feedback.failed,
  });
  const list = matters.data?.items ?? [];
  const election = list.find((m) => m.kind === 'election');

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <LoadError error={matters.error} />
      <div className="page-head">
        <Typography.Paragraph style={{ margin: 0 }}>
          {draft ? t('assemblies.matters.introDraft') : t('assemblies.matters.introFixed')}
        </Typography.Paragraph>
        {canManage && draft && (
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('assemblies.matters.add')}
          </Button>
        )}
      </div>
      <Table<Matter>
        rowKey="id"
        size="small"
        loading={matters.isFetching}
        dataSource={list}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { key: 'no', title: t('assemblies.matters.no'), render: (_, m, i) => i + 1, width: 64 },
          { key: 'title', title: t('assemblies.field.title'), dataIndex: 'title' },
          {
            key: 'item',
            title: t('assemblies.matters.item'),
            render: (_, m) => t('assemblies.matters.itemText', { n: m.item, name: m.itemName }),
          },
          {
            key: 'kind',
            title: t('assemblies.matters.kind'),
            render: (_, m) => (
              <Tag>
                {t(`assemblies.kind.${m.kind}`)}
                {m.kind === 'election' ? ` · ${t('assemblies.matters.seatsN', { count: m.seats ?? 0 })}` : ''}
              </Tag>
            ),
          },
          {
            key: 'files',
            title: t('assemblies.matters.attachments'),
            render: (_, m) =>
              m.attachments.length ? (
                <AttachmentLinks communityId={communityId} files={m.attachments} />
              ) : (
                '—'
              ),
          },
          ...(canManage && draft
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, m: Matter) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing(m)}>
                        {t('common.edit')}
                      </Button>
                      <Button
                        size="small"
                        danger
                        onClick={() =>
                          modal.confirm({
                            title: t('assemblies.matters.withdrawConfirm', { title: m.title }),
                            okText: t('assemblies.matters.withdraw'),
                            cancelText: t('common.cancel'),
                            onOk: () => withdraw.mutateAsync(m),
                          })
                        }
                      >
                        {t('assemblies.matters.withdraw')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {election && <CandidatesPanel communityId={communityId} assembly={a} matter={election} />}
      {editing && (
        <MatterDialog
          communityId={communityId}
          base={base}
          matter={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Space>
  );
}

interface MatterValues {
  item: number;
  election?: boolean;
  seats?: number;
  title: string;
  description?: string;
  attachmentIds?: string[];
}

function MatterDialog({
  communityId,
  base,
  matter,
  onClose,
}: {
  communityId: string;
  base: string;
  matter: Matter | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<MatterValues>();
  const formModal = useFormModalProps();
  const feedback = useWriteFeedback();
  const [problem, setProblem] = useState<string | null>(null);
  const item = Form.useWatch('item', form);
  const election = Form.useWatch('election', form);
  const kind = kindOfItem(item, election);
  const save = useMutation({
    mutationFn: (v: MatterValues) => {
      const body = {
        item: v.item,
        election: v.item === electionItem ? (v.election ?? false) : false,
        ...(kindOfItem(v.item, v.election) === 'election' ? { seats: v.seats } : {}),
        title: v.title,
        description: v.description?.trim() ? v.description : null,
        attachmentIds: v.attachmentIds ?? [],
      };
      return matter ? api('PATCH', `${base}/matters/${matter.id}`, body) : post(`${base}/matters`, body);
    },
    onSuccess: () => feedback.saved(onClose),
    onError: (err) => setProblem(errorText(err, t)),
  });
  return (
    <Modal
      open
      width={640}
      title={matter ? t('assemblies.matters.edit') : t('assemblies.matters.add')}
      {...formModal(form, save.isPending, onClose)}
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Form<MatterValues>
        form={form}
        name="matter"
        layout="vertical"
        initialValues={
          matter
            ? {
                item: matter.item,
                election: matter.kind === 'election',
                seats: matter.seats ?? undefined,
                title: matter.title,
                description: matter.description ?? '',
              }
            : { item: 1, election: false, seats: 5 }
        }
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="item"
          label={t('assemblies.matters.item')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            options={items.map((n) => ({
              value: n,
              label: t('assemblies.matters.itemText', { n, name: t(`assemblies.item.${n}`) }),
            }))}
          />
        </Form.Item>
        {item === electionItem && (
          <Form.Item
            name="election"
            label={t('assemblies.matters.election')}
            valuePropName="checked"
            extra={t('assemblies.matters.electionHint')}
          >
            <Switch />
          </Form.Item>
        )}
        {kind === 'election' && (
          <Form.Item
            name="seats"
            label={t('assemblies.matters.seats')}
            extra={t('assemblies.matters.seatsHint')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <InputNumber min={1} max={99} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Alert type="info" showIcon title={t(`assemblies.kindRule.${kind}`)} style={{ marginBottom: 16 }} />
        <Form.Item
          name="title"
          label={t('assemblies.field.title')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('assemblies.matters.description')}
          extra={t('assemblies.matters.descriptionHint')}
        >
          <Input.TextArea rows={4} />
        </Form.Item>
        {matter && matter.attachments.length > 0 && (
          <div className="attached-already">
            <Typography.Paragraph>
              {t('assemblies.matters.attachedAlready', { count: matter.attachments.length })}
            </Typography.Paragraph>
            <AttachmentLinks communityId={communityId} files={matter.attachments} />
          </div>
        )}
        <Form.Item
          name="attachmentIds"
          label={t('assemblies.matters.attachments')}
          extra={t('assemblies.matters.attachmentsHint')}
        >
          <FileInput communityId={communityId} label={t('assemblies.upload.choose')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
