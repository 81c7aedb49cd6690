import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, get, post, type Page } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { categoryName, type OrderCategory } from '../../../shared/orders';
import { useWriteFeedback } from '../../components/feedback';
import { usePaging } from '../../components/paging';
import { PersonPicker } from '../../components/places';
import { useScope } from '../../components/scope';
import { LoadError, useCan, useOptions } from '../organisations/kit';
import {
  careBase,
  dueItemText,
  dueText,
  useCareSettings,
  useGrids,
  useKindName,
  type Contact,
  type ContactLog,
  type Pairing,
  type RecordDetail,
} from './model';
import { RecordModal } from './RecordModal';
import { SubmitModal } from './SubmitModal';
import { CareTag, OverdueMark } from './tags';

type Dialog =
  | { kind: 'edit' }
  | { kind: 'pair' }
  | { kind: 'plan'; pairing: Pairing }
  | { kind: 'log' }
  | { kind: 'order'; log: ContactLog }
  | { kind: 'close' }
  | null;

/**
 * One care record at the desk (every opening is audited by the API): where they live and why they
 * are on the roster, emergency contacts (masked; the whole number on request where the role
 * allows), pairings with their plans and what is due, the contact log, and the writes on them.
 */
export function RecordDrawer({ recordId, onClose }: { recordId: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { community } = useScope();
  const base = community ? `${careBase(community.id)}/care` : null;
  const record = useQuery({
    queryKey: ['care-record', recordId],
    enabled: !!recordId && !!base,
    queryFn: () => get<RecordDetail>(`${base}/records/${recordId}`),
  });
  const canManage = useCan('care.manage');
  const kindName = useKindName();
  const grids = useGrids();
  const [dialog, setDialog] = useState<Dialog>(null);
  const r = record.data;
  const at = (ms: number | null) => (ms ? formatDateTime(ms, i18n.language) : '—');
  const active = r?.state === 'active';

  return (
    <Drawer
      open={!!recordId}
      onClose={onClose}
      size="large"
      title={r ? t('care.record.title', { name: r.name }) : t('common.loading')}
      extra={
        r &&
        canManage &&
        active && (
          <Space wrap>
            <Button onClick={() => setDialog({ kind: 'edit' })}>{t('common.edit')}</Button>
            <Button onClick={() => setDialog({ kind: 'pair' })}>{t('care.pair.add')}</Button>
            <Button onClick={() => setDialog({ kind: 'log' })}>{t('care.log.add')}</Button>
            <Button danger onClick={() => setDialog({ kind: 'close' })}>
              {t('care.record.close')}
            </Button>
          </Space>
        )
      }
    >
      <LoadError error={record.error} />
      {record.isPending && recordId && <Spin />}
      {r && (
        <div className="care-drawer">
          <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
            <Descriptions.Item label={t('care.record.state')}>
              {active ? (
                <CareTag tone="ok">✓ {t('care.record.active')}</CareTag>
              ) : (
                <CareTag tone="warn">{t('care.record.closed', { reason: r.closeReason ?? '' })}</CareTag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('care.record.place')}>
              {[r.buildingName, r.roomNumber].filter(Boolean).join(' ') || '—'}
              {r.gridId && ` · ${grids.data?.items.find((g) => g.id === r.gridId)?.name ?? ''}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('care.record.kinds')}>
              {r.kinds.map((k) => (
                <Tag key={k}>{kindName(k)}</Tag>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label={t('care.record.reason')}>{r.reason ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('care.record.notes')} span={2}>
              {r.notes ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('care.record.lastContact')}>
              {at(r.lastContactAt)}
              {r.lastWellbeing && ` · ${t(`care.wellbeing.${r.lastWellbeing}`)}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('care.record.nextDue')}>
              <OverdueMark overdue={r.overdue} />
              {dueText(t, r)}
            </Descriptions.Item>
          </Descriptions>

          <section aria-labelledby="drawer-contacts">
            <Typography.Title level={4} id="drawer-contacts">
              {t('care.contacts.title')}
            </Typography.Title>
            <Contacts record={r} />
          </section>

          <section aria-labelledby="drawer-pairings">
            <Typography.Title level={4} id="drawer-pairings">
              {t('care.pair.title')}
            </Typography.Title>
            <Pairings
              record={r}
              canManage={canManage && active}
              onPlan={(pairing) => setDialog({ kind: 'plan', pairing })}
            />
          </section>

          <section aria-labelledby="drawer-logs">
            <Typography.Title level={4} id="drawer-logs">
              {t('care.log.title')}
            </Typography.Title>
            <Logs
              recordId={r.id}
              canOrder={canManage && active}
              onOrder={(log) => setDialog({ kind: 'order', log })}
            />
          </section>

          {r.alarms.length > 0 && (
            <section aria-labelledby="drawer-alarms">
              <Typography.Title level={4} id="drawer-alarms">
                {t('care.alarm.recent')}
              </Typography.Title>
              <ul className="care-plain-list">
                {r.alarms.map((a) => (
                  <li key={a.id}>
                    {at(a.raisedAt)} · {t(`care.alarm.state.${a.state}`)}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
      {r && base && <Dialogs record={r} base={base} dialog={dialog} onClose={() => setDialog(null)} />}
    </Drawer>
  );
}

function Contacts({ record }: { record: RecordDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canUnmask = useCan('people.unmask');
  const [whole, setWhole] = useState<Record<string, string>>({});
  const reveal = async (c: Contact) => {
    try {
      const got = await get<{ phone: string }>(
        `${careBase(record.communityId)}/care/records/${record.id}/contacts/${c.id}/phone`,
      );
      setWhole((w) => ({ ...w, [c.id]: got.phone }));
    } catch (err) {
      message.error(errorText(err, t));
    }
  };
  const columns: ColumnsType<Contact> = [
    { key: 'name', title: t('care.contacts.name'), dataIndex: 'name' },
    { key: 'relation', title: t('care.contacts.relation'), dataIndex: 'relation' },
    {
      key: 'phone',
      title: t('care.contacts.phone'),
      render: (_, c) => (
        <Space wrap>
          <span>{whole[c.id] ?? c.phone}</span>
          {canUnmask && !whole[c.id] && (
            <Button size="small" onClick={() => void reveal(c)}>
              {t('care.contacts.unmask', { name: c.name })}
            </Button>
          )}
        </Space>
      ),
    },
    {
      key: 'family',
      title: t('care.contacts.app'),
      render: (_, c) => (c.family ? `✓ ${t('care.contacts.family')}` : '—'),
    },
  ];
  return (
    <Table<Contact>
      rowKey="id"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={record.contacts}
      locale={{ emptyText: t('care.contacts.none') }}
    />
  );
}

function Pairings({
  record,
  canManage,
  onPlan,
}: {
  record: RecordDetail;
  canManage: boolean;
  onPlan: (p: Pairing) => void;
}) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const feedback = useWriteFeedback();
  const end = (p: Pairing) =>
    modal.confirm({
      title: t('care.pair.endConfirm', { name: p.name }),
      okText: t('care.pair.end'),
      cancelText: t('common.cancel'),
      onOk: () =>
        post(`${careBase(record.communityId)}/care/pairings/${p.id}/end`, {}).then(
          () => feedback.saved(),
          feedback.failed,
        ),
    });
  if (!record.pairings.length) return <Typography.Paragraph>{t('care.pair.none')}</Typography.Paragraph>;
  return (
    <ul className="care-plain-list">
      {record.pairings.map((p) => (
        <li key={p.id} className="care-pairing">
          <Typography.Text strong>{p.name}</Typography.Text>
          <span>
            {t('care.pair.plan', { call: p.callEveryDays, visit: p.visitEveryDays, since: p.startsOn })}
          </span>
          <ul>
            {p.items.map((i) => (
              <li key={i.kind}>
                <OverdueMark overdue={i.overdue} />
                {dueItemText(t, i)}
              </li>
            ))}
          </ul>
          {canManage && (
            <Space>
              <Button size="small" onClick={() => onPlan(p)}>
                {t('care.pair.changePlan')}
              </Button>
              <Button size="small" danger onClick={() => end(p)}>
                {t('care.pair.end')}
              </Button>
            </Space>
          )}
        </li>
      ))}
    </ul>
  );
}

function Logs({
  recordId,
  canOrder,
  onOrder,
}: {
  recordId: string;
  canOrder: boolean;
  onOrder: (log: ContactLog) => void;
}) {
  const { t, i18n } = useTranslation();
  const { community } = useScope();
  const { page, pageSize, pagination } = usePaging();
  const path = `${careBase(community!.id)}/care/records/${recordId}/contact-logs?page=${page}&pageSize=${pageSize}`;
  const logs = useQuery({
    queryKey: ['care-logs', path],
    queryFn: () => get<Page<ContactLog>>(path),
  });
  const columns: ColumnsType<ContactLog> = [
    {
      key: 'at',
      title: t('care.log.at'),
      render: (_, l) => formatDateTime(l.contactedAt, i18n.language),
    },
    { key: 'kind', title: t('care.log.kind'), render: (_, l) => t(`care.contactKind.${l.kind}`) },
    {
      key: 'wellbeing',
      title: t('care.log.wellbeing'),
      render: (_, l) =>
        `${l.wellbeing === 'poor' || l.wellbeing === 'not_reached' ? '⚠ ' : ''}${t(`care.wellbeing.${l.wellbeing}`)}`,
    },
    { key: 'author', title: t('care.log.author'), dataIndex: 'authorName' },
    { key: 'needs', title: t('care.log.needs'), render: (_, l) => l.needs ?? '—' },
    { key: 'note', title: t('care.log.note'), render: (_, l) => l.note ?? '—' },
    {
      key: 'order',
      title: t('care.log.order'),
      render: (_, l) =>
        l.orderId ? (
          `✓ ${t('care.order.made')}`
        ) : l.needs && canOrder ? (
          <Button size="small" onClick={() => onOrder(l)}>
            {t('care.order.start')}
          </Button>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <Table<ContactLog>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={logs.data?.items ?? []}
      loading={logs.isFetching}
      scroll={{ x: true }}
      pagination={pagination(logs.data?.total)}
      locale={{ emptyText: t('care.log.none') }}
    />
  );
}

/** The drawer's write dialogs, one open at a time. */
function Dialogs({
  record,
  base,
  dialog,
  onClose,
}: {
  record: RecordDetail;
  base: string;
  dialog: Dialog;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const settings = useCareSettings();
  const categories = useOptions<OrderCategory>(
    dialog?.kind === 'order' ? `${careBase(record.communityId)}/order-categories` : null,
    (c) => ({ value: c.id, label: categoryName(c, i18n.language) }),
  );
  const days = (max: number) => <InputNumber min={1} max={max} style={{ width: '100%' }} />;
  return (
    <>
      <RecordModal record={record} open={dialog?.kind === 'edit'} onClose={onClose} />
      <SubmitModal<{ personId: string; startsOn?: Dayjs; callEveryDays?: number; visitEveryDays?: number }>
        name="care-pair"
        title={t('care.pair.addTitle', { name: record.name })}
        open={dialog?.kind === 'pair'}
        onClose={onClose}
        initialValues={{
          callEveryDays: settings.data?.callEveryDays,
          visitEveryDays: settings.data?.visitEveryDays,
        }}
        errorFields={{
          care_pair_no_account: 'personId',
          care_pair_self: 'personId',
          care_already_paired: 'personId',
        }}
        onSubmit={(v) =>
          post(`${base}/records/${record.id}/pairings`, {
            personId: v.personId,
            ...(v.startsOn ? { startsOn: v.startsOn.format('YYYY-MM-DD') } : {}),
            callEveryDays: v.callEveryDays,
            visitEveryDays: v.visitEveryDays,
          })
        }
      >
        <Form.Item
          name="personId"
          label={t('care.pair.person')}
          extra={t('care.pair.personHint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <PersonPicker />
        </Form.Item>
        <Form.Item name="startsOn" label={t('care.pair.startsOn')} extra={t('care.pair.startsOnHint')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="callEveryDays" label={t('care.pair.callEvery')}>
          {days(90)}
        </Form.Item>
        <Form.Item name="visitEveryDays" label={t('care.pair.visitEvery')}>
          {days(365)}
        </Form.Item>
      </SubmitModal>
      {dialog?.kind === 'plan' && (
        <SubmitModal<{ callEveryDays: number; visitEveryDays: number }>
          name="care-plan"
          title={t('care.pair.planTitle', { name: dialog.pairing.name })}
          open
          onClose={onClose}
          initialValues={{
            callEveryDays: dialog.pairing.callEveryDays,
            visitEveryDays: dialog.pairing.visitEveryDays,
          }}
          onSubmit={(v) => api('PATCH', `${base}/pairings/${dialog.pairing.id}`, v)}
        >
          <Form.Item name="callEveryDays" label={t('care.pair.callEvery')} rules={[{ required: true }]}>
            {days(90)}
          </Form.Item>
          <Form.Item name="visitEveryDays" label={t('care.pair.visitEvery')} rules={[{ required: true }]}>
            {days(365)}
          </Form.Item>
        </SubmitModal>
      )}
      <SubmitModal<{ kind: string; wellbeing: string; pairingId?: string; needs?: string; note?: string }>
        name="care-log"
        title={t('care.log.addTitle', { name: record.name })}
        open={dialog?.kind === 'log'}
        onClose={onClose}
        initialValues={{ kind: 'call' }}
        onSubmit={(v) => post(`${base}/records/${record.id}/contact-logs`, v)}
      >
        <Form.Item name="kind" label={t('care.log.kind')} rules={[{ required: true }]}>
          <Select
            options={(['call', 'visit'] as const).map((k) => ({
              value: k,
              label: t(`care.contactKind.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="wellbeing"
          label={t('care.log.wellbeing')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            options={(['good', 'so_so', 'poor', 'not_reached'] as const).map((w) => ({
              value: w,
              label: t(`care.wellbeing.${w}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="pairingId" label={t('care.log.pairing')} extra={t('care.log.pairingHint')}>
          <Select allowClear options={record.pairings.map((p) => ({ value: p.id, label: p.name }))} />
        </Form.Item>
        <Form.Item name="needs" label={t('care.log.needs')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="note" label={t('care.log.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </SubmitModal>
      {dialog?.kind === 'order' && (
        <SubmitModal<{ categoryId: string; description?: string; urgency: string }>
          name="care-order"
          title={t('care.order.title', { name: record.name })}
          open
          onClose={onClose}
          initialValues={{ description: dialog.log.needs ?? '', urgency: 'normal' }}
          onSubmit={(v) => post(`${base}/contact-logs/${dialog.log.id}/order`, v)}
        >
          <Form.Item
            name="categoryId"
            label={t('care.order.category')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select loading={categories.loading} options={categories.options} />
          </Form.Item>
          <Form.Item name="description" label={t('care.order.description')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
          <Form.Item name="urgency" label={t('care.order.urgency')}>
            <Select
              options={[
                { value: 'normal', label: t('care.order.normal') },
                { value: 'urgent', label: t('care.order.urgent') },
              ]}
            />
          </Form.Item>
        </SubmitModal>
      )}
      <SubmitModal<{ reason: string }>
        name="care-close"
        title={t('care.record.closeTitle', { name: record.name })}
        open={dialog?.kind === 'close'}
        onClose={onClose}
        okText={t('care.record.close')}
        onSubmit={(v) => post(`${base}/records/${record.id}/close`, v)}
      >
        <Typography.Paragraph>{t('care.record.closeText')}</Typography.Paragraph>
        <Form.Item
          name="reason"
          label={t('care.record.closeReason')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </SubmitModal>
    </>
  );
}
