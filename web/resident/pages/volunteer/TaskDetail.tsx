import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Form, Input, Radio, Space, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorText, get, post } from '../../../shared/api';
import type { OrderDetail } from '../../../shared/orders';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import { useMySquads, useOrderEvents, type Colleague } from '../orders/data';
import { OrderSummary } from '../orders/OrderSummary';
import { PhotoPicker, usePhotoUploads } from '../orders/PhotoPicker';
import { ReasonForm } from '../orders/ReasonForm';
import { Timeline } from '../orders/Timeline';
import { useGrab } from './grab';
import '../orders/orders.css';

type Panel = 'decline' | 'transfer' | 'escalate' | 'progress' | 'resolve' | null;
type Post = (step: string, body: object, done: string) => Promise<void>;

/** The door and the number: shown only while the order is this member's to do (the API decides). */
function Contact({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const onTheJob = order.handledByMe && (order.state === 'accepted' || order.state === 'in_progress');
  if (!onTheJob) return <p className="hint">{t('tasks.contactHidden')}</p>;
  return (
    <section className="contact-card" aria-labelledby="contact-title">
      <h2 id="contact-title" className="section-title">
        {t('tasks.contact')}
      </h2>
      <p className="big-line">{order.contactName}</p>
      {order.contactPhone && (
        <a className="call-link" href={`tel:${order.contactPhone}`}>
          <span aria-hidden>☎ </span>
          {t('tasks.call', { phone: order.contactPhone })}
        </a>
      )}
    </section>
  );
}

/** 记录进展 or 办结: a note with photos; resolving also says how long the work took. */
function WorkForm({
  order,
  kind,
  onPost,
  onClose,
}: {
  order: OrderDetail;
  kind: 'progress' | 'resolve';
  onPost: Post;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const photos = usePhotoUploads(order.communityId);
  const { busy, error, run } = useSubmit();
  const [photoError, setPhotoError] = useState<string | null>(null);
  const submit = (v: { note: string; hours?: string }) => {
    if (photos.busy) return setPhotoError(t('orders.photos.wait'));
    if (photos.failed) return setPhotoError(t('orders.photos.someFailed'));
    setPhotoError(null);
    const body = {
      note: v.note.trim(),
      ...(kind === 'resolve' ? { minutesSpent: Math.max(1, Math.round(Number(v.hours) * 60)) } : {}),
      fileIds: photos.ids.length ? photos.ids : undefined,
    };
    void run(() => onPost(kind, body, t(kind === 'resolve' ? 'tasks.resolved' : 'tasks.progressSaved')));
  };
  return (
    <section className="step-panel" aria-labelledby={`${kind}-title`}>
      <h2 id={`${kind}-title`} className="section-title">
        {t(`tasks.${kind}.title`)}
      </h2>
      <Form
        name={kind}
        layout="vertical"
        initialValues={{ hours: '1' }}
        onFinish={submit}
        footer={
          <>
            {(photoError ?? error) && (
              <p className="form-error" role="alert">
                {photoError ?? error}
              </p>
            )}
            <Space block direction="vertical">
              <Button block type="submit" size="large" color="primary" loading={busy}>
                {t(`tasks.${kind}.submit`)}
              </Button>
              <Button block size="large" onClick={onClose}>
                {t('common.cancel')}
              </Button>
            </Space>
          </>
        }
      >
        <Form.Item
          name="note"
          label={t(`tasks.${kind}.note`)}
          rules={[{ required: true, whitespace: true, message: t('tasks.noteRequired') }]}
        >
          <TextArea
            placeholder={t(`tasks.${kind}.placeholder`)}
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={1000}
            showCount
          />
        </Form.Item>
        {kind === 'resolve' && (
          <Form.Item
            name="hours"
            label={t('tasks.resolve.hours')}
            description={t('tasks.resolve.hoursHint')}
            rules={[
              {
                validator: (_, v: string | undefined) =>
                  Number(v) >= 0.1 && Number(v) <= 168 ? Promise.resolve() : Promise.reject(new Error()),
                message: t('tasks.resolve.hoursRange'),
              },
            ]}
          >
            <Input type="number" inputMode="decimal" step="any" min={0.1} max={168} />
          </Form.Item>
        )}
        <PhotoPicker uploads={photos} label={t('tasks.photos')} />
      </Form>
    </section>
  );
}

/** 我的任务 · one order: accept or decline what was assigned; note progress; resolve; hand on; escalate. */
export default function TaskDetailPage() {
  const { t } = useTranslation();
  const { orderId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const key = ['my-task', orderId] as const;
  const order = useQuery({ queryKey: key, queryFn: () => get<OrderDetail>(`/me/tasks/${orderId}`) });
  useOrderEvents('/me/board/stream', [key, ['my-squads']], orderId);
  const [panel, setPanel] = useState<Panel>(null);
  const accept = useSubmit();
  const { grab, refusal, busy: grabbing } = useGrab();
  const squads = useMySquads();

  if (order.isPending) return <Loading />;
  if (order.isError)
    return (
      <div className="page">
        <ErrorBlock status="default" title={errorText(order.error, t)} description="" />
        <Button block size="large" onClick={() => navigate('/tasks')}>
          {t('tasks.title')}
        </Button>
      </div>
    );
  const o = order.data;
  const mine = o.handledByMe;
  const load = squads.data?.find((s) => s.communityId === o.communityId);
  const full = !!load && load.openOrders >= load.openCap;
  const working = mine && (o.state === 'accepted' || o.state === 'in_progress');

  const act: Post = async (step, body, done) => {
    const next = await post<OrderDetail>(`/me/tasks/${orderId}/${step}`, body);
    queryClient.setQueryData(key, next);
    setPanel(null);
    Toast.show({ content: done });
    // My lists and my load against the cap follow in the background.
    await Promise.all(
      [['my-tasks'], ['my-squads']].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );
  };

  return (
    <div className="page">
      <Button size="small" fill="none" className="back-link" onClick={() => navigate('/tasks')}>
        ‹ {t('tasks.title')}
      </Button>
      <OrderSummary order={o}>
        <Contact order={o} />
      </OrderSummary>

      {o.state === 'published' && !mine && (
        <>
          {load && (
            <p className="load-line">
              <strong>{t('tasks.load', { open: load.openOrders, cap: load.openCap })}</strong>
            </p>
          )}
          {full && (
            <p className="load-full" role="status">
              <span aria-hidden>⚠ </span>
              {t('tasks.full')}
            </p>
          )}
          {refusal && (
            <p className="form-error" role="alert">
              {refusal}
            </p>
          )}
          <Button
            block
            size="large"
            color="primary"
            loading={grabbing === o.id}
            disabled={full}
            onClick={() => void grab(o)}
          >
            {t('tasks.grab')}
          </Button>
        </>
      )}

      {mine && o.state === 'assigned' && panel === null && (
        <Space block direction="vertical">
          {accept.error && (
            <p className="form-error" role="alert">
              {accept.error}
            </p>
          )}
          <Button
            block
            size="large"
            color="primary"
            loading={accept.busy}
            onClick={() => void accept.run(() => act('accept', {}, t('tasks.accepted')))}
          >
            {t('tasks.accept')}
          </Button>
          <Button block size="large" onClick={() => setPanel('decline')}>
            {t('tasks.decline.button')}
          </Button>
        </Space>
      )}
      {panel === 'decline' && (
        <ReasonForm
          name="decline"
          title={t('tasks.decline.title')}
          label={t('tasks.decline.reason')}
          placeholder={t('tasks.decline.placeholder')}
          submitText={t('tasks.decline.submit')}
          onSubmit={(reason) => act('decline', { reason }, t('tasks.decline.done'))}
          onClose={() => setPanel(null)}
        />
      )}

      {working && panel === null && (
        <Space block direction="vertical">
          <Button block size="large" color="primary" onClick={() => setPanel('resolve')}>
            {t('tasks.resolve.button')}
          </Button>
          <Button block size="large" onClick={() => setPanel('progress')}>
            {t('tasks.progress.button')}
          </Button>
          <Button block size="large" onClick={() => setPanel('transfer')}>
            {t('tasks.transfer.button')}
          </Button>
          <Button block size="large" onClick={() => setPanel('escalate')}>
            {t('tasks.escalate.button')}
          </Button>
        </Space>
      )}
      {working && (panel === 'progress' || panel === 'resolve') && (
        <WorkForm order={o} kind={panel} onPost={act} onClose={() => setPanel(null)} />
      )}
      {working && panel === 'transfer' && (
        <TransferForm order={o} onPost={act} onClose={() => setPanel(null)} />
      )}
      {working && panel === 'escalate' && <EscalateForm onPost={act} onClose={() => setPanel(null)} />}
      <Timeline order={o} />
    </div>
  );
}

/** 上报: the property company or the community takes over what a volunteer cannot do (大事). */
function EscalateForm({ onPost, onClose }: { onPost: Post; onClose: () => void }) {
  const { t } = useTranslation();
  const [to, setTo] = useState<'property' | 'community'>('property');
  return (
    <ReasonForm
      name="escalate"
      title={t('tasks.escalate.title')}
      label={t('tasks.escalate.reason')}
      placeholder={t('tasks.escalate.placeholder')}
      submitText={t('tasks.escalate.submit')}
      onSubmit={(reason) => onPost('escalate', { to, reason }, t('tasks.escalate.done'))}
      onClose={onClose}
    >
      <div role="group" aria-label={t('tasks.escalate.to')} className="radio-block">
        <p className="setting-label">{t('tasks.escalate.to')}</p>
        <Radio.Group value={to} onChange={(v) => setTo(v as 'property' | 'community')}>
          <Space direction="vertical">
            <Radio value="property">{t('order.escalatedTo.property')}</Radio>
            <Radio value="community">{t('order.escalatedTo.community')}</Radio>
          </Space>
        </Radio.Group>
      </div>
    </ReasonForm>
  );
}

/** A colleague as a choice: name, skills and load, so the member hands on to whoever can take it. */
function colleagueText(c: Colleague, t: TFunction) {
  const parts = [c.name, c.skills.join('、'), t('tasks.transfer.load', { count: c.openOrders })];
  if (!c.hasAccount) parts.push(t('tasks.transfer.noApp'));
  else if (c.atCap) parts.push(t('tasks.transfer.atCap'));
  return parts.filter(Boolean).join(' · ');
}

/** 转单: to a named colleague of the order's squad (who then accepts or declines), or back to dispatch. */
function TransferForm({ order, onPost, onClose }: { order: OrderDetail; onPost: Post; onClose: () => void }) {
  const { t } = useTranslation();
  const squads = useMySquads();
  const [to, setTo] = useState('');
  const squad = squads.data?.find((s) => s.communityId === order.communityId && s.squadId === order.squadId);
  const colleagues = (squad?.members ?? []).filter((m) => !m.me);
  const chosen = colleagues.find((c) => c.personId === to);
  return (
    <ReasonForm
      name="transfer"
      title={t('tasks.transfer.title')}
      label={t('tasks.transfer.reason')}
      placeholder={t('tasks.transfer.placeholder')}
      submitText={chosen ? t('tasks.transfer.submitTo', { name: chosen.name }) : t('tasks.transfer.submit')}
      onSubmit={(reason) =>
        onPost(
          'transfer',
          { reason, toPersonId: chosen?.personId },
          chosen ? t('tasks.transfer.doneTo', { name: chosen.name }) : t('tasks.transfer.done'),
        )
      }
      onClose={onClose}
    >
      <div role="group" aria-labelledby="transfer-to" className="radio-block">
        <p id="transfer-to" className="setting-label">
          {t('tasks.transfer.to')}
        </p>
        {squads.isPending ? (
          <Loading />
        ) : (
          <Radio.Group value={to} onChange={(v) => setTo(String(v))}>
            <Space direction="vertical">
              <Radio value="">{t('tasks.transfer.back')}</Radio>
              {colleagues.map((c) => (
                <Radio key={c.personId} value={c.personId} disabled={!c.hasAccount || c.atCap}>
                  {colleagueText(c, t)}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        )}
        {squads.isSuccess && !colleagues.length && <p className="hint">{t('tasks.transfer.noColleagues')}</p>}
      </div>
    </ReasonForm>
  );
}
