import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { errorText, get } from '../../../shared/api';
import { boardStages, type Board, type TopicDetail } from '../../../shared/topics';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Loading } from '../../App';
import { Outcome, Ratings, TopicRows, TopicSummary, Trail } from './parts';

const pageSize = 20;

/**
 * 议事公示栏: the public results board of a community (or one compound with ?compoundId=), readable
 * by anyone without logging in — the counts, and every public topic with its whole trail. Names come
 * masked from the server.
 */
export default function BoardRoutes() {
  return (
    <main className="board-shell">
      <Routes>
        <Route index element={<BoardPage />} />
        <Route path="topics/:topicId" element={<BoardTopicPage />} />
      </Routes>
      <LanguageSwitch />
    </main>
  );
}

function BoardPage() {
  const { t } = useTranslation();
  const { communityId = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const compoundId = params.get('compoundId');
  const filter = compoundId ? `compoundId=${encodeURIComponent(compoundId)}&` : '';
  const board = useInfiniteQuery({
    queryKey: ['board', communityId, compoundId],
    initialPageParam: 1,
    queryFn: ({ pageParam }) =>
      get<Board>(`/public/communities/${communityId}/board?${filter}page=${pageParam}&pageSize=${pageSize}`),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
  if (board.isPending) return <Loading />;
  if (board.isError)
    return (
      <div className="page">
        <ErrorBlock status="default" title={errorText(board.error, t)} description="" />
      </div>
    );
  const first = board.data.pages[0]!;
  const items = board.data.pages.flatMap((p) => p.items);
  const compound = first.compounds.find((c) => c.id === compoundId);
  return (
    <div className="page">
      <p className="topic-kicker">{[first.community.name, compound?.name].filter(Boolean).join(' · ')}</p>
      <h1 className="page-title">{t('board.title')}</h1>
      <p>{t('board.intro')}</p>
      <section aria-labelledby="board-counts">
        <h2 id="board-counts" className="section-title">
          {t('board.countsTitle', { count: first.counts.total })}
        </h2>
        <dl className="board-counts">
          {boardStages.map((k) => (
            <div key={k} className="board-count" data-count={k}>
              <dt>{t(`board.count.${k}`)}</dt>
              <dd>{first.counts[k]}</dd>
            </div>
          ))}
        </dl>
        <p className="hint">{t('board.countsHint')}</p>
      </section>
      {items.length === 0 ? (
        <p className="empty-note">{t('board.empty')}</p>
      ) : (
        <TopicRows
          items={items}
          label={t('board.listTitle')}
          thresholdOf={() => first.supportThreshold}
          onOpen={(topic) =>
            navigate(`/board/${communityId}/topics/${topic.id}${filter ? `?${filter.slice(0, -1)}` : ''}`)
          }
        />
      )}
      {board.hasNextPage && (
        <Button
          block
          size="large"
          loading={board.isFetchingNextPage}
          onClick={() => void board.fetchNextPage()}
        >
          {t('inbox.loadMore')}
        </Button>
      )}
    </div>
  );
}

function BoardTopicPage() {
  const { t } = useTranslation();
  const { communityId = '', topicId = '' } = useParams();
  const { search } = useLocation();
  const navigate = useNavigate();
  const topic = useQuery({
    queryKey: ['board-topic', communityId, topicId],
    queryFn: () => get<TopicDetail>(`/public/communities/${communityId}/topics/${topicId}`),
  });
  const back = (
    <Button
      size="small"
      fill="none"
      className="back-link"
      onClick={() => navigate(`/board/${communityId}${search}`)}
    >
      ‹ {t('board.title')}
    </Button>
  );
  if (topic.isPending) return <Loading />;
  return (
    <div className="page">
      {back}
      {topic.isError ? (
        <ErrorBlock status="default" title={errorText(topic.error, t)} description="" />
      ) : (
        <>
          <TopicSummary topic={topic.data} />
          <Outcome topic={topic.data} />
          <Ratings topic={topic.data} />
          <Trail topic={topic.data} />
        </>
      )}
    </div>
  );
}
