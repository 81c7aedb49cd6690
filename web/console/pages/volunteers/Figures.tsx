import { useQuery } from '@tanstack/react-query';
import { Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText, get } from '../../../shared/api';
import { useScope } from '../../components/scope';
import { LoadError } from '../organisations/kit';
import { base, DateRange, hours, usePlaces } from './kit';
import { sourceKinds, type SourceKind } from './model';
import './volunteers.css';

/** Where a number comes from: the list (and its filters) whose rows add up to it. */
interface Source {
  path: string;
  query: Record<string, string>;
}

interface Figures {
  volunteersActive: number;
  minutes: number;
  activitiesHeld: number;
  residentsServed: number;
  byKind: Record<SourceKind, { entries: number; minutes: number }>;
  bySquad: { squadId: string; squadName: string; entries: number; minutes: number }[];
  byCompound: { compoundId: string; compoundName: string; entries: number; minutes: number }[];
  patrols: {
    runsDone: number;
    runsMissed: number;
    runsFlagged: number;
    findings: number;
    findingOrders: number;
  } | null;
  sources: Record<'volunteersActive' | 'hours' | 'activitiesHeld' | 'residentsServed', Source>;
}

/** The console page that lists a source's rows, with its filters in the address. */
export function sourceHref(source: Source | undefined): string | null {
  if (!source) return null;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(source.query))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const page = source.path.replace(/^\/+/, '').replace(/^communities\/[^/]+\//, '');
  return `/${page}${q.size ? `?${q}` : ''}`;
}

function Figure({ value, label, source }: { value: number | string; label: string; source?: Source }) {
  const { t } = useTranslation();
  const href = sourceHref(source);
  const body = (
    <>
      <span className="vol-figure-value">{value}</span>
      <span className="vol-figure-label">{label}</span>
      {href && <span className="vol-figure-link">{t('vol.figures.rows')} ›</span>}
    </>
  );
  return href ? (
    <Link className="vol-figure" to={href} aria-label={t('vol.figures.rowsOf', { label, value })}>
      {body}
    </Link>
  ) : (
    <div className="vol-figure">{body}</div>
  );
}

/**
 * 志愿统计: volunteers active, hours, activities held, residents served, patrols done and findings —
 * for a period, a compound (the scope's) and a squad. Every number links to the rows behind it.
 */
export default function VolunteerFiguresPage() {
  const { t } = useTranslation();
  const { community, compoundId } = useScope();
  const { squads } = usePlaces();
  const [range, setRange] = useState<[string?, string?]>(() => [
    dayjs().startOf('month').format('YYYY-MM-DD'),
    dayjs().format('YYYY-MM-DD'),
  ]);
  const [squadId, setSquadId] = useState<string>();
  const q = new URLSearchParams();
  if (range[0]) q.set('from', range[0]);
  if (range[1]) q.set('to', range[1]);
  if (compoundId) q.set('compoundId', compoundId);
  if (squadId) q.set('squadId', squadId);
  const path = community ? `${base(community.id)}/volunteer-figures?${q}` : null;
  const figures = useQuery({ queryKey: ['list', path], enabled: !!path, queryFn: () => get<Figures>(path!) });
  const f = figures.data;
  // The period and place filters as the lists take them, for the figures the API gives no source for.
  const period = Object.fromEntries(q);
  const src = (key: keyof Figures['sources']) => f?.sources[key];
  const list = (path: string, query: Record<string, string>): Source => ({
    path,
    query: { ...period, ...query },
  });

  return (
    <section aria-labelledby="page-title">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.volunteerFigures')}
        </Typography.Title>
        <Space wrap>
          <DateRange from={range[0]} to={range[1]} onChange={(a, b) => setRange([a, b])} />
          <Select
            aria-label={t('vol.squad')}
            placeholder={t('vol.squad')}
            allowClear
            style={{ minWidth: 160 }}
            value={squadId}
            onChange={(v?: string) => setSquadId(v)}
            options={squads}
          />
        </Space>
      </div>
      <LoadError error={figures.error} />
      {figures.isError && <Typography.Paragraph>{errorText(figures.error, t)}</Typography.Paragraph>}
      {f && (
        <>
          <div className="vol-figures">
            <Figure
              value={f.volunteersActive}
              label={t('vol.figures.volunteersActive')}
              source={src('volunteersActive')}
            />
            <Figure value={hours(f.minutes)} label={t('vol.figures.hours')} source={src('hours')} />
            <Figure
              value={f.activitiesHeld}
              label={t('vol.figures.activitiesHeld')}
              source={src('activitiesHeld')}
            />
            <Figure
              value={f.residentsServed}
              label={t('vol.figures.residentsServed')}
              source={src('residentsServed')}
            />
            {f.patrols && (
              <>
                <Figure
                  value={f.patrols.runsDone}
                  label={t('vol.figures.runsDone')}
                  source={list('patrol-runs', { state: 'done' })}
                />
                <Figure
                  value={f.patrols.runsFlagged}
                  label={t('vol.figures.runsFlagged')}
                  source={list('patrol-runs', { flagged: 'true' })}
                />
                <Figure
                  value={f.patrols.runsMissed}
                  label={t('vol.figures.runsMissed')}
                  source={list('patrol-runs', { state: 'missed' })}
                />
                <Figure
                  value={f.patrols.findings}
                  label={t('vol.figures.findings')}
                  source={list('patrol-runs', {})}
                />
              </>
            )}
          </div>
          <Typography.Title level={3}>{t('vol.figures.byKind')}</Typography.Title>
          <div className="vol-figures">
            {sourceKinds.map((k) => (
              <Figure
                key={k}
                value={hours(f.byKind[k]?.minutes ?? 0)}
                label={t('vol.figures.kindHours', {
                  kind: t(`vol.source.${k}`),
                  entries: f.byKind[k]?.entries ?? 0,
                })}
                source={list('service-entries', { sourceKind: k })}
              />
            ))}
          </div>
          <Typography.Title level={3}>{t('vol.figures.bySquad')}</Typography.Title>
          <Table
            rowKey="squadId"
            size="small"
            pagination={false}
            dataSource={f.bySquad}
            columns={[
              { key: 'name', title: t('vol.squad'), dataIndex: 'squadName' },
              { key: 'entries', title: t('vol.figures.entries'), dataIndex: 'entries' },
              {
                key: 'hours',
                title: t('vol.hours'),
                render: (_, r) => (
                  <Link to={sourceHref(list('service-entries', { squadId: r.squadId }))!}>
                    {hours(r.minutes)}
                  </Link>
                ),
              },
            ]}
          />
          <Typography.Title level={3}>{t('vol.figures.byCompound')}</Typography.Title>
          <Table
            rowKey="compoundId"
            size="small"
            pagination={false}
            dataSource={f.byCompound}
            columns={[
              { key: 'name', title: t('vol.compound'), dataIndex: 'compoundName' },
              { key: 'entries', title: t('vol.figures.entries'), dataIndex: 'entries' },
              {
                key: 'hours',
                title: t('vol.hours'),
                render: (_, r) => (
                  <Link to={sourceHref(list('service-entries', { compoundId: r.compoundId }))!}>
                    {hours(r.minutes)}
                  </Link>
                ),
              },
            ]}
          />
        </>
      )}
    </section>
  );
}
