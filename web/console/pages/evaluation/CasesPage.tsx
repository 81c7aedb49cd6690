import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { formatDateTime } from '../../../shared/i18n';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { CaseDrawer } from './CaseDrawer';
import { caseStates, type EvaluationCase } from './model';
import { CaseStateText } from './parts';
import '../surveys/surveys.css';

/**
 * 整改案件: property cases opened by a round below the threshold, each on its way from 约谈 through
 * a rectification list to a re-evaluation, closed when it is resolved or escalated to replacement.
 */
export default function CasesPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { caseId } = useParams();

  const spec: ResourceSpec<EvaluationCase> = {
    title: 'menu.evaluationCases',
    list: (c) => `/communities/${c}/evaluation-cases`,
    byCompound: true,
    filters: [
      {
        key: 'state',
        label: 'evaluation.case.state',
        options: caseStates.map((s) => ({ value: s, label: `evaluation.caseState.${s}` })),
      },
    ],
    fields: [
      {
        key: 'compoundId',
        label: 'evaluation.compound',
        render: (c) => c.compoundName,
      },
      { key: 'propertyCompanyName', label: 'evaluation.company' },
      { key: 'period', label: 'evaluation.rounds.period' },
      { key: 'state', label: 'evaluation.case.state', render: (c) => <CaseStateText state={c.state} /> },
      {
        key: 'items',
        label: 'evaluation.case.items',
        render: (c) => (
          <span>
            {t('evaluation.case.itemsDone', { done: c.itemsDone, total: c.items.length })}
            {c.overdueItems > 0 && (
              <strong className="rate-below">
                {' '}
                ⚠ {t('evaluation.case.overdue', { count: c.overdueItems })}
              </strong>
            )}
          </span>
        ),
      },
      {
        key: 'createdAt',
        label: 'evaluation.case.openedAt',
        render: (c) => formatDateTime(c.createdAt, i18n.language),
      },
    ],
    rowActions: (c) => (
      <Button
        size="small"
        type="primary"
        ghost
        onClick={() => navigate(`/evaluation-cases/${c.id}`)}
        aria-label={t('evaluation.case.openNamed', { name: `${c.compoundName} ${c.period}` })}
      >
        {t('evaluation.case.open')}
      </Button>
    ),
  };
  return (
    <>
      <ResourcePage spec={spec} />
      <CaseDrawer caseId={caseId ?? null} onClose={() => navigate('/evaluation-cases')} />
    </>
  );
}
