import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText, get, post, type Page } from '../../../shared/api';
import { useNotifications } from '../../../shared/notifications';
import './help.css';

/**
 * 需要帮助 on the home page: one large button, then one confirming question in a dialog whose "yes"
 * sits well below the button (a double tap cannot land on it) and ignores taps in its first half
 * second. Kept light: no UI library, the platform's own <dialog>.
 */

interface Alarm {
  id: string;
  state: 'open' | 'acknowledged' | 'resolved';
  name: string;
}

/** A double tap that opened the dialog must not also confirm it: "yes" listens only after this. */
const armMs = 400;

export function HelpButton() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const dialog = useRef<HTMLDialogElement>(null);
  const [opened, setOpened] = useState(0);
  const [armed, setArmed] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!opened) return;
    const timer = setTimeout(() => setArmed(true), armMs);
    return () => clearTimeout(timer);
  }, [opened]);

  function open() {
    setError(null);
    setArmed(false);
    setOpened(Date.now());
    dialog.current?.showModal();
  }
  function close() {
    dialog.current?.close();
  }
  async function confirm() {
    if (!armed || sending) return;
    setSending(true);
    setError(null);
    try {
      const alarm = await post<Alarm>('/me/help', {});
      close();
      navigate(`/help/${alarm.id}`);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setSending(false);
    }
  }

  return (
    <>
      <button type="button" className="help-button" onClick={open}>
        <span className="help-button-mark" aria-hidden>
          !
        </span>
        <span className="help-button-words">
          <span className="help-button-title">{t('help.button')}</span>
          <span className="help-button-text">{t('help.buttonText')}</span>
        </span>
      </button>
      <dialog
        ref={dialog}
        className="help-dialog"
        aria-labelledby="help-confirm-title"
        aria-describedby="help-confirm-text"
        data-armed={armed}
      >
        <h2 id="help-confirm-title">{t('help.confirmTitle')}</h2>
        <p id="help-confirm-text">{t('help.confirmText')}</p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="help-dialog-actions">
          {/* First in the dialog, so it takes the focus: Enter on a fresh dialog does not call for help. */}
          <button type="button" className="help-cancel" onClick={close}>
            {t('help.cancel')}
          </button>
          <button type="button" className="help-confirm" onClick={() => void confirm()} aria-busy={sending}>
            {sending ? t('help.sending') : t('help.confirm')}
          </button>
        </div>
      </dialog>
    </>
  );
}

/**
 * An unresolved alarm I raised or was alerted to, at the top of the home page. It refetches when a
 * new notification arrives (the inbox entry on the same page already listens for them).
 */
export function HelpAlarmBanner() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const latest = useNotifications().items[0]?.id ?? '';
  const alarms = useQuery({
    queryKey: ['care', 'alarms', 'home', latest],
    queryFn: () => get<Page<Alarm>>('/me/help-alarms?pageSize=5'),
  });
  const live = (alarms.data?.items ?? []).filter((a) => a.state !== 'resolved');
  if (!live.length) return null;
  return (
    <nav className="help-banners" aria-label={t('help.bannerLabel')}>
      {live.map((a) => (
        <button
          key={a.id}
          type="button"
          className={`help-banner ${a.state}`}
          onClick={() => navigate(`/help/${a.id}`)}
        >
          <span aria-hidden>{a.state === 'open' ? '⚠ ' : '✓ '}</span>
          {t(a.state === 'open' ? 'help.bannerOpen' : 'help.bannerAcknowledged', { name: a.name })}
          <span className="help-banner-go">{t('help.bannerGo')} ›</span>
        </button>
      ))}
    </nav>
  );
}
