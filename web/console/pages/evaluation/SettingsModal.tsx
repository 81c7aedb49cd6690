import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText, patch } from '../../../shared/api';
import { useFormModalProps } from '../../components/feedback';
import { fieldErrors } from '../../components/ResourcePage';
import type { EvaluationSettings } from './model';

/** 评议设置: the items rated (names in both languages), the satisfaction threshold and the cadence. */
export function SettingsModal({
  communityId,
  settings,
  open,
  onClose,
}: {
  communityId: string;
  settings: EvaluationSettings | undefined;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const formModal = useFormModalProps();
  const [form] = Form.useForm();

  async function save(values: EvaluationSettings) {
    try {
      await patch(`/communities/${communityId}/evaluation-settings`, values);
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['list'] });
      onClose();
    } catch (err) {
      form.setFields(fieldErrors(err));
      message.error(errorText(err, t));
    }
  }

  return (
    <Modal
      open={open}
      title={t('evaluation.settings.title')}
      width={720}
      {...formModal(form, false, onClose)}
    >
      <Form
        form={form}
        name="evaluationSettings"
        layout="vertical"
        initialValues={settings}
        onFinish={(v) => void save(v)}
      >
        <Form.Item
          name="thresholdPercent"
          label={t('evaluation.settings.threshold')}
          extra={t('evaluation.settings.thresholdHint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <InputNumber min={1} max={100} suffix="%" />
        </Form.Item>
        <Form.Item name="cadence" label={t('evaluation.settings.cadence')}>
          <Select
            options={['quarterly', 'half_yearly', 'yearly'].map((c) => ({
              value: c,
              label: t(`evaluation.cadence.${c}`),
            }))}
          />
        </Form.Item>
        <fieldset className="settings-items">
          <legend>{t('evaluation.settings.items')}</legend>
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} wrap align="start">
                    <Form.Item
                      name={[f.name, 'code']}
                      label={t('evaluation.settings.code', { n: i + 1 })}
                      rules={[{ required: true, message: t('common.required') }]}
                    >
                      <Input style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'nameZh']}
                      label={t('evaluation.settings.nameZh', { n: i + 1 })}
                      rules={[{ required: true, message: t('common.required') }]}
                    >
                      <Input style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'nameEn']}
                      label={t('evaluation.settings.nameEn', { n: i + 1 })}
                      rules={[{ required: true, message: t('common.required') }]}
                    >
                      <Input style={{ width: 160 }} />
                    </Form.Item>
                    <Button
                      className="remove-item"
                      onClick={() => remove(f.name)}
                      aria-label={t('evaluation.settings.remove', { n: i + 1 })}
                    >
                      ✕
                    </Button>
                  </Space>
                ))}
                <Button onClick={() => add({ code: '', nameZh: '', nameEn: '' })}>
                  {t('evaluation.settings.add')}
                </Button>
              </>
            )}
          </Form.List>
        </fieldset>
      </Form>
    </Modal>
  );
}
