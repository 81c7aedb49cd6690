import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Form, Radio, Space, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText, get, post } from '../../../shared/api';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import { DutyTodayCard } from './HomeEntry';
import { formatTime } from '../patrol/parts';
import '../orders/orders.css';
import './volunteer.css';

export interface MyShift {
  id: string;
  communityId: string;
  placeName: string;
  date: string;
  slotLabel: string;
  startsAt: number;
  endsAt: number;
  state: 'planned' | 'swapped' | 'cancelled';
  pendingSwapId: string | null;
  /** The others on the place's roster, to ask for a swap. */
  colleagues: { personId: string; name: string }[];
}

interface SwapRequest {
  id: string;
  placeName: string;
  date: string;
  slotLabel: string;
  fromName: string;
  reason: string | null;
  acceptedAt: number | null;
}

const dayMs = 86_400_000;
const isoDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/** 换班: to a colleague of my squads, with a reason; the duty manager approves. */
function SwapForm({ shift, onDone }: { shift: MyShift; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [to, setTo] = useState('');
  const { busy, error, run } = useSubmit();
  const colleagues = shift.colleagues;
  const submit = (v: { reason: string }) =>
    run(async () => {
      await post(`/me/duty-shifts/${shift.id}/swap`, { toPersonId: to, reason: v.reason.trim() });
      await queryClient.invalidateQueries({ queryKey: ['duty'] });
      Toast.show({ content: t('duty.swap.sent') });
      onDone();
    });
  return (
    <Form
      name={`swap-${shift.id}`}
      layout="vertical"
      onFinish={submit}
      footer={
        <>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <Space block direction="vertical">
            <Button block type="submit" size="large" color="primary" loading={busy} disabled={!to}>
              {t('duty.swap.submit')}
            </Button>
            <Button block size="large" onClick={onDone}>
              {t('common.cancel')}
            </Button>
          </Space>
        </>
      }
    >
      <div role="group" aria-labelledby={`swap-to-${shift.id}`} className="radio-block">
        <p id={`swap-to-${shift.id}`} className="setting-label">
          {t('duty.swap.to')}
        </p>
        {colleagues.length ? (
          <Radio.Group value={to} onChange={(v) => setTo(String(v))}>
            <Space direction="vertical">
              {colleagues.map((c) => (
                <Radio key={c.personId} value={c.personId}>
                  {c.name}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        ) : (
          <p className="hint">{t('duty.swap.noColleagues')}</p>
        )}
      </div>
      <Form.Item
        name="reason"
        label={t('duty.swap.reason')}
        rules={[{ required: true, whitespace: true, message: t('duty.swap.reasonRequired') }]}
      >
        <TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} />
      </Form.Item>
    </Form>
  );
}

/** 我的值班: my shifts for the next two weeks, who is on today, and asking a colleague to swap. */
export default function MyDutyPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [swapping, setSwapping] = useState<string | null>(null);
  const [from] = useState(() => isoDay(Date.now()));
  const to = isoDay(Date.parse(from) + 14 * dayMs);
  const duty = useQuery({
    queryKey: ['duty', 'mine', from],
    queryFn: () => get<{ shifts: MyShift[]; swapRequests: SwapRequest[] }>(`/me/duty?from=${from}&to=${to}`),
  });
  const accept = useSubmit();
  const queryClient = useQueryClient();
  const acceptSwap = (id: string) =>
    accept.run(async () => {
      await post(`/me/duty-swaps/${id}/accept`);
      await queryClient.invalidateQueries({ queryKey: ['duty'] });
      Toast.show({ content: t('duty.swap.acceptedDone') });
    });
  return (
    <div className="page">
      <Button size="small" fill="none" className="back-link" onClick={() => navigate('/volunteer')}>
        ‹ {t('volunteer.title')}
      </Button>
      <h1 className="page-title">{t('duty.title')}</h1>
      <DutyTodayCard />
      {!!duty.data?.swapRequests.length && (
        <section className="duty-card" aria-labelledby="swap-requests">
          <h2 id="swap-requests" className="section-title">
            {t('duty.swap.asked')}
          </h2>
          {duty.data.swapRequests.map((w) => (
            <div key={w.id}>
              <p className="big-line">
                {t('duty.swap.askedBy', {
                  name: w.fromName,
                  date: w.date,
                  slot: w.slotLabel,
                  place: w.placeName,
                })}
              </p>
              {w.reason && <p>{w.reason}</p>}
              {w.acceptedAt ? (
                <p className="volunteer-ok">
                  <span aria-hidden>✓ </span>
                  {t('duty.swap.acceptedWait')}
                </p>
              ) : (
                <Button
                  block
                  size="large"
                  color="primary"
                  loading={accept.busy}
                  onClick={() => void acceptSwap(w.id)}
                >
                  {t('duty.swap.accept')}
                </Button>
              )}
            </div>
          ))}
          {accept.error && (
            <p className="form-error" role="alert">
              {accept.error}
            </p>
          )}
        </section>
      )}
      <section aria-labelledby="my-shifts">
        <h2 id="my-shifts" className="section-title">
          {t('duty.mine')}
        </h2>
        {duty.isPending ? (
          <Loading />
        ) : duty.isError ? (
          <ErrorBlock status="default" title={errorText(duty.error, t)} description="" />
        ) : !duty.data.shifts.length ? (
          <p className="empty-note">{t('duty.none')}</p>
        ) : (
          <ul className="volunteer-list">
            {duty.data.shifts.map((s) => (
              <li key={s.id} className="duty-card">
                <p className="big-line">
                  {s.date} · {s.slotLabel} {formatTime(s.startsAt)}–{formatTime(s.endsAt)}
                </p>
                <p>{s.placeName}</p>
                {s.state !== 'planned' && <p className="hint">{t(`duty.state.${s.state}`)}</p>}
                {s.pendingSwapId && (
                  <p className="volunteer-wait">
                    <span aria-hidden>… </span>
                    {t('duty.swap.pending')}
                  </p>
                )}
                {s.state === 'planned' &&
                  !s.pendingSwapId &&
                  (swapping === s.id ? (
                    <SwapForm shift={s} onDone={() => setSwapping(null)} />
                  ) : (
                    <Button block size="large" onClick={() => setSwapping(s.id)}>
                      {t('duty.swap.ask')}
                    </Button>
                  ))}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
