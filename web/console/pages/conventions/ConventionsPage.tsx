import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../../shared/i18n';
import { useCompoundOptions } from '../../components/places';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { conventionMarks, conventionStates, type Convention } from './model';

/**
 * 居民公约: the community's conventions, each from draft through consultation (征求意见) to the adopted
 * text households pledge to; a new one starts as a draft whose articles are written on its page.
 */
export default function ConventionsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const compounds = useCompoundOptions();

  const spec: ResourceSpec<Convention> = {
    title: 'menu.conventions',
    list: (c) => `/communities/${c}/conventions`,
    create: (c) => `/communities/${c}/conventions`,
    byCompound: true,
    filters: [
      {
        key: 'state',
        label: 'conventions.state.label',
        options: conventionStates.map((s) => ({ value: s, label: `conventions.state.${s}` })),
      },
    ],
    fields: [
      { key: 'title', label: 'conventions.title', required: true },
      {
        key: 'compoundId',
        label: 'conventions.compound',
        type: 'select',
        options: compounds.options,
        hint: 'conventions.compoundHint',
        form: 'create',
        render: (c) => c.compoundName ?? t('conventions.wholeCommunity'),
      },
      {
        key: 'state',
        label: 'conventions.state.label',
        form: false,
        render: (c) => `${conventionMarks[c.state]} ${t(`conventions.state.${c.state}`)}`,
      },
      {
        key: 'currentVersionNumber',
        label: 'conventions.version',
        form: false,
        render: (c) => (c.currentVersionNumber ? `v${c.currentVersionNumber}` : '—'),
      },
      { key: 'articleCount', label: 'conventions.articleCount', form: false },
      {
        key: 'updatedAt',
        label: 'conventions.updatedAt',
        form: false,
        render: (c) => formatDateTime(c.updatedAt, i18n.language),
      },
    ],
    toBody: (v) => ({ title: v.title, ...(v.compoundId ? { compoundId: v.compoundId } : {}) }),
    rowActions: (c) => (
      <Button
        size="small"
        type="primary"
        ghost
        onClick={() => navigate(`/conventions/${c.id}`)}
        aria-label={t('conventions.openNamed', { title: c.title })}
      >
        {t('conventions.open')}
      </Button>
    ),
  };
  return <ResourcePage spec={spec} />;
}
