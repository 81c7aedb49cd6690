import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, TextArea, Toast } from 'antd-mobile';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { Loading } from '../../App';
import { newClientKey } from '../conventions/data';
import { redBlackKeys, type ListKind, type MyEntry, type PublicEntry } from './data';
import { EntryCard } from './EntryCard';
import '../conventions/conventions.css';

/**
 * 红黑榜: the published lists of my compounds (households named only as the community's rule says),
 * and entries about my own household, each with the right to appeal (申诉) and the answer when it comes.
 */
export default function RedBlackPage() {
  const { t } = useTranslation();
  const [list, setList] = useState<ListKind>('red');
  const data = useQuery({
    queryKey: redBlackKeys.all,
    queryFn: () => get<{ lists: PublicEntry[]; mine: MyEntry[] }>('/me/red-black'),
  });
  if (data.isPending) return <Loading />;
  if (data.isError)
    return (
      <div className="page">
        <p className="form-error">{errorText(data.error, t)}</p>
      </div>
    );
  const shown = data.data.lists.filter((e) => e.list === list);
  return (
    <div className="page convention-page">
      <h1 className="page-title">{t('redBlack.title')}</h1>
      {data.data.mine.length > 0 && (
        <section aria-labelledby="mine-title">
          <h2 id="mine-title" className="section-title">
            {t('redBlack.mine')}
          </h2>
          {data.data.mine.map((e) => (
            <MyEntryCard key={e.id} e={e} />
          ))}
        </section>
      )}
      <div className="list-switch" role="group" aria-label={t('redBlack.whichList')}>
        {(['red', 'black'] as const).map((l) => (
          <Button
            key={l}
            size="large"
            color={list === l ? 'primary' : 'default'}
            aria-pressed={list === l}
            onClick={() => setList(l)}
          >
            {list === l && '✓ '}
            {t(`redBlack.list.${l}`)} ({data.data.lists.filter((e) => e.list === l).length})
          </Button>
        ))}
      </div>
      <p className="hint">{t(list === 'red' ? 'redBlack.redHint' : 'redBlack.blackHint')}</p>
      {shown.length === 0 ? (
        <p className="empty-note">{t('redBlack.empty')}</p>
      ) : (
        <div className="entry-list">
          {shown.map((e) => (
            <EntryCard key={e.id} e={e} />
          ))}
        </div>
      )}
    </div>
  );
}

/** An entry about my household: its state, its appeals with their answers, and a new appeal. */
function MyEntryCard({ e }: { e: MyEntry }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [writing, setWriting] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newClientKey());
  const open = e.appeals.some((a) => a.state === 'open');
  const canAppeal = (e.state === 'published' || e.state === 'expired') && !open;
  const id = `appeal-${e.id}`;

  async function send() {
    if (!text.trim()) return setError(t('redBlack.appealEmpty'));
    setBusy(true);
    setError(null);
    try {
      await post(`/me/red-black/${e.id}/appeals`, { text: text.trim(), clientKey: key.current });
      Toast.show({ content: t('redBlack.appealSent') });
      key.current = newClientKey();
      setWriting(false);
      setText('');
      await queryClient.invalidateQueries({ queryKey: redBlackKeys.all });
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <article className={`entry-card ${e.list}`} aria-labelledby={`mine-${e.id}`}>
      <p className="entry-meta">
        <span className={`list-badge ${e.list}`}>{t(`redBlack.list.${e.list}`)}</span>
        <span>{t(`redBlack.state.${e.state}`)}</span>
      </p>
      <h3 id={`mine-${e.id}`} className="entry-title">
        {e.title}
      </h3>
      <p>{e.description}</p>
      {e.articleNumber !== null && (
        <p className="entry-article">
          {t('redBlack.breaches', { convention: e.conventionTitle ?? '', n: e.articleNumber })}
        </p>
      )}
      {e.removalReason && <p>{t('redBlack.removed', { reason: e.removalReason })}</p>}
      {e.appeals.map((a) => (
        <div key={a.id} className="appeal-box">
          <p>
            <strong>{t('redBlack.myAppeal')}</strong>（{formatDateTime(a.createdAt, i18n.language)}）：
            {a.text}
          </p>
          <p>
            {a.state === 'open'
              ? t('redBlack.appealWaiting')
              : t(`redBlack.appealDecided.${a.state}`, { text: a.decisionText ?? '' })}
          </p>
        </div>
      ))}
      {canAppeal &&
        (writing ? (
          <div className="opinion-form">
            <label htmlFor={id} className="opinion-label">
              {t('redBlack.appealReason')}
            </label>
            <TextArea id={id} value={text} onChange={setText} rows={4} maxLength={2000} showCount />
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <Button block color="primary" size="large" loading={busy} onClick={() => void send()}>
              {t('redBlack.sendAppeal')}
            </Button>
            <Button block size="large" onClick={() => setWriting(false)}>
              {t('common.cancel')}
            </Button>
          </div>
        ) : (
          <Button block size="large" onClick={() => setWriting(true)}>
            {t('redBlack.appeal')}
          </Button>
        ))}
    </article>
  );
}
