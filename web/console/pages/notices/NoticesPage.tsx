import { App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useFormModalProps, useWriteFeedback } from '../../components/feedback';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { useCan } from '../organisations/kit';
import { noticesPath, noticeStatuses, type NoticeItem } from './model';
import { NoticeEditor } from './NoticeEditor';
import { NoticeStatusTag, PinnedTag } from './parts';

/** 撤回: residents no longer see it; the reason stays with the record. */
function WithdrawModal({ notice, onClose }: { notice: NoticeItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const formModal = useFormModalProps();
  const feedback = useWriteFeedback();
  const [form] = Form.useForm<{ reason?: string }>();
  const [saving, setSaving] = useState(false);
  async function withdraw({ reason }: { reason?: string }) {
    setSaving(true);
    try {
      await post(`${noticesPath(notice!.communityId)}/${notice!.id}/withdraw`, {
        reason: reason?.trim() || undefined,
      });
      await feedback.saved(onClose, t('notices.withdrawn'));
    } catch (err) {
      feedback.failed(err);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal
      open={!!notice}
      title={t('notices.withdrawTitle', { title: notice?.title ?? '' })}
      {...formModal(form, saving, onClose)}
      okText={t('notices.withdraw')}
    >
      <p>{t('notices.withdrawText')}</p>
      <Form form={form} name="withdraw" layout="vertical" onFinish={withdraw}>
        <Form.Item name="reason" label={t('notices.withdrawReason')}>
          <Input.TextArea rows={2} maxLength={200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 公告: the notices to places in my scope, pinned first; filters by status; write, edit a draft,
 * publish (now or at a set time), pin, withdraw, and open who has read each.
 */
export default function NoticesPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const scope = useScope();
  const feedback = useWriteFeedback();
  const canWrite = useCan('notices.manage');
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [withdrawing, setWithdrawing] = useState<NoticeItem | null>(null);
  const communityId = scope.community?.id;
  const when = (ms: number | null) => (ms === null ? '—' : formatDateTime(ms, i18n.language));

  const act = (n: NoticeItem, step: 'publish' | 'pin', body: object, done: string) =>
    post(`${noticesPath(n.communityId)}/${n.id}/${step}`, body).then(
      () => feedback.saved(undefined, done),
      feedback.failed,
    );

  const spec: ResourceSpec<NoticeItem> = {
    title: 'menu.notices',
    list: noticesPath,
    byCompound: true,
    filters: [
      {
        key: 'status',
        label: 'notices.fields.status',
        options: noticeStatuses.map((s) => ({ value: s, label: `notices.status.${s}` })),
      },
      {
        key: 'pinned',
        label: 'notices.fields.pinned',
        options: [
          { value: 'true', label: 'notices.pinnedOnly' },
          { value: 'false', label: 'notices.notPinned' },
        ],
      },
    ],
    toolbar: canWrite && (
      <Button type="primary" onClick={() => setEditing('new')}>
        {t('notices.new')}
      </Button>
    ),
    fields: [
      {
        key: 'title',
        label: 'notices.fields.title',
        render: (n) => (
          <span className="notice-title-cell">
            {n.pinned && <PinnedTag />}
            <Button type="link" style={{ padding: 0 }} onClick={() => navigate(`/notices/${n.id}`)}>
              {n.title}
            </Button>
          </span>
        ),
      },
      { key: 'targetsText', label: 'notices.fields.targets' },
      { key: 'status', label: 'notices.fields.status', render: (n) => <NoticeStatusTag status={n.status} /> },
      {
        key: 'publishAt',
        label: 'notices.fields.publishAt',
        render: (n) =>
          n.status === 'draft' && n.publishAt
            ? t('notices.plannedAt', { time: when(n.publishAt) })
            : when(n.publishAt),
      },
      { key: 'expireAt', label: 'notices.fields.expireAt', render: (n) => when(n.expireAt) },
      {
        key: 'readHouseholds',
        label: 'notices.fields.reading',
        render: (n) =>
          n.status === 'draft'
            ? '—'
            : t('notices.readOf', { read: n.readHouseholds, total: n.audienceHouseholds }),
      },
    ],
    rowActions: (n) => (
      <>
        {n.status !== 'draft' && (
          <Button size="small" onClick={() => navigate(`/notices/${n.id}`)}>
            {t('notices.receipts')}
          </Button>
        )}
        {canWrite && n.status === 'draft' && (
          <>
            <Button size="small" onClick={() => setEditing(n.id)}>
              {t('common.edit')}
            </Button>
            <Button
              size="small"
              type="primary"
              onClick={() =>
                modal.confirm({
                  title: t('notices.publishConfirm', { title: n.title }),
                  content: t('notices.publishConfirmText', { places: n.targetsText }),
                  okText: t('notices.publish'),
                  cancelText: t('common.cancel'),
                  onOk: () => act(n, 'publish', {}, t('notices.publishedNow')),
                })
              }
            >
              {t('notices.publish')}
            </Button>
          </>
        )}
        {canWrite && n.status !== 'withdrawn' && (
          <>
            <Button
              size="small"
              onClick={() =>
                void act(
                  n,
                  'pin',
                  { pinned: !n.pinned },
                  t(n.pinned ? 'notices.unpinned' : 'notices.pinnedDone'),
                )
              }
            >
              {t(n.pinned ? 'notices.unpin' : 'notices.pin')}
            </Button>
            <Button size="small" danger onClick={() => setWithdrawing(n)}>
              {t('notices.withdraw')}
            </Button>
          </>
        )}
      </>
    ),
  };

  return (
    <>
      <ResourcePage spec={spec} />
      {communityId && (
        <NoticeEditor
          communityId={communityId}
          noticeId={editing === 'new' ? null : editing}
          open={editing !== null}
          onClose={() => setEditing(null)}
        />
      )}
      <WithdrawModal notice={withdrawing} onClose={() => setWithdrawing(null)} />
    </>
  );
}
