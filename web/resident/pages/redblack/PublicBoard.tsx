import { useQuery } from '@tanstack/react-query';
import { Button } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { errorText, get } from '../../../shared/api';
import { Loading } from '../../App';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import type { ListKind, PublicEntry } from './data';
import { EntryCard } from './EntryCard';
import '../conventions/conventions.css';

/**
 * 红黑榜公示 for anyone, logged in or not (the notice board's QR code leads here): the community's
 * published entries within their period, households named only as the community's rule allows.
 */
export default function PublicBoardPage() {
  const { t } = useTranslation();
  const { communityId = '' } = useParams();
  const [list, setList] = useState<ListKind>('red');
  const board = useQuery({
    queryKey: ['public-red-black', communityId, list],
    queryFn: () =>
      get<{ community: { name: string }; items: PublicEntry[]; total: number }>(
        `/public/communities/${communityId}/red-black?list=${list}&pageSize=100`,
      ),
  });
  return (
    <div className="page convention-page">
      <h1 className="page-title">
        {board.data
          ? t('redBlack.boardTitle', { community: board.data.community.name })
          : t('redBlack.title')}
      </h1>
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
            {t(`redBlack.list.${l}`)}
          </Button>
        ))}
      </div>
      {board.isPending ? (
        <Loading />
      ) : board.isError ? (
        <p className="form-error">{errorText(board.error, t)}</p>
      ) : board.data.items.length === 0 ? (
        <p className="empty-note">{t('redBlack.empty')}</p>
      ) : (
        <div className="entry-list">
          {board.data.items.map((e) => (
            <EntryCard key={e.id} e={e} />
          ))}
        </div>
      )}
      <LanguageSwitch />
    </div>
  );
}
