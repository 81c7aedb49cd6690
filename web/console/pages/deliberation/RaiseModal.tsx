import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText, post } from '../../../shared/api';
import { useFormModalProps } from '../../components/feedback';
import { PersonPicker, useCompoundOptions } from '../../components/places';
import { fieldErrors } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { FileInput } from '../assemblies/parts';
import { useDeliberationNames } from './common';
import { deliberationPath, type TopicDetail } from './model';

interface Values {
  category: string;
  title: string;
  body: string;
  placeText?: string;
  compoundId?: string;
  personId?: string;
  raiserName?: string;
  fileIds?: string[];
}

/**
 * 代为提出: a topic raised at the desk for someone who came in, phoned, or spoke up at a meeting — the
 * person on file when there is one (their app then follows it), else a name as they gave it.
 */
export function RaiseModal({
  communityId,
  onClose,
  onRaised,
}: {
  communityId: string;
  onClose: () => void;
  onRaised: (topicId: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const scope = useScope();
  const formModal = useFormModalProps();
  const [form] = Form.useForm<Values>();
  const names = useDeliberationNames(communityId);
  const compounds = useCompoundOptions();
  const personId = Form.useWatch('personId', form);
  const save = useMutation({
    mutationFn: (v: Values) =>
      post<TopicDetail>(`${deliberationPath(communityId)}/topics`, {
        ...Object.fromEntries(
          Object.entries(v).filter(
            ([, x]) => x !== undefined && x !== '' && !(Array.isArray(x) && !x.length),
          ),
        ),
        // No compound: a topic of the whole community.
        compoundId: v.compoundId ?? null,
      }),
    onSuccess: (topic) => {
      message.success(t('deliberation.raise.done'));
      onRaised(topic.id);
    },
    onError: (err) => {
      const errors = fieldErrors(err);
      if (errors.length) form.setFields(errors as never);
      message.error(errorText(err, t));
    },
  });
  const required = [{ required: true, whitespace: true, message: t('common.required') }];
  return (
    <Modal
      open
      width={640}
      title={t('deliberation.raise.title')}
      {...formModal(form, save.isPending, onClose)}
    >
      <Form<Values>
        form={form}
        name="raise-topic"
        layout="vertical"
        initialValues={{ compoundId: scope.compoundId ?? undefined }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="personId"
          label={t('deliberation.raise.person')}
          extra={t('deliberation.raise.personHint')}
        >
          <PersonPicker />
        </Form.Item>
        {!personId && (
          <Form.Item name="raiserName" label={t('deliberation.raise.raiserName')} rules={required}>
            <Input maxLength={40} />
          </Form.Item>
        )}
        <Form.Item
          name="compoundId"
          label={t('deliberation.col.compound')}
          extra={t('deliberation.raise.compoundHint')}
        >
          <Select allowClear options={compounds.options} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item name="category" label={t('deliberation.col.category')} rules={required}>
          <Select options={names.categoryOptions} loading={names.settings.isPending} />
        </Form.Item>
        <Form.Item name="title" label={t('deliberation.col.title')} rules={required}>
          <Input maxLength={60} showCount />
        </Form.Item>
        <Form.Item name="body" label={t('deliberation.raise.body')} rules={required}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="placeText" label={t('deliberation.raise.place')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="fileIds" label={t('deliberation.photos')}>
          <FileInput
            communityId={communityId}
            accept="image/jpeg,image/png,image/webp"
            label={t('deliberation.addPhoto')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
