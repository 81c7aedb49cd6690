import { Button, ErrorBlock } from 'antd-mobile';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText } from '../../../shared/api';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import { newClientKey, startRun, useMyPatrolRoutes, usePatrolQueue, type MyPatrolRoute } from './data';
import { formatTime, QueueBar } from './parts';
import '../orders/orders.css';
import './patrol.css';

/** 巡逻: the routes of my squads and compounds with today's slots; start one, or carry on with mine. */
export default function PatrolHomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const routes = useMyPatrolRoutes();
  const queue = usePatrolQueue();
  const { busy, error, run } = useSubmit();
  // One key per start attempt: a double tap or a retry after a lost answer gets the same run.
  const keys = useRef(new Map<string, string>());

  const start = (route: MyPatrolRoute, scheduledFor: number | null) =>
    run(async () => {
      const slot = `${route.id}:${scheduledFor ?? 'now'}`;
      if (!keys.current.has(slot)) keys.current.set(slot, newClientKey());
      const started = await startRun(route.id, scheduledFor, keys.current.get(slot));
      navigate(`/patrol/runs/${started.id}`);
    });

  if (routes.isPending) return <Loading />;
  if (routes.isError)
    return (
      <div className="page">
        <h1 className="page-title">{t('patrol.title')}</h1>
        <ErrorBlock status="default" title={errorText(routes.error, t)} description="" />
      </div>
    );

  return (
    <div className="page patrol-page">
      <h1 className="page-title">{t('patrol.title')}</h1>
      <QueueBar queue={queue} />
      <p className="hint">{t('patrol.howTo')}</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!routes.data.length && <p className="empty-note">{t('patrol.noRoutes')}</p>}
      <ul className="patrol-routes">
        {routes.data.map((r) => {
          // A slot not yet run and due within the hour: its run counts for the schedule.
          const open = r.today.find(
            (s) =>
              !s.runId &&
              s.scheduledFor <= routes.dataUpdatedAt + 3_600_000 &&
              s.graceEndsAt > routes.dataUpdatedAt,
          );
          return (
            <li key={r.id} className="patrol-route">
              <h2 className="section-title">{r.name}</h2>
              <p className="hint">
                {[r.compoundName, r.squadName, t('patrol.points', { count: r.checkpointCount })]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
              {r.today.length > 0 && (
                <ul className="patrol-slots" aria-label={t('patrol.todaySlots')}>
                  {r.today.map((s) => (
                    <li key={s.scheduledFor}>
                      <span>{formatTime(s.scheduledFor)}</span>{' '}
                      <span className={s.runState === 'missed' ? 'status-bad' : undefined}>
                        {s.runState ? t(`patrol.runState.${s.runState}`) : t('patrol.slotOpen')}
                        {s.runnerName && ` · ${s.runnerName}`}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {r.openRunId ? (
                <Button
                  block
                  size="large"
                  color="primary"
                  className="patrol-big"
                  onClick={() => navigate(`/patrol/runs/${r.openRunId}`)}
                >
                  {t('patrol.resume', { name: r.name })}
                </Button>
              ) : (
                <Button
                  block
                  size="large"
                  color="primary"
                  className="patrol-big"
                  loading={busy}
                  onClick={() => void start(r, open?.scheduledFor ?? null)}
                >
                  {open
                    ? t('patrol.startSlot', {
                        name: r.name,
                        time: formatTime(open.scheduledFor),
                      })
                    : t('patrol.start', { name: r.name })}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
