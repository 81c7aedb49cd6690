import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Col,
  Descriptions,
  Input,
  List,
  Row,
  Segmented,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, errorText, get, post, type Page } from '../../../shared/api';
import { fileUrl } from '../../../shared/upload';
import { useScope } from '../../components/scope';
import { FileInput } from '../assemblies/parts';
import '../../components/rich-text.css';
import { useCan } from '../organisations/kit';
import { ActionStateTag, MeetingStateTag, TopicStateTag, useDeliberationNames, useWhen } from './common';
import { DecisionModal } from './DecisionModal';
import { MeetingForm } from './MeetingForm';
import { delibKey, deliberationPath, type AgendaItem, type MeetingDetail, type Topic } from './model';

// The editor (tiptap and ProseMirror) reaches the browser only when a clerk opens the minutes.
const RichTextEditor = lazy(() => import('../../components/RichTextEditor'));

type Mode = 'prepare' | 'day';

const meetingPath = (communityId: string, meetingId: string) =>
  `${deliberationPath(communityId)}/meetings/${meetingId}`;

/** A write on the meeting: say so, and refetch it with every deliberation list. */
function useMeetingWrite(communityId: string, meetingId: string) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (w: { method?: 'POST' | 'DELETE' | 'PUT'; path: string; body?: unknown; done: string }) =>
      api<unknown>(w.method ?? 'POST', `${meetingPath(communityId, meetingId)}${w.path}`, w.body ?? {}),
    onSuccess: (_, w) => {
      message.success(w.done);
      void queryClient.invalidateQueries({ queryKey: delibKey() });
    },
    onError: (err) => message.error(errorText(err, t)),
  });
}

/**
 * 发送通知: the notice goes to every invitee with an account; those without one (co-build units,
 * named guests) are listed, for the clerk to phone.
 */
function useNotice(communityId: string, meetingId: string) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      post<{ notified: number; unreachable: string[] }>(`${meetingPath(communityId, meetingId)}/notice`),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: delibKey() });
      if (!r.unreachable.length) {
        message.success(t('deliberation.meeting.noticeDone', { count: r.notified }));
        return;
      }
      modal.info({
        title: t('deliberation.meeting.noticeDone', { count: r.notified }),
        content: t('deliberation.meeting.noticeUnreachable', { names: r.unreachable.join('、') }),
        okText: t('common.confirm'),
      });
    },
    onError: (err) => message.error(errorText(err, t)),
  });
}

/** 签到: the QR code for phones, and a button per invitee for those who signed on paper or have no phone. */
function AttendancePanel({
  communityId,
  meeting,
  large,
}: {
  communityId: string;
  meeting: MeetingDetail;
  large: boolean;
}) {
  const { t } = useTranslation();
  const when = useWhen();
  const canManage = useCan('deliberation.manage');
  const write = useMeetingWrite(communityId, meeting.id);
  const open = meeting.state === 'scheduled' || meeting.state === 'in_progress';
  const invited = meeting.invitees.filter((i) => i.invited);
  const signed = meeting.invitees.filter((i) => i.signedInAt);
  return (
    <section aria-labelledby="attendance-title" className="delib-panel">
      <Typography.Title level={3} id="attendance-title">
        {t('deliberation.attendance.title')}
      </Typography.Title>
      <p className="attendance-count" aria-live="polite">
        {t('deliberation.attendance.count', {
          signed: signed.length,
          invited: invited.length,
          walkIns: signed.length - signed.filter((i) => i.invited).length,
        })}
      </p>
      {/* The code is the meeting's secret: only those who manage it are given it (checkinPath). */}
      {open && meeting.checkinPath && (
        <figure className={large ? 'checkin-qr large' : 'checkin-qr'}>
          <img
            src={`/api/v1${meetingPath(communityId, meeting.id)}/checkin-qr.svg`}
            alt={t('deliberation.attendance.qrAlt', { title: meeting.title })}
          />
          <figcaption>
            {t('deliberation.attendance.qrHint')}
            <br />
            <span className="checkin-link">{`${window.location.origin}${meeting.checkinPath}`}</span>
          </figcaption>
        </figure>
      )}
      <List
        size="small"
        dataSource={meeting.invitees}
        locale={{ emptyText: t('deliberation.invitees.none') }}
        renderItem={(i) => (
          <List.Item
            actions={
              canManage && open && !i.signedInAt
                ? [
                    <Button
                      key="sign"
                      size="small"
                      aria-label={t('deliberation.attendance.signNamed', { name: i.name })}
                      loading={write.isPending && write.variables?.path === `/attendance/${i.id}`}
                      onClick={() =>
                        write.mutate({
                          path: `/attendance/${i.id}`,
                          done: t('deliberation.attendance.signed', { name: i.name }),
                        })
                      }
                    >
                      {t('deliberation.attendance.sign')}
                    </Button>,
                  ]
                : []
            }
          >
            <Space wrap>
              <span className="invitee-name">{i.name}</span>
              {i.organisationKind && (
                <span className="invitee-kind">{t(`deliberation.invitees.kind.${i.organisationKind}`)}</span>
              )}
              {!i.organisationKind && i.partyLabel && <span className="invitee-kind">{i.partyLabel}</span>}
              {!i.invited && <span className="invitee-kind">{t('deliberation.attendance.walkIn')}</span>}
              {i.signedInAt ? (
                <span className="state-tag done">
                  <span aria-hidden>✓ </span>
                  {t('deliberation.attendance.signedAt', {
                    at: when(i.signedInAt),
                    via: t(`deliberation.attendance.via.${i.signedInVia ?? 'staff'}`),
                  })}
                </span>
              ) : (
                <span className="state-tag waiting">
                  <span aria-hidden>○ </span>
                  {t('deliberation.attendance.notYet')}
                </span>
              )}
            </Space>
          </List.Item>
        )}
      />
    </section>
  );
}

/** Puts an accepted topic, or an item of the meeting's own, on the agenda. */
function AgendaAdder({ communityId, meeting }: { communityId: string; meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const [topicId, setTopicId] = useState<string>();
  const [title, setTitle] = useState('');
  const write = useMeetingWrite(communityId, meeting.id);
  const queue = useQuery({
    queryKey: delibKey('topics', 'queue', communityId),
    queryFn: () => get<Page<Topic>>(`${deliberationPath(communityId)}/topics?state=accepted&pageSize=100`),
  });
  return (
    <div className="agenda-add">
      <Space.Compact block>
        <Select
          aria-label={t('deliberation.agenda.fromQueue')}
          placeholder={t('deliberation.agenda.fromQueue')}
          style={{ flex: 1, minWidth: 0 }}
          value={topicId}
          onChange={setTopicId}
          showSearch={{ optionFilterProp: 'label' }}
          notFoundContent={t('deliberation.agenda.queueEmpty')}
          options={(queue.data?.items ?? []).map((x) => ({ value: x.id, label: x.title }))}
        />
        <Button
          disabled={!topicId}
          onClick={() =>
            write.mutate(
              { path: '/agenda', body: { topicId }, done: t('deliberation.agenda.added') },
              { onSuccess: () => setTopicId(undefined) },
            )
          }
        >
          {t('deliberation.agenda.add')}
        </Button>
      </Space.Compact>
      <Space.Compact block>
        <Input
          aria-label={t('deliberation.agenda.adHoc')}
          placeholder={t('deliberation.agenda.adHoc')}
          value={title}
          maxLength={80}
          onChange={(e) => setTitle(e.target.value)}
        />
        <Button
          disabled={!title.trim()}
          onClick={() =>
            write.mutate(
              { path: '/agenda', body: { title: title.trim() }, done: t('deliberation.agenda.added') },
              { onSuccess: () => setTitle('') },
            )
          }
        >
          {t('deliberation.agenda.add')}
        </Button>
      </Space.Compact>
    </div>
  );
}

/** 议程: each item with its outcome; in session, record the decision or put it off. */
function AgendaPanel({ communityId, meeting }: { communityId: string; meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const canManage = useCan('deliberation.manage');
  const write = useMeetingWrite(communityId, meeting.id);
  const [deciding, setDeciding] = useState<AgendaItem | null>(null);
  const editable = canManage && (meeting.state === 'scheduled' || meeting.state === 'in_progress');
  const inSession = canManage && meeting.state === 'in_progress';
  return (
    <section aria-labelledby="agenda-title" className="delib-panel">
      <Typography.Title level={3} id="agenda-title">
        {t('deliberation.agenda.title')}
      </Typography.Title>
      {meeting.state === 'scheduled' && canManage && (
        <Typography.Paragraph>{t('deliberation.agenda.startFirst')}</Typography.Paragraph>
      )}
      <ol className="agenda-list">
        {meeting.agenda.map((item) => (
          <li key={item.id} className="agenda-item">
            <div className="agenda-head">
              <strong>
                {item.topicId ? <Link to={`/topics/${item.topicId}`}>{item.title}</Link> : item.title}
              </strong>
              <span
                className={`state-tag ${item.outcome === 'decided' ? 'done' : item.outcome === 'deferred' ? 'stopped' : 'waiting'}`}
              >
                <span aria-hidden>
                  {item.outcome === 'decided' ? '✓ ' : item.outcome === 'deferred' ? '⏸ ' : '○ '}
                </span>
                {t(`deliberation.agenda.outcome.${item.outcome}`)}
              </span>
              {item.topicState && <TopicStateTag state={item.topicState} />}
            </div>
            {item.decision && (
              <div className="delib-decision">
                <p>
                  <strong>{t('deliberation.decision.label')}</strong> {item.decision.text}
                </p>
                <p>
                  {t('deliberation.decision.by', { by: item.decision.decidedBy })}
                  {item.decision.votesFor !== null &&
                    ` · ${t('deliberation.decision.votes', {
                      for: item.decision.votesFor,
                      against: item.decision.votesAgainst ?? 0,
                      abstain: item.decision.votesAbstain ?? 0,
                    })}`}
                </p>
                {item.decision.followUpKind === 'order' && item.decision.followUpId && (
                  <p>
                    <Link to={`/orders/${item.decision.followUpId}`}>
                      {t('deliberation.decision.orderLink')}
                    </Link>
                  </p>
                )}
                {item.decision.actions.length > 0 && (
                  <ul className="action-list">
                    {item.decision.actions.map((a) => (
                      <li key={a.id}>
                        <Space wrap>
                          <span>{a.title}</span>
                          <span>
                            {t('deliberation.actions.ownerDue', { owner: a.ownerName, due: a.dueDate })}
                          </span>
                          <ActionStateTag state={a.state} overdue={a.overdue} />
                        </Space>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )}
            {item.outcome === 'pending' && (inSession || editable) && (
              <Space wrap className="agenda-actions">
                {inSession && (
                  <Button
                    type="primary"
                    aria-label={t('deliberation.decision.recordNamed', { title: item.title })}
                    onClick={() => setDeciding(item)}
                  >
                    {t('deliberation.decision.record')}
                  </Button>
                )}
                {inSession && (
                  <Button
                    aria-label={t('deliberation.agenda.deferNamed', { title: item.title })}
                    onClick={() =>
                      write.mutate({
                        path: `/agenda/${item.id}/defer`,
                        done: t('deliberation.agenda.deferred'),
                      })
                    }
                  >
                    {t('deliberation.agenda.defer')}
                  </Button>
                )}
                {editable && (
                  <Button
                    danger
                    aria-label={t('deliberation.agenda.removeNamed', { title: item.title })}
                    onClick={() =>
                      modal.confirm({
                        title: t('deliberation.agenda.removeConfirm', { title: item.title }),
                        okText: t('deliberation.agenda.remove'),
                        cancelText: t('common.cancel'),
                        onOk: () =>
                          write.mutateAsync({
                            method: 'DELETE',
                            path: `/agenda/${item.id}`,
                            done: t('deliberation.agenda.removed'),
                          }),
                      })
                    }
                  >
                    {t('deliberation.agenda.remove')}
                  </Button>
                )}
              </Space>
            )}
          </li>
        ))}
      </ol>
      {meeting.agenda.length === 0 && (
        <Typography.Paragraph>{t('deliberation.agenda.empty')}</Typography.Paragraph>
      )}
      {editable && <AgendaAdder communityId={communityId} meeting={meeting} />}
      {deciding && (
        <DecisionModal
          communityId={communityId}
          meeting={meeting}
          item={deciding}
          onClose={() => setDeciding(null)}
        />
      )}
    </section>
  );
}

/** 附件: photos of the meeting, the signed sheet, a PDF; uploaded and attached in one step. */
function AttachmentsPanel({ communityId, meeting }: { communityId: string; meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const canManage = useCan('deliberation.manage');
  const write = useMeetingWrite(communityId, meeting.id);
  const editable = canManage && meeting.state !== 'cancelled';
  if (!editable && !meeting.attachments.length) return null;
  return (
    <section aria-labelledby="attachments-title" className="delib-panel">
      <Typography.Title level={3} id="attachments-title">
        {t('deliberation.attachments.title')}
      </Typography.Title>
      {meeting.attachments.length > 0 ? (
        <ul className="file-list">
          {meeting.attachments.map((f) => (
            <li key={f.id}>
              <a href={fileUrl(communityId, f.id)} target="_blank" rel="noopener noreferrer">
                {f.name}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <Typography.Paragraph>{t('deliberation.attachments.none')}</Typography.Paragraph>
      )}
      {editable && (
        <FileInput
          communityId={communityId}
          value={[]}
          label={t('deliberation.attachments.add')}
          onChange={(ids) =>
            Array.isArray(ids) &&
            ids.length > 0 &&
            write.mutate({
              path: '/attachments',
              body: { fileIds: ids },
              done: t('deliberation.attachments.added'),
            })
          }
        />
      )}
    </section>
  );
}

/** 会议纪要: what the server kept after cleaning, and the editor for those who keep the record. */
function MinutesPanel({ communityId, meeting }: { communityId: string; meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const when = useWhen();
  const canManage = useCan('deliberation.manage');
  // The text being written; null while the minutes are only shown.
  const [draft, setDraft] = useState<string | null>(null);
  const write = useMeetingWrite(communityId, meeting.id);
  const editable = canManage && meeting.state !== 'cancelled';
  return (
    <section aria-labelledby="minutes-title" className="delib-panel">
      <div className="panel-head">
        <Typography.Title level={3} id="minutes-title">
          {t('deliberation.minutes.title')}
        </Typography.Title>
        {editable && draft === null && (
          <Button onClick={() => setDraft(meeting.minutesHtml ?? '')}>
            {t('deliberation.minutes.edit')}
          </Button>
        )}
      </div>
      {draft !== null ? (
        <>
          <Suspense fallback={<Spin />}>
            <RichTextEditor value={draft} onChange={setDraft} label={t('deliberation.minutes.label')} />
          </Suspense>
          <Space wrap className="minutes-buttons">
            <Button
              type="primary"
              loading={write.isPending}
              onClick={() =>
                write.mutate(
                  {
                    method: 'PUT',
                    path: '/minutes',
                    body: { html: draft },
                    done: t('deliberation.minutes.saved'),
                  },
                  { onSuccess: () => setDraft(null) },
                )
              }
            >
              {t('deliberation.minutes.save')}
            </Button>
            <Button onClick={() => setDraft(null)}>{t('common.cancel')}</Button>
          </Space>
        </>
      ) : meeting.minutesHtml ? (
        <>
          {/* Cleaned by the server on the way in (src/modules/deliberation/minutes.ts): shown as it returned it. */}
          <div
            className="rich-text"
            data-testid="minutes"
            dangerouslySetInnerHTML={{ __html: meeting.minutesHtml }}
          />
          <Typography.Paragraph className="timeline-when">
            {t('deliberation.minutes.updated', { at: when(meeting.minutesUpdatedAt) })}
          </Typography.Paragraph>
        </>
      ) : (
        <Typography.Paragraph>{t('deliberation.minutes.none')}</Typography.Paragraph>
      )}
    </section>
  );
}

/** 会议: one meeting, to prepare (details, invitees, agenda, notice) or to run on the day (会议模式). */
export default function MeetingPage() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const { meetingId } = useParams();
  const [search, setSearch] = useSearchParams();
  const scope = useScope();
  const when = useWhen();
  const canManage = useCan('deliberation.manage');
  const [editing, setEditing] = useState(false);
  const communityId = scope.community?.id;
  const names = useDeliberationNames(communityId);
  const chosen = search.get('mode');
  const detail = useQuery({
    queryKey: delibKey('meeting', meetingId),
    enabled: !!communityId && !!meetingId,
    queryFn: () => get<MeetingDetail>(meetingPath(communityId!, meetingId!)),
    // On the day, phones sign in by QR code: keep the count on the desk's screen current.
    refetchInterval: (q) =>
      chosen === 'day' || (!chosen && q.state.data?.state === 'in_progress') ? 5000 : false,
  });
  const write = useMeetingWrite(communityId ?? '', meetingId ?? '');
  const notice = useNotice(communityId ?? '', meetingId ?? '');

  if (!communityId) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  if (detail.isPending) return <Spin />;
  if (detail.isError) return <Alert type="error" showIcon title={errorText(detail.error, t)} />;
  const m = detail.data;
  // A meeting in session opens in meeting-day mode unless the clerk chose otherwise.
  const mode: Mode = chosen === 'day' || (!chosen && m.state === 'in_progress') ? 'day' : 'prepare';
  const step = (path: string, done: string) => write.mutate({ path, done });
  const confirmStep = (path: string, title: string, done: string) =>
    modal.confirm({
      title,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: () => write.mutateAsync({ path, done }),
    });

  return (
    <section aria-labelledby="page-title" className={mode === 'day' ? 'meeting-day' : undefined}>
      <Typography.Paragraph>
        <Link to="/meetings">← {t('deliberation.meeting.back')}</Link>
      </Typography.Paragraph>
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {m.title}
        </Typography.Title>
        <Segmented<Mode>
          aria-label={t('deliberation.mode.label')}
          value={mode}
          onChange={(v) => setSearch(v === 'day' ? { mode: 'day' } : { mode: 'prepare' }, { replace: true })}
          options={[
            { value: 'prepare', label: t('deliberation.mode.prepare') },
            { value: 'day', label: t('deliberation.mode.day') },
          ]}
        />
      </div>
      <Space wrap className="meeting-facts">
        <MeetingStateTag state={m.state} />
        <span>{names.meetingType(m.type)}</span>
        <span>{when(m.startsAt)}</span>
        {m.place && <span>{m.place}</span>}
        <span>
          {m.noticeSentAt
            ? t('deliberation.meeting.noticeSentAt', { at: when(m.noticeSentAt) })
            : t('deliberation.meeting.noticeNotSent')}
        </span>
      </Space>
      {canManage && (
        <Space wrap className="meeting-steps">
          {m.state === 'scheduled' && (
            <>
              <Button onClick={() => setEditing(true)}>{t('deliberation.meeting.edit')}</Button>
              <Button loading={notice.isPending} onClick={() => notice.mutate()}>
                {t(m.noticeSentAt ? 'deliberation.meeting.noticeAgain' : 'deliberation.meeting.notice')}
              </Button>
              <Button type="primary" onClick={() => step('/start', t('deliberation.meeting.started'))}>
                {t('deliberation.meeting.start')}
              </Button>
              <Button
                danger
                onClick={() =>
                  confirmStep(
                    '/cancel',
                    t('deliberation.meeting.cancelConfirm'),
                    t('deliberation.meeting.cancelled'),
                  )
                }
              >
                {t('deliberation.meeting.cancel')}
              </Button>
            </>
          )}
          {m.state === 'in_progress' && (
            <Button
              type="primary"
              onClick={() =>
                confirmStep(
                  '/close',
                  t('deliberation.meeting.closeConfirm'),
                  t('deliberation.meeting.closed'),
                )
              }
            >
              {t('deliberation.meeting.close')}
            </Button>
          )}
        </Space>
      )}
      {mode === 'prepare' ? (
        <Row gutter={[24, 24]}>
          <Col xs={24} xl={14}>
            <Descriptions
              bordered
              size="small"
              column={1}
              className="delib-panel"
              items={[
                {
                  key: 'compound',
                  label: t('deliberation.col.compound'),
                  children: m.compoundName ?? t('deliberation.wholeCommunity'),
                },
                { key: 'starts', label: t('deliberation.meeting.startsAt'), children: when(m.startsAt) },
                { key: 'ends', label: t('deliberation.meeting.endsAt'), children: when(m.endsAt) },
                { key: 'place', label: t('deliberation.meeting.place'), children: m.place ?? '—' },
              ]}
            />
            <AgendaPanel communityId={communityId} meeting={m} />
            <MinutesPanel communityId={communityId} meeting={m} />
            <AttachmentsPanel communityId={communityId} meeting={m} />
          </Col>
          <Col xs={24} xl={10}>
            <AttendancePanel communityId={communityId} meeting={m} large={false} />
          </Col>
        </Row>
      ) : (
        <Row gutter={[24, 24]}>
          <Col xs={24} lg={15}>
            <AgendaPanel communityId={communityId} meeting={m} />
            <MinutesPanel communityId={communityId} meeting={m} />
            <AttachmentsPanel communityId={communityId} meeting={m} />
          </Col>
          <Col xs={24} lg={9}>
            <AttendancePanel communityId={communityId} meeting={m} large />
          </Col>
        </Row>
      )}
      {editing && <MeetingForm communityId={communityId} meeting={m} onClose={() => setEditing(false)} />}
    </section>
  );
}
