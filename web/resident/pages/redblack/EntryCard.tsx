import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/i18n';
import { listMarks, type PublicEntry } from './data';

const day = (ms: number, language: string) => formatDateTime(ms, language).slice(0, 10);

/** One published entry: which list (in words and a mark), what for, the household as masked, when. */
export function EntryCard({ e }: { e: PublicEntry }) {
  const { t, i18n } = useTranslation();
  const who = [e.place, e.name].filter(Boolean).join(' ') || t('redBlack.someHousehold');
  return (
    <article className={`entry-card ${e.list}`} aria-labelledby={`entry-${e.id}`}>
      <p className="entry-meta">
        <span className={`list-badge ${e.list}`}>
          <span aria-hidden>{listMarks[e.list]} </span>
          {t(`redBlack.list.${e.list}`)}
        </span>
        {e.underAppeal && <span className="appeal-badge">⚠ {t('redBlack.underAppeal')}</span>}
      </p>
      <h3 id={`entry-${e.id}`} className="entry-title">
        {e.title}
      </h3>
      <p className="entry-who">
        {e.compoundName} · {who}
      </p>
      <p>{e.description}</p>
      {e.articleNumber !== null && (
        <p className="entry-article">
          {t('redBlack.breaches', { convention: e.conventionTitle ?? '', n: e.articleNumber })}
        </p>
      )}
      <p className="entry-meta">
        {t('redBlack.period', {
          from: day(e.publishFrom, i18n.language),
          until: day(e.publishUntil, i18n.language),
        })}
      </p>
    </article>
  );
}
