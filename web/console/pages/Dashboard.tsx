import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../shared/session';
import { useScope } from '../components/scope';

/** The start page: who I am and where I work; later modules add their figures here. */
export default function Dashboard() {
  const { t } = useTranslation();
  const me = useMe();
  const scope = useScope();
  return (
    <section>
      <Typography.Title level={2}>
        {t('console.welcome', { name: me.data?.displayName ?? '' })}
      </Typography.Title>
      <Typography.Paragraph>
        {scope.community
          ? t('console.workingIn', { community: scope.community.name })
          : t('scope.noCommunity')}
      </Typography.Paragraph>
      <Typography.Paragraph>
        {t('me.roles')}:{' '}
        {(me.data?.grants ?? []).map((g) => t(`roles.${g.role}`)).join('、') || t('common.none')}
      </Typography.Paragraph>
    </section>
  );
}
