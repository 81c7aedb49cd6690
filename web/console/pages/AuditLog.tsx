import { useQuery } from '@tanstack/react-query';
import { Col, DatePicker, Descriptions, Input, Row, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../../shared/api';
import { formatDateTime } from '../../shared/i18n';
import { ExportButton } from '../components/ExportButton';
import { useScope } from '../components/scope';
import { LoadError, queryString } from './organisations/kit';
import './organisations/org.css';
import { usePaging } from '../components/paging';

/** 审计日志: the community's append-only record of changes to rights and public figures, newest first. */

interface Entry {
  id: string;
  at: number;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
}

/** Actions and target types written today; others still show, under their code. */
const knownActions = [
  'grant.create',
  'grant.revoke',
  'person.unmask',
  'invitation.issue',
  'invitation.revoke',
  'binding.request',
  'binding.confirm',
  'binding.reject',
  'ownership.add',
  'ownership.end',
  'ownership.voter',
  'room.create',
  'grid.add_building',
  'grid.remove_building',
  'grid.archive',
  'grid_worker.appoint',
  'grid_worker.end',
  'party_org.archive',
  'party_position.appoint',
  'party_position.end',
  'owner_committee.create',
  'owner_committee.status',
  'committee_member.appoint',
  'committee_member.end',
  'property_contract.activate',
  'property_contract.update',
  'property_contract.end',
  'squad.archive',
  'squad_member.appoint',
  'squad_member.end',
];
const knownTargets = [
  'grant',
  'person',
  'invitation',
  'household_binding',
  'ownership',
  'room',
  'grids',
  'grid_workers',
  'party_orgs',
  'party_positions',
  'owner_committees',
  'committee_members',
  'property_contracts',
  'squads',
  'squad_members',
];

/** Start of a calendar day in China (UTC+8, no daylight saving), as epoch ms. */
const dayStart = (d: Dayjs) => Date.parse(`${d.format('YYYY-MM-DD')}T00:00:00+08:00`);

function Json({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined) return <Typography.Text>{t('audit.nothing')}</Typography.Text>;
  return <pre className="org-json">{JSON.stringify(value, null, 2)}</pre>;
}

export default function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const { community } = useScope();
  const { page, pageSize, setPage, pagination } = usePaging();
  const [action, setAction] = useState<string | undefined>();
  const [targetType, setTargetType] = useState<string | undefined>();
  const [from, setFrom] = useState<Dayjs | null>(null);
  const [to, setTo] = useState<Dayjs | null>(null);
  const [q, setQ] = useState('');
  const c = community?.id;
  const actionLabel = (a: string) => t(`audit.actions.${a}`, { defaultValue: a });
  const targetLabel = (x: string) => t(`audit.targets.${x}`, { defaultValue: x });
  const filtered =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };

  const filters = queryString({
    action,
    targetType,
    q,
    from: from ? dayStart(from) : undefined,
    // The end date is inclusive for people, exclusive for the API: up to the next day's start.
    to: to ? dayStart(to.add(1, 'day')) : undefined,
  });
  const path = c ? `/communities/${c}/audit?${queryString({ page, pageSize })}&${filters}` : null;
  const list = useQuery({
    queryKey: ['list', path],
    enabled: !!path,
    queryFn: () => get<Page<Entry>>(path!),
  });

  if (!c) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  return (
    <section aria-labelledby="page-title" className="org-scope">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.audit')}
        </Typography.Title>
        <Space wrap>
          <Select
            aria-label={t('audit.action')}
            placeholder={t('audit.action')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 180 }}
            value={action}
            onChange={filtered(setAction)}
            options={knownActions.map((a) => ({ value: a, label: actionLabel(a) }))}
          />
          <Select
            aria-label={t('audit.targetType')}
            placeholder={t('audit.targetType')}
            allowClear
            style={{ minWidth: 160 }}
            value={targetType}
            onChange={filtered(setTargetType)}
            options={knownTargets.map((x) => ({ value: x, label: targetLabel(x) }))}
          />
          <DatePicker
            aria-label={t('audit.from')}
            placeholder={t('audit.from')}
            value={from}
            onChange={filtered(setFrom)}
          />
          <DatePicker
            aria-label={t('audit.to')}
            placeholder={t('audit.to')}
            value={to}
            onChange={filtered(setTo)}
          />
          <Input.Search
            aria-label={t('audit.searchAction')}
            placeholder={t('audit.searchAction')}
            allowClear
            style={{ width: 180 }}
            onSearch={filtered(setQ)}
          />
          <ExportButton path={`/communities/${c}/audit`} params={new URLSearchParams(filters)} />
        </Space>
      </div>
      <LoadError error={list.error} />
      <Table<Entry>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: true }}
        expandable={{
          expandedRowRender: (e) => (
            <>
              <Row gutter={[16, 16]}>
                <Col xs={24} lg={12}>
                  <Typography.Text strong>{t('audit.before')}</Typography.Text>
                  <Json value={e.before} />
                </Col>
                <Col xs={24} lg={12}>
                  <Typography.Text strong>{t('audit.after')}</Typography.Text>
                  <Json value={e.after} />
                </Col>
              </Row>
              <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 12 }}>
                <Descriptions.Item label={t('audit.targetId')}>{e.targetId ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('audit.ip')}>{e.ip ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('audit.requestId')}>{e.requestId ?? '—'}</Descriptions.Item>
              </Descriptions>
            </>
          ),
        }}
        pagination={pagination(list.data?.total)}
        columns={[
          { key: 'at', title: t('audit.at'), render: (_, e) => formatDateTime(e.at, i18n.language) },
          { key: 'actor', title: t('audit.actor'), render: (_, e) => e.actorName ?? t('audit.system') },
          {
            key: 'action',
            title: t('audit.action'),
            render: (_, e) => (
              <span>
                {actionLabel(e.action)}{' '}
                <Typography.Text type="secondary" code>
                  {e.action}
                </Typography.Text>
              </span>
            ),
          },
          { key: 'target', title: t('audit.targetType'), render: (_, e) => targetLabel(e.targetType) },
        ]}
      />
    </section>
  );
}
