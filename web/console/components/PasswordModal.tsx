import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../shared/api';
import { useSessionActions } from '../../shared/session';

interface Values {
  current: string;
  next: string;
  again: string;
}

/**
 * 修改密码. `forced`: the account still has the temporary password the office made up, so the desk
 * cannot be used until a new one is set (it cannot be dismissed).
 */
export function PasswordModal({
  open,
  forced,
  onClose,
}: {
  open: boolean;
  forced: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { changePassword } = useSessionActions();
  const [form] = Form.useForm<Values>();
  async function submit() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await changePassword(values.current, values.next);
      message.success(t('auth.passwordChanged'));
      form.resetFields();
      onClose();
    } catch (err) {
      message.error(errorText(err, t));
    }
  }
  return (
    <Modal
      open={open}
      title={t('auth.changePassword')}
      onOk={submit}
      onCancel={forced ? undefined : onClose}
      closable={!forced}
      maskClosable={!forced}
      keyboard={!forced}
      cancelButtonProps={forced ? { style: { display: 'none' } } : {}}
      okText={t('common.save')}
      destroyOnHidden
    >
      {forced && (
        <Alert type="warning" showIcon title={t('auth.mustChangePassword')} style={{ marginBottom: 16 }} />
      )}
      <Form form={form} name="password" layout="vertical" onFinish={submit}>
        <Form.Item
          name="current"
          label={t('auth.currentPassword')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="next"
          label={t('auth.newPassword')}
          extra={t('auth.passwordRule')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="again"
          label={t('auth.confirmPassword')}
          dependencies={['next']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('next')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('auth.passwordsDiffer'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
