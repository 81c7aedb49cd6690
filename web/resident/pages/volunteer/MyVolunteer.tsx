import { useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, ErrorBlock, Form, Input, Selector, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, errorText, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import { hours, slots, useMyVolunteer, volunteerKey, type MyVolunteer, type ServiceEntry } from './data';
import '../orders/orders.css';
import './volunteer.css';

const weekdays = [1, 2, 3, 4, 5, 6, 7];

/** One service entry: what it was for, when, how long; opens its source where this shell can show it. */
export function EntryRow({ e }: { e: ServiceEntry }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const to = e.source.link;
  const body = (
    <span className="order-row-main">
      <span className="order-row-title">
        {t(`volunteer.source.${e.sourceKind}`)}
        {e.source.title && ` · ${e.source.title}`}
      </span>
      <span className="order-row-meta">
        {formatDateTime(e.at, i18n.language)} · {t('volunteer.hours', { count: hours(e.minutes) })}
        {e.voidedAt && ` · ${t('volunteer.voided')}`}
      </span>
    </span>
  );
  return to ? (
    <button type="button" className="order-row" onClick={() => navigate(to)}>
      {body}
      <span className="chevron" aria-hidden>
        ›
      </span>
    </button>
  ) : (
    <div className="order-row">{body}</div>
  );
}

/** 我的档案: skills from the community's list, free tags, when I can help. */
function ProfileForm({ c, onSaved }: { c: MyVolunteer; onSaved: (next: MyVolunteer) => void }) {
  const { t } = useTranslation();
  const { busy, error, run } = useSubmit();
  const p = c.profile;
  const save = (v: { skills?: string[]; tags?: string; weekdays?: number[]; slots?: string[] }) =>
    run(async () => {
      const next = await api<MyVolunteer>('PUT', '/me/volunteer', {
        communityId: c.communityId,
        skills: v.skills ?? [],
        tags: (v.tags ?? '')
          .split(/[,，、\s]+/)
          .map((s) => s.trim())
          .filter(Boolean),
        availability: { weekdays: v.weekdays ?? [], slots: v.slots ?? [] },
      });
      onSaved(next);
      Toast.show({ content: t(p ? 'common.saved' : 'volunteer.profile.created') });
    });
  return (
    <section className="volunteer-card" aria-labelledby={`profile-${c.communityId}`}>
      <h2 id={`profile-${c.communityId}`} className="section-title">
        {t(p ? 'volunteer.profile.title' : 'volunteer.profile.become')}
      </h2>
      {!p && <p className="hint">{t('volunteer.profile.becomeHint')}</p>}
      <Form
        name={`profile-${c.communityId}`}
        layout="vertical"
        initialValues={{
          skills: p?.skills.map((k) => k.code) ?? [],
          tags: p?.tags.join('、') ?? '',
          weekdays: p?.availability.weekdays ?? [],
          slots: p?.availability.slots ?? [],
        }}
        onFinish={save}
        footer={
          <>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <Button block type="submit" size="large" color="primary" loading={busy}>
              {t(p ? 'common.save' : 'volunteer.profile.submit')}
            </Button>
          </>
        }
      >
        <Form.Item name="skills" label={t('volunteer.profile.skills')}>
          <Selector
            multiple
            columns={3}
            options={c.skillOptions.map((s) => ({ value: s.code, label: s.name }))}
          />
        </Form.Item>
        <Form.Item
          name="tags"
          label={t('volunteer.profile.tags')}
          description={t('volunteer.profile.tagsHint')}
        >
          <Input placeholder={t('volunteer.profile.tagsPlaceholder')} maxLength={200} />
        </Form.Item>
        <Form.Item name="weekdays" label={t('volunteer.profile.weekdays')}>
          <Selector
            multiple
            columns={4}
            options={weekdays.map((d) => ({ value: d, label: t(`volunteer.weekday.${d}`) }))}
          />
        </Form.Item>
        <Form.Item name="slots" label={t('volunteer.profile.slots')}>
          <Selector
            multiple
            columns={3}
            options={slots.map((s) => ({ value: s, label: t(`volunteer.slot.${s}`) }))}
          />
        </Form.Item>
      </Form>
    </section>
  );
}

/** 我的志愿: my hours (and points), my squads, my profile, recent service, and the ways to serve. */
export default function MyVolunteerPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [communityId, setCommunityId] = useState<string | null>(null);
  const mine = useMyVolunteer(communityId);
  const leave = useSubmit();

  const leaveSquad = async (squadId: string, name: string) => {
    const ok = await Dialog.confirm({
      content: t('volunteer.squads.leaveConfirm', { name }),
      confirmText: t('volunteer.squads.leave'),
      cancelText: t('common.back'),
    });
    if (!ok) return;
    await leave.run(async () => {
      await post(`/me/squads/${squadId}/leave`);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['volunteer'] }),
        queryClient.invalidateQueries({ queryKey: ['my-squads'] }),
      ]);
      Toast.show({ content: t('volunteer.squads.left', { name }) });
    });
  };

  if (mine.isPending) return <Loading />;
  if (mine.isError)
    return (
      <div className="page">
        <h1 className="page-title">{t('volunteer.title')}</h1>
        <ErrorBlock status="default" title={errorText(mine.error, t)} description="" />
      </div>
    );
  const c = mine.data;
  const serving = c.squads.length > 0;
  const links = [
    { to: '/activities', title: t('activities.title'), text: t('volunteer.links.activities') },
    { to: '/volunteer/squads', title: t('volunteer.squads.join'), text: t('volunteer.links.squads') },
    ...(serving
      ? [
          { to: '/tasks', title: t('tasks.title'), text: t('volunteer.links.tasks') },
          { to: '/patrol', title: t('patrol.title'), text: t('volunteer.links.patrol') },
        ]
      : []),
    { to: '/duty', title: t('duty.title'), text: t('volunteer.links.duty') },
  ];
  const saved = (next: MyVolunteer) => {
    queryClient.setQueryData(volunteerKey(communityId), next);
    void queryClient.invalidateQueries({ queryKey: ['volunteer'] });
  };

  return (
    <div className="page">
      <h1 className="page-title">{t('volunteer.title')}</h1>
      {c.communities.length > 1 && (
        <div role="group" aria-label={t('volunteer.community')}>
          <Selector
            columns={2}
            value={c.communityId ? [c.communityId] : []}
            onChange={(v) => v[0] && setCommunityId(v[0])}
            options={c.communities.map((k) => ({ value: k.id, label: k.name }))}
          />
        </div>
      )}
      {!c.communityId ? (
        <p className="empty-note">{t('volunteer.noCommunity')}</p>
      ) : (
        <>
          <section className="volunteer-hours" aria-label={t('volunteer.hoursLabel')}>
            {(['month', 'year', 'all'] as const).map((k) => (
              <div key={k} className="volunteer-figure">
                <span className="volunteer-figure-value">{hours(c.minutes[k])}</span>
                <span className="volunteer-figure-label">{t(`volunteer.period.${k}`)}</span>
              </div>
            ))}
          </section>
          {c.points && (
            <p className="big-line">{t('volunteer.points', { month: c.points.month, all: c.points.all })}</p>
          )}
          {serving && (
            <section className="volunteer-card" aria-labelledby="my-squads">
              <h2 id="my-squads" className="section-title">
                {t('volunteer.squads.mine')}
              </h2>
              <ul className="volunteer-squads">
                {c.squads.map((s) => (
                  <li key={s.id}>
                    <span className="big-line">{s.name}</span>{' '}
                    <span className="hint">{t(`volunteer.squads.role.${s.role}`)}</span>
                    <Button
                      size="small"
                      fill="outline"
                      loading={leave.busy}
                      aria-label={t('volunteer.squads.leaveOf', { name: s.name })}
                      onClick={() => void leaveSquad(s.id, s.name)}
                    >
                      {t('volunteer.squads.leave')}
                    </Button>
                  </li>
                ))}
              </ul>
              {leave.error && (
                <p className="form-error" role="alert">
                  {leave.error}
                </p>
              )}
            </section>
          )}
          <ProfileForm key={c.communityId} c={c} onSaved={saved} />
          <section aria-labelledby="recent-entries">
            <h2 id="recent-entries" className="section-title">
              {t('volunteer.recent')}
            </h2>
            {c.recentEntries.length ? (
              <ul className="order-list">
                {c.recentEntries.map((e) => (
                  <li key={e.id}>
                    <EntryRow e={e} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="empty-note">{t('volunteer.noEntries')}</p>
            )}
            {c.recentEntries.length > 0 && (
              <Button block fill="none" className="back-link" onClick={() => navigate('/volunteer/hours')}>
                {t('volunteer.allEntries')} ›
              </Button>
            )}
          </section>
          {c.profile && (
            <p className="hint">
              {t('volunteer.since', { at: formatDateTime(c.profile.joinedAt, i18n.language) })}
            </p>
          )}
        </>
      )}
      <nav className="home-entries" aria-label={t('volunteer.linksLabel')}>
        {links.map((l) => (
          <button key={l.to} type="button" className="home-entry" onClick={() => navigate(l.to)}>
            <span className="home-entry-title">{l.title}</span>
            <span className="home-entry-text">{l.text}</span>
          </button>
        ))}
      </nav>
    </div>
  );
}
