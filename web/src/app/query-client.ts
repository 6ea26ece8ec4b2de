import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '@/lib/api-client';
import { meQuery } from '@/lib/auth';
import { showError } from '@/lib/feedback';

/**
 * One place decides what a failed request means: an expired session signs the user out (the route
 * guard then shows the login page); anything else is shown unless the caller shows it itself.
 */
export function createQueryClient(): QueryClient {
  const onError = (error: unknown, handlesErrors: boolean | undefined) => {
    if (isApiError(error, 'UNAUTHENTICATED')) {
      client.setQueryData(meQuery.queryKey, null);
      return;
    }
    if (!handlesErrors) showError(error);
  };

  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => onError(error, query.meta?.handlesErrors) }),
    mutationCache: new MutationCache({ onError: (error, _vars, _ctx, mutation) => onError(error, mutation.meta?.handlesErrors) }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not get better by asking again.
        retry: (failures, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && failures < 2,
      },
    },
  });
  return client;
}
