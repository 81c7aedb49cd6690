import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, errorText } from '../../../shared/api';
import { fieldErrors } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { LoadError, useCan } from '../organisations/kit';
import { careBase, useCareSettings, type CareSettings } from './model';
import './care.css';

/**
 * 关爱设置: the kinds of care people this community keeps (code and names), how many minutes an alarm
 * waits for an answer before community staff are called, and the default contact plan of a pairing.
 */
export default function CareSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { community } = useScope();
  const settings = useCareSettings();
  const canManage = useCan('care.manage');
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CareSettings>();
  const save = useMutation({
    mutationFn: (v: CareSettings) =>
      api<CareSettings>('PATCH', `${careBase(community!.id)}/care/settings`, {
        kinds: v.kinds,
        escalateMinutes: v.escalateMinutes,
        callEveryDays: v.callEveryDays,
        visitEveryDays: v.visitEveryDays,
      }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['care-settings'] });
    },
    onError: (err) => {
      const errors = fieldErrors(err, { care_kind_repeated: 'kinds' });
      if (errors.length) form.setFields(errors as Parameters<typeof form.setFields>[0]);
      message.error(errorText(err, t));
    },
  });

  if (!community) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  return (
    <section aria-labelledby="page-title" className="care-settings">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.careSettings')}
        </Typography.Title>
      </div>
      <LoadError error={settings.error} />
      {settings.isPending && <Spin />}
      {settings.data && (
        <Form<CareSettings>
          form={form}
          name="care-settings"
          layout="vertical"
          initialValues={settings.data}
          disabled={!canManage}
          onFinish={(v) => save.mutate(v)}
        >
          <Card title={t('care.settings.alarm')}>
            <Form.Item
              name="escalateMinutes"
              label={t('care.settings.escalateMinutes')}
              extra={t('care.settings.escalateHint')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <InputNumber min={1} max={120} suffix={t('care.settings.minutes')} />
            </Form.Item>
          </Card>
          <Card title={t('care.settings.plan')}>
            <Space wrap size="large">
              <Form.Item
                name="callEveryDays"
                label={t('care.pair.callEvery')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <InputNumber min={1} max={90} suffix={t('care.settings.days')} />
              </Form.Item>
              <Form.Item
                name="visitEveryDays"
                label={t('care.pair.visitEvery')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <InputNumber min={1} max={365} suffix={t('care.settings.days')} />
              </Form.Item>
            </Space>
          </Card>
          <Card title={t('care.settings.kinds')}>
            <Typography.Paragraph>{t('care.settings.kindsHint')}</Typography.Paragraph>
            <Form.List name="kinds">
              {(rows, { add, remove }) => (
                <>
                  {rows.map((row, i) => (
                    <div
                      key={row.key}
                      className="care-kind-row"
                      role="group"
                      aria-label={t('care.settings.kindNth', { n: i + 1 })}
                    >
                      <Form.Item
                        name={[row.name, 'code']}
                        label={t('care.settings.code')}
                        rules={[
                          { required: true, message: t('common.required') },
                          { pattern: /^[a-z][a-z0-9_]*$/, message: t('care.settings.codeRule') },
                        ]}
                      >
                        <Input maxLength={40} />
                      </Form.Item>
                      <Form.Item
                        name={[row.name, 'nameZh']}
                        label={t('care.settings.nameZh')}
                        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
                      >
                        <Input maxLength={20} />
                      </Form.Item>
                      <Form.Item
                        name={[row.name, 'nameEn']}
                        label={t('care.settings.nameEn')}
                        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
                      >
                        <Input maxLength={40} />
                      </Form.Item>
                      <Button
                        onClick={() => remove(row.name)}
                        disabled={rows.length <= 1 || !canManage}
                        aria-label={t('care.settings.removeKind', { n: i + 1 })}
                      >
                        {t('care.contacts.removeShort')}
                      </Button>
                    </div>
                  ))}
                  <Button
                    onClick={() => add({ code: '', nameZh: '', nameEn: '' })}
                    disabled={rows.length >= 30}
                  >
                    {t('care.settings.addKind')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>
          {canManage && (
            <Button type="primary" htmlType="submit" loading={save.isPending} className="care-save">
              {t('common.save')}
            </Button>
          )}
        </Form>
      )}
    </section>
  );
}
