import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../../shared/i18n';
import { useCompoundOptions } from '../../components/places';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { stateMarks, surveysBase, type Survey } from './model';

/** End of a chosen day in Shanghai (UTC+8), as the API's epoch-ms close time. */
export const endOfDay = (day: string) => Date.parse(`${day}T23:59:59+08:00`);

/**
 * 问卷调查: every questionnaire of the community (property evaluations too, marked), its state and
 * answers so far; a new one starts as a draft whose questions are built on its own page.
 */
export default function SurveysPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const compounds = useCompoundOptions();
  const compoundName = (id: string | null) =>
    id ? (compounds.options.find((c) => c.value === id)?.label ?? '') : t('surveys.wholeCommunity');

  const spec: ResourceSpec<Survey> = {
    title: 'menu.surveys',
    list: (c) => `${surveysBase(c)}/surveys`,
    create: (c) => `${surveysBase(c)}/surveys`,
    byCompound: true,
    filters: [
      {
        key: 'state',
        label: 'surveys.state.label',
        options: (['draft', 'open', 'closed'] as const).map((s) => ({
          value: s,
          label: `surveys.state.${s}`,
        })),
      },
      {
        key: 'kind',
        label: 'surveys.kind.label',
        options: [
          { value: 'general', label: 'surveys.kind.general' },
          { value: 'property_evaluation', label: 'surveys.kind.property_evaluation' },
        ],
      },
    ],
    defaults: { respondent: 'household', anonymous: true, resultsPublic: true },
    fields: [
      { key: 'title', label: 'surveys.title', required: true },
      { key: 'intro', label: 'surveys.intro', type: 'textarea', table: false },
      {
        key: 'compoundId',
        label: 'surveys.compound',
        type: 'select',
        options: compounds.options,
        hint: 'surveys.compoundHint',
        render: (s) => compoundName(s.compoundId),
      },
      {
        key: 'kind',
        label: 'surveys.kind.label',
        form: false,
        render: (s) => t(`surveys.kind.${s.kind}`),
      },
      {
        key: 'respondent',
        label: 'surveys.respondent.label',
        type: 'select',
        required: true,
        options: [
          { value: 'household', label: 'surveys.respondent.household' },
          { value: 'person', label: 'surveys.respondent.person' },
        ],
      },
      {
        key: 'anonymous',
        label: 'surveys.anonymous',
        type: 'switch',
        hint: 'surveys.anonymousHint',
        render: (s) => (s.anonymous ? t('surveys.anonymousYes') : t('surveys.named')),
      },
      {
        key: 'resultsPublic',
        label: 'surveys.resultsPublic',
        type: 'switch',
        table: false,
        hint: 'surveys.resultsPublicHint',
      },
      {
        key: 'closesAt',
        label: 'surveys.closesAt',
        type: 'date',
        render: (s) => (s.closesAt ? formatDateTime(s.closesAt, i18n.language) : '—'),
      },
      {
        key: 'state',
        label: 'surveys.state.label',
        form: false,
        render: (s) => `${stateMarks[s.state]} ${t(`surveys.state.${s.state}`)}`,
      },
      {
        key: 'responseCount',
        label: 'surveys.responses',
        form: false,
        render: (s) => String(s.responseCount),
      },
    ],
    toBody: (v) => ({
      title: v.title,
      ...(v.intro ? { intro: v.intro } : {}),
      ...(v.compoundId ? { compoundId: v.compoundId } : {}),
      respondent: v.respondent,
      anonymous: !!v.anonymous,
      resultsPublic: !!v.resultsPublic,
      ...(typeof v.closesAt === 'string' ? { closesAt: endOfDay(v.closesAt) } : {}),
    }),
    rowActions: (s) => (
      <Button
        size="small"
        type="primary"
        ghost
        onClick={() => navigate(`/surveys/${s.id}`)}
        aria-label={t('surveys.openNamed', { title: s.title })}
      >
        {s.state === 'draft' ? t('surveys.design') : t('surveys.view')}
      </Button>
    ),
  };
  return <ResourcePage spec={spec} />;
}
