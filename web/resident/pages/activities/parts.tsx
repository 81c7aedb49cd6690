import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/i18n';
import type { MyActivity, MySignup } from './data';

const marks: Record<MySignup['state'], string> = {
  pending: '…',
  confirmed: '✓',
  waitlisted: '#',
  rejected: '✕',
  cancelled: '–',
};

/** My sign-up in a mark and words: 待审核, 报名成功, 候补第 N 位, 未通过, 已取消; and whether I checked in. */
export function SignupStatus({ signup }: { signup: MySignup }) {
  const { t, i18n } = useTranslation();
  return (
    <span className={`signup-state signup-${signup.state}`}>
      <span aria-hidden>{marks[signup.state]} </span>
      {signup.state === 'waitlisted' && signup.waitlistPlace
        ? t('activities.signup.waitlistedAt', { position: signup.waitlistPlace })
        : t(`activities.signup.${signup.state}`)}
      {signup.checkedInAt &&
        ` · ${t('activities.checkin.doneAt', { at: formatDateTime(signup.checkedInAt, i18n.language) })}`}
    </span>
  );
}

/** When, where, how many places, who for. */
export function ActivityFacts({ a }: { a: MyActivity }) {
  const { t, i18n } = useTranslation();
  const at = (ms: number) => formatDateTime(ms, i18n.language);
  return (
    <dl className="order-facts">
      <dt>{t('activities.time')}</dt>
      <dd>
        {at(a.startsAt)} – {at(a.endsAt)}
      </dd>
      <dt>{t('activities.place')}</dt>
      <dd>{a.place ?? '—'}</dd>
      <dt>{t('activities.places')}</dt>
      <dd>
        {a.capacity === null
          ? t('activities.unlimited', { count: a.confirmedCount })
          : t('activities.capacity', { count: a.confirmedCount, capacity: a.capacity })}
        {a.waitlistCount > 0 && ` · ${t('activities.waitlist', { count: a.waitlistCount })}`}
      </dd>
      <dt>{t('activities.audienceLabel')}</dt>
      <dd>{t(`activities.audience.${a.audience}`)}</dd>
      <dt>{t('activities.modeLabel')}</dt>
      <dd>{t(`activities.mode.${a.signupMode}`)}</dd>
      {a.signupClosesAt && (
        <>
          <dt>{t('activities.closes')}</dt>
          <dd>{at(a.signupClosesAt)}</dd>
        </>
      )}
      {(a.compoundName || a.squadName) && (
        <>
          <dt>{t('activities.organiser')}</dt>
          <dd>{[a.compoundName, a.squadName].filter(Boolean).join(' · ')}</dd>
        </>
      )}
    </dl>
  );
}
