import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from '../../App';

// Each screen arrives when first opened, so the list stays light on a slow phone network.
const ListPage = lazy(() => import('./TopicList'));
const NewTopicPage = lazy(() => import('./NewTopic'));
const DetailPage = lazy(() => import('./TopicDetail'));

/** 有事大家议 for residents, under /topics (App mounts it in the tab layout). */
export default function TopicRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route index element={<ListPage />} />
        <Route path="new" element={<NewTopicPage />} />
        <Route path=":topicId" element={<DetailPage />} />
      </Routes>
    </Suspense>
  );
}
