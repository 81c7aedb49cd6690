import { useQueryClient } from '@tanstack/react-query';
import { Button, List, Switch, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { patch } from '../../shared/api';
import { applyLargeText } from '../../shared/i18n';
import { useMe, useSessionActions } from '../../shared/session';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { CareEntries } from './care/CareEntries';

/** My profile and settings: language and large-text mode (适老化), kept on the account. */
export default function MePage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const { logout } = useSessionActions();
  const navigate = useNavigate();
  if (!me.data) return null;
  const profile = me.data;

  async function setLargeText(on: boolean) {
    applyLargeText(on);
    await patch('/auth/me', { largeText: on });
    await queryClient.invalidateQueries({ queryKey: ['me'] });
    Toast.show({ content: t('common.saved') });
  }

  return (
    <div className="page">
      <h1 className="page-title">{t('nav.me')}</h1>
      <List header={t('me.profile')}>
        <List.Item extra={profile.displayName}>{t('auth.displayName')}</List.Item>
        <List.Item extra={profile.phone}>{t('auth.phone')}</List.Item>
        {profile.grants.length > 0 && (
          <List.Item extra={profile.grants.map((g) => t(`roles.${g.role}`)).join('、')}>
            {t('me.roles')}
          </List.Item>
        )}
      </List>
      <CareEntries on="me" />
      <List header={t('me.settings')}>
        <List.Item
          description={t('settings.largeTextHint')}
          extra={
            <Switch
              checked={profile.largeText}
              onChange={(on) => void setLargeText(on)}
              aria-label={t('settings.largeText')}
            />
          }
        >
          {t('settings.largeText')}
        </List.Item>
      </List>
      <List>
        <List.Item onClick={() => navigate('/password')}>{t('auth.changePassword')}</List.Item>
      </List>
      <LanguageSwitch />
      <Button
        block
        size="large"
        className="logout"
        onClick={async () => {
          await logout();
          navigate('/login', { replace: true });
        }}
      >
        {t('auth.logout')}
      </Button>
    </div>
  );
}
