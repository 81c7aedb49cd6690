import { Button, Form, Input } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { safeNext } from '../../shared/navigation';
import { useSubmit } from '../../shared/useSubmit';
import { useMe, useSessionActions } from '../../shared/session';
import { LanguageSwitch } from '../components/LanguageSwitch';

export default function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { login } = useSessionActions();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { busy, error, run } = useSubmit();
  const next = safeNext(params.get('next'));
  if (me.data) return <Navigate to={next} replace />;

  const submit = (values: { phone: string; password: string }) =>
    run(async () => {
      await login(values.phone, values.password);
      navigate(next, { replace: true });
    });

  return (
    <main className="page narrow">
      <header className="brand">
        <h1>{t('app.name')}</h1>
        <p>{t('app.tagline')}</p>
      </header>
      <h2 className="page-title">{t('auth.loginTitle')}</h2>
      <Form
        name="login"
        layout="vertical"
        onFinish={submit}
        footer={
          <Button block type="submit" color="primary" size="large" loading={busy}>
            {t('auth.login')}
          </Button>
        }
      >
        <Form.Item
          name="phone"
          label={t('auth.phone')}
          rules={[{ required: true, message: t('auth.phonePlaceholder') }]}
        >
          <Input
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            placeholder={t('auth.phonePlaceholder')}
            clearable
          />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          rules={[{ required: true, message: t('auth.passwordPlaceholder') }]}
        >
          <Input
            type="password"
            autoComplete="current-password"
            placeholder={t('auth.passwordPlaceholder')}
          />
        </Form.Item>
      </Form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <p className="links">
        <Link to={`/register${params.toString() ? `?${params.toString()}` : ''}`}>{t('auth.noAccount')}</Link>
      </p>
      <LanguageSwitch />
    </main>
  );
}
