import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { OrderStateTag } from '../../../shared/OrderStateTag';
import {
  orderCategoryName,
  placeText,
  stepDetail,
  stepText,
  type OrderDetail,
  type OrderState,
} from '../../../shared/orders';
import { fileUrl } from '../../../shared/upload';
import { useFormModalProps } from '../../components/feedback';
import { useCan } from '../organisations/kit';
import { OrderTopic } from '../deliberation/OrderTopic';

/** GET …/orders/:id/proposal: the squads that could serve the order, and one squad's members ranked. */
interface Proposal {
  squadId: string | null;
  squads: {
    id: string;
    name: string;
    type: string;
    reach: 'grid' | 'compound' | 'community';
    typeMatches: boolean;
  }[];
  members: {
    personId: string;
    name: string;
    role: string;
    skills: string[];
    matchingSkills: string[];
    openOrders: number;
    atCap: boolean;
    hasAccount: boolean;
  }[];
  openCap: number;
}

const dispatchable: readonly OrderState[] = ['submitted', 'reopened', 'published', 'assigned'];
const cancellable: readonly OrderState[] = ['submitted', 'published', 'assigned', 'reopened'];
const visitable: readonly OrderState[] = ['resolved', 'closed', 'auto_closed'];
const live: readonly OrderState[] = [
  'submitted',
  'published',
  'assigned',
  'accepted',
  'in_progress',
  'resolved',
  'reopened',
];

type Step = 'escalate' | 'cancel' | 'return-visits' | 'confirm';

/** 派单: the system's proposal of squad and members; assign one member or put it on the squad's board. */
function DispatchPanel({
  order,
  onDone,
}: {
  order: OrderDetail;
  onDone: (o: OrderDetail, text: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [squadId, setSquadId] = useState<string | null>(null);
  const base = `/communities/${order.communityId}/orders/${order.id}`;
  const proposal = useQuery({
    queryKey: ['order-proposal', order.id, squadId],
    queryFn: () => get<Proposal>(`${base}/proposal${squadId ? `?squadId=${squadId}` : ''}`),
  });
  const send = useMutation({
    mutationFn: (step: { path: 'assign' | 'publish'; body: object }) =>
      post<OrderDetail>(`${base}/${step.path}`, step.body),
    onSuccess: (o, step) =>
      onDone(o, t(step.path === 'assign' ? 'orders.dispatch.assigned' : 'orders.dispatch.published')),
    onError: (err) => message.error(errorText(err, t)),
  });
  if (proposal.isPending) return <Spin />;
  if (proposal.isError) return <Alert type="error" showIcon title={errorText(proposal.error, t)} />;
  const p = proposal.data;
  const chosen = squadId ?? p.squadId;
  const squadLabel = (s: Proposal['squads'][number]) =>
    `${s.name} · ${t(`orders.dispatch.reach.${s.reach}`)}${s.typeMatches ? ` · ${t('orders.dispatch.typeMatches')}` : ''}`;
  return (
    <section aria-labelledby="dispatch-title" className="order-panel">
      <Typography.Title level={4} id="dispatch-title">
        {t('orders.dispatch.title')}
      </Typography.Title>
      {p.squads.length === 0 ? (
        <Alert type="warning" showIcon title={t('orders.dispatch.noSquad')} />
      ) : (
        <Space wrap>
          <label htmlFor="dispatch-squad">{t('orders.dispatch.squad')}</label>
          <Select
            id="dispatch-squad"
            style={{ minWidth: 260 }}
            value={chosen ?? undefined}
            onChange={(v: string) => setSquadId(v)}
            options={p.squads.map((s) => ({ value: s.id, label: squadLabel(s) }))}
          />
          <Button
            disabled={!chosen}
            loading={send.isPending && send.variables?.path === 'publish'}
            onClick={() => send.mutate({ path: 'publish', body: { squadId: chosen } })}
          >
            {t('orders.dispatch.publish')}
          </Button>
        </Space>
      )}
      {chosen && (
        <Table
          rowKey="personId"
          size="small"
          pagination={false}
          style={{ marginTop: 12 }}
          dataSource={p.members}
          locale={{ emptyText: t('orders.dispatch.noMembers') }}
          scroll={{ x: true }}
          columns={[
            { key: 'name', title: t('orders.dispatch.member'), render: (_, m) => m.name },
            {
              key: 'skills',
              title: t('orders.dispatch.skills'),
              render: (_, m) =>
                m.skills.length
                  ? m.skills.map((s) => (
                      <Tag key={s} className={m.matchingSkills.includes(s) ? 'skill-match' : undefined}>
                        {m.matchingSkills.includes(s) ? `✓ ${s}` : s}
                      </Tag>
                    ))
                  : '—',
            },
            {
              key: 'load',
              title: t('orders.dispatch.load'),
              render: (_, m) => (
                <span>
                  {t('orders.dispatch.loadCount', { open: m.openOrders, cap: p.openCap })}
                  {m.atCap && <Tag className="tag-warn">{t('orders.dispatch.atCap')}</Tag>}
                </span>
              ),
            },
            {
              key: 'act',
              title: t('common.actions'),
              render: (_, m) =>
                m.hasAccount ? (
                  <Button
                    size="small"
                    type="primary"
                    disabled={m.atCap}
                    aria-label={t('orders.dispatch.assignTo', { name: m.name })}
                    loading={send.isPending && send.variables?.path === 'assign'}
                    onClick={() =>
                      send.mutate({ path: 'assign', body: { personId: m.personId, squadId: chosen } })
                    }
                  >
                    {t('orders.dispatch.assign')}
                  </Button>
                ) : (
                  <Typography.Text>{t('orders.dispatch.noAccount')}</Typography.Text>
                ),
            },
          ]}
        />
      )}
    </section>
  );
}

/** A step by the desk that needs a few words: escalate, cancel, a return visit, confirming for a caller. */
function StepModal({
  order,
  step,
  onClose,
  onDone,
}: {
  order: OrderDetail;
  step: Step;
  onClose: () => void;
  onDone: (o: OrderDetail, text: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const formModal = useFormModalProps();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (values: Record<string, unknown>) =>
      post<OrderDetail>(`/communities/${order.communityId}/orders/${order.id}/${step}`, values),
    onSuccess: (o) => onDone(o, t(`orders.steps.${step}.done`)),
    onError: (err) => message.error(errorText(err, t)),
  });
  return (
    <Modal open title={t(`orders.steps.${step}.title`)} {...formModal(form, save.isPending, onClose)}>
      <Form
        form={form}
        name={`order-${step}`}
        layout="vertical"
        initialValues={step === 'escalate' ? { to: 'property' } : {}}
        onFinish={(v: Record<string, unknown>) =>
          save.mutate(
            Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== 'unknown')),
          )
        }
      >
        {step === 'escalate' && (
          <Form.Item name="to" label={t('orders.steps.escalate.to')}>
            <Radio.Group
              options={[
                { value: 'property', label: t('order.escalatedTo.property') },
                { value: 'community', label: t('order.escalatedTo.community') },
              ]}
            />
          </Form.Item>
        )}
        {step === 'confirm' && (
          <Form.Item
            name="rating"
            label={t('orders.steps.confirm.rating')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Radio.Group
              options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: `${n} ★ ${t(`order.stars.${n}`)}` }))}
            />
          </Form.Item>
        )}
        {step === 'return-visits' && (
          <Form.Item
            name="satisfied"
            label={t('orders.steps.return-visits.satisfied')}
            initialValue="unknown"
          >
            <Radio.Group
              options={[
                { value: true, label: t('orders.steps.return-visits.yes') },
                { value: false, label: t('orders.steps.return-visits.no') },
                { value: 'unknown', label: t('orders.steps.return-visits.unknown') },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item
          name={step === 'return-visits' ? 'note' : step === 'confirm' ? 'comment' : 'reason'}
          label={t(`orders.steps.${step}.text`)}
          rules={
            step === 'confirm' ? [] : [{ required: true, whitespace: true, message: t('common.required') }]
          }
        >
          <Input.TextArea rows={3} maxLength={step === 'return-visits' ? 500 : 200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One order at the desk: what, where, who; its timeline; and the dispatcher's steps on it. */
export function OrderDrawer({
  communityId,
  orderId,
  onClose,
}: {
  communityId: string;
  orderId: string | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canDispatch = useCan('orders.dispatch');
  const canUnmask = useCan('people.unmask');
  const [step, setStep] = useState<Step | null>(null);
  const [phone, setPhone] = useState<{ id: string; value: string | null } | null>(null);
  const detail = useQuery({
    queryKey: ['order-detail', orderId],
    enabled: !!orderId,
    queryFn: () => get<OrderDetail>(`/communities/${communityId}/orders/${orderId}`),
  });
  const unmask = useMutation({
    mutationFn: () =>
      post<{ contactPhone: string | null }>(`/communities/${communityId}/orders/${orderId}/unmask`),
    onSuccess: (r) => setPhone({ id: orderId!, value: r.contactPhone }),
    onError: (err) => message.error(errorText(err, t)),
  });

  function done(o: OrderDetail, text: string) {
    queryClient.setQueryData(['order-detail', o.id], o);
    void queryClient.invalidateQueries({
      predicate: ({ queryKey: [kind, path] }) =>
        (kind === 'list' && typeof path === 'string' && path.includes('/orders')) ||
        kind === 'order-proposal',
    });
    setStep(null);
    message.success(text);
  }

  const o = detail.data;
  const at = (ms: number | null) => (ms ? formatDateTime(ms, i18n.language) : '—');
  return (
    <Drawer
      open={!!orderId}
      onClose={onClose}
      size="large"
      title={o ? `${orderCategoryName(o, i18n.language)} · ${o.contactName}` : t('orders.detail')}
      destroyOnHidden
      className="order-drawer"
    >
      {detail.isPending && <Spin />}
      {detail.isError && <Alert type="error" showIcon title={errorText(detail.error, t)} />}
      {o && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <OrderStateTag order={o} />
          <Typography.Paragraph className="order-description">{o.description}</Typography.Paragraph>
          {o.photoIds.length > 0 && (
            <ul className="order-thumbs" aria-label={t('orders.photos')}>
              {o.photoIds.map((id, i) => (
                <li key={id}>
                  <a href={fileUrl(communityId, id)} target="_blank" rel="noreferrer">
                    <img
                      src={fileUrl(communityId, id, 'thumb')}
                      alt={t('orders.photoN', { n: i + 1 })}
                      width={96}
                      height={96}
                    />
                  </a>
                </li>
              ))}
            </ul>
          )}
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: 'where', label: t('orders.col.place'), children: placeText(o, t) },
              {
                key: 'contact',
                label: t('orders.col.contact'),
                children: (
                  <Space wrap>
                    <span>{o.contactName}</span>
                    <span>{phone?.id === o.id ? (phone.value ?? '—') : (o.contactPhone ?? '—')}</span>
                    {canUnmask && o.contactPhone && phone?.id !== o.id && (
                      <Button size="small" loading={unmask.isPending} onClick={() => unmask.mutate()}>
                        {t('orders.unmask')}
                      </Button>
                    )}
                  </Space>
                ),
              },
              { key: 'channel', label: t('orders.col.channel'), children: t(`orders.channel.${o.channel}`) },
              { key: 'urgency', label: t('orders.col.urgency'), children: t(`order.urgency.${o.urgency}`) },
              ...(o.homeHours
                ? [{ key: 'home', label: t('orders.col.homeHours'), children: o.homeHours }]
                : []),
              { key: 'squad', label: t('orders.col.squad'), children: o.squadName ?? '—' },
              { key: 'assignee', label: t('orders.col.assignee'), children: o.assigneeName ?? '—' },
              { key: 'created', label: t('orders.col.created'), children: at(o.createdAt) },
              {
                key: 'accept',
                label: t('orders.col.acceptDue'),
                children: (
                  <>
                    {at(o.acceptDueAt)}
                    {o.acceptOverdue && <Tag className="tag-late">⚠ {t('order.overdueAccept')}</Tag>}
                    {o.acceptedAt && ` · ${t('orders.acceptedAt', { at: at(o.acceptedAt) })}`}
                  </>
                ),
              },
              {
                key: 'resolve',
                label: t('orders.col.resolveDue'),
                children: (
                  <>
                    {at(o.resolveDueAt)}
                    {o.resolveOverdue && <Tag className="tag-late">⚠ {t('order.overdueResolve')}</Tag>}
                    {o.resolvedAt && ` · ${t('orders.resolvedAt', { at: at(o.resolvedAt) })}`}
                  </>
                ),
              },
              ...(o.rating
                ? [
                    {
                      key: 'rating',
                      label: t('orders.col.rating'),
                      children: `${'★'.repeat(o.rating)}${'☆'.repeat(5 - o.rating)} ${t(`order.stars.${o.rating}`)}${o.ratingComment ? ` · “${o.ratingComment}”` : ''}`,
                    },
                  ]
                : []),
            ]}
          />
          {canDispatch && (
            <Space wrap>
              {live.includes(o.state) && (
                <Button onClick={() => setStep('escalate')}>{t('orders.steps.escalate.title')}</Button>
              )}
              {visitable.includes(o.state) && (
                <Button onClick={() => setStep('return-visits')}>
                  {t('orders.steps.return-visits.title')}
                </Button>
              )}
              {o.state === 'resolved' && o.channel !== 'app' && (
                <Button onClick={() => setStep('confirm')}>{t('orders.steps.confirm.title')}</Button>
              )}
              {cancellable.includes(o.state) && (
                <Button danger onClick={() => setStep('cancel')}>
                  {t('orders.steps.cancel.title')}
                </Button>
              )}
            </Space>
          )}
          <OrderTopic order={o} />
          {canDispatch && dispatchable.includes(o.state) && <DispatchPanel order={o} onDone={done} />}
          <section aria-labelledby="order-timeline">
            <Typography.Title level={4} id="order-timeline">
              {t('orders.timeline')}
            </Typography.Title>
            <Timeline
              items={[...o.timeline].reverse().map((e) => {
                const why = stepDetail(e);
                return {
                  key: e.seq,
                  content: (
                    <div>
                      <div className="timeline-when">{at(e.at)}</div>
                      <div className="timeline-what">{stepText(e, t)}</div>
                      {why && <div>“{why}”</div>}
                      {e.fileIds.length > 0 && (
                        <div className="timeline-files">
                          {t('orders.photoCount', { count: e.fileIds.length })}
                        </div>
                      )}
                    </div>
                  ),
                };
              })}
            />
          </section>
        </Space>
      )}
      {o && step && <StepModal order={o} step={step} onClose={() => setStep(null)} onDone={done} />}
    </Drawer>
  );
}
