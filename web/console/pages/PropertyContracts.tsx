import { useMutation, useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get, type Page } from '../../shared/api';
import { ExportButton } from '../components/ExportButton';
import { useScope } from '../components/scope';
import { fenToYuan, yuanToFen } from './organisations/fee';
import {
  errorText,
  LoadError,
  queryString,
  RemoteSelect,
  useCan,
  useOptions,
  type Option,
} from './organisations/kit';
import './organisations/org.css';
import { useWriteFeedback, useFormModalProps } from '../components/feedback';
import { usePaging } from '../components/paging';

/**
 * 物业: which property company serves each compound, under which contract, at what fee. Old
 * compounds often have none (无物业): said plainly, it is a fact, not an error.
 */

const statuses = ['active', 'ended', 'terminated'] as const;
type Status = (typeof statuses)[number];

interface Contract {
  id: string;
  compoundId: string;
  compoundName: string;
  companyId: string;
  companyName: string;
  startsOn: string;
  endsOn: string | null;
  feeFenPerM2Month: number | null;
  status: Status;
}

interface Company {
  id: string;
  name: string;
  creditCode: string | null;
}

const date = (d?: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null);

function useFeeText() {
  const { t } = useTranslation();
  return (fen: number | null) => (fen === null ? '—' : t('orgs.property.feePer', { fee: fenToYuan(fen) }));
}

/** The fee as typed in 元, checked to be an amount with at most two decimals. */
function FeeItem({ name }: { name: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={t('orgs.property.fee')}
      extra={t('orgs.property.feeHint')}
      rules={[
        {
          validator: (_, v?: string) =>
            !v || yuanToFen(v) !== null
              ? Promise.resolve()
              : Promise.reject(new Error(t('orgs.property.feeInvalid'))),
        },
      ]}
    >
      <Input inputMode="decimal" suffix={t('orgs.property.feeUnit')} style={{ maxWidth: 260 }} />
    </Form.Item>
  );
}

const feeFen = (v?: string) => (v ? yuanToFen(v) : null);

function CompanyModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose(): void;
  onCreated(c: Company): void;
}) {
  const { t } = useTranslation();
  const formModal = useFormModalProps();
  const { message } = App.useApp();
  const { community } = useScope();
  const [form] = Form.useForm<Record<string, string | undefined>>();
  const create = useMutation({
    mutationFn: (v: Record<string, string | undefined>) =>
      api<Company>('POST', `/communities/${community?.id}/property-companies`, {
        name: v.name,
        ...(v.creditCode ? { creditCode: v.creditCode } : {}),
        contactName: v.contactName || null,
        contactPhone: v.contactPhone || null,
      }),
    onSuccess: (c) => {
      message.success(t('common.saved'));
      onCreated(c);
    },
    onError: (err) => message.error(errorText(err, t)),
  });
  return (
    <Modal
      rootClassName="org-scope"
      open={open}
      title={t('orgs.property.newCompany')}
      {...formModal(form, create.isPending, onClose)}
    >
      <Form form={form} name="company" layout="vertical" onFinish={(v) => create.mutate(v)}>
        <Form.Item
          name="name"
          label={t('orgs.property.companyName')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label={t('orgs.property.creditCode')}
          extra={t('orgs.property.creditCodeHint')}
        >
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="contactName" label={t('orgs.property.contactName')}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('orgs.property.contactPhone')}>
          <Input maxLength={30} inputMode="tel" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ContractForm {
  compoundId: string;
  companyId: string;
  startsOn: Dayjs;
  endsOn?: Dayjs;
  fee?: string;
}

function NewContractModal({
  compoundId,
  compounds,
  onClose,
}: {
  /** The compound to sign, '' to choose, null when closed. */
  compoundId: string | null;
  compounds: Option[];
  onClose(): void;
}) {
  const { t } = useTranslation();
  const formModal = useFormModalProps();
  const { community } = useScope();
  const [form] = Form.useForm<ContractForm>();
  const [registering, setRegistering] = useState(false);
  const [created, setCreated] = useState<Option[]>([]);
  const feedback = useWriteFeedback();
  const sign = useMutation({
    mutationFn: (v: ContractForm) =>
      api<Contract>('POST', `/communities/${community?.id}/property-contracts`, {
        compoundId: v.compoundId,
        companyId: v.companyId,
        startsOn: date(v.startsOn),
        endsOn: date(v.endsOn),
        feeFenPerM2Month: feeFen(v.fee),
      }),
    onSuccess: () => feedback.saved(onClose),
    onError: feedback.failed,
  });
  return (
    <Modal
      rootClassName="org-scope"
      open={compoundId !== null}
      title={t('orgs.property.sign')}
      {...formModal(form, sign.isPending, onClose)}
    >
      <Form
        form={form}
        name="contract"
        layout="vertical"
        initialValues={{ compoundId: compoundId || undefined, startsOn: dayjs() }}
        onFinish={(v) => sign.mutate(v)}
      >
        <Form.Item
          name="compoundId"
          label={t('orgs.property.compound')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select options={compounds} />
        </Form.Item>
        <Form.Item label={t('orgs.property.company')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="companyId" noStyle rules={[{ required: true, message: t('common.required') }]}>
              <RemoteSelect<Company>
                aria-label={t('orgs.property.company')}
                placeholder={t('orgs.property.searchCompany')}
                style={{ width: '100%' }}
                path="/property-companies"
                known={created}
                toOption={(c) => ({
                  value: c.id,
                  label: c.creditCode ? `${c.name}（${c.creditCode}）` : c.name,
                })}
              />
            </Form.Item>
            <Button onClick={() => setRegistering(true)}>{t('orgs.property.newCompany')}</Button>
          </Space.Compact>
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="startsOn"
            label={t('orgs.property.startsOn')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item name="endsOn" label={t('orgs.property.endsOn')}>
            <DatePicker />
          </Form.Item>
        </Space>
        <FeeItem name="fee" />
      </Form>
      <CompanyModal
        open={registering}
        onClose={() => setRegistering(false)}
        onCreated={(c) => {
          setCreated([{ value: c.id, label: c.name }]);
          form.setFieldValue('companyId', c.id);
          setRegistering(false);
        }}
      />
    </Modal>
  );
}

function EditContractModal({ contract, onClose }: { contract: Contract | null; onClose(): void }) {
  const { t } = useTranslation();
  const formModal = useFormModalProps();
  const { community } = useScope();
  const [form] = Form.useForm<{ endsOn?: Dayjs | null; fee?: string }>();
  const feedback = useWriteFeedback();
  const save = useMutation({
    mutationFn: (v: { endsOn?: Dayjs | null; fee?: string }) =>
      api<Contract>('PATCH', `/communities/${community?.id}/property-contracts/${contract?.id}`, {
        endsOn: date(v.endsOn),
        feeFenPerM2Month: feeFen(v.fee),
      }),
    onSuccess: () => feedback.saved(onClose),
    onError: feedback.failed,
  });
  return (
    <Modal
      rootClassName="org-scope"
      open={!!contract}
      title={contract ? `${contract.compoundName} · ${contract.companyName}` : ''}
      {...formModal(form, save.isPending, onClose)}
    >
      <Form
        form={form}
        name="contract-edit"
        layout="vertical"
        initialValues={{
          endsOn: contract?.endsOn ? dayjs(contract.endsOn) : null,
          fee: contract?.feeFenPerM2Month == null ? '' : fenToYuan(contract.feeFenPerM2Month),
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="endsOn" label={t('orgs.property.endsOn')}>
          <DatePicker />
        </Form.Item>
        <FeeItem name="fee" />
      </Form>
    </Modal>
  );
}

function EndContractModal({ contract, onClose }: { contract: Contract | null; onClose(): void }) {
  const { t } = useTranslation();
  const { community } = useScope();
  const [form] = Form.useForm<{ status: 'ended' | 'terminated'; endsOn: Dayjs }>();
  const feedback = useWriteFeedback();
  const end = useMutation({
    mutationFn: (v: { status: 'ended' | 'terminated'; endsOn: Dayjs }) =>
      api<Contract>('POST', `/communities/${community?.id}/property-contracts/${contract?.id}/end`, {
        status: v.status,
        endsOn: date(v.endsOn),
      }),
    onSuccess: () => feedback.saved(onClose),
    onError: feedback.failed,
  });
  return (
    <Modal
      rootClassName="org-scope"
      open={!!contract}
      title={t('orgs.property.endTitle', {
        compound: contract?.compoundName,
        company: contract?.companyName,
      })}
      okText={t('orgs.property.end')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={end.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('orgs.property.endHint')}</Typography.Paragraph>
      <Form
        form={form}
        name="contract-end"
        layout="vertical"
        initialValues={{ status: 'ended', endsOn: dayjs() }}
        onFinish={(v) => end.mutate(v)}
      >
        <Form.Item name="status" label={t('orgs.property.endHow')}>
          <Radio.Group
            options={[
              { value: 'ended', label: t('orgs.property.status.ended') },
              { value: 'terminated', label: t('orgs.property.status.terminated') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="endsOn"
          label={t('orgs.property.endsOn')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function PropertyContractsPage() {
  const { t } = useTranslation();
  const { community, compoundId } = useScope();
  const canWrite = useCan('org.write');
  const feeText = useFeeText();
  const [signing, setSigning] = useState<string | null>(null);
  const [editing, setEditing] = useState<Contract | null>(null);
  const [ending, setEnding] = useState<Contract | null>(null);
  const [status, setStatus] = useState<Status | undefined>();
  const { page, pageSize, setPage, pagination } = usePaging();
  const c = community?.id;
  const compounds = useOptions<{ id: string; name: string }>(
    c ? `/communities/${c}/compounds` : null,
    (x) => ({
      value: x.id,
      label: x.name,
    }),
  );
  const active = useOptions<Contract>(
    c ? `/communities/${c}/property-contracts` : null,
    (x) => ({
      value: x.id,
      label: x.companyName,
    }),
    { status: 'active' },
  );
  const filters = queryString({ status, compoundId });
  const historyPath = c
    ? `/communities/${c}/property-contracts?${queryString({ page, pageSize })}&${filters}`
    : null;
  const history = useQuery({
    queryKey: ['list', historyPath],
    enabled: !!historyPath,
    queryFn: () => get<Page<Contract>>(historyPath!),
  });

  if (!c) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  const rows = compounds.items
    .filter((x) => !compoundId || x.id === compoundId)
    .map((x) => ({ ...x, contract: active.items.find((k) => k.compoundId === x.id) ?? null }));
  const period = (k: Contract) => `${k.startsOn} ~ ${k.endsOn ?? t('orgs.property.openEnded')}`;

  return (
    <section aria-labelledby="page-title" className="org-scope">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.property')}
        </Typography.Title>
        {canWrite && (
          <Button type="primary" onClick={() => setSigning('')}>
            {t('orgs.property.sign')}
          </Button>
        )}
      </div>
      <LoadError error={history.error} />

      <section aria-labelledby="by-compound" className="org-section">
        <Typography.Title level={3} id="by-compound">
          {t('orgs.property.byCompound')}
        </Typography.Title>
        <Table
          rowKey="id"
          loading={compounds.loading || active.loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { key: 'compound', title: t('orgs.property.compound'), render: (_, r) => r.name },
            {
              key: 'company',
              title: t('orgs.property.company'),
              render: (_, r) => (r.contract ? r.contract.companyName : <Tag>{t('orgs.property.none')}</Tag>),
            },
            {
              key: 'period',
              title: t('orgs.property.period'),
              render: (_, r) => (r.contract ? period(r.contract) : '—'),
            },
            {
              key: 'fee',
              title: t('orgs.property.fee'),
              render: (_, r) => (r.contract ? feeText(r.contract.feeFenPerM2Month) : '—'),
            },
            ...(canWrite
              ? [
                  {
                    key: 'actions',
                    title: t('common.actions'),
                    render: (_: unknown, r: (typeof rows)[number]) =>
                      r.contract ? (
                        <Space wrap>
                          <Button size="small" onClick={() => setEditing(r.contract)}>
                            {t('common.edit')}
                          </Button>
                          <Button size="small" danger onClick={() => setEnding(r.contract)}>
                            {t('orgs.property.end')}
                          </Button>
                        </Space>
                      ) : (
                        <Button size="small" onClick={() => setSigning(r.id)}>
                          {t('orgs.property.sign')}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </section>

      <section aria-labelledby="history" className="org-section">
        <div className="page-head">
          <Typography.Title level={3} id="history" style={{ margin: 0 }}>
            {t('orgs.property.history')}
          </Typography.Title>
          <Space wrap>
            <Select<Status>
              aria-label={t('orgs.property.statusLabel')}
              placeholder={t('orgs.property.statusLabel')}
              allowClear
              style={{ minWidth: 160 }}
              value={status}
              onChange={(v) => {
                setStatus(v);
                setPage(1);
              }}
              options={statuses.map((s) => ({ value: s, label: t(`orgs.property.status.${s}`) }))}
            />
            <ExportButton
              path={`/communities/${c}/property-contracts`}
              params={new URLSearchParams(filters)}
            />
          </Space>
        </div>
        <Table<Contract>
          rowKey="id"
          loading={history.isFetching}
          dataSource={history.data?.items ?? []}
          scroll={{ x: true }}
          pagination={pagination(history.data?.total)}
          columns={[
            { key: 'compound', title: t('orgs.property.compound'), dataIndex: 'compoundName' },
            { key: 'company', title: t('orgs.property.company'), dataIndex: 'companyName' },
            { key: 'period', title: t('orgs.property.period'), render: (_, k) => period(k) },
            { key: 'fee', title: t('orgs.property.fee'), render: (_, k) => feeText(k.feeFenPerM2Month) },
            {
              key: 'status',
              title: t('orgs.property.statusLabel'),
              render: (_, k) => t(`orgs.property.status.${k.status}`),
            },
          ]}
        />
      </section>

      <NewContractModal compoundId={signing} compounds={compounds.options} onClose={() => setSigning(null)} />
      <EditContractModal contract={editing} onClose={() => setEditing(null)} />
      <EndContractModal contract={ending} onClose={() => setEnding(null)} />
    </section>
  );
}
