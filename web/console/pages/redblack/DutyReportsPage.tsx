import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/i18n';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { useCan } from '../organisations/kit';
import { DecisionModal, DecisionState } from './parts';
import '../conventions/conventions.css';

interface Report {
  id: string;
  /** 1-based: the rule breached. */
  ruleIndex: number;
  ruleText: string;
  memberName: string | null;
  text: string;
  anonymous: boolean;
  reporterName: string | null;
  state: 'open' | 'upheld' | 'dismissed';
  decisionText: string | null;
  ageDays: number;
  createdAt: number;
}

/** 违规举报: reports that a committee member broke one of the 九不准, each decided with reasons. */
export default function DutyReportsPage() {
  const { t, i18n } = useTranslation();
  const scope = useScope();
  const canDecide = useCan('redBlack.review');
  const [deciding, setDeciding] = useState<Report | null>(null);
  const spec: ResourceSpec<Report> = {
    title: 'menu.dutyReports',
    list: (c) => `/communities/${c}/duty-rule-reports`,
    byCompound: true,
    filters: [
      {
        key: 'state',
        label: 'redBlack.decision.label',
        initial: 'open',
        options: (['open', 'upheld', 'dismissed'] as const).map((s) => ({
          value: s,
          label: `redBlack.decision.${s}`,
        })),
      },
    ],
    fields: [
      {
        key: 'rule',
        label: 'dutyRules.report.rule',
        render: (r) => `${r.ruleIndex}. ${r.ruleText}`,
      },
      { key: 'memberName', label: 'dutyRules.member', render: (r) => r.memberName ?? '—' },
      { key: 'text', label: 'dutyRules.report.text' },
      {
        key: 'createdAt',
        label: 'dutyRules.report.at',
        render: (r) =>
          `${formatDateTime(r.createdAt, i18n.language)} · ${r.reporterName ?? t('dutyRules.report.anonymous')}`,
      },
      {
        key: 'state',
        label: 'redBlack.decision.label',
        render: (r) => <DecisionState state={r.state} ageDays={r.ageDays} />,
      },
      { key: 'decisionText', label: 'redBlack.decision.text', render: (r) => r.decisionText ?? '—' },
    ],
    rowActions: (r) =>
      canDecide &&
      r.state === 'open' && (
        <Button size="small" type="primary" ghost onClick={() => setDeciding(r)}>
          {t('redBlack.decision.button')}
        </Button>
      ),
  };
  return (
    <>
      <ResourcePage spec={spec} />
      <DecisionModal
        title={t('dutyRules.report.decideTitle')}
        path={
          deciding && scope.community
            ? `/communities/${scope.community.id}/duty-rule-reports/${deciding.id}/decide`
            : null
        }
        intro={deciding && <p>{deciding.text}</p>}
        fields={[
          {
            name: 'uphold',
            label: 'redBlack.decision.label',
            kind: 'uphold',
            required: true,
            initial: false,
          },
          { name: 'text', label: 'redBlack.decision.text', kind: 'text', required: true },
        ]}
        onClose={() => setDeciding(null)}
      />
    </>
  );
}
