import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Image,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { get, post, type Page } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { fileUrl } from '../../../shared/upload';
import { ExportButton } from '../../components/ExportButton';
import { useWriteFeedback } from '../../components/feedback';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { base, StateTag, usePlaces, type Tone } from './kit';
import { DateTimeInput } from './DateTimeInput';
import { CoverInput, PhotoUpload } from './PhotoUpload';

export const activityTypes = [
  'culture',
  'environment',
  'safety',
  'mediation',
  'care',
  'party',
  'other',
] as const;
const audiences = ['all', 'elders', 'children', 'party_members', 'volunteers'] as const;
type ActivityState = 'draft' | 'published' | 'cancelled' | 'held';
type SignupState = 'pending' | 'confirmed' | 'waitlisted' | 'rejected' | 'cancelled';

export interface ConsoleActivity {
  id: string;
  communityId: string;
  compoundId: string | null;
  compoundName: string | null;
  squadId: string | null;
  squadName: string | null;
  type: (typeof activityTypes)[number];
  title: string;
  description: string;
  place: string | null;
  startsAt: number;
  endsAt: number;
  capacity: number | null;
  placesLeft: number | null;
  confirmedCount: number;
  waitlistCount: number;
  pendingCount: number;
  checkedInCount: number;
  audience: (typeof audiences)[number];
  signupMode: 'open' | 'screened';
  signupClosesAt: number | null;
  state: ActivityState;
  summary: string | null;
  servedCount: number | null;
  checkinPath: string;
  coverFileId: string | null;
  photoIds: string[];
  version: number;
}

interface Signup {
  id: string;
  name: string;
  asVolunteer: boolean;
  state: SignupState;
  waitlistPlace: number | null;
  note: string | null;
  createdAt: number;
  checkedInAt: number | null;
  checkedInVia: 'qr' | 'staff' | null;
}

export const activityTone: Record<ActivityState, Tone> = {
  draft: 'off',
  published: 'wait',
  cancelled: 'bad',
  held: 'ok',
};
const signupTone: Record<SignupState, Tone> = {
  pending: 'wait',
  confirmed: 'ok',
  waitlisted: 'warn',
  rejected: 'bad',
  cancelled: 'off',
};

/** Who signed up: screening (approve or turn down), the waiting list, check-in at the door by staff. */
function Signups({ activity }: { activity: ConsoleActivity }) {
  const { t, i18n } = useTranslation();
  const feedback = useWriteFeedback();
  const [state, setState] = useState<string>();
  const path = `${base(activity.communityId)}/activities/${activity.id}/signups`;
  const params = new URLSearchParams({ pageSize: '200', ...(state ? { state } : {}) });
  const list = useQuery({
    queryKey: ['list', path, state],
    queryFn: () => get<Page<Signup>>(`${path}?${params}`),
  });
  const act = (s: Signup, step: 'approve' | 'reject' | 'checkin') =>
    post(`${path}/${s.id}/${step}`).then(() => feedback.saved(), feedback.failed);
  const open = activity.state === 'published' || activity.state === 'held';
  return (
    <section aria-labelledby="signups-title">
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={3} id="signups-title" style={{ margin: 0 }}>
          {t('vol.activities.signups')}
        </Typography.Title>
        <Space.Compact>
          {(['', 'pending', 'confirmed', 'waitlisted'] as const).map((s) => (
            <Button
              key={s}
              type={(state ?? '') === s ? 'primary' : 'default'}
              onClick={() => setState(s || undefined)}
            >
              {s ? t(`vol.signup.${s}`) : t('vol.all')}
            </Button>
          ))}
        </Space.Compact>
        <ExportButton path={path} params={params} />
      </Space>
      <Table<Signup>
        rowKey="id"
        size="small"
        scroll={{ x: true }}
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          { key: 'name', title: t('vol.name'), dataIndex: 'name' },
          {
            key: 'asVolunteer',
            title: t('vol.activities.asVolunteer'),
            render: (_, s) => t(s.asVolunteer ? 'common.yes' : 'common.no'),
          },
          {
            key: 'state',
            title: t('vol.activities.signupState'),
            render: (_, s) => (
              <StateTag tone={signupTone[s.state]}>
                {s.state === 'waitlisted' && s.waitlistPlace
                  ? t('vol.signup.waitlistedAt', { n: s.waitlistPlace })
                  : t(`vol.signup.${s.state}`)}
              </StateTag>
            ),
          },
          { key: 'note', title: t('vol.activities.note'), render: (_, s) => s.note ?? '—' },
          {
            key: 'at',
            title: t('vol.activities.signedUpAt'),
            render: (_, s) => formatDateTime(s.createdAt, i18n.language),
          },
          {
            key: 'checkin',
            title: t('vol.activities.checkedIn'),
            render: (_, s) =>
              s.checkedInAt ? (
                <StateTag tone="ok">
                  {formatDateTime(s.checkedInAt, i18n.language)}
                  {s.checkedInVia && ` · ${t(`vol.activities.via.${s.checkedInVia}`)}`}
                </StateTag>
              ) : (
                '—'
              ),
          },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, s) => (
              <Space wrap>
                {s.state === 'pending' && (
                  <>
                    <Button
                      size="small"
                      type="primary"
                      aria-label={t('vol.activities.approveOf', { name: s.name })}
                      onClick={() => void act(s, 'approve')}
                    >
                      {t('vol.activities.approve')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      aria-label={t('vol.activities.rejectOf', { name: s.name })}
                      onClick={() => void act(s, 'reject')}
                    >
                      {t('vol.activities.reject')}
                    </Button>
                  </>
                )}
                {open && s.state === 'confirmed' && !s.checkedInAt && (
                  <Button
                    size="small"
                    aria-label={t('vol.activities.checkinOf', { name: s.name })}
                    onClick={() => void act(s, 'checkin')}
                  >
                    {t('vol.activities.checkin')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </section>
  );
}

/** 活动总结: what happened and how many residents were served, which marks the activity held. */
function HoldModal({ activity, onClose }: { activity: ConsoleActivity | null; onClose: () => void }) {
  const { t } = useTranslation();
  const feedback = useWriteFeedback();
  const [form] = Form.useForm();
  return (
    <Modal
      open={!!activity}
      title={t('vol.activities.holdTitle', { title: activity?.title ?? '' })}
      okText={t('vol.activities.hold')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        name="hold"
        layout="vertical"
        initialValues={{ servedCount: activity?.checkedInCount ?? 0, summary: activity?.summary ?? '' }}
        onFinish={(v: { summary: string; servedCount: number; photoIds?: string[] }) =>
          post(`${base(activity!.communityId)}/activities/${activity!.id}/hold`, v).then(
            () => feedback.saved(onClose),
            feedback.failed,
          )
        }
      >
        <Form.Item
          name="summary"
          label={t('vol.activities.summary')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
        <Form.Item
          name="servedCount"
          label={t('vol.activities.servedCount')}
          extra={t('vol.activities.servedHint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <InputNumber min={0} max={100000} />
        </Form.Item>
        <Form.Item name="photoIds" label={t('vol.activities.photos')}>
          <PhotoUpload />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ActivityDrawer({ activityId, onClose }: { activityId: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { community } = useScope();
  const { modal } = App.useApp();
  const feedback = useWriteFeedback();
  const [holding, setHolding] = useState<ConsoleActivity | null>(null);
  const detail = useQuery({
    queryKey: ['list', 'activity', activityId],
    enabled: !!activityId && !!community,
    queryFn: () => get<ConsoleActivity>(`${base(community!.id)}/activities/${activityId}`),
  });
  const a = detail.data;
  const at = (ms: number | null) => (ms ? formatDateTime(ms, i18n.language) : '—');
  const step = (s: 'publish' | 'cancel') =>
    modal.confirm({
      title: t(`vol.activities.${s}Confirm`, { title: a!.title }),
      okText: t(`vol.activities.${s}`),
      cancelText: t('common.cancel'),
      onOk: () =>
        post(`${base(a!.communityId)}/activities/${a!.id}/${s}`).then(
          () => feedback.saved(),
          feedback.failed,
        ),
    });
  return (
    <Drawer open={!!activityId} onClose={onClose} title={a?.title} size="large" destroyOnHidden>
      {a && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Space wrap>
            <StateTag tone={activityTone[a.state]}>{t(`vol.activities.states.${a.state}`)}</StateTag>
            {a.state === 'draft' && (
              <Button type="primary" onClick={() => step('publish')}>
                {t('vol.activities.publish')}
              </Button>
            )}
            {(a.state === 'published' || a.state === 'held') && (
              <Button type="primary" onClick={() => setHolding(a)}>
                {t('vol.activities.hold')}
              </Button>
            )}
            {(a.state === 'draft' || a.state === 'published') && (
              <Button danger onClick={() => step('cancel')}>
                {t('vol.activities.cancel')}
              </Button>
            )}
          </Space>
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'type', label: t('vol.activities.type'), children: t(`vol.activities.types.${a.type}`) },
              {
                key: 'time',
                label: t('vol.activities.time'),
                children: `${at(a.startsAt)} – ${at(a.endsAt)}`,
              },
              { key: 'place', label: t('vol.activities.place'), children: a.place ?? '—' },
              {
                key: 'organiser',
                label: t('vol.activities.organiser'),
                children: [a.compoundName ?? t('vol.wholeCommunity'), a.squadName]
                  .filter(Boolean)
                  .join(' · '),
              },
              {
                key: 'mode',
                label: t('vol.activities.signupMode'),
                children: t(`vol.activities.modes.${a.signupMode}`),
              },
              {
                key: 'counts',
                label: t('vol.activities.counts'),
                children: t('vol.activities.countsText', {
                  confirmed: a.confirmedCount,
                  capacity: a.capacity ?? '∞',
                  pending: a.pendingCount,
                  waitlist: a.waitlistCount,
                  checkedIn: a.checkedInCount,
                }),
              },
              ...(a.state === 'held'
                ? [
                    { key: 'summary', label: t('vol.activities.summary'), children: a.summary ?? '—' },
                    { key: 'served', label: t('vol.activities.servedCount'), children: a.servedCount ?? '—' },
                  ]
                : []),
            ]}
          />
          {a.photoIds.length > 0 && (
            <section aria-labelledby="photos-title">
              <Typography.Title level={3} id="photos-title">
                {t('vol.activities.photos')}
              </Typography.Title>
              <Image.PreviewGroup>
                <Space wrap>
                  {a.photoIds.map((id, i) => (
                    <Image
                      key={id}
                      width={120}
                      src={fileUrl(a.communityId, id, 'thumb')}
                      preview={{ src: fileUrl(a.communityId, id) }}
                      alt={t('vol.activities.photoN', { n: i + 1, title: a.title })}
                    />
                  ))}
                </Space>
              </Image.PreviewGroup>
            </section>
          )}
          {(a.state === 'published' || a.state === 'held') && (
            <section aria-labelledby="checkin-qr-title">
              <Typography.Title level={3} id="checkin-qr-title">
                {t('vol.activities.checkinQr')}
              </Typography.Title>
              <img
                src={`/api/v1${base(a.communityId)}/activities/${a.id}/checkin-qr.svg`}
                alt={t('vol.activities.checkinQrAlt', { title: a.title })}
                width={200}
                height={200}
              />
              <Typography.Paragraph>{t('vol.activities.checkinQrHint')}</Typography.Paragraph>
            </section>
          )}
          <Signups activity={a} />
        </Space>
      )}
      <HoldModal activity={holding} onClose={() => setHolding(null)} />
    </Drawer>
  );
}

/** 活动: activities in scope; create, publish, screen sign-ups (自主报名+筛选), check in, summarise. */
export default function ActivitiesPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { activityId } = useParams();
  // Filters from the address: the figures page links here with the ones behind its numbers.
  const [params] = useSearchParams();
  const { compounds, squads } = usePlaces();
  const at = (ms: number) => formatDateTime(ms, i18n.language);
  const typeOptions = activityTypes.map((k) => ({ value: k, label: `vol.activities.types.${k}` }));

  const spec: ResourceSpec<ConsoleActivity> = {
    title: 'menu.activities',
    list: (c) => `${base(c)}/activities`,
    create: (c) => `${base(c)}/activities`,
    update: (c, a) => `${base(c)}/activities/${a.id}`,
    byCompound: true,
    params: {
      from: params.get('from') ?? undefined,
      to: params.get('to') ?? undefined,
      compoundId: params.get('compoundId') ?? undefined,
    },
    filters: [
      {
        key: 'state',
        label: 'vol.activities.state',
        initial: params.get('state') ?? undefined,
        options: (['draft', 'published', 'held', 'cancelled'] as const).map((s) => ({
          value: s,
          label: `vol.activities.states.${s}`,
        })),
      },
      { key: 'type', label: 'vol.activities.type', options: typeOptions },
      { key: 'squadId', label: 'vol.squad', options: squads, initial: params.get('squadId') ?? undefined },
    ],
    defaults: { type: 'culture', audience: 'all', signupMode: 'open' },
    // The version guards against overwriting someone else's change made meanwhile.
    toBody: (v, row) => ({
      ...v,
      description: v.description ?? '',
      ...(row ? { version: row.version } : {}),
    }),
    errorFields: { date_order: 'endsAt' },
    fields: [
      { key: 'title', label: 'vol.activities.title', required: true },
      {
        key: 'type',
        label: 'vol.activities.type',
        type: 'select',
        options: typeOptions,
        required: true,
        table: false,
      },
      {
        key: 'startsAt',
        label: 'vol.activities.startsAt',
        required: true,
        input: <DateTimeInput />,
        render: (a) => at(a.startsAt),
      },
      {
        key: 'endsAt',
        label: 'vol.activities.endsAt',
        required: true,
        input: <DateTimeInput />,
        table: false,
      },
      { key: 'place', label: 'vol.activities.place', render: (a) => a.place ?? '—' },
      {
        key: 'compoundId',
        label: 'vol.compound',
        type: 'select',
        options: compounds,
        hint: 'vol.activities.compoundHint',
        render: (a) => a.compoundName ?? t('vol.wholeCommunity'),
      },
      { key: 'squadId', label: 'vol.activities.squad', type: 'select', options: squads, table: false },
      {
        key: 'capacity',
        label: 'vol.activities.capacity',
        type: 'number',
        hint: 'vol.activities.capacityHint',
        table: false,
      },
      {
        key: 'audience',
        label: 'vol.activities.audience',
        type: 'select',
        options: audiences.map((k) => ({ value: k, label: `vol.activities.audiences.${k}` })),
        table: false,
      },
      {
        key: 'signupMode',
        label: 'vol.activities.signupMode',
        type: 'select',
        options: [
          { value: 'open', label: 'vol.activities.modes.open' },
          { value: 'screened', label: 'vol.activities.modes.screened' },
        ],
      },
      {
        key: 'signupClosesAt',
        label: 'vol.activities.signupClosesAt',
        input: <DateTimeInput />,
        table: false,
      },
      { key: 'description', label: 'vol.activities.description', type: 'textarea', table: false },
      { key: 'coverFileId', label: 'vol.activities.cover', input: <CoverInput />, table: false },
      {
        key: 'counts',
        label: 'vol.activities.counts',
        form: false,
        render: (a) =>
          t('vol.activities.countsShort', {
            confirmed: a.confirmedCount,
            capacity: a.capacity ?? '∞',
            pending: a.pendingCount,
          }),
      },
      {
        key: 'state',
        label: 'vol.activities.state',
        form: false,
        render: (a) => (
          <StateTag tone={activityTone[a.state]}>{t(`vol.activities.states.${a.state}`)}</StateTag>
        ),
      },
    ],
    rowActions: (a) => (
      <Button
        size="small"
        type="primary"
        ghost
        aria-label={t('vol.activities.openOf', { title: a.title })}
        onClick={() => navigate(`/activities/${a.id}`)}
      >
        {t('vol.activities.open')}
      </Button>
    ),
  };
  return (
    <>
      <ResourcePage spec={spec} />
      <ActivityDrawer activityId={activityId ?? null} onClose={() => navigate('/activities')} />
    </>
  );
}
