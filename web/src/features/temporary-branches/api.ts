import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateTemporaryBranchRequest,
  TemporaryBranchCandidate,
  TemporaryBranchDetail,
  TemporaryBranchesPage,
  TemporaryBranchesQuery,
  TemporaryBranchParent,
} from '@meshwork/contracts';
import { api } from '@/lib/api-client';

export type BranchListParams = Partial<Omit<TemporaryBranchesQuery, 'limit' | 'offset'>> & { limit: number; offset: number };

export const temporaryBranchKeys = {
  all: ['temporary-branches'] as const,
  list: (params: BranchListParams) => [...temporaryBranchKeys.all, 'list', params] as const,
  detail: (id: number) => [...temporaryBranchKeys.all, 'detail', id] as const,
  candidates: (id: number) => [...temporaryBranchKeys.all, 'candidates', id] as const,
  parents: ['temporary-branches', 'parents'] as const,
};

export const useTemporaryBranches = (params: BranchListParams) =>
  useQuery({
    queryKey: temporaryBranchKeys.list(params),
    queryFn: ({ signal }) => api.get<TemporaryBranchesPage>('/temporary-branches', { ...params }, signal),
    placeholderData: keepPreviousData,
  });

export const useTemporaryBranch = (id: number | undefined) =>
  useQuery({
    queryKey: temporaryBranchKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api.get<TemporaryBranchDetail>(`/temporary-branches/${id}`, undefined, signal),
    enabled: id !== undefined,
  });

/** Party orgs of the user's area that a branch may be set up under. */
export const useBranchParents = (enabled: boolean) =>
  useQuery({
    queryKey: temporaryBranchKeys.parents,
    queryFn: ({ signal }) => api.get<TemporaryBranchParent[]>('/temporary-branches/parents', undefined, signal),
    enabled,
  });

export const useBranchCandidates = (id: number | undefined) =>
  useQuery({
    queryKey: temporaryBranchKeys.candidates(id ?? 0),
    queryFn: ({ signal }) => api.get<TemporaryBranchCandidate[]>(`/temporary-branches/${id}/candidates`, undefined, signal),
    enabled: id !== undefined,
  });

/** Every change refreshes the list, the open detail and its candidates alike. */
function useBranchMutation<V>(mutationFn: (variables: V) => Promise<TemporaryBranchDetail>, meta?: { handlesErrors?: boolean }) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, meta, onSuccess: () => queryClient.invalidateQueries({ queryKey: temporaryBranchKeys.all }) });
}

/** The drawer shows the server's refusal in place. */
export const useSetUpBranch = () =>
  useBranchMutation((body: CreateTemporaryBranchRequest) => api.post<TemporaryBranchDetail>('/temporary-branches', body), { handlesErrors: true });

export const useAddBranchMembers = () =>
  useBranchMutation(({ id, enrolmentIds }: { id: number; enrolmentIds: number[] }) =>
    api.post<TemporaryBranchDetail>(`/temporary-branches/${id}/members`, { enrolmentIds }),
  );

export const useRemoveBranchMember = () =>
  useBranchMutation(({ id, personId }: { id: number; personId: number }) => api.delete<TemporaryBranchDetail>(`/temporary-branches/${id}/members/${personId}`));

export const useNameSecretary = () =>
  useBranchMutation(({ id, personId }: { id: number; personId: number }) => api.post<TemporaryBranchDetail>(`/temporary-branches/${id}/secretary`, { personId }));

export const useDissolveBranch = () =>
  useBranchMutation(({ id, reason }: { id: number; reason: string }) => api.post<TemporaryBranchDetail>(`/temporary-branches/${id}/dissolve`, { reason }));
