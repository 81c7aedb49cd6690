import { Button, Selector } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { orderCategoryName } from '../../../shared/orders';
import { Loading } from '../../App';
import { useMySquads, useOrderEvents, type MySquad } from '../orders/data';
import { OrderList, useOrderPages } from '../orders/OrderList';
import { useGrab } from './grab';
import '../orders/orders.css';

type Tab = 'board' | 'mine';

/** My load in each community I serve in: open orders against its cap (已接 1 / 上限 3). */
function loadsOf(squads: readonly MySquad[]) {
  const byCommunity = new Map<string, MySquad>();
  for (const s of squads) if (!byCommunity.has(s.communityId)) byCommunity.set(s.communityId, s);
  return [...byCommunity.values()].map((s) => ({
    communityId: s.communityId,
    communityName: s.communityName,
    open: s.openOrders,
    cap: s.openCap,
    full: s.openOrders >= s.openCap,
  }));
}

/** 志愿服务: my squads' board to take orders from (抢单), and the orders I handle (我的任务), live. */
export default function TasksPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'board' ? 'board' : 'mine';
  const squads = useMySquads();
  const board = useOrderPages(['my-board'], '/me/board');
  const mine = useOrderPages(['my-tasks', 'open'], '/me/tasks?open=true');
  useOrderEvents('/me/board/stream', [['my-board'], ['my-tasks'], ['my-squads']]);
  const { grab, refusal, busy } = useGrab();
  const loads = loadsOf(squads.data ?? []);
  const full = (communityId: string) => loads.some((l) => l.communityId === communityId && l.full);
  // Wait for the squads line too: drawn late, it would push the rows down under a finger mid-tap.
  if (squads.isPending) return <Loading />;

  return (
    <div className="page">
      <h1 className="page-title">{t('tasks.title')}</h1>
      {!!squads.data?.length && (
        <p>{t('tasks.squads', { squads: squads.data.map((s) => s.squadName).join('、') })}</p>
      )}
      <div role="group" aria-label={t('tasks.show')}>
        <Selector
          columns={2}
          value={[tab]}
          onChange={(v) => v[0] && setParams({ tab: v[0] }, { replace: true })}
          options={[
            { value: 'mine', label: t('tasks.mine', { count: mine.total ?? 0 }) },
            { value: 'board', label: t('tasks.board', { count: board.total ?? 0 }) },
          ]}
        />
      </div>
      {tab === 'board' ? (
        <>
          <section className="load-card" aria-label={t('tasks.loadLabel')}>
            {loads.map((l) => (
              <p key={l.communityId} className="load-line">
                {loads.length > 1 && <span>{l.communityName} · </span>}
                <strong>{t('tasks.load', { open: l.open, cap: l.cap })}</strong>
              </p>
            ))}
            <p className="hint">{t('tasks.cap')}</p>
            {loads.some((l) => l.full) && (
              <p className="load-full" role="status">
                <span aria-hidden>⚠ </span>
                {t('tasks.full')}
              </p>
            )}
          </section>
          {refusal && (
            <p className="form-error" role="alert">
              {refusal}
            </p>
          )}
          {board.list.isPending ? (
            <Loading />
          ) : (
            <OrderList
              pages={board}
              label={t('tasks.boardTitle')}
              empty={t('tasks.boardEmpty')}
              onOpen={(o) => navigate(`/tasks/${o.id}`)}
              extra={(o) => (
                <Button
                  block
                  color="primary"
                  size="large"
                  className="grab-button"
                  aria-label={t('tasks.grabOne', { what: orderCategoryName(o, i18n.language) })}
                  loading={busy === o.id}
                  disabled={busy !== null || full(o.communityId)}
                  onClick={() => void grab(o)}
                >
                  {t('tasks.grab')}
                </Button>
              )}
            />
          )}
        </>
      ) : mine.list.isPending ? (
        <Loading />
      ) : (
        <OrderList
          pages={mine}
          label={t('tasks.mineTitle')}
          empty={t('tasks.mineEmpty')}
          onOpen={(o) => navigate(`/tasks/${o.id}`)}
        />
      )}
    </div>
  );
}
