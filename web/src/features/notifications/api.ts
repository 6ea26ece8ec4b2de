import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationsPage } from '@meshwork/contracts';
import { api } from '@/lib/api-client';

export const notificationKeys = {
  all: ['notifications'] as const,
  page: (limit: number) => ['notifications', limit] as const,
};

/**
 * The signed-in person's notifications, newest first, polled so that the unread count moves
 * without a reload. An account acting for no person is refused; the bell then stays away.
 */
export const useNotifications = (limit: number) =>
  useQuery({
    queryKey: notificationKeys.page(limit),
    queryFn: ({ signal }) => api.get<NotificationsPage>('/me/notifications', { limit, offset: 0 }, signal),
    refetchInterval: (query) => (query.state.status === 'error' ? false : 60_000),
    placeholderData: keepPreviousData,
    meta: { handlesErrors: true },
  });

/** Marks these (or, without ids, all) as read. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids?: number[]) => api.post<{ updated: number }>('/me/notifications/read', ids ? { ids } : {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
