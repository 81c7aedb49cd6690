import { useQueryClient } from '@tanstack/react-query';
import { Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText, post } from '../../../shared/api';
import type { Order, OrderDetail } from '../../../shared/orders';

/** Takes an order from the board (抢单); the first member wins, within the cap of open orders. */
export function useGrab() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  async function grab(order: Pick<Order, 'id'>) {
    setRefusal(null);
    setBusy(order.id);
    try {
      const taken = await post<OrderDetail>(`/me/board/${order.id}/grab`);
      queryClient.setQueryData(['my-task', taken.id], taken);
      await queryClient.invalidateQueries({ queryKey: ['my-board'] });
      await queryClient.invalidateQueries({ queryKey: ['my-tasks'] });
      await queryClient.invalidateQueries({ queryKey: ['my-squads'] });
      Toast.show({ content: t('tasks.grabbed') });
      navigate(`/tasks/${taken.id}`);
    } catch (err) {
      // Someone was faster, or my hands are full: say so in the server's words, and refresh the board.
      setRefusal(errorText(err, t));
      await queryClient.invalidateQueries({ queryKey: ['my-board'] });
      await queryClient.invalidateQueries({ queryKey: ['my-squads'] });
    } finally {
      setBusy(null);
    }
  }
  return { grab, refusal, busy };
}
