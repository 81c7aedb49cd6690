import { Button, Form, Input } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../shared/api';
import { useSessionActions } from '../../shared/session';
import { safeNext } from '../../shared/navigation';

export default function RegisterPage() {
  const { t } = useTranslation();
  const { register } = useSessionActions();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: { displayName: string; phone: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      await register(values.phone, values.password, values.displayName);
      navigate(safeNext(params.get('next') ?? '/join'), { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('common.networkError'));
    } finally {
      setBusy(false);
    }
  }

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
