import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/i18n';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { useCan } from '../organisations/kit';
import type { Appeal } from '../conventions/model';
import { DecisionModal, DecisionState, ListText } from './parts';
import '../conventions/conventions.css';

/**
 * 申诉: households' appeals against their red/black entries, open ones first with how long they have
 * waited: every appeal gets a decision with reasons, and an upheld one takes the entry off the list.
 */
export default function AppealsPage() {
  const { t, i18n } = useTranslation();
  const scope = useScope();
  const canReview = useCan('redBlack.review');
  const [deciding, setDeciding] = useState<Appeal | null>(null);

  const spec: ResourceSpec<Appeal> = {
    title: 'menu.redBlackAppeals',
    list: (c) => `/communities/${c}/red-black-appeals`,
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
        key: 'entryTitle',
        label: 'redBlack.appeal.entry',
        render: (a) => (
          <span>
            <ListText list={a.list} /> {a.entryTitle}
          </span>
        ),
      },
      { key: 'householdName', label: 'redBlack.household' },
      { key: 'text', label: 'redBlack.appeal.text' },
      {
        key: 'createdAt',
        label: 'redBlack.appeal.filedAt',
        render: (a) => formatDateTime(a.createdAt, i18n.language),
      },
      {
        key: 'state',
        label: 'redBlack.decision.label',
        render: (a) => <DecisionState state={a.state} ageDays={a.ageDays} />,
      },
      { key: 'decisionText', label: 'redBlack.decision.text', render: (a) => a.decisionText ?? '—' },
    ],
    rowActions: (a) =>
      canReview &&
      a.state === 'open' && (
        <Button size="small" type="primary" ghost onClick={() => setDeciding(a)}>
          {t('redBlack.decision.button')}
        </Button>
      ),
  };
  return (
    <>
      <ResourcePage spec={spec} />
      <DecisionModal
        title={t('redBlack.appeal.decideTitle')}
        path={
          deciding && scope.community
            ? `/communities/${scope.community.id}/red-black-appeals/${deciding.id}/decide`
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
