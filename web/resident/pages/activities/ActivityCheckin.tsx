import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorText, get, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import { liveSignup, type MyActivity } from './data';

interface CheckinView {
  activity: MyActivity;
  /** Check-in is taken now (from a while before the start to the end). */
  open: boolean;
  opensAt: number;
  closesAt: number;
}
import { ActivityFacts, SignupStatus } from './parts';
import '../orders/orders.css';
import './activities.css';

/**
 * 活动签到: the page the QR at the door opens (/checkin/a/<token>). The shell has already asked the
 * person to log in and brought them back; one big button checks in a confirmed sign-up.
 */
export default function ActivityCheckinPage() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const key = ['activities', 'checkin', token] as const;
  const checkin = useQuery({
    queryKey: key,
    queryFn: () => get<CheckinView>(`/me/activity-checkin/${token}`),
  });
  const { busy, error, run } = useSubmit();

  if (checkin.isPending) return <Loading />;
  if (checkin.isError)
    return (
      <div className="page">
        <ErrorBlock status="default" title={errorText(checkin.error, t)} description="" />
        <Button block size="large" onClick={() => navigate('/activities')}>
          {t('activities.title')}
        </Button>
      </div>
    );
  const { activity: a, open, opensAt } = checkin.data;
  const at = (ms: number) => formatDateTime(ms, i18n.language);
  const mine = liveSignup(a.mySignup) ? a.mySignup : null;
  const checkIn = () =>
    run(async () => {
      queryClient.setQueryData(key, await post<CheckinView>(`/me/activity-checkin/${token}`));
      await queryClient.invalidateQueries({ queryKey: ['activities'] });
    });

  return (
    <div className="page">
      <p className="activity-kicker">{t('activities.checkin.kicker')}</p>
      <h1 className="page-title">{a.title}</h1>
      <ActivityFacts a={a} />
      {mine?.checkedInAt ? (
        <p className="activity-checkin-done" role="status">
          <span aria-hidden>✓ </span>
          {t('activities.checkin.done', { at: at(mine.checkedInAt) })}
        </p>
      ) : mine?.state === 'confirmed' && !open ? (
        <p className="empty-note">
          {checkin.dataUpdatedAt < opensAt
            ? t('activities.checkin.notYet', { at: at(opensAt) })
            : t('activities.checkin.over')}
        </p>
      ) : mine?.state === 'confirmed' ? (
        <Button
          block
          color="primary"
          size="large"
          className="activity-big"
          loading={busy}
          onClick={() => void checkIn()}
        >
          {t('activities.checkin.button')}
        </Button>
      ) : (
        <>
          {mine ? <SignupStatus signup={mine} /> : <p>{t('activities.checkin.notSignedUp')}</p>}
          <p className="hint">{t('activities.checkin.onlyConfirmed')}</p>
          <Button block size="large" onClick={() => navigate(`/activities/${a.id}`)}>
            {t('activities.checkin.details')}
          </Button>
        </>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
