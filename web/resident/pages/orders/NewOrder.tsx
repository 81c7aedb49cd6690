import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Radio, Selector, Space, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, errorText, post } from '../../../shared/api';
import { categoryName, newIdempotencyKey, type OrderDetail } from '../../../shared/orders';
import { Loading } from '../../App';
import { CategoryIcon } from './CategoryIcon';
import { useCategories, useMyBuildings, useMyHouseholds } from './data';
import { PhotoPicker, usePhotoUploads } from './PhotoPicker';
import './orders.css';

interface Values {
  householdId?: string;
  categoryId?: string;
  description?: string;
  place: 'home' | 'public';
  buildingId?: string;
  placeText?: string;
  urgency: 'normal' | 'urgent';
  homeHours?: string;
}

/** The category grid: one large button per category, with its drawing and its name. */
function CategoryGrid({
  value,
  onChange,
  options,
  label,
}: {
  value?: string;
  onChange?: (id: string) => void;
  options: { id: string; code: string; name: string }[];
  label: string;
}) {
  return (
    <div className="category-grid" role="radiogroup" aria-label={label}>
      {options.map((c) => (
        <button
          key={c.id}
          type="button"
          role="radio"
          aria-checked={value === c.id}
          className={`category-cell${value === c.id ? ' chosen' : ''}`}
          onClick={() => onChange?.(c.id)}
        >
          <CategoryIcon code={c.code} />
          <span>{c.name}</span>
          {value === c.id && (
            <span className="chosen-mark" aria-hidden>
              ✓
            </span>
          )}
        </button>
      ))}
    </div>
  );
}

/** The compound's buildings as large buttons, one chosen at most (tap again to clear). */
function BuildingPicker({
  value,
  onChange,
  options,
  label,
}: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  options: { id: string; name: string }[];
  label: string;
}) {
  return (
    <div role="group" aria-label={label} className="building-picker">
      <Selector
        columns={3}
        value={value ? [value] : []}
        onChange={(v) => onChange?.(v[0])}
        options={options.map((b) => ({ value: b.id, label: b.name }))}
      />
    </div>
  );
}

const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name, 'zh-CN', { numeric: true });

/** Field errors the API named, beside the fields of this form; anything else goes above the button. */
function fieldErrors(err: unknown): { name: string; errors: string[] }[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return [];
  const fields = [
    'householdId',
    'categoryId',
    'description',
    'place',
    'buildingId',
    'placeText',
    'urgency',
    'homeHours',
  ];
  return (err.details as { field?: string; message?: string }[])
    .map((d) => ({ name: d.field?.split('.')[0] ?? '', errors: [d.message ?? err.message] }))
    .filter((d) => fields.includes(d.name));
}

/** 我要求助: what, where, how urgent, when I am home, with photos; a retried submit makes one order. */
export default function NewOrderPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const households = useMyHouseholds();
  const homes = households.data?.items ?? [];
  const chosenHousehold = Form.useWatch('householdId', form);
  const home = homes.find((h) => h.household.id === chosenHousehold) ?? homes[0];
  const communityId = home?.community.id;
  const categories = useCategories(communityId);
  const photos = usePhotoUploads(communityId);
  const place = Form.useWatch('place', form) ?? 'home';
  const buildingId = Form.useWatch('buildingId', form);
  const buildings = useMyBuildings(home?.compound.id, place === 'public');
  // One key for this form: however often a flaky network makes the resident press again, one order.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (households.isPending) return <Loading />;
  if (households.isError) return <p className="form-error">{errorText(households.error, t)}</p>;
  if (!home)
    return (
      <div className="page">
        <h1 className="page-title">{t('orders.new.title')}</h1>
        <Card title={t('home.notJoinedTitle')}>
          <p>{t('orders.new.needHome')}</p>
          <Button color="primary" block size="large" onClick={() => navigate('/join')}>
            {t('home.joinButton')}
          </Button>
        </Card>
      </div>
    );

  async function submit(values: Values) {
    setError(null);
    if (photos.busy) return setError(t('orders.photos.wait'));
    if (photos.failed) return setError(t('orders.photos.someFailed'));
    setBusy(true);
    try {
      const order = await post<OrderDetail>('/me/orders', {
        householdId: home!.household.id,
        categoryId: values.categoryId,
        description: values.description?.trim(),
        place: values.place,
        buildingId: values.place === 'public' ? values.buildingId : undefined,
        placeText: values.placeText?.trim() || undefined,
        urgency: values.urgency,
        homeHours: values.homeHours?.trim() || undefined,
        fileIds: photos.ids.length ? photos.ids : undefined,
        idempotencyKey,
      });
      await queryClient.invalidateQueries({ queryKey: ['my-orders'] });
      Toast.show({ content: t('orders.new.sent') });
      navigate(`/orders/${order.id}`, { replace: true });
    } catch (err) {
      const errors = fieldErrors(err);
      if (errors.length) form.setFields(errors);
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  const homeLine = `${home.compound.name} ${home.room.building} ${home.room.entrance} ${home.room.number}`;
  const hourChoices = ['eveningWeekdays', 'weekend', 'daytime', 'anytime'] as const;

  return (
    <div className="page order-form">
      <h1 className="page-title">{t('orders.new.title')}</h1>
      <p>{t('orders.new.intro')}</p>
      <Form
        form={form}
        name="order"
        layout="vertical"
        initialValues={{ place: 'home', urgency: 'normal', householdId: home.household.id }}
        onFinish={(v) => void submit(v)}
        footer={
          <>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <Button block type="submit" color="primary" size="large" loading={busy} disabled={busy}>
              {t('orders.new.submit')}
            </Button>
          </>
        }
      >
        {homes.length > 1 && (
          <Form.Item name="householdId" label={t('orders.new.household')}>
            <Radio.Group>
              <Space direction="vertical">
                {homes.map((h) => (
                  <Radio key={h.household.id} value={h.household.id}>
                    {`${h.compound.name} ${h.room.building} ${h.room.number}`}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
        )}
        <Form.Item
          name="categoryId"
          label={t('orders.new.category')}
          rules={[{ required: true, message: t('orders.new.categoryRequired') }]}
        >
          <CategoryGrid
            label={t('orders.new.category')}
            options={(categories.data?.items ?? []).map((c) => ({
              id: c.id,
              code: c.code,
              name: categoryName(c, i18n.language),
            }))}
          />
        </Form.Item>
        {categories.isError && <p className="form-error">{errorText(categories.error, t)}</p>}
        <Form.Item
          name="description"
          label={t('orders.new.description')}
          rules={[{ required: true, whitespace: true, message: t('orders.new.descriptionRequired') }]}
        >
          <TextArea
            placeholder={t('orders.new.descriptionPlaceholder')}
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={1000}
            showCount
          />
        </Form.Item>
        <PhotoPicker uploads={photos} label={t('orders.photos.title')} />
        <Form.Item name="place" label={t('orders.new.where')}>
          <Radio.Group>
            <Space direction="vertical">
              <Radio value="home">{t('orders.new.atHome', { home: homeLine })}</Radio>
              <Radio value="public">{t('orders.new.atPublic', { compound: home.compound.name })}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        {place === 'public' && (
          <>
            <Form.Item
              name="buildingId"
              label={t('orders.new.building')}
              description={t('orders.new.buildingHint')}
            >
              <BuildingPicker
                label={t('orders.new.building')}
                options={[...(buildings.data?.items ?? [])].sort(byName)}
              />
            </Form.Item>
            {buildings.isError && <p className="form-error">{errorText(buildings.error, t)}</p>}
            <Form.Item
              name="placeText"
              label={t(buildingId ? 'orders.new.placeTextOptional' : 'orders.new.placeText')}
              dependencies={['buildingId']}
              rules={[
                {
                  validator: (_, v: string | undefined) =>
                    v?.trim() || form.getFieldValue('buildingId')
                      ? Promise.resolve()
                      : Promise.reject(new Error()),
                  message: t('orders.new.placeTextRequired'),
                },
              ]}
            >
              <Input placeholder={t('orders.new.placeTextPlaceholder')} maxLength={100} clearable />
            </Form.Item>
          </>
        )}
        <Form.Item name="urgency" label={t('orders.new.urgency')} description={t('orders.new.urgentHint')}>
          <Radio.Group>
            <Space>
              <Radio value="normal">{t('order.urgency.normal')}</Radio>
              <Radio value="urgent">{t('order.urgency.urgent')}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="homeHours" label={t('orders.new.homeHours')}>
          <Input placeholder={t('orders.new.homeHoursPlaceholder')} maxLength={100} clearable />
        </Form.Item>
        <div className="quick-choices" role="group" aria-label={t('orders.new.homeHoursQuick')}>
          {hourChoices.map((k) => (
            <Button
              key={k}
              size="small"
              fill="outline"
              onClick={() => form.setFieldValue('homeHours', t(`orders.new.hours.${k}`))}
            >
              {t(`orders.new.hours.${k}`)}
            </Button>
          ))}
        </div>
      </Form>
    </div>
  );
}
