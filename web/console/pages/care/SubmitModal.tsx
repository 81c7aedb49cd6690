import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api';
import { useFormModalProps } from '../../components/feedback';
import { fieldErrors } from '../../components/ResourcePage';

interface Props<V> {
  name: string;
  title: string;
  open: boolean;
  onClose: () => void;
  onSubmit: (values: V) => Promise<unknown>;
  initialValues?: Partial<V>;
  /** Error codes that concern one field: `{ care_pair_no_account: 'personId' }`. */
  errorFields?: Record<string, string>;
  okText?: string;
  width?: number;
  children: ReactNode;
}

/**
 * A dialog with a small form whose save is one request: the care pages' record, pair, plan, log,
 * order, close and visit dialogs. On success it says so, refreshes lists and care queries, and
 * closes; the API's field errors appear beside their fields. Each opening starts from
 * `initialValues` (the form lives only while the dialog is open).
 */
export function SubmitModal<V extends object>(props: Props<V>) {
  return props.open ? <OpenModal {...props} /> : null;
}

function OpenModal<V extends object>({
  name,
  title,
  open,
  onClose,
  onSubmit,
  initialValues,
  errorFields,
  okText,
  width,
  children,
}: Props<V>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const formModal = useFormModalProps();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (values: V) => onSubmit(values),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({
        predicate: ({ queryKey: [kind] }) =>
          kind === 'list' || (typeof kind === 'string' && kind.startsWith('care-')),
      });
      onClose();
    },
    onError: (err) => {
      const errors = fieldErrors(err, errorFields);
      if (errors.length) form.setFields(errors);
      message.error(errorText(err, t));
    },
  });
  return (
    <Modal
      open={open}
      title={title}
      {...formModal(form, save.isPending, onClose)}
      {...(okText ? { okText } : {})}
      {...(width ? { width } : {})}
    >
      <Form
        form={form}
        name={name}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values: V) => save.mutate(values)}
      >
        {children}
      </Form>
    </Modal>
  );
}
