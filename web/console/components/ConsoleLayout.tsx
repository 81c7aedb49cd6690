import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Layout, Menu, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { get, patch, type Page } from '../../shared/api';
import { applyLargeText, changeLanguage, type Language } from '../../shared/i18n';
import { useMe, useSessionActions } from '../../shared/session';
import { consolePages, menuGroups } from '../pages';
import { useScope } from './scope';
import { NotificationBell } from './NotificationBell';
import { PasswordModal } from './PasswordModal';

function ScopeSwitcher() {
  const { t } = useTranslation();
  const scope = useScope();
  const compounds = useQuery({
    queryKey: ['compounds-for-scope', scope.community?.id],
    enabled: !!scope.community,
    queryFn: () =>
      get<Page<{ id: string; name: string }>>(`/communities/${scope.community!.id}/compounds?pageSize=200`),
  });
  const streetName = (id: string) => scope.streets.find((s) => s.id === id)?.name ?? '';
  return (
    <Space wrap>
      <Select
        aria-label={t('scope.community')}
        style={{ minWidth: 220 }}
        value={scope.community?.id}
        placeholder={t('scope.community')}
        onChange={(id: string) => scope.setCommunity(id)}
        options={scope.communities.map((c) => ({
          value: c.id,
          label: `${streetName(c.streetId)} / ${c.name}`,
        }))}
      />
      <Select
        aria-label={t('scope.compound')}
        style={{ minWidth: 180 }}
        allowClear
        value={scope.compoundId ?? undefined}
        placeholder={t('scope.allCompounds')}
        onChange={(id?: string) => scope.setCompound(id ?? null)}
        options={(compounds.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
      />
    </Space>
  );
}

/** The desk layout: menu of the community model on the left, scope and account on top. */
export function ConsoleLayout() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const { logout } = useSessionActions();
  const navigate = useNavigate();
  const location = useLocation();
  const [changingPassword, setChangingPassword] = useState(false);
  const mustChangePassword = me.data?.mustChangePassword ?? false;
  const selected = consolePages.find((p) => location.pathname.startsWith(`/${p.path}`))?.path ?? '';

  async function setLanguage(lng: Language) {
    await changeLanguage(lng);
    await patch('/auth/me', { locale: lng });
    await queryClient.invalidateQueries({ queryKey: ['me'] });
  }
  async function setLargeText(on: boolean) {
    applyLargeText(on);
    await patch('/auth/me', { largeText: on });
    await queryClient.invalidateQueries({ queryKey: ['me'] });
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={220} theme="light" breakpoint="lg" collapsedWidth={0}>
        <div className="console-brand">{t('console.title')}</div>
        <nav aria-label={t('console.menu')}>
          <Menu
            mode="inline"
            selectedKeys={[selected]}
            onClick={({ key }) => navigate(key === 'home' ? '/' : `/${key}`)}
            items={[
              { key: 'home', label: t('console.home') },
              ...menuGroups.map((group) => ({
                key: group,
                type: 'group' as const,
                label: t(`menu.group.${group}`),
                children: consolePages
                  .filter((p) => p.group === group)
                  .map((p) => ({ key: p.path, label: t(p.title) })),
              })),
            ]}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="console-header">
          <ScopeSwitcher />
          <Space wrap>
            <NotificationBell />
            <Select<Language>
              aria-label={t('settings.language')}
              value={i18n.language as Language}
              onChange={(v: Language) => void setLanguage(v)}
              options={[
                { value: 'zh-CN', label: '中文' },
                { value: 'en', label: 'English' },
              ]}
            />
            <label className="inline-switch">
              <Switch checked={me.data?.largeText ?? false} onChange={(on) => void setLargeText(on)} />
              <span>{t('settings.largeText')}</span>
            </label>
            <Typography.Text>{me.data?.displayName}</Typography.Text>
            <Button onClick={() => setChangingPassword(true)}>{t('auth.changePassword')}</Button>
            <Button
              onClick={async () => {
                await logout();
                navigate('/login', { replace: true });
              }}
            >
              {t('auth.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="console-content">
          <main>
            <Outlet />
          </main>
          <PasswordModal
            open={mustChangePassword || changingPassword}
            forced={mustChangePassword}
            onClose={() => setChangingPassword(false)}
          />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
