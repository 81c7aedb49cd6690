import { useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Radio, Result, Space } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { post } from '../../shared/api';
import { useSubmit } from '../../shared/useSubmit';
import { useMe } from '../../shared/session';

/** Join a household with the invitation code (or QR) the community gave: staff confirm it afterwards. */
export default function JoinPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { busy, error, run } = useSubmit();
  const [sent, setSent] = useState(false);

  const submit = (values: { code: string; name: string; kind: string; relation?: string }) =>
    run(async () => {
      await post('/me/household-bindings', { ...values, relation: values.relation?.trim() || null });
      await queryClient.invalidateQueries({ queryKey: ['my-bindings'] });
      setSent(true);
    });

  if (sent)
    return (
      <div className="page">
        <Result status="waiting" title={t('join.sentTitle')} description={t('join.sentText')} />
        <Button block size="large" color="primary" onClick={() => navigate('/household')}>
          {t('nav.household')}
        </Button>
      </div>
    );

  return (
    <div className="page">
      <h1 className="page-title">{t('join.title')}</h1>
      <p>{t('join.intro')}</p>
      <Form
        name="join"
        layout="vertical"
        initialValues={{ code: params.get('code') ?? '', name: me.data?.displayName ?? '', kind: 'family' }}
        onFinish={submit}
        footer={
          <Button block type="submit" color="primary" size="large" loading={busy}>
            {t('join.submit')}
          </Button>
        }
      >
        <Form.Item name="code" label={t('join.code')} rules={[{ required: true, message: t('join.code') }]}>
          <Input autoComplete="off" autoCapitalize="characters" maxLength={40} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('join.name')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="kind" label={t('join.kind')}>
          <Radio.Group>
            <Space direction="vertical">
              <Radio value="owner">{t('household.kind.owner')}</Radio>
              <Radio value="family">{t('household.kind.family')}</Radio>
              <Radio value="tenant">{t('household.kind.tenant')}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="relation" label={t('join.relation')}>
          <Input maxLength={20} placeholder={t('join.relationPlaceholder')} />
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
