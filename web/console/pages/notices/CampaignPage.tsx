import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Dropdown,
  Input,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorText, get, post, type Page } from '../../../shared/api';
import {
  daysBetween,
  formatDay,
  isPending,
  kindName,
  rectificationStates,
  todayInShanghai,
  type RectificationRow,
} from '../../../shared/notices';
import { ExportButton } from '../../components/ExportButton';
import { useWriteFeedback } from '../../components/feedback';
import { usePaging } from '../../components/paging';
import { BuildingFilter } from '../../components/places';
import { useScope } from '../../components/scope';
import { CheckModal, FiguresModal, IssueModal, WordingModal } from './CampaignForms';
import { campaignKey, campaignsPath, pdfUrl, rectificationPath, type CampaignDetail } from './model';
import { PrintPreview, RectificationStateTag } from './parts';
import { RectificationDrawer, useDeliveryText } from './RectificationDrawer';
import './notices.css';

type Dialog = 'issue' | 'figures' | 'wording' | null;

/** A figure on a card: what it counts, and the number a screen reader reads with its unit. */
function Figure({
  name,
  title,
  value,
  suffix,
}: {
  name: string;
  title: string;
  value: number;
  suffix?: string;
}) {
  return (
    <Col xs={12} sm={8} lg={6} xl={4}>
      <Card size="small" data-figure={name}>
        <Statistic title={title} value={value} suffix={suffix} />
      </Card>
    </Col>
  );
}

/** The campaign's counts from its notices, and the figures the desk adds (5 个单元, 8 车). */
function Summary({ campaign, onEdit }: { campaign: CampaignDetail; onEdit: () => void }) {
  const { t } = useTranslation();
  const s = campaign.summary;
  return (
    <section aria-labelledby="summary-title" className="campaign-summary">
      <div className="page-head">
        <Typography.Title level={3} id="summary-title" style={{ margin: 0 }}>
          {t('rectification.summary.title')}
        </Typography.Title>
      </div>
      <Row gutter={[12, 12]} className="notice-stats">
        <Figure name="notices" title={t('rectification.summary.notices')} value={s.notices} />
        <Figure name="households" title={t('rectification.summary.households')} value={s.households} />
        <Figure name="delivered" title={t('rectification.summary.delivered')} value={s.delivered} />
        <Figure name="readInApp" title={t('rectification.summary.readInApp')} value={s.readInApp} />
        <Figure name="replied" title={t('rectification.summary.replied')} value={s.replied} />
        <Figure name="done" title={t('rectification.summary.done')} value={s.done} />
        <Figure name="notDone" title={t('rectification.summary.notDone')} value={s.notDone} />
        <Figure name="pending" title={t('rectification.summary.pending')} value={s.pending} />
        <Figure name="overdue" title={t('rectification.summary.overdue')} value={s.overdue} />
        <Figure
          name="secondNotices"
          title={t('rectification.summary.secondNotices')}
          value={s.secondNotices}
        />
      </Row>
      <Typography.Paragraph>
        {t('rectification.summary.deliveredBy', {
          posted: s.deliveredBy.posted ?? 0,
          handed: s.deliveredBy.handed ?? 0,
          app: s.deliveredBy.read_in_app ?? 0,
        })}{' '}
        {t('rectification.summary.nextSteps', {
          second: s.nextSteps.second_notice ?? 0,
          law: s.nextSteps.law_enforcement ?? 0,
          council: s.nextSteps.deliberation ?? 0,
        })}
      </Typography.Paragraph>
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('rectification.figures.title')}
        </Typography.Title>
        <Button onClick={onEdit}>{t('rectification.figures.edit')}</Button>
      </div>
      {s.figures.length === 0 ? (
        <Typography.Paragraph>{t('rectification.figures.none')}</Typography.Paragraph>
      ) : (
        <Row gutter={[12, 12]} className="notice-figures">
          {s.figures.map((f, i) => (
            <Figure
              key={i}
              name={`figure-${i}`}
              title={f.label}
              value={f.value}
              suffix={f.unit ?? undefined}
            />
          ))}
        </Row>
      )}
      {campaign.summaryNote && <Typography.Paragraph>{campaign.summaryNote}</Typography.Paragraph>}
    </section>
  );
}

/**
 * 整改 · one campaign: what it is about, the notices to households and places with their delivery,
 * replies and checks, the summary with the desk's own figures, and printing — all the notices (or
 * those the filters show) in one PDF, or one at a time.
 */
export default function CampaignPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const feedback = useWriteFeedback();
  const { campaignId = '' } = useParams();
  const scope = useScope();
  const communityId = scope.community?.id;
  const delivery = useDeliveryText();
  const { page, pageSize, setPage, pagination } = usePaging();
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const [dialog, setDialog] = useState<Dialog>(null);
  const [checking, setChecking] = useState<RectificationRow | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const [printing, setPrinting] = useState<{ url: string; title: string } | null>(null);

  const base = communityId ? `${campaignsPath(communityId)}/${campaignId}` : null;
  const campaign = useQuery({
    queryKey: campaignKey(campaignId),
    enabled: !!base,
    queryFn: () => get<CampaignDetail>(base!),
  });
  const filterParams = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) filterParams.set(k, v);
  const params = new URLSearchParams(filterParams);
  params.set('page', String(page));
  params.set('pageSize', String(pageSize));
  const notices = useQuery({
    queryKey: campaignKey(campaignId, 'notices', params.toString()),
    enabled: !!base,
    queryFn: () => get<Page<RectificationRow>>(`${base}/notices?${params}`),
  });
  const filter = (key: string, value: string | undefined) => {
    setFilters((old) => ({ ...old, [key]: value }));
    setPage(1);
  };

  const c = campaign.data;
  if (!communityId) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  if (campaign.isPending) return <Skeleton active />;
  if (campaign.isError || !c) return <Alert type="error" showIcon title={errorText(campaign.error, t)} />;

  const open = c.state === 'open';
  const today = todayInShanghai();
  const deliver = (n: RectificationRow, method: 'posted' | 'handed') =>
    post(`${rectificationPath(n.communityId, n.id)}/delivery`, { method }).then(
      () => feedback.saved(undefined, t('rectification.delivery.saved')),
      feedback.failed,
    );
  const printOne = (n: RectificationRow) =>
    setPrinting({
      url: pdfUrl(`${rectificationPath(n.communityId, n.id)}/notice.pdf`),
      title: t('rectification.print.oneTitle', { seq: n.seq, place: n.placeName }),
    });
  const printAll = () =>
    setPrinting({
      url: pdfUrl(`${base}/notices.pdf${filterParams.size ? `?${filterParams}` : ''}`),
      title: t('rectification.print.allTitle', { title: c.title }),
    });

  const columns: ColumnsType<RectificationRow> = [
    {
      key: 'seq',
      title: t('rectification.notice.seq'),
      render: (_: unknown, n) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => setShown(n.id)}>
          {t('rectification.notice.number', { seq: n.seq })}
          {n.round > 1 && ` · ${t('rectification.notice.roundN', { count: n.round })}`}
        </Button>
      ),
    },
    { key: 'place', title: t('rectification.notice.place'), dataIndex: 'placeName' },
    {
      key: 'household',
      title: t('rectification.notice.household'),
      render: (_: unknown, n) => n.householdName ?? t('rectification.notice.toPlace'),
    },
    {
      key: 'deadline',
      title: t('rectification.notice.deadline'),
      render: (_: unknown, n) => {
        const late = isPending(n.state) && daysBetween(today, n.deadline) < 0;
        return late ? (
          <span className="overdue-text">
            ⚠ {formatDay(n.deadline, i18n.language)} {t('rectification.notice.overdue')}
          </span>
        ) : (
          formatDay(n.deadline, i18n.language)
        );
      },
    },
    {
      key: 'state',
      title: t('rectification.notice.state'),
      render: (_: unknown, n) => <RectificationStateTag state={n.state} />,
    },
    { key: 'delivery', title: t('rectification.notice.delivery'), render: (_: unknown, n) => delivery(n) },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_: unknown, n) => (
        <Space wrap>
          {n.deliveredAt === null && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: (['posted', 'handed'] as const).map((m) => ({
                  key: m,
                  label: t(`rectification.delivery.record.${m}`),
                })),
                onClick: ({ key }) => void deliver(n, key as 'posted' | 'handed'),
              }}
            >
              <Button size="small">{t('rectification.delivery.record.action')}</Button>
            </Dropdown>
          )}
          {isPending(n.state) && (
            <Button size="small" type="primary" onClick={() => setChecking(n)}>
              {t('rectification.check.action')}
            </Button>
          )}
          <Button size="small" onClick={() => printOne(n)}>
            {t('rectification.print.one')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <section aria-labelledby="page-title">
      <Button type="link" style={{ paddingLeft: 0 }} onClick={() => navigate('/rectifications')}>
        ‹ {t('menu.rectifications')}
      </Button>
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {c.title}
        </Typography.Title>
        <Space wrap>
          {open && (
            <Button type="primary" onClick={() => setDialog('issue')}>
              {t('rectification.issue.title')}
            </Button>
          )}
          <Button onClick={printAll}>{t('rectification.print.all')}</Button>
          {open && <Button onClick={() => setDialog('wording')}>{t('rectification.wording.title')}</Button>}
          {open && (
            <Button
              danger
              onClick={() =>
                modal.confirm({
                  title: t('rectification.close.confirm', { title: c.title }),
                  content: t('rectification.close.text'),
                  okText: t('rectification.close.action'),
                  cancelText: t('common.cancel'),
                  onOk: () =>
                    post(`${base}/close`).then(
                      () => feedback.saved(undefined, t('rectification.close.done')),
                      feedback.failed,
                    ),
                })
              }
            >
              {t('rectification.close.action')}
            </Button>
          )}
        </Space>
      </div>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('rectification.campaign.kind')}>
          {kindName(c, i18n.language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('rectification.campaign.state')}>
          {t(`rectification.campaign.${c.state}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('rectification.campaign.targets')}>{c.targetsText}</Descriptions.Item>
        <Descriptions.Item label={t('rectification.campaign.deadline')}>
          {formatDay(c.deadline, i18n.language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('rectification.campaign.problem')} span={2}>
          {c.problem}
        </Descriptions.Item>
        <Descriptions.Item label={t('rectification.campaign.requirement')} span={2}>
          {c.requirement}
        </Descriptions.Item>
        {c.legalBasis && (
          <Descriptions.Item label={t('rectification.campaign.legalBasis')} span={2}>
            {c.legalBasis}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('rectification.campaign.issuer')} span={2}>
          {c.issuer}
        </Descriptions.Item>
      </Descriptions>

      <Summary campaign={c} onEdit={() => setDialog('figures')} />

      <section aria-labelledby="notices-title" className="campaign-notices">
        <div className="page-head">
          <Typography.Title level={3} id="notices-title" style={{ margin: 0 }}>
            {t('rectification.notice.list')}
          </Typography.Title>
          <Space wrap>
            <Select
              aria-label={t('rectification.notice.state')}
              placeholder={t('rectification.notice.state')}
              allowClear
              style={{ minWidth: 150 }}
              onChange={(v?: string) => filter('state', v)}
              options={rectificationStates.map((s) => ({ value: s, label: t(`rectification.state.${s}`) }))}
            />
            <Select
              aria-label={t('rectification.notice.delivery')}
              placeholder={t('rectification.notice.delivery')}
              allowClear
              style={{ minWidth: 150 }}
              onChange={(v?: string) => filter('delivered', v)}
              options={[
                { value: 'false', label: t('rectification.delivery.none') },
                { value: 'true', label: t('rectification.delivery.done') },
              ]}
            />
            <BuildingFilter value={filters.buildingId} onChange={(v) => filter('buildingId', v)} />
            <Input.Search
              aria-label={t('rectification.notice.search')}
              placeholder={t('rectification.notice.search')}
              allowClear
              style={{ width: 200 }}
              onSearch={(v) => filter('q', v || undefined)}
            />
            <ExportButton path={`${base}/notices`} params={filterParams} />
          </Space>
        </div>
        {notices.isError && <Alert type="error" showIcon title={errorText(notices.error, t)} />}
        <Table<RectificationRow>
          rowKey="id"
          columns={columns}
          dataSource={notices.data?.items ?? []}
          loading={notices.isFetching}
          scroll={{ x: true }}
          pagination={pagination(notices.data?.total)}
        />
      </section>

      <IssueModal campaign={c} open={dialog === 'issue'} onClose={() => setDialog(null)} />
      <FiguresModal campaign={c} open={dialog === 'figures'} onClose={() => setDialog(null)} />
      <WordingModal campaign={c} open={dialog === 'wording'} onClose={() => setDialog(null)} />
      {checking && <CheckModal notice={checking} onClose={() => setChecking(null)} />}
      <RectificationDrawer
        communityId={communityId}
        campaignId={campaignId}
        noticeId={shown}
        onOpen={setShown}
        onClose={() => setShown(null)}
        onCheck={(n) => setChecking(n)}
        onPrint={printOne}
      />
      <PrintPreview
        url={printing?.url ?? null}
        title={printing?.title ?? ''}
        onClose={() => setPrinting(null)}
      />
    </section>
  );
}
