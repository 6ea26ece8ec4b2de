import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateGrantRequest, CreateUserRequest, GrantView, UpdateUserRequest, UserView } from '@meshwork/contracts';
import { api } from '@/lib/api-client';
import { meQuery } from '@/lib/auth';

export interface UserListParams {
  q?: string;
  limit: number;
  offset: number;
}

export const userKeys = {
  all: ['users'] as const,
  list: (params: UserListParams) => [...userKeys.all, 'list', params] as const,
};

export const useUsers = (params: UserListParams) =>
  useQuery({
    queryKey: userKeys.list(params),
    queryFn: ({ signal }) => api.get<{ items: UserView[]; total: number }>('/users', { ...params }, signal),
    // Paging and searching keep the old rows on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });

function useUserMutation<V, R>(mutationFn: (variables: V) => Promise<R>, { affectsMe = false } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
      // An admin may change their own grants, and with them their menu.
      if (affectsMe) await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
    },
  });
}

export const useCreateUser = () => useUserMutation((body: CreateUserRequest) => api.post<UserView>('/users', body));

export const useUpdateUser = () =>
  useUserMutation(({ id, ...body }: UpdateUserRequest & { id: number }) => api.patch<UserView>(`/users/${id}`, body));

export const useResetPassword = () =>
  useUserMutation(({ id, password }: { id: number; password: string }) => api.post<unknown>(`/users/${id}/password`, { password }));

// An empty object rather than no body: the route's schema refuses a missing one.
export const useUnlockUser = () => useUserMutation((id: number) => api.post<unknown>(`/users/${id}/unlock`, {}));

export const useAddGrant = () =>
  useUserMutation(({ userId, ...body }: CreateGrantRequest & { userId: number }) => api.post<GrantView>(`/users/${userId}/grants`, body), {
    affectsMe: true,
  });

export const useRemoveGrant = () => useUserMutation((grantId: number) => api.delete<unknown>(`/grants/${grantId}`), { affectsMe: true });
