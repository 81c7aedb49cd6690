import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorText, get, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import type { Checkin } from '../../../shared/topics';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import '../orders/orders.css';
import './topics.css';

/**
 * 会议签到: the page a meeting's QR code opens. One big button; the shell has already asked the
 * person to log in (and brought them back here), so a scan and a tap sign them in.
 */
export default function CheckinPage() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const key = ['checkin', token] as const;
  const meeting = useQuery({ queryKey: key, queryFn: () => get<Checkin>(`/me/checkin/${token}`) });
  const { busy, error, run } = useSubmit();

  if (meeting.isPending) return <Loading />;
  if (meeting.isError)
    return (
      <div className="page">
        <ErrorBlock status="default" title={errorText(meeting.error, t)} description="" />
        <Button block size="large" onClick={() => navigate('/')}>
          {t('nav.home')}
        </Button>
      </div>
    );
  const m = meeting.data;
  const at = (ms: number) => formatDateTime(ms, i18n.language);
  // Not open yet or no longer: the time it was asked says which.
  const early = m.state === 'scheduled' && meeting.dataUpdatedAt < m.opensAt;
  const signIn = () =>
    run(async () => {
      queryClient.setQueryData(key, await post<Checkin>(`/me/checkin/${token}`));
    });

  return (
    <div className="page checkin-page">
      <p className="topic-kicker">{t('checkin.kicker')}</p>
      <h1 className="page-title">{m.title}</h1>
      <dl className="order-facts">
        <dt>{t('checkin.type')}</dt>
        <dd>{m.typeName}</dd>
        <dt>{t('checkin.time')}</dt>
        <dd>
          {at(m.startsAt)}
          {m.endsAt && ` – ${at(m.endsAt)}`}
        </dd>
        <dt>{t('checkin.place')}</dt>
        <dd>{m.place ?? t('checkin.noPlace')}</dd>
      </dl>
      {m.signedInAt ? (
        <p className="checkin-done" role="status">
          <span aria-hidden>✓ </span>
          {t('checkin.done', { at: at(m.signedInAt) })}
        </p>
      ) : !m.open ? (
        <p className="empty-note">
          {early
            ? t('checkin.notYet', { at: at(m.opensAt) })
            : t(m.state === 'cancelled' ? 'checkin.cancelled' : 'checkin.over')}
        </p>
      ) : (
        <>
          <p>{t(m.invited ? 'checkin.invited' : 'checkin.walkIn')}</p>
          <Button
            block
            color="primary"
            size="large"
            className="checkin-button"
            loading={busy}
            onClick={() => void signIn()}
          >
            {t('checkin.button')}
          </Button>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </>
      )}
    </div>
  );
}
