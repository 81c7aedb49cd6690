import { Button, Form, Space, TextArea } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSubmit } from '../../../shared/useSubmit';

/**
 * A step that needs a reason (cancel, reopen, decline, hand on): opened in place under its button,
 * so it reads well in large text and never hides behind a dialog.
 */
export function ReasonForm({
  name,
  title,
  label,
  placeholder,
  submitText,
  danger,
  onSubmit,
  onClose,
  children,
}: {
  name: string;
  title: string;
  label: string;
  placeholder?: string;
  submitText: string;
  danger?: boolean;
  onSubmit: (reason: string) => Promise<void>;
  onClose: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { busy, error, run } = useSubmit();
  return (
    <section className="step-panel" aria-label={title}>
      <h2 className="section-title">{title}</h2>
      <Form
        name={name}
        layout="vertical"
        onFinish={(v: { reason: string }) => run(() => onSubmit(v.reason.trim()))}
        footer={
          <>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <Space block direction="vertical">
              <Button
                block
                type="submit"
                size="large"
                color={danger ? 'danger' : 'primary'}
                className={danger ? 'danger-action' : undefined}
                loading={busy}
              >
                {submitText}
              </Button>
              <Button block size="large" onClick={onClose}>
                {t('common.cancel')}
              </Button>
            </Space>
          </>
        }
      >
        {children}
        <Form.Item
          name="reason"
          label={label}
          rules={[{ required: true, whitespace: true, message: t('orders.reasonRequired') }]}
        >
          <TextArea
            placeholder={placeholder}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={200}
            showCount
          />
        </Form.Item>
      </Form>
    </section>
  );
}
