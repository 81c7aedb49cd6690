import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { useCan } from '../organisations/kit';
import { DecisionModal, DecisionState } from './parts';
import '../conventions/conventions.css';

/** A complaint that is decided once, upheld or dismissed, with reasons: an appeal or a duty-rule report. */
export interface Decidable {
  id: string;
  text: string;
  state: 'open' | 'upheld' | 'dismissed';
  decisionText: string | null;
  ageDays: number;
}

/**
 * The list both kinds share: open ones first (the filter starts there), how long each has waited, and a
 * decision with reasons for those who may decide — so nothing filed stays without an answer unseen.
 */
export function DecisionList<T extends Decidable>({
  title,
  resource,
  fields,
  decideTitle,
}: {
  title: string;
  /** the list's path below the community, e.g. `red-black-appeals`; decisions go to `…/:id/decide` */
  resource: string;
  /** the columns that say what was filed; the decision's columns follow */
  fields: ResourceSpec<T>['fields'];
  decideTitle: string;
}) {
  const { t } = useTranslation();
  const scope = useScope();
  const canDecide = useCan('redBlack.review');
  const [deciding, setDeciding] = useState<T | null>(null);
  const spec: ResourceSpec<T> = {
    title,
    list: (c) => `/communities/${c}/${resource}`,
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
      ...fields,
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
        title={t(decideTitle)}
        path={
          deciding && scope.community
            ? `/communities/${scope.community.id}/${resource}/${deciding.id}/decide`
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
