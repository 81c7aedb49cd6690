import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Spin, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { errorText, get } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useScope } from '../../components/scope';
import { useCan } from '../organisations/kit';
import { AdoptionPanel } from './AdoptionPanel';
import { ArticlesEditor } from './ArticlesEditor';
import { CoveragePanel } from './CoveragePanel';
import { DiffView } from './DiffView';
import { conventionMarks, type ConventionDetail } from './model';
import { OpinionsPanel } from './OpinionsPanel';
import './conventions.css';

const tabs = ['text', 'diff', 'opinions', 'coverage', 'adoption'] as const;

/**
 * One convention at the desk: its articles and versions, the differences between versions, the
 * households' opinions, coverage by building, and its adoption, publication and printing.
 */
export default function ConventionPage() {
  const { t, i18n } = useTranslation();
  const { conventionId = '' } = useParams();
  const scope = useScope();
  const communityId = scope.community?.id;
  const canManage = useCan('conventions.manage');
  const [params, setParams] = useSearchParams();
  const path = communityId ? `/communities/${communityId}/conventions/${conventionId}` : null;
  const convention = useQuery({
    queryKey: ['convention', conventionId],
    enabled: !!path,
    queryFn: () => get<ConventionDetail>(path!),
  });
  if (!communityId) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  if (convention.isPending) return <Spin />;
  const back = <Link to="/conventions">{t('conventions.back')}</Link>;
  if (convention.isError)
    return (
      <>
        {back}
        <Alert type="error" showIcon title={errorText(convention.error, t)} />
      </>
    );
  const c = convention.data;
  const current = c.currentVersion;
  const articles = current?.articles ?? [];
  const editable = canManage && (c.state === 'drafting' || c.state === 'consulting');
  const tab = (tabs as readonly string[]).includes(params.get('tab') ?? '') ? params.get('tab') : 'text';

  return (
    <section aria-labelledby="page-title" className="convention-page">
      {back}
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {c.title}
        </Typography.Title>
      </div>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 3 }}
        items={[
          {
            key: 'state',
            label: t('conventions.state.label'),
            children: `${conventionMarks[c.state]} ${t(`conventions.state.${c.state}`)}`,
          },
          {
            key: 'version',
            label: t('conventions.version'),
            children: current
              ? `v${current.number} · ${formatDateTime(current.createdAt, i18n.language)}`
              : t('conventions.noVersion'),
          },
          {
            key: 'compound',
            label: t('conventions.compound'),
            children: c.compoundName ?? t('conventions.wholeCommunity'),
          },
        ]}
      />
      <Tabs
        activeKey={tab ?? 'text'}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={[
          {
            key: 'text',
            label: t('conventions.tab.text', { count: articles.length }),
            children: (
              <ArticlesEditor
                key={current?.id ?? 'none'}
                convention={c}
                articles={articles}
                editable={editable}
              />
            ),
          },
          {
            key: 'diff',
            label: t('conventions.tab.diff', { count: c.versions.length }),
            children: <DiffView convention={c} />,
          },
          {
            key: 'opinions',
            label: t('conventions.tab.opinions'),
            children: <OpinionsPanel convention={c} articles={articles} canEnter={canManage} />,
          },
          {
            key: 'coverage',
            label: t('conventions.tab.coverage'),
            children: <CoveragePanel convention={c} canEnter={canManage} />,
          },
          {
            key: 'adoption',
            label: t('conventions.tab.adoption'),
            children: <AdoptionPanel convention={c} canManage={canManage} />,
          },
        ]}
      />
    </section>
  );
}
