import { Button, Form, Input, NoticeBar, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe, useSessionActions } from '../../shared/session';
import { useSubmit } from '../../shared/useSubmit';

/** 修改密码; the only page a temporary password (one the office made up) reaches until it is changed. */
export default function PasswordPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { changePassword } = useSessionActions();
  const navigate = useNavigate();
  const { busy, error, run } = useSubmit();
  const [form] = Form.useForm<{ current: string; next: string; again: string }>();

  const submit = (values: { current: string; next: string }) =>
    run(async () => {
      await changePassword(values.current, values.next);
      Toast.show({ content: t('auth.passwordChanged') });
      navigate('/me', { replace: true });
    });

  return (
    <div className="page narrow">
      <h1 className="page-title">{t('auth.changePassword')}</h1>
      {me.data?.mustChangePassword && <NoticeBar wrap color="alert" content={t('auth.mustChangePassword')} />}
      <Form
        form={form}
        name="password"
        layout="vertical"
        onFinish={submit}
        footer={
          <Button block type="submit" color="primary" size="large" loading={busy}>
            {t('common.save')}
          </Button>
        }
      >
        <Form.Item
          name="current"
          label={t('auth.currentPassword')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input type="password" autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="next"
          label={t('auth.newPassword')}
          help={t('auth.passwordRule')}
          rules={[{ required: true, message: t('auth.passwordRule') }]}
        >
          <Input type="password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="again"
          label={t('auth.confirmPassword')}
          dependencies={['next']}
          rules={[
            { required: true, message: t('common.required') },
            {
              validator: (_, v) =>
                !v || v === form.getFieldValue('next')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('auth.passwordsDiffer'))),
            },
          ]}
        >
          <Input type="password" autoComplete="new-password" />
        </Form.Item>
      </Form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
