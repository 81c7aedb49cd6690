import { useQuery } from '@tanstack/react-query';
import { Alert, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get } from '../../../shared/api';
import { useScope } from '../../components/scope';
import { percent } from '../surveys/model';
import type { CaseState } from './model';
import { CaseStateText, useItemName } from './parts';
import '../surveys/surveys.css';

interface HistoryEntry {
  roundId: string;
  communityName: string;
  compoundName: string;
  period: string;
  responses: number;
  overallRate: number | null;
  below: string[];
  caseState: CaseState | null;
}
interface Company {
  propertyCompanyId: string;
  name: string;
  rounds: number;
  roundsBelow: number;
  openCases: number;
  latestRate: number | null;
  history: HistoryEntry[];
}

/**
 * 物业评议档案: for the street, each property company with every closed round across the street's
 * communities — how often it fell below the standard and the cases still open — to compare companies
 * and to back a replacement proposal with the record.
 */
export default function HistoryPage() {
  const { t, i18n } = useTranslation();
  const scope = useScope();
  const [streetId, setStreetId] = useState<string | undefined>(scope.community?.streetId);
  const street = streetId ?? scope.community?.streetId;
  const itemName = useItemName(scope.community?.id);
  const history = useQuery({
    queryKey: ['street-evaluations', street],
    enabled: !!street,
    queryFn: () => get<{ companies: Company[] }>(`/streets/${street}/property-evaluations`),
  });
  const belowText = (codes: string[]) =>
    codes.map((c) => (c === 'overall' ? t('evaluation.case.overall') : itemName(c))).join('、') || '—';

  return (
    <section aria-labelledby="page-title">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.evaluationHistory')}
        </Typography.Title>
        {scope.streets.length > 1 && (
          <Select
            aria-label={t('evaluation.history.street')}
            style={{ minWidth: 180 }}
            value={street}
            onChange={(v: string) => setStreetId(v)}
            options={scope.streets.map((s) => ({ value: s.id, label: s.name }))}
          />
        )}
      </div>
      <Typography.Paragraph>{t('evaluation.history.intro')}</Typography.Paragraph>
      {history.isError ? (
        <Alert
          type="info"
          showIcon
          title={errorText(history.error, t)}
          description={t('evaluation.history.streetOnly')}
        />
      ) : (
        <Table<Company>
          rowKey="propertyCompanyId"
          loading={history.isPending}
          dataSource={history.data?.companies ?? []}
          pagination={false}
          scroll={{ x: true }}
          expandable={{
            expandedRowRender: (c) => (
              <Table<HistoryEntry>
                rowKey="roundId"
                size="small"
                pagination={false}
                dataSource={c.history}
                columns={[
                  { key: 'period', title: t('evaluation.rounds.period'), dataIndex: 'period' },
                  {
                    key: 'where',
                    title: t('evaluation.compound'),
                    render: (_, h) => `${h.communityName} ${h.compoundName}`,
                  },
                  { key: 'responses', title: t('evaluation.rounds.responses'), dataIndex: 'responses' },
                  {
                    key: 'rate',
                    title: t('evaluation.rounds.overall'),
                    render: (_, h) => percent(h.overallRate, i18n.language),
                  },
                  { key: 'below', title: t('evaluation.case.below'), render: (_, h) => belowText(h.below) },
                  {
                    key: 'case',
                    title: t('evaluation.rounds.case'),
                    render: (_, h) => (h.caseState ? <CaseStateText state={h.caseState} /> : '—'),
                  },
                ]}
              />
            ),
          }}
          columns={[
            { key: 'name', title: t('evaluation.company'), dataIndex: 'name' },
            { key: 'rounds', title: t('evaluation.history.rounds'), dataIndex: 'rounds' },
            {
              key: 'below',
              title: t('evaluation.history.roundsBelow'),
              render: (_, c) => (
                <Space>
                  {c.roundsBelow > 0 ? <span className="rate-below">⚠ {c.roundsBelow}</span> : c.roundsBelow}
                </Space>
              ),
            },
            { key: 'open', title: t('evaluation.history.openCases'), dataIndex: 'openCases' },
            {
              key: 'latest',
              title: t('evaluation.history.latest'),
              render: (_, c) => percent(c.latestRate, i18n.language),
            },
          ]}
        />
      )}
    </section>
  );
}
