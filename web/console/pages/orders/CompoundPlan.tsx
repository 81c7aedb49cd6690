import { useQuery } from '@tanstack/react-query';
import { Select, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { get, type Page } from '../../../shared/api';
import { useScope } from '../../components/scope';
import { LoadError } from '../organisations/kit';
import { useOrderOptions, useOrdersLive } from './common';
import './orders.css';

interface Building {
  id: string;
  name: string;
}
interface Tally {
  open: number;
  overdue: number;
  escalated: number;
}
/** GET …/orders/by-building: the compound's open orders counted by building and by grid. */
interface Plan {
  compoundId: string;
  buildings: ({ buildingId: string | null; buildingName: string | null } & Tally)[];
  grids: ({ gridId: string | null; gridName: string | null } & Tally)[];
}
const none: Tally = { open: 0, overdue: 0, escalated: 0 };

const byName = (a: Building, b: Building) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true });

/**
 * 小区平面: the compound's buildings as labelled boxes with their open, overdue and escalated orders
 * (counted by the server in the caller's scope), and the same by grid; a box opens the dispatch board
 * filtered to that building. Counts are words and numbers, the colour only repeats them.
 */
export default function CompoundPlan() {
  const { t } = useTranslation();
  const scope = useScope();
  const navigate = useNavigate();
  const communityId = scope.community?.id;
  const { compounds } = useOrderOptions(communityId);
  const [picked, setPicked] = useState<string | null>(null);
  const compoundId = picked ?? scope.compoundId ?? compounds.options[0]?.value ?? null;
  useOrdersLive(communityId);
  const buildings = useQuery({
    queryKey: ['list', `/communities/${communityId}/buildings?compoundId=${compoundId}&pageSize=200`],
    enabled: !!communityId && !!compoundId,
    queryFn: () =>
      get<Page<Building>>(`/communities/${communityId}/buildings?compoundId=${compoundId}&pageSize=200`),
  });
  const plan = useQuery({
    queryKey: ['order-plan', communityId, compoundId],
    enabled: !!communityId && !!compoundId,
    queryFn: () => get<Plan>(`/communities/${communityId}/orders/by-building?compoundId=${compoundId}`),
  });
  const tally = (buildingId: string | null) =>
    plan.data?.buildings.find((b) => b.buildingId === buildingId) ?? none;

  if (!communityId) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  const listed = buildings.data?.items ?? [];
  // A building with orders but no longer listed (archived since) still shows what it holds.
  const unlisted = (plan.data?.buildings ?? []).flatMap((b) =>
    b.buildingId && !listed.some((l) => l.id === b.buildingId)
      ? [{ id: b.buildingId, name: b.buildingName ?? b.buildingId }]
      : [],
  );
  const boxes = [
    ...[...listed, ...unlisted].sort(byName).map((b) => ({ id: b.id, name: b.name })),
    { id: null, name: t('orders.plan.elsewhere') },
  ];
  const open = (buildingId: string | null) =>
    navigate(`/orders?compoundId=${compoundId}&open=true${buildingId ? `&buildingId=${buildingId}` : ''}`);

  return (
    <section aria-labelledby="page-title">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.orderPlan')}
        </Typography.Title>
        <Space wrap>
          <label htmlFor="plan-compound">{t('orders.col.compound')}</label>
          <Select
            id="plan-compound"
            style={{ minWidth: 200 }}
            value={compoundId ?? undefined}
            onChange={(v: string) => setPicked(v)}
            options={compounds.options}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Space>
      </div>
      <Typography.Paragraph>{t('orders.plan.intro')}</Typography.Paragraph>
      <LoadError error={buildings.error ?? plan.error} />
      {(buildings.isPending || plan.isPending) && compoundId ? (
        <Spin />
      ) : (
        <ul className="plan" aria-label={t('orders.plan.label')}>
          {boxes.map((b) => {
            const c = tally(b.id);
            const level = c.overdue ? 'late' : c.open ? 'busy' : 'calm';
            return (
              <li key={b.id ?? 'elsewhere'}>
                <button
                  type="button"
                  className={`plan-box ${level}${b.id ? '' : ' elsewhere'}`}
                  onClick={() => open(b.id)}
                >
                  <span className="plan-name">{b.name}</span>
                  <span>{t('orders.plan.open', { count: c.open })}</span>
                  <span className="plan-late">
                    {c.overdue
                      ? `⚠ ${t('orders.plan.overdue', { count: c.overdue })}`
                      : t('orders.plan.noOverdue')}
                  </span>
                  {c.escalated > 0 && (
                    <span className="plan-escalated">
                      ↑ {t('orders.plan.escalated', { count: c.escalated })}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {!!plan.data?.grids.length && (
        <section aria-labelledby="plan-grids" className="plan-grids">
          <Typography.Title level={4} id="plan-grids">
            {t('orders.plan.byGrid')}
          </Typography.Title>
          <ul>
            {plan.data.grids.map((g) => (
              <li key={g.gridId ?? 'none'}>
                {t('orders.plan.gridLine', {
                  name: g.gridName ?? t('orders.plan.noGrid'),
                  open: g.open,
                  overdue: g.overdue,
                  escalated: g.escalated,
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
