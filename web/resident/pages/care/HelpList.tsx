import { ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { Loading } from '../../App';
import { useCareLive, useMyAlarms } from './data';
import './care.css';

/** 求助记录: the alarms I raised or was alerted to, newest first, each opening its status page. */
export default function HelpListPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  useCareLive();
  const alarms = useMyAlarms(false);
  if (alarms.isPending) return <Loading />;
  return (
    <div className="page">
      <h1 className="page-title">{t('help.history')}</h1>
      {alarms.isError && <ErrorBlock status="default" title={errorText(alarms.error, t)} description="" />}
      {alarms.isSuccess && alarms.data.length === 0 && <p className="empty-note">{t('help.historyEmpty')}</p>}
      <ul className="care-list">
        {(alarms.data ?? []).map((a) => (
          <li key={a.id}>
            <button
              type="button"
              className={`care-row${a.state === 'open' ? ' alarm' : ''}`}
              onClick={() => navigate(`/help/${a.id}`)}
            >
              <span className="care-row-main">
                <span className="care-row-title">{a.name}</span>
                <span>{formatDateTime(a.raisedAt, i18n.language)}</span>
                <span className={a.state === 'resolved' ? 'care-ok' : 'care-late'}>
                  {a.state === 'resolved' ? '✓ ' : '⚠ '}
                  {t(`help.stateShort.${a.state}`)}
                </span>
              </span>
              <span aria-hidden>›</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
