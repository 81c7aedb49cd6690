import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Form, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, errorText, get, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useMe } from '../../../shared/session';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import { carePaths, useCareLive, useMyPairs, type HelpAlarmDetail } from './data';
import './care.css';

/** Unresolved alarms are looked at again now and then too: a later acknowledgement tells nobody. */
const recheckMs = 10_000;

/**
 * One help alarm. For whoever pressed the button: that it went out, who was told, and who has
 * answered, live. For those alerted: who and where, "I'm on it" and "it is dealt with".
 */
export default function HelpStatusPage() {
  const { t, i18n } = useTranslation();
  const { alarmId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  useCareLive();
  const alarm = useQuery({
    queryKey: ['care', 'alarm', alarmId],
    queryFn: () => get<HelpAlarmDetail>(carePaths.alarm(alarmId)),
    refetchInterval: (q) => (q.state.data?.state === 'resolved' ? false : recheckMs),
  });
  const pairs = useMyPairs();
  const ack = useSubmit();
  const [resolving, setResolving] = useState(false);

  if (alarm.isPending) return <Loading />;
  if (alarm.isError)
    return (
      <div className="page">
        <ErrorBlock
          status="default"
          title={
            alarm.error instanceof ApiError && alarm.error.status === 404
              ? t('help.notFound')
              : errorText(alarm.error, t)
          }
          description=""
        />
        <Button block size="large" onClick={() => navigate('/')}>
          {t('help.home')}
        </Button>
      </div>
    );
  const a = alarm.data;
  const at = (ms: number) => formatDateTime(ms, i18n.language);
  const acknowledgedBy = new Set(
    a.timeline.filter((e) => e.kind === 'acknowledged').map((e) => e.actorName ?? ''),
  );
  // The timeline names people, not accounts: my own acknowledgement is the one in my name.
  const iAcked = acknowledgedBy.has(me.data?.displayName ?? '');
  const act = (step: 'ack' | 'resolve', body: object) =>
    post<HelpAlarmDetail>(`${carePaths.alarm(a.id)}/${step}`, body).then((next) => {
      queryClient.setQueryData(['care', 'alarm', alarmId], next);
      void queryClient.invalidateQueries({ queryKey: ['care', 'alarms'] });
    });
  const place = [a.buildingName, a.roomNumber].filter(Boolean).join(' ');
  // A volunteer paired with the person reaches their emergency contacts from here.
  const pair = pairs.data?.items.find((p) => p.id === a.recordId);

  return (
    <div className="page help-status">
      <h1 className="page-title">{a.raisedByMe ? t('help.statusTitleMine') : t('help.statusTitle')}</h1>
      <section className={`help-state ${a.state}`} aria-live="polite" aria-atomic="true">
        <p className="help-state-line">
          <span aria-hidden>{a.state === 'open' ? '⚠ ' : '✓ '}</span>
          {a.state === 'open'
            ? t(a.raisedByMe ? 'help.state.openMine' : 'help.state.open', { name: a.name })
            : a.state === 'acknowledged'
              ? t('help.state.acknowledged', { name: a.acknowledgedByName ?? '' })
              : t('help.state.resolved')}
        </p>
        <p>{t('help.raisedAt', { name: a.name, time: at(a.raisedAt) })}</p>
        {place && <p>{t('help.place', { place })}</p>}
        {a.note && <p>{t('help.note', { note: a.note })}</p>}
        {a.resolveNote && <p>{t('help.resolveNote', { note: a.resolveNote })}</p>}
      </section>

      {a.alertedMe && a.state !== 'resolved' && (
        <section className="help-respond" aria-labelledby="help-respond-title">
          <h2 id="help-respond-title" className="section-title">
            {t('help.respondTitle')}
          </h2>
          {ack.error && (
            <p className="form-error" role="alert">
              {ack.error}
            </p>
          )}
          {!iAcked && (
            <Button
              block
              size="large"
              color={a.state === 'open' ? 'primary' : 'default'}
              loading={ack.busy}
              onClick={() => void ack.run(() => act('ack', {}))}
            >
              {t(a.state === 'open' ? 'help.ack' : 'help.ackToo')}
            </Button>
          )}
          {pair && (
            <Button
              block
              size="large"
              fill="outline"
              onClick={() => navigate(`/care/pairs/${pair.pairingId}`)}
            >
              {t('help.openPair', { name: a.name })}
            </Button>
          )}
          {!resolving ? (
            <Button block size="large" onClick={() => setResolving(true)}>
              {t('help.resolve')}
            </Button>
          ) : (
            <ResolveForm
              onCancel={() => setResolving(false)}
              onResolve={(note) => act('resolve', { note }).then(() => setResolving(false))}
            />
          )}
        </section>
      )}

      <section aria-labelledby="help-told-title">
        <h2 id="help-told-title" className="section-title">
          {t('help.toldTitle')}
        </h2>
        {a.recipients.length === 0 ? (
          <p className="hint">{t('help.toldNobody')}</p>
        ) : (
          <ul className="care-list">
            {a.recipients.map((r) => (
              <li key={r.accountId} className="care-row static">
                <span className="care-row-main">
                  <span className="care-row-title">{r.name}</span>
                  <span>{t(`help.reason.${r.reason}`)}</span>
                </span>
                <span className={acknowledgedBy.has(r.name) ? 'care-ok' : 'care-wait'}>
                  {acknowledgedBy.has(r.name) ? `✓ ${t('help.acked')}` : `○ ${t('help.told')}`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="help-timeline-title">
        <h2 id="help-timeline-title" className="section-title">
          {t('help.timelineTitle')}
        </h2>
        <ol className="care-timeline">
          {a.timeline.map((e) => (
            <li key={e.seq}>
              <span className="care-timeline-time">{at(e.at)}</span>
              <span>
                {t(`help.event.${e.kind}`, { name: e.actorName ?? t('help.system') })}
                {e.note ? `：${e.note}` : ''}
              </span>
            </li>
          ))}
        </ol>
      </section>
      <Button block size="large" onClick={() => navigate('/')}>
        {t('help.home')}
      </Button>
    </div>
  );
}

/** 已处理: what happened, in a sentence, for the timeline. */
function ResolveForm({
  onResolve,
  onCancel,
}: {
  onResolve: (note: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { busy, error, run } = useSubmit();
  return (
    <Form
      name="resolve"
      layout="vertical"
      onFinish={(v: { note: string }) => void run(() => onResolve(v.note.trim()))}
      footer={
        <>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="actions">
            <Button block type="submit" size="large" color="primary" loading={busy}>
              {t('help.resolveSubmit')}
            </Button>
            <Button block size="large" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          </div>
        </>
      }
    >
      <Form.Item
        name="note"
        label={t('help.resolveLabel')}
        rules={[{ required: true, whitespace: true, message: t('help.resolveRequired') }]}
      >
        <TextArea placeholder={t('help.resolvePlaceholder')} autoSize={{ minRows: 2 }} maxLength={500} />
      </Form.Item>
    </Form>
  );
}
