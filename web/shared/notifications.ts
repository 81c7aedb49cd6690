import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, post } from './api';
import { useLiveEvents } from './live';

/** One notification, as GET /me/notifications lists it (src/modules/notifications). */
export interface AppNotification {
  id: string;
  communityId: string;
  kind: string;
  params: Record<string, string | number>;
  text: string;
  link: string | null;
  createdAt: number;
  readAt: number | null;
}

interface Inbox {
  items: AppNotification[];
  total: number;
  page: number;
  pageSize: number;
  unread: number;
}

const key = ['notifications'] as const;
const pageSize = 20;

/**
 * Keeps every notification query fresh while mounted: a new notification, some read in another tab,
 * or a reconnected stream (events may have been missed) refetches. Mount it once per shell.
 */
export function useLiveNotifications(): void {
  const queryClient = useQueryClient();
  useLiveEvents('/me/events', (event) => {
    if (event.type === 'notification' || event.type === 'notifications.read' || event.type === 'ready')
      void queryClient.invalidateQueries({ queryKey: key });
  });
}

/** My inbox, newest first, page by page, with the unread count; and the actions on it. */
export function useNotifications() {
  const queryClient = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: key,
    initialPageParam: 1,
    queryFn: ({ pageParam }) => get<Inbox>(`/me/notifications?page=${pageParam}&pageSize=${pageSize}`),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const markRead = useMutation({
    mutationFn: (id: string) => post<AppNotification>(`/me/notifications/${id}/read`),
    onSuccess: refresh,
  });
  const markAllRead = useMutation({
    mutationFn: () => post<{ updated: number }>('/me/notifications/read-all'),
    onSuccess: refresh,
  });
  const pages = list.data?.pages ?? [];
  return {
    list,
    items: pages.flatMap((p) => p.items),
    unread: pages[0]?.unread ?? 0,
    markRead,
    markAllRead,
  };
}

/** The text in the reader's current language: the page's own catalogue first, else the server's rendering. */
export function useNotificationText() {
  const { t } = useTranslation();
  return (n: AppNotification) => t(`notify.${n.kind}`, { ...n.params, defaultValue: n.text });
}
