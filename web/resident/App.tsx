import { TabBar } from 'antd-mobile';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useMe } from '../shared/session';
// The first download is the shell alone; each page arrives when first opened, in parallel with
// the shell's start-up, so the resident first-load stays inside its budget (DESIGN §8).
const LoginPage = lazy(() => import('./pages/Login'));
const HomePage = lazy(() => import('./pages/Home'));
const RegisterPage = lazy(() => import('./pages/Register'));
const JoinPage = lazy(() => import('./pages/Join'));
const HouseholdPage = lazy(() => import('./pages/Household'));
const MePage = lazy(() => import('./pages/MePage'));

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
  return children;
}

function TabLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
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
      </Route>
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
