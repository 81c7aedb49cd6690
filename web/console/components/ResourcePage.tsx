import { useMutation, useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, get, type Page, errorText } from '../../shared/api';
import { ExportButton } from './ExportButton';
import { useScope } from './scope';
import { useWriteFeedback, useFormModalProps } from './feedback';
import { usePaging } from './paging';

export interface Field<Row> {
  /** The API's field name, in rows and in request bodies. */
  key: string;
  /** i18n key of the label. */
  label: string;
  type?: 'text' | 'number' | 'select' | 'multiselect' | 'area' | 'date' | 'switch' | 'textarea';
  options?: { value: string; label: string }[];
  /** A form control of the page's own instead of one from `type`; the form gives it value and onChange. */
  input?: ReactNode;
  /** i18n key of a hint shown under the form control. */
  hint?: string;
  required?: boolean;
  /** Shown in the create and edit forms (default true). */
  form?: boolean | 'create';
  /** Shown as a table column (default true). */
  table?: boolean;
  render?: (row: Row) => ReactNode;
}

export interface ResourceSpec<Row extends object> {
  title: string;
  list: (communityId: string) => string;
  create?: (communityId: string) => string;
  update?: (communityId: string, row: Row) => string;
  archive?: (communityId: string, row: Row) => string;
  fields: Field<Row>[];
  /** Extra query filters offered above the table, as selects (`initial`: chosen when the page opens). */
  filters?: { key: string; label: string; options: { value: string; label: string }[]; initial?: string }[];
  /** Query parameters the page sets itself, e.g. from its own filters in `toolbar`; undefined ones are left out. */
  params?: Record<string, string | undefined>;
  /** The page's own controls, shown beside the search box and filters. */
  toolbar?: ReactNode;
  /** The form's values when adding a row. */
  defaults?: Record<string, unknown>;
  /** The form's values when editing a row (default: the row's own fields). */
  toForm?: (row: Row) => Record<string, unknown>;
  /** The request body from the form's values (default: the values); `row` is null when creating. */
  toBody?: (values: Record<string, unknown>, row: Row | null) => Record<string, unknown>;
  /** Error codes that concern one field, shown beside it: `{ invalid_phone: 'phone' }`. */
  errorFields?: Record<string, string>;
  /** Send the scope's compound as ?compoundId= when one is chosen. */
  byCompound?: boolean;
  rowActions?: (row: Row) => ReactNode;
  /** Offer the list, with its current filters, as an Excel download (default true). */
  exportable?: boolean;
  /** The field that identifies a row (default `id`), for rows keyed otherwise (a volunteer by `personId`). */
  rowKey?: keyof Row & string;
}

/** The API's error details as form errors beside the fields they name. */
export function fieldErrors(
  err: unknown,
  byCode: Record<string, string> = {},
): { name: string; errors: string[] }[] {
  if (!(err instanceof ApiError)) return [];
  const field = byCode[err.code];
  if (field) return [{ name: field, errors: [err.message] }];
  if (!Array.isArray(err.details)) return [];
  return (err.details as { field?: string; message?: string }[])
    .filter((d) => d.field)
    .map((d) => ({ name: d.field!.split('.').pop()!, errors: [d.message ?? ''] }));
}

/** A list with search, filters, pagination, create, edit and archive: most of the community model's pages. */
export function ResourcePage<Row extends object>({ spec }: { spec: ResourceSpec<Row> }) {
  const { t } = useTranslation();
  const formModal = useFormModalProps();
  // The App's modal, not the static Modal.confirm, so confirmations follow the ConfigProvider.
  const { message, modal } = App.useApp();
  const scope = useScope();
  const { page, pageSize, setPage, pagination } = usePaging();
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<Record<string, string>>(() =>
    Object.fromEntries((spec.filters ?? []).flatMap((f) => (f.initial ? [[f.key, f.initial]] : []))),
  );
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  // A table wider than a narrow window scrolls sideways: let the keyboard reach that scroll too,
  // even when no row holds a button (WCAG 2.1.1; axe's scrollable-region-focusable).
  const tableBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    for (const el of tableBox.current?.querySelectorAll<HTMLElement>('.ant-table-content') ?? [])
      if (!el.hasAttribute('tabindex')) el.tabIndex = 0;
  });
  const [form] = Form.useForm();
  const communityId = scope.community?.id;

  const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  if (q) params.set('q', q);
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  if (spec.byCompound && scope.compoundId) params.set('compoundId', scope.compoundId);
  for (const [k, v] of Object.entries(spec.params ?? {})) if (v) params.set(k, v);
  // Back to the first page when the page's own parameters change, as when a filter here changes.
  const ownParams = JSON.stringify(spec.params ?? {});
  const [seenParams, setSeenParams] = useState(ownParams);
  if (ownParams !== seenParams) {
    setSeenParams(ownParams);
    setPage(1);
  }
  const listPath = communityId ? `${spec.list(communityId)}?${params}` : null;

  const list = useQuery({
    queryKey: ['list', listPath],
    enabled: !!listPath,
    queryFn: () => get<Page<Row>>(listPath!),
  });

  const feedback = useWriteFeedback();
  const save = useMutation({
    mutationFn: async (values: Record<string, unknown>) => {
      // On an edit a field the user cleared is sent as null, so clearing a select or date sticks.
      const cleared = editing === 'new' ? undefined : null;
      const formed = Object.fromEntries(
        Object.entries(values).map(([k, v]) => [
          k,
          v === undefined
            ? cleared
            : v && typeof v === 'object' && 'format' in v
              ? (v as { format(f: string): string }).format('YYYY-MM-DD')
              : v,
        ]),
      );
      const body = spec.toBody ? spec.toBody(formed, editing === 'new' ? null : (editing as Row)) : formed;
      if (editing === 'new') return api('POST', spec.create!(communityId!), body);
      return api('PATCH', spec.update!(communityId!, editing as Row), body);
    },
    onSuccess: () => feedback.saved(() => setEditing(null)),
    onError: (err) => {
      const errors = fieldErrors(err, spec.errorFields);
      if (errors.length) form.setFields(errors);
      message.error(errorText(err, t));
    },
  });

  const archive = useMutation({
    mutationFn: (row: Row) => api('POST', spec.archive!(communityId!, row), {}),
    onSuccess: () => feedback.saved(),
    onError: feedback.failed,
  });

  const columns: ColumnsType<Row> = spec.fields
    .filter((f) => f.table !== false)
    .map((f) => ({
      key: f.key,
      title: t(f.label),
      dataIndex: f.key,
      render: (_: unknown, row: Row) => {
        if (f.render) return f.render(row);
        const value = (row as Record<string, unknown>)[f.key];
        if (f.options) return t(f.options.find((o) => o.value === value)?.label ?? String(value ?? ''));
        if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
        return value === null || value === undefined ? '—' : String(value);
      },
    }));
  if (spec.update || spec.archive || spec.rowActions)
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      render: (_: unknown, row: Row) => (
        <Space>
          {spec.update && (
            <Button size="small" onClick={() => openEdit(row)}>
              {t('common.edit')}
            </Button>
          )}
          {spec.archive && (
            <Button
              size="small"
              danger
              onClick={() =>
                modal.confirm({
                  title: t('common.archiveConfirm'),
                  okText: t('common.archive'),
                  cancelText: t('common.cancel'),
                  onOk: () => archive.mutateAsync(row),
                })
              }
            >
              {t('common.archive')}
            </Button>
          )}
          {spec.rowActions?.(row)}
        </Space>
      ),
    });

  function openEdit(row: Row | 'new') {
    setEditing(row);
    form.resetFields();
    if (row === 'new') {
      if (spec.defaults) form.setFieldsValue(spec.defaults);
      return;
    }
    const values: Record<string, unknown> = spec.toForm
      ? spec.toForm(row)
      : { ...(row as Record<string, unknown>) };
    for (const f of spec.fields)
      if (f.type === 'date' && typeof values[f.key] === 'string')
        values[f.key] = dayjs(values[f.key] as string);
    form.setFieldsValue(values);
  }

  const formFields = spec.fields.filter(
    (f) => f.form !== false && (f.form !== 'create' || editing === 'new'),
  );

  if (!communityId) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  return (
    <section aria-labelledby="page-title">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t(spec.title)}
        </Typography.Title>
        <Space wrap>
          <Input.Search
            aria-label={t('common.search')}
            placeholder={t('common.search')}
            allowClear
            onSearch={(v) => {
              setQ(v);
              setPage(1);
            }}
            style={{ width: 220 }}
          />
          {spec.filters?.map((f) => (
            <Select
              key={f.key}
              aria-label={t(f.label)}
              placeholder={t(f.label)}
              allowClear
              style={{ minWidth: 140 }}
              defaultValue={f.initial}
              onChange={(v?: string) => {
                setFilters((old) => ({ ...old, [f.key]: v ?? '' }));
                setPage(1);
              }}
              options={f.options.map((o) => ({ value: o.value, label: t(o.label) }))}
            />
          ))}
          {spec.toolbar}
          {spec.exportable !== false && <ExportButton path={spec.list(communityId)} params={params} />}
          {spec.create && (
            <Button type="primary" onClick={() => openEdit('new')}>
              {t('common.add')}
            </Button>
          )}
        </Space>
      </div>
      <div ref={tableBox}>
        <Table<Row>
          rowKey={spec.rowKey ?? ('id' as keyof Row & string)}
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: true }}
          pagination={pagination(list.data?.total)}
        />
      </div>
      <Modal
        open={editing !== null}
        title={t(editing === 'new' ? 'common.add' : 'common.edit') + ' · ' + t(spec.title)}
        {...formModal(form, save.isPending, () => setEditing(null))}
      >
        <Form form={form} name="resource" layout="vertical" onFinish={(values) => save.mutate(values)}>
          {formFields.map((f) => (
            <Form.Item
              key={f.key}
              name={f.key}
              label={t(f.label)}
              valuePropName={f.type === 'switch' ? 'checked' : 'value'}
              rules={f.required ? [{ required: true, message: t('common.required') }] : []}
              extra={f.hint && t(f.hint)}
            >
              {f.input ? (
                f.input
              ) : f.type === 'number' ? (
                <InputNumber style={{ width: '100%' }} />
              ) : f.type === 'area' ? (
                <Input inputMode="decimal" suffix="m²" />
              ) : f.type === 'select' || f.type === 'multiselect' ? (
                <Select
                  mode={f.type === 'multiselect' ? 'multiple' : undefined}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(f.options ?? []).map((o) => ({ value: o.value, label: t(o.label) }))}
                />
              ) : f.type === 'date' ? (
                <DatePicker style={{ width: '100%' }} />
              ) : f.type === 'switch' ? (
                <Switch />
              ) : f.type === 'textarea' ? (
                <Input.TextArea rows={3} />
              ) : (
                <Input />
              )}
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </section>
  );
}
