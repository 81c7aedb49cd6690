import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, type Page } from '../../../shared/api';
import { useLiveEvents } from '../../../shared/live';

/** What the notice and rectification pages fetch, and how they stay current. */

const pageSize = 20;

/** Query keys: lists and counts under these two, so one invalidation refreshes them all. */
export const noticeKeys = { all: ['notices'] as const, unread: ['notices', 'unread'] as const };
export const rectificationKeys = { all: ['rectifications'] as const };

/** One page after another of a list at `path`, in the order the API gives. */
export function usePages<T>(key: readonly unknown[], path: string) {
  const list = useInfiniteQuery({
    queryKey: key,
    initialPageParam: 1,
    queryFn: ({ pageParam }) =>
      get<Page<T>>(`${path}${path.includes('?') ? '&' : '?'}page=${pageParam}&pageSize=${pageSize}`),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
  return { list, items: list.data?.pages.flatMap((p) => p.items) ?? [], total: list.data?.pages[0]?.total };
}

/** How many notices to my households I have not opened: the badge on the home page. */
export function useUnreadNotices() {
  return useQuery({
    queryKey: noticeKeys.unread,
    queryFn: () => get<{ count: number }>('/me/notices/unread-count'),
  });
}

const noticeKinds = new Set(['notice_published']);
const rectificationKinds = new Set(['rectification_issued', 'rectification_due']);

/**
 * Refetches the notice and rectification lists when my event stream brings a notification about a
 * new one, and on every (re)connection, since events may have been missed meanwhile.
 */
export function useNoticeEvents() {
  const queryClient = useQueryClient();
  useLiveEvents('/me/events', (event) => {
    const kind = (event.data as { kind?: string } | null)?.kind ?? '';
    const ready = event.type === 'ready';
    const notification = event.type === 'notification';
    if (ready || (notification && noticeKinds.has(kind)))
      void queryClient.invalidateQueries({ queryKey: noticeKeys.all });
    if (ready || (notification && rectificationKinds.has(kind)))
      void queryClient.invalidateQueries({ queryKey: rectificationKeys.all });
  });
}
