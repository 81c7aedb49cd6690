import { useQuery } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Input, Skeleton, Space, Switch } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, get, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useWriteFeedback } from '../../components/feedback';
import type { RichTextEditorProps } from '../../components/RichTextEditor';
import { DateTimeInput, FileInput } from '../assemblies/parts';
import { formErrors, noticeKey, noticesPath, useFillOnOpen, type NoticeDetail } from './model';
import { picked, TargetTree, targetsOf, type PickedPlace } from './TargetTree';

// tiptap and ProseMirror reach the browser only when someone opens the editor.
const RichTextEditor = lazy(() => import('../../components/RichTextEditor'));

/** The editor as a form control: the form hands value and onChange to this, not to Suspense. */
function RichText(props: RichTextEditorProps) {
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
      <RichTextEditor {...props} />
    </Suspense>
  );
}

interface Values {
  title: string;
  targets: PickedPlace[];
  bodyHtml: string;
  fileIds?: string[];
  pinned?: boolean;
  publishAt?: number | null;
  expireAt?: number | null;
}

/**
 * 写公告 / 改公告: title, where it goes, the text (rich text), pictures and PDFs, pinned, and when it
 * shows. Saved as a draft, or saved and published at once; a publish time in the future schedules it.
 */
export function NoticeEditor({
  communityId,
  noticeId,
  open,
  onClose,
}: {
  communityId: string;
  /** null: a new notice. */
  noticeId: string | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const feedback = useWriteFeedback();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState<'draft' | 'publish' | null>(null);
  const existing = useQuery({
    queryKey: noticeKey(noticeId ?? 'new'),
    enabled: open && !!noticeId,
    queryFn: () => get<NoticeDetail>(`${noticesPath(communityId)}/${noticeId}`),
  });

  useFillOnOpen(open && (!noticeId || !!existing.data), () => {
    form.resetFields();
    const n = existing.data;
    if (noticeId && n)
      form.setFieldsValue({
        title: n.title,
        targets: picked(n.targets),
        bodyHtml: n.bodyHtml,
        fileIds: n.files.map((f) => f.id),
        pinned: n.pinned,
        publishAt: n.publishAt,
        expireAt: n.expireAt,
      });
  });

  async function save(values: Values, publish: boolean) {
    setSaving(publish ? 'publish' : 'draft');
    try {
      const body = {
        title: values.title,
        bodyHtml: values.bodyHtml,
        targets: targetsOf(values.targets),
        pinned: values.pinned ?? false,
        publishAt: values.publishAt ?? null,
        expireAt: values.expireAt ?? null,
        fileIds: values.fileIds ?? [],
      };
      const saved = noticeId
        ? await api<NoticeDetail>('PATCH', `${noticesPath(communityId)}/${noticeId}`, body)
        : await post<NoticeDetail>(noticesPath(communityId), body);
      if (!publish) return await feedback.saved(onClose, t('notices.saved'));
      const done = await post<NoticeDetail>(`${noticesPath(communityId)}/${saved.id}/publish`);
      await feedback.saved(
        onClose,
        done.status === 'scheduled'
          ? t('notices.scheduled', { time: formatDateTime(done.publishAt!, i18n.language) })
          : t('notices.publishedNow'),
      );
    } catch (err) {
      const errors = formErrors(err, t);
      if (errors.length) form.setFields(errors as Parameters<typeof form.setFields>[0]);
      message.error(errorText(err, t));
    } finally {
      setSaving(null);
    }
  }

  const submit = (publish: boolean) => () =>
    form.validateFields().then(
      (values) => save(values, publish),
      () => undefined,
    );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t(noticeId ? 'notices.edit' : 'notices.new')}
      size="min(760px, 100vw)"
      destroyOnHidden
      footer={
        <Space wrap>
          <Button type="primary" loading={saving === 'publish'} onClick={submit(true)}>
            {t('notices.saveAndPublish')}
          </Button>
          <Button loading={saving === 'draft'} onClick={submit(false)}>
            {t('notices.saveDraft')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
    >
      {noticeId && existing.isPending ? (
        <Skeleton active />
      ) : (
        <Form form={form} name="notice" layout="vertical" initialValues={{ targets: [], pinned: false }}>
          <Form.Item
            name="title"
            label={t('notices.fields.title')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input maxLength={100} showCount />
          </Form.Item>
          <Form.Item
            name="targets"
            label={t('notices.fields.targets')}
            extra={t('notices.targets.hint')}
            rules={[{ required: true, type: 'array', min: 1, message: t('notices.targets.required') }]}
          >
            <TargetTree />
          </Form.Item>
          <Form.Item
            name="bodyHtml"
            label={t('notices.fields.body')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <RichText label={t('notices.fields.body')} />
          </Form.Item>
          <Form.Item name="fileIds" label={t('notices.fields.files')} extra={t('notices.filesHint')}>
            <FileInput communityId={communityId} label={t('notices.addFile')} />
          </Form.Item>
          <Form.Item name="pinned" label={t('notices.fields.pinned')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Space wrap size="large">
            <Form.Item
              name="publishAt"
              label={t('notices.fields.publishAt')}
              extra={t('notices.publishAtHint')}
            >
              <DateTimeInput />
            </Form.Item>
            <Form.Item name="expireAt" label={t('notices.fields.expireAt')} extra={t('notices.expireAtHint')}>
              <DateTimeInput />
            </Form.Item>
          </Space>
        </Form>
      )}
    </Drawer>
  );
}
