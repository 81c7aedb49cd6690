import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Space, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, patch } from '../../../shared/api';
import { fieldErrors } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { useCan } from '../organisations/kit';
import { base } from './kit';
import { useVolunteerSettings, type VolunteerSettings } from './model';

/** 志愿设置: the skills list volunteers choose from, points (积分) on or off, hours credited per kind. */
export default function VolunteerSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { community } = useScope();
  const queryClient = useQueryClient();
  const canManage = useCan('volunteers.manage');
  const settings = useVolunteerSettings();
  const [form] = Form.useForm();
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);
  const save = useMutation({
    mutationFn: (v: VolunteerSettings) => {
      const { updatedAt: _ignored, ...body } = v;
      return patch(`${base(community!.id)}/volunteer-settings`, body);
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['list'] });
    },
    onError: (err) => {
      const errors = fieldErrors(err);
      if (errors.length) form.setFields(errors);
      message.error(errorText(err, t));
    },
  });
  const minutes = (name: keyof VolunteerSettings, label: string, hint: string) => (
    <Form.Item name={name} label={t(label)} extra={t(hint)}>
      <InputNumber min={0} max={1440} addonAfter={t('vol.settings.minutes')} />
    </Form.Item>
  );
  return (
    <section aria-labelledby="page-title">
      <Typography.Title level={2} id="page-title">
        {t('menu.volunteerSettings')}
      </Typography.Title>
      <Form
        form={form}
        name="volunteer-settings"
        layout="vertical"
        disabled={!canManage}
        onFinish={(v: VolunteerSettings) => save.mutate({ ...settings.data!, ...v })}
      >
        <Card title={t('vol.settings.skills')}>
          <Typography.Paragraph>{t('vol.settings.skillsHint')}</Typography.Paragraph>
          <Form.List name="skills">
            {(items, { add, remove }) => (
              <>
                {items.map((item, i) => (
                  <Space key={item.key} wrap align="start">
                    <Form.Item
                      name={[item.name, 'code']}
                      label={t('vol.settings.code')}
                      rules={[
                        { required: true, pattern: /^[a-z0-9_]+$/, message: t('vol.settings.codeRule') },
                      ]}
                    >
                      <Input style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item
                      name={[item.name, 'nameZh']}
                      label={t('vol.settings.nameZh')}
                      rules={[{ required: true, message: t('common.required') }]}
                    >
                      <Input style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item
                      name={[item.name, 'nameEn']}
                      label={t('vol.settings.nameEn')}
                      rules={[{ required: true, message: t('common.required') }]}
                    >
                      <Input style={{ width: 180 }} />
                    </Form.Item>
                    <Button
                      danger
                      style={{ marginTop: 30 }}
                      aria-label={t('vol.settings.removeSkill', { n: i + 1 })}
                      onClick={() => remove(item.name)}
                    >
                      {t('vol.settings.remove')}
                    </Button>
                  </Space>
                ))}
                <Button onClick={() => add({ code: '', nameZh: '', nameEn: '' })}>
                  {t('vol.settings.addSkill')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
        <Card title={t('vol.settings.hours')} style={{ marginTop: 16 }}>
          {minutes('orderMinutes', 'vol.settings.orderMinutes', 'vol.settings.orderHint')}
          {minutes('visitMinutes', 'vol.settings.visitMinutes', 'vol.settings.visitHint')}
          {minutes('patrolMaxMinutes', 'vol.settings.patrolMax', 'vol.settings.patrolHint')}
        </Card>
        <Card title={t('vol.settings.points')} style={{ marginTop: 16 }}>
          <Form.Item name="pointsEnabled" label={t('vol.settings.pointsEnabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item
            name="pointsPerHour"
            label={t('vol.settings.pointsPerHour')}
            extra={t('vol.settings.pointsHint')}
          >
            <InputNumber min={1} max={1000} />
          </Form.Item>
        </Card>
        {canManage && (
          <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 16 }}>
            {t('common.save')}
          </Button>
        )}
      </Form>
    </section>
  );
}
