import { ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { Loading } from '../../App';
import { dueText, kindName, useCareLive, useMyAlarms, useMyPairs, type MyPair } from './data';
import './care.css';

/**
 * 我的关爱对象: the people paired with me, the most pressing first (an open alarm, then overdue,
 * then the soonest due), each with when I should next call or visit; and alarms that reached me.
 */
export default function CarePairsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  useCareLive();
  const pairs = useMyPairs();
  const alarms = useMyAlarms(true);

  if (pairs.isPending) return <Loading />;
  const items = [...(pairs.data?.items ?? [])].sort(
    (a, b) =>
      Number(b.openAlarms > 0) - Number(a.openAlarms > 0) ||
      Number(b.overdue) - Number(a.overdue) ||
      (a.nextDueOn ?? '9999').localeCompare(b.nextDueOn ?? '9999'),
  );
  return (
    <div className="page">
      <h1 className="page-title">{t('care.pairs.title')}</h1>
      {(alarms.data ?? []).length > 0 && (
        <section aria-labelledby="pairs-alarms-title">
          <h2 id="pairs-alarms-title" className="section-title">
            {t('care.pairs.alarms')}
          </h2>
          <ul className="care-list">
            {alarms.data!.map((a) => (
              <li key={a.id}>
                <button type="button" className="care-row alarm" onClick={() => navigate(`/help/${a.id}`)}>
                  <span className="care-row-main">
                    <span className="care-row-title">
                      <span aria-hidden>⚠ </span>
                      {t('care.pairs.alarmLine', { name: a.name })}
                    </span>
                    <span>{t(`help.stateShort.${a.state}`)}</span>
                  </span>
                  <span aria-hidden>›</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {pairs.isError && <ErrorBlock status="default" title={errorText(pairs.error, t)} description="" />}
      {pairs.isSuccess && items.length === 0 && <p className="empty-note">{t('care.pairs.empty')}</p>}
      {items.length > 0 && (
        <ul className="care-list" aria-label={t('care.pairs.title')}>
          {items.map((p) => (
            <li key={p.pairingId}>
              <PairRow pair={p} onOpen={() => navigate(`/care/pairs/${p.pairingId}`)} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PairRow({ pair, onOpen }: { pair: MyPair; onOpen: () => void }) {
  const { t, i18n } = useTranslation();
  const place = [pair.buildingName, pair.roomNumber].filter(Boolean).join(' ');
  return (
    <button type="button" className={`care-row${pair.overdue ? ' overdue' : ''}`} onClick={onOpen}>
      <span className="care-row-main">
        <span className="care-row-title">{pair.name}</span>
        <span>{[place, pair.kinds.map((k) => kindName(t, k)).join('、')].filter(Boolean).join(' · ')}</span>
        <span className={pair.overdue ? 'care-late' : 'care-ok'}>
          {pair.overdue ? `⚠ ${t('care.due.overdue')} · ` : '✓ '}
          {dueText(t, pair)}
        </span>
        <span className="hint">
          {pair.lastContactAt
            ? t('care.lastContact', { time: formatDateTime(pair.lastContactAt, i18n.language) })
            : t('care.neverContacted')}
        </span>
        {pair.openAlarms > 0 && (
          <span className="care-late">⚠ {t('care.openAlarms', { count: pair.openAlarms })}</span>
        )}
      </span>
      <span aria-hidden>›</span>
    </button>
  );
}
