import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space, Switch, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, type Page } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { ExportButton } from '../../components/ExportButton';
import { useFormModalProps, useWriteFeedback } from '../../components/feedback';
import { usePaging } from '../../components/paging';
import { HouseholdPicker } from '../../components/places';
import { fieldErrors } from '../../components/ResourcePage';
import { queryString } from '../organisations/kit';
import { stances, type Article, type ConventionDetail, type Opinion, type Stance } from './model';

const stanceMarks: Record<Stance, string> = { agree: '✓', disagree: '✗', suggest: '✎' };

/** "第3条" or "总体意见": which article an opinion is about. */
export function useArticleLabel() {
  const { t } = useTranslation();
  return (n: number | null) => (n === null ? t('conventions.general') : t('conventions.article', { n }));
}

/**
 * 征求意见: every household's opinion, by article and stance, online or collected door to door; staff
 * answer each one (the reply is what the household sees) and type in the ones collected on paper.
 */
export function OpinionsPanel({
  convention,
  articles,
  canEnter,
}: {
  convention: ConventionDetail;
  articles: Article[];
  canEnter: boolean;
}) {
  const { t, i18n } = useTranslation();
  const articleLabel = useArticleLabel();
  const { page, pageSize, pagination } = usePaging();
  const [articleNumber, setArticleNumber] = useState<string>();
  const [stance, setStance] = useState<Stance>();
  const [replying, setReplying] = useState<Opinion | null>(null);
  const [entering, setEntering] = useState(false);
  const path = `/communities/${convention.communityId}/conventions/${convention.id}/opinions`;
  const params = new URLSearchParams(
    queryString({
      page,
      pageSize,
      stance,
      ...(articleNumber === 'general' ? { general: 'true' } : { articleNumber }),
    }),
  );
  const list = useQuery({
    queryKey: ['list', path, params.toString()],
    queryFn: () => get<Page<Opinion>>(`${path}?${params}`),
  });
  const articleOptions = [
    { value: 'general', label: t('conventions.general') },
    ...articles.map((a) => ({ value: String(a.number), label: articleLabel(a.number) })),
  ];

  return (
    <div>
      <Space wrap className="panel-tools">
        <Select
          aria-label={t('conventions.opinion.article')}
          placeholder={t('conventions.opinion.article')}
          allowClear
          style={{ minWidth: 160 }}
          value={articleNumber}
          onChange={(v?: string) => setArticleNumber(v)}
          options={articleOptions}
        />
        <Select
          aria-label={t('conventions.opinion.stance')}
          placeholder={t('conventions.opinion.stance')}
          allowClear
          style={{ minWidth: 140 }}
          value={stance}
          onChange={(v?: Stance) => setStance(v)}
          options={stances.map((s) => ({ value: s, label: t(`conventions.stance.${s}`) }))}
        />
        <ExportButton path={path} params={params} />
        {canEnter && convention.state === 'consulting' && (
          <Button type="primary" onClick={() => setEntering(true)}>
            {t('conventions.opinion.enter')}
          </Button>
        )}
      </Space>
      <Table<Opinion>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        scroll={{ x: true }}
        dataSource={list.data?.items ?? []}
        pagination={pagination(list.data?.total)}
        columns={[
          {
            key: 'article',
            title: t('conventions.opinion.article'),
            render: (_, o) => articleLabel(o.articleNumber),
          },
          {
            key: 'stance',
            title: t('conventions.opinion.stance'),
            render: (_, o) => `${stanceMarks[o.stance]} ${t(`conventions.stance.${o.stance}`)}`,
          },
          { key: 'text', title: t('conventions.opinion.text'), dataIndex: 'text' },
          {
            key: 'household',
            title: t('conventions.opinion.household'),
            render: (_, o) => `${o.buildingName} ${o.roomNumber} ${o.householdName}`,
          },
          {
            key: 'channel',
            title: t('conventions.opinion.channel'),
            render: (_, o) => t(`conventions.channel.${o.channel}`),
          },
          {
            key: 'at',
            title: t('conventions.opinion.at'),
            render: (_, o) => formatDateTime(o.createdAt, i18n.language),
          },
          {
            key: 'reply',
            title: t('conventions.opinion.reply'),
            render: (_, o) =>
              o.reply ? (
                <span>
                  {o.reply}
                  {o.replyPublic && ` · ${t('conventions.opinion.public')}`}
                </span>
              ) : canEnter ? (
                <Button
                  size="small"
                  onClick={() => setReplying(o)}
                  aria-label={t('conventions.opinion.replyTo', { text: o.text.slice(0, 20) })}
                >
                  {t('conventions.opinion.replyButton')}
                </Button>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <ReplyModal opinion={replying} communityId={convention.communityId} onClose={() => setReplying(null)} />
      <EntryModal
        open={entering}
        path={path}
        articleOptions={articleOptions}
        onClose={() => setEntering(false)}
      />
    </div>
  );
}

function ReplyModal({
  opinion,
  communityId,
  onClose,
}: {
  opinion: Opinion | null;
  communityId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reply: string; public: boolean }>();
  const formModal = useFormModalProps();
  const feedback = useWriteFeedback();
  const save = useMutation({
    mutationFn: (v: { reply: string; public: boolean }) =>
      post(`/communities/${communityId}/convention-opinions/${opinion!.id}/reply`, {
        reply: v.reply,
        public: !!v.public,
      }),
    onSuccess: () => feedback.saved(onClose),
    onError: feedback.failed,
  });
  return (
    <Modal
      open={!!opinion}
      title={t('conventions.opinion.replyTitle')}
      {...formModal(form, save.isPending, onClose)}
    >
      <p>{opinion?.text}</p>
      <Form form={form} name="opinionReply" layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="reply"
          label={t('conventions.opinion.reply')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item
          name="public"
          valuePropName="checked"
          label={t('conventions.opinion.publicLabel')}
          extra={t('conventions.opinion.publicHint')}
        >
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 入户征求意见: an opinion a volunteer wrote down at the door, typed in for its household. */
function EntryModal({
  open,
  path,
  articleOptions,
  onClose,
}: {
  open: boolean;
  path: string;
  articleOptions: { value: string; label: string }[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const formModal = useFormModalProps();
  const feedback = useWriteFeedback();
  const save = useMutation({
    mutationFn: (v: { householdId: string; article: string; stance: Stance; text: string }) =>
      post(path, {
        householdId: v.householdId,
        ...(v.article && v.article !== 'general' ? { articleNumber: Number(v.article) } : {}),
        stance: v.stance,
        text: v.text,
      }),
    onSuccess: () => feedback.saved(onClose),
    onError: (err) => {
      form.setFields(fieldErrors(err));
      feedback.failed(err);
    },
  });
  return (
    <Modal open={open} title={t('conventions.opinion.enter')} {...formModal(form, save.isPending, onClose)}>
      <Form
        form={form}
        name="opinionEntry"
        layout="vertical"
        initialValues={{ article: 'general', stance: 'agree' }}
        onFinish={(v) => save.mutate(v)}
        onFinishFailed={() => message.error(t('common.required'))}
      >
        <Form.Item
          name="householdId"
          label={t('conventions.opinion.household')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <HouseholdPicker />
        </Form.Item>
        <Form.Item name="article" label={t('conventions.opinion.article')}>
          <Select options={articleOptions} />
        </Form.Item>
        <Form.Item name="stance" label={t('conventions.opinion.stance')}>
          <Select options={stances.map((s) => ({ value: s, label: t(`conventions.stance.${s}`) }))} />
        </Form.Item>
        <Form.Item
          name="text"
          label={t('conventions.opinion.text')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
