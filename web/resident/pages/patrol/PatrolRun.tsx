import { useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Form, Space, TextArea, Toast } from 'antd-mobile';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorText, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import { PhotoPicker, usePhotoUploads } from '../orders/PhotoPicker';
import {
  newClientKey,
  runKey,
  usePatrolQueue,
  usePatrolRun,
  type PatrolRun,
  type RunCheckpoint,
} from './data';
import { QueueBar } from './parts';
import '../orders/orders.css';
import './patrol.css';

type Queue = ReturnType<typeof usePatrolQueue>;

/** 发现问题: what is wrong at a point, with photos; it becomes a service order for the property or staff. */
function FindingForm({
  run,
  point,
  queue,
  onClose,
}: {
  run: PatrolRun;
  point: RunCheckpoint;
  queue: Queue;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const photos = usePhotoUploads(run.communityId, 3);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const submit = async (values: { note: string }) => {
    if (photos.busy) return setPhotoError(t('patrol.finding.waitPhotos'));
    setPhotoError(null);
    await queue.add({
      runId: run.id,
      checkpointName: point.name,
      checkpointId: point.id,
      body: {
        checkpointId: point.id,
        scannedAt: Date.now(),
        note: values.note.trim(),
        finding: true,
        fileIds: photos.ids,
        clientKey: newClientKey(),
      },
    });
    Toast.show({ content: t('patrol.finding.kept') });
    onClose();
  };
  return (
    <section className="step-panel" aria-labelledby={`finding-${point.id}`}>
      <h3 id={`finding-${point.id}`} className="section-title">
        {t('patrol.finding.title', { name: point.name })}
      </h3>
      <Form
        name="finding"
        layout="vertical"
        onFinish={submit}
        footer={
          <>
            {photoError && (
              <p className="form-error" role="alert">
                {photoError}
              </p>
            )}
            <Space block direction="vertical">
              <Button block type="submit" size="large" color="primary">
                {t('patrol.finding.submit')}
              </Button>
              <Button block size="large" onClick={onClose}>
                {t('common.cancel')}
              </Button>
            </Space>
          </>
        }
      >
        <Form.Item
          name="note"
          label={t('patrol.finding.note')}
          rules={[{ required: true, whitespace: true, message: t('patrol.finding.noteRequired') }]}
        >
          <TextArea
            placeholder={t('patrol.finding.placeholder')}
            autoSize={{ minRows: 3, maxRows: 6 }}
            maxLength={500}
            showCount
          />
        </Form.Item>
        <PhotoPicker uploads={photos} label={t('patrol.finding.photos')} />
      </Form>
    </section>
  );
}

/** The mark and word for a point: sent, waiting on the phone, or still to reach. */
function PointState({ point, waiting, filed }: { point: RunCheckpoint; waiting: number; filed: number }) {
  const { t, i18n } = useTranslation();
  if (point.firstScannedAt)
    return (
      <p className="patrol-done">
        <span aria-hidden>✓ </span>
        {t('patrol.scannedAt', { at: formatDateTime(point.firstScannedAt, i18n.language) })}
        {filed > 0 && ` · ${t('patrol.findingFiled', { count: filed })}`}
      </p>
    );
  if (waiting)
    return (
      <p className="patrol-waiting">
        <span aria-hidden>↑ </span>
        {t('patrol.pointPending')}
      </p>
    );
  return (
    <p className="hint">
      <span aria-hidden>○ </span>
      {t('patrol.notYet')}
    </p>
  );
}

/**
 * 巡逻中: the route's points in order, big buttons for a phone in one hand. A point is checked by
 * scanning its QR (the phone's camera opens /patrol/scan/<token>, which comes back here) or, when the
 * code is dirty or gone, by hand. Scans wait on the phone while there is no signal.
 */
export default function PatrolRunPage() {
  const { t, i18n } = useTranslation();
  const { runId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const run = usePatrolRun(runId);
  const queue = usePatrolQueue(runId);
  const [finding, setFinding] = useState<string | null>(null);
  const finish = useSubmit();
  const finishKey = useRef(newClientKey());

  if (run.isPending) return <Loading />;
  if (run.isError)
    return (
      <div className="page">
        <ErrorBlock status="default" title={errorText(run.error, t)} description="" />
        <Button block size="large" onClick={() => navigate('/patrol')}>
          {t('patrol.title')}
        </Button>
      </div>
    );
  const r = run.data;
  const waitingAt = (id: string) => queue.pending.filter((s) => s.checkpointId === id).length;
  const reached = (p: RunCheckpoint) => p.scanned || waitingAt(p.id) > 0;
  const filedAt = (id: string) => r.scans.filter((s) => s.checkpointId === id && s.findingOrderId).length;
  const next = r.checkpoints.find((p) => !reached(p));
  const done = r.checkpoints.filter(reached).length;
  const active = r.state === 'in_progress';

  const scanByHand = (p: RunCheckpoint) =>
    queue
      .add({
        runId: r.id,
        checkpointName: p.name,
        checkpointId: p.id,
        body: { checkpointId: p.id, scannedAt: Date.now(), clientKey: newClientKey() },
      })
      .then(() => Toast.show({ content: t('patrol.checked', { name: p.name }) }));

  const finishRun = () =>
    finish.run(async () => {
      const finished = await post<PatrolRun>(`/me/patrol-runs/${r.id}/finish`, {
        clientKey: finishKey.current,
      });
      queryClient.setQueryData(runKey(r.id), finished);
      await queryClient.invalidateQueries({ queryKey: ['patrol', 'routes'] });
      Toast.show({ content: t('patrol.finished') });
    });

  return (
    <div className="page patrol-page">
      <Button size="small" fill="none" className="back-link" onClick={() => navigate('/patrol')}>
        ‹ {t('patrol.title')}
      </Button>
      <h1 className="page-title">{r.routeName}</h1>
      <p className="big-line">
        {active
          ? t('patrol.progress', { done, total: r.checkpoints.length })
          : t(`patrol.runState.${r.state}`)}
      </p>
      {!active && (r.missedPoints > 0 || r.outOfOrder) && (
        <p className="status-bad">
          {[
            r.missedPoints > 0 && t('patrol.flags.missed', { count: r.missedPoints }),
            r.outOfOrder && t('patrol.flags.outOfOrder'),
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      )}
      <QueueBar queue={queue} />
      {active && <p className="hint">{t('patrol.scanHint')}</p>}
      <ol className="patrol-points" aria-label={t('patrol.pointsLabel')}>
        {r.checkpoints.map((p) => (
          <li key={p.id} className={`patrol-point${p === next && active ? ' next' : ''}`}>
            <h2 className="patrol-point-name">
              <span className="patrol-point-no">{p.position}</span> {p.name}
            </h2>
            {p.placeHint && <p className="hint">{p.placeHint}</p>}
            <PointState point={p} waiting={waitingAt(p.id)} filed={filedAt(p.id)} />
            {active && finding !== p.id && (
              <div className="patrol-point-actions">
                {!reached(p) && (
                  <Button
                    block
                    size="large"
                    color={p === next ? 'primary' : 'default'}
                    className="patrol-big"
                    aria-label={t('patrol.byHandOf', { name: p.name })}
                    onClick={() => void scanByHand(p)}
                  >
                    {t('patrol.byHand')}
                  </Button>
                )}
                <Button
                  block
                  size="large"
                  className="danger-action"
                  fill="outline"
                  color="danger"
                  aria-label={t('patrol.finding.openOf', { name: p.name })}
                  onClick={() => setFinding(p.id)}
                >
                  {t('patrol.finding.open')}
                </Button>
              </div>
            )}
            {active && finding === p.id && (
              <FindingForm run={r} point={p} queue={queue} onClose={() => setFinding(null)} />
            )}
          </li>
        ))}
      </ol>
      {active && (
        <section className="patrol-finish">
          {queue.pending.length > 0 && <p className="hint">{t('patrol.finishWait')}</p>}
          {finish.error && (
            <p className="form-error" role="alert">
              {finish.error}
            </p>
          )}
          <Button
            block
            size="large"
            color="primary"
            className="patrol-big"
            loading={finish.busy}
            disabled={queue.pending.length > 0}
            onClick={() => void finishRun()}
          >
            {next ? t('patrol.finishEarly', { count: r.checkpoints.length - done }) : t('patrol.finish')}
          </Button>
        </section>
      )}
      {r.finishedAt && (
        <p className="hint">{t('patrol.finishedAt', { at: formatDateTime(r.finishedAt, i18n.language) })}</p>
      )}
    </div>
  );
}
