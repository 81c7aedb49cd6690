import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDay, kindName } from '../../../shared/notices';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { campaignsPath, useRectificationKinds, type CampaignItem } from './model';
import { TargetTree, targetsOf, type PickedPlace } from './TargetTree';
import './notices.css';

/**
 * 整改: one campaign per problem (楼道堆物, 违章搭建, 占用消防通道…) over some places, with a deadline;
 * how far each has got; start one here and run it on its own page.
 */
export default function CampaignsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const scope = useScope();
  const kinds = useRectificationKinds(scope.community?.id);
  const kindOptions = (kinds.data?.kinds ?? []).map((k) => ({
    value: k.code,
    label: i18n.language === 'en' ? k.nameEn : k.nameZh,
  }));

  const spec: ResourceSpec<CampaignItem> = {
    title: 'menu.rectifications',
    list: campaignsPath,
    create: campaignsPath,
    filters: [
      {
        key: 'state',
        label: 'rectification.campaign.state',
        initial: 'open',
        options: [
          { value: 'open', label: 'rectification.campaign.open' },
          { value: 'closed', label: 'rectification.campaign.closed' },
        ],
      },
      { key: 'kind', label: 'rectification.campaign.kind', options: kindOptions },
    ],
    defaults: { issuer: scope.community?.name ?? '', targets: [] },
    errorFields: { rectification_kind_unknown: 'kind', rectification_deadline: 'deadline' },
    fields: [
      {
        key: 'title',
        label: 'rectification.campaign.title',
        required: true,
        render: (c) => (
          <Button type="link" style={{ padding: 0 }} onClick={() => navigate(`/rectifications/${c.id}`)}>
            {c.title}
          </Button>
        ),
      },
      {
        key: 'kind',
        label: 'rectification.campaign.kind',
        type: 'select',
        options: kindOptions,
        required: true,
        render: (c) => kindName(c, i18n.language),
      },
      {
        key: 'problem',
        label: 'rectification.campaign.problem',
        type: 'textarea',
        required: true,
        table: false,
        hint: 'rectification.campaign.problemHint',
      },
      {
        key: 'requirement',
        label: 'rectification.campaign.requirement',
        type: 'textarea',
        required: true,
        table: false,
        hint: 'rectification.campaign.requirementHint',
      },
      {
        key: 'legalBasis',
        label: 'rectification.campaign.legalBasis',
        table: false,
        hint: 'rectification.campaign.legalBasisHint',
      },
      { key: 'issuer', label: 'rectification.campaign.issuer', required: true, table: false },
      {
        key: 'deadline',
        label: 'rectification.campaign.deadline',
        type: 'date',
        required: true,
        render: (c) => formatDay(c.deadline, i18n.language),
      },
      {
        key: 'targets',
        label: 'rectification.campaign.targets',
        input: <TargetTree />,
        required: true,
        table: false,
        hint: 'rectification.campaign.targetsHint',
      },
      { key: 'targetsText', label: 'rectification.campaign.targets', form: false },
      {
        key: 'progress',
        label: 'rectification.campaign.progress',
        form: false,
        render: (c) =>
          t('rectification.campaign.progressText', { done: c.done, total: c.notices, pending: c.pending }),
      },
      {
        key: 'state',
        label: 'rectification.campaign.state',
        form: false,
        render: (c) => t(`rectification.campaign.${c.state}`),
      },
    ],
    toBody: (v) => ({
      kind: v.kind,
      title: v.title,
      problem: v.problem,
      requirement: v.requirement,
      ...(v.legalBasis ? { legalBasis: v.legalBasis } : {}),
      issuer: v.issuer,
      deadline: v.deadline,
      targets: targetsOf((v.targets as PickedPlace[] | undefined) ?? []),
    }),
    rowActions: (c) => (
      <Button size="small" onClick={() => navigate(`/rectifications/${c.id}`)}>
        {t('rectification.campaign.open_action')}
      </Button>
    ),
  };
  return <ResourcePage spec={spec} />;
}
