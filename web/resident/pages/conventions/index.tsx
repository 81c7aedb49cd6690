import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from '../../App';
import './conventions.css';

const ListPage = lazy(() => import('./ConventionList'));
const DetailPage = lazy(() => import('./ConventionDetail'));

/** 居民公约 under /conventions: the conventions of where I live, and one to read, comment on and pledge. */
export default function ConventionRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route index element={<ListPage />} />
        <Route path=":conventionId" element={<DetailPage />} />
      </Routes>
    </Suspense>
  );
}
