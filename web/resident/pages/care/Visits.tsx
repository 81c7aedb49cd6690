import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Form, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorText, get, post, type Page } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import {
  useMyContactHouseholds,
  useVisitCommunities,
  type Assignment,
  type Round,
  type RoundDetail,
  type Visit,
  type VisitOutcome,
} from './data';
import { Choices, ToOrderForm } from './parts';
import './care.css';

/**
 * 走访 on the phone: my households (党员联系户) and the door-knock rounds (敲门行动) of the communities
 * where I may record visits; each visit says met / not home / refused, the opinions collected and
 * the problems found, and a problem becomes a service order with one more step.
 */

export default function VisitsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const households = useMyContactHouseholds();
  const communities = useVisitCommunities();
  const rounds = useQuery({
    queryKey: ['care', 'rounds', communities],
    enabled: communities.length > 0,
    queryFn: async () =>
      (
        await Promise.all(
          communities.map((c) => get<Page<Round>>(`/communities/${c}/visit-rounds?state=open&pageSize=50`)),
        )
      ).flatMap((p) => p.items),
  });
  const [open, setOpen] = useState<string | null>(null);

  if (households.isPending) return <Loading />;
  const mine = households.data?.items ?? [];
  return (
    <div className="page">
      <h1 className="page-title">{t('visits.title')}</h1>
      <section aria-labelledby="visits-mine-title">
        <h2 id="visits-mine-title" className="section-title">
          {t('visits.mine.title')}
        </h2>
        {households.isError && (
          <ErrorBlock status="default" title={errorText(households.error, t)} description="" />
        )}
        {households.isSuccess && mine.length === 0 && <p className="empty-note">{t('visits.mine.empty')}</p>}
        <ul className="care-list">
          {mine.map((a) => (
            <li key={a.id}>
              <HouseholdRow
                a={a}
                expanded={open === a.id}
                onToggle={() => setOpen(open === a.id ? null : a.id)}
              />
              {open === a.id && (
                <VisitForm
                  title={a.householdName}
                  path="/me/visits"
                  body={{ householdId: a.householdId }}
                  onDone={() => setOpen(null)}
                />
              )}
            </li>
          ))}
        </ul>
      </section>

      {communities.length > 0 && (
        <section aria-labelledby="visits-rounds-title">
          <h2 id="visits-rounds-title" className="section-title">
            {t('visits.rounds.title')}
          </h2>
          {rounds.isError && <p className="form-error">{errorText(rounds.error, t)}</p>}
          {rounds.isSuccess && rounds.data.length === 0 && (
            <p className="empty-note">{t('visits.rounds.empty')}</p>
          )}
          <ul className="care-list">
            {(rounds.data ?? []).map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  className="care-row"
                  onClick={() => navigate(`/visit-rounds/${r.communityId}/${r.id}`)}
                >
                  <span className="care-row-main">
                    <span className="care-row-title">{r.title}</span>
                    <span>{t('visits.rounds.progress', { visited: r.visited, total: r.households })}</span>
                    {r.endsOn && <span className="hint">{t('visits.rounds.ends', { date: r.endsOn })}</span>}
                  </span>
                  <span aria-hidden>›</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <RecentVisits />
    </div>
  );
}

function HouseholdRow({ a, expanded, onToggle }: { a: Assignment; expanded: boolean; onToggle: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <button
      type="button"
      className={`care-row${a.visitedThisQuarter ? '' : ' overdue'}`}
      aria-expanded={expanded}
      onClick={onToggle}
    >
      <span className="care-row-main">
        <span className="care-row-title">{a.householdName}</span>
        <span>
          {a.buildingName} {a.roomNumber}
        </span>
        <span className={a.visitedThisQuarter ? 'care-ok' : 'care-late'}>
          {a.visitedThisQuarter ? `✓ ${t('visits.quarterDone')}` : `⚠ ${t('visits.quarterDue')}`}
        </span>
        <span className="hint">
          {a.lastVisitedAt
            ? t('visits.last', {
                time: formatDateTime(a.lastVisitedAt, i18n.language),
                outcome: t(`visits.outcome.${a.lastOutcome ?? 'met'}`),
              })
            : t('visits.never')}
        </span>
      </span>
      <span className="care-row-go">{expanded ? t('visits.close') : t('visits.record')}</span>
    </button>
  );
}

interface VisitValues {
  outcome?: VisitOutcome;
  opinions?: string;
  problems?: string;
}

/** 记录走访: how the knock went, the opinions heard and the problems found. */
export function VisitForm({
  title,
  path,
  body,
  onDone,
}: {
  title: string;
  path: string;
  body: Record<string, string>;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { busy, error, run } = useSubmit();
  const submit = (v: VisitValues) =>
    void run(async () => {
      await post<Visit>(path, {
        ...body,
        outcome: v.outcome,
        opinions: v.opinions?.trim() || undefined,
        problems: v.problems?.trim() || undefined,
      });
      Toast.show({ content: t('visits.saved') });
      await queryClient.invalidateQueries({ queryKey: ['care'] });
      onDone();
    });
  return (
    <section className="care-card" aria-label={t('visits.formTitle', { name: title })}>
      <Form
        name="visit"
        layout="vertical"
        className="care-form"
        onFinish={submit}
        footer={
          <>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <div className="actions">
              <Button block type="submit" size="large" color="primary" loading={busy}>
                {t('visits.submit')}
              </Button>
              <Button block size="large" onClick={onDone}>
                {t('common.cancel')}
              </Button>
            </div>
          </>
        }
      >
        <Form.Item
          name="outcome"
          label={t('visits.outcomeLabel')}
          rules={[{ required: true, message: t('visits.outcomeRequired') }]}
        >
          <Choices
            label={t('visits.outcomeLabel')}
            options={(['met', 'not_home', 'refused'] as const).map((o) => ({
              value: o,
              label: t(`visits.outcome.${o}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="opinions" label={t('visits.opinions')}>
          <TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="problems" label={t('visits.problems')} description={t('visits.problemsHint')}>
          <TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </section>
  );
}

/** The visits I recorded lately; a problem found, not yet an order, can become one here. */
function RecentVisits() {
  const { t, i18n } = useTranslation();
  const visits = useQuery({
    queryKey: ['care', 'my-visits'],
    queryFn: () => get<Page<Visit>>('/me/visits?pageSize=10'),
  });
  const [ordering, setOrdering] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const items = visits.data?.items ?? [];
  if (!items.length) return null;
  return (
    <section aria-labelledby="visits-recent-title">
      <h2 id="visits-recent-title" className="section-title">
        {t('visits.recent')}
      </h2>
      {items.map((v) => (
        <article
          key={v.id}
          className="care-log"
          aria-label={`${v.householdName} ${formatDateTime(v.visitedAt, i18n.language)}`}
        >
          <p className="care-log-head">
            <strong>{v.householdName}</strong>
            <span>{formatDateTime(v.visitedAt, i18n.language)}</span>
            <span>{t(`visits.outcome.${v.outcome}`)}</span>
          </p>
          {v.opinions && <p>{t('visits.opinionsLine', { text: v.opinions })}</p>}
          {v.problems && <p>{t('visits.problemsLine', { text: v.problems })}</p>}
          {v.orderId && <p className="care-ok">✓ {t('care.order.made')}</p>}
          {v.problems &&
            !v.orderId &&
            (ordering === v.id ? (
              <ToOrderForm
                communityId={v.communityId}
                found={v.problems}
                onCancel={() => setOrdering(null)}
                onSubmit={async (input) => {
                  await post(`/me/visits/${v.id}/order`, input);
                  Toast.show({ content: t('care.order.made') });
                  setOrdering(null);
                  await queryClient.invalidateQueries({ queryKey: ['care', 'my-visits'] });
                }}
              />
            ) : (
              <Button block size="large" fill="outline" onClick={() => setOrdering(v.id)}>
                {t('care.order.start')}
              </Button>
            ))}
        </article>
      ))}
    </section>
  );
}

/** One door-knock round on the phone: its households, where each stands, and recording a knock. */
export function RoundPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { communityId = '', roundId = '' } = useParams();
  const round = useQuery({
    queryKey: ['care', 'round', roundId],
    queryFn: () => get<RoundDetail>(`/communities/${communityId}/visit-rounds/${roundId}`),
  });
  const [open, setOpen] = useState<string | null>(null);
  if (round.isPending) return <Loading />;
  if (round.isError)
    return (
      <div className="page">
        <ErrorBlock status="default" title={errorText(round.error, t)} description="" />
      </div>
    );
  const r = round.data;
  return (
    <div className="page">
      <Button fill="none" className="back-link" onClick={() => navigate('/my-households')}>
        ‹ {t('visits.title')}
      </Button>
      <h1 className="page-title">{r.title}</h1>
      <p className="big-line">{t('visits.rounds.progress', { visited: r.visited, total: r.households })}</p>
      <ul className="care-list" aria-label={t('visits.rounds.households')}>
        {r.items.map((h) => (
          <li key={h.householdId}>
            <button
              type="button"
              className={`care-row${h.status === 'visited' ? '' : ' overdue'}`}
              aria-expanded={open === h.householdId}
              disabled={r.state !== 'open'}
              onClick={() => setOpen(open === h.householdId ? null : h.householdId)}
            >
              <span className="care-row-main">
                <span className="care-row-title">
                  {h.buildingName} {h.roomNumber} · {h.householdName}
                </span>
                <span className={h.status === 'visited' ? 'care-ok' : 'care-late'}>
                  {h.status === 'visited' ? '✓ ' : '⚠ '}
                  {t(`visits.status.${h.status}`)}
                  {h.visitorName ? ` · ${h.visitorName}` : ''}
                </span>
              </span>
              <span className="care-row-go">
                {open === h.householdId ? t('visits.close') : t('visits.record')}
              </span>
            </button>
            {open === h.householdId && (
              <VisitForm
                title={h.householdName}
                path={`/communities/${communityId}/visits`}
                body={{ householdId: h.householdId, roundId: r.id }}
                onDone={() => {
                  setOpen(null);
                  void round.refetch();
                }}
              />
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
