import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Radio, Selector, Space, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, errorText, post } from '../../../shared/api';
import { localName, type TopicDetail } from '../../../shared/topics';
import { Loading } from '../../App';
import { PhotoPicker, usePhotoUploads } from '../orders/PhotoPicker';
import { useTopicOptions } from './data';
import '../orders/orders.css';
import './topics.css';

interface Values {
  householdId?: string;
  category?: string[];
  title?: string;
  body?: string;
  placeText?: string;
}

const fields = ['householdId', 'category', 'title', 'body', 'placeText'];

/** Field errors the API named, beside the fields of this form. */
function fieldErrors(err: unknown): { name: string; errors: string[] }[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return [];
  return (err.details as { field?: string; message?: string }[])
    .map((d) => ({ field: d.field?.split('.')[0] ?? '', message: d.message ?? err.message }))
    .filter((d) => fields.includes(d.field))
    .map((d) => ({ name: d.field, errors: [d.message] }));
}

/** 我要提议题: what, where, which kind, with photos; neighbours can then support it. */
export default function NewTopicPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const options = useTopicOptions();
  const homes = options.data?.households ?? [];
  const chosen = Form.useWatch('householdId', form);
  const home = homes.find((h) => h.householdId === chosen) ?? homes[0];
  const community = options.data?.communities.find((c) => c.communityId === home?.communityId);
  const photos = usePhotoUploads(home?.communityId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (options.isPending) return <Loading />;
  if (options.isError) return <p className="form-error">{errorText(options.error, t)}</p>;
  if (!home)
    return (
      <div className="page">
        <h1 className="page-title">{t('topics.new.title')}</h1>
        <Card title={t('home.notJoinedTitle')}>
          <p>{t('topics.new.needHome')}</p>
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
      const topic = await post<TopicDetail>('/me/topics', {
        householdId: home!.householdId,
        category: values.category?.[0],
        title: values.title?.trim(),
        body: values.body?.trim(),
        placeText: values.placeText?.trim() || undefined,
        fileIds: photos.ids.length ? photos.ids : undefined,
      });
      await queryClient.invalidateQueries({ queryKey: ['my-topics'] });
      Toast.show({ content: t('topics.new.sent') });
      navigate(`/topics/${topic.id}`, { replace: true });
    } catch (err) {
      const errors = fieldErrors(err);
      if (errors.length) form.setFields(errors);
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="page order-form">
      <h1 className="page-title">{t('topics.new.title')}</h1>
      <p>{t('topics.new.intro')}</p>
      {homes.length === 1 && (
        <p className="hint">
          {t('topics.new.raisingIn', {
            place: [home.communityName, home.compoundName, home.buildingName].filter(Boolean).join(' '),
          })}
        </p>
      )}
      <Form
        form={form}
        name="topic"
        layout="vertical"
        initialValues={{ householdId: home.householdId }}
        onFinish={(v) => void submit(v)}
        footer={
          <>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <Button block type="submit" color="primary" size="large" loading={busy} disabled={busy}>
              {t('topics.new.submit')}
            </Button>
          </>
        }
      >
        {homes.length > 1 && (
          <Form.Item name="householdId" label={t('topics.new.raiseIn')}>
            <Radio.Group>
              <Space direction="vertical">
                {homes.map((h) => (
                  <Radio key={h.householdId} value={h.householdId}>
                    {[h.communityName, h.compoundName, h.buildingName].filter(Boolean).join(' ')}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
        )}
        <Form.Item
          name="category"
          label={t('topics.new.category')}
          rules={[{ required: true, message: t('topics.new.categoryRequired') }]}
        >
          <CategoryChoice
            label={t('topics.new.category')}
            options={(community?.categories ?? []).map((c) => ({
              value: c.code,
              label: localName(c, i18n.language),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('topics.new.titleLabel')}
          rules={[{ required: true, whitespace: true, message: t('topics.new.titleRequired') }]}
        >
          <Input placeholder={t('topics.new.titlePlaceholder')} maxLength={60} />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('topics.new.body')}
          rules={[{ required: true, whitespace: true, message: t('topics.new.bodyRequired') }]}
        >
          <TextArea
            placeholder={t('topics.new.bodyPlaceholder')}
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={2000}
            showCount
          />
        </Form.Item>
        <Form.Item name="placeText" label={t('topics.new.placeText')}>
          <Input placeholder={t('topics.new.placeTextPlaceholder')} maxLength={100} />
        </Form.Item>
        <PhotoPicker uploads={photos} label={t('orders.photos.title')} />
      </Form>
    </div>
  );
}

/** The kinds of topic as large buttons, one chosen. */
function CategoryChoice({
  value,
  onChange,
  options,
  label,
}: {
  value?: string[];
  onChange?: (v: string[]) => void;
  options: { value: string; label: string }[];
  label: string;
}) {
  return (
    <div role="group" aria-label={label} className="topic-categories">
      <Selector columns={3} value={value ?? []} onChange={(v) => onChange?.(v)} options={options} />
    </div>
  );
}
