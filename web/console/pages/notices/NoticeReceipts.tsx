import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Input,
  Radio,
  Row,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorText, get, type Page } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { fileSize } from '../../../shared/notices';
import { fileUrl } from '../../../shared/upload';
import { ExportButton } from '../../components/ExportButton';
import { usePaging } from '../../components/paging';
import { BuildingFilter } from '../../components/places';
import { useScope } from '../../components/scope';
import { noticeKey, noticesPath, type NoticeDetail, type Receipt } from './model';
import { NoticeStatusTag, PinnedTag } from './parts';
import '../../components/rich-text.css';

type Shown = 'unread' | 'read' | 'all';

interface Receipts extends Page<Receipt> {
  audience: number;
  readCount: number;
  unreadCount: number;
}

/**
 * 阅读情况: one notice, how many of the households it goes to have read it, and the list of those
 * that have not — the door-knock round's list, exportable to Excel to take along.
 */
export default function NoticeReceiptsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { noticeId = '' } = useParams();
  const scope = useScope();
  const communityId = scope.community?.id;
  const { page, pageSize, setPage, pagination } = usePaging();
  const [shown, setShown] = useState<Shown>('unread');
  const [buildingId, setBuildingId] = useState<string>();
  const [q, setQ] = useState('');
  const when = (ms: number | null) => (ms === null ? '—' : formatDateTime(ms, i18n.language));

  const notice = useQuery({
    queryKey: noticeKey(noticeId),
    enabled: !!communityId,
    queryFn: () => get<NoticeDetail>(`${noticesPath(communityId!)}/${noticeId}`),
  });
  const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  if (shown !== 'all') params.set('read', String(shown === 'read'));
  if (buildingId) params.set('buildingId', buildingId);
  if (scope.compoundId) params.set('compoundId', scope.compoundId);
  if (q) params.set('q', q);
  const path = communityId ? `${noticesPath(communityId)}/${noticeId}/receipts` : null;
  const receipts = useQuery({
    queryKey: noticeKey(noticeId, 'receipts', params.toString()),
    enabled: !!path,
    queryFn: () => get<Receipts>(`${path}?${params}`),
  });

  const columns: ColumnsType<Receipt> = [
    { key: 'compound', title: t('notices.receiptsTable.compound'), dataIndex: 'compoundName' },
    { key: 'building', title: t('notices.receiptsTable.building'), dataIndex: 'buildingName' },
    { key: 'entrance', title: t('notices.receiptsTable.entrance'), dataIndex: 'entranceName' },
    { key: 'room', title: t('notices.receiptsTable.room'), dataIndex: 'roomNumber' },
    { key: 'household', title: t('notices.receiptsTable.household'), dataIndex: 'householdName' },
    {
      key: 'read',
      title: t('notices.receiptsTable.read'),
      render: (_: unknown, r: Receipt) =>
        r.read ? (
          <span className="notice-published">✓ {t('notices.readAt', { time: when(r.readAt) })}</span>
        ) : (
          <strong className="overdue-text">✕ {t('notices.notRead')}</strong>
        ),
    },
  ];

  const n = notice.data;
  const counts = receipts.data;
  return (
    <section aria-labelledby="page-title">
      <Button type="link" style={{ paddingLeft: 0 }} onClick={() => navigate('/notices')}>
        ‹ {t('menu.notices')}
      </Button>
      {notice.isError && <Alert type="error" showIcon title={errorText(notice.error, t)} />}
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('notices.receiptsTitle', { title: n?.title ?? '' })}
        </Typography.Title>
        {n && (
          <Space wrap>
            {n.pinned && <PinnedTag />}
            <NoticeStatusTag status={n.status} />
          </Space>
        )}
      </div>
      {n && (
        <Typography.Paragraph>
          {t('notices.sentTo', { places: n.targetsText })} ·{' '}
          {t('notices.publishedAt', { time: when(n.publishAt) })}
          {n.withdrawReason && ` · ${t('notices.withdrawnBecause', { reason: n.withdrawReason })}`}
        </Typography.Paragraph>
      )}
      {n && (
        <Collapse
          items={[
            {
              key: 'text',
              label: t('notices.fullText'),
              children: (
                <div className="notice-preview">
                  {/* The server cleaned this HTML when it was saved (src/modules/notices/body.ts). */}
                  <div className="rich-text" dangerouslySetInnerHTML={{ __html: n.bodyHtml }} />
                  {n.files.length > 0 && (
                    <ul className="notice-file-list">
                      {n.files.map((f) => (
                        <li key={f.id}>
                          <a href={fileUrl(n.communityId, f.id)} target="_blank" rel="noopener noreferrer">
                            {f.name}
                          </a>{' '}
                          ({fileSize(f.size)})
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              ),
            },
          ]}
        />
      )}
      <Row gutter={[16, 16]} className="notice-stats">
        <Col xs={12} md={6}>
          <Card size="small" data-figure="audience">
            <Statistic
              title={t('notices.stats.audience')}
              value={counts?.audience ?? '—'}
              suffix={t('notices.stats.households')}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" data-figure="read">
            <Statistic
              title={t('notices.stats.read')}
              value={counts?.readCount ?? '—'}
              suffix={t('notices.stats.households')}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" data-figure="unread">
            <Statistic
              title={t('notices.stats.unread')}
              value={counts?.unreadCount ?? '—'}
              suffix={t('notices.stats.households')}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" data-figure="rate">
            <Statistic
              title={t('notices.stats.rate')}
              value={counts && counts.audience ? Math.round((counts.readCount / counts.audience) * 100) : '—'}
              suffix="%"
            />
          </Card>
        </Col>
      </Row>
      <div className="page-head">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t(`notices.receiptsList.${shown}`)}
        </Typography.Title>
        <Space wrap>
          <Radio.Group
            aria-label={t('notices.receiptsShow')}
            optionType="button"
            value={shown}
            onChange={(e) => {
              setShown(e.target.value as Shown);
              setPage(1);
            }}
            options={(['unread', 'read', 'all'] as const).map((s) => ({
              value: s,
              label: t(`notices.show.${s}`),
            }))}
          />
          <BuildingFilter
            value={buildingId}
            onChange={(v) => {
              setBuildingId(v);
              setPage(1);
            }}
          />
          <Input.Search
            aria-label={t('notices.receiptsSearch')}
            placeholder={t('notices.receiptsSearch')}
            allowClear
            style={{ width: 200 }}
            onSearch={(v) => {
              setQ(v);
              setPage(1);
            }}
          />
          {path && <ExportButton path={path} params={params} />}
        </Space>
      </div>
      {receipts.isError && <Alert type="error" showIcon title={errorText(receipts.error, t)} />}
      <Table<Receipt>
        rowKey="householdId"
        columns={columns}
        dataSource={receipts.data?.items ?? []}
        loading={receipts.isFetching}
        scroll={{ x: true }}
        pagination={pagination(receipts.data?.total)}
      />
    </section>
  );
}
