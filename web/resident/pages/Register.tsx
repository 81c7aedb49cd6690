import { Button, Form, Input } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSessionActions } from '../../shared/session';
import { safeNext } from '../../shared/navigation';
import { useSubmit } from '../../shared/useSubmit';

export default function RegisterPage() {
  const { t } = useTranslation();
  const { register } = useSessionActions();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { busy, error, run } = useSubmit();

  const submit = (values: { displayName: string; phone: string; password: string }) =>
    run(async () => {
      await register(values.phone, values.password, values.displayName);
      navigate(safeNext(params.get('next') ?? '/join'), { replace: true });
    });

  return (
    <main className="page narrow">
      <h1 className="page-title">{t('auth.register')}</h1>
      <Form
        name="register"
        layout="vertical"
        onFinish={submit}
        footer={
          <Button block type="submit" color="primary" size="large" loading={busy}>
            {t('auth.register')}
          </Button>
        }
      >
        <Form.Item
          name="displayName"
          label={t('auth.displayName')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input autoComplete="name" maxLength={40} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('auth.phone')}
          rules={[{ required: true, message: t('auth.phonePlaceholder') }]}
        >
          <Input type="tel" inputMode="tel" autoComplete="tel" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          help={t('register.passwordRule')}
          rules={[{ required: true, message: t('register.passwordRule') }]}
        >
          <Input type="password" autoComplete="new-password" />
        </Form.Item>
      </Form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <p className="links">
        <Link to={`/login${params.toString() ? `?${params.toString()}` : ''}`}>{t('auth.haveAccount')}</Link>
      </p>
    </main>
  );
}
