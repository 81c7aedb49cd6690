import { useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Dialog, ErrorBlock, Form, TextArea, Toast } from 'antd-mobile';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, errorText, post } from '../../../shared/api';
import { useSubmit } from '../../../shared/useSubmit';
import { fileUrl } from '../../../shared/upload';
import { Loading } from '../../App';
import { newClientKey } from '../patrol/data';
import { activityKey, liveSignup, useActivity, type MyActivity } from './data';
import { ActivityFacts, SignupStatus } from './parts';
import '../orders/orders.css';
import './activities.css';

/**
 * One activity: what, when, where, places left; sign up (as a participant or to help as a volunteer),
 * see whether the leader has let me in (自主报名+筛选) or where I stand on the waiting list, cancel.
 */
export default function ActivityDetailPage() {
  const { t } = useTranslation();
  const { activityId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const activity = useActivity(activityId);
  const { busy, error, run } = useSubmit();
  // A flaky phone may send the sign-up twice: the same key makes it one.
  const clientKey = useRef<string>(null);

  if (activity.isPending) return <Loading />;
  if (activity.isError)
    return (
      <div className="page">
        <ErrorBlock status="default" title={errorText(activity.error, t)} description="" />
        <Button block size="large" onClick={() => navigate('/activities')}>
          {t('activities.title')}
        </Button>
      </div>
    );
  const a = activity.data;
  const mine = liveSignup(a.mySignup) ? a.mySignup : null;
  const closed = !a.signupOpen;
  const refresh = async (next: MyActivity) => {
    queryClient.setQueryData(activityKey(a.id), next);
    await queryClient.invalidateQueries({ queryKey: ['activities', 'list'] });
  };

  const signUp = (values: { note?: string; asVolunteer?: boolean }) =>
    run(async () => {
      await post(`/me/activities/${a.id}/signup`, {
        asVolunteer: !!values.asVolunteer,
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
        clientKey: (clientKey.current ??= newClientKey()),
      });
      await refresh(await queryClient.fetchQuery({ queryKey: activityKey(a.id), staleTime: 0 }));
      Toast.show({ content: t('activities.signup.sent') });
    });

  const cancel = async () => {
    const ok = await Dialog.confirm({
      content: t('activities.signup.cancelConfirm'),
      confirmText: t('activities.signup.cancel'),
      cancelText: t('common.back'),
    });
    if (!ok) return;
    await run(async () => {
      await api('DELETE', `/me/activities/${a.id}/signup`);
      clientKey.current = null;
      await refresh(await queryClient.fetchQuery({ queryKey: activityKey(a.id), staleTime: 0 }));
      Toast.show({ content: t('activities.signup.cancelled') });
    });
  };

  return (
    <div className="page">
      <Button size="small" fill="none" className="back-link" onClick={() => navigate('/activities')}>
        ‹ {t('activities.title')}
      </Button>
      <article className="activity-card">
        {a.coverFileId && (
          <img className="activity-cover" src={fileUrl(a.communityId, a.coverFileId)} alt="" />
        )}
        <span className="activity-type">{t(`activities.type.${a.type}`)}</span>
        <h1 className="page-title">{a.title}</h1>
        {a.state !== 'published' && (
          <p className={a.state === 'cancelled' ? 'status-bad' : 'big-line'}>
            {t(`activities.state.${a.state}`)}
          </p>
        )}
        <ActivityFacts a={a} />
        {a.description && <p className="activity-description">{a.description}</p>}
        {a.state === 'held' && a.summary && (
          <section aria-labelledby="summary-title">
            <h2 id="summary-title" className="section-title">
              {t('activities.summary')}
            </h2>
            <p className="activity-description">{a.summary}</p>
          </section>
        )}
      </article>

      {mine ? (
        <section className="activity-card" aria-labelledby="my-signup">
          <h2 id="my-signup" className="section-title">
            {t('activities.signup.mine')}
          </h2>
          <SignupStatus signup={mine} />
          {mine.state === 'pending' && <p className="hint">{t('activities.signup.pendingHint')}</p>}
          {mine.state === 'waitlisted' && <p className="hint">{t('activities.signup.waitlistHint')}</p>}
          {mine.state === 'confirmed' && !mine.checkedInAt && (
            <p className="hint">{t('activities.signup.checkinHint')}</p>
          )}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          {!mine.checkedInAt && a.state === 'published' && (
            <Button
              block
              size="large"
              className="danger-action"
              color="danger"
              fill="outline"
              loading={busy}
              onClick={() => void cancel()}
            >
              {t('activities.signup.cancel')}
            </Button>
          )}
        </section>
      ) : closed ? (
        <p className="empty-note">{t('activities.signup.closed')}</p>
      ) : (
        <section className="activity-card" aria-labelledby="signup-title">
          <h2 id="signup-title" className="section-title">
            {t('activities.signup.title')}
          </h2>
          {a.signupMode === 'screened' && <p className="hint">{t('activities.signup.screenedHint')}</p>}
          <Form
            name="signup"
            layout="vertical"
            onFinish={signUp}
            footer={
              <>
                {error && (
                  <p className="form-error" role="alert">
                    {error}
                  </p>
                )}
                <Button block type="submit" size="large" color="primary" loading={busy}>
                  {t('activities.signup.submit')}
                </Button>
              </>
            }
          >
            <Form.Item
              name="asVolunteer"
              valuePropName="checked"
              description={t('activities.signup.asVolunteerHint')}
            >
              <Checkbox>{t('activities.signup.asVolunteer')}</Checkbox>
            </Form.Item>
            <Form.Item name="note" label={t('activities.signup.note')}>
              <TextArea
                placeholder={t('activities.signup.notePlaceholder')}
                autoSize={{ minRows: 2, maxRows: 5 }}
                maxLength={200}
              />
            </Form.Item>
          </Form>
        </section>
      )}
    </div>
  );
}
