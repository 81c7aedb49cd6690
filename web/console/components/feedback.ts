import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../shared/api';

/**
 * What every console write does when it lands or fails: say so, refresh the lists on screen, and
 * then whatever the page adds (close a dialog, clear a selection).
 */
export function useWriteFeedback() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return {
    async saved(then?: () => void, text: string = t('common.saved')) {
      message.success(text);
      await queryClient.invalidateQueries({ queryKey: ['list'] });
      then?.();
    },
    failed(err: unknown) {
      message.error(errorText(err, t));
    },
  };
}

/** The buttons and behaviour every console form dialog shares: save submits the form, cancel closes. */
export function useFormModalProps() {
  const { t } = useTranslation();
  return (form: { submit(): void }, saving: boolean, onClose: () => void) => ({
    okText: t('common.save'),
    cancelText: t('common.cancel'),
    confirmLoading: saving,
    onOk: () => form.submit(),
    onCancel: onClose,
    destroyOnHidden: true,
  });
}
