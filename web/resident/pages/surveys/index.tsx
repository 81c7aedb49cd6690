import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from '../../App';
import './surveys.css';

const ListPage = lazy(() => import('./SurveyList'));
const AnswerPage = lazy(() => import('./AnswerPage'));
const ResultsPage = lazy(() => import('./ResultsPage'));

/** 问卷与评议 under /surveys: the list, one survey to answer, and published results. */
export default function SurveyRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route index element={<ListPage />} />
        <Route path=":surveyId" element={<AnswerPage />} />
        <Route path=":surveyId/results" element={<ResultsPage />} />
      </Routes>
    </Suspense>
  );
}
