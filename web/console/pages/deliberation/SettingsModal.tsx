import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText, patch } from '../../../shared/api';
import { useFormModalProps } from '../../components/feedback';
import { fieldErrors } from '../../components/ResourcePage';
import { useDeliberationSettings } from './common';
import { delibKey, deliberationPath, type DeliberationSettings, type Named } from './model';

type Values = Pick<DeliberationSettings, 'supportThreshold' | 'meetingTypes' | 'topicCategories'>;

/** One editable list of codes with their Chinese and English names (meeting types, topic categories). */
function NamedList({ name, legend }: { name: 'meetingTypes' | 'topicCategories'; legend: string }) {
  const { t } = useTranslation();
  const required = [{ required: true, whitespace: true, message: t('common.required') }];
  return (
    <fieldset className="delib-fieldset">
      <legend>{legend}</legend>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, n) => (
              <div key={field.key} className="named-row" role="group" aria-label={`${legend} ${n + 1}`}>
                <Form.Item
                  name={[field.name, 'code']}
                  label={t('deliberation.settings.code')}
                  extra={n === 0 ? t('deliberation.settings.codeHint') : undefined}
                  rules={[
                    ...required,
                    { pattern: /^[a-z0-9_]+$/, message: t('deliberation.settings.codePattern') },
                  ]}
                >
                  <Input maxLength={32} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'nameZh']}
                  label={t('deliberation.settings.nameZh')}
                  rules={required}
                >
                  <Input maxLength={20} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'nameEn']}
                  label={t('deliberation.settings.nameEn')}
                  rules={required}
                >
                  <Input maxLength={40} />
                </Form.Item>
                <Button
                  className="named-remove"
                  disabled={fields.length <= 1}
                  aria-label={t('deliberation.settings.removeN', { what: legend, n: n + 1 })}
                  onClick={() => remove(field.name)}
                >
                  {t('deliberation.decision.remove')}
                </Button>
              </div>
            ))}
            <Button onClick={() => add({ code: '', nameZh: '', nameEn: '' } satisfies Named)}>
              {t('deliberation.settings.add')}
            </Button>
          </>
        )}
      </Form.List>
    </fieldset>
  );
}

/** 议事设置: the support threshold (附议数), meeting types and topic categories of the community. */
export function SettingsModal({ communityId, onClose }: { communityId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const formModal = useFormModalProps();
  const [form] = Form.useForm<Values>();
  const settings = useDeliberationSettings(communityId);
  const save = useMutation({
    mutationFn: (v: Values) =>
      patch<DeliberationSettings>(`${deliberationPath(communityId)}/deliberation-settings`, v),
    onSuccess: () => {
      message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: delibKey() });
      onClose();
    },
    onError: (err) => {
      const errors = fieldErrors(err);
      if (errors.length) form.setFields(errors as never);
      message.error(errorText(err, t));
    },
  });
  return (
    <Modal
      open
      width={760}
      title={t('deliberation.settings.title')}
      {...formModal(form, save.isPending, onClose)}
    >
      {settings.data ? (
        <Form<Values>
          form={form}
          name="deliberation-settings"
          layout="vertical"
          initialValues={settings.data}
          onFinish={(v) => save.mutate(v)}
        >
          <Form.Item
            name="supportThreshold"
            label={t('deliberation.settings.threshold')}
            extra={t('deliberation.settings.thresholdHint')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <InputNumber min={1} max={10000} precision={0} />
          </Form.Item>
          <NamedList name="meetingTypes" legend={t('deliberation.settings.meetingTypes')} />
          <NamedList name="topicCategories" legend={t('deliberation.settings.categories')} />
        </Form>
      ) : settings.isError ? (
        errorText(settings.error, t)
      ) : (
        <Spin />
      )}
    </Modal>
  );
}
