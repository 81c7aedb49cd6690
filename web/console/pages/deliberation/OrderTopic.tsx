import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText, post } from '../../../shared/api';
import type { Order } from '../../../shared/orders';
import { useCan } from '../organisations/kit';
import { delibKey, deliberationPath, type TopicDetail } from './model';

/**
 * 转为议题, in the order drawer: an order escalated as a 大事 becomes a topic for the residents'
 * meetings with one click, keeping the link both ways; once it has one, the drawer links to it.
 */
export function OrderTopic({
  order,
}: {
  order: Pick<Order, 'id' | 'communityId' | 'escalatedTo' | 'deliberationTopicId'>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canManage = useCan('deliberation.manage');
  const make = useMutation({
    mutationFn: () => post<TopicDetail>(`${deliberationPath(order.communityId)}/orders/${order.id}/topic`),
    onSuccess: () => {
      message.success(t('deliberation.fromOrder.done'));
      void queryClient.invalidateQueries({ queryKey: ['order-detail', order.id] });
      void queryClient.invalidateQueries({ queryKey: delibKey() });
    },
    onError: (err) => message.error(errorText(err, t)),
  });
  if (order.deliberationTopicId)
    return (
      <Space wrap>
        <span>{t('deliberation.fromOrder.has')}</span>
        <Link to={`/topics/${order.deliberationTopicId}`}>{t('deliberation.fromOrder.link')}</Link>
      </Space>
    );
  if (!order.escalatedTo || !canManage) return null;
  return (
    <Button loading={make.isPending} onClick={() => make.mutate()}>
      {t('deliberation.fromOrder.button')}
    </Button>
  );
}
