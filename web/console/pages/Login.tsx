import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { safeNext } from '../../shared/navigation';
import { useSubmit } from '../../shared/useSubmit';
import { useMe, useSessionActions } from '../../shared/session';

export function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { login } = useSessionActions();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { busy, error, run } = useSubmit();
  const next = safeNext(params.get('next'));
  if (me.data) return <Navigate to={next} replace />;

  return (
    <main className="console-login">
      <Card style={{ width: 380 }}>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('console.title')}
        </Typography.Title>
        <Form
          name="login"
          layout="vertical"
          requiredMark={false}
          onFinish={(values: { phone: string; password: string }) =>
            run(async () => {
              await login(values.phone, values.password);
              navigate(next, { replace: true });
            })
          }
        >
          <Form.Item
            name="phone"
            label={t('auth.phone')}
            rules={[{ required: true, message: t('auth.phonePlaceholder') }]}
          >
            <Input autoComplete="tel" inputMode="tel" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('auth.password')}
            rules={[{ required: true, message: t('auth.passwordPlaceholder') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            {t('auth.login')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
