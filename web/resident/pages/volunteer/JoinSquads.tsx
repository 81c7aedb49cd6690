import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Form, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText, get, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import '../orders/orders.css';
import './volunteer.css';

interface SquadOption {
  id: string;
  communityId: string;
  communityName: string;
  name: string;
  type: string;
  compoundName: string | null;
  member: boolean;
  role: string | null;
  pendingRequestId: string | null;
}

interface JoinRequest {
  id: string;
  squadName: string;
  state: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  createdAt: number;
  decisionNote: string | null;
}

/** Asking to join: a word to the leader; the leader (or staff) approves in the console. */
function JoinForm({ squad, onDone }: { squad: SquadOption; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { busy, error, run } = useSubmit();
  const submit = (v: { message?: string }) =>
    run(async () => {
      await post(`/me/squads/${squad.id}/join`, v.message?.trim() ? { message: v.message.trim() } : {});
      await queryClient.invalidateQueries({ queryKey: ['volunteer'] });
      Toast.show({ content: t('volunteer.squads.requested', { name: squad.name }) });
      onDone();
    });
  return (
    <Form
      name={`join-${squad.id}`}
      layout="vertical"
      onFinish={submit}
      footer={
        <>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <Button block type="submit" size="large" color="primary" loading={busy}>
            {t('volunteer.squads.send')}
          </Button>
          <Button block size="large" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </>
      }
    >
      <Form.Item name="message" label={t('volunteer.squads.message')}>
        <TextArea
          placeholder={t('volunteer.squads.messagePlaceholder')}
          autoSize={{ minRows: 2, maxRows: 5 }}
          maxLength={300}
        />
      </Form.Item>
    </Form>
  );
}

const requestMarks = { pending: '…', approved: '✓', rejected: '✕', withdrawn: '–' } as const;

/** 加入服务队: the squads of my communities I can ask to join, and my requests with their answers. */
export default function JoinSquadsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState<string | null>(null);
  const options = useQuery({
    queryKey: ['volunteer', 'squad-options'],
    queryFn: () => get<SquadOption[]>('/me/squad-options'),
  });
  const requests = useQuery({
    queryKey: ['volunteer', 'join-requests'],
    queryFn: () => get<{ items: JoinRequest[] }>('/me/join-requests'),
  });
  if (options.isPending) return <Loading />;
  return (
    <div className="page">
      <Button size="small" fill="none" className="back-link" onClick={() => navigate('/volunteer')}>
        ‹ {t('volunteer.title')}
      </Button>
      <h1 className="page-title">{t('volunteer.squads.join')}</h1>
      {options.isError && <ErrorBlock status="default" title={errorText(options.error, t)} description="" />}
      {options.isSuccess && !options.data.length && (
        <p className="empty-note">{t('volunteer.squads.none')}</p>
      )}
      <ul className="volunteer-list">
        {options.data?.map((s) => (
          <li key={s.id} className="volunteer-card">
            <h2 className="section-title">{s.name}</h2>
            <p className="hint">
              {[s.communityName, s.compoundName, t(`volunteer.squads.type.${s.type}`)]
                .filter(Boolean)
                .join(' · ')}
            </p>
            {s.member ? (
              <p className="volunteer-ok">
                <span aria-hidden>✓ </span>
                {t('volunteer.squads.isMember')}
              </p>
            ) : s.pendingRequestId ? (
              <p className="volunteer-wait">
                <span aria-hidden>… </span>
                {t('volunteer.squads.pending')}
              </p>
            ) : open === s.id ? (
              <JoinForm squad={s} onDone={() => setOpen(null)} />
            ) : (
              <Button
                block
                size="large"
                color="primary"
                aria-label={t('volunteer.squads.askOf', { name: s.name })}
                onClick={() => setOpen(s.id)}
              >
                {t('volunteer.squads.ask')}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {!!requests.data?.items.length && (
        <section aria-labelledby="my-requests">
          <h2 id="my-requests" className="section-title">
            {t('volunteer.squads.requests')}
          </h2>
          <ul className="order-list">
            {requests.data.items.map((r) => (
              <li key={r.id} className="order-row">
                <span className="order-row-main">
                  <span className="order-row-title">{r.squadName}</span>
                  <span className="order-row-meta">
                    <span aria-hidden>{requestMarks[r.state]} </span>
                    {t(`volunteer.squads.state.${r.state}`)} · {formatDateTime(r.createdAt, i18n.language)}
                  </span>
                  {r.decisionNote && <span>{r.decisionNote}</span>}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
