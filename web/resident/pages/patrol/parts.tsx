import { Button } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { usePatrolQueue } from './data';

/**
 * 待上传 N 条: scans kept on the phone, whether there is signal, a button to try again now, and
 * scans the server refused (said once, then cleared).
 */
export function QueueBar({ queue }: { queue: ReturnType<typeof usePatrolQueue> }) {
  const { t } = useTranslation();
  const count = queue.pending.length;
  return (
    <div className="patrol-queue" role="status" aria-live="polite">
      {!queue.online && (
        <p className="patrol-offline">
          <span aria-hidden>⚠ </span>
          {t('patrol.offline')}
        </p>
      )}
      {count > 0 ? (
        <div className="patrol-pending">
          <p>
            <span aria-hidden>↑ </span>
            {t('patrol.pending', { count })}
          </p>
          <Button size="middle" onClick={() => void queue.send()} disabled={!queue.online}>
            {t('patrol.sendNow')}
          </Button>
        </div>
      ) : (
        queue.online && (
          <p className="patrol-synced">
            <span aria-hidden>✓ </span>
            {t('patrol.allSent')}
          </p>
        )
      )}
      {queue.refused.length > 0 && (
        <div className="form-error" role="alert">
          {queue.refused.map((r, i) => (
            <p key={i}>{t('patrol.refused', { name: r.checkpointName, message: r.message })}</p>
          ))}
          <Button size="small" fill="none" onClick={queue.clearRefused}>
            {t('common.confirm')}
          </Button>
        </div>
      )}
    </div>
  );
}

/** A slot's time of day in China time (07:00). */
export const formatTime = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(11, 16);
