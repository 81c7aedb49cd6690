import { App, Button, Input, InputNumber, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useWriteFeedback } from '../../components/feedback';
import { PersonPicker } from '../../components/places';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { useCan } from '../organisations/kit';
import { base, DateRange, hours, usePlaces } from './kit';
import { sourceKinds, type ServiceEntry } from './model';
import { SourceCell } from './Volunteers';

/**
 * 服务记录: the ledger behind every hour — each entry names its source (an order, an activity, a
 * patrol, a visit, or a manual entry with its note). The figures page links here with the filters
 * that reproduce each number. Staff add a manual entry or void a wrong one (with the reason).
 */
export default function ServiceEntriesPage() {
  const { t, i18n } = useTranslation();
  const { modal } = App.useApp();
  const feedback = useWriteFeedback();
  const canManage = useCan('volunteers.manage');
  const { squads, compounds } = usePlaces();
  const [params] = useSearchParams();
  const [range, setRange] = useState<[string?, string?]>([
    params.get('from') ?? undefined,
    params.get('to') ?? undefined,
  ]);
  const reason = useRef('');

  const voidEntry = (e: ServiceEntry & { communityId: string }) => {
    reason.current = '';
    modal.confirm({
      title: t('vol.entries.voidConfirm', { name: e.personName, hours: hours(e.minutes) }),
      content: (
        <Input.TextArea
          aria-label={t('vol.entries.voidReason')}
          placeholder={t('vol.entries.voidReason')}
          maxLength={200}
          onChange={(ev) => (reason.current = ev.target.value)}
        />
      ),
      okText: t('vol.entries.void'),
      cancelText: t('common.cancel'),
      onOk: () =>
        post(`${base(e.communityId)}/service-entries/${e.id}/void`, {
          reason: reason.current.trim() || '—',
        }).then(() => feedback.saved(), feedback.failed),
    });
  };

  const spec: ResourceSpec<ServiceEntry & { communityId: string }> = {
    title: 'menu.serviceEntries',
    list: (c) => `${base(c)}/service-entries`,
    create: canManage ? (c) => `${base(c)}/service-entries` : undefined,
    byCompound: true,
    params: {
      from: range[0],
      to: range[1],
      personId: params.get('personId') ?? undefined,
      compoundId: params.get('compoundId') ?? undefined,
      voided: params.get('voided') ?? undefined,
    },
    filters: [
      {
        key: 'sourceKind',
        label: 'vol.source.label',
        initial: params.get('sourceKind') ?? undefined,
        options: sourceKinds.map((k) => ({ value: k, label: `vol.source.${k}` })),
      },
      {
        key: 'squadId',
        label: 'vol.squad',
        initial: params.get('squadId') ?? undefined,
        options: squads,
      },
    ],
    toolbar: <DateRange from={range[0]} to={range[1]} onChange={(f, to) => setRange([f, to])} />,
    defaults: { hours: 1 },
    toBody: (v) => {
      const { hours: h, at, ...rest } = v as Record<string, unknown> & { hours?: number; at?: string };
      return {
        ...rest,
        minutes: Math.round(Number(h ?? 0) * 60),
        ...(at ? { at: Date.parse(`${at}T12:00:00+08:00`) } : {}),
      };
    },
    errorFields: { volunteer_no_profile: 'personId' },
    fields: [
      { key: 'personId', label: 'vol.person', required: true, input: <PersonPicker />, table: false },
      { key: 'personName', label: 'vol.name', form: false },
      {
        key: 'at',
        label: 'vol.at',
        type: 'date',
        required: true,
        render: (e) => formatDateTime(e.at, i18n.language),
      },
      { key: 'source', label: 'vol.source.label', form: false, render: (e) => <SourceCell e={e} /> },
      {
        key: 'hours',
        label: 'vol.hours',
        required: true,
        input: <InputNumber min={0.1} max={24} step={0.5} style={{ width: '100%' }} />,
        render: (e) => (e.voidedAt ? <s>{hours(e.minutes)}</s> : hours(e.minutes)),
      },
      {
        key: 'squadId',
        label: 'vol.squad',
        type: 'select',
        options: squads,
        render: (e) => e.squadName ?? '—',
      },
      {
        key: 'compoundId',
        label: 'vol.compound',
        type: 'select',
        options: compounds,
        render: (e) => e.compoundName ?? '—',
      },
      { key: 'served', label: 'vol.entries.served', type: 'number', render: (e) => e.served ?? '—' },
      {
        key: 'note',
        label: 'vol.entries.note',
        type: 'textarea',
        required: true,
        render: (e) => e.note ?? '—',
      },
      {
        key: 'voidedAt',
        label: 'vol.voided',
        form: false,
        render: (e) => (e.voidedAt ? <Tag>{`${t('vol.voided')}: ${e.voidReason ?? ''}`}</Tag> : '—'),
      },
    ],
    rowActions: (e) =>
      canManage &&
      !e.voidedAt && (
        <Button size="small" danger onClick={() => voidEntry(e)}>
          {t('vol.entries.void')}
        </Button>
      ),
  };
  return <ResourcePage spec={spec} />;
}
