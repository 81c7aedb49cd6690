import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from '../../App';
import './assemblies.css';

// Each screen arrives when first opened: the ballot stays small on a slow phone network.
const ListPage = lazy(() => import('./AssemblyList'));
const OverviewPage = lazy(() => import('./AssemblyOverview'));
const BallotPage = lazy(() => import('./BallotPage'));
const ResultsPage = lazy(() => import('./ResultsPage'));
const ReceiptPage = lazy(() => import('./ReceiptPage'));
const CandidacyPage = lazy(() => import('./CandidacyPage'));
const CanvassPage = lazy(() => import('./CanvassPage'));

/**
 * 业主大会 for owners, under /assemblies (App mounts it in the tab layout): receipts are checked at
 * /assemblies/receipts, owners put themselves forward at …/candidacy/:matterId, and volunteers
 * canvass their buildings at /assemblies/canvass.
 */
export default function AssemblyRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route index element={<ListPage />} />
        <Route path=":assemblyId" element={<OverviewPage />} />
        <Route path=":assemblyId/vote/:n" element={<BallotPage />} />
        <Route path=":assemblyId/results" element={<ResultsPage />} />
        <Route path=":assemblyId/candidacy/:matterId" element={<CandidacyPage />} />
        <Route path="canvass" element={<CanvassPage />} />
        <Route path="receipts" element={<ReceiptPage />} />
        <Route path="receipts/:hash" element={<ReceiptPage />} />
      </Routes>
    </Suspense>
  );
}
