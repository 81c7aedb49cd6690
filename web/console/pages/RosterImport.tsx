import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Progress,
  Result,
  Segmented,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get, type Page, errorText } from '../../shared/api';
import { useMe } from '../../shared/session';
import { downloadFile, uploadFile, xlsxType } from '../components/files';
import { useScope } from '../components/scope';

/**
 * 花名册导入: pick a compound, fill in the template, upload it, read every problem the check found by
 * row and column, choose to leave the bad rows out, and import with a progress bar.
 */

const maxBytes = 10 * 1024 * 1024;
const countKeys = ['buildings', 'entrances', 'rooms', 'households', 'people', 'residencies'] as const;

interface Problem {
  row: number;
  cell: string | null;
  column: string | null;
  level: 'error' | 'warning';
  code: string;
  message: string;
}
type Summary = Record<(typeof countKeys)[number], { created: number; existing?: number }>;
interface Preview {
  sheet: string;
  headerRow: number;
  columns: { column: string; header: string; field: string | null }[];
  rows: number;
  blankRows: number;
  badRows: number[];
  ignoredRows: number[];
  rowsToImport: number;
  summary: Summary;
  problems: Problem[];
}
interface Job {
  id: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  result: { rows: number; summary: Summary } | null;
  error: string | null;
}

/** 7,8,9,12 → "7-9,12": what the import's excludeRows takes, kept short for the URL. */
function rowRanges(rows: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    parts.push(j > i ? `${rows[i]}-${rows[j]}` : String(rows[i]));
    i = j;
  }
  return parts.join(',');
}

function Level({ level }: { level: Problem['level'] }) {
  const { t } = useTranslation();
  // Said in words with a sign, not by colour alone; both colours pass AA contrast on white.
  return level === 'error' ? (
    <span style={{ color: '#b71c1c', fontWeight: 600, whiteSpace: 'nowrap' }}>
      <span aria-hidden>✖ </span>
      {t('roster.error')}
    </span>
  ) : (
    <span style={{ color: '#7a4d00', whiteSpace: 'nowrap' }}>
      <span aria-hidden>⚠ </span>
      {t('roster.warning')}
    </span>
  );
}

function Counts({ summary, caption }: { summary: Summary; caption: string }) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="key"
      title={() => <Typography.Text strong>{caption}</Typography.Text>}
      dataSource={countKeys.map((key) => ({ key, ...summary[key] }))}
      columns={[
        { key: 'what', title: t('roster.what'), render: (_, r) => t(`roster.counts.${r.key}`) },
        { key: 'created', title: t('roster.created'), dataIndex: 'created', align: 'right' },
        {
          key: 'existing',
          title: t('roster.existing'),
          align: 'right',
          render: (_, r) => (r.existing === undefined ? '—' : r.existing),
        },
      ]}
      style={{ maxWidth: 480 }}
    />
  );
}

function Problems({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  const [show, setShow] = useState<'all' | 'error' | 'warning'>('all');
  if (!preview.problems.length) return <Typography.Paragraph>{t('roster.noProblems')}</Typography.Paragraph>;
  const errors = preview.problems.filter((p) => p.level === 'error').length;
  const shown = show === 'all' ? preview.problems : preview.problems.filter((p) => p.level === show);
  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <span id="roster-show">{t('roster.show')}</span>
        <Segmented
          aria-labelledby="roster-show"
          value={show}
          onChange={(v) => setShow(v as typeof show)}
          options={[
            { value: 'all', label: t('roster.filterAll', { count: preview.problems.length }) },
            { value: 'error', label: t('roster.filterErrors', { count: errors }) },
            {
              value: 'warning',
              label: t('roster.filterWarnings', { count: preview.problems.length - errors }),
            },
          ]}
        />
      </Space>
      {/* Scrolls sideways on a narrow window; focusable so a keyboard can scroll it too. */}
      <div role="region" aria-label={t('roster.problems')} tabIndex={0} style={{ overflowX: 'auto' }}>
        <Table<Problem & { key: number }>
          size="small"
          rowKey="key"
          dataSource={shown.map((p, key) => ({ ...p, key }))}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          columns={[
            { key: 'row', title: t('roster.row'), dataIndex: 'row', width: 64 },
            { key: 'cell', title: t('roster.cell'), render: (_, p) => p.cell ?? '—', width: 80 },
            { key: 'column', title: t('roster.column'), render: (_, p) => p.column ?? '—', width: 120 },
            {
              key: 'level',
              title: t('roster.level'),
              render: (_, p) => <Level level={p.level} />,
              width: 90,
            },
            {
              key: 'message',
              title: t('roster.message'),
              dataIndex: 'message',
              onCell: () => ({ style: { minWidth: 240 } }),
            },
          ]}
        />
      </div>
    </>
  );
}

export default function RosterImportPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const scope = useScope();
  const me = useMe();
  const queryClient = useQueryClient();
  const communityId = scope.community?.id;
  const [compoundId, setCompoundId] = useState<string | undefined>(scope.compoundId ?? undefined);
  const [file, setFile] = useState<File | null>(null);
  const [exclude, setExclude] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const base = `/communities/${communityId}/compounds/${compoundId}/roster`;

  const compounds = useQuery({
    queryKey: ['roster-compounds', communityId],
    enabled: !!communityId,
    queryFn: () =>
      get<Page<{ id: string; name: string }>>(`/communities/${communityId}/compounds?pageSize=200`),
  });

  const preview = useMutation({
    mutationFn: (chosen: File) =>
      uploadFile<Preview>(`${base}/preview`, chosen, me.data?.csrfToken ?? '', i18n.language),
  });

  const start = useMutation({
    mutationFn: () => {
      const bad = preview.data?.badRows ?? [];
      const query = exclude && bad.length ? `?excludeRows=${rowRanges(bad)}` : '';
      return uploadFile<Job>(`${base}/import${query}`, file!, me.data?.csrfToken ?? '', i18n.language);
    },
    onSuccess: (job) => setJobId(job.id),
    onError: (err) => message.error(errorText(err, t)),
  });

  const job = useQuery({
    queryKey: ['roster-job', jobId],
    enabled: !!jobId,
    queryFn: async () => {
      const current = await get<Job>(`${base}/jobs/${jobId}`);
      if (current.status === 'done') await queryClient.invalidateQueries({ queryKey: ['list'] });
      return current;
    },
    refetchInterval: (q) =>
      q.state.data?.status === 'done' || q.state.data?.status === 'failed' ? false : 400,
  });

  function reset(next: File | null = null) {
    setFile(next);
    setExclude(false);
    setJobId(null);
    preview.reset();
    start.reset();
    if (next) preview.mutate(next);
  }

  function choose(chosen: File) {
    if (chosen.size > maxBytes) {
      message.error(t('roster.tooLarge'));
      return;
    }
    reset(chosen);
  }

  async function template() {
    try {
      await downloadFile(`${base}/template.xlsx`, 'roster-template.xlsx', i18n.language);
    } catch (err) {
      message.error(errorText(err, t));
    }
  }

  if (!communityId) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  const checked = preview.data;
  const badCount = checked?.badRows.length ?? 0;
  const canImport = !!checked && checked.rowsToImport > 0 && (badCount === 0 || exclude);
  const running = !!jobId && job.data?.status !== 'done' && job.data?.status !== 'failed';

  return (
    <section aria-labelledby="page-title">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.rosterImport')}
        </Typography.Title>
      </div>
      <Typography.Paragraph style={{ maxWidth: 880 }}>{t('roster.intro')}</Typography.Paragraph>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Card>
          <Typography.Title level={3}>{t('roster.stepCompound')}</Typography.Title>
          <Form name="roster" layout="vertical" style={{ maxWidth: 360 }}>
            <Form.Item name="compoundId" label={t('roster.compound')} initialValue={compoundId}>
              <Select
                placeholder={t('roster.compoundPlaceholder')}
                loading={compounds.isPending}
                onChange={(id: string) => {
                  setCompoundId(id);
                  reset();
                }}
                options={(compounds.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
          </Form>
          <Button disabled={!compoundId} onClick={() => void template()}>
            {t('roster.template')}
          </Button>
        </Card>

        {compoundId && (
          <Card>
            <Typography.Title level={3}>{t('roster.stepUpload')}</Typography.Title>
            <Upload.Dragger
              accept={`.xlsx,${xlsxType}`}
              multiple={false}
              showUploadList={false}
              disabled={running}
              beforeUpload={(chosen) => {
                choose(chosen);
                return false;
              }}
            >
              <Typography.Paragraph strong style={{ marginBottom: 4 }}>
                {file ? file.name : t('roster.drop')}
              </Typography.Paragraph>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                {t('roster.dropHint')}
              </Typography.Paragraph>
            </Upload.Dragger>
            {preview.isPending && file && (
              <Space style={{ marginTop: 12 }}>
                <Spin size="small" />
                <span>{t('roster.checking', { name: file.name })}</span>
              </Space>
            )}
            {preview.error && (
              <Alert
                style={{ marginTop: 12 }}
                type="error"
                showIcon
                message={preview.error instanceof ApiError ? preview.error.message : t('common.networkError')}
              />
            )}
          </Card>
        )}

        {checked && (
          <Card>
            <Typography.Title level={3}>{t('roster.stepCheck')}</Typography.Title>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, lg: 4 }}
              items={[
                { key: 'file', label: t('roster.file'), children: file?.name },
                { key: 'sheet', label: t('roster.sheet'), children: checked.sheet },
                { key: 'header', label: t('roster.headerRow'), children: checked.headerRow },
                {
                  key: 'rows',
                  label: t('roster.rowsRead'),
                  children: t('roster.rowsReadValue', { rows: checked.rows, blank: checked.blankRows }),
                },
              ]}
            />
            <Typography.Paragraph style={{ marginTop: 12 }}>
              <Typography.Text strong>{t('roster.columns')}: </Typography.Text>
              {checked.columns.map((c) => (
                <Tag key={c.column} style={{ marginBlock: 2 }}>
                  {c.column} {c.header}
                  {c.field ? ` → ${t(`roster.field.${c.field}`)}` : ` (${t('roster.ignored')})`}
                </Tag>
              ))}
            </Typography.Paragraph>

            <Typography.Title level={4}>{t('roster.problems')}</Typography.Title>
            <Problems preview={checked} />

            <div style={{ marginTop: 16 }}>
              <Counts summary={checked.summary} caption={t('roster.willCreate')} />
            </div>

            {!jobId && (
              <Space direction="vertical" style={{ marginTop: 16, width: '100%' }}>
                {badCount > 0 && (
                  <>
                    <Alert type="error" showIcon message={t('roster.hasErrors', { count: badCount })} />
                    <Checkbox checked={exclude} onChange={(e) => setExclude(e.target.checked)}>
                      {t('roster.exclude', { count: badCount, rows: checked.badRows.join(', ') })}
                    </Checkbox>
                  </>
                )}
                <Space wrap>
                  <Button
                    type="primary"
                    disabled={!canImport}
                    loading={start.isPending}
                    onClick={() => start.mutate()}
                  >
                    {t('roster.import')}
                  </Button>
                  <span>{t('roster.rowsToImport', { count: checked.rowsToImport })}</span>
                </Space>
              </Space>
            )}
          </Card>
        )}

        {jobId && (
          <Card aria-live="polite">
            {job.data?.status === 'done' && job.data.result ? (
              <Result
                status="success"
                title={t('roster.done')}
                subTitle={t('roster.doneDetail', { rows: job.data.result.rows })}
                extra={<Button onClick={() => reset()}>{t('roster.again')}</Button>}
              >
                <Counts summary={job.data.result.summary} caption={t('roster.done')} />
              </Result>
            ) : job.data?.status === 'failed' ? (
              <Result
                status="error"
                title={t('roster.failed')}
                subTitle={job.data.error}
                extra={<Button onClick={() => reset()}>{t('roster.again')}</Button>}
              />
            ) : (
              <>
                <Typography.Title level={3}>{t('roster.importing')}</Typography.Title>
                <Progress
                  percent={job.data?.total ? Math.round((job.data.done / job.data.total) * 100) : 0}
                  aria-label={t('roster.importing')}
                />
                <Typography.Paragraph>
                  {t('roster.progress', { done: job.data?.done ?? 0, total: job.data?.total ?? 0 })}
                </Typography.Paragraph>
              </>
            )}
          </Card>
        )}
      </Space>
    </section>
  );
}
