import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Spin,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { errorText, get, post, type Page } from '../../../shared/api';
import { useFormModalProps } from '../../components/feedback';
import { useCan } from '../organisations/kit';
import { ActionStateTag, Thumbs, TopicStateTag, useDeliberationNames, useWhen } from './common';
import { delibKey, deliberationPath, type Meeting, type TopicDetail, type TrailEntry } from './model';

/** The trail's data fields worth a line of their own, when a step carries them. */
const detailKeys = ['reason', 'meetingTitle', 'title', 'text', 'note', 'comment'] as const;

/** One step of the trail in words: who did what, and the few words they gave. */
function TrailStep({ event }: { event: TrailEntry }) {
  const { t } = useTranslation();
  const when = useWhen();
  const details = detailKeys.flatMap((k) => (typeof event.data[k] === 'string' ? [event.data[k]] : []));
  const stars = typeof event.data.stars === 'number' ? event.data.stars : null;
  // A topic raised at the desk or from an order says so: the actor is staff, not the raiser.
  const channel = event.data.channel;
  const kind =
    event.kind === 'raised' && (channel === 'staff' || channel === 'order')
      ? `raised_${channel}`
      : event.kind;
  return (
    <div>
      <div className="timeline-when">{when(event.at)}</div>
      <div className="timeline-what">
        {t(`deliberation.trail.${kind}`, {
          who: event.actorName,
          defaultValue: `${event.actorName} · ${kind}`,
        })}
        {stars !== null && ` ${'★'.repeat(stars)}${'☆'.repeat(5 - stars)}`}
      </div>
      {details.map((d, i) => (
        <div key={i}>“{d}”</div>
      ))}
    </div>
  );
}

/** 上会: put an accepted topic on a coming meeting's agenda, or start a new meeting with it. */
function ScheduleModal({
  communityId,
  topic,
  onClose,
  onDone,
}: {
  communityId: string;
  topic: TopicDetail;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const when = useWhen();
  const formModal = useFormModalProps();
  const [form] = Form.useForm<{ meetingId: string }>();
  const base = deliberationPath(communityId);
  const meetings = useQuery({
    queryKey: delibKey('meetings', 'coming', communityId),
    queryFn: () => get<Page<Meeting>>(`${base}/meetings?state=scheduled&pageSize=100`),
  });
  // A compound's meeting takes that compound's topics only; a community-wide meeting takes any.
  const fitting = (meetings.data?.items ?? []).filter(
    (m) => !m.compoundId || m.compoundId === topic.compoundId,
  );
  const add = useMutation({
    mutationFn: (v: { meetingId: string }) =>
      post(`${base}/meetings/${v.meetingId}/agenda`, { topicId: topic.id }),
    onSuccess: () => {
      message.success(t('deliberation.schedule.done'));
      onDone();
    },
    onError: (err) => message.error(errorText(err, t)),
  });
  return (
    <Modal open title={t('deliberation.schedule.title')} {...formModal(form, add.isPending, onClose)}>
      <Typography.Paragraph>{topic.title}</Typography.Paragraph>
      <Form form={form} name="schedule-topic" layout="vertical" onFinish={(v) => add.mutate(v)}>
        <Form.Item
          name="meetingId"
          label={t('deliberation.schedule.meeting')}
          rules={[{ required: true, message: t('common.required') }]}
          extra={meetings.data && !fitting.length ? t('deliberation.schedule.none') : undefined}
        >
          <Select
            loading={meetings.isPending}
            options={fitting.map((m) => ({ value: m.id, label: `${when(m.startsAt)} · ${m.title}` }))}
          />
        </Form.Item>
      </Form>
      <Button onClick={() => navigate(`/meetings?new=1&topicId=${topic.id}`)}>
        {t('deliberation.schedule.newMeeting')}
      </Button>
    </Modal>
  );
}

/** 不予受理: the reason goes to the raiser and onto the public trail. */
function DeclineModal({
  communityId,
  topic,
  onClose,
  onDone,
}: {
  communityId: string;
  topic: TopicDetail;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formModal = useFormModalProps();
  const [form] = Form.useForm<{ reason: string }>();
  const decline = useMutation({
    mutationFn: (v: { reason: string }) =>
      post(`${deliberationPath(communityId)}/topics/${topic.id}/decline`, { reason: v.reason.trim() }),
    onSuccess: () => {
      message.success(t('deliberation.decline.done'));
      onDone();
    },
    onError: (err) => message.error(errorText(err, t)),
  });
  return (
    <Modal open title={t('deliberation.decline.title')} {...formModal(form, decline.isPending, onClose)}>
      <Form form={form} name="decline-topic" layout="vertical" onFinish={(v) => decline.mutate(v)}>
        <Form.Item
          name="reason"
          label={t('deliberation.decline.reason')}
          extra={t('deliberation.decline.hint')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One topic at the desk: what and where, its trail, photos and comments; accept, decline, put on a meeting. */
export function TopicDrawer({
  communityId,
  topicId,
  onClose,
}: {
  communityId: string;
  topicId: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const when = useWhen();
  const canManage = useCan('deliberation.manage');
  const names = useDeliberationNames(communityId);
  const [step, setStep] = useState<'schedule' | 'decline' | null>(null);
  const base = `${deliberationPath(communityId)}/topics/${topicId}`;
  const detail = useQuery({
    queryKey: delibKey('topic', topicId),
    enabled: !!topicId,
    queryFn: () => get<TopicDetail>(base),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: delibKey() });
  const act = useMutation({
    mutationFn: (what: { path: string; text: string }) => post(`${base}/${what.path}`),
    onSuccess: (_, what) => {
      message.success(what.text);
      refresh();
    },
    onError: (err) => message.error(errorText(err, t)),
  });
  const done = () => {
    setStep(null);
    refresh();
  };

  const x = detail.data;
  return (
    <Drawer
      open={!!topicId}
      onClose={onClose}
      size="large"
      title={x ? x.title : t('deliberation.detail')}
      destroyOnHidden
      className="delib-drawer"
    >
      {detail.isPending && <Spin />}
      {detail.isError && <Alert type="error" showIcon title={errorText(detail.error, t)} />}
      {x && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Space wrap>
            <TopicStateTag state={x.state} />
            <span>
              {t('deliberation.supportsOf', {
                count: x.supportCount,
                threshold: names.settings.data?.supportThreshold ?? '—',
              })}
            </span>
          </Space>
          {canManage && (
            <Space wrap>
              {x.state === 'raised' && (
                <Button
                  type="primary"
                  loading={act.isPending}
                  onClick={() => act.mutate({ path: 'accept', text: t('deliberation.accept.done') })}
                >
                  {t('deliberation.accept.button')}
                </Button>
              )}
              {x.state === 'accepted' && (
                <Button type="primary" onClick={() => setStep('schedule')}>
                  {t('deliberation.schedule.button')}
                </Button>
              )}
              {(x.state === 'raised' || x.state === 'accepted') && (
                <Button danger onClick={() => setStep('decline')}>
                  {t('deliberation.decline.button')}
                </Button>
              )}
            </Space>
          )}
          <Typography.Paragraph className="delib-body">{x.body}</Typography.Paragraph>
          <Thumbs photos={x.photos} label={t('deliberation.photos')} />
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: 'category', label: t('deliberation.col.category'), children: x.categoryName },
              {
                key: 'where',
                label: t('deliberation.col.compound'),
                children: [x.compoundName ?? t('deliberation.wholeCommunity'), x.buildingName, x.placeText]
                  .filter(Boolean)
                  .join(' · '),
              },
              { key: 'raiser', label: t('deliberation.col.raiser'), children: x.raiserName },
              {
                key: 'channel',
                label: t('deliberation.col.channel'),
                children: x.sourceOrderId ? (
                  <Link to={`/orders/${x.sourceOrderId}`}>{t('deliberation.channel.order')}</Link>
                ) : (
                  t(`deliberation.channel.${x.channel}`)
                ),
              },
              { key: 'created', label: t('deliberation.col.raisedAt'), children: when(x.createdAt) },
              ...(x.declineReason
                ? [{ key: 'declined', label: t('deliberation.decline.reason'), children: x.declineReason }]
                : []),
              ...(x.meeting
                ? [
                    {
                      key: 'meeting',
                      label: t('deliberation.col.meeting'),
                      children: (
                        <Link to={`/meetings/${x.meeting.id}`}>
                          {when(x.meeting.startsAt)} · {x.meeting.typeName} · {x.meeting.title}
                        </Link>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {x.decisions.length > 0 && (
            <section aria-labelledby="topic-decisions">
              <Typography.Title level={4} id="topic-decisions">
                {t('deliberation.decisions')}
              </Typography.Title>
              {x.decisions.map((d) => (
                <div key={d.id} className="delib-decision">
                  <Typography.Paragraph>
                    <strong>{d.text}</strong> · {d.decidedBy}
                  </Typography.Paragraph>
                </div>
              ))}
              <List
                size="small"
                dataSource={x.actions}
                locale={{ emptyText: t('deliberation.actions.none') }}
                renderItem={(a) => (
                  <List.Item>
                    <Space wrap>
                      <span>{a.title}</span>
                      <span>
                        {t('deliberation.actions.ownerDue', { owner: a.ownerName, due: a.dueDate })}
                      </span>
                      <ActionStateTag state={a.state} />
                      {a.doneNote && <span>“{a.doneNote}”</span>}
                    </Space>
                    <Thumbs
                      photos={a.photos}
                      label={t('deliberation.actions.evidenceOf', { title: a.title })}
                    />
                  </List.Item>
                )}
              />
            </section>
          )}
          <section aria-labelledby="topic-trail">
            <Typography.Title level={4} id="topic-trail">
              {t('deliberation.trailTitle')}
            </Typography.Title>
            <Timeline
              items={[...x.trail].reverse().map((e) => ({ key: e.seq, content: <TrailStep event={e} /> }))}
            />
          </section>
          <CommentsPanel communityId={communityId} topic={x} onHidden={refresh} />
        </Space>
      )}
      {x && step === 'schedule' && (
        <ScheduleModal communityId={communityId} topic={x} onClose={() => setStep(null)} onDone={done} />
      )}
      {x && step === 'decline' && (
        <DeclineModal communityId={communityId} topic={x} onClose={() => setStep(null)} onDone={done} />
      )}
    </Drawer>
  );
}

/** 留言: neighbours' comments, each hideable by staff (it stays on file, out of public view). */
function CommentsPanel({
  communityId,
  topic,
  onHidden,
}: {
  communityId: string;
  topic: TopicDetail;
  onHidden: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const when = useWhen();
  const canManage = useCan('deliberation.manage');
  const hide = useMutation({
    mutationFn: (commentId: string) =>
      post(`${deliberationPath(communityId)}/topics/${topic.id}/comments/${commentId}/hide`),
    onSuccess: () => {
      message.success(t('deliberation.comments.hidden'));
      onHidden();
    },
    onError: (err) => message.error(errorText(err, t)),
  });
  return (
    <section aria-labelledby="topic-comments">
      <Typography.Title level={4} id="topic-comments">
        {t('deliberation.comments.title', { count: topic.comments.length })}
      </Typography.Title>
      <List
        dataSource={topic.comments}
        locale={{ emptyText: t('deliberation.comments.none') }}
        renderItem={(c) => (
          <List.Item
            actions={
              canManage && !c.hidden
                ? [
                    <Button
                      key="hide"
                      size="small"
                      aria-label={t('deliberation.comments.hideNamed', { who: c.authorName })}
                      onClick={() =>
                        modal.confirm({
                          title: t('deliberation.comments.hideConfirm'),
                          okText: t('deliberation.comments.hide'),
                          cancelText: t('common.cancel'),
                          onOk: () => hide.mutateAsync(c.id),
                        })
                      }
                    >
                      {t('deliberation.comments.hide')}
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <span>{c.authorName}</span>
                  <span className="timeline-when">{when(c.createdAt)}</span>
                  {c.hidden && (
                    <span className="state-tag stopped">{t('deliberation.comments.isHidden')}</span>
                  )}
                </Space>
              }
              description={<span className={c.hidden ? 'delib-hidden' : undefined}>{c.body}</span>}
            />
          </List.Item>
        )}
      />
    </section>
  );
}
