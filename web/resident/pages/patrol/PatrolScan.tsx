import { useQuery } from '@tanstack/react-query';
import { Button, ErrorBlock, Toast } from 'antd-mobile';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorText, get } from '../../../shared/api';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import { newClientKey, startRun, usePatrolQueue, type ScanTarget } from './data';
import '../orders/orders.css';
import './patrol.css';

/**
 * What a checkpoint's QR opens (/patrol/scan/<token>, from the phone's camera or WeChat's scanner):
 * during my run of that route the point is checked at once and I am back on the run; otherwise the
 * page offers to start the route's patrol here.
 */
export default function PatrolScanPage() {
  const { t } = useTranslation();
  const { qrToken = '' } = useParams();
  const navigate = useNavigate();
  const target = useQuery({
    queryKey: ['patrol', 'scan-target', qrToken],
    queryFn: () => get<ScanTarget>(`/patrol/scan-target/${qrToken}`),
    retry: false,
  });
  const queue = usePatrolQueue();
  const { busy, error, run } = useSubmit();
  const done = useRef(false);
  const startKey = useRef(newClientKey());
  const scanKey = useRef(newClientKey());

  const runId = target.data?.openRunId ?? null;

  const check = async (into: string, point: ScanTarget) => {
    await queue.add({
      runId: into,
      checkpointName: point.checkpointName,
      checkpointId: point.checkpointId,
      body: { qrToken, scannedAt: Date.now(), clientKey: scanKey.current },
    });
    Toast.show({ content: t('patrol.checked', { name: point.checkpointName }) });
    navigate(`/patrol/runs/${into}`, { replace: true });
  };

  // On my run of this route: the scan is the check, nothing to tap.
  useEffect(() => {
    if (done.current || !runId || !target.data) return;
    done.current = true;
    void check(runId, target.data);
  });

  if (target.isPending || runId) return <Loading />;
  if (target.isError)
    return (
      <div className="page">
        <ErrorBlock status="default" title={errorText(target.error, t)} description="" />
        <Button block size="large" onClick={() => navigate('/patrol')}>
          {t('patrol.title')}
        </Button>
      </div>
    );
  const point = target.data;
  return (
    <div className="page patrol-page">
      <p className="patrol-kicker">{t('patrol.scanKicker')}</p>
      <h1 className="page-title">{point.checkpointName}</h1>
      <p className="big-line">{t('patrol.onRoute', { name: point.routeName, no: point.position })}</p>
      <p>{t('patrol.noRunYet')}</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <Button
        block
        size="large"
        color="primary"
        className="patrol-big"
        loading={busy}
        onClick={() =>
          void run(async () => {
            const started = await startRun(point.routeId, null, startKey.current);
            await check(started.id, point);
          })
        }
      >
        {t('patrol.startHere')}
      </Button>
      <Button block size="large" onClick={() => navigate('/patrol')}>
        {t('patrol.title')}
      </Button>
    </div>
  );
}
