import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '@/lib/api-client';
import { meQuery, switchSession } from '@/lib/auth';
import { showError } from '@/lib/feedback';

/**
 * One place decides what a failed request means: an expired session signs the user out (the route
 * guard then shows the login page), a required password change shows its dialog; anything else
 * is shown unless the caller shows it itself.
 */
export function createQueryClient(): QueryClient {
  const onError = (error: unknown, handlesErrors: boolean | undefined) => {
    if (isApiError(error, 'UNAUTHENTICATED')) {
      switchSession(client, null);
      return;
    }
    // The server serves nothing else until a reset password is replaced; refreshing the user
    // brings up the (undismissable) change-password dialog, which says so itself.
    if (isApiError(error, 'PASSWORD_CHANGE_REQUIRED')) {
      void client.invalidateQueries({ queryKey: meQuery.queryKey });
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
