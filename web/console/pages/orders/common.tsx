import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLiveEvents } from '../../../shared/live';
import { categoryName, type OrderCategory } from '../../../shared/orders';
import { useOptions, type Option } from '../organisations/kit';

/** What the console's order pages share: the pick lists of a community and the live stream. */

const named = (x: { id: string; name: string }): Option => ({ value: x.id, label: x.name });

/** The community's categories, compounds, grids and squads, as options for filters and forms. */
export function useOrderOptions(communityId: string | undefined) {
  const { i18n } = useTranslation();
  const base = communityId ? `/communities/${communityId}` : null;
  const categories = useOptions<OrderCategory>(base && `${base}/order-categories`, (c) => ({
    value: c.id,
    label: categoryName(c, i18n.language),
  }));
  const compounds = useOptions(base && `${base}/compounds`, named);
  const grids = useOptions(base && `${base}/grids`, named);
  const squads = useOptions(base && `${base}/squads`, named);
  return { categories, compounds, grids, squads };
}

/**
 * Keeps the console's order lists, details and figures fresh: any change of an order in the caller's
 * scope (and every reconnection, when events may have been missed) refetches them.
 */
export function useOrdersLive(communityId: string | undefined) {
  const queryClient = useQueryClient();
  useLiveEvents(communityId ? `/communities/${communityId}/orders/stream` : null, (event) => {
    if (event.type !== 'order' && event.type !== 'ready') return;
    void queryClient.invalidateQueries({
      predicate: ({ queryKey: [kind, path] }) =>
        (kind === 'list' && typeof path === 'string' && path.includes('/orders')) ||
        (typeof kind === 'string' && kind.startsWith('order-')),
    });
  });
}
