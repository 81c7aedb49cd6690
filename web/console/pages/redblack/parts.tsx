import { useMutation } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Radio, Upload, type UploadFile } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, post } from '../../../shared/api';
import { uploadFile, type UploadedFile } from '../../../shared/upload';
import { useFormModalProps, useWriteFeedback } from '../../components/feedback';
import { fieldErrors } from '../../components/ResourcePage';
import { listMarks, type ListKind } from '../conventions/model';

/** Pieces the red/black list, appeal and duty-rule pages share. */

export function ListText({ list }: { list: ListKind }) {
  const { t } = useTranslation();
  return (
    <span className={`list-${list}`}>
      <span aria-hidden>{listMarks[list]} </span>
      {t(`redBlack.list.${list}`)}
    </span>
  );
}

/** Evidence photos or PDFs (证据), uploaded as they are picked; the form field's value is their ids. */
export function EvidenceUpload({
  id,
  communityId,
  onChange,
}: {
  id?: string;
  communityId: string;
  value?: string[];
  onChange?: (ids: string[]) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile<UploadedFile>[]>([]);
  return (
    <Upload<UploadedFile>
      id={id}
      accept="image/jpeg,image/png,image/webp,application/pdf"
      listType="picture"
      multiple
      maxCount={9}
      fileList={files}
      onChange={({ fileList }) => {
        setFiles(fileList);
        onChange?.(fileList.flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : [])));
      }}
      customRequest={({ file, onProgress, onSuccess, onError }) => {
        uploadFile(communityId, file as File, (f) => onProgress?.({ percent: Math.round(f * 100) }))
          .then((stored) => onSuccess?.(stored))
          .catch((err: unknown) => {
            message.error(errorText(err, t));
            onError?.(err as Error);
          });
      }}
    >
      <Button>{t('redBlack.addEvidence')}</Button>
    </Upload>
  );
}

export interface DecisionField {
  name: string;
  label: string;
  kind: 'text' | 'approve' | 'uphold' | 'days';
  required?: boolean;
  initial?: unknown;
}

/**
 * A small dialog that posts one decision (review, publish, remove, decide an appeal or report):
 * its fields, the server's refusal beside them, and the lists refreshed after it lands.
 */
export function DecisionModal({
  title,
  path,
  fields,
  intro,
  onClose,
}: {
  title: string;
  /** Where to post; null keeps the dialog closed. */
  path: string | null;
  fields: DecisionField[];
  intro?: ReactNode;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const formModal = useFormModalProps();
  const feedback = useWriteFeedback();
  const save = useMutation({
    mutationFn: (values: Record<string, unknown>) => post(path!, values),
    onSuccess: () => feedback.saved(onClose),
    onError: (err) => {
      form.setFields(fieldErrors(err));
      feedback.failed(err);
    },
  });
  return (
    <Modal open={!!path} title={title} {...formModal(form, save.isPending, onClose)}>
      {intro}
      <Form
        form={form}
        name="decision"
        layout="vertical"
        initialValues={Object.fromEntries(fields.map((f) => [f.name, f.initial]))}
        onFinish={(v: Record<string, unknown>) => save.mutate(v)}
      >
        {fields.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={t(f.label)}
            rules={f.required ? [{ required: true, message: t('common.required') }] : []}
          >
            {f.kind === 'text' ? (
              <Input.TextArea rows={3} maxLength={2000} />
            ) : f.kind === 'days' ? (
              <InputNumber min={1} max={365} suffix={t('redBlack.daysUnit')} />
            ) : (
              <Radio.Group
                options={[
                  { value: true, label: t(f.kind === 'approve' ? 'redBlack.approve' : 'redBlack.uphold') },
                  { value: false, label: t(f.kind === 'approve' ? 'redBlack.reject' : 'redBlack.dismiss') },
                ]}
              />
            )}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

/** An appeal's or report's state in words, its age while it waits. */
export function DecisionState({
  state,
  ageDays,
}: {
  state: 'open' | 'upheld' | 'dismissed';
  ageDays?: number;
}) {
  const { t } = useTranslation();
  const mark = state === 'open' ? '○' : state === 'upheld' ? '✓' : '✗';
  return (
    <span className={state === 'open' && (ageDays ?? 0) >= 7 ? 'overdue' : undefined}>
      <span aria-hidden>{mark} </span>
      {t(`redBlack.decision.${state}`)}
      {state === 'open' && ageDays !== undefined && ` · ${t('redBlack.waiting', { count: ageDays })}`}
    </span>
  );
}
