import { useQuery } from '@tanstack/react-query';
import { Button, ErrorBlock, Form, Selector, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorText, get, post } from '../../../shared/api';
import { useMe } from '../../../shared/session';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import '../orders/orders.css';
import './volunteer.css';

interface Campaign {
  communityId: string;
  communityName: string;
  title: string;
  body: string;
  compoundName: string | null;
  squad: { id: string; name: string } | null;
  skillsWanted: { code: string; name: string }[];
  startsOn: string;
  endsOn: string;
  open: boolean;
}

/**
 * 志愿者招募: the page a poster's QR or a shared link opens. Anyone may read it; signing up asks to
 * log in first and comes back here, then sends a join request (or makes a profile) in one tap.
 */
export default function RecruitPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const campaign = useQuery({
    queryKey: ['recruit', token],
    queryFn: () => get<Campaign>(`/recruit/${token}`),
  });
  const { busy, error, run } = useSubmit();
  const [sent, setSent] = useState(false);

  if (campaign.isPending || me.isPending) return <Loading />;
  if (campaign.isError)
    return (
      <div className="page">
        <ErrorBlock status="default" title={errorText(campaign.error, t)} description="" />
      </div>
    );
  const c = campaign.data;
  const submit = (v: { skills?: string[]; message?: string }) =>
    run(async () => {
      await post(`/me/recruit/${token}`, {
        skills: v.skills ?? [],
        ...(v.message?.trim() ? { message: v.message.trim() } : {}),
      });
      setSent(true);
    });

  return (
    <div className="page recruit-page">
      <p className="hint">{t('recruit.kicker', { community: c.communityName })}</p>
      <h1 className="page-title">{c.title}</h1>
      <article className="volunteer-card">
        <p className="recruit-body">{c.body}</p>
        <dl className="order-facts">
          {c.squad && (
            <>
              <dt>{t('recruit.squad')}</dt>
              <dd>{c.squad.name}</dd>
            </>
          )}
          <dt>{t('recruit.period')}</dt>
          <dd>
            {c.startsOn} – {c.endsOn}
          </dd>
        </dl>
        {c.skillsWanted.length > 0 && (
          <>
            <h2 className="section-title">{t('recruit.skillsWanted')}</h2>
            <ul className="recruit-skills">
              {c.skillsWanted.map((s) => (
                <li key={s.code}>{s.name}</li>
              ))}
            </ul>
          </>
        )}
      </article>
      {!c.open ? (
        <p className="empty-note">{t('recruit.closed')}</p>
      ) : sent ? (
        <>
          <p className="volunteer-ok" role="status">
            <span aria-hidden>✓ </span>
            {t(c.squad ? 'recruit.sentSquad' : 'recruit.sent')}
          </p>
          <Button block size="large" color="primary" onClick={() => navigate('/volunteer')}>
            {t('volunteer.title')}
          </Button>
        </>
      ) : !me.data ? (
        <Button
          block
          size="large"
          color="primary"
          onClick={() => navigate(`/login?next=${encodeURIComponent(`/recruit/${token}`)}`)}
        >
          {t('recruit.login')}
        </Button>
      ) : (
        <section className="volunteer-card" aria-labelledby="recruit-form">
          <h2 id="recruit-form" className="section-title">
            {t('recruit.signUp')}
          </h2>
          <Form
            name="recruit"
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
                  {t('recruit.submit')}
                </Button>
              </>
            }
          >
            {c.skillsWanted.length > 0 && (
              <Form.Item name="skills" label={t('recruit.mySkills')}>
                <Selector
                  multiple
                  columns={3}
                  options={c.skillsWanted.map((s) => ({ value: s.code, label: s.name }))}
                />
              </Form.Item>
            )}
            <Form.Item name="message" label={t('volunteer.squads.message')}>
              <TextArea
                placeholder={t('volunteer.squads.messagePlaceholder')}
                autoSize={{ minRows: 2, maxRows: 5 }}
                maxLength={300}
              />
            </Form.Item>
          </Form>
        </section>
      )}
    </div>
  );
}
