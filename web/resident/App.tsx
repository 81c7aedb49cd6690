import { TabBar } from 'antd-mobile';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useMe } from '../shared/session';
import { useLiveNotifications } from '../shared/notifications';
// The first download is the shell alone; each page arrives when first opened, in parallel with
// the shell's start-up, so the resident first-load stays inside its budget (DESIGN §8).
const LoginPage = lazy(() => import('./pages/Login'));
const HomePage = lazy(() => import('./pages/Home'));
const RegisterPage = lazy(() => import('./pages/Register'));
const JoinPage = lazy(() => import('./pages/Join'));
const HouseholdPage = lazy(() => import('./pages/Household'));
const MePage = lazy(() => import('./pages/MePage'));
const PasswordPage = lazy(() => import('./pages/PasswordPage'));
const InboxPage = lazy(() => import('./pages/Inbox'));
const NewOrderPage = lazy(() => import('./pages/orders/NewOrder'));
const MyOrdersPage = lazy(() => import('./pages/orders/MyOrders'));
const OrderDetailPage = lazy(() => import('./pages/orders/OrderDetail'));
const TasksPage = lazy(() => import('./pages/volunteer/Tasks'));
const TaskDetailPage = lazy(() => import('./pages/volunteer/TaskDetail'));
const AssemblyRoutes = lazy(() => import('./pages/assemblies'));
const TopicRoutes = lazy(() => import('./pages/topics'));
const CheckinPage = lazy(() => import('./pages/topics/Checkin'));
const MyActionsPage = lazy(() => import('./pages/topics/MyActions'));
const BoardRoutes = lazy(() => import('./pages/topics/Board'));
const HelpStatusPage = lazy(() => import('./pages/care/HelpStatus'));
const HelpListPage = lazy(() => import('./pages/care/HelpList'));
const MyCarePage = lazy(() => import('./pages/care/MyCare'));
const CarePairsPage = lazy(() => import('./pages/care/CarePairs'));
const PairDetailPage = lazy(() => import('./pages/care/PairDetail'));
const VisitsPage = lazy(() => import('./pages/care/Visits'));
const RoundPage = lazy(() => import('./pages/care/Visits').then((m) => ({ default: m.RoundPage })));
const NoticeListPage = lazy(() => import('./pages/notices/NoticeList'));
const NoticeDetailPage = lazy(() => import('./pages/notices/NoticeDetail'));
const RectificationListPage = lazy(() => import('./pages/notices/RectificationList'));
const RectificationDetailPage = lazy(() => import('./pages/notices/RectificationDetail'));
const SurveyRoutes = lazy(() => import('./pages/surveys'));
const ConventionRoutes = lazy(() => import('./pages/conventions'));
const PublicConventionPage = lazy(() => import('./pages/conventions/PublicConvention'));
const RedBlackPage = lazy(() => import('./pages/redblack/RedBlackPage'));
const PublicRedBlackPage = lazy(() => import('./pages/redblack/PublicBoard'));
const DutyRulesPage = lazy(() => import('./pages/redblack/DutyRulesPage'));
const MyVolunteerPage = lazy(() => import('./pages/volunteer/MyVolunteer'));
const ServiceHoursPage = lazy(() => import('./pages/volunteer/ServiceHours'));
const JoinSquadsPage = lazy(() => import('./pages/volunteer/JoinSquads'));
const MyDutyPage = lazy(() => import('./pages/volunteer/MyDuty'));
const RecruitPage = lazy(() => import('./pages/volunteer/Recruit'));
const ActivityListPage = lazy(() => import('./pages/activities/ActivityList'));
const ActivityDetailPage = lazy(() => import('./pages/activities/ActivityDetail'));
const ActivityCheckinPage = lazy(() => import('./pages/activities/ActivityCheckin'));
const PatrolHomePage = lazy(() => import('./pages/patrol/PatrolHome'));
const PatrolRunPage = lazy(() => import('./pages/patrol/PatrolRun'));
const PatrolScanPage = lazy(() => import('./pages/patrol/PatrolScan'));

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="center-page" role="status" aria-live="polite">
      <span className="spinner" aria-hidden />
      <span>{t('common.loading')}</span>
    </div>
  );
}

function RequireLogin({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (!me.data)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  // A temporary password from the office is changed before anything else.
  if (me.data.mustChangePassword && location.pathname !== '/password')
    return <Navigate to="/password" replace />;
  return children;
}

function TabLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  // New messages arrive while any page is open: the home badge and the inbox update by themselves.
  useLiveNotifications();
  const tabs = [
    { key: '/', title: t('nav.home'), icon: '⌂' },
    { key: '/household', title: t('nav.household'), icon: '户' },
    { key: '/me', title: t('nav.me'), icon: '我' },
  ];
  return (
    <div className="shell">
      <main className="shell-main">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <nav className="shell-tabs" aria-label={t('nav.label')}>
        <TabBar activeKey={location.pathname} onChange={(key) => navigate(key)} safeArea>
          {tabs.map((tab) => (
            <TabBar.Item key={tab.key} title={tab.title} icon={<span aria-hidden>{tab.icon}</span>} />
          ))}
        </TabBar>
      </nav>
    </div>
  );
}

export function App() {
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <Suspense fallback={<Loading />}>
            <LoginPage />
          </Suspense>
        }
      />
      <Route
        path="/register"
        element={
          <Suspense fallback={<Loading />}>
            <RegisterPage />
          </Suspense>
        }
      />
      {/* 志愿者招募: a poster's QR opens it; anyone may read it, signing up asks to log in. */}
      <Route
        path="/recruit/:token"
        element={
          <Suspense fallback={<Loading />}>
            <RecruitPage />
          </Suspense>
        }
      />
      {/* 公约全文 and 红黑榜公示 on the public board: a printed copy's QR code leads here, no login. */}
      <Route
        path="/board/:communityId/conventions/:conventionId"
        element={
          <Suspense fallback={<Loading />}>
            <PublicConventionPage />
          </Suspense>
        }
      />
      <Route
        path="/board/:communityId/red-black"
        element={
          <Suspense fallback={<Loading />}>
            <PublicRedBlackPage />
          </Suspense>
        }
      />
      {/* The public results board (议事公示栏): anyone may read it, logged in or not. */}
      <Route
        path="/board/:communityId/*"
        element={
          <Suspense fallback={<Loading />}>
            <BoardRoutes />
          </Suspense>
        }
      />
      <Route
        element={
          <RequireLogin>
            <TabLayout />
          </RequireLogin>
        }
      >
        <Route path="/" element={<HomePage />} />
        <Route path="/household" element={<HouseholdPage />} />
        <Route path="/join" element={<JoinPage />} />
        <Route path="/me" element={<MePage />} />
        <Route path="/password" element={<PasswordPage />} />
        <Route path="/inbox" element={<InboxPage />} />
        <Route path="/orders" element={<MyOrdersPage />} />
        <Route path="/orders/new" element={<NewOrderPage />} />
        <Route path="/orders/:orderId" element={<OrderDetailPage />} />
        <Route path="/tasks" element={<TasksPage />} />
        <Route path="/tasks/:orderId" element={<TaskDetailPage />} />
        <Route path="/assemblies/*" element={<AssemblyRoutes />} />
        <Route path="/topics/*" element={<TopicRoutes />} />
        <Route path="/actions" element={<MyActionsPage />} />
        <Route path="/action-items/:itemId" element={<MyActionsPage />} />
        <Route path="/checkin/:token" element={<CheckinPage />} />
        <Route path="/help" element={<HelpListPage />} />
        <Route path="/help/:alarmId" element={<HelpStatusPage />} />
        <Route path="/care" element={<MyCarePage />} />
        <Route path="/care-pairs" element={<CarePairsPage />} />
        <Route path="/care/pairs/:pairingId" element={<PairDetailPage />} />
        <Route path="/my-households" element={<VisitsPage />} />
        <Route path="/visit-rounds/:communityId/:roundId" element={<RoundPage />} />
        <Route path="/notices" element={<NoticeListPage />} />
        <Route path="/notices/:noticeId" element={<NoticeDetailPage />} />
        <Route path="/rectifications" element={<RectificationListPage />} />
        <Route path="/rectifications/:noticeId" element={<RectificationDetailPage />} />
        <Route path="/surveys/*" element={<SurveyRoutes />} />
        <Route path="/conventions/*" element={<ConventionRoutes />} />
        <Route path="/red-black" element={<RedBlackPage />} />
        <Route path="/duty-rules" element={<DutyRulesPage />} />
        <Route path="/volunteer" element={<MyVolunteerPage />} />
        <Route path="/volunteer/hours" element={<ServiceHoursPage />} />
        <Route path="/volunteer/squads" element={<JoinSquadsPage />} />
        <Route path="/duty" element={<MyDutyPage />} />
        <Route path="/activities" element={<ActivityListPage />} />
        <Route path="/activities/:activityId" element={<ActivityDetailPage />} />
        <Route path="/checkin/a/:token" element={<ActivityCheckinPage />} />
        <Route path="/patrol" element={<PatrolHomePage />} />
        <Route path="/patrol/runs/:runId" element={<PatrolRunPage />} />
        <Route path="/patrol/scan/:qrToken" element={<PatrolScanPage />} />
      </Route>
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
