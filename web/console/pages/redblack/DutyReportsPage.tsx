import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/i18n';
import { DecisionList } from './DecisionList';

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
  return (
    <DecisionList<Report>
      title="menu.dutyReports"
      resource="duty-rule-reports"
      decideTitle="dutyRules.report.decideTitle"
      fields={[
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
      ]}
    />
  );
}
