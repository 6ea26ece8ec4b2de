import { hashKey, queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { Me, Permission } from '@meshwork/contracts';
import { api, isApiError } from './api-client';

/**
 * The signed-in user is shared state: the shell builds its menu from it and every feature asks it
 * what the user may do. `null` means signed out; the query never fails on 401.
 */
export const meQuery = queryOptions({
  queryKey: ['auth', 'me'],
  queryFn: async (): Promise<Me | null> => {
    try {
      return await api.get<Me>('/auth/me');
    } catch (error) {
      if (isApiError(error) && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 5 * 60 * 1000,
});

export const useMe = () => useQuery(meQuery);

/** The user of a page behind the sign-in guard, where a session is known to exist. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside the signed-in routes');
  return data;
}

export function useCan(): (permission: Permission) => boolean {
  const { data } = useMe();
  return (permission) => data?.permissions.includes(permission) ?? false;
}

/** Platform grants (三员) carry neither a region nor an org. */
export const hasPlatformRole = (me: Me, role: Me['grants'][number]['role']) => me.grants.some((g) => g.role === role);

/**
 * Switches the cache to another session (signed in, out, or expired). The user is set first, so
 * the route guard reacts before anything below it renders; then everything cached for the
 * previous session goes. (`queryClient.clear()` would orphan the mounted observers of `me`.)
 */
export function switchSession(queryClient: QueryClient, me: Me | null) {
  queryClient.setQueryData(meQuery.queryKey, me);
  const keep = hashKey(meQuery.queryKey);
  queryClient.removeQueries({ predicate: (query) => query.queryHash !== keep });
}
