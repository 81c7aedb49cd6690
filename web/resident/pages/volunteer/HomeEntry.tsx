import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { hours, useDutyToday, useMyVolunteer } from './data';
import '../orders/orders.css';
import './volunteer.css';

/** 今日值班: who is on duty today at the places of my compounds and community (names masked). */
export function DutyTodayCard() {
  const { t } = useTranslation();
  const today = useDutyToday();
  const places = (today.data ?? []).filter((p) => p.slots.length > 0);
  if (!places.length) return null;
  return (
    <section className="duty-card" aria-labelledby="duty-today">
      <h2 id="duty-today" className="section-title">
        {t('duty.today')}
      </h2>
      {places.map((p) => (
        <div key={p.placeId}>
          <p className="big-line">
            {p.placeName}
            {p.compoundName && <span className="hint"> · {p.compoundName}</span>}
          </p>
          <ul className="duty-lines">
            {p.slots.map((s) => (
              <li key={s.code}>
                {s.label} {s.start}–{s.end}：{s.people.join('、') || t('duty.nobody')}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** The home page's way into 我的志愿: my hours this month once I serve, else an invitation. */
export function VolunteerEntry() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mine = useMyVolunteer();
  const c = mine.data;
  if (!c?.communityId) return null;
  const serving = !!c.profile || c.squads.length > 0;
  return (
    <nav className="home-entries" aria-label={t('volunteer.title')}>
      <button type="button" className="home-entry" onClick={() => navigate('/volunteer')}>
        <span className="home-entry-title">{t('volunteer.title')}</span>
        <span className="home-entry-text">
          {serving ? t('volunteer.homeHours', { count: hours(c.minutes.month) }) : t('volunteer.homeInvite')}
        </span>
      </button>
      <button type="button" className="home-entry" onClick={() => navigate('/activities')}>
        <span className="home-entry-title">{t('activities.title')}</span>
        <span className="home-entry-text">{t('activities.homeText')}</span>
      </button>
    </nav>
  );
}
