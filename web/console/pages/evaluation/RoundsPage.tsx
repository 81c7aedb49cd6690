import { useQuery } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useWriteFeedback } from '../../components/feedback';
import { useCompoundOptions } from '../../components/places';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { useCan } from '../organisations/kit';
import type { Round } from './model';
import { CaseStateText, RateText, useEvaluationSettings } from './parts';
import { SettingsModal } from './SettingsModal';
import '../surveys/surveys.css';

/** This quarter as the period a new round usually covers: "2026Q4". */
function currentQuarter(): string {
  const now = new Date(Date.now() + 8 * 3_600_000);
  return `${now.getUTCFullYear()}Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}

/**
 * 物业评议: rounds per compound, each a questionnaire of the standard items that residents answer
 * online or on paper; closing a round computes the rates, and one below the threshold opens a case.
 */
export default function RoundsPage() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const scope = useScope();
  const communityId = scope.community?.id;
  const compounds = useCompoundOptions();
  const settings = useEvaluationSettings(communityId);
  const canManage = useCan('surveys.manage');
  const feedback = useWriteFeedback();
  const [shown, setShown] = useState<Round | null>(null);
  const [editing, setEditing] = useState(false);

  const close = (r: Round) =>
    modal.confirm({
      title: t('evaluation.rounds.closeConfirm', { period: r.period, compound: r.compoundName }),
      content: t('evaluation.rounds.closeHint', { threshold: r.thresholdPercent }),
      okText: t('evaluation.rounds.close'),
      cancelText: t('common.cancel'),
      onOk: () =>
        post(`/communities/${r.communityId}/evaluation-rounds/${r.id}/close`, {}).then(
          () => feedback.saved(undefined, t('evaluation.rounds.closed')),
          feedback.failed,
        ),
    });

  const spec: ResourceSpec<Round> = {
    title: 'menu.evaluationRounds',
    list: (c) => `/communities/${c}/evaluation-rounds`,
    create: (c) => `/communities/${c}/evaluation-rounds`,
    byCompound: true,
    defaults: { period: currentQuarter() },
    filters: [
      {
        key: 'state',
        label: 'evaluation.rounds.state',
        options: [
          { value: 'open', label: 'evaluation.rounds.open' },
          { value: 'closed', label: 'evaluation.rounds.closedState' },
        ],
      },
    ],
    toolbar: canManage && (
      <Button onClick={() => setEditing(true)} disabled={!settings.data}>
        {t('evaluation.settings.title')}
      </Button>
    ),
    errorFields: { evaluation_round_exists: 'period', evaluation_no_company: 'compoundId' },
    fields: [
      {
        key: 'compoundId',
        label: 'evaluation.compound',
        type: 'select',
        required: true,
        form: 'create',
        options: compounds.options,
        render: (r) => r.compoundName,
      },
      {
        key: 'period',
        label: 'evaluation.rounds.period',
        required: true,
        form: 'create',
        hint: 'evaluation.rounds.periodHint',
      },
      {
        key: 'propertyCompanyName',
        label: 'evaluation.company',
        form: false,
        render: (r) => r.propertyCompanyName,
      },
      {
        key: 'state',
        label: 'evaluation.rounds.state',
        form: false,
        render: (r) =>
          r.state === 'open' ? `● ${t('evaluation.rounds.open')}` : `✓ ${t('evaluation.rounds.closedState')}`,
      },
      {
        key: 'responses',
        label: 'evaluation.rounds.responses',
        form: false,
        render: (r) => String(r.responses),
      },
      {
        key: 'overallRate',
        label: 'evaluation.rounds.overall',
        form: false,
        render: (r) => (
          <RateText rate={r.overallRate} threshold={r.thresholdPercent} below={r.overall.below} />
        ),
      },
      {
        key: 'caseState',
        label: 'evaluation.rounds.case',
        form: false,
        render: (r) =>
          r.caseId && r.caseState ? (
            <Link to={`/evaluation-cases/${r.caseId}`}>
              <CaseStateText state={r.caseState} />
            </Link>
          ) : (
            '—'
          ),
      },
    ],
    rowActions: (r) => (
      <>
        <Button
          size="small"
          type="primary"
          ghost
          onClick={() => setShown(r)}
          aria-label={t('evaluation.rounds.viewNamed', { period: r.period, compound: r.compoundName })}
        >
          {t('evaluation.rounds.view')}
        </Button>
        {canManage && r.state === 'open' && (
          <Button size="small" onClick={() => close(r)}>
            {t('evaluation.rounds.close')}
          </Button>
        )}
      </>
    ),
  };

  return (
    <>
      <ResourcePage spec={spec} />
      <RoundDrawer round={shown} onClose={() => setShown(null)} />
      {communityId && editing && (
        <SettingsModal
          communityId={communityId}
          settings={settings.data}
          open={editing}
          onClose={() => setEditing(false)}
        />
      )}
    </>
  );
}

/** A round's figures: each item's rate against the threshold, the survey behind them, the case. */
function RoundDrawer({ round, onClose }: { round: Round | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const path = round ? `/communities/${round.communityId}/evaluation-rounds/${round.id}` : null;
  const detail = useQuery({
    queryKey: ['list', 'evaluation-round', path],
    enabled: !!path,
    queryFn: () => get<Round>(path!),
  });
  const r = detail.data;
  return (
    <Drawer
      open={!!round}
      onClose={onClose}
      size="large"
      title={round ? `${round.compoundName} · ${round.period}` : ''}
    >
      {!r ? (
        <Spin />
      ) : (
        <>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'company', label: t('evaluation.company'), children: r.propertyCompanyName },
              {
                key: 'overall',
                label: t('evaluation.rounds.overall'),
                children: (
                  <RateText rate={r.overallRate} threshold={r.thresholdPercent} below={r.overall.below} />
                ),
              },
              { key: 'responses', label: t('evaluation.rounds.responses'), children: r.responses },
              {
                key: 'threshold',
                label: t('evaluation.rounds.threshold'),
                children: `${r.thresholdPercent}%`,
              },
              {
                key: 'closed',
                label: t('evaluation.rounds.closedAt'),
                children: r.closedAt ? formatDateTime(r.closedAt, i18n.language) : '—',
              },
              {
                key: 'survey',
                label: t('evaluation.rounds.survey'),
                children: (
                  <Link to={`/surveys/${r.surveyId}?tab=${r.state === 'open' ? 'paper' : 'results'}`}>
                    {t(r.state === 'open' ? 'evaluation.rounds.enterPaper' : 'evaluation.rounds.seeResults')}
                  </Link>
                ),
              },
              ...(r.caseId && r.caseState
                ? [
                    {
                      key: 'case',
                      label: t('evaluation.rounds.case'),
                      children: (
                        <Link to={`/evaluation-cases/${r.caseId}`}>
                          <CaseStateText state={r.caseState} />
                        </Link>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <Typography.Paragraph className="rate-rule">{t('surveys.results.rateRule')}</Typography.Paragraph>
          {r.state === 'closed' ? (
            <Table<Round['items'][number]>
              rowKey="code"
              size="small"
              pagination={false}
              dataSource={r.items}
              columns={[
                {
                  key: 'item',
                  title: t('evaluation.item'),
                  render: (_, x) => (i18n.language === 'en' ? x.nameEn : x.nameZh),
                },
                {
                  key: 'counts',
                  title: t('evaluation.rounds.counts'),
                  render: (_, x) =>
                    x.rated === null
                      ? '—'
                      : t('evaluation.rounds.countsText', { satisfied: x.satisfied, rated: x.rated }),
                },
                {
                  key: 'rate',
                  title: t('evaluation.rounds.rate'),
                  render: (_, x) => <RateText rate={x.rate} threshold={r.thresholdPercent} below={x.below} />,
                },
              ]}
            />
          ) : (
            <Typography.Paragraph>{t('evaluation.rounds.ratesOnClose')}</Typography.Paragraph>
          )}
        </>
      )}
    </Drawer>
  );
}
