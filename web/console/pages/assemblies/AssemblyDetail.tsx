import { useQueryClient } from '@tanstack/react-query';
import { Alert, Space, Spin, Tabs, Typography } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { errorText } from '../../../shared/api';
import { useLiveEvents } from '../../../shared/live';
import { useScope } from '../../components/scope';
import { useCan } from '../organisations/kit';
import { CanvassTab } from './CanvassTab';
import { ElectorateTab } from './ElectorateTab';
import { LifecycleTab } from './LifecycleTab';
import { MattersTab } from './MattersTab';
import { PaperBallotsTab } from './PaperBallotsTab';
import { ResultsTab } from './ResultsTab';
import { TurnoutTab } from './TurnoutTab';
import { assemblyKey, assemblyPath, StatusTag, useAssembly } from './parts';

const tabs = ['overview', 'matters', 'electorate', 'turnout', 'paper', 'canvass', 'results'] as const;
type TabKey = (typeof tabs)[number];

/**
 * One assembly at the desk: its matters and candidates, the lifecycle steps, the frozen roll, live
 * turnout, paper ballots with their second check, canvassing, and the results. Steps, ballots and
 * candidate lists arrive live from the assembly's event stream.
 */
export function AssemblyDetail({ assemblyId }: { assemblyId: string }) {
  const { t } = useTranslation();
  const scope = useScope();
  const communityId = scope.community?.id ?? '';
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const assembly = useAssembly(communityId, assemblyId);
  const canEnter = useCan('ballots.enter');
  const a = assembly.data;
  const live = a && !['draft', 'archived', 'cancelled'].includes(a.status);
  // Ballots arrive in bursts at a desk entering paper sheets: refetch what is on screen at most once a second.
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(pending.current ?? undefined), []);
  useLiveEvents(live ? `${assemblyPath(communityId, assemblyId)}/turnout/stream` : null, () => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      void queryClient.invalidateQueries({ queryKey: assemblyKey(assemblyId) });
    }, 1000);
  });

  const tab = (tabs as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as TabKey)
    : 'overview';
  if (!communityId) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  if (assembly.isPending) return <Spin />;
  if (assembly.isError || !a)
    return (
      <>
        <Link to="/assemblies">{t('assemblies.backToList')}</Link>
        <Alert type="error" showIcon title={errorText(assembly.error, t)} />
      </>
    );

  const props = { communityId, assembly: a };
  const items: { key: TabKey; label: string; children: ReactNode }[] = [
    { key: 'overview', label: t('assemblies.tab.overview'), children: <LifecycleTab {...props} /> },
    { key: 'matters', label: t('assemblies.tab.matters'), children: <MattersTab {...props} /> },
    { key: 'electorate', label: t('assemblies.tab.electorate'), children: <ElectorateTab {...props} /> },
    { key: 'turnout', label: t('assemblies.tab.turnout'), children: <TurnoutTab {...props} /> },
    ...(canEnter
      ? [
          {
            key: 'paper' as const,
            label: t('assemblies.tab.paper'),
            children: <PaperBallotsTab {...props} />,
          },
        ]
      : []),
    { key: 'canvass', label: t('assemblies.tab.canvass'), children: <CanvassTab {...props} /> },
    { key: 'results', label: t('assemblies.tab.results'), children: <ResultsTab {...props} /> },
  ];

  return (
    <section aria-labelledby="page-title" className="assembly-desk">
      <Link to="/assemblies">{t('assemblies.backToList')}</Link>
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {a.title}
        </Typography.Title>
        <Space wrap>
          <Typography.Text>{a.compoundName}</Typography.Text>
          <StatusTag status={a.status} />
        </Space>
      </div>
      <Tabs
        activeKey={tab}
        destroyOnHidden
        onChange={(key) => {
          const next = new URLSearchParams(params);
          next.set('tab', key);
          setParams(next, { replace: true });
        }}
        items={items}
      />
    </section>
  );
}
