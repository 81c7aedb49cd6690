import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Form, InputNumber, Modal, Radio, Spin, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText, get, patch } from '../../../shared/api';
import { useFormModalProps } from '../../components/feedback';

interface Settings {
  mask: 'building_room' | 'surname' | 'none';
  redShowsName: boolean;
  defaultDays: number;
}

/** 红黑榜设置: how households are named in public, whether the red list may show names, the period. */
export function SettingsModal({ communityId, onClose }: { communityId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const formModal = useFormModalProps();
  const [form] = Form.useForm<Settings>();
  const path = `/communities/${communityId}/red-black-settings`;
  const settings = useQuery({
    queryKey: ['list', 'red-black-settings', communityId],
    queryFn: () => get<Settings>(path),
  });

  async function save(values: Settings) {
    try {
      await patch(path, values);
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['list'] });
      onClose();
    } catch (err) {
      message.error(errorText(err, t));
    }
  }

  return (
    <Modal open title={t('redBlack.settings.title')} {...formModal(form, false, onClose)}>
      {!settings.data ? (
        <Spin />
      ) : (
        <Form
          form={form}
          name="redBlackSettings"
          layout="vertical"
          initialValues={settings.data}
          onFinish={(v) => void save(v)}
        >
          <Form.Item name="mask" label={t('redBlack.settings.mask')} extra={t('redBlack.settings.maskHint')}>
            <Radio.Group
              options={(['building_room', 'surname', 'none'] as const).map((m) => ({
                value: m,
                label: t(`redBlack.settings.masks.${m}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="redShowsName"
            label={t('redBlack.settings.redShowsName')}
            valuePropName="checked"
            extra={t('redBlack.settings.redShowsNameHint')}
          >
            <Switch />
          </Form.Item>
          <Form.Item name="defaultDays" label={t('redBlack.settings.defaultDays')}>
            <InputNumber min={1} max={365} suffix={t('redBlack.daysUnit')} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
