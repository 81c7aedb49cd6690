import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useMe } from '../shared/session';
import { ConsoleLayout } from './components/ConsoleLayout';
import { ScopeProvider } from './components/scope';
import { LoginPage } from './pages/Login';
import { consolePages } from './pages';

const Dashboard = lazy(() => import('./pages/Dashboard'));

function RequireLogin({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Spin fullscreen />;
  if (!me.data)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return children;
}

export function App() {
  const { i18n } = useTranslation();
  const largeText = useMe().data?.largeText ?? false;
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      // antd spaces out two-character Chinese labels ("登 录"), which screen readers then spell out.
      button={{ autoInsertSpace: false }}
      // antd's defaults for secondary text, placeholders and danger fall below WCAG AA contrast.
      theme={{
        token: {
          colorPrimary: '#b71c1c',
          colorError: '#c62828',
          colorTextSecondary: '#595959',
          colorTextTertiary: '#595959',
          colorTextQuaternary: '#6b6b6b',
          colorTextPlaceholder: '#6b6b6b',
          colorTextDescription: '#595959',
          colorLink: '#a31515',
          // 适老化: in large-text mode every antd part — drawers, pickers, trees, small tables — grows too.
          ...(largeText ? { fontSize: 18, controlHeight: 44, controlHeightSM: 44, controlHeightLG: 52 } : {}),
        },
        components: largeText ? { Table: { cellFontSizeSM: 18 } } : {},
      }}
    >
      <AntApp>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route
            element={
              <RequireLogin>
                <ScopeProvider>
                  <ConsoleLayout />
                </ScopeProvider>
              </RequireLogin>
            }
          >
            <Route
              index
              element={
                <Suspense fallback={<Spin />}>
                  <Dashboard />
                </Suspense>
              }
            />
            {consolePages.map((p) => (
              <Route
                key={p.path}
                path={p.path}
                element={
                  <Suspense fallback={<Spin />}>
                    <p.component />
                  </Suspense>
                }
              />
            ))}
          </Route>
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}
