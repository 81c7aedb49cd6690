import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Space,
  Steps,
  Switch,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, patch, post } from '../../../shared/api';
import { useWriteFeedback, useFormModalProps } from '../../components/feedback';
import { useCan } from '../organisations/kit';
import type { Assembly, AssemblyStatus } from '../../../resident/pages/assemblies/model';
import { assemblyPath, DateTimeInput, useWhen } from './parts';

/** The steps in order, as the Steps bar shows them; cancelled sits outside the line. */
const line: AssemblyStatus[] = ['draft', 'announced', 'voting', 'closed', 'published', 'archived'];

type Step = 'announce' | 'open' | 'close' | 'publish' | 'archive';

/** Which plain step each status offers next. */
const nextStep: Partial<Record<AssemblyStatus, Step>> = {
  draft: 'announce',
  announced: 'open',
  voting: 'close',
  closed: 'publish',
  published: 'archive',
};

const dayMs = 24 * 60 * 60 * 1000;

/**
 * 概况与流程: where the assembly stands, its dates and frozen roll, and the one next step — each
 * behind a confirmation saying what it does, with the server's refusal shown in words if it fails.
 */
export function LifecycleTab({ communityId, assembly: a }: { communityId: string; assembly: Assembly }) {
  const { t } = useTranslation();
  const when = useWhen();
  const { modal } = App.useApp();
  const feedback = useWriteFeedback();
  const canManage = useCan('assemblies.manage');
  const [problem, setProblem] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'edit' | 'extend' | 'cancel' | null>(null);
  const base = assemblyPath(communityId, a.id);

  const step = useMutation({
    mutationFn: (s: Step) => post<Assembly>(`${base}/${s}`),
    onSuccess: (_, s) => {
      setProblem(null);
      return feedback.saved(undefined, t(`assemblies.step.${s}.done`));
    },
    onError: (err) => {
      setProblem(errorText(err, t));
      feedback.failed(err);
    },
  });

  function confirmStep(s: Step) {
    modal.confirm({
      title: t(`assemblies.step.${s}.confirmTitle`),
      content: t(`assemblies.step.${s}.confirmText`, { days: a.noticeDays }),
      okText: t(`assemblies.step.${s}.button`),
      cancelText: t('common.cancel'),
      onOk: () => step.mutateAsync(s).catch(() => undefined),
    });
  }

  const current = line.indexOf(a.status);
  const offered = nextStep[a.status];
  const earliestOpen =
    a.announcedAt !== null ? Math.max(a.votingStartsAt, a.announcedAt + a.noticeDays * dayMs) : null;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {a.status === 'cancelled' ? (
        <Alert
          type="warning"
          showIcon
          title={t('assemblies.cancelledWith', { reason: a.cancelReason ?? '' })}
        />
      ) : (
        <Steps
          current={current}
          size="small"
          items={line.map((s) => ({ key: s, title: t(`assemblies.status.${s}`) }))}
          aria-label={t('assemblies.stepsLabel')}
        />
      )}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'compound', label: t('assemblies.field.compound'), children: a.compoundName },
          {
            key: 'window',
            label: t('assemblies.field.window'),
            children: t('assemblies.windowText', { from: when(a.votingStartsAt), to: when(a.votingEndsAt) }),
          },
          {
            key: 'notice',
            label: t('assemblies.field.noticeDays'),
            children: t('assemblies.days', { count: a.noticeDays }),
          },
          {
            key: 'publicVotes',
            label: t('assemblies.field.publicVotes'),
            children: a.publicVotes ? t('common.yes') : t('common.no'),
          },
          { key: 'announced', label: t('assemblies.field.announcedAt'), children: when(a.announcedAt) },
          { key: 'opened', label: t('assemblies.field.openedAt'), children: when(a.openedAt) },
          { key: 'closed', label: t('assemblies.field.closedAt'), children: when(a.closedAt) },
          { key: 'published', label: t('assemblies.field.publishedAt'), children: when(a.publishedAt) },
          ...(a.extendedAt !== null
            ? [
                {
                  key: 'extension',
                  label: t('assemblies.field.extension'),
                  span: 2,
                  children: t('assemblies.extensionText', {
                    original: when(a.originalEndsAt),
                    now: when(a.votingEndsAt),
                    reason: a.extensionReason ?? '',
                  }),
                },
              ]
            : []),
          ...(a.description
            ? [
                {
                  key: 'description',
                  label: t('assemblies.field.description'),
                  span: 2,
                  children: a.description,
                },
              ]
            : []),
        ]}
      />

      <Card title={t('assemblies.snapshot.title')} size="small">
        {a.openedAt === null ? (
          <Typography.Paragraph>{t('assemblies.snapshot.notYet')}</Typography.Paragraph>
        ) : (
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              { key: 'rooms', label: t('assemblies.snapshot.rooms'), children: a.roomCount },
              { key: 'area', label: t('assemblies.snapshot.area'), children: `${a.totalArea} m²` },
              { key: 'heads', label: t('assemblies.snapshot.heads'), children: a.totalHeads },
            ]}
          />
        )}
      </Card>

      {canManage && (
        <Card title={t('assemblies.actions.title')} size="small">
          {problem && (
            <Alert
              type="error"
              showIcon
              title={problem}
              closable={{ onClose: () => setProblem(null) }}
              style={{ marginBottom: 12 }}
            />
          )}
          {offered && (
            <Typography.Paragraph>
              {t(`assemblies.step.${offered}.when`, {
                earliest: when(earliestOpen),
                deadline: when(a.votingEndsAt),
                days: a.noticeDays,
              })}
            </Typography.Paragraph>
          )}
          <Space wrap>
            {a.status === 'draft' && (
              <Button onClick={() => setDialog('edit')}>{t('assemblies.actions.edit')}</Button>
            )}
            {offered && (
              <Button type="primary" loading={step.isPending} onClick={() => confirmStep(offered)}>
                {t(`assemblies.step.${offered}.button`)}
              </Button>
            )}
            {(a.status === 'announced' || a.status === 'voting') && a.extendedAt === null && (
              <Button onClick={() => setDialog('extend')}>{t('assemblies.actions.extend')}</Button>
            )}
            {(a.status === 'draft' || a.status === 'announced') && (
              <Button danger onClick={() => setDialog('cancel')}>
                {t('assemblies.actions.cancel')}
              </Button>
            )}
          </Space>
          {a.extendedAt !== null && (a.status === 'announced' || a.status === 'voting') && (
            <Typography.Paragraph style={{ marginTop: 12 }}>
              {t('assemblies.actions.extendedOnce')}
            </Typography.Paragraph>
          )}
        </Card>
      )}
      {dialog === 'edit' && <EditDialog base={base} assembly={a} onClose={() => setDialog(null)} />}
      {dialog === 'extend' && <ExtendDialog base={base} assembly={a} onClose={() => setDialog(null)} />}
      {dialog === 'cancel' && <CancelDialog base={base} onClose={() => setDialog(null)} />}
    </Space>
  );
}

/** A write from a dialog: the server's refusal stays in the dialog, in words. */
function useDialogWrite<V>(write: (values: V) => Promise<unknown>, onClose: () => void) {
  const { t } = useTranslation();
  const feedback = useWriteFeedback();
  const [problem, setProblem] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: write,
    onSuccess: () => feedback.saved(onClose),
    onError: (err) => setProblem(errorText(err, t)),
  });
  const alert = problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />;
  return { mutation, alert };
}

function EditDialog({
  base,
  assembly: a,
  onClose,
}: {
  base: string;
  assembly: Assembly;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const formModal = useFormModalProps();
  const { mutation, alert } = useDialogWrite((v: Record<string, unknown>) => patch(base, v), onClose);
  return (
    <Modal open title={t('assemblies.actions.edit')} {...formModal(form, mutation.isPending, onClose)}>
      {alert}
      <Form
        form={form}
        name="assemblyEdit"
        layout="vertical"
        initialValues={{
          title: a.title,
          description: a.description ?? '',
          votingStartsAt: a.votingStartsAt,
          votingEndsAt: a.votingEndsAt,
          publicVotes: a.publicVotes,
        }}
        onFinish={(v) => mutation.mutate(v)}
      >
        <Form.Item
          name="title"
          label={t('assemblies.field.title')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label={t('assemblies.field.description')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item
          name="votingStartsAt"
          label={t('assemblies.field.votingStartsAt')}
          extra={t('assemblies.noticeHint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DateTimeInput />
        </Form.Item>
        <Form.Item
          name="votingEndsAt"
          label={t('assemblies.field.votingEndsAt')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DateTimeInput />
        </Form.Item>
        <Form.Item
          name="publicVotes"
          label={t('assemblies.field.publicVotes')}
          valuePropName="checked"
          extra={t('assemblies.publicVotesHint')}
        >
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 延期: once only, with a reason every owner is told. */
function ExtendDialog({
  base,
  assembly: a,
  onClose,
}: {
  base: string;
  assembly: Assembly;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const formModal = useFormModalProps();
  const { mutation, alert } = useDialogWrite(
    (v: { votingEndsAt: number; reason: string }) => post(`${base}/extend`, v),
    onClose,
  );
  return (
    <Modal
      open
      title={t('assemblies.actions.extend')}
      {...formModal(form, mutation.isPending, onClose)}
      okText={t('assemblies.actions.extendOk')}
    >
      <Typography.Paragraph>{t('assemblies.actions.extendIntro')}</Typography.Paragraph>
      {alert}
      <Form
        form={form}
        name="assemblyExtend"
        layout="vertical"
        initialValues={{ votingEndsAt: a.votingEndsAt + 7 * dayMs }}
        onFinish={(v) => mutation.mutate(v)}
      >
        <Form.Item
          name="votingEndsAt"
          label={t('assemblies.field.newDeadline')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DateTimeInput />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('assemblies.field.reason')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CancelDialog({ base, onClose }: { base: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const formModal = useFormModalProps();
  const { mutation, alert } = useDialogWrite((v: { reason: string }) => post(`${base}/cancel`, v), onClose);
  return (
    <Modal
      open
      title={t('assemblies.actions.cancel')}
      {...formModal(form, mutation.isPending, onClose)}
      okText={t('assemblies.actions.cancelOk')}
      okButtonProps={{ danger: true }}
    >
      <Typography.Paragraph>{t('assemblies.actions.cancelIntro')}</Typography.Paragraph>
      {alert}
      <Form form={form} name="assemblyCancel" layout="vertical" onFinish={(v) => mutation.mutate(v)}>
        <Form.Item
          name="reason"
          label={t('assemblies.field.reason')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
