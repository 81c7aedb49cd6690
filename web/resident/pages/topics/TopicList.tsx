import { Button, Selector } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { errorText } from '../../../shared/api';
import { Loading } from '../../App';
import { useTopicEvents, useTopicOptions, useTopicPages } from './data';
import { TopicRows } from './parts';

type View = 'nearby' | 'mine';
const views: readonly View[] = ['nearby', 'mine'];

/** 有事大家议: what neighbours raised near me, or what I raised; states and supports at a glance. */
export default function TopicListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'mine' ? 'mine' : 'nearby';
  const pages = useTopicPages(['my-topics', view], `/me/topics?view=${view}`);
  useTopicEvents('/me/events', [['my-topics']]);
  const options = useTopicOptions();
  const thresholds = new Map(options.data?.communities.map((c) => [c.communityId, c.supportThreshold]));
  const { list, items } = pages;
  return (
    <div className="page">
      <h1 className="page-title">{t('topics.title')}</h1>
      <p>{t('topics.intro')}</p>
      <Button block color="primary" size="large" onClick={() => navigate('/topics/new')}>
        {t('topics.new.title')}
      </Button>
      <div role="group" aria-label={t('topics.show')}>
        <Selector
          columns={2}
          value={[view]}
          onChange={(v) => v[0] && setParams(v[0] === 'nearby' ? {} : { view: v[0] }, { replace: true })}
          options={views.map((k) => ({ value: k, label: t(`topics.view.${k}`) }))}
        />
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <p className="form-error">{errorText(list.error, t)}</p>
      ) : items.length === 0 ? (
        <p className="empty-note">{t(`topics.empty.${view}`)}</p>
      ) : (
        <TopicRows
          items={items}
          label={t(`topics.view.${view}`)}
          onOpen={(topic) => navigate(`/topics/${topic.id}`)}
          thresholdOf={(topic) => thresholds.get(topic.communityId)}
        />
      )}
      {list.hasNextPage && (
        <Button
          block
          size="large"
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {t('inbox.loadMore')}
        </Button>
      )}
    </div>
  );
}
