import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordRequest, LoginRequest, Me, Meta } from '@meshwork/contracts';
import { api } from '@/lib/api-client';
import { meQuery, switchSession } from '@/lib/auth';

export const metaQuery = queryOptions({
  queryKey: ['meta'],
  queryFn: () => api.get<Meta>('/meta'),
  staleTime: Infinity,
});

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => api.post<Me>('/auth/login', body),
    // Whatever was cached belonged to whoever used this browser before.
    onSuccess: (me) => switchSession(queryClient, me),
    meta: { handlesErrors: true },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<unknown>('/auth/logout'),
    onSettled: () => switchSession(queryClient, null),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordRequest) => api.post<unknown>('/auth/password', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQuery.queryKey }),
    meta: { handlesErrors: true },
  });
}
