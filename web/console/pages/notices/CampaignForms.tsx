import { useQuery } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, get, post, type Page } from '../../../shared/api';
import { formatDay, nextSteps, type RectificationRow } from '../../../shared/notices';
import { useFormModalProps, useWriteFeedback } from '../../components/feedback';
import { useScope } from '../../components/scope';
import { FileInput } from '../assemblies/parts';
import { queryString } from '../organisations/kit';
import {
  campaignsPath,
  formErrors,
  rectificationPath,
  useFillOnOpen,
  type CampaignDetail,
  type Figure,
} from './model';
import { PlacePicker, type PickedPlace } from './TargetTree';

/** The dialogs of a rectification campaign's page: issue, check, figures, wording. */

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

/** A dialog's form that posts, says so, refreshes the page's lists and closes; errors go beside fields. */
function useDialogForm<V extends object>(onClose: () => void, errorFields: Record<string, string> = {}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const feedback = useWriteFeedback();
  const formModal = useFormModalProps();
  const [form] = Form.useForm<V>();
  const [saving, setSaving] = useState(false);
  async function run(send: () => Promise<string>) {
    setSaving(true);
    try {
      const done = await send();
      await feedback.saved(onClose, done);
    } catch (err) {
      const errors = formErrors(err, t, errorFields);
      if (errors.length) form.setFields(errors as Parameters<typeof form.setFields>[0]);
      message.error(errorText(err, t));
    } finally {
      setSaving(false);
    }
  }
  return { form, run, props: formModal(form, saving, onClose) };
}

interface Household {
  id: string;
  name: string;
  roomNumber: string;
}

/** Several open households found by name or room number, shown with their room. */
function HouseholdsPicker({
  id,
  value = [],
  onChange,
}: {
  id?: string;
  value?: { value: string; label: string }[];
  onChange?: (value: { value: string; label: string }[]) => void;
}) {
  const { t } = useTranslation();
  const scope = useScope();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const path = scope.community
    ? `/communities/${scope.community.id}/households?${queryString({ pageSize: 30, q, compoundId: scope.compoundId })}`
    : null;
  const list = useQuery({
    queryKey: ['list', path],
    enabled: !!path,
    queryFn: () => get<Page<Household>>(path!),
  });
  return (
    <Select<{ value: string; label: string }[]>
      id={id}
      mode="multiple"
      labelInValue
      value={value}
      onChange={(v) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={list.isFetching}
      placeholder={t('rectification.issue.householdSearch')}
      options={(list.data?.items ?? []).map((h) => ({ value: h.id, label: `${h.name} · ${h.roomNumber}` }))}
    />
  );
}

interface IssueValues {
  to: 'all' | 'chosen' | 'none';
  households?: { value: string; label: string }[];
  places?: { place?: PickedPlace; placeText?: string }[];
  deadline?: Dayjs;
}

/**
 * 发告知书: to every household in the campaign's places, or to chosen ones, and/or posted at places
 * without a household (a stairwell, a fire lane); households already sent one are skipped.
 */
export function IssueModal({
  campaign,
  open,
  onClose,
}: {
  campaign: CampaignDetail;
  open: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { form, run, props } = useDialogForm<IssueValues>(onClose, {
    rectification_nothing: 'to',
    rectification_deadline: 'deadline',
  });
  const to = Form.useWatch('to', form);
  const submit = (v: IssueValues) =>
    run(async () => {
      const places = (v.places ?? [])
        .filter((p) => p.place)
        .map((p) => ({ [`${p.place!.kind}Id`]: p.place!.id, placeText: p.placeText ?? '' }));
      const res = await post<{ created: number; skipped: number }>(
        `${campaignsPath(campaign.communityId)}/${campaign.id}/notices`,
        {
          ...(v.to === 'all' ? { allHouseholds: true } : {}),
          ...(v.to === 'chosen' ? { householdIds: (v.households ?? []).map((h) => h.value) } : {}),
          ...(places.length ? { places } : {}),
          ...(v.deadline ? { deadline: day(v.deadline) } : {}),
        },
      );
      return t('rectification.issue.done', { created: res.created, skipped: res.skipped });
    });
  return (
    <Modal
      open={open}
      title={t('rectification.issue.title')}
      {...props}
      okText={t('rectification.issue.submit')}
      width={680}
    >
      <p>{t('rectification.issue.intro', { places: campaign.targetsText })}</p>
      <Form
        form={form}
        name="issue"
        layout="vertical"
        initialValues={{ to: 'all', places: [] }}
        onFinish={submit}
      >
        <Form.Item name="to" label={t('rectification.issue.to')}>
          <Radio.Group
            options={(['all', 'chosen', 'none'] as const).map((k) => ({
              value: k,
              label: t(`rectification.issue.toOption.${k}`),
            }))}
          />
        </Form.Item>
        {to === 'chosen' && (
          <Form.Item
            name="households"
            label={t('rectification.issue.households')}
            rules={[{ required: true, type: 'array', min: 1, message: t('common.required') }]}
          >
            <HouseholdsPicker />
          </Form.Item>
        )}
        <Form.List name="places">
          {(fields, { add, remove }) => (
            <fieldset className="form-fieldset">
              <legend>{t('rectification.issue.places')}</legend>
              <p>{t('rectification.issue.placesHint')}</p>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item
                    name={[f.name, 'place']}
                    label={t('rectification.issue.place', { n: i + 1 })}
                    rules={[{ required: true, message: t('common.required') }]}
                  >
                    <PlacePicker />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'placeText']}
                    label={t('rectification.issue.placeText', { n: i + 1 })}
                    rules={[{ required: true, whitespace: true, message: t('common.required') }]}
                  >
                    <Input maxLength={100} placeholder={t('rectification.issue.placeTextExample')} />
                  </Form.Item>
                  <Button
                    style={{ marginTop: 30 }}
                    aria-label={t('rectification.issue.removePlace', { n: i + 1 })}
                    onClick={() => remove(f.name)}
                  >
                    {t('rectification.removeShort')}
                  </Button>
                </Space>
              ))}
              <Button onClick={() => add({})}>{t('rectification.issue.addPlace')}</Button>
            </fieldset>
          )}
        </Form.List>
        <Form.Item
          name="deadline"
          label={t('rectification.issue.deadline')}
          extra={t('rectification.issue.deadlineHint', { day: formatDay(campaign.deadline, i18n.language) })}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface CheckValues {
  result: 'done' | 'not_done';
  note?: string;
  fileIds?: string[];
  nextStep?: (typeof nextSteps)[number] | 'none';
  nextStepNote?: string;
  deadline?: Dayjs;
}

/**
 * 核查: someone went and looked, with photos. Done closes the notice; not done either leaves it open
 * (more time) or takes a next step: a second notice (with its deadline), law enforcement, or the
 * residents' council.
 */
export function CheckModal({ notice, onClose }: { notice: RectificationRow; onClose: () => void }) {
  const { t } = useTranslation();
  const { form, run, props } = useDialogForm<CheckValues>(onClose, {
    rectification_second_deadline: 'deadline',
    rectification_deadline: 'deadline',
  });
  const result = Form.useWatch('result', form);
  const nextStep = Form.useWatch('nextStep', form);
  const submit = (v: CheckValues) =>
    run(async () => {
      const step = v.result === 'not_done' && v.nextStep && v.nextStep !== 'none' ? v.nextStep : undefined;
      await post(`${rectificationPath(notice.communityId, notice.id)}/checks`, {
        result: v.result,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        fileIds: v.fileIds ?? [],
        ...(step ? { nextStep: step } : {}),
        ...(step && v.nextStepNote?.trim() ? { nextStepNote: v.nextStepNote.trim() } : {}),
        ...(step === 'second_notice' ? { deadline: day(v.deadline) } : {}),
      });
      return t('rectification.check.done');
    });
  return (
    <Modal
      open
      title={t('rectification.check.title', { seq: notice.seq, place: notice.placeName })}
      {...props}
      okText={t('rectification.check.submit')}
      width={640}
    >
      <Form
        form={form}
        name="check"
        layout="vertical"
        initialValues={{ result: 'done', nextStep: 'none' }}
        onFinish={submit}
      >
        <Form.Item name="result" label={t('rectification.check.result')}>
          <Radio.Group
            options={[
              { value: 'done', label: `✓ ${t('rectification.check.resultDone')}` },
              { value: 'not_done', label: `⚠ ${t('rectification.check.resultNotDone')}` },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label={t('rectification.check.note')}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
        <Form.Item name="fileIds" label={t('rectification.check.photos')}>
          <FileInput
            communityId={notice.communityId}
            accept="image/jpeg,image/png,image/webp"
            label={t('rectification.check.addPhoto')}
          />
        </Form.Item>
        {result === 'not_done' && (
          <>
            <Form.Item name="nextStep" label={t('rectification.check.nextStep')}>
              <Select
                options={[
                  { value: 'none', label: t('rectification.check.moreTime') },
                  ...nextSteps.map((s) => ({ value: s, label: t(`rectification.nextStep.${s}`) })),
                ]}
              />
            </Form.Item>
            {nextStep && nextStep !== 'none' && (
              <Form.Item name="nextStepNote" label={t('rectification.check.nextStepNote')}>
                <Input.TextArea rows={2} maxLength={500} showCount />
              </Form.Item>
            )}
            {nextStep === 'second_notice' && (
              <Form.Item
                name="deadline"
                label={t('rectification.check.secondDeadline')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            )}
          </>
        )}
      </Form>
    </Modal>
  );
}

interface FigureValues {
  figures: { label?: string; value?: number | null; unit?: string }[];
  note?: string;
}

/** 成效: the campaign's own figures (清理单元 5 个, 清运垃圾 8 车) and a closing note. */
export function FiguresModal({
  campaign,
  open,
  onClose,
}: {
  campaign: CampaignDetail;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { form, run, props } = useDialogForm<FigureValues>(onClose);
  useFillOnOpen(open, () =>
    form.setFieldsValue({
      figures: campaign.summary.figures.map((f) => ({
        label: f.label,
        value: f.value,
        unit: f.unit ?? '',
      })),
      note: campaign.summaryNote ?? '',
    }),
  );
  const submit = (v: FigureValues) =>
    run(async () => {
      const figures: Figure[] = (v.figures ?? [])
        .filter((f) => f.label?.trim())
        .map((f) => ({ label: f.label!.trim(), value: f.value ?? 0, unit: f.unit?.trim() || null }));
      await api('PUT', `${campaignsPath(campaign.communityId)}/${campaign.id}/summary`, {
        figures,
        note: v.note?.trim() || null,
      });
      return t('rectification.figures.saved');
    });
  return (
    <Modal open={open} title={t('rectification.figures.title')} {...props} width={680}>
      <p>{t('rectification.figures.intro')}</p>
      <Form form={form} name="figures" layout="vertical" onFinish={submit}>
        <Form.List name="figures">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item
                    name={[f.name, 'label']}
                    label={t('rectification.figures.label', { n: i + 1 })}
                    rules={[{ required: true, whitespace: true, message: t('common.required') }]}
                  >
                    <Input maxLength={40} placeholder={t('rectification.figures.labelExample')} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'value']}
                    label={t('rectification.figures.value', { n: i + 1 })}
                    rules={[{ required: true, message: t('common.required') }]}
                  >
                    <InputNumber min={0} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'unit']} label={t('rectification.figures.unit', { n: i + 1 })}>
                    <Input
                      maxLength={10}
                      style={{ width: 90 }}
                      placeholder={t('rectification.figures.unitExample')}
                    />
                  </Form.Item>
                  <Button
                    style={{ marginTop: 30 }}
                    aria-label={t('rectification.figures.remove', { n: i + 1 })}
                    onClick={() => remove(f.name)}
                  >
                    {t('rectification.removeShort')}
                  </Button>
                </Space>
              ))}
              <Form.Item>
                <Button onClick={() => add({ label: '', value: null, unit: '' })}>
                  {t('rectification.figures.add')}
                </Button>
              </Form.Item>
            </>
          )}
        </Form.List>
        <Form.Item name="note" label={t('rectification.figures.note')}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type WordingValues = Pick<CampaignDetail, 'title' | 'problem' | 'requirement' | 'issuer'> & {
  legalBasis?: string | null;
};

/** Correct the campaign's wording: the notices print the current words. */
export function WordingModal({
  campaign,
  open,
  onClose,
}: {
  campaign: CampaignDetail;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { form, run, props } = useDialogForm<WordingValues>(onClose);
  useFillOnOpen(open, () =>
    form.setFieldsValue({
      title: campaign.title,
      problem: campaign.problem,
      requirement: campaign.requirement,
      legalBasis: campaign.legalBasis ?? '',
      issuer: campaign.issuer,
    }),
  );
  const submit = (v: WordingValues) =>
    run(async () => {
      await api('PATCH', `${campaignsPath(campaign.communityId)}/${campaign.id}`, {
        ...v,
        legalBasis: v.legalBasis?.trim() || null,
      });
      return t('common.saved');
    });
  const required = [{ required: true, whitespace: true, message: t('common.required') }];
  return (
    <Modal open={open} title={t('rectification.wording.title')} {...props} width={640}>
      <p>{t('rectification.wording.intro')}</p>
      <Form form={form} name="wording" layout="vertical" onFinish={submit}>
        <Form.Item name="title" label={t('rectification.campaign.title')} rules={required}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="problem" label={t('rectification.campaign.problem')} rules={required}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        <Form.Item name="requirement" label={t('rectification.campaign.requirement')} rules={required}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        <Form.Item name="legalBasis" label={t('rectification.campaign.legalBasis')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="issuer" label={t('rectification.campaign.issuer')} rules={required}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
