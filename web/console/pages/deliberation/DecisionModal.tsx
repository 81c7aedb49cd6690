import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, post } from '../../../shared/api';
import { useFormModalProps } from '../../components/feedback';
import { fieldErrors } from '../../components/ResourcePage';
import { useOrderOptions } from '../orders/common';
import type { Option } from '../organisations/kit';
import { delibKey, deliberationPath, type AgendaItem, type MeetingDetail } from './model';

interface ActionValues {
  title: string;
  /** `account:<id>` for someone with an account (they are notified), `name:<text>` for a name only. */
  owner: string;
  dueDate: Dayjs;
}
interface Values {
  text: string;
  decidedBy: string;
  votesFor?: number | null;
  votesAgainst?: number | null;
  votesAbstain?: number | null;
  actions?: ActionValues[];
  makeOrder?: boolean;
  orderCategoryId?: string;
  orderDescription?: string;
}

const accountPrefix = 'account:';
const namePrefix = 'name:';

/**
 * 负责人: someone with an account (an invitee, or a person the desk looks up), who is then notified
 * and can mark it done on their phone; or, when they have none, just a name as typed.
 */
function OwnerSelect({
  id,
  value,
  onChange,
  options,
}: {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
  options: Option[];
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const name = typed.trim();
  const all = [
    ...options,
    ...(name && !options.some((o) => o.label === name)
      ? [{ value: `${namePrefix}${name}`, label: t('deliberation.decision.ownerByName', { name }) }]
      : []),
    ...(value?.startsWith(namePrefix) && value.slice(namePrefix.length) !== name
      ? [{ value, label: value.slice(namePrefix.length) }]
      : []),
  ];
  return (
    <Select
      id={id}
      value={value}
      onChange={(v: string) => onChange?.(v)}
      placeholder={t('deliberation.decision.ownerPlaceholder')}
      showSearch={{ onSearch: setTyped, optionFilterProp: 'label' }}
      options={all}
    />
  );
}

/** 记录决定: what the meeting decided on one agenda item, by whom, who carries it out by when, and any follow-up. */
export function DecisionModal({
  communityId,
  meeting,
  item,
  onClose,
}: {
  communityId: string;
  meeting: MeetingDetail;
  item: AgendaItem;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const formModal = useFormModalProps();
  const [form] = Form.useForm<Values>();
  const makeOrder = Form.useWatch('makeOrder', form);
  const { categories } = useOrderOptions(communityId);
  const owners: Option[] = meeting.invitees
    .filter((i) => i.accountId)
    .map((i) => ({ value: `${accountPrefix}${i.accountId}`, label: i.name }));

  const save = useMutation({
    mutationFn: (v: Values) =>
      post(`${deliberationPath(communityId)}/meetings/${meeting.id}/agenda/${item.id}/decision`, {
        text: v.text.trim(),
        decidedBy: v.decidedBy.trim(),
        ...(v.votesFor != null ? { votesFor: v.votesFor } : {}),
        ...(v.votesAgainst != null ? { votesAgainst: v.votesAgainst } : {}),
        ...(v.votesAbstain != null ? { votesAbstain: v.votesAbstain } : {}),
        actions: (v.actions ?? []).map((a) => ({
          title: a.title.trim(),
          ...(a.owner.startsWith(accountPrefix)
            ? { ownerAccountId: a.owner.slice(accountPrefix.length) }
            : { ownerName: a.owner.slice(namePrefix.length) }),
          dueDate: a.dueDate.format('YYYY-MM-DD'),
        })),
        ...(v.makeOrder
          ? {
              followUp: {
                kind: 'order',
                categoryId: v.orderCategoryId,
                description: v.orderDescription?.trim() || undefined,
              },
            }
          : {}),
      }),
    onSuccess: () => {
      message.success(t('deliberation.decision.saved'));
      void queryClient.invalidateQueries({ queryKey: delibKey() });
      onClose();
    },
    onError: (err) => {
      const errors = fieldErrors(err);
      if (errors.length) form.setFields(errors as never);
      message.error(errorText(err, t));
    },
  });

  const required = [{ required: true, whitespace: true, message: t('common.required') }];
  const votes = (name: 'votesFor' | 'votesAgainst' | 'votesAbstain') => (
    <Form.Item name={name} label={t(`deliberation.decision.${name}`)}>
      <InputNumber min={0} max={100000} precision={0} />
    </Form.Item>
  );
  return (
    <Modal
      open
      width={720}
      title={t('deliberation.decision.title')}
      {...formModal(form, save.isPending, onClose)}
    >
      <Typography.Paragraph>
        <strong>{item.title}</strong>
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        name="decision"
        layout="vertical"
        initialValues={{ decidedBy: t('deliberation.decision.byDefault'), actions: [] }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="text" label={t('deliberation.decision.text')} rules={required}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        <Form.Item
          name="decidedBy"
          label={t('deliberation.decision.decidedBy')}
          extra={t('deliberation.decision.decidedByHint')}
          rules={required}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Space wrap>
          {votes('votesFor')}
          {votes('votesAgainst')}
          {votes('votesAbstain')}
        </Space>
        <fieldset className="delib-fieldset">
          <legend>{t('deliberation.decision.actions')}</legend>
          <Form.List name="actions">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, n) => (
                  <div
                    key={field.key}
                    className="action-row"
                    role="group"
                    aria-label={t('deliberation.decision.actionN', { n: n + 1 })}
                  >
                    <Form.Item
                      name={[field.name, 'title']}
                      label={t('deliberation.decision.actionTitle')}
                      rules={required}
                      className="action-title"
                    >
                      <Input maxLength={100} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'owner']}
                      label={t('deliberation.decision.owner')}
                      rules={[{ required: true, message: t('common.required') }]}
                      className="action-owner"
                    >
                      <OwnerSelect options={owners} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'dueDate']}
                      label={t('deliberation.decision.dueDate')}
                      rules={[{ required: true, message: t('common.required') }]}
                    >
                      <DatePicker />
                    </Form.Item>
                    <Button
                      className="action-remove"
                      aria-label={t('deliberation.decision.removeAction', { n: n + 1 })}
                      onClick={() => remove(field.name)}
                    >
                      {t('deliberation.decision.remove')}
                    </Button>
                  </div>
                ))}
                <Button onClick={() => add()}>{t('deliberation.decision.addAction')}</Button>
              </>
            )}
          </Form.List>
        </fieldset>
        <Form.Item name="makeOrder" valuePropName="checked">
          <Checkbox>{t('deliberation.decision.makeOrder')}</Checkbox>
        </Form.Item>
        {makeOrder && (
          <>
            <Form.Item
              name="orderCategoryId"
              label={t('deliberation.decision.orderCategory')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Select options={categories.options} loading={categories.loading} />
            </Form.Item>
            <Form.Item name="orderDescription" label={t('deliberation.decision.orderDescription')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
