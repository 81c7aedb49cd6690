import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Radio, Select, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, get } from '../../../shared/api';
import { newIdempotencyKey, type OrderDetail } from '../../../shared/orders';
import { uploadFile, type UploadedFile } from '../../../shared/upload';
import { useFormModalProps } from '../../components/feedback';
import { HouseholdPicker } from '../../components/places';
import { fieldErrors } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { useOrderOptions } from './common';

interface HouseholdMembers {
  members: { personId: string; name: string; phone: string | null }[];
}

interface Values {
  channel: 'phone' | 'walk_in';
  householdId?: string;
  personId?: string;
  callerName?: string;
  callerPhone?: string;
  compoundId?: string;
  categoryId: string;
  description: string;
  place: 'home' | 'public';
  placeText?: string;
  urgency: 'normal' | 'urgent';
  homeHours?: string;
}

/**
 * 代客下单: an order for someone who phoned or walked in. Their household when it is on file (and who
 * of it called, so their app follows the order), else their name, number and compound. One
 * idempotency key per dialog: pressing save twice on a slow line makes one order.
 */
export function IntakeModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (o: OrderDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const scope = useScope();
  const communityId = scope.community!.id;
  const formModal = useFormModalProps();
  const [form] = Form.useForm<Values>();
  const [key] = useState(newIdempotencyKey);
  const [photos, setPhotos] = useState<UploadFile<UploadedFile>[]>([]);
  const options = useOrderOptions(communityId);
  const householdId = Form.useWatch('householdId', form);
  const place = Form.useWatch('place', form);
  const members = useQuery({
    queryKey: ['list', `/communities/${communityId}/households/${householdId}`],
    enabled: !!householdId,
    queryFn: () => get<HouseholdMembers>(`/communities/${communityId}/households/${householdId}`),
  });

  const save = useMutation({
    mutationFn: (v: Values) => {
      const fileIds = photos.flatMap((p) => (p.status === 'done' && p.response ? [p.response.id] : []));
      return api<OrderDetail>('POST', `/communities/${communityId}/orders`, {
        ...Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')),
        place: v.householdId ? v.place : 'public',
        compoundId: v.householdId ? undefined : v.compoundId,
        fileIds: fileIds.length ? fileIds : undefined,
        idempotencyKey: key,
      });
    },
    onSuccess: (o) => {
      message.success(t('orders.intake.done'));
      onCreated(o);
    },
    onError: (err) => {
      const errors = fieldErrors(err, { invalid_phone: 'callerPhone', order_caller_required: 'callerName' });
      if (errors.length) form.setFields(errors as never);
      message.error(errorText(err, t));
    },
  });

  const uploading = photos.some((p) => p.status === 'uploading');
  return (
    <Modal
      open
      width={640}
      title={t('orders.intake.title')}
      {...formModal(form, save.isPending || uploading, onClose)}
    >
      <Form<Values>
        form={form}
        name="intake"
        layout="vertical"
        initialValues={{
          channel: 'phone',
          place: 'home',
          urgency: 'normal',
          compoundId: scope.compoundId ?? undefined,
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="channel" label={t('orders.intake.channel')}>
          <Radio.Group
            options={[
              { value: 'phone', label: t('orders.channel.phone') },
              { value: 'walk_in', label: t('orders.channel.walk_in') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="householdId"
          label={t('orders.intake.household')}
          extra={t('orders.intake.householdHint')}
        >
          <HouseholdPicker />
        </Form.Item>
        {householdId && (
          <Form.Item name="personId" label={t('orders.intake.person')} extra={t('orders.intake.personHint')}>
            <Select
              allowClear
              loading={members.isFetching}
              options={(members.data?.members ?? []).map((m) => ({
                value: m.personId,
                label: m.phone ? `${m.name} · ${m.phone}` : m.name,
              }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="callerName"
          label={t('orders.intake.callerName')}
          extra={t('orders.intake.callerNameHint')}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="callerPhone" label={t('orders.intake.callerPhone')}>
          <Input type="tel" maxLength={20} />
        </Form.Item>
        {!householdId && (
          <Form.Item
            name="compoundId"
            label={t('orders.col.compound')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select options={options.compounds.options} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
        )}
        <Form.Item
          name="categoryId"
          label={t('orders.col.category')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select options={options.categories.options} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('orders.col.description')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        {householdId && (
          <Form.Item name="place" label={t('orders.col.place')}>
            <Radio.Group
              options={[
                { value: 'home', label: t('orders.intake.atHome') },
                { value: 'public', label: t('orders.intake.atPublic') },
              ]}
            />
          </Form.Item>
        )}
        {(!householdId || place === 'public') && (
          <Form.Item
            name="placeText"
            label={t('orders.intake.placeText')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input maxLength={100} placeholder={t('orders.intake.placeTextPlaceholder')} />
          </Form.Item>
        )}
        <Form.Item name="urgency" label={t('orders.col.urgency')}>
          <Radio.Group
            options={[
              { value: 'normal', label: t('order.urgency.normal') },
              { value: 'urgent', label: t('order.urgency.urgent') },
            ]}
          />
        </Form.Item>
        <Form.Item name="homeHours" label={t('orders.col.homeHours')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('orders.photos')}>
          <Upload<UploadedFile>
            accept="image/jpeg,image/png,image/webp"
            listType="picture"
            multiple
            maxCount={9}
            fileList={photos}
            onChange={({ fileList }) => setPhotos(fileList)}
            customRequest={({ file, onProgress, onSuccess, onError }) => {
              uploadFile(communityId, file as File, (f) => onProgress?.({ percent: Math.round(f * 100) }))
                .then((stored) => onSuccess?.(stored))
                .catch((err: unknown) => {
                  message.error(errorText(err, t));
                  onError?.(err as Error);
                });
            }}
          >
            <Button>{t('orders.intake.addPhotos')}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}
