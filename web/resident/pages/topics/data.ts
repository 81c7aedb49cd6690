import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, type Page } from '../../../shared/api';
import { useLiveEvents } from '../../../shared/live';
import type { Topic, TopicOptions } from '../../../shared/topics';

/** What the resident's topic pages fetch, and how they stay current. */

const pageSize = 20;

/** One page after another of a topic list, newest as the API sorts them. */
export function useTopicPages(key: readonly unknown[], path: string) {
  const list = useInfiniteQuery({
    queryKey: key,
    initialPageParam: 1,
    queryFn: ({ pageParam }) =>
      get<Page<Topic>>(`${path}${path.includes('?') ? '&' : '?'}page=${pageParam}&pageSize=${pageSize}`),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
  return { list, items: list.data?.pages.flatMap((p) => p.items) ?? [], total: list.data?.pages[0]?.total };
}

/** Categories and the places I may raise a topic in. */
export function useTopicOptions() {
  return useQuery({
    queryKey: ['topic-options'],
    queryFn: () => get<TopicOptions>('/me/topic-options'),
    staleTime: 5 * 60_000,
  });
}

/** Notification kinds that say a topic moved; the inbox stream carries them to the raiser. */
const topicNotifications = new Set(['topic_accepted', 'topic_declined', 'topic_decided', 'topic_done']);

/**
 * Refetches the queries under `keys` when the stream at `path` says a topic moved (a `topic` event,
 * or a notification about one), on every (re)connection, and — react-query's default — whenever the
 * phone comes back to the page. `/me/events` brings notifications about my own topics; a topic's own
 * stream (`/me/topics/:topicId/stream`) brings every change of it, neighbours' supports and comments
 * included.
 */
export function useTopicEvents(path: string, keys: readonly (readonly unknown[])[]) {
  const queryClient = useQueryClient();
  useLiveEvents(path, (event) => {
    const kind = (event.data as { kind?: string } | null)?.kind;
    const about =
      event.type === 'topic' ||
      event.type === 'ready' ||
      (event.type === 'notification' && !!kind && topicNotifications.has(kind));
    if (!about) return;
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  });
}
